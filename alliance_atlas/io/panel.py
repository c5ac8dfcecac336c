"""Any dyad-year panel: two state columns and a year per row (the COW dyadic MID file, ATOP, or an
analyst's own), with obligation flags or one type for every row, and split start and end dates
(day, month and year columns) where the table has them."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from alliance_atlas.io.cow_codes import network_through_year, numeric_columns
from alliance_atlas.io.dates import check_years, from_parts
from alliance_atlas.io.dyad_years import dyad_ties, network_from_dyad_years
from alliance_atlas.io.errors import LoadError
from alliance_atlas.io.limits import found_columns
from alliance_atlas.io.reading import line_of, require_columns
from alliance_atlas.model import TemporalNetwork

#: The two state columns, under the names the field's files use.
STATE_PAIRS = (("statea", "stateb"), ("ccode1", "ccode2"), ("state_a", "state_b"), ("state1", "state2"),
               ("country1", "country2"), ("country_a", "country_b"), ("ccodea", "ccodeb"), ("source", "target"))
#: Obligation-like flag columns and the type each becomes.
FLAGS = {"defense": "defense", "offense": "offense", "neutral": "neutrality", "neutrality": "neutrality",
         "nonagg": "nonaggression", "nonaggression": "nonaggression", "consul": "consultation",
         "consultation": "consultation", "entente": "entente"}
#: Split dates as (year, month, day) columns: the start's spellings, then the end's.
START_PARTS = (("strtyr", "strtmnth", "strtday"), ("styear", "stmon", "stday"))
END_PARTS = (("endyear", "endmnth", "endday"), ("endyear", "endmon", "endday"))
#: Every column name this loader may read.
COLUMNS_READ = frozenset({*(c for pair in STATE_PAIRS for c in pair), "year", *FLAGS,
                          *(c for parts in (*START_PARTS, *END_PARTS) for c in parts)})


def state_pair(columns) -> tuple[str, str] | None:
    """The first pair of state columns a header has.

    >>> state_pair(["disno", "statea", "namea", "stateb", "year"]), state_pair(["a", "b"])
    (('statea', 'stateb'), None)
    """
    names = set(columns)
    return next((pair for pair in STATE_PAIRS if set(pair) <= names), None)


def date_parts(columns, spellings) -> tuple[str, str, str] | None:
    """The first (year, month, day) spelling whose year column the header has."""
    names = set(columns)
    return next((parts for parts in spellings if parts[0] in names), None)


def is_panel(columns) -> bool:
    """Whether a header describes a dyad-year panel: two state columns, and a year or split start dates.

    >>> is_panel(["statea", "stateb", "strtyr", "endyear", "year"]), is_panel(["source", "target", "start"])
    (True, False)
    """
    return state_pair(columns) is not None and ("year" in columns or date_parts(columns, START_PARTS) is not None)


def type_for(name: str, kind: str | None) -> tuple[str, tuple[str, ...]]:
    """The type of every tie of a panel without flags: ``kind``, else the file's name, with a warning.

    >>> type_for("dyadic_mid_4.02.csv", None)
    ('dyadic_mid_4_02', ("no --type given: every tie is typed 'dyadic_mid_4_02', after the file's name",))
    """
    if kind:
        return re.sub(r"[^a-z0-9]+", "_", kind.lower()).strip("_") or "tie", ()
    stem = re.sub(r"[^a-z0-9]+", "_", Path(name).name.lower().removesuffix(".gz").rsplit(".", 1)[0]).strip("_") or "tie"
    return stem, (f"no --type given: every tie is typed {stem!r}, after the file's name",)


def from_table(table: pd.DataFrame, name: str, kind: str | None = None) -> TemporalNetwork:
    """A network from a dyad-year panel. Split start and end dates win over the year: each row's tie
    runs from its start to its end, and the yearly rows of one episode collapse into one tie; without
    them, consecutive years of a pair and type make one tie."""
    states = state_pair(table.columns)
    if states is None:
        raise LoadError(f"{name} has no pair of state columns ({', '.join('/'.join(p) for p in STATE_PAIRS[:4])} …); "
                        f"found: {found_columns(table)}")
    flags = {column: kind_of for column, kind_of in FLAGS.items() if column in table.columns}
    tie_kind, warnings = (None, ()) if flags else type_for(name, kind)
    start_parts = date_parts(table.columns, START_PARTS)
    if start_parts is None:
        return network_from_dyad_years(table, name, layout="a dyad-year panel", states=states, obligations=flags,
                                       label=tie_kind or "panel tie", citation="", source_format="panel",
                                       kind=tie_kind, warnings=warnings)
    return _episodes(table, name, states, flags, tie_kind, start_parts, date_parts(table.columns, END_PARTS), warnings)


def _episodes(table, name, states, flags, kind, start_parts, end_parts, warnings) -> TemporalNetwork:
    """One tie per row from split dates (-9, 0 or blank: day or month unknown), repeated rows as one."""
    require_columns(table, (*states, start_parts[0]), name, "a panel with split start dates")
    present = [c for c in (*start_parts, *(end_parts or ())) if c in table.columns]
    numbers = numeric_columns(table, present, name, optional=present)
    missing = np.full(len(table), np.nan)

    def part(column: str) -> np.ndarray:
        values = numbers.get(column, missing)
        return np.where(values > 0, values, np.nan)  # -9 and 0 mean "unknown" in COW's files

    start_year, end_year = part(start_parts[0]), part(end_parts[0]) if end_parts else missing
    for column, years in ((start_parts[0], start_year), (end_parts[0] if end_parts else "", end_year)):
        check_years(years, column, name)
    start = from_parts(start_year, part(start_parts[1]), part(start_parts[2]))
    end_month, end_day = (part(end_parts[1]), part(end_parts[2])) if end_parts else (missing, missing)
    last = from_parts(end_year, end_month, end_day)
    # an end known to the day runs through that day; to the month or year, through its last day
    end = np.where(~np.isnan(end_day), last + 1,
                   np.where(~np.isnan(end_month), (last.astype("datetime64[M]") + 1).astype("datetime64[D]"),
                            (last.astype("datetime64[Y]") + 1).astype("datetime64[D]")))
    end = np.where(np.isnan(end_year), np.datetime64("NaT"), end)
    if (bad := np.isnat(start)).any():
        raise LoadError(f"{name}, line {line_of(np.flatnonzero(bad)[0])}, column {start_parts[0]}: no valid start date")
    if (backwards := ~np.isnat(end) & (end <= start)).any():
        raise LoadError(f"{name}, line {line_of(np.flatnonzero(backwards)[0])}: the tie ends before it starts")
    ties = dyad_ties(table, name, states, flags, kind)
    edges = pd.DataFrame({"source": ties.low, "target": ties.high, "type": ties.types, "start": start[ties.rows],
                          "end": end[ties.rows], "label": kind or "panel tie"}).drop_duplicates()
    known = np.concatenate([start_year, end_year])
    day_precise = bool((~np.isnan(part(start_parts[2]))).any())
    return network_through_year(edges, name, int(np.nanmax(known)), (*ties.warnings, *warnings), citation="",
                                precision="day" if day_precise else "year", source_format="panel")

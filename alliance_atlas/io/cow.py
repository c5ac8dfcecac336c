"""Correlates of War Formal Alliances v4.1: the dyad file and the dyad-yearly file."""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from alliance_atlas.io.cow_codes import ids_for_codes, network_through_year, numeric_columns
from alliance_atlas.io.dates import check_years, from_parts
from alliance_atlas.io.dyad_years import network_from_dyad_years
from alliance_atlas.io.errors import LoadError
from alliance_atlas.io.obligations import obligation_ties
from alliance_atlas.io.reading import line_of, require_columns
from alliance_atlas.model import TemporalNetwork

CITATION = (
    "Gibler, Douglas M. 2009. International Military Alliances, 1648-2008. CQ Press. "
    "Correlates of War Formal Alliances v4.1, https://correlatesofwar.org/data-sets/formal-alliances/"
)
#: COW's obligation flags and the type each becomes.
OBLIGATIONS = {"defense": "defense", "neutrality": "neutrality", "nonaggression": "nonaggression", "entente": "entente"}
STATES = ("ccode1", "ccode2")
DYAD_COLUMNS = (*STATES, "dyad_st_year", *OBLIGATIONS)
DATE_PARTS = ("dyad_st_day", "dyad_st_month", "dyad_end_day", "dyad_end_month", "dyad_end_year")
#: Every column name this loader may read.
COLUMNS_READ = frozenset({*DYAD_COLUMNS, *DATE_PARTS, "right_censor", "version4id", "year"})


def from_table(table: pd.DataFrame, name: str) -> TemporalNetwork:
    """The dyad file when the table has no ``year`` column, the dyad-yearly file when it has one."""
    return from_dyad_years(table, name) if "year" in table.columns else from_dyads(table, name)


def _alliance_label(table: pd.DataFrame, rows: np.ndarray) -> np.ndarray | str:
    """"COW alliance 3" per row from ``version4id`` (read as 3.0 when the column has blanks); a blank
    id gives the generic label. One format per distinct id, not per row."""
    if "version4id" not in table.columns:
        return "COW formal alliance"
    ids = table["version4id"].iloc[rows]
    return ids.map({value: _alliance_name(value) for value in pd.unique(ids)}).to_numpy(dtype=object)


def _alliance_name(version_id) -> str:
    if pd.isna(version_id) or str(version_id).strip() == "":
        return "COW formal alliance"
    if isinstance(version_id, float) and version_id.is_integer():
        return f"COW alliance {int(version_id)}"
    return f"COW alliance {str(version_id).strip()}"


def from_dyads(table: pd.DataFrame, name: str) -> TemporalNetwork:
    """One edge per dyad row and obligation, with day-precise dates.

    The end date is the last day in force, so the interval ends the day after. Right-censored
    dyads (``right_censor`` = 1, or no end year) are open-ended.
    """
    require_columns(table, DYAD_COLUMNS, name, "COW alliance dyad data")
    present_parts = tuple(c for c in (*DATE_PARTS, "right_censor") if c in table.columns)
    # the published file leaves a flag blank where the alliance lacks that obligation
    numbers = numeric_columns(table, (*DYAD_COLUMNS, *present_parts), name, optional=(*present_parts, *OBLIGATIONS))
    for column in ("dyad_st_year", "dyad_end_year"):
        if column in numbers:
            check_years(numbers[column], column, name)
    ties = obligation_ties(numbers, numbers[STATES[0]] == numbers[STATES[1]], OBLIGATIONS, name)
    missing = np.full(len(table), np.nan)
    start = from_parts(numbers["dyad_st_year"], numbers.get("dyad_st_month", missing), numbers.get("dyad_st_day", missing))
    end_year = numbers.get("dyad_end_year", missing)
    last_day = from_parts(end_year, numbers.get("dyad_end_month", missing), numbers.get("dyad_end_day", missing))
    open_ended = np.isnan(end_year) | (numbers.get("right_censor", np.zeros(len(table))) == 1)
    bad = np.isnat(start) | (~open_ended & np.isnat(last_day))
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        raise LoadError(f"{name}, line {line_of(position)}: the dyad's start or end date is not a valid date")
    end = np.where(open_ended, np.datetime64("NaT"), last_day + 1)
    warnings = ties.warnings
    if (backwards := ~open_ended & (end <= start)).any():
        # COW's unification rows (Yemen Arab Republic-Yemen, 1990-05-22 to 1990-05-21) end the day
        # before they start: alliances that never were in force, not a broken file
        first = int(np.flatnonzero(backwards)[0])
        warnings = (*warnings, f"{int(backwards.sum())} dyad row(s) end before they start and were left out "
                    f"(the first: line {line_of(first)}, COW codes {int(numbers['ccode1'][first])} and "
                    f"{int(numbers['ccode2'][first])}, {start[first]} to {last_day[first]})")
        ties = ties.without(backwards)._replace(warnings=warnings)
        if not len(ties.rows):
            raise LoadError(f"{name}: every dyad ends before it starts, so there is no alliance to show")
    # the file lists each pair both ways (A→B and B→A): one tie per unordered pair
    a, b = np.minimum(numbers["ccode1"], numbers["ccode2"]), np.maximum(numbers["ccode1"], numbers["ccode2"])
    ids = ids_for_codes(np.concatenate([a, b]), name)
    edges = pd.DataFrame(
        {
            "source": pd.Series(a[ties.rows]).map(ids),
            "target": pd.Series(b[ties.rows]).map(ids),
            "start": start[ties.rows],
            "end": end[ties.rows],
            "type": ties.types,
            "label": _alliance_label(table, ties.rows),
            "citation": CITATION,
        }
    ).drop_duplicates(["source", "target", "start", "end", "type", "label"])
    if (one_day := int((edges["end"] - edges["start"] == np.timedelta64(1, "D")).sum())):
        # e.g. the alliances of states that merged the day they formed (the German and Yemeni unifications)
        warnings = (*warnings, f"{one_day} tie(s) in force for one day only")
    last_year = int(np.nanmax(np.concatenate([numbers["dyad_st_year"], end_year])))
    return network_through_year(edges, name, last_year, warnings, citation=CITATION, precision="day",
                                source_format="cow")


def from_dyad_years(table: pd.DataFrame, name: str) -> TemporalNetwork:
    """One edge per pair, obligation, alliance and run of consecutive years (1 January to 1 January)."""
    return network_from_dyad_years(
        table,
        name,
        layout="COW alliance dyad-yearly data",
        states=STATES,
        obligations=OBLIGATIONS,
        label=partial(_alliance_label, table),
        citation=CITATION,
        source_format="cow",
        # The dyad-yearly file is the dyad file with one row per year, so it needs the dyad file's columns too.
        required=("dyad_st_year",),
    )

"""Correlates of War Formal Alliances v4.1: the dyad file and the dyad-yearly file."""

from __future__ import annotations

import numpy as np
import pandas as pd

from alliance_atlas.io.cow_codes import ids_for_codes, numeric_columns
from alliance_atlas.io.dates import from_parts
from alliance_atlas.io.dyad_years import year_runs
from alliance_atlas.io.errors import LoadError
from alliance_atlas.io.reading import line_of, require_columns
from alliance_atlas.model import TemporalNetwork

CITATION = (
    "Gibler, Douglas M. 2009. International Military Alliances, 1648-2008. CQ Press. "
    "Correlates of War Formal Alliances v4.1, https://correlatesofwar.org/data-sets/formal-alliances/"
)
#: COW's obligation flags and the type each becomes.
OBLIGATIONS = {"defense": "defense", "neutrality": "neutrality", "nonaggression": "nonaggression", "entente": "entente"}
DYAD_COLUMNS = ("ccode1", "ccode2", "dyad_st_year", *OBLIGATIONS)
DATE_PARTS = ("dyad_st_day", "dyad_st_month", "dyad_end_day", "dyad_end_month", "dyad_end_year")


def from_table(table: pd.DataFrame, name: str) -> TemporalNetwork:
    """The dyad file when the table has no ``year`` column, the dyad-yearly file when it has one."""
    return from_dyad_years(table, name) if "year" in table.columns else from_dyads(table, name)


def _obligations(table: pd.DataFrame, name: str, extra=(), optional=()):
    numbers = numeric_columns(table, (*DYAD_COLUMNS, *extra), name, optional=optional)
    flags = np.column_stack([numbers[c] for c in OBLIGATIONS]) > 0
    a, b = numbers["ccode1"], numbers["ccode2"]
    warnings = []
    if (dropped := int((~flags.any(axis=1)).sum())):
        warnings.append(f"{dropped} row(s) with no obligation dropped")
    if (loops := int((a == b).sum())):
        warnings.append(f"{loops} row(s) pairing a state with itself dropped")
    rows, obligation = np.nonzero(flags & (a != b)[:, None])
    return numbers, rows, np.array(list(OBLIGATIONS.values()))[obligation], warnings


def _alliance_label(table: pd.DataFrame, rows: np.ndarray) -> np.ndarray | str:
    if "version4id" not in table.columns:
        return "COW formal alliance"
    return "COW alliance " + table["version4id"].astype(str).to_numpy()[rows].astype(object)


def from_dyads(table: pd.DataFrame, name: str) -> TemporalNetwork:
    """One edge per dyad row and obligation, with day-precise dates.

    The end date is the last day in force, so the interval ends the day after. Right-censored
    dyads (``right_censor`` = 1, or no end year) are open-ended.
    """
    require_columns(table, DYAD_COLUMNS, name, "COW alliance dyad data")
    present_parts = tuple(c for c in (*DATE_PARTS, "right_censor") if c in table.columns)
    numbers, rows, types, warnings = _obligations(table, name, present_parts, optional=present_parts)
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
    if (backwards := ~open_ended & (end <= start)).any():
        position = int(np.flatnonzero(backwards)[0])
        raise LoadError(f"{name}, line {line_of(position)}: the dyad ends before it starts")
    a, b = numbers["ccode1"], numbers["ccode2"]
    ids = ids_for_codes(np.concatenate([a, b]), name)
    edges = pd.DataFrame(
        {
            "source": pd.Series(a[rows]).map(ids),
            "target": pd.Series(b[rows]).map(ids),
            "start": start[rows],
            "end": end[rows],
            "type": types,
            "label": _alliance_label(table, rows),
            "citation": CITATION,
        }
    ).drop_duplicates(["source", "target", "start", "end", "type", "label"])
    last_year = int(np.nanmax(np.concatenate([numbers["dyad_st_year"], end_year])))
    return TemporalNetwork(
        edges,
        name=name,
        citation=CITATION,
        precision="day",
        observed_until=np.datetime64(f"{last_year}-12-31"),
        warnings=tuple(warnings),
        source_format="cow",
    )


def from_dyad_years(table: pd.DataFrame, name: str) -> TemporalNetwork:
    """One edge per pair, obligation, alliance and run of consecutive years (1 January to 1 January)."""
    require_columns(table, (*DYAD_COLUMNS, "year"), name, "COW alliance dyad-yearly data")
    numbers, rows, types, warnings = _obligations(table, name, ("year",))
    a, b = numbers["ccode1"], numbers["ccode2"]
    long = pd.DataFrame(
        {
            "low": np.minimum(a, b)[rows],
            "high": np.maximum(a, b)[rows],
            "type": types,
            "label": _alliance_label(table, rows),
            "year": numbers["year"][rows],
        }
    )
    last_year = int(numbers["year"].max())
    runs = year_runs(long, ["low", "high", "type", "label"], last_year=last_year)
    ids = ids_for_codes(np.concatenate([a, b]), name)
    edges = runs.assign(source=runs["low"].map(ids), target=runs["high"].map(ids), citation=CITATION)
    return TemporalNetwork(
        edges,
        name=name,
        citation=CITATION,
        precision="year",
        observed_until=np.datetime64(f"{last_year}-12-31"),
        warnings=tuple(warnings),
        source_format="cow",
    )

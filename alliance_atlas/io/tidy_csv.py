"""Tidy CSV of ties: one row per tie with source, target, start, end and type."""

from __future__ import annotations

import numpy as np
import pandas as pd

from alliance_atlas.io.dates import parse_column
from alliance_atlas.io.errors import LoadError
from alliance_atlas.io.limits import quoted
from alliance_atlas.io.reading import distinct_text, line_of, require_columns
from alliance_atlas.io.states import resolve_countries
from alliance_atlas.model import TemporalNetwork

#: Column names recognised for each standard column, first match wins.
SYNONYMS = {
    "source": ("source", "from", "country_a", "country1", "state_a", "statea", "side_a", "ccode1", "node1", "a"),
    "target": ("target", "to", "country_b", "country2", "state_b", "stateb", "side_b", "ccode2", "node2", "b"),
    "start": ("start", "begin", "start_date", "from_date", "since", "start_year", "begin_year", "year", "date"),
    "end": ("end", "until", "end_date", "to_date", "end_year", "stop"),
    "type": ("type", "kind", "relation", "relationship", "tie_type", "alliance_type"),
    "weight": ("weight", "strength", "value"),
    "label": ("label", "treaty", "agreement", "name", "title"),
    "citation": ("citation", "source_url", "url", "reference", "ref"),
    "evidence": ("evidence", "quote"),
    "note": ("note", "notes", "comment", "comments"),
}
#: Columns that date a tie. "year" alone is not one of them: a table with a year and no end is a
#: dyad-year panel (one row per pair and year), which read as ties would never end.
DATE_COLUMNS = frozenset(SYNONYMS["start"] + SYNONYMS["end"]) - {"year"}
#: Every column name this loader may read.
COLUMNS_READ = frozenset(SYNONYMS) | frozenset(name for names in SYNONYMS.values() for name in names)
#: Other spellings of the standard types.
TYPE_SYNONYMS = {
    "defence": "defense",
    "neutral": "neutrality",
    "nonagg": "nonaggression",
    "non_aggression": "nonaggression",
    "consul": "consultation",
    "strategic_partner": "strategic_partnership",
    "military": "military_cooperation",
    "military_co_operation": "military_cooperation",
    "diplomatic_relations": "diplomatic",
    "rival": "rivalry",
    "enemy": "rivalry",
}
DEFAULT_TYPE = "alliance"


def standard_columns(table: pd.DataFrame) -> pd.DataFrame:
    """The table with recognised synonyms renamed to the standard column names.

    >>> standard_columns(pd.DataFrame(columns=["from", "to", "begin", "until"])).columns.tolist()
    ['source', 'target', 'start', 'end']
    """
    renames = {}
    for standard, names in SYNONYMS.items():
        if standard in table.columns:
            continue
        found = next((n for n in names if n in table.columns and n not in renames), None)
        if found is not None:
            renames[found] = standard
    return table.rename(columns=renames)


def from_table(table: pd.DataFrame, name: str) -> TemporalNetwork:
    """A network from a tidy table of text cells (as read with ``dtype=str``)."""
    dated = bool(set(table.columns) & DATE_COLUMNS)
    table = standard_columns(table).reset_index(drop=True)
    require_columns(table, ("source", "target", "start"), name, "a tidy CSV of ties (source, target, start, end, type)")
    if not dated:
        raise LoadError(f"{name} has a year column but no start or end dates, so it looks like a dyad-year panel "
                        "(one row per pair and year): try --format panel --type NAME (NAME: what a row records, "
                        "e.g. dispute)")
    table = table[[column for column in SYNONYMS if column in table.columns]].fillna("")
    for column in table.columns:
        if not pd.api.types.is_string_dtype(table[column]):
            table[column] = table[column].astype(str)
        table[column] = table[column].str.strip()
    warnings: list[str] = []

    endpoints = {column: resolve_countries(table[column], column, name) for column in ("source", "target")}
    start, start_precise = parse_column(table["start"], "start", name, as_end=False)
    if "end" in table:
        end, end_precise = parse_column(table["end"], "end", name, as_end=True)
    else:
        end, end_precise = np.full(len(table), np.datetime64("NaT"), dtype="datetime64[D]"), False
    if (missing := np.isnat(start)).any():
        position = int(np.flatnonzero(missing)[0])
        raise LoadError(f"{name}, line {line_of(position)}, column start: a tie needs a start date")
    # an end on the start day is a one-day event (an end is otherwise the first day out of force)
    end = np.where(end == start, start + np.timedelta64(1, "D"), end)
    if (backwards := ~np.isnat(end) & (end < start)).any():
        position = int(np.flatnonzero(backwards)[0])
        raise LoadError(
            f"{name}, line {line_of(position)}, column end: the tie ends ({table['end'].iloc[position]}) "
            f"before it starts ({table['start'].iloc[position]}); a one-day event has its start date as its end"
        )

    edges = pd.DataFrame(
        {
            "source": endpoints["source"],
            "target": endpoints["target"],
            "start": start,
            "end": end,
            "type": _types(table),
            "weight": _weights(table, name),
            **{column: table[column] for column in ("label", "citation", "evidence", "note") if column in table},
        }
    )
    # ties compared by integer codes of their states and types, not by a million strings
    endpoint_codes, _ = pd.factorize(pd.concat([edges["source"], edges["target"]], ignore_index=True))
    source, target = endpoint_codes[: len(edges)], endpoint_codes[len(edges):]
    loops = source == target
    if loops.any():
        lines = ", ".join(str(line_of(p)) for p in np.flatnonzero(loops)[:5])
        warnings.append(f"{int(loops.sum())} row(s) tying a country to itself dropped (line {lines})")
    identity = pd.DataFrame({"a": np.minimum(source, target), "b": np.maximum(source, target), "start": start,
                             "end": end, "type": pd.factorize(edges["type"])[0]})
    duplicates = identity.duplicated().to_numpy() & ~loops
    if duplicates.any():
        lines = ", ".join(str(line_of(p)) for p in np.flatnonzero(duplicates)[:5])
        warnings.append(f"{int(duplicates.sum())} duplicate row(s) dropped (line {lines})")
    if loops.any() or duplicates.any():
        edges = edges[~loops & ~duplicates]
    if edges.empty:
        raise LoadError(f"{name}: no ties left after dropping rows ({'; '.join(warnings)})")
    return TemporalNetwork(
        edges, name=name, precision="day" if start_precise or end_precise else "year", warnings=tuple(warnings)
    )


def _types(table: pd.DataFrame) -> pd.Series:
    if "type" not in table:
        return pd.Series(DEFAULT_TYPE, index=table.index)
    rows, written = distinct_text(table["type"])
    normalised = written.str.lower().str.replace(r"[^a-z0-9]+", "_", regex=True).str.strip("_")
    types = normalised.replace(TYPE_SYNONYMS).replace("", DEFAULT_TYPE).to_numpy(dtype=object)
    return pd.Series(types[rows], index=table.index)


def _weights(table: pd.DataFrame, name: str) -> np.ndarray:
    if "weight" not in table:
        return np.full(len(table), np.nan)
    weights = pd.to_numeric(table["weight"].replace("", None), errors="coerce").to_numpy(dtype=float)
    bad = np.isnan(weights) & (table["weight"] != "").to_numpy()
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        raise LoadError(f"{name}, line {line_of(position)}, column weight: {quoted(table['weight'].iloc[position])} is not a number")
    return weights

"""Dyad-year panels (ATOP, COW dyad-yearly): one row per pair of states and year, read as runs of years."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from alliance_atlas.io.cow_codes import network_through_year, numeric_columns
from alliance_atlas.io.dates import check_years
from alliance_atlas.io.obligations import obligation_ties, typed_ties
from alliance_atlas.io.reading import require_columns
from alliance_atlas.io.states import resolve_countries
from alliance_atlas.model import TemporalNetwork


class DyadTies(NamedTuple):
    """The ties of a dyad table's rows, each pair in one order (the smaller id first)."""

    low: np.ndarray  #: node id of one state of each tie
    high: np.ndarray  #: node id of the other
    rows: np.ndarray  #: table row position of each tie
    types: np.ndarray
    warnings: tuple[str, ...]


def dyad_ties(table: pd.DataFrame, name: str, states: tuple[str, str], obligations: Mapping[str, str],
              kind: str | None = None) -> DyadTies:
    """One tie per row and obligation flagged in ``obligations``' columns (blank is 0), or, without
    flag columns, one tie of type ``kind`` per row; the states may be names, ISO ids or COW codes."""
    first, second = (resolve_countries(table[column], column, name).to_numpy(dtype=object) for column in states)
    same_state = first == second
    if obligations:
        # a blank flag is an obligation the alliance lacks, as in COW's published files
        flags = numeric_columns(table, tuple(obligations), name, optional=tuple(obligations))
        ties = obligation_ties(flags, same_state, obligations, name)
    else:
        ties = typed_ties(same_state, kind, name)
    a, b = first[ties.rows], second[ties.rows]
    in_order = a < b
    return DyadTies(np.where(in_order, a, b), np.where(in_order, b, a), ties.rows, ties.types, ties.warnings)


def network_from_dyad_years(
    table: pd.DataFrame,
    name: str,
    *,
    layout: str,
    states: tuple[str, str],
    obligations: Mapping[str, str],
    label: str | Callable[[np.ndarray], np.ndarray | str],
    citation: str,
    source_format: str,
    year: str = "year",
    required: Sequence[str] = (),
    kind: str | None = None,
    warnings: tuple[str, ...] = (),
) -> TemporalNetwork:
    """A network from a dyad-year panel: one tie per pair, type, label and run of consecutive years.

    ``states`` names the two state columns (either may come first), ``obligations`` maps each flag
    column to the tie type it becomes (without flags, every row is a tie of type ``kind``), and
    ``label`` is one label for every tie or a function giving the labels of the table rows it is given
    (positions); ties with different labels stay apart, as separate alliances. ``required`` lists
    further columns the layout needs; ``layout`` names the data in errors. The data end with the
    panel's last year, so a run reaching it is open-ended. ``warnings`` are the caller's, kept with the rows'.

    >>> panel = pd.DataFrame({"a": [731, 710, 731, 731], "b": [710, 731, 710, 710], "y": [1961, 1961, 1962, 1964],
    ...                       "mutual_defense": [1, 1, 1, 1]})
    >>> net = network_from_dyad_years(panel, "panel.csv", layout="a demo panel", states=("a", "b"), year="y",
    ...                               obligations={"mutual_defense": "defense"}, label="demo alliance",
    ...                               citation="", source_format="demo")
    >>> [(e.source, e.target, e.type, str(e.start)[:4], str(e.end)[:4]) for e in net.edges.itertuples()]
    [('CHN', 'PRK', 'defense', '1961', '1963'), ('CHN', 'PRK', 'defense', '1964', 'NaT')]
    >>> net.precision, str(net.observed_until)
    ('year', '1964-12-31')
    """
    require_columns(table, (*states, year, *obligations, *required), name, layout)
    years = numeric_columns(table, (year,), name)[year]
    check_years(years, year, name)
    ties = dyad_ties(table, name, states, obligations, kind)
    tie_years = pd.DataFrame(
        {
            "source": ties.low,
            "target": ties.high,
            "type": ties.types,
            "label": label(ties.rows) if callable(label) else label,
            "year": years[ties.rows],
        }
    )
    last_year = int(years.max())
    edges = year_runs(tie_years, ["source", "target", "type", "label"], last_year=last_year)
    return network_through_year(edges.assign(citation=citation), name, last_year, (*ties.warnings, *warnings),
                                citation=citation, precision="year", source_format=source_format)


def year_runs(table: pd.DataFrame, keys: list[str], last_year: int) -> pd.DataFrame:
    """One row per run of consecutive years of each key, with ``start`` and exclusive ``end`` dates.

    A run ends on 1 January of the year after its last year; a run that reaches ``last_year`` (the
    dataset's last year) is open-ended (``end`` NaT), as the data cannot say when it ended.

    >>> t = pd.DataFrame({"pair": ["a", "a", "a", "b"], "year": [1990, 1991, 1995, 1999]})
    >>> runs = year_runs(t, ["pair"], last_year=1999)
    >>> runs.assign(start=runs.start.dt.strftime('%Y-%m-%d'), end=runs.end.dt.strftime('%Y-%m-%d')).values.tolist()
    [['a', '1990-01-01', '1992-01-01'], ['a', '1995-01-01', '1996-01-01'], ['b', '1999-01-01', nan]]
    """
    # Each key as integer codes in sorted order: numeric sorting and comparing is much faster than
    # text (pandas would factorize the keys again for every sort and duplicate check).
    factorized = [pd.factorize(table[key], sort=True, use_na_sentinel=False) for key in keys]
    year = table["year"].to_numpy(dtype=np.int64)
    order = np.lexsort([year, *(codes for codes, _ in reversed(factorized))])
    year = year[order]
    same_key = np.ones(len(order), dtype=bool)
    for codes, _ in factorized:
        sorted_codes = codes[order]
        same_key[1:] &= sorted_codes[1:] == sorted_codes[:-1]
    same_key[0] = False
    # A repeated year (both directions of a pair, or two flags of one row) continues the run.
    new_run = ~same_key | (np.diff(year, prepend=0) > 1)
    # A run is a block of sorted rows: its first row has the first year, and the row before the
    # next run's first row has the last (rolling the first row's True round closes the last run).
    first, last = year[new_run], year[np.roll(new_run, -1)]
    start = (first - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    end = (last + 1 - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    end[last >= last_year] = np.datetime64("NaT")
    run_keys = {key: names.to_numpy()[codes[order][new_run]] for key, (codes, names) in zip(keys, factorized)}
    return pd.DataFrame({**run_keys, "start": start, "end": end})

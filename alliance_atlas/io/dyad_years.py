"""Runs of consecutive dyad-years (ATOP, COW dyad-yearly) as intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd


def year_runs(table: pd.DataFrame, keys: list[str], last_year: int) -> pd.DataFrame:
    """One row per run of consecutive years of each key, with ``start`` and exclusive ``end`` dates.

    A run ends on 1 January of the year after its last year; a run that reaches ``last_year`` (the
    dataset's last year) is open-ended (``end`` NaT), as the data cannot say when it ended.

    >>> t = pd.DataFrame({"pair": ["a", "a", "a", "b"], "year": [1990, 1991, 1995, 1999]})
    >>> runs = year_runs(t, ["pair"], last_year=1999)
    >>> runs.assign(start=runs.start.dt.strftime('%Y-%m-%d'), end=runs.end.dt.strftime('%Y-%m-%d')).values.tolist()
    [['a', '1990-01-01', '1992-01-01'], ['a', '1995-01-01', '1996-01-01'], ['b', '1999-01-01', nan]]
    """
    ordered = table.sort_values([*keys, "year"], kind="stable").drop_duplicates([*keys, "year"])
    year = ordered["year"].to_numpy(dtype=np.int64)
    same_key = np.ones(len(ordered), dtype=bool)
    for key in keys:
        values = ordered[key].to_numpy()
        same_key[1:] &= values[1:] == values[:-1]
    same_key[0] = False
    new_run = ~same_key | (np.concatenate([[0], year[:-1]]) + 1 != year)
    run = np.cumsum(new_run)
    runs = ordered.assign(run=run).groupby("run", sort=False).agg(
        **{key: (key, "first") for key in keys}, first=("year", "min"), last=("year", "max")
    )
    start = (runs["first"].to_numpy() - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    end = (runs["last"].to_numpy() + 1 - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    end[runs["last"].to_numpy() >= last_year] = np.datetime64("NaT")
    return pd.DataFrame({**{key: runs[key].to_numpy() for key in keys}, "start": start, "end": end})

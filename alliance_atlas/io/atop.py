"""ATOP 5.1 directed dyad-year files (``atop5_1ddyr``): one edge per pair, obligation and run of years."""

from __future__ import annotations

import numpy as np
import pandas as pd

from alliance_atlas.io.cow_codes import ids_for_codes, numeric_columns
from alliance_atlas.io.dyad_years import year_runs
from alliance_atlas.io.reading import require_columns
from alliance_atlas.model import TemporalNetwork

CITATION = (
    "Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell, and Andrew G. Long. 2002. "
    '"Alliance Treaty Obligations and Provisions, 1815-1944." International Interactions 28: 237-60. '
    "ATOP version 5.1, http://www.atopdata.org/"
)
#: ATOP's obligation flags and the type each becomes.
OBLIGATIONS = {
    "defense": "defense",
    "offense": "offense",
    "neutral": "neutrality",
    "nonagg": "nonaggression",
    "consul": "consultation",
}
COLUMNS = ("statea", "stateb", "year", *OBLIGATIONS)


def from_table(table: pd.DataFrame, name: str) -> TemporalNetwork:
    """A network from an ATOP dyad-year table (either direction of a pair may list an obligation).

    >>> rows = pd.DataFrame({"statea": [731, 710, 731], "stateb": [710, 731, 710], "year": [1961, 1961, 1962],
    ...                      "defense": [1, 1, 1], "offense": 0, "neutral": 0, "nonagg": 0, "consul": 0})
    >>> net = from_table(rows, "atop.csv")
    >>> net.edges[["source", "target", "type"]].values.tolist(), str(net.edges.start[0])[:10]
    ([['CHN', 'PRK', 'defense']], '1961-01-01')
    """
    require_columns(table, COLUMNS, name, "ATOP dyad-year data")
    numbers = numeric_columns(table, COLUMNS, name)
    warnings = []
    a, b, year = numbers["statea"], numbers["stateb"], numbers["year"]
    flags = np.column_stack([numbers[column] for column in OBLIGATIONS]) > 0
    keep = flags.any(axis=1) & (a != b)
    if (dropped := int((~flags.any(axis=1)).sum())):
        warnings.append(f"{dropped} row(s) with no obligation dropped")
    if (loops := int((flags.any(axis=1) & (a == b)).sum())):
        warnings.append(f"{loops} row(s) pairing a state with itself dropped")

    rows, obligation = np.nonzero(flags & keep[:, None])
    long = pd.DataFrame(
        {
            "low": np.minimum(a, b)[rows],
            "high": np.maximum(a, b)[rows],
            "type": np.array(list(OBLIGATIONS.values()))[obligation],
            "year": year[rows],
        }
    )
    last_year = int(year.max())
    runs = year_runs(long, ["low", "high", "type"], last_year=last_year)
    ids = ids_for_codes(np.concatenate([a, b]), name)
    edges = pd.DataFrame(
        {
            "source": runs["low"].map(ids),
            "target": runs["high"].map(ids),
            "start": runs["start"],
            "end": runs["end"],
            "type": runs["type"],
            "label": "ATOP 5.1 alliance obligation",
            "citation": CITATION,
        }
    )
    return TemporalNetwork(
        edges,
        name=name,
        citation=CITATION,
        precision="year",
        observed_until=np.datetime64(f"{last_year}-12-31"),
        warnings=tuple(warnings),
        source_format="atop",
    )

"""ATOP 5.1 directed dyad-year files (``atop5_1ddyr``): one edge per pair, obligation and run of years."""

from __future__ import annotations

import pandas as pd

from alliance_atlas.io.dyad_years import network_from_dyad_years
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
#: Every column name this loader may read.
COLUMNS_READ = frozenset({"statea", "stateb", "year", *OBLIGATIONS})


def from_table(table: pd.DataFrame, name: str) -> TemporalNetwork:
    """A network from an ATOP dyad-year table (either direction of a pair may list an obligation).

    >>> rows = pd.DataFrame({"statea": [731, 710, 731], "stateb": [710, 731, 710], "year": [1961, 1961, 1962],
    ...                      "defense": [1, 1, 1], "offense": 0, "neutral": 0, "nonagg": 0, "consul": 0})
    >>> net = from_table(rows, "atop.csv")
    >>> net.edges[["source", "target", "type"]].values.tolist(), str(net.edges.start[0])[:10]
    ([['CHN', 'PRK', 'defense']], '1961-01-01')
    """
    return network_from_dyad_years(
        table,
        name,
        layout="ATOP dyad-year data",
        states=("statea", "stateb"),
        obligations=OBLIGATIONS,
        label="ATOP 5.1 alliance obligation",
        citation=CITATION,
        source_format="atop",
    )

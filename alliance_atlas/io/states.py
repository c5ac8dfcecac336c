"""State columns of any table: names, ISO alpha-3 ids or Correlates of War codes, to node ids."""

from __future__ import annotations

import numpy as np
import pandas as pd

from alliance_atlas.countries import registry
from alliance_atlas.io.errors import LoadError
from alliance_atlas.io.limits import quoted
from alliance_atlas.io.reading import distinct_text, line_of


def resolve_countries(values: pd.Series, column: str, name: str) -> pd.Series:
    """Node ids of a column of countries; LoadError naming the first blank cell or the unknown values.

    >>> resolve_countries(pd.Series(["North Korea", "KOR", 365]), "a", "f.csv").tolist()
    ['PRK', 'KOR', 'RUS']
    """
    codes, text = distinct_text(values)
    if (blank := (text == "").to_numpy()[codes]).any():
        position = int(np.flatnonzero(blank)[0])
        raise LoadError(f"{name}, line {line_of(position)}, column {column}: no country given")
    unique_ids = registry().resolve(text).to_numpy(dtype=object)
    if (unknown := pd.isna(unique_ids)[codes]).any():
        positions = np.flatnonzero(unknown)
        examples = ", ".join(f"{quoted(values.iloc[p])} (line {line_of(p)})" for p in positions[:3])
        more = f" and {len(positions) - 3} more" if len(positions) > 3 else ""
        raise LoadError(
            f"{name}, column {column}: unknown country {examples}{more}; use a country name, ISO alpha-3 or COW code"
        )
    # taken from the distinct ids as text, not made as a million Python strings
    return pd.Series(pd.array(unique_ids.astype(str), dtype="str")[codes], index=values.index)

"""Correlates of War numeric state codes in the tables that use them (ATOP, COW)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from alliance_atlas.countries import registry
from alliance_atlas.io.errors import LoadError
from alliance_atlas.io.reading import line_of


def numeric_columns(table: pd.DataFrame, columns, name: str, optional=()) -> dict[str, np.ndarray]:
    """Float arrays of ``columns``; LoadError naming the first row and column that is not a number.

    Columns in ``optional`` may be blank (NaN); the others may not.
    """
    arrays = {}
    for column in columns:
        values = table[column]
        numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
        blank = values.isna().to_numpy() | (values.astype(str).str.strip() == "").to_numpy()
        bad = np.isnan(numbers) & ~(blank if column in optional else np.zeros(len(values), dtype=bool))
        if bad.any():
            position = int(np.flatnonzero(bad)[0])
            raise LoadError(f"{name}, line {line_of(position)}, column {column}: {values.iloc[position]!r} is not a number")
        arrays[column] = numbers
    return arrays


def ids_for_codes(codes: np.ndarray, name: str) -> dict[float, str]:
    """Node ids for the distinct COW codes in ``codes``; LoadError listing codes the registry lacks."""
    unique = np.unique(codes)
    ids = registry().cow_to_id(unique)
    unknown = [str(int(c)) for c, i in zip(unique, ids) if i is None]
    if unknown:
        raise LoadError(f"{name}: unknown Correlates of War state code(s) {', '.join(unknown[:10])}")
    return dict(zip(unique, ids))

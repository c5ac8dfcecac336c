"""Correlates of War numeric state codes in the tables that use them (ATOP, COW), and the networks they make."""

from __future__ import annotations

import numpy as np
import pandas as pd

from alliance_atlas.countries import registry
from alliance_atlas.io.errors import LoadError
from alliance_atlas.io.limits import quoted
from alliance_atlas.io.reading import line_of
from alliance_atlas.model import TemporalNetwork


def numeric_columns(table: pd.DataFrame, columns, name: str, optional=()) -> dict[str, np.ndarray]:
    """Float arrays of ``columns``; LoadError naming the first row and column that is not a number.

    Columns in ``optional`` may be blank (NaN); the others may not.
    """
    arrays = {}
    for column in columns:
        values = table[column]
        parsed = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
        # inf is read as a number, but no code, year or flag can be infinite
        numbers = np.where(np.isinf(parsed), np.nan, parsed)
        bad = np.isnan(numbers)
        # Only cells that are not numbers can be blank, so only they are checked (stripping every
        # cell of a large file is slow).
        if column in optional and bad.any():
            suspects = values[bad]
            bad[bad] = ~(suspects.isna().to_numpy() | (suspects.astype(str).str.strip() == "").to_numpy())
        if bad.any():
            position = int(np.flatnonzero(bad)[0])
            raise LoadError(f"{name}, line {line_of(position)}, column {column}: {quoted(values.iloc[position])} is not a number")
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


def network_through_year(
    edges: pd.DataFrame, name: str, last_year: int, warnings: tuple[str, ...], *, citation: str, precision: str,
    source_format: str,
) -> TemporalNetwork:
    """The network of an ATOP or COW table, whose data run to the end of ``last_year`` (its last year)."""
    observed_until = np.datetime64(f"{last_year}-12-31")
    return TemporalNetwork(edges, name=name, citation=citation, precision=precision, observed_until=observed_until,
                           warnings=warnings, source_format=source_format)

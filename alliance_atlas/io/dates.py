"""Dates from text or from year/month/day columns, vectorised, with the row of any bad value."""

from __future__ import annotations

import numpy as np
import pandas as pd

from alliance_atlas.io.errors import LoadError
from alliance_atlas.io.limits import quoted
from alliance_atlas.io.reading import distinct_text, first_row, line_of

# [0-9], not \d: \d also matches other scripts' digits ("١٩٦١"), which the number parser then refuses.
_PATTERN = r"^\s*(?P<year>-?[0-9]{1,4})(?:-(?P<month>[0-9]{1,2})(?:-(?P<day>[0-9]{1,2}))?)?(?:[T ][0-9:.]*)?\s*$"
#: The earliest year a file may name: the state system these data describe begins after it, and a
#: year far outside the data's era is a typo that would otherwise make a timeline of thousands of frames.
EARLIEST_YEAR = 1500


def check_years(years: np.ndarray, column: str, name: str, rows: np.ndarray | None = None) -> None:
    """LoadError naming the first row whose year (NaN: none given) lies before 1500 or after this year.

    ``years`` are per row or, with ``rows`` (each row's index into ``years``, as
    :func:`~alliance_atlas.io.reading.distinct_text` gives), per distinct value.

    >>> check_years(np.array([1961.0, np.nan, 182018.0]), "year", "f.csv")
    Traceback (most recent call last):
    ...
    alliance_atlas.io.errors.LoadError: f.csv, line 4, column year: 182018 is not a year between 1500 and ...
    """
    latest = np.datetime64("today", "Y").astype(int) + 1970
    outside = ~np.isnan(years) & ((years < EARLIEST_YEAR) | (years > latest))
    if outside.any():
        first = int(np.flatnonzero(outside)[0])
        position = first if rows is None else first_row(rows, first)
        raise LoadError(f"{name}, line {line_of(position)}, column {column}: {years[first]:g} is not a year "
                        f"between {EARLIEST_YEAR} and {latest}")


def from_parts(year, month, day) -> np.ndarray:
    """datetime64[D] from numeric year, month and day arrays (month/day NaN mean 1); NaT where invalid.

    >>> from_parts(np.array([1961, 2024, 2023]), np.array([7, 2, 2]), np.array([11, np.nan, 30])).tolist()
    [datetime.date(1961, 7, 11), datetime.date(2024, 2, 1), None]
    """
    year = np.asarray(year, dtype=float)
    month = np.nan_to_num(np.asarray(month, dtype=float), nan=1.0)
    day = np.nan_to_num(np.asarray(day, dtype=float), nan=1.0)
    valid = ~np.isnan(year) & (month >= 1) & (month <= 12) & (day >= 1) & (year > -9999) & (year < 9999)
    safe_year = np.where(valid, year, 1970).astype(np.int64)
    safe_month = np.where(valid, month, 1).astype(np.int64)
    first_of_month = ((safe_year - 1970) * 12 + safe_month - 1).astype("datetime64[M]")
    month_length = ((first_of_month + 1).astype("datetime64[D]") - first_of_month.astype("datetime64[D]")).astype(int)
    valid &= day <= month_length
    result = first_of_month.astype("datetime64[D]") + (np.where(valid, day, 1).astype(np.int64) - 1)
    result[~valid] = np.datetime64("NaT")
    return result


def parse_column(values: pd.Series, column: str, name: str, *, as_end: bool) -> tuple[np.ndarray, bool]:
    """Parse ISO dates or partial dates (``1961``, ``1961-07``, ``1961-07-11``) from text.

    A partial end date means "through the end of that year or month": ``end=1996`` is in force in
    1996 and gone from 1997-01-01. Empty cells are NaT. Returns the dates and whether any value
    carried a month or day. Raises LoadError naming the first bad row and value.

    >>> dates, precise = parse_column(pd.Series(["1961", "1996-09", ""]), "end", "f.csv", as_end=True)
    >>> [str(d) for d in dates], precise
    (['1962-01-01', '1996-10-01', 'NaT'], True)
    """
    rows, text = distinct_text(values)
    parts = text.str.extract(_PATTERN)
    blank = (text == "").to_numpy()
    year = pd.to_numeric(parts["year"]).to_numpy(dtype=float)
    month = pd.to_numeric(parts["month"]).to_numpy(dtype=float)
    day = pd.to_numeric(parts["day"]).to_numpy(dtype=float)
    check_years(year, column, name, rows)
    dates = from_parts(year, month, day)
    if (bad := ~blank & np.isnat(dates)).any():
        first = int(np.flatnonzero(bad)[0])
        raise LoadError(
            f"{name}, line {line_of(first_row(rows, first))}, column {column}: cannot read {quoted(text.iloc[first])} as a "
            "date (use YYYY-MM-DD, YYYY-MM or YYYY)"
        )
    if as_end:
        by_year = np.isnan(month)
        by_month = ~by_year & np.isnan(day)
        dates = np.where(by_year, (dates.astype("datetime64[Y]") + 1).astype("datetime64[D]"), dates)
        dates = np.where(by_month, (dates.astype("datetime64[M]") + 1).astype("datetime64[D]"), dates)
    precise = bool((~np.isnan(month) & ~blank).any())
    return dates.astype("datetime64[D]")[rows], precise

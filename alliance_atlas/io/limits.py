"""What a loader spends at most on one file, whatever is in it: bytes, rows, columns, nesting and the
length of a cell quoted back in a message."""

from __future__ import annotations

from alliance_atlas.io.errors import LoadError

#: Largest file (after decompression) a loader accepts, and the most its cells may hold once decoded.
#: ATOP 5.1 dyad-year is about 7 MB, a tidy table of a million ties about 42 MB.
MAX_BYTES = 96 * 1024 * 1024
#: Most rows a loader reads: a million ties load within 1 GB (benchmarks/big_file.py); many more would not (a gzip of a
#: few hundred KB can hold ten million rows), so they are refused before parsing, not after.
MAX_ROWS = 1_000_000
#: Most columns a table may have: the widest real layout (COW's dyad file) has about twenty.
MAX_COLUMNS = 1_000
#: Most cells a workbook's sheet may hold: a million ties of five columns, read in a few seconds.
MAX_CELLS = 10_000_000
#: Deepest nesting of a JSON file: a row is an object of cells (depth 2 inside the array).
MAX_DEPTH = 32
#: Most characters of a cell a message quotes: enough to recognise it, never a 20 MB echo.
QUOTED_CHARACTERS = 80


def check_rows(count: int, name: str) -> None:
    """LoadError for a table of more than MAX_ROWS rows (counted before parsing where the file allows).

    >>> check_rows(MAX_ROWS + 1, "big.csv")
    Traceback (most recent call last):
    ...
    alliance_atlas.io.errors.LoadError: big.csv has 1,000,001 rows; the limit is 1,000,000: split it by period or by type
    """
    if count > MAX_ROWS:
        raise LoadError(f"{name} has {count:,} rows; the limit is {MAX_ROWS:,}: split it by period or by type")


def check_unpacked(size: int, name: str, limit: int = MAX_BYTES) -> None:
    """LoadError for a file whose content unpacks (decompressed, dictionaries expanded) past ``limit``."""
    if size > limit:
        raise LoadError(f"{name} unpacks to more than {limit / 2**20:.0f} MB, the limit")


def shortened(text: str) -> str:
    """``text`` cut to QUOTED_CHARACTERS, saying how long it was.

    >>> shortened("North Korea"), shortened("x" * 10**7)[-30:]
    ('North Korea', 'xxxxx… (10,000,000 characters)')
    """
    return text if len(text) <= QUOTED_CHARACTERS else f"{text[:QUOTED_CHARACTERS]}… ({len(text):,} characters)"


def quoted(cell: object) -> str:
    """A cell as a message quotes it: in quotes, cut to QUOTED_CHARACTERS.

    >>> quoted("1961-07-11"), len(quoted("x" * 10**7))
    ("'1961-07-11'", 107)
    """
    text = str(cell)
    if len(text) <= QUOTED_CHARACTERS:
        return repr(text)
    return f"{text[:QUOTED_CHARACTERS]!r}… ({len(text):,} characters)"


def found_columns(table) -> str:
    """The first columns of a table, as a message lists them beside the ones it lacks.

    >>> import pandas as pd
    >>> found_columns(pd.DataFrame(columns=["source", "x" * 200]))[:12]
    'source, xxxx'
    """
    return ", ".join(shortened(str(name)) for name in table.attrs.get("header", table.columns)[:12])

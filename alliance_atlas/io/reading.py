"""Bytes to a table: size, compression, container, binary content and encoding checks in one place."""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import re
import zlib
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.csv

from alliance_atlas.io import containers
from alliance_atlas.io.errors import LoadError
from alliance_atlas.io.limits import MAX_BYTES, check_rows, check_unpacked, found_columns

#: Text up to the first line break, by the breaks str.splitlines knows.
#: "line 4" or "line 4, 9, 12" in a loader's message.
_LINE_NUMBERS = re.compile(r"\bline ([0-9]+(?:, [0-9]+)*)")
_FIRST_LINE = re.compile(r"[^\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]*")


class OpenedFile:
    """A file read once and told apart by its content: CSV text (plain, gzip or UTF-16), Parquet, an Excel
    workbook or JSON lines. ``header`` holds its column names (trimmed, lower-case) for format detection;
    ``table`` reads the columns a loader uses.

    >>> OpenedFile(b'{"source": "PRK", "target": "CHN"}\\n', "ties.jsonl").header
    ['source', 'target']
    """

    def __init__(self, source: str | Path | bytes, name: str, max_bytes: int = MAX_BYTES):
        self.name = name
        raw = read_bytes(source, name, max_bytes)
        self.container = containers.container_of(raw)
        if self.container is None:
            self._text = decode_text(raw, name)
            check_rows(self._text.count("\n") - 1, name)  # the header is no row
            self.header = header(self._text)
        else:
            names, self._read_columns = containers.open_container(raw, self.container, name, max_bytes)
            self.header = [str(n).strip().lower() for n in names]

    def table(self, columns: frozenset[str], *, as_text: bool) -> pd.DataFrame:
        """The ``columns`` (lower-case names) the file has; ``as_text``: every cell as text, "" when empty.

        Read once: the file's content is let go here, so a large file is not held while the loader
        builds its network from the table."""
        if self.container is None:
            text, self._text = self._text, None
            return parse_csv(text, self.name, columns, as_text=as_text)
        read, self._read_columns = self._read_columns, None
        table = read(columns)
        check_rows(len(table), self.name)
        return checked_table(containers.as_text(table) if as_text else table, self.name, self.header)

    def in_rows(self, error: LoadError) -> LoadError:
        """The loader's message with the file's own numbering: loaders count CSV lines (the header is
        line 1); a workbook numbers rows the same way, Parquet and JSON lines count records from 1.

        >>> opened = OpenedFile(b'{"source": "PRK"}', "t.jsonl")
        >>> str(opened.in_rows(LoadError("t.jsonl, line 3, column start: bad (line 3, 5)")))
        't.jsonl, row 2, column start: bad (row 2, 4)'
        """
        if self.container is None:
            return error
        shift = 0 if self.container == containers.XLSX else 1
        return LoadError(_LINE_NUMBERS.sub(
            lambda found: "row " + ", ".join(str(int(n) - shift) for n in found.group(1).split(", ")), str(error)))


def read_bytes(source: str | Path | bytes, name: str = "the file", max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of ``source`` (a path or the bytes of a file), gunzipped if needed; LoadError for a
    file that is missing or too large."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        name = path.name
        if not path.is_file():
            raise LoadError(f"{path}: no such file")
        if path.stat().st_size > max_bytes:
            raise LoadError(f"{name} ({path.stat().st_size / 2**20:.1f} MB) is over the {max_bytes / 2**20:.0f} MB limit")
        raw = path.read_bytes()
    else:
        raw = bytes(source)
        if len(raw) > max_bytes:
            raise LoadError(f"{name} ({len(raw) / 2**20:.1f} MB) is over the {max_bytes / 2**20:.0f} MB limit")
    if raw[:2] == b"\x1f\x8b":
        raw = _gunzip(raw, name, max_bytes)
    return raw


def read_text(source: str | Path | bytes, name: str = "the file", max_bytes: int = MAX_BYTES) -> str:
    """The text of ``source`` (a path or the bytes of a file), gunzipped if needed.

    Raises LoadError for a file that is missing, too large, empty, binary or not UTF-8.

    >>> read_text(b"source,target\\nPRK,CHN\\n")
    'source,target\\nPRK,CHN\\n'
    >>> read_text(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00")
    Traceback (most recent call last):
    ...
    alliance_atlas.io.errors.LoadError: the file is a binary file, not a table (CSV, Parquet, xlsx or JSON lines)
    """
    if isinstance(source, (str, Path)):
        name = Path(source).name
    return decode_text(read_bytes(source, name, max_bytes), name)


def decode_text(raw: bytes, name: str) -> str:
    """Text of a file's bytes: UTF-8 (with or without a byte order mark) or UTF-16 with one."""
    if raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):  # as Excel's "Unicode text" saves
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise LoadError(f"{name} starts as UTF-16 text but is not valid UTF-16") from None
    if not raw.strip():
        raise LoadError(f"{name} is empty")
    if b"\x00" in raw[:65536]:
        raise LoadError(f"{name} is a binary file, not a table (CSV, Parquet, xlsx or JSON lines)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise LoadError(
            f"{name} is not UTF-8 text (byte 0x{raw[error.start]:02x} on line {line}); save it as UTF-8 CSV"
        ) from None


def _gunzip(raw: bytes, name: str, max_bytes: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as stream:
            data = stream.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise LoadError(f"{name} looks gzip-compressed but cannot be read: {error}") from None
    check_unpacked(len(data), name, max_bytes)
    return data


def header(text: str) -> list[str]:
    """The column names of a CSV text, trimmed and lower-cased.

    >>> header(" Source , TARGET,start\\nPRK,CHN,1961")
    ['source', 'target', 'start']
    """
    return [n.strip().lower() for n in _column_names(text.lstrip("\ufeff")) or []]


def _column_names(text: str) -> list[str] | None:
    """The column names of a CSV text as written (None when its first line is not CSV), read from the
    first line only: splitting a whole file of a million lines would cost a second."""
    try:
        return next(csv.reader([_FIRST_LINE.match(text).group()]))
    except (csv.Error, StopIteration):
        return None


def parse_csv(text: str, name: str, columns: frozenset[str], *, as_text: bool = False) -> pd.DataFrame:
    """A DataFrame of the ``columns`` (lower-case names) a CSV text has; LoadError for malformed CSV.

    ``as_text`` keeps every cell as text ("" when empty) for loaders that parse cells themselves; pyarrow's
    parser reads such a table, and pandas' any file pyarrow refuses (rows of uneven length, say).
    Otherwise pandas infers each column's type. Other columns are skipped while reading, so a file with
    thousands of them costs little more.

    >>> parse_csv(" Source ,note,target\\nPRK,x,CHN\\n", "f.csv", frozenset({"source", "target"})).columns.tolist()
    ['source', 'target']
    """
    table = _parse_plain_text(text, columns) if as_text else None
    if table is None:
        options = {"dtype": str, "keep_default_na": False} if as_text else {"low_memory": False}
        try:
            table = pd.read_csv(io.StringIO(text), skipinitialspace=True,
                                usecols=lambda column: str(column).strip().lower() in columns, **options)
        except pd.errors.EmptyDataError:
            raise LoadError(f"{name} has no rows") from None
        except (pd.errors.ParserError, ValueError, csv.Error) as error:
            raise LoadError(f"{name} is not a well-formed CSV table: {str(error).strip()}") from None
    return checked_table(table, name, header(text))


def _parse_plain_text(text: str, columns: frozenset[str]) -> pd.DataFrame | None:
    """The ``columns`` of a CSV as text, by pyarrow's multithreaded parser; None when it refuses the file."""
    names = _column_names(text)
    if names is None:
        return None
    wanted = [n for n in names if n.strip().lower() in columns]
    if not wanted or len(set(names)) != len(names):
        return None
    try:
        table = pyarrow.csv.read_csv(
            io.BytesIO(text.encode()),
            parse_options=pyarrow.csv.ParseOptions(newlines_in_values=True),
            convert_options=pyarrow.csv.ConvertOptions(
                include_columns=wanted, column_types=dict.fromkeys(wanted, pyarrow.string()),
                strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pyarrow.ArrowException, ValueError):
        return None
    return table.to_pandas(types_mapper=containers.ARROW_TEXT.get)


def checked_table(table: pd.DataFrame, name: str, names: list[str]) -> pd.DataFrame:
    """The table with trimmed lower-case column names and the file's header (``names``) in its attrs;
    LoadError for duplicate columns or no rows."""
    table.columns = [str(c).strip().lower() for c in table.columns]
    # what the file has, for the message of a loader that finds none of its columns
    table.attrs["header"] = names
    if not len(table.columns):
        return table
    if table.columns.duplicated().any():
        duplicated = sorted(set(table.columns[table.columns.duplicated()]))
        raise LoadError(f"{name} has duplicate columns: {', '.join(duplicated)}")
    if table.empty:
        raise LoadError(f"{name} has a header but no rows")
    return table


def require_columns(table: pd.DataFrame, required, name: str, layout: str) -> None:
    """LoadError naming the missing columns of ``layout`` and the columns found."""
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise LoadError(
            f"{name} lacks column(s) {', '.join(missing)} needed for {layout}; "
            f"found: {found_columns(table)}"
        )


def distinct_text(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Each row's index into a column's distinct values, and those values as stripped text, with a last
    one, "", for missing cells: a million rows name a few thousand states, days or types, which a loader
    then reads once each and takes back to the rows with one gather.

    >>> rows, text = distinct_text(pd.Series([" 1961", None, "1961", 365]))
    >>> rows.tolist(), text.tolist()
    ([0, 3, 1, 2], ['1961', '1961', '365', ''])
    """
    rows, uniques = pd.factorize(values)
    text = pd.Series(np.append(np.asarray(uniques, dtype=object), ""), dtype=object).astype(str).str.strip()
    return np.where(rows < 0, len(uniques), rows), text


def first_row(rows: np.ndarray, value: int) -> int:
    """The first row whose index into the distinct values (as :func:`distinct_text` gives) is ``value``."""
    return int(np.argmax(rows == value))


def line_of(row_position: int) -> int:
    """File line of a data row (the header is line 1)."""
    return int(row_position) + 2

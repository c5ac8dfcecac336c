"""Bytes to a table of text: size, compression, binary content and encoding checks in one place."""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import zlib
from pathlib import Path

import pandas as pd

from alliance_atlas.io.errors import LoadError

#: Largest file (after decompression) a loader accepts. ATOP 5.1 dyad-year is about 7 MB.
MAX_BYTES = 256 * 1024 * 1024


def read_text(source: str | Path | bytes, name: str = "the file", max_bytes: int = MAX_BYTES) -> str:
    """The text of ``source`` (a path or the bytes of a file), gunzipped if needed.

    Raises LoadError for a file that is missing, too large, empty, binary or not UTF-8.

    >>> read_text(b"source,target\\nPRK,CHN\\n")
    'source,target\\nPRK,CHN\\n'
    >>> read_text(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00")
    Traceback (most recent call last):
    ...
    alliance_atlas.io.errors.LoadError: the file is a binary file, not a CSV table
    """
    if isinstance(source, (str, Path)):
        path = Path(source)
        name = path.name
        if not path.is_file():
            raise LoadError(f"{path}: no such file")
        if path.stat().st_size > max_bytes:
            raise LoadError(f"{name} is {path.stat().st_size / 2**20:.0f} MB; the limit is {max_bytes / 2**20:.0f} MB")
        raw = path.read_bytes()
    else:
        raw = bytes(source)
        if len(raw) > max_bytes:
            raise LoadError(f"{name} is {len(raw) / 2**20:.0f} MB; the limit is {max_bytes / 2**20:.0f} MB")
    if raw[:2] == b"\x1f\x8b":
        raw = _gunzip(raw, name, max_bytes)
    if raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):  # as Excel's "Unicode text" saves
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise LoadError(f"{name} starts as UTF-16 text but is not valid UTF-16") from None
    if not raw.strip():
        raise LoadError(f"{name} is empty")
    if b"\x00" in raw[:65536]:
        raise LoadError(f"{name} is a binary file, not a CSV table")
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
    if len(data) > max_bytes:
        raise LoadError(f"{name} unpacks to more than {max_bytes / 2**20:.0f} MB, the limit")
    return data


def header(text: str) -> list[str]:
    """The column names of a CSV text, trimmed and lower-cased.

    >>> header(" Source , TARGET,start\\nPRK,CHN,1961")
    ['source', 'target', 'start']
    """
    first_line = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    try:
        names = next(csv.reader([first_line]))
    except (csv.Error, StopIteration):
        names = []
    return [n.strip().lower() for n in names]


def parse_csv(text: str, name: str, columns: frozenset[str], **options) -> pd.DataFrame:
    """A DataFrame of the ``columns`` (lower-case names) a CSV text has; LoadError for malformed CSV.

    Other columns are skipped while reading, so a file with thousands of them costs little more.

    >>> parse_csv(" Source ,note,target\\nPRK,x,CHN\\n", "f.csv", frozenset({"source", "target"})).columns.tolist()
    ['source', 'target']
    """
    try:
        table = pd.read_csv(io.StringIO(text), skipinitialspace=True,
                            usecols=lambda column: str(column).strip().lower() in columns, **options)
    except pd.errors.EmptyDataError:
        raise LoadError(f"{name} has no rows") from None
    except (pd.errors.ParserError, ValueError, csv.Error) as error:
        raise LoadError(f"{name} is not a well-formed CSV table: {str(error).strip()}") from None
    table.columns = [str(c).strip().lower() for c in table.columns]
    # what the file has, for the message of a loader that finds none of its columns
    table.attrs["header"] = header(text)
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
            f"found: {', '.join(map(str, table.attrs.get('header', table.columns)[:12]))}"
        )


def line_of(row_position: int) -> int:
    """File line of a data row (the header is line 1)."""
    return int(row_position) + 2

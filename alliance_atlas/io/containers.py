"""Tables that are not CSV text: Parquet, Excel workbooks (.xlsx) and JSON lines, each from bytes to a
DataFrame of only the columns a loader reads, with every failure (a truncated, hostile or mislabelled
file) turned into LoadError before memory is spent on it."""

from __future__ import annotations

import io
import json
import zipfile
import zlib

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from alliance_atlas.io.errors import LoadError

PARQUET, XLSX, JSON_LINES, JSON_ARRAY = "Parquet", "xlsx", "JSON lines", "JSON"
#: pandas' type for each Arrow text type: the text stays in Arrow's buffers.
ARROW_TEXT = {pa.string(): pd.StringDtype("pyarrow"), pa.large_string(): pd.StringDtype("pyarrow")}
#: The member every .xlsx has; another zip (a .docx, a folder of CSVs) is not a workbook.
WORKBOOK_MEMBER = "xl/workbook.xml"


def container_of(raw: bytes) -> str | None:
    """Which non-CSV container bytes are, by their content; None for text (CSV).

    >>> container_of(b"PAR1...PAR1"), container_of(b'\\n {"source": "PRK"}'), container_of(b"source,target")
    ('Parquet', 'JSON lines', None)
    >>> container_of(b'[{"source": "PRK"}]')
    'JSON'
    """
    if raw[:4] == b"PAR1":
        return PARQUET
    if raw[:4] == b"PK\x03\x04":
        return XLSX
    first = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if first == b"{":
        return JSON_LINES
    if first == b"[":
        return JSON_ARRAY
    return None


def open_container(raw: bytes, container: str, name: str, max_bytes: int):
    """The column names of a container as the file spells them, and a function returning the columns
    (lower-case names) it has of those asked for. Parquet reads only those columns when asked; a workbook or
    JSON lines has no such index, so it is parsed once, here, whole."""
    if container == PARQUET:
        parquet = _guarded(pq.ParquetFile, io.BytesIO(raw), container=container, name=name)
        return list(parquet.schema_arrow.names), lambda columns: _guarded(
            _parquet, parquet, name, max_bytes, columns, container=container, name=name)
    read = {XLSX: _xlsx, JSON_LINES: _json_lines, JSON_ARRAY: _json_array}[container]
    whole = _guarded(read, raw, name, max_bytes, container=container, name=name)
    return list(whole.columns), lambda columns: whole[_wanted(whole.columns, columns)]


def _guarded(read, *args, container: str, name: str):
    """``read(*args)``, with whatever a damaged or hostile file makes the libraries raise as LoadError."""
    try:
        return read(*args)
    except LoadError:
        raise
    except MemoryError:
        raise LoadError(f"{name} is too large to read as {container}") from None
    # a damaged workbook member fails in zlib, or in its XML (whose parse errors are SyntaxErrors)
    except (pa.ArrowException, OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile, EOFError, zlib.error,
            SyntaxError) as error:
        raise LoadError(f"{name} cannot be read as {container}: {str(error).strip()[:200]}") from None


def _wanted(names, columns: frozenset[str]) -> list:
    return [n for n in names if str(n).strip().lower() in columns]


def _parquet(parquet: pq.ParquetFile, name: str, max_bytes: int, columns: frozenset[str]) -> pd.DataFrame:
    wanted = _wanted(parquet.schema_arrow.names, columns)
    # read in batches, so a file whose pages unpack (or whose dictionaries expand) past the limit stops there
    batches, unpacked = [], 0
    for batch in parquet.iter_batches(batch_size=65_536, columns=wanted):
        unpacked += batch.nbytes
        if unpacked > max_bytes:
            raise LoadError(f"{name} unpacks to more than {max_bytes / 2**20:.0f} MB, the limit")
        batches.append(batch)
    if not wanted:
        return pd.DataFrame(index=range(parquet.metadata.num_rows))
    table = pa.Table.from_batches(batches, schema=pa.schema([parquet.schema_arrow.field(n) for n in wanted]))
    # dates as datetime64 and text as Arrow strings, not a Python object per cell
    return table.to_pandas(date_as_object=False, types_mapper=ARROW_TEXT.get)


def _xlsx(raw: bytes, name: str, max_bytes: int) -> pd.DataFrame:
    import openpyxl  # only an .xlsx upload pays for importing it

    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        members = archive.infolist()
        if WORKBOOK_MEMBER not in {m.filename for m in members}:
            raise LoadError(f"{name} is a zip archive, not an Excel workbook (.xlsx)")
        # a zip bomb declares its true sizes, and zipfile never unpacks a member past its declared size
        if sum(m.file_size for m in members) > max_bytes:
            raise LoadError(f"{name} unpacks to more than {max_bytes / 2**20:.0f} MB, the limit")
    workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True) if workbook.worksheets else iter(())
        names = next(rows, ())
        if not any(n is not None for n in names):
            raise LoadError(f"{name}: the first sheet's first row is empty; it should name the columns")
        names = ["" if n is None else str(n) for n in names]
        # rows as long as the header: a sheet's rows may stop at their last filled cell, or run past it
        table = pd.DataFrame.from_records(
            (tuple(row[: len(names)]) + (None,) * (len(names) - len(row)) for row in rows), columns=names)
    finally:
        workbook.close()
    # a sheet's formatted but empty rows below the data; blank rows within it keep their place (and row number)
    filled = np.flatnonzero(table.notna().any(axis=1).to_numpy())
    return table.iloc[: filled[-1] + 1 if len(filled) else 0]


def _json_lines(raw: bytes, name: str, max_bytes: int) -> pd.DataFrame:
    text = raw.decode("utf-8-sig", errors="strict")
    try:
        table = pd.read_json(io.StringIO(text), lines=True, dtype=False)
    except (ValueError, TypeError):  # TypeError: a line holding a list or a number, not an object
        raise LoadError(f"{name}, row {_first_bad_row(text)}: not a JSON object") from None
    if not isinstance(table, pd.DataFrame) or table.columns.map(lambda c: not isinstance(c, str)).any():
        raise LoadError(f"{name}, row {_first_bad_row(text)}: not a JSON object")
    return table


def _json_array(raw: bytes, name: str, max_bytes: int) -> pd.DataFrame:
    """A JSON array of objects, one per row (what pandas' ``to_json(orient="records")`` and most web APIs
    write)."""
    try:
        records = json.loads(raw.decode("utf-8-sig", errors="strict"))
    except ValueError as error:
        raise LoadError(f"{name} is not valid JSON ({str(error).splitlines()[0]})") from None
    bad = next((number for number, record in enumerate(records, start=1) if not isinstance(record, dict)), None)
    if bad is not None:
        raise LoadError(f"{name}, row {bad}: not a JSON object; a JSON file holds an array of objects, one per row")
    return pd.DataFrame.from_records(records)


def _first_bad_row(text: str) -> int:
    """The record number of the first line that is not a JSON object (only on the error path)."""
    records = (line for line in text.splitlines() if line.strip())
    for number, record in enumerate(records, start=1):
        try:
            if not isinstance(json.loads(record), dict):
                return number
        except ValueError:
            return number
    return 1


def as_text(table: pd.DataFrame) -> pd.DataFrame:
    """Typed columns as the text a CSV cell would hold ("" for missing), for loaders that read text.

    Dates print as YYYY-MM-DD and whole floats (a Parquet year column with gaps) without ".0".

    >>> as_text(pd.DataFrame({"start": pd.to_datetime(["1961-07-11", None]), "year": [1961.0, np.nan],
    ...                       "type": ["defense", None]})).values.tolist()
    [['1961-07-11', '1961', 'defense'], ['', '', '']]
    """
    columns = {}
    for column in table.columns:
        values = table[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            # each distinct day printed once: a million ties fall on a few thousand days
            codes, days = pd.factorize(values.dt.tz_localize(None) if values.dt.tz is not None else values)
            printed = pa.array(np.append(np.asarray(days).astype("datetime64[D]").astype(str), ""))
            # code -1 (NaT) picks the appended ""
            text = printed.take(pa.array(np.where(codes < 0, len(printed) - 1, codes)))
            values = pd.Series(pd.array(text, dtype=ARROW_TEXT[pa.string()]), index=values.index)
        elif pd.api.types.is_float_dtype(values):
            numbers = values.to_numpy(dtype=float)
            # whole numbers without ".0"; "inf" and "1961.5" stay as written, for the loader to refuse by row
            whole = np.isfinite(numbers) & (numbers == np.round(numbers)) & (np.abs(numbers) < 2**53)
            text = values.astype("string")
            text[whole] = pd.Series(numbers[whole].astype(np.int64)).astype("string").to_numpy()
            values = text
        columns[column] = values.astype("string").fillna("")
    return pd.DataFrame(columns, index=table.index)

"""Tables that are not CSV text: Parquet, Excel workbooks (.xlsx) and JSON lines, each from bytes to a
DataFrame of only the columns a loader reads, with every failure (a truncated, hostile or mislabelled
file) turned into LoadError before memory is spent on it."""

from __future__ import annotations

import io
import json
import re
import zipfile
import zlib

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from alliance_atlas.io.errors import LoadError
from alliance_atlas.io.limits import MAX_CELLS, MAX_COLUMNS, MAX_DEPTH, check_rows, check_unpacked

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
        parquet = _guarded(_parquet_file, raw, name, container=container, name=name)
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


def _parquet_file(raw: bytes, name: str) -> pq.ParquetFile:
    """The file, its text columns to be read as dictionaries: the codes and the distinct values, so that
    what they expand to can be counted before it is expanded (:func:`_parquet`)."""
    metadata = pq.read_metadata(io.BytesIO(raw))
    if metadata.num_columns > MAX_COLUMNS:
        raise LoadError(f"{name} has {metadata.num_columns:,} columns; the limit is {MAX_COLUMNS:,}")
    check_rows(metadata.num_rows, name)
    schema = metadata.schema
    text = [schema.column(i).path for i in range(metadata.num_columns)
            if schema.column(i).physical_type == "BYTE_ARRAY" and "." not in schema.column(i).path]
    return pq.ParquetFile(io.BytesIO(raw), read_dictionary=text)


def _parquet(parquet: pq.ParquetFile, name: str, max_bytes: int, columns: frozenset[str]) -> pd.DataFrame:
    """The ``columns`` of a Parquet file; LoadError before the cells are expanded when their pages
    (as the metadata sizes them) or their decoded text (dictionary codes times value lengths) pass
    ``max_bytes``: a few KB of dictionary can stand for gigabytes of text."""
    wanted = _wanted(parquet.schema_arrow.names, columns)
    if not wanted:
        return pd.DataFrame(index=range(parquet.metadata.num_rows))
    metadata, positions = parquet.metadata, [parquet.schema_arrow.names.index(n) for n in wanted]
    check_unpacked(sum(metadata.row_group(group).column(i).total_uncompressed_size
                       for group in range(metadata.num_row_groups) for i in positions), name, max_bytes)
    batches, decoded = [], 0
    for batch in parquet.iter_batches(batch_size=65_536, columns=wanted):
        decoded += sum(_decoded_bytes(column) for column in batch.columns)
        check_unpacked(decoded, name, max_bytes)
        batches.append(batch)
    table = pa.Table.from_batches(batches) if batches else parquet.schema_arrow.empty_table().select(wanted)
    table = pa.table([_decoded(column) for column in table.columns], names=wanted)
    # dates as datetime64 and text as Arrow strings, not a Python object per cell
    return table.to_pandas(date_as_object=False, types_mapper=ARROW_TEXT.get)


def _decoded_bytes(column: pa.Array) -> int:
    """What ``column`` holds once its dictionary, if any, is expanded: each code counts its value's length."""
    if not pa.types.is_dictionary(column.type):
        return column.nbytes
    dictionary = column.dictionary
    if not (pa.types.is_string(dictionary.type) or pa.types.is_binary(dictionary.type)
            or pa.types.is_large_string(dictionary.type) or pa.types.is_large_binary(dictionary.type)):
        return column.nbytes + len(column) * 8  # fixed-width values: at most 8 bytes a cell
    lengths = pc.binary_length(dictionary).to_numpy(zero_copy_only=False).astype(np.int64)
    codes = column.indices.to_numpy(zero_copy_only=False)
    present = column.indices.is_valid().to_numpy(zero_copy_only=False)
    return int(lengths[codes[present].astype(np.int64)].sum()) + column.indices.nbytes


def _decoded(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """``column`` with its dictionary expanded (checked by :func:`_decoded_bytes` first)."""
    return column.cast(column.type.value_type) if pa.types.is_dictionary(column.type) else column


#: In a worksheet's XML, a row's number (r="12") and a cell's column (r="AB12"), found before the sheet
#: is parsed.
_ROW_NUMBER = re.compile(rb' r="([0-9]{1,9})"')
_CELL_COLUMN = re.compile(rb' r="([A-Z]{1,9})[0-9]')
#: The namespace prefix of a worksheet's or shared strings' tags ("x:" in some writers, mostly none).
_PREFIX = re.compile(rb"<(\w+:)?(?:worksheet|sst)[\s>]")


def _xlsx(raw: bytes, name: str, max_bytes: int) -> pd.DataFrame:
    from python_calamine import CalamineError, CalamineWorkbook  # only an .xlsx upload pays for importing it

    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        members = archive.infolist()
        if WORKBOOK_MEMBER not in {m.filename for m in members}:
            raise LoadError(f"{name} is a zip archive, not an Excel workbook (.xlsx)")
        # a zip bomb declares its true sizes, and zipfile never unpacks a member past its declared size
        check_unpacked(sum(m.file_size for m in members), name, max_bytes)
        for member in members:
            _check_workbook_part(member.filename, archive.read(member), name)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        try:
            rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False) if workbook.sheet_names else []
        finally:
            workbook.close()
    except CalamineError as error:  # a workbook whose parts do not say how they fit (no relationships)
        raise LoadError(f"{name} cannot be read as an Excel workbook: {str(error).strip()[:200]}") from None
    names = rows[0] if rows else []
    if not any(n != "" for n in names):
        raise LoadError(f"{name}: the first sheet's first row is empty; it should name the columns")
    # the sheet's rectangle cut to the header's columns; an empty cell is missing, as in a CSV
    table = pd.DataFrame(rows[1:], columns=[str(n) for n in names]) if len(rows) > 1 else pd.DataFrame(
        columns=[str(n) for n in names])
    table = table.mask(table.eq(""))
    # a sheet's formatted but empty rows below the data; blank rows within it keep their place (and row number)
    filled = np.flatnonzero(table.notna().any(axis=1).to_numpy())
    return table.iloc[: filled[-1] + 1 if len(filled) else 0]


def _check_workbook_part(member: str, data: bytes, name: str) -> None:
    """LoadError, before parsing, for a worksheet past the row, column or cell limits (its cells are
    parsed into a rectangle as large as its last row by its last column) or shared strings past the
    cell limit."""
    found = _PREFIX.search(data, 0, 4096)
    prefix = (found.group(1) or b"") if found else b""
    if member.startswith("xl/worksheets/") and member.endswith(".xml"):
        rows = max(data.count(b"<" + prefix + b"row"), max(map(int, _ROW_NUMBER.findall(data)), default=0))
        check_rows(rows - 1, name)  # the header is no row
        cells = data.count(b"<" + prefix + b"c ") + data.count(b"<" + prefix + b"c>")
        widest = max(map(_column_number, set(_CELL_COLUMN.findall(data))), default=1)
        if widest > MAX_COLUMNS:
            raise LoadError(f"{name} has a cell in column {widest:,}; the limit is {MAX_COLUMNS:,} columns")
        if max(cells, rows * widest) > MAX_CELLS:
            raise LoadError(f"{name} spans {rows:,} rows by {widest:,} columns in a sheet; the limit is "
                            f"{MAX_CELLS:,} cells")
    elif member == "xl/sharedStrings.xml" and data.count(b"<" + prefix + b"si") > MAX_CELLS:
        raise LoadError(f"{name} has more than {MAX_CELLS:,} distinct texts; the limit is {MAX_CELLS:,}")


def _column_number(letters: bytes) -> int:
    """A column's number from its letters: A is 1, Z 26, AA 27.

    >>> _column_number(b"A"), _column_number(b"ALL"), _column_number(b"XFD")
    (1, 1000, 16384)
    """
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def check_depth(raw: bytes, name: str) -> None:
    """LoadError for JSON nested deeper than MAX_DEPTH (parsers recurse, and a file of a few KB can nest
    a hundred thousand levels), measured without parsing: brackets outside strings, counted up and down.

    >>> check_depth(b'[{"source": "[[[", "target": "\\\\"}]', "t.json")
    >>> check_depth(b'[' * 40 + b']' * 40, "deep.json")
    Traceback (most recent call last):
    ...
    alliance_atlas.io.errors.LoadError: deep.json nests 40 levels deep; a table's JSON nests at most 32 (an array of objects of cells)
    """
    data = np.frombuffer(raw, dtype=np.uint8)
    quotes = np.flatnonzero(data == ord('"'))
    slashes = np.flatnonzero(data == ord("\\"))
    if len(slashes):  # a quote after an odd run of backslashes is inside its string
        breaks = np.flatnonzero(np.diff(slashes) != 1)
        ends, starts = np.append(slashes[breaks], slashes[-1]), np.insert(slashes[breaks + 1], 0, slashes[0])
        quotes = quotes[~np.isin(quotes - 1, ends[(ends - starts) % 2 == 0])]
    brackets = np.flatnonzero(np.isin(data, np.frombuffer(b"[]{}", dtype=np.uint8)))
    brackets = brackets[np.searchsorted(quotes, brackets) % 2 == 0]  # after an even count of quotes: outside
    opening = np.isin(data[brackets], np.frombuffer(b"[{", dtype=np.uint8))
    depth = int(np.cumsum(np.where(opening, 1, -1)).max(initial=0))
    if depth > MAX_DEPTH:
        raise LoadError(f"{name} nests {depth:,} levels deep; a table's JSON nests at most {MAX_DEPTH} "
                        "(an array of objects of cells)")


def _json_lines(raw: bytes, name: str, max_bytes: int) -> pd.DataFrame:
    check_depth(raw, name)
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
    check_depth(raw, name)
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

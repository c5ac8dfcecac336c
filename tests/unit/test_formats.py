"""Parquet, Excel workbooks and JSON lines: each round-trips a table written by its own writer (pandas'),
is told apart by content, and gives a one-line LoadError naming the row for a bad cell or a hostile file."""

import io
import zipfile

import numpy as np
import pandas as pd
import pytest

from alliance_atlas.io import LoadError, load
from alliance_atlas.io.reading import OpenedFile, _parse_plain_text, parse_csv
from alliance_atlas.io.tidy_csv import COLUMNS_READ

TIES = pd.DataFrame({
    "Source": ["North Korea", "PRK", "Syria"],
    "target": ["China", "RUS", "PRK"],
    "start": pd.to_datetime(["1961-07-11", "1961-07-06", "1966-07-25"]),
    "end": pd.to_datetime([None, "1996-09-10", "2024-12-08"]),
    "type": ["defense", "Defence", "diplomatic"],
    "weight": [2.0, np.nan, 1.0],
    "unused": ["a", "b", "c"],
})
#: What the CSV of the same table loads as: the reference every container must match.
EXPECTED = load(TIES.to_csv(index=False, date_format="%Y-%m-%d").encode(), name="ties.csv")


def parquet(table: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    table.to_parquet(buffer, index=False)
    return buffer.getvalue()


def xlsx(table: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    table.to_excel(buffer, index=False)
    return buffer.getvalue()


def json_lines(table: pd.DataFrame) -> bytes:
    return table.to_json(orient="records", lines=True, date_format="iso").encode()


def json_array(table: pd.DataFrame) -> bytes:
    return table.to_json(orient="records", date_format="iso", indent=1).encode()


WRITERS = {"parquet": parquet, "xlsx": xlsx, "jsonl": json_lines, "json": json_array}


def edges(network):
    return network.edges[["source", "target", "start", "end", "type", "weight"]]


@pytest.mark.parametrize("extension", sorted(WRITERS))
def test_each_container_loads_as_the_same_table_in_csv(extension):
    # named .csv on purpose: the content, not the extension, says what the file is
    network = load(WRITERS[extension](TIES), name="ties.csv")
    pd.testing.assert_frame_equal(edges(network), edges(EXPECTED))
    assert network.precision == "day"


@pytest.mark.parametrize("extension", sorted(WRITERS))
def test_bad_cell_names_the_row_not_a_line(extension):
    spoiled = TIES.assign(target=["China", "Narnia", "PRK"])
    with pytest.raises(LoadError, match=r"unknown country 'Narnia' \(row (2|3)\)") as error:
        load(WRITERS[extension](spoiled), name=f"ties.{extension}")
    # a workbook's rows count from its header (row 1), as Excel shows them; other files count records
    assert f"(row {3 if extension == 'xlsx' else 2})" in str(error.value) and "line" not in str(error.value)


def test_typed_parquet_columns_read_as_the_text_a_csv_holds():
    # year-only starts, stored as numbers (float, because one is missing), still mean year precision
    table = pd.DataFrame({"source": ["PRK", "KOR"], "target": ["CHN", "USA"], "start": [1961.0, 1953.0],
                          "end": [1996.0, np.nan]})
    network = load(parquet(table), name="t.parquet")
    assert network.precision == "year"
    assert [None if pd.isna(end) else str(end)[:10] for end in network.edges["end"]] == [None, "1997-01-01"]


@pytest.mark.parametrize("cell", [np.inf, -np.inf, 1961.5])
def test_infinite_or_fractional_years_are_refused_by_row(cell):
    table = pd.DataFrame({"source": ["PRK", "KOR"], "target": ["CHN", "USA"], "start": [1961.0, cell]})
    with pytest.raises(LoadError, match="row 2, column start"):
        load(parquet(table), name="t.parquet")


def test_atop_layout_in_parquet_keeps_its_integer_columns():
    rows = pd.DataFrame({"statea": [731, 710], "stateb": [710, 731], "year": [1961, 1962], "defense": [1, 1],
                         "offense": 0, "neutral": 0, "nonagg": 0, "consul": 0})
    as_csv = load(rows.to_csv(index=False).encode(), name="atop.csv")
    pd.testing.assert_frame_equal(edges(load(parquet(rows), name="atop.parquet")), edges(as_csv))


@pytest.mark.parametrize("data, message", [
    (parquet(TIES)[:200], "cannot be read as Parquet"),
    (b"PAR1" + bytes(100), "cannot be read as Parquet"),
    (b"PK\x03\x04" + bytes(50), "cannot be read as xlsx"),
    (b'{"source": "PRK", "target": "CHN", "start": "1961"}\n{"source": "PRK", oops\n', r"row 2: not a JSON object"),
    (b'{"source": "PRK", "target": "CHN", "start": "1961"}\n[1, 2]\n', "not a JSON object"),
    (b'[{"source": "PRK", "target": "CHN", "start": "1961"}, 7]', r"row 2: not a JSON object; a JSON file holds"),
    (b'[{"source": "PRK", "target": "CHN", "start": "1961"},', r"not valid JSON \(Expecting value: line 1"),
])
def test_broken_containers_give_one_line_load_errors(data, message):
    with pytest.raises(LoadError, match=message):
        load(data, name="f")


def test_a_zip_that_is_not_a_workbook_says_so():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ties.csv", "source,target,start\nPRK,CHN,1961\n")
    with pytest.raises(LoadError, match="zip archive, not an Excel workbook"):
        load(buffer.getvalue(), name="ties.zip")


def test_a_workbook_that_unpacks_past_the_limit_is_refused_before_unpacking():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        workbook = zipfile.ZipFile(io.BytesIO(xlsx(TIES)))
        for member in workbook.namelist():
            archive.writestr(member, workbook.read(member))
        archive.writestr("xl/media/bomb.bin", bytes(50_000_000))   # compresses to about 50 KB
    with pytest.raises(LoadError, match="unpacks to more than 10 MB"):
        OpenedFile(buffer.getvalue(), "bomb.xlsx", max_bytes=10_000_000).table(COLUMNS_READ, as_text=True)


def test_parquet_that_unpacks_past_the_limit_is_refused():
    big = pd.DataFrame({"source": ["PRK"] * 200_000, "target": "CHN", "start": "1961", "note": "x" * 50})
    opened = OpenedFile(parquet(big), "big.parquet", max_bytes=1_000_000)
    with pytest.raises(LoadError, match="unpacks to more than 1 MB"):
        opened.table(COLUMNS_READ, as_text=True)


def test_pyarrow_and_pandas_read_the_same_text():
    text = ' Source ,note,target,start\n"North Korea","a, quoted\nnote",China,1961\nPRK,,RUS, 1961-07-06\n'
    assert _parse_plain_text(text, COLUMNS_READ) is not None, "pyarrow reads this file, so the comparison means something"
    fast = parse_csv(text, "f.csv", COLUMNS_READ, as_text=True)
    slow = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True)
    slow.columns = [c.strip().lower() for c in slow.columns]
    assert fast.map(str.strip).values.tolist() == slow[fast.columns].map(str.strip).values.tolist()


def test_a_row_pyarrow_refuses_is_still_read():
    # a short row: pyarrow refuses the file, pandas reads it as before
    network = load(b"source,target,start,end\nPRK,CHN,1961\nPRK,RUS,1961,1996\n", name="short.csv")
    assert len(network) == 2


def test_a_workbook_with_a_damaged_member_gives_a_load_error():
    data = bytearray(xlsx(TIES))
    # overwrite the middle of the compressed sheet, keeping the zip's directory intact
    sheet = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet1.xml")
    at = sheet.header_offset + 30 + len(sheet.filename) + sheet.compress_size // 2
    data[at:at + 8] = b"\xff" * 8
    with pytest.raises(LoadError, match="cannot be read as xlsx"):
        load(bytes(data), name="damaged.xlsx")


@pytest.mark.parametrize("part", ["_rels/.rels", "xl/_rels/workbook.xml.rels"])
def test_a_workbook_without_its_relationships_gives_a_load_error(part):
    """Found by the loader's property test: the reader cannot tell how the parts fit without them."""
    original, out = zipfile.ZipFile(io.BytesIO(xlsx(TIES))), io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for member in original.namelist():
            if member != part:
                archive.writestr(member, original.read(member))
    with pytest.raises(LoadError, match="cannot be read as an Excel workbook: Cannot detect file format"):
        load(out.getvalue(), name="unrelated.xlsx")


@pytest.mark.parametrize("extension", ["csv", *sorted(WRITERS)])
def test_a_table_over_the_row_limit_is_refused_with_its_count(extension, monkeypatch):
    from alliance_atlas.io import limits

    monkeypatch.setattr(limits, "MAX_ROWS", 2)
    data = TIES.to_csv(index=False).encode() if extension == "csv" else WRITERS[extension](TIES)
    with pytest.raises(LoadError, match=r"has 3 rows; the limit is 2: split it"):
        load(data, name=f"ties.{extension}")

"""Property tests: whatever bytes or table arrive, a loader returns a network or raises LoadError."""

import codecs
import csv
import io

from hypothesis import HealthCheck, given, settings
from openpyxl.utils.exceptions import IllegalCharacterError
from hypothesis import strategies as st

from alliance_atlas.io import FORMATS, LoadError, load
from alliance_atlas.model import TemporalNetwork

COLUMNS = ["source", "target", "start", "end", "type", "weight", "statea", "stateb", "year", "defense",
           "ccode1", "ccode2", "dyad_st_year", "neutrality", "nonaggression", "entente", "from", "to"]
CELLS = st.one_of(
    st.sampled_from(["PRK", "CHN", "North Korea", "731", "710", "2", "1961", "2024-12-08", "1996-09", "", "0", "1",
                     "defense", "rivalry", "-5", "99999", "nan", "1e9", "=cmd", "Narnia", "2019-02-30"]),
    st.text(max_size=12),
    st.integers(-10, 3000).map(str),
)


def outcome(data: bytes, file_format: str = "auto"):
    try:
        network = load(data, file_format, name="prop.csv")
    except LoadError as error:
        assert str(error).strip() and "\n" not in str(error)
        return error
    assert isinstance(network, TemporalNetwork) and len(network) > 0
    return network


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000), st.sampled_from(FORMATS))
def test_random_bytes(data, file_format):
    outcome(data, file_format)


@st.composite
def tables(draw):
    header = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=8, unique=True))
    rows = draw(st.lists(st.lists(CELLS, min_size=len(header), max_size=len(header)), max_size=12))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.sampled_from(FORMATS))
def test_random_tables(data, file_format):
    outcome(data, file_format)


#: Well-formed rows of each published layout, which the strategy below spoils a cell or two of.
LAYOUT_ROWS = {
    "atop": ("statea,stateb,year,defense,offense,neutral,nonagg,consul",
             ["731,710,1961,1,0,0,0,1", "710,731,1962,1,0,0,0,0", "365,731,2018,0,0,0,0,1"]),
    "cow": ("ccode1,ccode2,dyad_st_year,dyad_end_year,right_censor,defense,neutrality,nonaggression,entente,version4id",
            ["710,731,1961,,1,1,0,1,0,150", "365,731,1961,1996,0,1,0,0,0,151"]),
    "cow dyad-yearly": ("ccode1,ccode2,dyad_st_year,defense,neutrality,nonaggression,entente,version4id,year",
                        ["710,731,1961,1,0,1,0,150,1961", "710,731,1961,1,0,1,0,150,1962"]),
    "csv": ("source,target,start,end,type,weight", ["PRK,CHN,1961-07-11,,defense,2", "PRK,RUS,1961-07-06,1996-09,defense,1"]),
    "dyadic MID": ("disno,statea,stateb,strtday,strtmnth,strtyr,endday,endmnth,endyear,year",
                   ["4182,731,732,3,5,1999,30,6,2001,1999", "4182,731,732,3,5,1999,30,6,2001,2000",
                    "4300,2,365,-9,8,2014,-9,9,2014,2014"]),
    "panel of names": ("country1,country2,year", ["North Korea,China,1990", "China,North Korea,1991"]),
}
#: What published and hand-edited files hold where a number or date belongs: other scripts' digits,
#: infinities, years out of any era, blanks and zeros.
HOSTILE_CELLS = ["١٩٦١", "１９６１", "۱۹۶۱", "inf", "-inf", "Infinity", "nan", "NaN", "1e15", "1e308", "182018", "-1",
                 "0", "", " ", "²", "①", "1_961", "0x7A9", "1961.5", "9999-12-31", "1499"]


@st.composite
def spoiled_tables(draw):
    """A table of a real layout with one to three cells replaced by something hostile."""
    header, rows = LAYOUT_ROWS[draw(st.sampled_from(sorted(LAYOUT_ROWS)))]
    cells = [row.split(",") for row in rows]
    for _ in range(draw(st.integers(1, 3))):
        row = draw(st.integers(0, len(cells) - 1))
        cells[row][draw(st.integers(0, len(cells[row]) - 1))] = draw(st.sampled_from(HOSTILE_CELLS))
    return (header + "\n" + "\n".join(",".join(row) for row in cells) + "\n").encode()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spoiled_tables())
def test_spoiled_published_layouts(data):
    result = outcome(data)
    if isinstance(result, TemporalNetwork):
        years = result.edges["start"].dt.year
        assert years.min() >= 1500 and years.max() <= 2100


def test_panel_that_flags_no_obligation_says_so():
    error = outcome(b"statea,stateb,year,defense,offense,neutral,nonagg,consul\n2,200,1990,0,0,0,0,0\n")
    assert isinstance(error, LoadError) and "no row flags an obligation" in str(error)


def test_year_beyond_the_present_names_its_line_and_column():
    error = outcome(b"statea,stateb,year,defense,offense,neutral,nonagg,consul\n2,200,1990,1,0,0,0,0\n"
                    b"2,200,182018,1,0,0,0,0\n")
    assert isinstance(error, LoadError) and "line 3, column year" in str(error)


def test_blank_cow_alliance_id_keeps_the_row():
    network = outcome(b"ccode1,ccode2,dyad_st_year,defense,neutrality,nonaggression,entente,version4id,year\n"
                      b"2,200,1900,1,0,0,0,,1900\n2,200,1900,1,0,0,0,3,1901\n")
    assert sorted(network.edges["label"]) == ["COW alliance 3", "COW formal alliance"]


def test_utf16_and_byte_order_marks_are_read():
    text = "source,target,start\nNorth Korea,China,1961-07-11\n"
    for data in (text.encode("utf-16"), codecs.BOM_UTF16_BE + text.encode("utf-16-be"), codecs.BOM_UTF8 + text.encode()):
        network = outcome(data)
        assert network.edges[["source", "target"]].values.tolist() == [["CHN", "PRK"]]


def test_ten_thousand_unused_columns_are_skipped():
    header = "source,target,start," + ",".join(f"extra{i}" for i in range(10_000))
    row = "North Korea,China,1961-07-11," + ",".join(["=1"] * 10_000)
    network = outcome(f"{header}\n{row}\n".encode())
    assert list(network.edges[["source", "target"]].iloc[0]) == ["CHN", "PRK"]


def as_container(data: bytes, container: str) -> bytes:
    """The table of a generated CSV written as Parquet, xlsx, JSON lines or a JSON array by pandas' own writers."""
    import pandas as pd

    table = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    buffer = io.BytesIO()
    if container == "parquet":
        table.to_parquet(buffer, index=False)
    elif container == "xlsx":
        table.to_excel(buffer, index=False)
    else:
        return table.to_json(orient="records", lines=container == "jsonl").encode()
    return buffer.getvalue()


@st.composite
def containers(draw):
    """A generated table (random or a spoiled published layout) in another container, maybe truncated or garbled."""
    data = draw(st.one_of(tables(), spoiled_tables()))
    try:
        data = as_container(data, draw(st.sampled_from(["parquet", "xlsx", "jsonl", "json"])))
    except (ValueError, IllegalCharacterError):  # a table the writers refuse (no header, control characters)
        # the CSV is input enough
        return data
    damage = draw(st.sampled_from(["none", "truncate", "garble"]))
    # where, as a fraction: a workbook's length varies with the time it is written at
    at = int(draw(st.floats(0, 1)) * (len(data) - 1))
    if damage == "truncate":
        return data[:at]
    if damage == "garble":
        return data[:at] + draw(st.binary(min_size=1, max_size=16)) + data[at + 16:]
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(containers(), st.sampled_from(FORMATS))
def test_parquet_xlsx_and_json_lines_load_or_raise_load_error(data, file_format):
    outcome(data, file_format)

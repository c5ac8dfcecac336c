"""Tidy CSV: column synonyms, dates, countries, and a clear error for each kind of bad input."""

import gzip

import pytest

from alliance_atlas.frames import Frames
from alliance_atlas.io import LoadError, load
from alliance_atlas.io.reading import MAX_BYTES, read_text


def csv(text: str) -> bytes:
    return text.strip().encode() + b"\n"


def test_standard_columns_and_optional_fields():
    net = load(csv("""
source,target,start,end,type,weight,label,citation,evidence,note
North Korea,China,1961-07-11,,defense,2,Treaty,https://example.org,"signed in 1961",
"""), name="t.csv")
    row = net.edges.iloc[0]
    assert (row["source"], row["target"], row["type"], row["weight"], row["label"]) == ("CHN", "PRK", "defense", 2.0, "Treaty")
    assert str(row["start"])[:10] == "1961-07-11" and row["end"] != row["end"]   # NaT: still in force
    assert net.precision == "day"


def test_synonyms_years_and_codes():
    net = load(csv("""
from,to,begin,until,kind
365,DPRK,1961,1996,Defence
ROK,United States of America,1953,,
"""), name="t.csv")
    assert net.edges[["source", "target"]].values.tolist() == [["KOR", "USA"], ["PRK", "RUS"]]
    assert net.edges["type"].tolist() == ["alliance", "defense"]
    # a bare end year means "ended during that year": in force through 1996
    assert str(net.edges["end"].iloc[1])[:10] == "1997-01-01"
    assert net.precision == "year"
    years = Frames(net, "year")
    assert years.edges_lost(years.index_of("1996-06-01")).tolist() == [1]


def test_month_precision_end():
    net = load(csv("source,target,start,end\nPRK,SYR,1966-07,2024-12\n"), name="t.csv")
    assert str(net.edges["start"].iloc[0])[:10] == "1966-07-01"
    assert str(net.edges["end"].iloc[0])[:10] == "2025-01-01"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"   \n\n", "is empty"),
        (b"source,target,start\n", "no rows"),
        (b"country,year\nPRK,1961\n", "lacks column.*source.*target"),
        (b"source,target,start\nPRK,CHN,1961-13-40\n", "line 2, column start: cannot read '1961-13-40'"),
        (b"source,target,start\nPRK,CHN,soon\n", "line 2, column start"),
        (b"source,target,start,end\nPRK,CHN,1961\nPRK,RUS,1990,1980\n", "line 3, column end: the tie ends"),
        (b"source,target,start\nPRK,Narnia,1961\n", "unknown country 'Narnia' \\(line 2\\)"),
        (b"source,target,start\n,CHN,1961\n", "line 2, column source: no country"),
        (b"source,target,start,weight\nPRK,CHN,1961,heavy\n", "line 2, column weight"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("source,target,start\nCôte d'Ivoire,PRK,1961\n".encode("latin-1"), "not UTF-8 .*line 2"),
        (b'source,target,start\n"PRK,CHN,1961\n', "not a well-formed CSV|unknown country|cannot read"),
        (b"source,target,start\nPRK,PRK,1961\n", "no ties left"),
        (b"\x1f\x8bnot really gzip", "gzip"),
    ],
)
def test_bad_input_gives_one_clear_error(content, message):
    with pytest.raises(LoadError, match=message):
        load(content, name="bad.csv")


def test_self_loops_and_duplicates_are_dropped_with_a_warning():
    net = load(csv("""
source,target,start,type
PRK,CHN,1961,defense
CHN,PRK,1961,defense
PRK,PRK,1961,defense
"""), name="t.csv")
    assert len(net) == 1
    assert any("duplicate row(s) dropped (line 3)" in w for w in net.warnings)
    assert any("itself dropped (line 4)" in w for w in net.warnings)


def test_too_large_files_are_refused_before_reading(tmp_path):
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)      # sparse: no disk used
    with pytest.raises(LoadError, match=rf"big.csv \({(MAX_BYTES + 1) / 2**20:.1f} MB\) is over the {MAX_BYTES // 2**20} MB limit"):
        load(big)


def test_gzip_bombs_are_refused():
    bomb = gzip.compress(b"source,target,start\n" + b"PRK,CHN,1961\n" * 10_000)
    assert len(bomb) < 1000
    with pytest.raises(LoadError, match="unpacks to more than"):
        read_text(bomb, "bomb.csv.gz", max_bytes=1000)


def test_missing_file(tmp_path):
    with pytest.raises(LoadError, match="no such file"):
        load(tmp_path / "nope.csv")

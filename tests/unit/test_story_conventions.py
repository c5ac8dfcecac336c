"""The bundled dataset's conventions (data/README.md): citations, states' lifetimes, treaty dates, dated names."""

import re
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import pytest

from alliance_atlas.countries import registry
from alliance_atlas.io.dates import parse_column
from tests.conftest import STORY

RAW = pd.read_csv(STORY, dtype=str, keep_default_na=False)
ROWS = RAW.to_dict("records")
#: A row is a treaty row when it is typed as one, or when its label names a treaty, pact or agreement.
TREATY_TYPES = {"defense", "consultation"}
TREATY_WORDS = re.compile(r"\b(Treaty|Pact|Agreement)\b")
#: How a note gives the entry into force: "in force 19 Feb 1955" (or says the date was not found).
IN_FORCE = re.compile(r"\bin force (\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* (\d{4})")
MOBILE_WIKIPEDIA = re.compile(r"(^|\.)m\.wikipedia\.org$")
#: Wikipedia mirrors, aggregators and blog hosts: a row citing one must say in its note why no better page was used.
SECOND_HAND_HOSTS = (
    "wikimili.com", "wikisum.wiki", "owiki.org", "zxc.wiki", "wiki-gateway.eudic.net", "sewiki.info", "cydlabs.com",
    "wikiclassic.com", "alchetron.com", "liquisearch.com", "mdict.net", "historydraft.com", "indiathisweek.us",
    "tnnwaldivision.com", "prpchannel.com", "docslib.org", "orkg.org", "51cgj.com", "primidi.com", "theinfolist.com",
    "grokipedia.com", "blogspot.com",
)
#: The standard wording of that reason (data/README.md, conventions).
NO_BETTER_PAGE = re.compile(r"\bno primary or news page\b", re.IGNORECASE)


def row_id(row):
    return f"{row['source']}-{row['target']}-{row['start']}"


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_citation_is_a_plain_web_address(row):
    parts = urlsplit(row["citation"])
    assert parts.scheme in ("http", "https"), row["citation"]
    assert parts.hostname and not parts.hostname.endswith("."), row["citation"]
    assert not MOBILE_WIKIPEDIA.search(parts.hostname), row["citation"]


def is_second_hand(url):
    host = urlsplit(url).hostname
    return any(host == known or host.endswith("." + known) for known in SECOND_HAND_HOSTS)


@pytest.mark.parametrize(
    ("url", "expected"),
    [("https://wikimili.com/en/X", True), ("http://w.owiki.org/wiki/X", True), ("https://a.blogspot.com/x", True),
     ("https://en.wikipedia.org/wiki/X", False), ("https://notwikimili.com/x", False)],
)
def test_second_hand_hosts_match_whole_host_names(url, expected):
    assert is_second_hand(url) is expected


def test_a_row_citing_a_mirror_or_aggregator_says_why_in_its_note():
    silent = [row for row in ROWS if is_second_hand(row["citation"]) and not NO_BETTER_PAGE.search(row["note"])]
    assert [(row_id(row), row["citation"]) for row in silent] == []


def test_every_tie_lies_within_both_states_lifetimes():
    table = registry().table
    starts, _ = parse_column(RAW["start"], "start", STORY.name, as_end=False)
    ends, _ = parse_column(RAW["end"], "end", STORY.name, as_end=True)
    outside = []
    for side in ("source", "target"):
        founded = np.array(table["founded"].reindex(RAW[side]).replace("", "NaT").tolist(), dtype="datetime64[D]")
        dissolved = np.array(table["dissolved"].reindex(RAW[side]).replace("", "NaT").tolist(), dtype="datetime64[D]")
        before = ~np.isnat(founded) & (starts < founded)
        after = ~np.isnat(dissolved) & (np.isnat(ends) | (ends > dissolved))
        outside += [(row_id(ROWS[i]), RAW[side][i], "before founding") for i in np.flatnonzero(before)]
        outside += [(row_id(ROWS[i]), RAW[side][i], "after dissolution") for i in np.flatnonzero(after)]
    assert outside == []


def test_the_koreas_lifetimes_are_recorded_with_a_source():
    table = registry().table
    assert table.loc[["PRK", "KOR"], "founded"].tolist() == ["1948-09-09", "1948-08-15"]
    dated = table[table["founded"] != ""]
    assert dated["existence_source"].str.startswith("https://").all()
    assert (dated["dissolved"].eq("") | (dated["dissolved"] > dated["founded"])).all()


TREATY_ROWS = [row for row in ROWS if row["type"] in TREATY_TYPES or TREATY_WORDS.search(row["label"])]


def test_the_treaty_rule_covers_the_alliances():
    assert len(TREATY_ROWS) >= 30


@pytest.mark.parametrize("row", TREATY_ROWS, ids=row_id)
def test_treaty_rows_start_at_signature_and_note_the_entry_into_force(row):
    note = row["note"]
    assert "Start = signature" in note, note
    if "entry into force not found" in note:
        return
    match = IN_FORCE.search(note)
    assert match, note
    in_force = pd.Timestamp(f"{match[1]} {match[2]} {match[3]}")
    assert pd.Timestamp(row["start"]) <= in_force, (row["start"], match[0])


@pytest.mark.parametrize(
    ("day", "expected"),
    [("1960-01-01", "Republic of China"), ("1971-10-24", "Republic of China"), ("1971-10-25", "Taiwan"),
     ("2000-01-01", "Taiwan")],
)
def test_the_republic_of_china_is_named_by_its_un_seat(day, expected):
    assert registry().names_at(np.array(["TWN"]), np.datetime64(day)).tolist() == [expected]

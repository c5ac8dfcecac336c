"""The bundled dataset's source rules (data/README.md, "Sources"): every row cites a page of an allowed kind.

A citation's host is mapped to a kind from the explicit lists below (a listed domain covers its subdomains). A row whose
host is in none of them (a blog, a wiki mirror, a small site, a reprint or an aggregator) passes only if its note says
that no better page was found, in the README's words ("no primary or news page ... found").
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest

from tests.conftest import STORY

RAW = pd.read_csv(STORY, dtype=str, keep_default_na=False)
ROWS = RAW.to_dict("records")
README = (Path(STORY).parent / "README.md").read_text(encoding="utf-8")

#: The allowed kinds and the domains that count as each.
ALLOWED = {
    # Governments, ministries, embassies, international organizations, treaty collections and document archives, and
    # official news agencies and state broadcasters, named as such.
    "official": (
        "mofa.go.kr", "mofa.go.jp", "gov.pl", "mfa.rs", "auswaertiges-amt.de", "admin.ch", "mfa.gov.ir", "rtvm.gov.ph",
        "pna.gov.ph", "indembassyseoul.gov.in", "history.state.gov", "usembassy-china.org.cn", "iaea.org", "un.org",
        "presidency.ucsb.edu", "digitalarchive.wilsoncenter.org", "avalon.law.yale.edu",
        "kcna.co.jp",             # KCNA's own English service (Korea News Service, Tokyo); kcnawatch.org is an aggregator
        "tass.ru", "tass.com",    # TASS
        "news.cn",                # Xinhua
        "people.cn",              # People's Daily
        "cctv.com",               # China Central Television
        "vnanet.vn",              # Vietnam News Agency
        "vov.vn",                 # Voice of Vietnam
        "montsame.mn",            # Montsame, Mongolia's national news agency
        "vom.mn",                 # Voice of Mongolia
        "radiohc.cu",             # Radio Habana Cuba
        "sputniknews.com",        # Sputnik (Rossiya Segodnya)
    ),
    # Newspapers, broadcasters and news agencies (an agency's wire text as published by a news outlet counts as news).
    "news": (
        "reuters.com", "apnews.com", "bbc.com", "bbc.co.uk", "nytimes.com", "theguardian.com", "aljazeera.com",
        "washingtonpost.com", "latimes.com", "cnn.com", "upi.com", "voakorea.com", "yna.co.kr", "koreaherald.com",
        "koreatimes.co.kr", "kbs.co.kr", "nknews.org", "dailynk.com", "interfax.com", "dw.com", "rts.ch", "scmp.com",
        "straitstimes.com", "thesundaily.my", "irrawaddy.com", "philstar.com", "mb.com.ph", "sunstar.com.ph",
        "nation.com.pk", "rediff.com", "dtnext.in", "businesskorea.co.kr", "businessinsider.com.pl", "youm7.com",
        "citynews.ca",            # CityNews (Rogers), here with the AP's report
        "gruponacion.cdn.arcpublishing.com",  # La Nación (Costa Rica) on its own publishing host
        "news.tj",                # Asia-Plus, Tajikistan
        "oananews.org",           # news service of the Organization of Asia-Pacific News Agencies (member agencies' texts)
    ),
    # Encyclopaedias, universities, journals and academic publishers, think tanks.
    "reference": (
        "britannica.com", "en.wikipedia.org", "pitt.edu", "cuni.cz", "teachingamericanhistory.org", "works.bepress.com",
        "cambridge.org", "taylorfrancis.com", "ceeol.com", "iias.asia", "asaninst.org", "idsa.in", "icwa.in", "cfr.org",
        "csis.org", "brookings.edu", "38north.org",
    ),
}
#: The words a note uses to say that no page of an allowed kind was found (data/README.md).
NO_BETTER_SOURCE = re.compile(r"\bno primary or (reputable )?news (page|source)\b", re.IGNORECASE)


def kind_of(url):
    """The allowed kind of a citation, or None when its host is on none of the lists."""
    host = urlsplit(url).hostname or ""
    for kind, domains in ALLOWED.items():
        if any(host == domain or host.endswith("." + domain) for domain in domains):
            return kind
    return None


def unsourced(rows):
    """The rows citing a page of no allowed kind whose note does not say that no better page was found."""
    return [row for row in rows if kind_of(row["citation"]) is None and not NO_BETTER_SOURCE.search(row["note"])]


def row_id(row):
    return f"{row['source']}-{row['target']}-{row['start']} {row['label']} ({urlsplit(row['citation']).hostname})"


@pytest.mark.parametrize(
    ("url", "expected"),
    [("https://www.mofa.go.jp/press/x.html", "official"), ("http://kcna.co.jp/item/x.html", "official"),
     ("https://kcnawatch.org/newstream/x", None), ("https://m.koreaherald.com/view.php?ud=1", "news"),
     ("https://kids.britannica.com/students/article/x", "reference"), ("https://en.wikipedia.org/wiki/X", "reference"),
     ("http://w.owiki.org/wiki/X", None), ("https://kfaswitzerland.blogspot.com/2016/07/x.html", None),
     ("https://notreuters.com/x", None), ("https://www.history.com/this-day-in-history/x", None)],
)
def test_a_citation_is_mapped_to_its_kind_by_its_whole_domain(url, expected):
    assert kind_of(url) == expected


def test_each_domain_has_one_kind():
    domains = [domain for listed in ALLOWED.values() for domain in listed]
    assert len(domains) == len(set(domains))


def test_every_row_cites_an_allowed_kind_or_says_no_better_page_was_found():
    assert [row_id(row) for row in unsourced(ROWS)] == []


def test_a_blog_citation_without_the_reason_fails_and_with_it_passes():
    row = {**ROWS[0], "citation": "https://someone.blogspot.com/2016/07/post.html", "note": "Month from a blog."}
    assert unsourced([row]) == [row]
    noted = {**row, "note": "Source: a blog; no primary or reputable news source found in the stored copies."}
    assert unsourced([noted]) == []


def test_the_rows_resting_on_other_pages_are_few_and_named_in_the_readme():
    others = sorted({urlsplit(row["citation"]).hostname for row in ROWS if kind_of(row["citation"]) is None})
    assert len(others) <= 5, others
    assert [host for host in others if host.removeprefix("www.") not in README] == []


def test_the_readme_lists_every_allowed_domain():
    sources = README.split("### Sources of the rows", 1)[1].split("\n## ", 1)[0]
    assert [domain for listed in ALLOWED.values() for domain in listed if f"`{domain}`" not in sources] == []

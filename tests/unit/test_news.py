"""The focus's news: in April 2025 North Korea's own ties do not change, but its former ally Syria opens
relations with its rival South Korea (the seed story), and "What changed" says so first."""

import pytest

from alliance_atlas.frames import Frames
from alliance_atlas.news import focus_news, roles
from alliance_atlas.selection import Selection
from components.changes_panel import frame_listing

NORTH_KOREA = Selection(focus="PRK")


@pytest.fixture(scope="module")
def months(story_network):
    return Frames(story_network, "month")


def test_the_states_around_north_korea_in_april_2025(months):
    found = roles(months, NORTH_KOREA, months.index_of("2025-04"))
    ids = months.network.node_ids
    named = {ids[node]: role for node, role in found.items()}
    assert named["SYR"] == "former ally", "Syria's ties ended with Assad's fall, 2024-12, within 36 months"
    assert named["KOR"] == named["USA"] == named["JPN"] == "rival"
    assert named["RUS"] == named["CHN"] == "ally"


def test_syria_opening_relations_with_the_south_is_north_koreas_news(months):
    news = focus_news(months, NORTH_KOREA, months.index_of("2025-04"))
    assert news["news"].tolist() == ["Syria, North Korea's ally until 2024-12, opened relations with South Korea, "
                                     "its rival"]
    listing = str(frame_listing(months, NORTH_KOREA, months.index_of("2025-04")))
    assert listing.index("Around North Korea") < listing.index("No ally, partner or rival changed in 2025-04")


def test_a_former_ally_is_news_only_within_the_switch_window(months):
    one_month = Selection(focus="PRK", window=1)
    assert focus_news(months, one_month, months.index_of("2025-04")).empty
    assert focus_news(months, Selection(), months.index_of("2025-04")).empty, "no focus, no news around it"

"""Guided tours: the bundled story's stops and sources, a tour file read as JSON or YAML, and what a bad one
is told."""

import pandas as pd
import pytest

from alliance_atlas.tours import TourError, bundled_tours, read_tour, stop_query, tour_at
from tests.conftest import STORY


def test_the_story_tour_goes_from_the_1961_treaties_to_syria_s_switch_citing_the_data_s_own_sources():
    tour = bundled_tours()["story"]
    assert 5 <= len(tour.stops) <= 8 and tour.dataset == "korea"
    dates = [stop.date for stop in tour.stops]
    assert dates == sorted(dates) and dates[0].startswith("1961") and dates[-1] == "2025-04"
    assert "2024-06" in dates and "2024-12" in dates, "Russia's treaty and Assad's fall"
    cited = set(pd.read_csv(STORY)["citation"].dropna())
    for stop in tour.stops:
        assert stop.citations and set(stop.citations) <= cited, f"{stop.date}: every source is a row's of the data"
        assert stop.focus == "PRK" and len(stop.caption) < 300


def test_a_tour_file_in_yaml_reads_as_its_json_does():
    yaml_text = "title: Two stops\nstops:\n  - date: '2024-12'\n    focus: PRK\n    caption: Assad falls.\n" \
                "  - date: '2025-04'\n    layout: geo\n    caption: Syria turns.\n    citations: [https://example.org/a]\n"
    tour = read_tour(yaml_text)
    assert tour.title == "Two stops" and [stop.date for stop in tour.stops] == ["2024-12", "2025-04"]
    assert tour.stops[1].query() == {"date": "2025-04", "layout": "geo"}
    assert read_tour(yaml_text.encode()) == tour


@pytest.mark.parametrize("text, message", [
    ("[1, 2]", "a mapping with a list"),
    ('{"stops": []}', "1 to 50 stops"),
    ('{"stops": [{"date": "2024"}]}', "needs a date and a caption"),
    ('{"stops": [{"date": "2024", "caption": "x", "zoom": 3}]}', "zoom, which a tour does not know"),
    ('{"stops": [{"date": "2024", "caption": "x", "layout": "3d"}]}', "the layout is one of"),
    ('{"stops": [{"date": "2024", "caption": "x", "citations": ["javascript:alert(1)"]}]}', "web addresses"),
    ('{"stops": [{"date": "2024", "caption": "x"}], "script": 1}', "script, which a tour does not know"),
    ("stops: [unclosed", "not JSON or YAML"),
    ("!!python/object/apply:os.system ['true']", "not JSON or YAML"),
    (b"\xff\xfe", "UTF-8"),
    ("x" * 300_000, "at most 256 KB"),
])
def test_a_bad_tour_file_is_told_what_is_wrong(text, message):
    with pytest.raises(TourError, match=message):
        read_tour(text)


def test_a_link_s_stop_is_held_to_the_tour_and_its_view_is_the_stop_s():
    tours = bundled_tours()
    name, tour, stop = tour_at({"tour": "story", "stop": "3"}, tours)
    assert (name, stop) == ("story", 2)
    assert stop_query(tour, stop) == {"dataset": "korea", "date": tour.stops[2].date, "focus": "PRK"}
    assert tour_at({"tour": "story", "stop": "0"}, tours)[2] == 0
    assert tour_at({"tour": "story", "stop": "x"}, tours)[2] == 0
    assert tour_at({"tour": "story", "stop": "99"}, tours)[2] == len(tour.stops) - 1
    assert tour_at({"tour": "elsewhere"}, tours) is None

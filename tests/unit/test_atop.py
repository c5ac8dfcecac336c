"""ATOP 5.1 dyad-year file: states, span, and allied pairs per year against the raw file."""

import numpy as np
import pandas as pd

from alliance_atlas.frames import Frames
from alliance_atlas.selection import Selection
from alliance_atlas.io import atop
from tests.conftest import ATOP, need

FLAGS = ["defense", "offense", "neutral", "nonagg", "consul"]


def test_states_span_and_types(atop_network):
    assert len(atop_network.node_ids) == 207
    years = Frames(atop_network, "year")
    assert (years.labels[0], years.labels[-1]) == ("1815", "2018")
    assert atop_network.source_format == "atop"
    assert set(atop_network.types) == set(atop.OBLIGATIONS.values())
    assert any("no obligation dropped" in w for w in atop_network.warnings)


def test_allied_pairs_per_year_equal_distinct_pairs_in_the_raw_file(atop_network):
    raw = pd.read_csv(need(ATOP))
    allied = raw[raw[FLAGS].sum(axis=1) > 0]
    pairs = pd.DataFrame({"a": allied[["stateA", "stateB"]].min(axis=1), "b": allied[["stateA", "stateB"]].max(axis=1),
                          "year": allied["year"]}).drop_duplicates()
    expected = pairs.groupby("year").size()
    counts = Frames(atop_network, "year").counts().set_index("frame")["partners"]
    counts.index = counts.index.astype(int)
    expected = expected.reindex(counts.index, fill_value=0)
    assert (counts == expected).all(), counts[counts != expected].head()
    assert counts.max() == 4228


def test_north_korea_allied_with_china_and_russia_from_1961(atop_network):
    years = Frames(atop_network, "year")
    partners = set()
    for i in atop_network.edges.index[years.edges_active(years.index_of("1961-12-31"), Selection(focus="PRK"), touching_focus=True)]:
        partners |= {atop_network.edges.at[i, "source"], atop_network.edges.at[i, "target"]}
    assert {"CHN", "RUS"} <= partners
    assert years.edges_active(years.index_of("1960-06-01"), Selection(focus="PRK"), touching_focus=True).size == 0


def test_runs_of_years_become_intervals_open_at_the_last_year():
    rows = pd.DataFrame({"statea": [2, 20, 2, 2, 2], "stateb": [20, 2, 20, 20, 20], "year": [1940, 1940, 1941, 1945, 2018],
                         "defense": [1, 0, 1, 1, 1], "offense": 0, "neutral": 0, "nonagg": [0, 1, 0, 0, 0], "consul": 0})
    net = atop.from_table(rows, "t")
    defense = net.edges[net.edges["type"] == "defense"]
    assert defense["start"].dt.year.tolist() == [1940, 1945, 2018]
    assert defense["end"].dt.year.fillna(0).astype(int).tolist() == [1942, 1946, 0]
    assert net.edges[net.edges["type"] == "nonaggression"]["end"].dt.year.tolist() == [1941]
    assert np.all(net.edges["source"] == "CAN")


def test_tables_name_states_as_on_the_frame_date(atop_network):
    from alliance_atlas.events import ties_in_force

    years = Frames(atop_network, "year")
    table = ties_in_force(years, years.index_of("1960-06-01"), Selection(focus="RUS"))
    assert set(table["country"]) == {"Soviet Union"}
    assert "Russia" not in set(table["partner"])


def test_timeline_hover_names_a_gain_as_on_its_first_day(atop_network):
    from alliance_atlas.figures.timeline import change_hover

    years = Frames(atop_network, "year")
    gains_1961 = change_hover(years, Selection(focus="PRK"), limit=20)[years.index_of("1961-06-01")]
    assert "Soviet Union" in gains_1961 and "Russia" not in gains_1961

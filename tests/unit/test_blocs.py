"""Blocs: communities per frame that keep their label while their members change."""

import numpy as np
import pandas as pd
import pytest

from alliance_atlas.blocs import blocs
from alliance_atlas.events import bloc_switch_table
from alliance_atlas.figures import network_figure
from alliance_atlas.frames import Frames
from alliance_atlas.model import TemporalNetwork
from alliance_atlas.selection import Selection


def years(rows):
    table = pd.DataFrame(rows, columns=["source", "target", "start", "end", "type"])
    table["start"] = pd.to_datetime(table["start"])
    table["end"] = pd.to_datetime(table["end"])
    return Frames(TemporalNetwork(table, name="t", observed_until=np.datetime64("2005-12-31")), "year")


def clique(members, start="1990", end=None):
    return [(a, b, start, end, "defense") for i, a in enumerate(members) for b in members[i + 1:]]


# two blocs; G joins the first in 1995 while B leaves it for the second in 2000
ROWS = clique(["AAA", "BBB", "CCC", "DDD"], end="2000") + clique(["AAA", "CCC", "DDD"], start="2000") \
    + clique(["EEE", "FFF", "HHH"]) + [("GGG", x, "1995", None, "defense") for x in ("AAA", "CCC", "DDD")] \
    + [("BBB", x, "2000", None, "defense") for x in ("EEE", "FFF", "HHH")]


def test_a_bloc_keeps_its_label_while_members_come_and_go():
    frames = years(ROWS)
    found = blocs(frames)
    ids = list(frames.network.node_ids)

    def bloc_of(country, year):
        return found.of_frame(frames.index_of(year))[ids.index(country)]

    first, second = bloc_of("AAA", "1990"), bloc_of("EEE", "1990")
    assert first != second
    assert bloc_of("AAA", "2005") == first and bloc_of("GGG", "2005") == first      # G joined, A's bloc kept its label
    assert bloc_of("BBB", "1999") == first and bloc_of("BBB", "2000") == second    # B switched
    moved = bloc_switch_table(frames)
    assert moved[["state", "left_frame", "joined_frame"]].values.tolist()[0] == ["BBB", "1999", "2000"]
    assert moved["left"].iloc[0] == found.names[first] and moved["joined"].iloc[0] == found.names[second]
    assert len(set(found.names.values())) == len(found.names) and found.colors[first] != found.colors[second]


def test_colour_by_bloc_colours_nodes_and_lists_the_frames_blocs_in_the_legend():
    frames = years(ROWS)
    figure = network_figure(frames, frames.index_of("2002"), Selection(color="bloc"))
    keys = [t for t in figure.data if t.legendgroup == "blocs" and t.visible]
    assert len(keys) == 2 and all(k.name.endswith("(4)") for k in keys)
    nodes = next(t for t in figure.data if t.name == "states")
    colours = dict(zip(nodes.customdata, nodes.marker.color))
    assert colours["BBB"] == colours["EEE"] != colours["AAA"] == colours["GGG"]


def test_atop_blocs_name_the_american_alliance_system(atop_network):
    frames = Frames(atop_network, "year")
    found = blocs(frames)
    ids = list(frames.network.node_ids)
    usa = found.of_frame(frames.index_of("1990"))[ids.index("USA")]
    assert found.names[usa].startswith("United States bloc")
    assert found.of_frame(frames.index_of("1990"))[ids.index("GBR")] == usa or \
        found.of_frame(frames.index_of("1990"))[ids.index("CAN")] == usa


def test_a_renamed_bloc_keeps_its_name_in_legend_chart_switches_and_link():
    from alliance_atlas.figures.bloc_chart import bloc_figure

    frames = years(ROWS)
    found = blocs(frames)
    ids = list(frames.network.node_ids)
    first = found.of_frame(frames.index_of("1990"))[ids.index("AAA")]
    renamed = Selection(color="bloc", bloc_names=((int(first), "Western camp"),))
    legend = [t.name for t in network_figure(frames, frames.index_of("1999"), renamed).data if t.legendgroup == "blocs"]
    assert "Western camp (5)" in legend
    assert "Western camp" in [t.name for t in bloc_figure(frames, 0, renamed).data]
    assert bloc_switch_table(frames, renamed)["left"].iloc[0] == "Western camp"
    parsed, problems = Selection.parse(renamed.to_query(), frames.network)
    assert (parsed, problems) == (renamed, [])
    assert Selection.parse({"bloc_names": "1:<b>x</b>"}, frames.network)[1]


def test_atop_cold_war_camps_hold_through_helsinki(atop_network):
    """NATO and the Warsaw Pact are two blocs every year of the Cold War, 1975 included, when ATOP
    codes the Helsinki Final Act as a non-aggression pact binding both camps."""
    frames = Frames(atop_network, "year")
    found = blocs(frames)
    ids = list(frames.network.node_ids)
    for year in range(1956, 1990):
        of_frame = found.of_frame(frames.index_of(str(year)))
        west = {int(of_frame[ids.index(state)]) for state in ("USA", "GBR", "FRA", "ITA", "TUR")}
        east = {int(of_frame[ids.index(state)]) for state in ("RUS", "POL", "HUN", "BGR", "ROU")}
        assert len(west) == 1 and len(east) == 1 and west != east and -1 not in west | east, year


def test_atop_blocs_have_unique_names_and_distinct_colours_in_every_frame(atop_network):
    found = blocs(Frames(atop_network, "year"))
    alive = found.members.drop_duplicates(["frame", "bloc"])
    names = alive["bloc"].map(found.names)
    colours = alive["bloc"].map(found.colors)
    assert not names.groupby(alive["frame"]).apply(lambda n: n.duplicated().any()).any()
    assert (colours >= 0).all() and not colours.groupby(alive["frame"]).apply(lambda c: c.duplicated().any()).any()


def test_atop_switches_are_realignments_a_historian_knows(atop_network):
    """Italy leaves the Triple Alliance for the Entente (1915), Romania the Central Powers' side (1916),
    Egypt the British alliance for the Arab League's pact (1950); no NATO or Warsaw Pact member
    switches during the Cold War; every switch names the partners lost and gained."""
    table = bloc_switch_table(Frames(atop_network, "year"))
    listed = set(zip(table["state"], table["joined_frame"]))
    assert {("Italy", "1915"), ("Romania", "1916"), ("Egypt", "1950")} <= listed
    cold_war = table[table["joined_frame"].astype(int).between(1950, 1989)]
    camps = {"United States", "United Kingdom", "France", "Italy", "Turkey", "Soviet Union", "Poland", "Hungary"}
    assert not set(cold_war["state"]) & camps
    assert table["ties"].str.fullmatch(r"lost [^;]+; gained .+").all()
    years = table["joined_frame"].astype(int).tolist()
    assert years == sorted(years, reverse=True), "newest first, as the panel lists them"


def test_blocs_come_only_from_defence_and_offence_pacts_where_the_data_has_them():
    """A non-aggression pact alone makes no bloc when the data has defence pacts."""
    rows = clique(["AAA", "BBB", "CCC"]) + [(a, b, "1990", None, "nonaggression") for a, b in
                                           (("DDD", "EEE"), ("DDD", "FFF"), ("EEE", "FFF"))]
    found = blocs(years(rows))
    assert found.members["node"].nunique() == 3


def test_blocs_are_computed_once_per_shared_store(story_network, monkeypatch, tmp_path):
    """A second worker (its own cache empty, the store shared) reads the first one's communities and
    gets the same blocs, names and switches (the store's entries are read without pickle:
    tests/unit/test_store_safety.py)."""
    from alliance_atlas import blocs as module
    from alliance_atlas import shared
    from components.shared_store import PrivateFileStore

    monkeypatch.setattr(shared, "_store", PrivateFileStore(str(tmp_path)))
    years = Frames(story_network, "year")
    module._blocs.cache_clear()
    first = blocs(years)
    module._blocs.cache_clear()
    monkeypatch.setattr(module, "_communities", lambda *args: pytest.fail("communities computed again"))
    try:
        second = blocs(years)
    finally:
        module._blocs.cache_clear()
    assert second.members.equals(first.members) and second.names == first.names
    assert second.switches.equals(first.switches)

"""Blocs: communities per frame that keep their label while their members change."""

import numpy as np
import pandas as pd

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

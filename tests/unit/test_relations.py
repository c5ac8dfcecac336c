"""Kinds of relation and layers: a file of disputes reads as disputes (titles, timeline, "What changed",
CSVs), and ATOP with a dispute file as a hostile layer is one signed network whose side switches run."""

import csv
import io

import pandas as pd
import pytest

from alliance_atlas.events import pair_change_table
from alliance_atlas.export.tables import changes_csv, switches_csv, timeline_csv
from alliance_atlas.figures.network import network_figure, node_hover
from alliance_atlas.figures.timeline import timeline_figure
from alliance_atlas.frames import Frames
from alliance_atlas.commands.cli import main
from alliance_atlas.hosting.datasets import Source, dataset_title
from alliance_atlas.io import load
from alliance_atlas.relations import Layer
from alliance_atlas.selection import Selection
from alliance_atlas.views import frame_view
from components.changes_panel import frame_listing
from tests.conftest import ATOP, need
from tests.unit.test_panel import MID_HEADER

#: Disputes in the dyadic MID layout (COW codes; one row per dispute dyad and year), among them two the
#: issue names: Denmark (390) and Estonia (366) against Russia (365) in 2014.
DISPUTES = [
    "4300,1,390,DEN,365,RUS,-9,3,2014,-9,12,2014,5,1,0,7,3,0,2014",
    "4301,1,366,EST,365,RUS,5,9,2014,-9,10,2014,5,1,0,7,3,0,2014",
    "4302,1,731,PRK,732,ROK,3,5,1999,30,6,2001,2,3,1,17,4,1,1999",
]


def dispute_file(tmp_path, rows=DISPUTES, name="dyadic_mid_4.02.csv"):
    path = tmp_path / name
    path.write_text("\n".join([MID_HEADER, *rows]) + "\n")
    return path


@pytest.fixture
def disputes(tmp_path):
    return Frames(load(dispute_file(tmp_path)), "month")


def test_a_dispute_file_is_titled_and_counted_as_disputes(disputes):
    frame = disputes.index_of("2014-03")
    title = network_figure(disputes, frame).layout.title.text
    assert "Disputes, 2014-03" in title and "lliance" not in title
    timeline = timeline_figure(disputes, frame)
    assert "Disputes begun and ended" in timeline.layout.title.text
    names = [trace.name for trace in timeline.data]
    assert {"disputes begun", "disputes ended", "pairs in dispute"} <= set(names)
    assert not {"allies gained", "allies lost", "allied pairs"} & set(names)
    begun = next(trace for trace in timeline.data if trace.name == "disputes begun")
    assert begun.y[frame] == 1, "Denmark–Russia began in 2014-03"
    view = frame_view(disputes, frame, Selection())
    names = disputes.network.node_names(disputes.bounds[frame].astype("datetime64[D]"))
    hovers = " ".join(node_hover(view, names).tolist())
    assert "<b>Russia</b><br>1 dispute" in hovers and "all" not in hovers


def test_what_changed_in_a_dispute_file_speaks_of_disputes(disputes):
    frame = disputes.index_of("2014-03")
    listing = str(frame_listing(disputes, Selection(), frame))
    assert "1 disputes begun, 0 ended" in listing and "allies" not in listing
    assert "No dispute began or ended in 2014-02" in str(frame_listing(disputes, Selection(), frame - 1))
    table = pair_change_table(disputes, Selection(), frame)
    assert table[["country", "partner", "change"]].values.tolist() == [["Denmark", "Russia", "dispute begun"]]


def test_the_changes_csv_of_a_dispute_file_names_disputes(disputes):
    rows = list(csv.DictReader(io.StringIO(changes_csv(disputes, Selection(), 0))))
    assert {row["change"] for row in rows} == {"dispute begun", "dispute ended"}
    timeline = list(csv.DictReader(io.StringIO(timeline_csv(disputes, Selection()))))
    assert list(timeline[0]) == ["frame", "disputes_begun", "disputes_ended", "pairs_in_dispute", "ties_gained",
                                 "ties_lost", "ties_in_force"]
    assert {row["frame"]: row["pairs_in_dispute"] for row in timeline}["2014-09"] == "2"


def test_a_file_named_for_conflict_without_columns_of_one_is_guessed_hostile_only_untyped(tmp_path):
    panel = tmp_path / "rivals.csv"
    panel.write_text("statea,stateb,year\n731,732,1999\n")
    assert load(panel).types == ("dispute",)
    typed = tmp_path / "rivalries_and_pacts.csv"
    typed.write_text("source,target,start,type\nPRK,CHN,1961,defense\n")
    assert load(typed).types == ("defense",)


def test_kind_on_the_command_line_decides_and_is_checked(tmp_path, capsys):
    path = dispute_file(tmp_path)
    assert main(["summary", str(path), "--kind", "alliance"]) == 0
    assert "dyadic_mid_4_02" in capsys.readouterr().out
    assert main(["summary", str(path), "--kind", "hostile"]) == 0
    out = capsys.readouterr().out
    assert "dispute 3" in out and "pairs in dispute" in out and "read as" not in out
    with pytest.raises(SystemExit):
        main(["summary", str(path), "--kind", "enemy"])
    assert "invalid choice: 'enemy'" in capsys.readouterr().err


def test_summary_lists_the_layers(tmp_path, capsys):
    path = dispute_file(tmp_path)
    story = tmp_path / "pacts.csv"
    story.write_text("source,target,start,type\nDenmark,Estonia,2004,defense\n")
    assert main(["summary", str(story), "--layer", f"hostile={path}"]) == 0
    out = capsys.readouterr().out
    assert "layers    pacts.csv (alliances); dyadic_mid_4.02.csv (hostile ties (disputes))" in out
    assert "types     defense 1, dispute 3" in out


def test_a_bad_layer_is_one_line(tmp_path, capsys):
    path = dispute_file(tmp_path)
    with pytest.raises(SystemExit):
        main(["summary", str(path), "--layer", "enemies.csv"])
    assert "a layer is RELATION=FILE" in capsys.readouterr().err
    assert main(["summary", str(path), "--layer", f"hostile={tmp_path / 'missing.csv'}"]) == 2
    assert "missing.csv" in capsys.readouterr().err


@pytest.fixture(scope="module")
def atop_with_disputes(tmp_path_factory):
    """ATOP with a hostile layer in the MID layout: the 2014 disputes above, and one of Turkey (640) with the
    Soviet Union (365) from the Straits crisis of August 1946 to 1953 (an illustrative span: the shared data
    holds no MID file)."""
    straits = ["9001,1,640,TUR,365,RUS,7,8,1946,-9,12,1953,5,1,0,7,3,0,1946"]
    path = dispute_file(tmp_path_factory.mktemp("layers"), DISPUTES + straits)
    return Source(need(ATOP), layers=(Layer("hostile", path),)).load()


def test_atop_with_a_hostile_layer_is_one_network_titled_for_both(atop_with_disputes):
    net = atop_with_disputes
    assert net.layers == (("alliance", "atop5_1ddyr.csv.gz"), ("hostile", "dyadic_mid_4.02.csv"))
    assert "dispute" in net.types and "defense" in net.types
    assert {"DNK", "EST", "RUS", "TUR"} <= set(net.node_ids), "states matched by id across the layers"
    assert dataset_title(net) == "ATOP 5.1 alliances + dyadic_mid_4.02.csv (hostile ties (disputes)), 1815–2018"
    years = Frames(net, "year")
    assert "Alliances and disputes, 2014" in network_figure(years, years.index_of("2014")).layout.title.text


def test_a_hostile_layer_gives_atop_side_switches_between_rivals(atop_with_disputes):
    """Hungary's wartime neutrality pact with Turkey ended in 1946 and its treaty with the Soviet Union,
    Turkey's adversary in the layer, began in 1948: the seed's definition of a switch, on research data.
    Every switch listed is checked against the ties themselves."""
    net = atop_with_disputes
    years = Frames(net, "year")
    rows = list(csv.DictReader(io.StringIO(switches_csv(years, Selection()))))
    assert {row["kind"] for row in rows} == {"rival"}
    assert ("HUN", "Turkey", "Soviet Union", "1945", "1948") in {
        (row["state"], row["from"], row["to"], row["left"], row["joined"]) for row in rows}
    edges = net.edges.assign(start_year=net.edges["start"].dt.year, end_year=net.edges["end"].dt.year)
    hostile = edges[edges["type"] == "dispute"]
    for row in rows:
        state, left, joined = row["state"], row["lost"], row["gained"]
        lost = pair_ties(edges, state, left)
        gained = pair_ties(edges, state, joined)
        assert (lost["type"] != "dispute").any() and (gained["type"] != "dispute").any()
        assert (gained["start_year"] == int(row["joined"])).any(), row
        assert lost["end_year"].max() <= int(row["joined"]), row
        assert not pair_ties(hostile, left, joined).empty, f"{row}: the sides are not adversaries in the layer"


def pair_ties(edges: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    return edges[((edges["source"] == a) & (edges["target"] == b)) | ((edges["source"] == b) & (edges["target"] == a))]

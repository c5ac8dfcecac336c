"""One selection everywhere: parsed from text once, and honoured by every query, table and export."""

import re
import xml.etree.ElementTree as ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliance_atlas.events import pair_change_table, ties_in_force
from alliance_atlas.export.tables import changes_csv, gexf, timeline_csv
from alliance_atlas.frames import Frames
from alliance_atlas.commands.cli import main
from alliance_atlas.hosting.datasets import DatasetManager
from alliance_atlas.io import load
from alliance_atlas.layout import LAYOUTS
from alliance_atlas.selection import Selection
from components.url_state import link_query, read_link
from components.view_state import ViewState

# France–Italy is light (weight 1) and ends in 1990; France–Germany is heavy; Spain–Portugal has no weight.
WEIGHTED = b"""source,target,start,end,type,weight
France,Germany,1963-01-22,,consultation,9
France,Italy,1970-05-01,1990-03-01,defense,1
Spain,Portugal,1977-11-22,,defense,
"""
HEAVY = Selection(min_weight=2.0)


@pytest.fixture(scope="module")
def weighted():
    return load(WEIGHTED, name="weighted.csv")


@pytest.fixture(scope="module")
def years(weighted):
    return Frames(weighted, "year")


def test_timeline_counts_leave_out_light_ties(years):
    counts = years.counts(HEAVY).set_index("frame")
    everything = years.counts().set_index("frame")
    assert everything.loc["1970", "gained"] == 1 and counts.loc["1970", "gained"] == 0
    assert everything.loc["1990", "lost"] == 1 and counts.loc["1990", "lost"] == 0
    assert everything.loc["1980", "partners"] == 3 and counts.loc["1980", "partners"] == 2


def test_changes_csv_and_table_leave_out_light_ties(years):
    assert "Italy" in changes_csv(years, Selection(), 0) and "Italy" not in changes_csv(years, HEAVY, 0)
    assert set(pair_change_table(years, HEAVY)["partner"]) == {"Portugal"}   # Germany is the baseline, not a gain
    assert "Italy" not in set(ties_in_force(years, years.index_of("1980"), HEAVY)["partner"])


def test_timeline_csv_holds_the_charts_numbers_without_light_ties(years):
    def row(selection: Selection, year: str) -> str:
        return next(line for line in timeline_csv(years, selection).splitlines() if line.startswith(year + ","))

    assert timeline_csv(years, HEAVY).splitlines()[0] == ("frame,allies_gained,allies_lost,ties_changed,allied_pairs,"
                                                          "rivalries_begun,rivalries_ended,ties_gained,ties_lost,ties_in_force")
    assert row(Selection(), "1970") == "1970,1,0,0,2,0,0,1,0,2" and row(HEAVY, "1970") == "1970,0,0,0,1,0,0,0,0,1"
    assert row(Selection(), "1980") == "1980,0,0,0,3,0,0,0,0,3" and row(HEAVY, "1980") == "1980,0,0,0,2,0,0,0,0,2"
    assert row(Selection(), "1990") == "1990,0,1,0,3,0,0,0,1,3" and row(HEAVY, "1990") == "1990,0,0,0,2,0,0,0,0,2"


def test_gexf_leaves_out_light_ties(years):
    def partners(data: bytes) -> set:
        root = ElementTree.fromstring(data)
        return {(e.get("source"), e.get("target")) for e in root.iter() if e.tag.endswith("}edge")}

    assert ("FRA", "ITA") in partners(gexf(years, Selection()))
    assert ("FRA", "ITA") not in partners(gexf(years, HEAVY)) and ("ESP", "PRT") in partners(gexf(years, HEAVY))


def test_cli_carries_the_minimum_weight(tmp_path, capsys):
    data = tmp_path / "weighted.csv"
    data.write_bytes(WEIGHTED)
    out = tmp_path / "ties.csv"
    assert main(["export", str(data), "--date", "1980", "--min-weight", "2", "-o", str(out)]) == 0
    assert "Germany" in out.read_text() and "Italy" not in out.read_text()
    assert main(["export", str(data), "--min-weight", "heavy", "-o", str(out)]) == 2
    assert "minimum weight must be a number" in capsys.readouterr().err


def test_the_url_round_trips_every_field(tmp_path):
    data = tmp_path / "weighted.csv"
    data.write_bytes(WEIGHTED)
    manager = DatasetManager(data)
    state = ViewState.build(manager, dataset="weighted", step="year", layout="circle", types=["defense"],
                            focus="FRA", depth=2, min_weight=2, all_allies=True)
    query = link_query(state)
    link = read_link("?" + "&".join(f"{k}={v}" for k, v in query.items()), manager, None)
    assert (link.dataset, link.step, link.selection, link.problems) == ("weighted", "year", state.selection, ())
    assert link.selection == Selection(layout="circle", types=("defense",), focus="FRA", depth=2, min_weight=2.0,
                                       allies="all")


@given(
    layout=st.sampled_from(LAYOUTS),
    types=st.one_of(st.none(), st.lists(st.sampled_from(["consultation", "defense"]), min_size=1, max_size=2, unique=True)),
    focus=st.sampled_from([None, "FRA", "DEU", "ESP"]),
    depth=st.sampled_from([1, 2]),
    min_weight=st.one_of(st.none(), st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)),
    allies=st.sampled_from(["security", "all"]),
)
def test_text_round_trip_of_any_selection(weighted, layout, types, focus, depth, min_weight, allies):
    chosen = Selection(layout, tuple(types) if types else None, focus, depth, min_weight, allies)
    assert Selection.parse(chosen.to_query(), weighted) == (chosen, [])


def test_fitting_drops_what_the_data_lacks(weighted):
    fitted = Selection(types=("defense", "consultation"), focus="PRK", min_weight=3.0).fitted(weighted)
    assert fitted == Selection(types=None, focus=None, min_weight=3.0)
    assert re.search("no weights to filter by", Selection.parse({"min_weight": "2"}, load(b"source,target,start\nFRA,DEU,1963\n",
                                                                               name="plain.csv"))[1][0])

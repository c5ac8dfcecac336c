"""The field's measures on networks whose answers are known by hand, and their CSV exports."""

import io

import numpy as np
import pandas as pd
import pytest

from alliance_atlas.frames import Frames
from alliance_atlas.commands.cli import main
from alliance_atlas.measures import measures
from alliance_atlas.model import TemporalNetwork
from alliance_atlas.selection import Selection


def two_pacts() -> Frames:
    """Two defence triangles (A, B, C) and (D, E, F) from 1990, and a defence tie C-D from 1992."""
    pairs = [("A", "B"), ("A", "C"), ("B", "C"), ("D", "E"), ("D", "F"), ("E", "F"), ("C", "D")]
    edges = pd.DataFrame({"source": [a for a, _ in pairs], "target": [b for _, b in pairs], "type": "defense",
                          "start": pd.to_datetime(["1990"] * 6 + ["1992"]), "end": None})
    return Frames(TemporalNetwork(edges, name="pacts", observed_until=np.datetime64("1993-12-31")), "year")


def test_network_measures_of_two_pacts_and_a_bridge():
    table = measures(two_pacts()).set_index("frame")
    # 1990: two blocs, all ties inside them: modularity 1 - 2 * (1/2)^2 = 0.5, nothing across
    assert table.loc["1990", "blocs"] == 2
    assert table.loc["1990", "modularity"] == pytest.approx(0.5)
    assert table.loc["1990", "polarization"] == 0
    assert table.loc["1990", "density"] == pytest.approx(6 / 15)
    # 1992: the bridge C-D crosses: 1 tie of 7 across, modularity 6/7 - 2 * (7/14)^2 = 5/14
    assert table.loc["1992", "polarization"] == pytest.approx(1 / 7)
    assert table.loc["1992", "modularity"] == pytest.approx(5 / 14)
    assert table.loc["1992", "density"] == pytest.approx(7 / 15)


def test_focus_measures_and_portfolio_similarity():
    table = measures(two_pacts(), Selection(focus="A"), reference="B").set_index("frame")
    # A's allies B and C of five others; A's and B's portfolios over the six states agree everywhere
    assert table.loc["1990", "allies"] == 2
    assert table.loc["1990", "degree_centrality"] == pytest.approx(2 / 5)
    assert table.loc["1990", "s_score"] == pytest.approx(1.0) and table.loc["1990", "kappa"] == pytest.approx(1.0)
    against_e = measures(two_pacts(), Selection(focus="A"), reference="E").set_index("frame")
    # A: (1,1,1,0,0,0), E: (0,0,0,1,1,1): opposite portfolios, S = -1, kappa = -1
    assert against_e.loc["1990", "s_score"] == pytest.approx(-1.0)
    assert against_e.loc["1990", "kappa"] == pytest.approx(-1.0)


def test_cli_writes_blocs_switches_and_measures(tmp_path, atop_network):
    source = tmp_path / "pacts.csv"
    rows = ["source,target,type,start,end"] + [f"{a},{b},defense,1990-01-01," for a, b in
                                               (("USA", "GBR"), ("USA", "FRA"), ("GBR", "FRA"))]
    source.write_text("\n".join(rows) + "\n")
    for what, columns in (("blocs", "frame,state,name,bloc,bloc_name,confidence"),
                          ("switches", "state,name,from,to,left,joined,lost,gained,kind"),
                          ("measures", "frame,blocs,modularity,polarization,density,allies,degree_centrality,s_score,kappa")):
        out = tmp_path / f"{what}.csv"
        assert main(["export", str(source), "--what", what, "--focus", "USA", "--reference", "France",
                     "-o", str(out)]) == 0
        assert out.read_text().splitlines()[0] == columns
    blocs = pd.read_csv(tmp_path / "blocs.csv")
    assert set(blocs["state"]) == {"USA", "GBR", "FRA"} and blocs["bloc_name"].nunique() == 1


def test_cli_refuses_an_unknown_reference(tmp_path, capsys):
    source = tmp_path / "pacts.csv"
    source.write_text("source,target,type,start,end\nUSA,GBR,defense,1990-01-01,\n")
    assert main(["export", str(source), "--what", "measures", "--reference", "Narnia", "-o", str(tmp_path / "m.csv")]) == 2
    assert "unknown reference 'Narnia'" in capsys.readouterr().err


def test_atop_switches_csv_names_the_partners_behind_each_switch(atop_network):
    from alliance_atlas.export import tables

    table = pd.read_csv(io.StringIO(tables.switches_csv(Frames(atop_network, "year"), Selection())), dtype=str)
    italy = table[(table["state"] == "ITA") & (table["joined"] == "1915")].iloc[0]
    assert italy["kind"] == "bloc" and set(italy["lost"].split(";")) >= {"DEU", "AUH"}
    assert set(italy["gained"].split(";")) >= {"GBR", "FRA"}


def test_the_strip_draws_the_focus_against_its_reference_and_a_click_on_it_moves_the_slider():
    from app import create_app
    from tests.callback_requests import baseline, server_callbacks

    app = create_app()
    client = app.server.test_client()
    callbacks = server_callbacks(app)
    page = {("frame-slider", "value"): 40, ("focus", "value"): "PRK", ("measures-reference", "value"): "RUS",
            ("color", "value"): "bloc"}
    strip = next(c for c in callbacks if c.outputs[0] == {"id": "measures-chart", "property": "figure"})
    answer = client.post("/_dash-update-component", json=strip.body(baseline(app, strip, page))).get_json()
    figure = answer["response"]["measures-chart"]["figure"]
    rows = [a["text"] for a in figure["layout"]["annotations"]]
    assert rows[:4] == ["blocs", "modularity", "ties across blocs", "density"] and "S score" in rows
    assert "Russia's" in figure["layout"]["title"]["text"]
    jump = next(c for c in callbacks if c.outputs[0] == {"id": "frame-slider", "property": "value"}
                and any(s.id == "measures-chart" for s in c.inputs))
    values = baseline(app, jump, {**page, ("measures-chart", "clickData"): {"points": [{"x": "2024-12-01"}]}})
    trigger = [s.id for s in jump.inputs].index("measures-chart")
    moved = client.post("/_dash-update-component", json=jump.body(values, trigger)).get_json()
    assert moved["response"]["frame-slider"]["value"] == next(
        i for i, label in enumerate(Frames(app_network(), "month").labels) if label == "2024-12")


def app_network():
    from alliance_atlas.countries import DATA_DIR
    from alliance_atlas.io import load

    return load(DATA_DIR / "korea_alliances.csv")

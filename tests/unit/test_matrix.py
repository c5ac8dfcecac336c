"""The matrix view: row order, the colour of each cell, gains and losses outlined, and the step patch."""

import numpy as np
import pandas as pd
import pytest

from alliance_atlas.figures import network_arrays, network_figure
from alliance_atlas.figures.matrix import GAINED, HEATMAP, LOST, _years_allied, matrix_order
from alliance_atlas.frames import Frames
from alliance_atlas.model import TemporalNetwork
from alliance_atlas.selection import Selection
from alliance_atlas.views import frame_view
from components.network_panel import network_patch

MATRIX = Selection(layout="matrix")
# (a, b, type, start, end): a US-led bloc in the Americas, a Franco-German-Italian bloc in Europe with
# Italy also tied to the United States, an old British-Spanish pair outside any bloc, and one Asian pair
TIES = [
    ("USA", "CAN", "defense", "1949", None),
    ("USA", "MEX", "consultation", "1950", "1960"),
    ("USA", "ITA", "defense", "1949", None),
    ("FRA", "DEU", "defense", "1950", None),
    ("FRA", "DEU", "consultation", "1950", None),
    ("FRA", "ITA", "defense", "1950", None),
    ("DEU", "ITA", "defense", "1956", None),
    ("GBR", "ESP", "nonaggression", "1930", None),
    ("CHN", "PRK", "defense", "1961", None),
]


@pytest.fixture(scope="module")
def years():
    a, b, kind, start, end = zip(*TIES)
    edges = pd.DataFrame({"source": a, "target": b, "type": kind, "start": pd.to_datetime(list(start)),
                          "end": pd.to_datetime(list(end))})
    return Frames(TemporalNetwork(edges, name="hand-built"), "year")


def rows(frames, selection=MATRIX) -> list[str]:
    return frames.network.node_ids[matrix_order(frames, selection).nodes].tolist()


def cell(arrays, frames, a: str, b: str):
    """The heatmap's code and hover text at row ``a``, column ``b``."""
    order = rows(frames)
    row, column = order.index(a), order.index(b)
    text = arrays[HEATMAP]["text"][row]   # a row's labels stop at its last tie
    return arrays[HEATMAP]["z"][row, column], text[column] if column < len(text) else ""


def test_rows_go_by_region_then_bloc_then_years_allied(years):
    order = rows(years)
    # Americas before Europe before Asia; the United States has the most allies in its bloc
    assert order[:3] == ["USA", "CAN", "MEX"]
    # Italy sits most years in the American bloc (it leads Europe, as that bloc lasted longest); France
    # has been allied with two states since 1950, Germany with one and Italy only from 1956; Britain
    # and Spain, allied longest of all, come after the blocs they are not in
    assert order[3:6] == ["ITA", "FRA", "DEU"]
    assert set(order[6:8]) == {"GBR", "ESP"}
    assert set(order[8:]) == {"CHN", "PRK"}
    assert [region for region, _, _ in matrix_order(years, MATRIX).regions] == ["Americas", "Europe", "Asia"]


def test_a_pair_s_several_treaties_count_once_in_years_allied(years):
    net = years.network
    allied = dict(zip(net.node_ids, _years_allied(years, MATRIX, np.arange(len(net)))))
    span = len(years)   # 1930 to 1961
    assert allied["DEU"] == (span - 20) + (span - 26)   # France from 1950 (two treaties), Italy from 1956
    assert allied["MEX"] == 10


def test_rows_keep_their_order_in_every_frame_and_with_a_focus(years):
    first = network_figure(years, 0, MATRIX).data[HEATMAP]
    last = network_figure(years, len(years) - 1, Selection(layout="matrix", focus="FRA")).data[HEATMAP]
    assert [row[0] for row in first.customdata] == [row[0] for row in last.customdata] == rows(years)


def test_a_filter_keeps_only_the_states_it_leaves_a_tie(years):
    assert sorted(rows(years, Selection(layout="matrix", types=("nonaggression",)))) == ["ESP", "GBR"]
    nothing = Selection(layout="matrix", types=())   # every type unticked: an empty matrix, not an error
    assert len(network_figure(years, 0, nothing).data[HEATMAP].z) == 0
    assert network_arrays(frame_view(years, 0, nothing))[HEATMAP]["text"] == []


def test_each_cell_has_the_pair_s_strongest_type_and_names_all_of_them(years):
    types = years.network.types
    arrays = network_arrays(frame_view(years, years.index_of("1960"), MATRIX))
    assert cell(arrays, years, "FRA", "DEU") == cell(arrays, years, "DEU", "FRA") == \
        (types.index("defense") + 1, "defense, consultation")
    assert cell(arrays, years, "ESP", "GBR") == (types.index("nonaggression") + 1, "nonaggression")
    assert cell(arrays, years, "USA", "MEX") == (0, "")   # ended on the last day of 1959
    assert arrays[HEATMAP]["z"].dtype == np.uint8 and arrays[HEATMAP]["z"].shape == (10, 10)
    last_row = arrays[HEATMAP]["text"][rows(years).index("PRK")]
    assert last_row == []   # North Korea has no tie before 1961


def test_cells_gained_and_lost_are_outlined_and_click_to_their_row(years):
    net = years.network
    german_italian = years.index_of("1956")
    arrays = network_arrays(frame_view(years, german_italian, MATRIX))
    names = dict(zip(net.node_ids, net.node_names(years.start_date(german_italian))))
    gained = arrays[GAINED]
    assert sorted(zip(gained["y"], gained["x"], gained["customdata"])) == \
        sorted([(names["DEU"], names["ITA"], "DEU"), (names["ITA"], names["DEU"], "ITA")])
    assert arrays[LOST]["x"] == []
    mexican_end = network_arrays(frame_view(years, years.index_of("1959"), MATRIX))
    assert sorted(mexican_end[LOST]["customdata"]) == ["MEX", "USA"]


def test_clicking_any_cell_focuses_its_row_and_a_focus_outlines_row_and_column(years):
    figure = network_figure(years, years.index_of("1960"), Selection(layout="matrix", focus="ITA"))
    heatmap = figure.data[HEATMAP]
    assert all(set(row) == {state} for row, state in zip(heatmap.customdata, rows(years)))
    italy = rows(years).index("ITA")
    outlined = {(s.x0, s.x1, s.y0, s.y1) for s in figure.layout.shapes if s.type == "rect"}
    assert outlined == {(-0.5, 9.5, italy - 0.5, italy + 0.5), (italy - 0.5, italy + 0.5, -0.5, 9.5)}
    assert len(heatmap.y) == 10   # no row is dropped
    label = next(a for a in figure.layout.annotations if a.text.endswith("Italy"))
    assert label.y == italy


def test_legend_names_every_type_in_its_colour(years):
    from alliance_atlas.figures.style import type_style

    figure = network_figure(years, 0, MATRIX)
    keys = {t.name: t.marker.color for t in figure.data if t.legendgroup == "types"}
    assert keys == {kind.capitalize(): type_style(kind)[0] for kind in years.network.types}


def test_the_step_patch_sends_type_codes_as_one_typed_matrix(years):
    patch = network_patch(frame_view(years, years.index_of("1960"), MATRIX)).to_plotly_json()["operations"]
    z = next(op["params"]["value"] for op in patch if op["location"] == ["data", HEATMAP, "z"])
    assert z["dtype"] == "u1" and z["shape"] == "10,10" and len(z["bdata"]) == 4 * -(-100 // 3)


def test_atop_2018_has_a_row_for_each_of_its_207_states(atop_network):
    frames = Frames(atop_network, "year")
    arrays = network_arrays(frame_view(frames, frames.index_of("2018"), MATRIX))
    assert arrays[HEATMAP]["z"].shape == (207, 207)
    codes = arrays[HEATMAP]["z"]
    assert (codes == codes.T).all() and (np.diag(codes) == 0).all()
    assert np.count_nonzero(codes) == 2 * 4228   # every allied pair, both ways


def test_compare_mode_outlines_cells_at_one_date_only(years):
    figure = network_figure(years, years.index_of("1960"), Selection(layout="matrix", compare="1950"))
    later, earlier = figure.data[GAINED], figure.data[LOST]
    assert (later.name, earlier.name) == ("only at the later date", "only at the earlier date")
    assert sorted(later.customdata) == ["DEU", "ITA"] and sorted(earlier.customdata) == ["MEX", "USA"]


def test_atop_s_thin_rows_are_named_at_the_right_clear_of_the_legend_and_the_focus_at_the_left(atop_network):
    years = Frames(atop_network, "year")
    figure = network_figure(years, years.index_of("1990"), Selection(layout="matrix", focus="USA"))
    assert figure.layout.yaxis.showticklabels and figure.layout.yaxis.side == "right"
    assert not figure.layout.xaxis.showticklabels, "the columns are named by the hover (the matrix is symmetric)"
    assert figure.layout.legend.xref == "container" and figure.layout.legend.xanchor == "right"
    assert figure.layout.margin.r > 150, "room for the names and the legend beside them"
    notes = {note.text: note for note in figure.layout.annotations}
    focus = notes["United States ▶"]
    assert (focus.x, focus.xanchor) == (-0.5, "right")
    # no region's name on the focus's line
    regions = [note for note in figure.layout.annotations if note.text in ("Americas", "Europe", "Africa")]
    assert regions and all(abs(note.y - focus.y) > 3 for note in regions)


def test_a_small_matrix_names_every_row_and_column_and_its_focus_at_the_row_s_end(years):
    figure = network_figure(years, len(years) - 1, Selection(layout="matrix", focus="PRK"))
    assert figure.layout.xaxis.showticklabels and figure.layout.yaxis.showticklabels
    assert figure.layout.yaxis.side != "right"
    assert any(note.text.startswith("◀ ") for note in figure.layout.annotations)

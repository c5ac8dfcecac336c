"""Figure functions: what the analyst sees in each chart, and slider patches equal to full figures."""

import base64
import copy
import json

import numpy as np
import pytest

from alliance_atlas.figures import ally_gantt_figure, network_figure, timeline_figure
from alliance_atlas.figures.matrix import GAINED, HEATMAP, LOST
from alliance_atlas.frames import Frames
from alliance_atlas.selection import Selection
from alliance_atlas.views import frame_view
from alliance_atlas.figures.frame_book import NO_LABEL
from components.network_panel import network_patch, shown_figure


@pytest.fixture(scope="module")
def months(story_network):
    return Frames(story_network, "month")


def trace(figure, name):
    return next(t for t in figure.data if t.name == name)


def segments(values) -> int:
    return int(np.isnan(np.asarray(values, dtype=float)).sum())


def test_network_figure_marks_the_syrian_loss_for_north_korea(months):
    december = months.index_of("2024-12-08")
    figure = network_figure(months, december, Selection(focus="PRK"))
    assert "North Korea" in figure.layout.title.text and "2024-12" in figure.layout.title.text
    lost = trace(figure, "lost this month")
    assert segments(lost.x) >= 1
    nodes = trace(figure, "states")
    names = list(nodes.text)
    syria = list(nodes.customdata).index("SYR")
    assert names[syria] == "Syria"
    hover = nodes.hovertext[list(nodes.customdata).index("PRK")]
    assert hover.startswith("<b>North Korea</b>")
    assert "Russia · defense" in hover and "China · defense" in hover
    assert "Data: korea_alliances.csv" in figure.layout.annotations[0].text


def test_a_state_s_hover_lists_each_partner_once_with_all_its_types(months):
    figure = network_figure(months, months.index_of("2025-06-01"), Selection(focus="PRK"))
    nodes = trace(figure, "states")
    lines = nodes.hovertext[list(nodes.customdata).index("PRK")].split("<br>")
    assert lines[1] == "3 allies, 31 partners, 3 rivals"
    russia = [line for line in lines if line.startswith("Russia")]
    assert len(russia) == 1 and russia[0].startswith("Russia · defense, military cooperation, diplomatic · ")
    assert lines[-1] == "… 29 more"   # 37 partners of any kind, 8 listed


def test_same_traces_in_every_frame_so_steps_can_patch(months):
    first = network_figure(months, 0)
    last = network_figure(months, len(months) - 1)
    assert [t.name for t in first.data] == [t.name for t in last.data]
    defense = [t.name for t in first.data].index("Defense")
    assert segments(first.data[defense].x) == 0 < segments(last.data[defense].x)   # none in 1948-01, many in 2025


def test_type_filter_removes_ties(months):
    frame = months.index_of("2025-06-01")
    everything = frame_view(months, frame)
    alliances_only = frame_view(months, frame, Selection(types=("defense",)))
    assert 0 < len(alliances_only.pair_src) < len(everything.pair_src)
    assert (alliances_only.pair_type == months.network.types.index("defense")).all()


def test_gained_ties_are_highlighted(months):
    april = months.index_of("2025-04-10")
    view = frame_view(months, april, Selection(focus="KOR"))
    names = months.network.node_ids
    gained = {tuple(sorted((names[a], names[b]))) for a, b in zip(view.pair_src[view.pair_gained], view.pair_tgt[view.pair_gained])}
    assert ("KOR", "SYR") in gained


@pytest.mark.parametrize("layout", ["force", "geo", "circle"])
def test_layouts_keep_positions_between_frames(months, layout):
    a = network_figure(months, 100, Selection(layout=layout))
    b = network_figure(months, 800, Selection(layout=layout))
    key = "lon" if layout == "geo" else "x"
    assert np.array_equal(getattr(trace(a, "states"), key), getattr(trace(b, "states"), key))
    if layout == "geo":
        assert a.data[0].type == "scattergeo" and a.layout.geo.fitbounds is False


def decoded(value):
    """Typed-array specs and numpy arrays as plain lists, as plotly.js sees them."""
    if isinstance(value, dict) and set(value) - {"shape"} == {"dtype", "bdata"}:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).astype(float)
        return array.reshape([int(d) for d in value["shape"].split(",")]).tolist() if "shape" in value else array.tolist()
    if isinstance(value, np.ndarray):
        return value.astype(float).tolist() if value.dtype.kind == "f" else value.tolist()
    if isinstance(value, dict):
        return {k: decoded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decoded(v) for v in value]
    return value


def apply(figure: dict, patch) -> dict:
    result = copy.deepcopy(figure)
    for operation in patch.to_plotly_json()["operations"]:
        assert operation["operation"] == "Assign"
        *path, leaf = operation["location"]
        target = result
        for key in path:
            target = target[key]
        target[leaf] = operation["params"]["value"]
    return result


@pytest.mark.parametrize("options", [Selection(), Selection(focus="PRK", depth=2), Selection(layout="geo"),
                                     Selection(layout="moving"), Selection(layout="circle", focus="KOR"),
                                     Selection(layout="matrix", focus="PRK"), Selection(layout="matrix", focus="RUS")])
def test_a_sequence_of_step_patches_equals_the_pure_figure(months, options):
    frames = [0, 1, 500, months.index_of("2024-12-08"), months.index_of("2025-04-10"), len(months) - 1]
    shown = shown_figure(frame_view(months, frames[0], options)).to_dict()
    for frame in frames[1:]:
        shown = apply(shown, network_patch(frame_view(months, frame, options)))
    expected = shown_figure(frame_view(months, frames[-1], options)).to_dict()
    assert json.dumps(decoded(shown["data"]), sort_keys=True) == json.dumps(decoded(expected["data"]), sort_keys=True)
    assert shown["layout"]["title"] == expected["layout"]["title"]
    assert shown["layout"]["meta"] == expected["layout"]["meta"]
    # the matrix's focus label names the state as of the frame: the Soviet Union's row reads Russia from 1992
    assert shown["layout"].get("annotations") == expected["layout"].get("annotations")


@pytest.mark.parametrize("layout", ["force", "circle", "moving", "geo", "matrix"])
def test_the_app_s_figure_carries_the_pure_figure_s_lines_for_its_canvas(months, layout):
    """The app's figure moves each trace of lines into layout.meta.lines for the canvas, keeping the trace
    (with one empty point, so the legend lists it): the map's longitude and latitude as x and y, its land
    and sea kept (the canvas lies over them); its meta names the view and size, which a frame book must
    match; the matrix is unchanged but for the colours in which the canvas paints its cells."""
    view = frame_view(months, months.index_of("2024-12-08"), Selection(layout=layout, focus="PRK"))
    shown = shown_figure(view, (900, 600), "v").to_dict()
    assert (shown["layout"]["meta"].pop("view"), shown["layout"]["meta"].pop("size")) == ("v", [900, 600])
    uids = [trace.pop("uid") for trace in shown["data"]]
    # every trace has a uid of its own (plotly.js would pass the states' to another trace); the states' and
    # the matrix's say the canvas draws them
    on_canvas = {HEATMAP: "cells", GAINED: "gained", LOST: "lost"} if layout == "matrix" else {
        index: "states" for index, trace in enumerate(shown["data"])
        if trace.get("name") == "states"}
    assert uids == [on_canvas.get(index, f"trace{index}") for index in range(len(uids))]
    pure = network_figure(months, view.frame, view.selection, (900, 600)).to_dict()
    if layout == "matrix":   # painted in the colours plotly's heatmap gives each code, under the clear plot
        scale = pure["data"][HEATMAP]["colorscale"]
        assert shown["layout"]["meta"].pop("cells") == [color for _, color in scale[::2]] == [c for _, c in scale[1::2]]
        for background in ("paper_bgcolor", "plot_bgcolor"):
            assert shown["layout"].pop(background) == "rgba(0,0,0,0)" and pure["layout"].pop(background) == "white"
    lines = shown["layout"]["meta"].get("lines", {})
    states = [index for index, trace in enumerate(pure["data"]) if trace.get("name") == "states"]
    for index in states:   # a state without a label is written as a space, which plotly.js keeps
        assert shown["data"][index]["text"] == [label or NO_LABEL for label in pure["data"][index]["text"]]
        shown["data"][index]["text"] = pure["data"][index]["text"]
    if layout == "matrix":
        assert not lines and json.dumps(decoded(shown), sort_keys=True) == json.dumps(decoded(pure), sort_keys=True)
        return
    x, y = ("lon", "lat") if layout == "geo" else ("x", "y")
    line_traces = [index for index, trace in enumerate(pure["data"]) if trace.get("mode") == "lines"]
    assert sorted(map(int, lines)) == line_traces
    for index in line_traces:
        for axis, key in (("x", x), ("y", y)):
            np.testing.assert_array_equal(np.float32(decoded(lines[str(index)][axis])),
                                          np.float32(decoded(pure["data"][index][key])))
        assert shown["data"][index][x] == [None] and shown["data"][index]["name"] == pure["data"][index]["name"]
    backgrounds = (shown["layout"]["paper_bgcolor"], shown["layout"]["plot_bgcolor"])
    assert backgrounds == (("white", "white") if layout == "geo" else ("rgba(0,0,0,0)", "rgba(0,0,0,0)"))
    for index in states:  # the canvas draws the labels: plotly keeps only the markers, for hover and clicks
        assert (shown["data"][index]["mode"], pure["data"][index]["mode"]) == ("markers", "markers+text")
        assert shown["data"][index]["textposition"] == pure["data"][index]["textposition"]


def test_timeline_counts_allies_not_ties_and_marks_the_frame(months):
    december, june = months.index_of("2024-12-08"), months.index_of("2024-06-19")
    figure = timeline_figure(months, december, Selection(focus="PRK"))
    gained, lost, changed, allies, switches = figure.data
    # Syria is one ally lost (its two ties end together); Russia's 2000 treaty ends but Russia stays
    assert (gained.y[december], lost.y[december], changed.y[december]) == (0, -1, 1)
    assert (gained.y[june], lost.y[june], changed.y[june]) == (0, 0, 1)
    hover = gained.hovertext[december]
    assert hover.startswith("0 gained, 1 lost, 1 changed")
    assert "− Syria: lost (military cooperation)" in hover and "~ Russia: " in hover and "defense continues" in hover
    assert "↑ Russia: defense added to consultation (upgraded)" in gained.hovertext[june]
    assert allies.y[december] - allies.y[december + 1] == 1
    assert list(switches.text) == ["⇄ Cuba", "⇄ Syria"]   # Cuba left South Korea for the North in 1960
    assert switches.hovertext[1] == "Syria switched sides: North Korea → South Korea"
    assert figure.layout.shapes[0].x0 == "2024-12-01" and figure.layout.shapes[0].x1 == "2025-01-01"
    assert figure.layout.hovermode == "x unified"
    assert allies.name == "North Korea's allies"


def test_gantt_has_a_row_per_partner(months):
    figure = ally_gantt_figure(months, 10, Selection(focus="PRK"))
    partners = set()
    for t in figure.data:
        partners |= {y for y in t.y if y}
    assert {"Syria", "China", "Russia"} <= partners
    assert "North Korea" in figure.layout.title.text


def test_minimum_weight_keeps_heavier_ties_and_unweighted_ones():
    from alliance_atlas.io import load

    network = load(b"source,target,start,weight\nPRK,CHN,1961,5\nPRK,RUS,1961,1\nKOR,USA,1961,\n", name="w.csv")
    years = Frames(network, "year")
    view = frame_view(years, 0, Selection(min_weight=2))
    kept = {tuple(sorted(network.node_ids[[a, b]])) for a, b in zip(view.pair_src, view.pair_tgt)}
    assert kept == {("CHN", "PRK"), ("KOR", "USA")}


def test_titles_name_what_the_data_has_and_read_as_english(atop_network, months):
    years = Frames(atop_network, "year")
    assert network_figure(years, years.index_of("1990"), Selection(focus="USA")).layout.title.text == \
        "<b>The United States' alliances, 1990</b>"
    assert network_figure(years, years.index_of("1990")).layout.title.text == "<b>Alliances, 1990</b>"
    assert timeline_figure(years, 0, Selection(focus="USA")).data[3].name == "the United States' allies"
    assert network_figure(months, 10).layout.title.text.startswith("<b>Alliances and rivalries, ")


def test_source_line_says_when_no_tie_is_cited():
    from alliance_atlas.figures.style import source_line
    from alliance_atlas.io import load

    uncited = Frames(load(b"source,target,start\nFRA,DEU,1963\n", name="plain.csv"), "year")
    assert source_line(uncited) == "Data: plain.csv — no sources given"


def test_dense_frames_draw_small_nodes_and_faint_lines(atop_network):
    from alliance_atlas.layout import positions

    years = Frames(atop_network, "year")
    figure = network_figure(years, years.index_of("2018"), size=(760, 435))  # a 1366x768 window's graph
    nodes = trace(figure, "states")
    # 435 px tall less the 90 px of title and source line, the layout's 2.3 units span 345 px: no marker
    # above the smallest size reaches its nearest neighbour's centre
    xy = positions(atop_network, "force").to_numpy() * 345 / 2.3
    distance = np.sqrt(((xy[:, None] - xy[None]) ** 2).sum(axis=-1))
    np.fill_diagonal(distance, np.inf)
    radius = np.asarray(nodes.marker.size) / 2
    assert ((radius < distance.min(axis=1)) | (radius <= 2)).all()
    assert np.median(radius) > 2
    assert nodes.marker.line.color == "#fff"
    defense = trace(figure, "Defense")
    assert defense.opacity == 0.35 and defense.line.width < 2
    assert trace(network_figure(years, years.index_of("1850")), "Defense").opacity == 1.0


def test_gantt_bars_are_solid_and_a_renamed_state_keeps_one_row(atop_network):
    years = Frames(atop_network, "year")
    figure = ally_gantt_figure(years, years.index_of("2000"), Selection(focus="CHN"))
    rows = {y for t in figure.data for y in t.y if y}
    assert "Myanmar" in rows and "Burma" not in rows
    assert all(t.line.dash in (None, "solid") for t in figure.data)


def test_timeline_bars_fill_their_frame_and_sit_above_the_exported_band(months, atop_network):
    december = months.index_of("2024-12")
    figure = timeline_figure(months, december, Selection(focus="PRK"))
    bars = [t for t in figure.data if t.type == "bar"]
    # each bar spans its whole month, so it lies inside the frame's band and a hover anywhere in the
    # month's column finds it; the hover label names the month
    assert [(t.xperiod, t.xperiodalignment) for t in bars] == [("M1", "middle")] * 3
    assert figure.layout.xaxis.hoverformat == "%Y-%m"
    assert figure.layout.shapes[0].layer == "below"
    years = Frames(atop_network, "year")
    yearly = timeline_figure(years, 0, Selection(focus="USA"))
    assert {t.xperiod for t in yearly.data if t.type == "bar"} == {"M12"}
    assert yearly.layout.xaxis.hoverformat == "%Y"


def test_gantt_shows_every_row_between_two_year_axes(atop_network):
    from alliance_atlas.events import ally_spans
    from alliance_atlas.figures.gantt import HEADER_HEIGHT

    years = Frames(atop_network, "year")
    usa = Selection(focus="USA")
    figure = ally_gantt_figure(years, years.index_of("1991"), usa)
    partners = ally_spans(years, usa)["partner"].nunique()
    assert partners > 100
    assert list(figure.layout.yaxis.range) == [-0.5, partners - 0.5]   # no empty band above or below the rows
    upper, lower = figure.layout.xaxis2, figure.layout.xaxis
    assert (upper.side, upper.overlaying) == ("top", "x") and list(upper.range) == list(lower.range)
    assert any(t.xaxis == "x2" for t in figure.data), "plotly draws the upper axis only for a trace on it"
    # title, key and upper axis fit the header the app keeps in view; the key sits above the rows
    assert figure.layout.margin.t == HEADER_HEIGHT and figure.layout.legend.y > 1
    plot_height = figure.layout.height - figure.layout.margin.t - figure.layout.margin.b
    assert plot_height / partners == pytest.approx(18)


@pytest.mark.parametrize("width", [640, 1000, 1280])
def test_atop_s_citation_is_wrapped_whole_under_the_network(atop_network, width):
    from alliance_atlas.figures.style import source_line

    years = Frames(atop_network, "year")
    figure = network_figure(years, years.index_of("1990"), Selection(), (width, 700))
    note = next(note for note in figure.layout.annotations if note.text.startswith("Data:"))
    lines = note.text.split("<br>")
    assert " ".join(lines) == source_line(years) and "…" not in note.text
    assert "atopdata.org" in lines[-1] and len(lines) <= 3
    # each line fits the figure at the note's type size (0.55 em a character, as it was wrapped)
    assert all(len(line) * 0.55 * note.font.size <= width - 20 for line in lines)

"""Label placement: no two labels overlap, none is cut off at the plot's edge, the more important
state wins a contested spot; and the figure uses it for the size it is drawn at."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance_atlas.figures import network_figure
from alliance_atlas.figures.plot_area import PlotArea, natural_earth
from alliance_atlas.frames import Frames
from alliance_atlas.labels import SIDES, label_boxes, place_labels
from alliance_atlas.selection import Selection


def chosen_boxes(xy, diameters, names, sides, font_size=11):
    """The estimated box of each drawn label, on the side it was given."""
    shown = np.flatnonzero(sides != "")
    boxes = label_boxes(xy[shown], diameters[shown], np.char.str_len(names[shown].astype(str)), font_size)
    return boxes[np.arange(len(shown)), [SIDES.index(side) for side in sides[shown]]]


def overlaps(boxes) -> int:
    x0, y0, x1, y1 = (boxes[:, None, k] for k in range(4))
    hit = (x0 < boxes[:, 2]) & (boxes[:, 0] < x1) & (y0 < boxes[:, 3]) & (boxes[:, 1] < y1)
    return int(np.triu(hit, 1).sum())


def within(boxes, width, height) -> bool:
    return bool(((boxes[:, 0] >= 0) & (boxes[:, 1] >= 0) & (boxes[:, 2] <= width) & (boxes[:, 3] <= height)).all())


def test_a_crowded_cluster_gets_some_labels_and_none_overlap():
    rng = np.random.default_rng(7)
    xy = np.vstack([rng.normal([200, 150], 25, size=(60, 2)), [[20, 20], [380, 280]]])
    diameters = rng.uniform(5, 14, len(xy))
    names = np.array([f"State {i}" for i in range(len(xy))])
    sides = place_labels(xy, diameters, names, np.arange(len(xy)), (400, 300))
    boxes = chosen_boxes(xy, diameters, names, sides)
    assert 5 <= len(boxes) < len(xy)
    assert overlaps(boxes) == 0
    assert within(boxes, 400, 300)


def test_the_earlier_state_in_the_order_wins_a_spot_only_one_label_fits():
    # a strip 30 px tall: from the middle, only the space below has room for a 7-letter name
    xy = np.array([[50.0, 20.0], [50.0, 20.0]])
    names = np.array(["Austria", "Hungary"])
    diameters = np.full(2, 6.0)
    first = place_labels(xy, diameters, names, np.array([0, 1]), (100, 30))
    second = place_labels(xy, diameters, names, np.array([1, 0]), (100, 30))
    assert first.tolist() == ["bottom center", ""]
    assert second.tolist() == ["", "bottom center"]


def test_a_label_covers_only_markers_of_less_important_states():
    # B sits just above A: A's label may go over B's marker, B's label must not go over A's
    xy = np.array([[100.0, 100.0], [100.0, 112.0], [160.0, 100.0]])
    diameters = np.array([10.0, 10.0, 10.0])
    names = np.array(["A", "B", "C"])
    sides = place_labels(xy, diameters, names, np.array([0, 1]), (300, 200))
    boxes = label_boxes(xy, diameters, np.ones(3), 11)
    b_box = boxes[1, SIDES.index(sides[1])]
    nearest_a = np.clip(xy[0], b_box[:2], b_box[2:])
    assert np.hypot(*(nearest_a - xy[0])) >= 5
    assert sides[2] == ""  # not in the order: no label


def test_labels_near_the_edges_turn_inwards_and_never_clip():
    xy = np.array([[3.0, 100.0], [297.0, 100.0], [150.0, 3.0], [150.0, 197.0]])
    names = np.array(["Philippines", "Japan", "Australia", "United States"])
    diameters = np.full(4, 8.0)
    sides = place_labels(xy, diameters, names, np.arange(4), (300, 200))
    assert (sides != "").all()
    assert within(chosen_boxes(xy, diameters, names, sides), 300, 200)
    assert sides[0].endswith("right") and sides[1].endswith("left")
    assert sides[2].startswith("top") and sides[3].startswith("bottom")


def test_states_without_a_position_get_no_label():
    xy = np.array([[np.nan, np.nan], [50.0, 50.0]])
    sides = place_labels(xy, np.full(2, 6.0), np.array(["Nowhere", "Here"]), np.array([0, 1]), (100, 100))
    assert sides.tolist() == ["", "top center"]


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 80), st.integers(0, 10_000), st.integers(120, 900), st.integers(120, 700))
def test_placed_labels_never_overlap_or_leave_the_area(count, seed, width, height):
    rng = np.random.default_rng(seed)
    xy = rng.uniform([0, 0], [width, height], size=(count, 2))
    diameters = rng.uniform(4, 20, count)
    names = np.array(["X" * int(n) for n in rng.integers(2, 22, count)])
    sides = place_labels(xy, diameters, names, rng.permutation(count), (width, height))
    boxes = chosen_boxes(xy, diameters, names, sides)
    assert overlaps(boxes) == 0
    assert within(boxes, width, height)


def test_plot_area_centres_the_square_axes_and_fits_the_map():
    area = PlotArea(600, 300)
    corners = area.pixels(np.array([[-1.15, -1.15], [1.15, 1.15], [0, 0]]), "force")
    assert corners.tolist() == [[150, 0], [450, 300], [300, 150]]
    # natural earth: x = 0.8707 * longitude (radians) on the equator
    assert natural_earth(np.array([180.0]), np.array([0.0]))[0, 0] == pytest.approx(0.8707 * np.pi)
    ends = area.pixels(np.array([[-180.0, 0.0], [180.0, 0.0], [0.0, 84.0], [0.0, -58.0]]), "geo")
    spans = ends[1, 0] - ends[0, 0], ends[2, 1] - ends[3, 1]
    assert spans[0] == pytest.approx(600) or spans[1] == pytest.approx(300)
    assert spans[0] <= 600.01 and spans[1] <= 300.01


def test_the_story_figure_labels_syria_and_a_bigger_figure_labels_more(story_network):
    months = Frames(story_network, "month")
    frame = months.index_of("2024-12")
    small = network_figure(months, frame, Selection(focus="PRK"), size=(500, 400))
    large = network_figure(months, frame, Selection(focus="PRK"), size=(1400, 900))
    nodes = [next(t for t in figure.data if t.name == "states") for figure in (small, large)]
    labelled = [{text for text in n.text if text} for n in nodes]
    assert {"North Korea", "Syria"} <= labelled[0]
    assert len(labelled[1]) > len(labelled[0])
    assert all(position in SIDES for position in nodes[0].textposition)

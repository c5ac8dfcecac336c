"""Node labels as drawn: read from the network's canvas (the labels it writes, placed as plotly places a
trace's text), no two visible labels overlap, markers stay visible, and a link with a date and a focus
labels the focus's neighbourhood from its first draw."""

import numpy as np
import pytest

from alliance_atlas.frames import Frames
from alliance_atlas.selection import Selection
from alliance_atlas.views import frame_view
from tests.conftest import ATOP, need

SMALL_WINDOW = (1366, 768)

#: The labels the canvas writes (assets/atlas/canvas.js stateLabels) as boxes in page pixels, the height of the
#: font's line as an SVG text's box has it; the states' markers (plotly's, hidden, where hover finds them),
#: the plot area and the hover text.
DRAWN = """
const gd = document.querySelector('#network-graph .js-plotly-plot');
const states = gd._fullData.find(t => t.name === 'states');
const layer = [...gd.querySelectorAll('.scatterlayer .trace')]
  .find(g => g.querySelectorAll('path.point').length === states.text.length);
const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
const shown = atlas.canvas.shownStates(gd), canvas = gd.querySelector('canvas.network-lines').getBoundingClientRect();
const context = document.createElement('canvas').getContext('2d');
context.font = shown.font.size + 'px ' + shown.font.family;
const labels = atlas.canvas.stateLabels(shown, atlas.canvas.statePixels(shown, atlas.canvas.placing(gd._fullLayout))).map(label => {
  const m = context.measureText(label.text);
  const left = canvas.left + label.x - (label.align === 'left' ? 0 : label.align === 'right' ? m.width : m.width / 2);
  return [label.text, left, canvas.top + label.y - m.fontBoundingBoxAscent, left + m.width,
          canvas.top + label.y + m.fontBoundingBoxDescent];
});
return {
  labels: labels,
  markers: [...layer.querySelectorAll('path.point')].map(box),
  plot: box(gd.querySelector('.nsewdrag')),
  hover: states.hovertext,
};
"""


def drawn(atlas) -> dict:
    return atlas.driver.execute_script(DRAWN)


def overlapping(labels: list) -> list[tuple[str, str]]:
    """Pairs of labels whose boxes intersect (touching edges do not count)."""
    boxes = np.array([label[1:] for label in labels], dtype=float).reshape(-1, 4)
    x0, y0, x1, y1 = (boxes[:, None, k] for k in range(4))
    hit = (x0 < boxes[:, 2] - 0.5) & (boxes[:, 0] < x1 - 0.5) & (y0 < boxes[:, 3] - 0.5) & (boxes[:, 1] < y1 - 0.5)
    rows, cols = np.nonzero(np.triu(hit, 1))
    return [(labels[a][0], labels[b][0]) for a, b in zip(rows, cols)]


def covered_share(markers: list) -> float:
    """Share of markers whose centre lies inside another marker's disc."""
    boxes = np.array(markers, dtype=float).reshape(-1, 4)
    boxes = boxes[(boxes[:, 2] > boxes[:, 0])]
    centre = (boxes[:, :2] + boxes[:, 2:]) / 2
    radius = (boxes[:, 2] - boxes[:, 0]) / 2
    distance = np.sqrt(((centre[:, None] - centre[None]) ** 2).sum(axis=-1))
    np.fill_diagonal(distance, np.inf)
    return float((distance < radius[None, :]).any(axis=1).mean())


def inside(label: list, plot: list) -> bool:
    return plot[0] <= label[1] and plot[1] <= label[2] and label[3] <= plot[2] and label[4] <= plot[3]


@pytest.fixture
def atop_app():
    from app import create_app

    return create_app(need(ATOP))


def test_atop_2018_labels_do_not_overlap_and_markers_stay_visible(atlas, atop_app):
    atlas.open(atop_app, "?step=year&date=2018&layout=force", window=SMALL_WINDOW)
    shown = drawn(atlas)
    atlas.screenshot("labels-atop-2018-force-1366")
    assert len(shown["labels"]) >= 10, shown["labels"]
    assert overlapping(shown["labels"]) == []
    assert all(inside(label, shown["plot"]) for label in shown["labels"])
    assert covered_share(shown["markers"]) < 0.05


def test_the_story_link_labels_north_koreas_neighbourhood_from_the_first_draw(atlas, app, story_network):
    atlas.open(app, "?dataset=korea&date=2024-12&focus=PRK", window=SMALL_WINDOW)
    shown = drawn(atlas)
    atlas.screenshot("labels-story-link-force-1366")
    labelled = {label[0] for label in shown["labels"]}
    assert "Syria" in labelled and "North Korea" in labelled
    assert overlapping(shown["labels"]) == []
    assert all(inside(label, shown["plot"]) for label in shown["labels"])

    months = Frames(story_network, "month")
    view = frame_view(months, months.index_of("2024-12"), Selection(focus="PRK"))
    names = story_network.node_names(view.date)
    neighbourhood = set(names[view.node_in_focus & (view.node_allies + view.node_partners + view.node_rivals > 0)])
    hovered = {text.split("</b>")[0].removeprefix("<b>") for text in shown["hover"] if text}
    assert neighbourhood <= labelled | hovered
    assert labelled <= neighbourhood

    # the first draw places the same labels as a step away and back (a link once drew 3 until a step)
    atlas.click("step-forward")
    atlas.wait_for_label("2025-01")
    atlas.click("step-back")
    atlas.wait_for_label("2024-12")
    atlas.settle()
    assert {label[0] for label in drawn(atlas)["labels"]} == labelled

"""assets/plotly.min.js (built by tools/plotly-bundle) is the plotly.js dcc.Graph draws with: it must
be the version plotly.py writes figures for, and hold every trace type the dashboard's figures use."""

import re
from dataclasses import replace
from pathlib import Path

import pytest
from plotly.offline import get_plotlyjs_version

from alliance_atlas.figures import ally_gantt_figure, network_figure, timeline_figure
from alliance_atlas.figures.bloc_chart import bloc_figure
from alliance_atlas.frames import Frames
from alliance_atlas.layout import LAYOUTS
from alliance_atlas.selection import Selection

BUNDLE = Path(__file__).resolve().parents[2] / "assets" / "plotly.min.js"


def bundled_trace_types() -> set[str]:
    return set(re.findall(r'moduleType:"trace",name:"(\w+)"', BUNDLE.read_text(encoding="utf-8")))


def test_the_bundle_is_the_plotly_js_that_plotly_py_writes_for():
    banner = BUNDLE.read_text(encoding="utf-8")[:200]
    assert re.match(r"/\*! plotly\.js v(\S+) ", banner).group(1) == get_plotlyjs_version(), \
        "plotly was upgraded: rebuild the bundle with `make plotly-bundle`"


@pytest.fixture(scope="module")
def frames(story_network):
    return Frames(story_network, "month")


@pytest.mark.parametrize("selection", [
    *(Selection(layout=layout) for layout in LAYOUTS),
    Selection(focus="PRK"),
    Selection(compare="2019-01"),
    Selection(layout="geo", color="bloc"),
], ids=repr)
def test_every_trace_type_the_dashboard_draws_is_in_the_bundle(frames, selection):
    last = len(frames) - 1
    figures = [network_figure(frames, last, selection), timeline_figure(frames, last, selection),
               ally_gantt_figure(frames, last, replace(selection, focus=selection.focus or "PRK")),
               bloc_figure(frames, last, selection)]
    used = {trace.type for figure in figures for trace in figure.data}
    assert used - bundled_trace_types() == set()


def test_the_bundle_holds_only_what_the_dashboard_draws():
    assert bundled_trace_types() == {"scatter", "bar", "heatmap", "scattergeo"}

"""What the browser shows after a user steps through frames equals what the pure figure function gives
for that frame (DESIGN.md, "Time and views"): the contract every drawing path keeps, so that what an
analyst sees is what they export. Checked in the force layout, on the map and around a focus country."""

import numpy as np
import pytest

from alliance_atlas.figures import network_figure
from alliance_atlas.frames import Frames
from alliance_atlas.selection import Selection

#: The network as plotly.js holds it after every patch: per trace its coordinates, marker sizes and
#: opacities and labels; the title; the graph's size as the page reports it to the server.
SHOWN = """
const gd = document.querySelector('#network-graph .js-plotly-plot');
const list = v => (v === undefined || v === null) ? null : (typeof v === 'object' && 'length' in v ? Array.from(v) : v);
const box = document.getElementById('network-graph').getBoundingClientRect();
return {
  title: gd.layout.title.text,
  size: [Math.round(box.width), Math.round(box.height)],
  traces: gd._fullData.slice().sort((a, b) => a.index - b.index).map(t => ({
    name: t.name, x: list(t.x || t.lon), y: list(t.y || t.lat),
    size: list((t.marker || {}).size), opacity: list((t.marker || {}).opacity), text: list(t.text),
  })),
};
"""


def numbers(values) -> np.ndarray:
    """A drawn or expected array as float32, None (JSON's NaN) as NaN."""
    return np.array([np.nan if v is None else v for v in np.atleast_1d(values)], dtype=np.float32)


def assert_same_frame(shown: dict, expected) -> None:
    assert shown["title"] == expected.layout.title.text
    assert [t["name"] for t in shown["traces"]] == [t.name for t in expected.data]
    for drawn, trace in zip(shown["traces"], expected.data):
        coordinates = ("lon", "lat") if trace.type == "scattergeo" else ("x", "y")
        for axis, key in zip(("x", "y"), coordinates):
            want = trace[key]
            if want is not None:
                np.testing.assert_allclose(numbers(drawn[axis]), numbers(want), rtol=1e-6, equal_nan=True,
                                           err_msg=f"{trace.name} {key}")
        if trace.name == "states":
            np.testing.assert_allclose(numbers(drawn["size"]), numbers(trace.marker.size), rtol=1e-6)
            np.testing.assert_allclose(numbers(drawn["opacity"]), numbers(trace.marker.opacity), rtol=1e-6)
            assert list(drawn["text"]) == list(trace.text), "the labels shown"


@pytest.mark.parametrize("layout, focus", [("force", None), ("geo", None), ("force", "PRK")])
def test_frames_reached_by_stepping_match_the_pure_figure(atlas, app, story_network, layout, focus):
    months = Frames(story_network, "month")
    selection = Selection(layout=layout, focus=focus)
    atlas.open(app, f"?dataset=korea&date=2024-05&layout={layout}" + (f"&focus={focus}" if focus else ""))
    for target in ("2024-06", "2024-12", "2024-11"):  # forward one frame, forward six, back one
        atlas.go_to(target)
        atlas.settle()
        shown = atlas.driver.execute_script(SHOWN)
        expected = network_figure(months, months.index_of(target), selection, size=tuple(shown["size"]))
        assert_same_frame(shown, expected)

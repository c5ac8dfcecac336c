"""What the browser shows after a user steps through frames equals what the pure figure function gives
for that frame (DESIGN.md, "Time and views"): the contract every drawing path keeps, so that what an
analyst sees is what they export. Checked in every layout the frame engine draws (assets/atlas/engine.js, from
the view's frame book), around a focus country, and on a view whose steps the server sends (compare mode)."""

import re

import numpy as np
import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from alliance_atlas.figures import network_figure
from alliance_atlas.frames import Frames
from alliance_atlas.selection import Selection
from tests.browser.conftest import COORDINATES

#: The network as plotly.js holds it after every patch: per trace its coordinates (a trace of lines drawn on
#: the canvas: those the canvas is given), marker sizes and opacities and labels; the title; the graph's
#: size as the page reports it to the server.
SHOWN = """
const gd = document.querySelector('#network-graph .js-plotly-plot');
const list = v => (v === undefined || v === null) ? null : (typeof v === 'object' && 'length' in v ? Array.from(v) : v);
""" + COORDINATES + """
const box = document.getElementById('network-graph').getBoundingClientRect();
return {
  title: gd.layout.title.text,
  titleShown: gd.querySelector('.g-gtitle text.gtitle').textContent,
  size: [Math.round(box.width), Math.round(box.height)],
  traces: gd._fullData.slice().sort((a, b) => a.index - b.index).map(t => ({
    name: t.name, x: coordinates(t, 'x', 'lon'), y: coordinates(t, 'y', 'lat'),
    size: list((t.marker || {}).size), opacity: list((t.marker || {}).opacity), text: list(t.text),
    hovertext: list(t.hovertext),
  })),
};
"""


def numbers(values) -> np.ndarray:
    """A drawn or expected array as float32, None (JSON's NaN) as NaN."""
    return np.array([np.nan if v is None else v for v in np.atleast_1d(values)], dtype=np.float32)


def assert_same_frame(shown: dict, expected) -> None:
    assert shown["title"] == expected.layout.title.text
    assert shown["titleShown"] == re.sub("<[^>]+>", "", expected.layout.title.text), "the title on screen"
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
            assert [label.strip() for label in drawn["text"]] == list(trace.text), "the labels shown"
            assert drawn["hovertext"] == list(trace.hovertext), "the hover text, from the server once the frame settles"


#: Counts the frames the browser draws from the view's frame book from now on.
COUNT_BOOK_DRAWS = """
window.bookDraws = 0;
const draw = atlas.engine.drawFrame;
atlas.engine.drawFrame = function () { window.bookDraws += 1; return draw.apply(this, arguments); };
"""


@pytest.mark.parametrize("layout, focus, compare", [("force", None, None), ("geo", None, None), ("force", "PRK", None),
                                                    ("circle", None, None), ("moving", "PRK", None),
                                                    ("force", None, "2019")])
def test_frames_reached_by_stepping_match_the_pure_figure(atlas, app, story_network, layout, focus, compare):
    months = Frames(story_network, "month")
    selection = Selection(layout=layout, focus=focus, compare=compare)
    query = f"?dataset=korea&date=2024-05&layout={layout}" + (f"&focus={focus}" if focus else "")
    atlas.open(app, query + (f"&compare={compare}" if compare else ""))
    atlas.driver.execute_script(COUNT_BOOK_DRAWS)
    for target in ("2024-06", "2024-12", "2024-11"):  # forward one frame, forward six, back one
        atlas.go_to(target)
        atlas.settle()
        # the settled frame's hover text is written once the pointer comes over the network
        graph = atlas.driver.find_element(By.ID, "network-graph")
        ActionChains(atlas.driver).move_to_element_with_offset(graph, 5, 5).move_by_offset(1, 1).perform()
        shown = atlas.driver.execute_script(SHOWN)
        expected = network_figure(months, months.index_of(target), selection, size=tuple(shown["size"]))
        assert_same_frame(shown, expected)
        ActionChains(atlas.driver).move_to_element(atlas.driver.find_element(By.ID, "play")).perform()
    drawn_by_browser = atlas.driver.execute_script("return window.bookDraws")
    # compare mode shows two dates at once, which no book holds: the server sends its steps
    assert drawn_by_browser == (0 if compare else 8), "the steps the browser drew from the frame book"


#: The matrix as the page shows it: plotly's traces (the heatmap's codes, hover rows and row names, the
#: outlines' cells), the title on screen, and the code of the colour the canvas painted at each cell's centre
#: (-1 for a colour that is no code's), read with the outlines hidden from the legend, as they are a cell's
#: size at the smallest screen and may cross a neighbour's centre where the matrix is drawn smaller. With a
#: button's id, that button is clicked first, and the page read at once.
SHOWN_MATRIX = """
const done = arguments[arguments.length - 1];
if (arguments[0]) document.getElementById(arguments[0]).click();
const gd = document.querySelector('#network-graph .js-plotly-plot');
const heatmap = gd._fullData[0], xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
const outline = t => ({x: Array.from(t.x), y: Array.from(t.y), customdata: Array.from(t.customdata)});
const shown = {frame: gd.layout.meta.frame, titleShown: gd.querySelector('.g-gtitle text.gtitle').textContent,
  z: Array.from(heatmap.z, row => Array.from(row)), text: Array.from(heatmap.text, row => Array.from(row)),
  x: Array.from(heatmap.x), y: Array.from(heatmap.y), gained: outline(gd._fullData[1]), lost: outline(gd._fullData[2])};
Plotly.restyle(gd, {visible: 'legendonly'}, [1, 2]).then(() => {
  const canvas = gd.querySelector('canvas.network-lines'), ratio = window.devicePixelRatio || 1;
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  const palette = gd.layout.meta.cells.map(color => Array.from(atlas.canvas.colorBytes(color)).join());
  shown.painted = shown.x.map((_, row) => shown.x.map((_, column) => {
    const x = Math.round((xa._offset + xa.l2p(column)) * ratio), y = Math.round((ya._offset + ya.l2p(row)) * ratio);
    const at = 4 * (y * canvas.width + x);
    return palette.indexOf(Array.from(pixels.slice(at, at + 4)).join());
  }));
  return Plotly.restyle(gd, {visible: true}, [1, 2]);
}).then(() => done(shown));
"""


def test_matrix_frames_reached_by_stepping_match_the_pure_figure(atlas, app, story_network):
    """The matrix's steps come from its own book: the canvas paints each cell in its frame's colour at
    once, and plotly's traces (hover, clicks) hold the pure figure's arrays once the steps pause."""
    from alliance_atlas.figures.matrix import GAINED, HEATMAP, LOST, matrix_arrays
    from alliance_atlas.views import frame_view

    months = Frames(story_network, "month")
    selection = Selection(layout="matrix", focus="PRK")
    atlas.open(app, "?dataset=korea&date=2024-05&layout=matrix&focus=PRK")
    atlas.driver.execute_script(COUNT_BOOK_DRAWS)
    for target in ("2024-06", "2024-12", "2024-11", "2025-04"):
        atlas.go_to(target)
        atlas.settle()
        atlas.wait_until(lambda: atlas.driver.execute_script(
            "return !atlas.plot(document.querySelector('#network-graph .js-plotly-plot')).sync"), message="plotly's traces")
        shown = atlas.driver.execute_async_script(SHOWN_MATRIX, None)
        frame = months.index_of(target)
        expected = matrix_arrays(frame_view(months, frame, selection))
        title = network_figure(months, frame, selection).layout.title.text
        assert shown["frame"] == target and shown["titleShown"] == re.sub("<[^>]+>", "", title)
        np.testing.assert_array_equal(np.array(shown["painted"]), expected[HEATMAP]["z"], err_msg="the canvas")
        np.testing.assert_array_equal(np.array(shown["z"]), expected[HEATMAP]["z"], err_msg="plotly's heatmap")
        assert shown["text"] == expected[HEATMAP]["text"]
        assert shown["x"] == shown["y"] == expected[HEATMAP]["x"]
        assert shown["gained"] == expected[GAINED] and shown["lost"] == expected[LOST]
    assert expected[GAINED]["x"], "2025-04 outlines a gain: Syria and South Korea"
    assert atlas.driver.execute_script("return window.bookDraws") == 1 + 6 + 1 + 5, "the steps drawn from the book"
    # the canvas paints a step's frame at the click, before plotly's traces follow
    painted = atlas.driver.execute_async_script(SHOWN_MATRIX, "step-back")["painted"]
    before = matrix_arrays(frame_view(months, months.index_of("2025-03"), selection))[HEATMAP]["z"]
    assert not np.array_equal(before, expected[HEATMAP]["z"])
    np.testing.assert_array_equal(np.array(painted), before, err_msg="the canvas at the click")


#: The focus state's label at the end of its row in the matrix, as on screen.
FOCUS_NOTE = """
return Array.from(document.querySelectorAll('#network-graph .annotation-text'), note => note.textContent)
  .filter(text => text.startsWith('◀'));
"""


def test_a_matrix_step_names_the_focus_state_as_of_its_frame(atlas, app):
    """January 1992: the Soviet Union's row reads Russia, at the end of the row as in the title, from a
    step the browser draws from the book."""
    atlas.open(app, "?dataset=korea&date=1991-12&layout=matrix&focus=RUS")
    assert atlas.driver.execute_script(FOCUS_NOTE) == ["◀ Soviet Union"]
    atlas.driver.execute_script(COUNT_BOOK_DRAWS)
    atlas.click("step-forward")
    atlas.wait_for_label("1992-01")
    assert atlas.driver.execute_script(FOCUS_NOTE) == ["◀ Russia"]
    assert atlas.figure("network-graph")["title"] == "<b>Russia's alliances and rivalries, 1992-01</b>"
    atlas.click("step-back")
    atlas.wait_for_label("1991-12")
    assert atlas.driver.execute_script(FOCUS_NOTE) == ["◀ Soviet Union"]
    assert atlas.driver.execute_script("return window.bookDraws") == 2


def test_a_resized_graph_gets_the_book_of_its_new_size_and_steps_from_it(atlas, app):
    """The book is sent after the figure it draws on: after the first figure, and again when the graph is
    drawn at a new size (labels are placed for the size, so a book is drawn for one)."""
    book_size = ("const gd = document.querySelector('#network-graph .js-plotly-plot');"
                 "return [atlas.state.book && atlas.state.book.size, gd.layout.meta.size, atlas.engine.bookFits(gd, atlas.state.book)]")
    atlas.open(app, "?dataset=korea&date=2024-12&focus=PRK")
    first, drawn, fits = atlas.driver.execute_script(book_size)
    assert first == drawn and fits
    width, height = atlas.driver.get_window_size().values()
    atlas.driver.set_window_size(width - 200, height - 100)
    atlas.wait_until(lambda: atlas.driver.execute_script(book_size)[0] not in (None, first), message="a new book")
    atlas.settle()
    resized, drawn, fits = atlas.driver.execute_script(book_size)
    assert resized == drawn and fits and resized[0] < first[0]
    atlas.driver.execute_script(COUNT_BOOK_DRAWS)
    atlas.click("step-back")
    atlas.wait_for_label("2024-11")
    assert atlas.driver.execute_script("return window.bookDraws") == 1, "the step drawn from the new book"


#: Pixels of the lines' canvas that are not clear, or null when there is no canvas.
INKED = """
const canvas = document.querySelector('#network-graph canvas.network-lines');
if (!canvas) return null;
const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
let inked = 0;
for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
return inked;
"""


def test_the_lines_canvas_draws_the_types_the_legend_shows(atlas, app):
    atlas.open(app, "?dataset=korea&date=2024-12&focus=PRK")
    everything = atlas.driver.execute_script(INKED)
    assert everything > 2000, "the lines are drawn"
    diplomatic = atlas.driver.find_element(By.XPATH, "//*[@id='network-graph']//*[contains(@class, 'legendtext')]"
                                                     "[text()='Diplomatic']/../*[contains(@class, 'legendtoggle')]")
    diplomatic.click()
    atlas.wait_until(lambda: atlas.driver.execute_script(INKED) < everything, message="diplomatic ties hidden")
    assert atlas.driver.execute_script(INKED) > 0, "the other types stay"
    diplomatic.click()
    atlas.wait_until(lambda: atlas.driver.execute_script(INKED) == everything, message="diplomatic ties shown again")


#: The canvas pixel (RGBA) at the centre of the state ``arguments[0]``'s marker on the map, as plotly projects it.
MAP_STATE_PIXEL = """
const gd = document.querySelector('#network-graph .js-plotly-plot');
const trace = gd._fullData.find(t => t.name === 'states'), i = trace.customdata.indexOf(arguments[0]);
const at = gd._fullLayout.geo._subplot.projection([trace.lon[i], trace.lat[i]]), ratio = window.devicePixelRatio || 1;
const canvas = gd.querySelector('canvas.network-lines');
return Array.from(canvas.getContext('2d').getImageData(Math.round(at[0] * ratio), Math.round(at[1] * ratio), 1, 1).data);
"""


def test_the_map_s_lines_and_states_are_drawn_on_the_canvas_over_its_land_and_sea(atlas, app):
    """As on the flat layouts, a step on the map redraws a canvas (projected as plotly projects the map),
    not plotly's traces: Play draws the map as fast as the others."""
    atlas.open(app, "?dataset=korea&date=2024-12&layout=geo&focus=PRK")
    assert atlas.driver.execute_script(INKED) > 1000, "lines and states on the canvas"
    # North Korea's marker, in its region's colour (Asia's orange), where the map puts Pyongyang
    red, green, blue, alpha = atlas.driver.execute_script(MAP_STATE_PIXEL, "PRK")
    assert alpha > 200 and red > 200 and 80 < green < 170 and blue < 130, (red, green, blue, alpha)
    # plotly's traces of lines keep one empty point each, for the legend; their lines are the canvas's
    kept = atlas.driver.execute_script(
        "const gd = document.querySelector('#network-graph .js-plotly-plot');"
        "return Object.keys(gd.layout.meta.lines).map(i => gd.data[+i].lon.length);")
    assert len(kept) >= 5 and set(kept) == {1}
    atlas.screenshot("map-on-canvas-2024-12")


#: The canvas pixel (RGBA) at the centre of the state ``arguments[0]``'s marker.
STATE_PIXEL = """
const gd = document.querySelector('#network-graph .js-plotly-plot');
const trace = gd._fullData.find(t => t.name === 'states');
const i = trace.customdata.indexOf(arguments[0]);
const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, ratio = window.devicePixelRatio || 1;
const x = Math.round((xa._offset + xa.l2p(trace.x[i])) * ratio), y = Math.round((ya._offset + ya.l2p(trace.y[i])) * ratio);
const canvas = gd.querySelector('canvas.network-lines');
return Array.from(canvas.getContext('2d').getImageData(x, y, 1, 1).data);
"""


def test_the_canvas_draws_the_states_that_plotly_keeps_for_hover(atlas, app):
    """On the flat layouts the states are drawn on the canvas (plotly's own markers and labels stay in the
    page, hidden, for hover and clicks); on the map plotly draws them."""
    atlas.open(app, "?dataset=korea&date=2024-12&focus=PRK")
    red, green, blue, alpha = atlas.driver.execute_script(STATE_PIXEL, "PRK")
    assert alpha > 200 and red > green and red > blue, "North Korea's marker, in Asia's colour, on the canvas"
    hidden = atlas.driver.execute_script(
        "return Array.from(document.querySelectorAll('#network-graph .trace.tracestates .points path'))"
        ".map(p => getComputedStyle(p).visibility)")
    assert hidden and set(hidden) == {"hidden"}
    atlas.driver.find_element(By.XPATH, "//label[normalize-space()='Map']").click()
    atlas.wait_until(lambda: atlas.figure("network-graph")["data"][0]["type"] == "scattergeo", message="the map")
    atlas.settle()
    assert not atlas.driver.find_elements(By.CSS_SELECTOR, "#network-graph .trace.tracestates")
    shown = atlas.driver.execute_script(
        "return Array.from(document.querySelectorAll('#network-graph .scattergeo .point'))"
        ".map(p => getComputedStyle(p).visibility)")
    assert shown and set(shown) == {"visible"}, "the map's states, drawn by plotly"


def test_a_zoom_after_steps_keeps_the_frame_the_slider_shows(atlas, app):
    """dcc.Graph answers a zoom by drawing its own figure again, which holds the last frame the server
    sent: the frame the browser drew since must come back over it."""
    atlas.open(app, "?dataset=korea&date=2024-05&focus=PRK")
    atlas.go_to("2024-12")
    atlas.settle()
    before = atlas.driver.execute_script("return document.querySelector('#network-graph .js-plotly-plot').layout.yaxis.range")
    atlas.driver.execute_script("Plotly.relayout(document.querySelector('#network-graph .js-plotly-plot'),"
                                " {'xaxis.range': [-0.9, 0.9], 'yaxis.range': [-0.9, 0.9]})")
    atlas.settle()
    shown = atlas.driver.execute_script("const gd = document.querySelector('#network-graph .js-plotly-plot');"
                                        "return [gd.layout.meta.frame, gd.layout.title.text, gd.layout.yaxis.range];")
    assert shown[:2] == ["2024-12", "<b>North Korea's alliances and rivalries, 2024-12</b>"]
    assert shown[2] != before, "the zoom is kept"


#: Three clicks on "step back" in one go, and the frame the network shows right after them, before Dash
#: has handled any: the buttons draw their frame from the book at the click itself.
THREE_STEPS_BACK = """
const gd = document.querySelector('#network-graph .js-plotly-plot');
for (let i = 0; i < 3; i++) document.getElementById('step-back').click();
return [gd.layout.meta.frame, gd.querySelector('.g-gtitle text.gtitle').textContent];
"""


def test_a_step_button_draws_its_frame_at_the_click_and_quick_clicks_each_step_once(atlas, app, story_network):
    months = Frames(story_network, "month")
    slider = "return Number(document.querySelector('#frame-slider [role=slider]').getAttribute('aria-valuenow'))"
    atlas.open(app, "?dataset=korea&date=2024-12&focus=PRK")
    frame, title = atlas.driver.execute_script(THREE_STEPS_BACK)
    assert frame == "2024-09" and title.endswith("2024-09"), "drawn before Dash handled the clicks"
    atlas.settle()
    assert atlas.driver.execute_script(slider) == months.index_of("2024-09"), "the slider took each click once"
    assert atlas.label() == "2024-09" and atlas.figure("network-graph")["title"].endswith("2024-09</b>")
    atlas.click("step-forward")
    atlas.settle()
    assert atlas.driver.execute_script(slider) == months.index_of("2024-10")
    assert atlas.driver.execute_script(THREE_STEPS_BACK)[0] == "2024-07"
    atlas.settle()
    assert atlas.driver.execute_script(slider) == months.index_of("2024-07")


#: A click on "step back" just after a paint, so that the frame's whole time lies ahead in which Dash could
#: act first: the clicks Dash had counted before it, at the next paint and once its player ran; the frame
#: the network showed at that paint.
STEP_THEN_PAINT = """
const done = arguments[arguments.length - 1];
const gd = document.querySelector('#network-graph .js-plotly-plot');
const atlas = window.dash_clientside.atlas, player = atlas.player, seen = {};
const counted = () => {
  const state = window.store.getState();
  return state.paths.strs['step-back'].reduce((node, key) => node[key], state.layout).props.n_clicks || 0;
};
atlas.player = function () {
  if (seen.player === undefined) seen.player = counted();
  return player.apply(this, arguments);
};
requestAnimationFrame(() => setTimeout(() => {
  seen.before = counted();
  document.getElementById('step-back').click();
  requestAnimationFrame(() => { seen.painted = counted(); seen.shown = gd.layout.meta.frame; });
}, 0));
const wait = () => seen.player === undefined ? setTimeout(wait, 5) : (atlas.player = player, done(seen));
wait();
"""


def test_dash_hears_of_a_step_click_only_once_its_frame_is_painted(atlas, app):
    """Dash's handling of a click (the button's count, the player, then everything that follows the slider:
    20 to 50 ms on a big page) comes after the paint of the frame the click drew, not before it."""
    atlas.open(app, "?dataset=korea&date=2024-12&focus=PRK")
    seen = atlas.driver.execute_async_script(STEP_THEN_PAINT)
    assert seen["shown"] == "2024-11", seen
    assert seen["painted"] == seen["before"] and seen["player"] == seen["before"] + 1, seen
    atlas.settle()
    assert atlas.label() == "2024-11" and atlas.figure("network-graph")["title"].endswith("2024-11</b>")


#: A step forward, and the step's fade as the canvas holds it: per trace (by name) how many line
#: points it fades in and fades out.
STEP_AND_FADE = """
const gd = document.querySelector('#network-graph .js-plotly-plot');
document.getElementById('step-forward').click();
const fade = atlas.plot(gd).tween;
if (!fade) return null;
const points = part => Object.fromEntries(Object.entries(part).map(([i, xy]) => [gd._fullData[+i].name, xy.x.length]));
return {frame: fade.frame, gained: points(fade.gained), lost: points(fade.lost)};
"""


def test_a_step_fades_the_lines_it_gains_in_and_those_it_loses_out(atlas, app):
    """December 2024: Syria's ties with North Korea end. The solid lines fade out as the dotted "lost"
    line fades in; once the fade is over the canvas is the frame as drawn without one."""
    atlas.open(app, "?dataset=korea&date=2024-11&focus=PRK")
    fade = atlas.driver.execute_script(STEP_AND_FADE)
    assert fade is not None and fade["frame"] == "2024-12"
    assert fade["gained"]["lost this month"] > 0, "the dotted line of a loss fades in"
    assert fade["lost"]["Military cooperation"] > 0, "the solid line of the tie lost fades out"
    assert not fade["gained"].get("Military cooperation"), "no military cooperation tie began"
    atlas.wait_until(lambda: atlas.driver.execute_script(
        "const gd = document.querySelector('#network-graph .js-plotly-plot');"
        "const fade = atlas.plot(gd).tween; return performance.now() - fade.start > fade.duration + 100"), message="the fade ends")
    faded = atlas.driver.execute_script(INKED)
    atlas.driver.execute_script("const gd = document.querySelector('#network-graph .js-plotly-plot');"
                                "atlas.plot(gd).tween = null; atlas.canvas.draw(gd);")
    assert atlas.driver.execute_script(INKED) == faded

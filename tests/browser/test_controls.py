"""What a user clicks: slider, Play, keys, nodes, timeline bars, type filters and layouts."""

import time

import pytest

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys


def network_title(atlas) -> str:
    return atlas.figure("network-graph")["title"]


def click_plot_point(atlas, graph_id: str, x, y):
    """A real mouse click at data coordinates (x, y) of a cartesian plot."""
    position = atlas.driver.execute_script(
        "const gd = document.querySelector(arguments[0] + ' .js-plotly-plot');"
        "gd.scrollIntoView({block: 'center', behavior: 'instant'});"
        "const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();"
        "return [box.left + xa._offset + xa.c2p(xa.d2c(arguments[1])), box.top + ya._offset + ya.c2p(ya.d2c(arguments[2]))];",
        f"#{graph_id}", x, y,
    )
    actions = ActionBuilder(atlas.driver)
    actions.pointer_action.move_to_location(round(position[0]), round(position[1]))
    actions.pointer_action.click()
    actions.perform()


def test_slider_moves_the_network_and_the_timeline_marker(atlas, app):
    atlas.open(app, "?dataset=korea")
    start = atlas.label()
    marker = atlas.marker()
    thumb = atlas.driver.find_element(By.CSS_SELECTOR, "#frame-slider [role='slider']")
    track = atlas.driver.find_element(By.CSS_SELECTOR, "#frame-slider .dash-slider-track")
    ActionChains(atlas.driver).drag_and_drop_by_offset(thumb, -track.size["width"] // 2, 0).perform()
    atlas.wait_until(lambda: atlas.label() != start, message="the slider to move")
    label = atlas.label()
    atlas.wait_until(lambda: label in network_title(atlas), message="the network to redraw")
    atlas.wait_until(lambda: atlas.marker() == label, message="the timeline marker to follow")
    assert marker != label
    atlas.screenshot("slider-moved")


def test_play_advances_frames_and_stops_at_the_end(atlas, app):
    atlas.open(app, "?dataset=korea")
    atlas.driver.find_element(By.ID, "step-last").click()
    atlas.wait_for_label("2025-12")
    atlas.click("step-back", times=8)
    atlas.wait_for_label("2025-04")
    # slow enough that "Pause" is on the button for well over a second on a busy machine
    atlas.driver.find_element(By.CSS_SELECTOR, "#speed").send_keys("5 fps")
    atlas.driver.find_element(By.ID, "play").click()
    atlas.duo.wait_for_text_to_equal("#play", "❚❚ Pause")
    atlas.wait_for_label("2025-12", timeout=15)
    atlas.duo.wait_for_text_to_equal("#play", "▶ Play")
    atlas.settle()  # no step still on its way
    assert atlas.label() == "2025-12"
    atlas.wait_until(lambda: "2025-12" in network_title(atlas), message="the last frame drawn")


def month_number(label: str) -> int:
    year, month = label.split("-")
    return int(year) * 12 + int(month)


def test_play_keeps_the_network_in_step_with_the_frame_label(atlas, app):
    atlas.open(app, "?dataset=korea")
    atlas.driver.find_element(By.ID, "step-first").click()
    atlas.wait_until(lambda: atlas.label().startswith("1948"), message="the first frame")
    atlas.driver.find_element(By.CSS_SELECTOR, "#speed").send_keys("30 fps")
    atlas.driver.find_element(By.ID, "play").click()
    samples = []
    for _ in range(60):
        samples.append(atlas.driver.execute_script(
            "const gd = document.querySelector('#network-graph .js-plotly-plot');"
            "return [document.getElementById('frame-label').textContent, gd.layout.meta.frame,"
            " document.getElementById('side-panel').className];"))
        time.sleep(0.05)
    atlas.driver.find_element(By.ID, "play").click()
    apart = [month_number(label) - month_number(drawn) for label, drawn, _ in samples]
    assert month_number(samples[-1][0]) - month_number(samples[0][0]) >= 5, f"Play advanced: {samples[::10]}"
    assert max(apart) <= 1 and min(apart) >= 0, f"label and network more than a frame apart: {samples}"
    assert all("playing" in panel for _, _, panel in samples[5:]), "the side panels say they wait while playing"
    atlas.wait_until(lambda: "playing" not in atlas.driver.find_element(By.ID, "side-panel").get_attribute("class"),
                     message="the side panels catch up once paused")
    paused_at = atlas.label()
    atlas.wait_until(lambda: paused_at in atlas.changes_text(), message="'What changed' at the paused frame")


def test_a_whole_span_speed_sets_the_tick_from_the_number_of_frames(atlas, app):
    atlas.open(app, "?step=year")
    ticks = atlas.driver.execute_script(
        "const atlas = window.dash_clientside.atlas;"
        "return [atlas.tickInterval('span:60', 927), atlas.tickInterval('span:30', 927),"
        " atlas.tickInterval('span:120', 203), atlas.tickInterval('100', 927)];")
    assert ticks == [65, 33, 588, 100], "928 months in a minute; never past 30 fps; ATOP's years in 2 min"
    # the bundled data's 78 years in 2 minutes: a frame every 1.5 s, where 5 fps (the default) would take 20
    atlas.driver.find_element(By.ID, "step-first").click()
    atlas.wait_for_label("1948")
    atlas.driver.find_element(By.CSS_SELECTOR, "#speed").send_keys("span 2 min")
    atlas.driver.find_element(By.ID, "play").click()
    time.sleep(4)
    atlas.driver.find_element(By.ID, "play").click()
    assert 1 <= int(atlas.label()) - 1948 <= 4, atlas.label()


def test_keyboard_steps_once_and_ignores_typing(atlas, app):
    atlas.open(app, "?dataset=korea")
    body = atlas.driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.ARROW_LEFT)
    atlas.wait_for_label("2025-11")
    body.send_keys(Keys.ARROW_LEFT)
    atlas.wait_for_label("2025-10")
    body.send_keys(Keys.ARROW_RIGHT)
    atlas.wait_for_label("2025-11")
    thumb = atlas.driver.find_element(By.CSS_SELECTOR, "#frame-slider [role='slider']")
    thumb.send_keys(Keys.ARROW_LEFT)          # the slider steps itself; the page must not step again
    atlas.wait_for_label("2025-10")
    atlas.settle()
    assert atlas.label() == "2025-10"
    atlas.driver.find_element(By.ID, "focus").click()
    search = atlas.duo.wait_for_element("input.dash-dropdown-search")
    search.send_keys("North Korea ")         # a space and arrows while typing: no play, no step
    search.send_keys(Keys.ARROW_LEFT)
    atlas.settle()
    assert atlas.driver.find_element(By.ID, "play").text == "▶ Play"
    assert atlas.label() == "2025-10"


def test_clicking_a_node_focuses_it(atlas, app):
    atlas.open(app, "?dataset=korea")
    nodes = next(t for t in atlas.figure("network-graph")["data"] if t["name"] == "states")
    index = nodes["customdata"].index("SYR")
    click_plot_point(atlas, "network-graph", nodes["x"][index], nodes["y"][index])
    atlas.wait_until(lambda: "Syria" in network_title(atlas), message="Syria to become the focus")
    assert atlas.driver.find_element(By.ID, "focus").text.startswith("Syria")


def test_clicking_a_timeline_frame_moves_the_slider(atlas, app):
    atlas.open(app, "?dataset=korea")
    atlas.focus("North Korea")
    timeline = atlas.figure("timeline-graph")
    lost = next(t for t in timeline["data"] if t["name"] == "allies lost")
    index = next(i for i, x in enumerate(lost["x"]) if str(x).startswith("2024-12"))
    click_plot_point(atlas, "timeline-graph", lost["x"][index], lost["y"][index] / 2)
    atlas.wait_for_label("2024-12")
    atlas.wait_until(lambda: "Syria" in atlas.changes_text(), message="the December 2024 changes")


def test_type_filter_hides_ties(atlas, app):
    atlas.open(app, "?dataset=korea")
    before = atlas.table_text()
    assert "Diplomatic" in before
    diplomatic = atlas.driver.find_element(By.XPATH, "//*[@id='types']//label[contains(., 'Diplomatic')]")
    diplomatic.click()
    atlas.wait_until(lambda: "Diplomatic" not in atlas.table_text(), message="diplomatic ties to leave the table")

    def diplomatic_lines():
        return len(next(t for t in atlas.figure("network-graph")["data"] if t["name"] == "Diplomatic")["x"])

    atlas.wait_until(lambda: diplomatic_lines() == 0, message="diplomatic ties to leave the network")
    assert next(t for t in atlas.figure("network-graph")["data"] if t["name"] == "Defense")["x"]


def test_layout_modes_switch_and_the_map_draws_offline(atlas, app):
    atlas.open(app, "?dataset=korea")
    atlas.driver.find_element(By.XPATH, "//label[normalize-space()='Map']").click()
    atlas.duo.wait_for_element("#network-graph .geo .layer.land path", timeout=20)
    land = atlas.driver.find_element(By.CSS_SELECTOR, "#network-graph .geo .layer.land path")
    assert len(land.get_attribute("d") or "") > 1000
    atlas.wait_until(lambda: len(atlas.driver.find_elements(By.CSS_SELECTOR, "#network-graph .scattergeo .point")) > 20,
                     message="node markers on the map")
    atlas.screenshot("layout-map")
    atlas.driver.find_element(By.XPATH, "//label[normalize-space()='Circle']").click()
    atlas.wait_until(lambda: atlas.figure("network-graph")["data"][0]["type"] == "scatter", message="circle layout")
    atlas.screenshot("layout-circle")


def test_a_step_in_the_moving_layout_moves_syria_in_the_drawn_figure(atlas, app):
    from alliance_atlas.frames import frames_for
    from alliance_atlas.io import load
    from alliance_atlas.layout import frame_positions
    from tests.conftest import STORY

    def drawn_syria() -> tuple[float, float]:
        states = next(t for t in atlas.figure("network-graph")["data"] if t["name"] == "states")
        index = states["customdata"].index("SYR")
        return states["x"][index], states["y"][index]

    atlas.open(app, "?date=2025-05&layout=moving")
    before = drawn_syria()
    atlas.click("step-forward")
    atlas.wait_until(lambda: "2025-06" in network_title(atlas), message="the network to redraw for 2025-06")
    atlas.wait_until(lambda: drawn_syria() != before, message="Syria to move")
    months = frames_for(load(STORY), "month")
    expected = frame_positions(months, "moving", months.index_of("2025-06"))[list(months.network.node_ids).index("SYR")]
    assert drawn_syria() == pytest.approx(tuple(expected), abs=1e-5)
    atlas.screenshot("layout-moving-stepped")


#: The state found, the view's centre and the canvas's colour on the find ring's right edge.
FOUND = """
const gd = document.querySelector('#network-graph .js-plotly-plot'), found = atlas.plot(gd).found;
if (!found) return null;
const states = gd._fullData.find(t => t.name === 'states'), xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
const x = states.x[found.index], y = states.y[found.index], r = states.marker.size[found.index] / 2 + 5;
const ratio = window.devicePixelRatio || 1, canvas = gd.querySelector('canvas.network-lines');
const pixel = canvas.getContext('2d').getImageData(Math.round((xa._offset + xa.l2p(x) + r) * ratio),
                                                   Math.round((ya._offset + ya.l2p(y)) * ratio), 1, 1).data;
return {id: states.customdata[found.index], x: x, y: y, centre: [(xa.range[0] + xa.range[1]) / 2, (ya.range[0] + ya.range[1]) / 2],
        ring: Array.from(pixel)};
"""


def test_find_on_the_picture_rings_a_state_centres_it_and_keeps_it_through_the_frames(atlas, app):
    atlas.open(app, "?dataset=korea&date=2025-04")
    atlas.driver.find_element(By.ID, "find-state").click()
    search = atlas.duo.wait_for_element("input.dash-dropdown-search")
    search.send_keys("Syria")
    atlas.wait_until(lambda: atlas.driver.find_element(By.CSS_SELECTOR, ".dash-dropdown-option").text == "Syria",
                     message="Syria in the list")
    atlas.driver.find_element(By.CSS_SELECTOR, ".dash-dropdown-option").click()
    atlas.wait_until(lambda: atlas.driver.execute_script(FOUND), message="Syria found")
    atlas.settle()
    found = atlas.driver.execute_script(FOUND)
    assert found["id"] == "SYR"
    assert found["centre"] == pytest.approx([found["x"], found["y"]], abs=0.02), "the view centred on Syria"
    red, green, blue, _ = found["ring"]
    assert red > 200 and 80 < green < 180 and blue < 80, f"the find ring's orange, not {found['ring']}"
    assert "Ringed" in atlas.driver.find_element(By.ID, "find-status").text
    atlas.screenshot("find-syria-2025-04")
    atlas.click("step-back")
    atlas.wait_for_label("2025-03")
    assert atlas.driver.execute_script(FOUND)["id"] == "SYR", "found in the next frame too"

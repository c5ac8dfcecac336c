"""The matrix view on the research record: ATOP 2018, one row per state, a click focuses, a step redraws
(from the matrix's book, in the browser)."""

import pytest
from selenium.webdriver.common.by import By

from tests.browser.test_controls import click_plot_point
from tests.conftest import ATOP, need


@pytest.fixture
def atop_app():
    from app import create_app

    return create_app(need(ATOP))


#: Wraps the page's fetch to keep the outputs of the callbacks it asks the server for.
RECORD_OUTPUTS = """
window.askedOutputs = [];
const fetchAsBefore = window.fetch;
window.fetch = function (url, options) {
  if (String(url).includes('_dash-update-component') && options && options.body) {
    window.askedOutputs.push(JSON.parse(options.body).output);
  }
  return fetchAsBefore.apply(this, arguments);
};
"""


def heatmap(atlas) -> dict:
    """The matrix plotly.js draws: its row names and its cells' codes, as plotly.js holds them after patches."""
    return atlas.driver.execute_script(
        "const gd = document.querySelector('#network-graph .js-plotly-plot');"
        "const trace = gd._fullData[0], cells = gd.calcdata[0][0].z;"
        "return {type: trace.type, rows: Array.from(trace.y), codes: Array.from(cells, row => Array.from(row).join('')).join('|')};"
    )


def test_matrix_of_atop_2018_has_a_row_per_state_focuses_on_click_and_steps(atlas, atop_app):
    atlas.open(atop_app, "?layout=matrix&step=year&date=2018")
    atlas.wait_for_label("2018")
    shown = heatmap(atlas)
    assert shown["type"] == "heatmap" and len(shown["rows"]) == 207 == len(set(shown["rows"]))
    atlas.screenshot("matrix-atop-2018")

    click_plot_point(atlas, "network-graph", "Germany", "France")   # the row of France
    atlas.wait_until(lambda: "France" in atlas.driver.find_element(By.ID, "focus").text,
                     message="the focus to become France")
    atlas.wait_until(lambda: "France" in atlas.figure("network-graph")["title"], message="the matrix to redraw")
    atlas.settle()
    focused = heatmap(atlas)
    assert focused["rows"] == shown["rows"]   # a focus marks a row, it drops none

    atlas.driver.execute_script(RECORD_OUTPUTS)
    atlas.click("step-back")
    atlas.wait_for_label("2017")
    atlas.wait_until(lambda: "2017" in atlas.figure("network-graph")["title"], message="the step to redraw")
    atlas.settle()
    asked = atlas.driver.execute_script("return window.askedOutputs")
    assert any("changes.children" in output for output in asked), "the side panels follow the step"
    assert not any("network-hover" in output for output in asked), "the matrix's book holds its hover text"
    assert not any("network-graph.figure" in output for output in asked), "the step is drawn from the book"
    atlas.wait_until(lambda: atlas.driver.execute_script(
        "return !atlas.plot(document.querySelector('#network-graph .js-plotly-plot')).sync"), message="plotly's traces")
    stepped = heatmap(atlas)
    # 2018 gained two alliances (Belize and Dominica with Russia): 2017's matrix lacks them
    assert stepped["codes"] != focused["codes"] and len(stepped["rows"]) == 207


def test_atop_opened_without_a_layout_shows_the_matrix_and_says_how_to_see_lines(atlas, atop_app):
    atlas.open(atop_app, "?step=year")
    atlas.wait_for_label("2018")
    assert heatmap(atlas)["type"] == "heatmap"
    notice = atlas.driver.find_element(By.ID, "notice")
    assert "4,228 allied pairs in 2018: opened as a matrix" in notice.text and "Layout" in notice.text
    assert "alert-info" in notice.get_attribute("class")
    checked = atlas.driver.find_element(By.CSS_SELECTOR, "#layout input:checked")
    assert checked.get_attribute("value") == "matrix"


#: The names beside the matrix's rows, and how many rows it has.
ROW_NAMES = """
const gd = document.querySelector('#network-graph .js-plotly-plot');
const names = Array.from(gd.querySelectorAll('.ytick text')).map(t => t.textContent).filter(Boolean);
return {names: names, rows: gd._fullData[0].y.length};
"""


@pytest.mark.parametrize("window", [(1366, 768), (1920, 1080)], ids=["1366", "1920"])
def test_atop_s_matrix_names_its_states_and_marks_the_row_and_column_under_the_pointer(atlas, atop_app, window):
    from selenium.webdriver.common.actions.action_builder import ActionBuilder

    atlas.open(atop_app, "?step=year&date=1990&layout=matrix&focus=USA")
    atlas.resize_viewport(*window)
    atlas.wait_until(lambda: len(atlas.driver.execute_script(ROW_NAMES)["names"]) > 20, message="rows named")
    shown = atlas.driver.execute_script(ROW_NAMES)
    # as many names as fit one above the other (at 8 px, one in four or five rows), each a state's
    assert shown["rows"] == 207 and len(shown["names"]) >= (25 if window[1] < 1000 else 40)
    assert len(set(shown["names"])) == len(shown["names"]) and "Brazil" in shown["names"]
    notes = [note["text"] for note in atlas.driver.execute_script(
        "return document.querySelector('#network-graph .js-plotly-plot').layout.annotations")]
    assert "United States ▶" in notes, "the focus's row named at its start, clear of the names at the right"
    # the pointer over a cell names the pair and tints its row and column
    row, column = 120, 40
    x, y = atlas.driver.execute_script(
        "const gd = document.querySelector('#network-graph .js-plotly-plot'), box = gd.getBoundingClientRect();"
        "const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;"
        "return [box.left + xa._offset + xa.l2p(arguments[1]), box.top + ya._offset + ya.l2p(arguments[0])];", row, column)
    actions = ActionBuilder(atlas.driver)
    actions.pointer_action.move_to_location(int(x), int(y))
    actions.perform()
    atlas.wait_until(lambda: atlas.driver.execute_script(
        "return atlas.plot(document.querySelector('#network-graph .js-plotly-plot')).crosshair"), message="the crosshair")
    marked = atlas.driver.execute_script(
        "return atlas.plot(document.querySelector('#network-graph .js-plotly-plot')).crosshair")
    assert abs(marked["row"] - row) <= 1 and abs(marked["column"] - column) <= 1
    hover = atlas.driver.find_element(By.CSS_SELECTOR, "#network-graph .hoverlayer").text
    assert " – " in hover, "the hover names the pair"
    atlas.screenshot(f"matrix-atop-names-hover-{window[0]}")

"""The charts under the player and the ties table, read at a laptop's 1366x768: a month ~1 px wide
can be hovered and is never hidden by the frame marker, the Gantt keeps its years in view while its
rows scroll, and the ties table shows all its columns."""

import csv
import io
import math
from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from alliance_atlas.events import ties_in_force_columns
from alliance_atlas.frames import Frames
from components.changes_panel import TABLE_PAGE
from tests.conftest import ATOP, need

STORY = "?dataset=korea&date=2024-12&focus=PRK"


def laptop(atlas):
    """A 1366x768 viewport (the window is a little larger than what the page gets)."""
    driver = atlas.driver
    driver.set_window_size(1366, 768)
    inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
    driver.set_window_size(1366 + 1366 - inner[0], 768 + 768 - inner[1])
    atlas.settle()


def column(atlas, graph_id: str, start: str, end: str) -> list[float]:
    """Page pixels (x) of the dates ``start`` and ``end`` on a chart's time axis, and the middle of
    its plot area (y), with the chart scrolled into view."""
    return atlas.driver.execute_script(
        "const gd = document.querySelector(arguments[0] + ' .js-plotly-plot');"
        "gd.scrollIntoView({block: 'center', behavior: 'instant'});"
        "const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();"
        "const at = d => box.left + xa._offset + xa.c2p(xa.d2c(d));"
        "return [at(arguments[1]), at(arguments[2]), box.top + ya._offset + ya._length / 2];",
        f"#{graph_id}", start, end,
    )


def test_a_month_one_pixel_wide_answers_a_hover_and_shows_inside_the_marker(atlas, app):
    atlas.open(app, STORY)
    laptop(atlas)
    left, right, middle = column(atlas, "timeline-graph", "2024-12-01", "2025-01-01")
    assert right - left < 2, "a month is under 2 px wide at 1366 px"
    # every whole pixel a mouse can stand on within the month
    pixels = range(math.ceil(left), math.ceil(right))
    assert pixels
    for x in pixels:
        actions = ActionBuilder(atlas.driver)
        actions.pointer_action.move_to_location(x, round(middle))
        actions.perform()
        atlas.wait_until(lambda: atlas.driver.find_elements(By.CSS_SELECTOR, "#timeline-graph .hoverlayer .legend"),
                         message="the hover label")
        label = atlas.driver.find_element(By.CSS_SELECTOR, "#timeline-graph .hoverlayer").text
        assert label.startswith("2024-12") and "0 gained, 1 lost, 1 changed" in label, (x, left, right, label)
    # the marker is an outline with no fill, clear of the month's column: the loss bar shows inside it
    band = atlas.driver.execute_script(
        "const band = document.querySelector('#timeline-graph .frame-marker'), box = band.getBoundingClientRect(),"
        " style = getComputedStyle(band);"
        "return [box.left + parseFloat(style.borderLeftWidth), box.right - parseFloat(style.borderRightWidth),"
        " style.backgroundColor, band.dataset.frame];")
    assert band[3] == "2024-12"
    assert band[0] <= left and band[1] >= right, (band, left, right)
    assert band[2] in ("rgba(0, 0, 0, 0)", "transparent")
    atlas.screenshot("charts-story-timeline-1366")


def test_the_ties_table_shows_all_six_columns_at_1366(atlas, app):
    atlas.open(app, STORY)
    laptop(atlas)
    grid = atlas.driver.find_element(By.ID, "ties-table")
    atlas.driver.execute_script("arguments[0].scrollIntoView({block: 'start', behavior: 'instant'});", grid)
    atlas.wait_until(lambda: "Russia" in atlas.table_text(), message="rows in the ties table")
    box = grid.rect
    headers = atlas.driver.find_elements(By.CSS_SELECTOR, "#ties-table .ag-header-row-column .ag-header-cell")
    assert [h.text.replace("\n", "").replace("-", "") for h in headers] == \
        ["Country", "Partner", "Type", "Treaty / relation", "Since", "Until"]
    for header in headers:
        assert box["x"] <= header.rect["x"] and header.rect["x"] + header.rect["width"] <= box["x"] + box["width"] + 1
    # Syria's ties end on 2024-12-08: still in force for part of the month
    assert all(row.endswith("2024-12-08") for row in atlas.ties_with("Syria"))
    assert any("Russia" in row for row in atlas.ties_with("Russia"))
    atlas.screenshot("charts-ties-table-1366")


#: The ties table's rows on its page as shown, in their order: country, partner and start of each.
SHOWN_ROWS = """
return Array.from(document.querySelectorAll('#ties-table .ag-center-cols-container .ag-row'))
  .sort((a, b) => +a.getAttribute('row-index') - +b.getAttribute('row-index'))
  .map(row => ['country', 'partner', 'start'].map(c => row.querySelector(`[col-id='${c}']`).textContent));
"""


def test_the_ties_table_follows_each_step_in_the_servers_order(atlas, app, story_network):
    """The grid names its rows by tie, so a step measures only the rows it brings: each frame still
    fills the page with its own ties, in the order the server lists them."""
    months = Frames(story_network, "month")
    atlas.open(app, "?dataset=korea&date=2025-04")
    for label in ("2025-04", "2025-03", "2024-12", "2024-11"):  # Syria's ties end on 2024-12-08
        atlas.go_to(label)
        ties = ties_in_force_columns(months, months.index_of(label))
        expected = [list(row) for row in zip(ties["country"], ties["partner"], ties["start"])][:TABLE_PAGE]
        atlas.wait_until(lambda: atlas.driver.execute_script(SHOWN_ROWS) == expected,
                         message=f"the ties of {label} in the table")


@pytest.fixture
def atop_app():
    from app import create_app

    return create_app(need(ATOP))


def test_the_gantt_keeps_its_years_in_view_while_its_rows_scroll(atlas, atop_app):
    atlas.open(atop_app, "?step=year&date=1991&focus=USA")
    laptop(atlas)
    panel = atlas.driver.find_element(By.ID, "gantt-panel")
    atlas.wait_until(lambda: any("Morocco" in t["y"] for t in atlas.figure("gantt-graph")["data"]),
                     message="the United States' partners in the Gantt")
    atlas.driver.execute_script("arguments[0].scrollIntoView({block: 'start', behavior: 'instant'});", panel)
    assert panel.size["height"] <= 768, "the panel fits the screen; its rows scroll inside it"
    # the keyboard scrolls it: the panel takes focus, End goes to the last rows
    atlas.driver.execute_script("arguments[0].focus();", panel)
    ActionChains(atlas.driver).send_keys(Keys.END).perform()
    atlas.wait_until(lambda: atlas.driver.execute_script(
        "const p = arguments[0]; return p.scrollTop > 0 && p.scrollTop + p.clientHeight >= p.scrollHeight - 1;", panel),
        message="the panel scrolled to its last rows")
    years = atlas.driver.execute_script(
        "const p = arguments[0].getBoundingClientRect();"
        "return Array.from(document.querySelectorAll('#gantt-header .x2tick text')).map(t => {"
        " const b = t.getBoundingClientRect();"
        " return [t.textContent, b.top >= Math.max(p.top, 0) && b.bottom <= Math.min(p.bottom, window.innerHeight)]; });",
        panel)
    assert len(years) >= 3 and all(shown for _, shown in years), years
    assert [year for year, _ in years][-1] == "2000"
    atlas.screenshot("charts-gantt-atop-usa-bottom-1366")


FORMULA = """
source,target,start,end,type,label
France,Germany,1963-01-22,,consultation,"=HYPERLINK(""http://example.com"")"
France,United Kingdom,1904-04-08,,entente,Entente cordiale
Germany,Italy,1955-05-05,,defense,Western European Union
"""


def test_the_ties_table_downloads_the_rows_its_filter_shows_safe_for_spreadsheets(atlas, app, csv_file):
    from tests.browser.test_export import wait_for_file
    from tests.browser.test_uploads_and_url import upload

    atlas.open(app, "?dataset=korea")
    upload(atlas.driver, csv_file("formula.csv", FORMULA))
    atlas.wait_until(lambda: "Italy" in atlas.table_text(), message="the upload's ties in the table")
    atlas.driver.find_element(By.ID, "ties-filter").send_keys("France", Keys.ENTER)
    atlas.wait_until(lambda: "Italy" not in atlas.table_text(), message="the filter applied")
    folder = Path(atlas.duo.download_path)
    for old in folder.iterdir():
        old.unlink()
    atlas.driver.find_element(By.ID, "ties-csv").click()
    saved = wait_for_file(folder, ".csv")
    assert saved.name.endswith(f"_ties_{atlas.label()}.csv"), "named after the frame the table shows"
    rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert rows[0][:2] == ["Country", "Partner"]
    assert {frozenset(row[:2]) for row in rows[1:]} == {frozenset({"France", "Germany"}),
                                                       frozenset({"France", "United Kingdom"})}, "the rows shown"
    assert "'=HYPERLINK(\"http://example.com\")" in [cell for row in rows for cell in row]

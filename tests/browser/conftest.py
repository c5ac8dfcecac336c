"""Browser tests drive the real app in headless Chromium through dash_duo.

Each test starts the app, acts as a user would, asserts on what the page shows, and checks that
the browser console has no errors. Screenshots go to screenshots/ (ignored by git).
"""

import os
import shutil
import time
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.conftest import ROOT

SCREENSHOTS = ROOT / "screenshots"

if shutil.which("chromedriver") is None:
    collect_ignore_glob = ["test_*.py"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


#: Script defining ``coordinates(trace, axis, geoAxis)`` for a plot ``gd``: a trace's coordinates as an
#: array, those the lines' canvas is given for a trace of lines it draws (layout.meta.lines: as the server
#: sends them, or as the frame engine makes them).
COORDINATES = """
const canvasLines = (gd && gd.layout.meta && gd.layout.meta.lines) || {};
const decodedLines = spec => Array.from(ArrayBuffer.isView(spec) ? spec
  : new Float32Array(Uint8Array.from(atob(spec.bdata), c => c.charCodeAt(0)).buffer));
const coordinates = (t, axis, geoAxis) => canvasLines[t.index] ? decodedLines(canvasLines[t.index][axis])
  : Array.from(t[axis] || t[geoAxis] || []);
"""


class Atlas:
    """The dashboard as a user sees it: a thin page object over dash_duo."""

    def __init__(self, dash_duo):
        self.duo = dash_duo
        self.driver = dash_duo.driver

    def open(self, app, query: str = "", window: tuple[int, int] = (1440, 1000)):
        self.driver.set_window_size(*window)
        # a port of its own lets two checkouts run their browser tests side by side; the page is opened
        # once, on the view asked (start_server would first open and draw the default view)
        self.duo.start_server(app, navigate=False, port=int(os.environ.get("ATLAS_TEST_PORT", "8050")))
        self.duo._url = self.duo.server.url  # what the server_url setter keeps, without its page load
        self.driver.get(self.duo.server_url + "/" + query)
        self.duo.wait_for_element("#react-entry-point", timeout=60)
        # ATOP's first draw takes seconds on a quiet machine and several times that beside other test workers
        self.wait_until(lambda: self.figure("network-graph")["title"] and self.figure("timeline-graph")["title"],
                        timeout=60, message="the network and timeline to draw")
        self.settle()
        return self

    def resize_viewport(self, width: int, height: int):
        """Make the page's viewport (window.innerWidth/innerHeight) exactly this size, as on a screen of it."""
        self.driver.set_window_size(width, height)
        inner = self.driver.execute_script("return [window.innerWidth, window.innerHeight];")
        self.driver.set_window_size(2 * width - inner[0], 2 * height - inner[1])
        self.wait_until(lambda: self.driver.execute_script("return [window.innerWidth, window.innerHeight];")
                        == [width, height], message=f"a {width}x{height} viewport")
        self.settle()

    def settle(self, timeout: float = 15):
        """Wait until Dash has no callback in flight (twice in a row, 150 ms apart)."""
        pending = ("const c = window.store && window.store.getState().callbacks;"
                   "return c ? Object.values(c).reduce((n, v) => n + (Array.isArray(v) ? v.length : 0), 0) : 1;")
        end = time.time() + timeout
        quiet = 0
        while time.time() < end and quiet < 2:
            quiet = quiet + 1 if self.driver.execute_script(pending) == 0 else 0
            time.sleep(0.15)

    # --- reading -----------------------------------------------------------------------------
    def label(self) -> str:
        return self.driver.find_element(By.ID, "frame-label").text

    def wait_for_label(self, text: str, timeout: float = 10):
        self.duo.wait_for_text_to_equal("#frame-label", text, timeout=timeout)

    def figure(self, graph_id: str) -> dict:
        """The figure plotly.js is showing (after patches), with the data as plotly.js holds it."""
        return self.driver.execute_script(
            "const gd = document.querySelector(arguments[0] + ' .js-plotly-plot');" + COORDINATES +
            "return gd ? {data: gd._fullData.map(t => ({name: t.name, type: t.type, x: coordinates(t, 'x', 'lon'),"
            " y: coordinates(t, 'y', 'lat'), text: t.text, customdata: t.customdata})),"
            " title: (gd.layout.title || {}).text, shapes: gd.layout.shapes} : null;",
            f"#{graph_id}",
        )

    def wait_until(self, condition, timeout: float = 10, message: str = "condition"):
        end = time.time() + timeout
        while time.time() < end:
            try:
                if condition():
                    return
            except Exception:  # the page may be mid-render
                pass
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {message}")

    def marker(self) -> str | None:
        """The frame the band on the timeline marks, if it is drawn inside the plot area."""
        return self.driver.execute_script(
            "const gd = document.querySelector('#timeline-graph .js-plotly-plot');"
            "const band = gd && gd.querySelector('.frame-marker');"
            "if (!band) return null;"
            "const centre = parseFloat(band.style.left) + parseFloat(band.style.width) / 2, size = gd._fullLayout._size;"
            "return centre >= size.l && centre <= size.l + size.w ? band.dataset.frame : null;"
        )

    def changes_text(self) -> str:
        return self.driver.find_element(By.ID, "changes").text

    def table_text(self) -> str:
        return self.driver.find_element(By.ID, "ties-table").text

    def ties_with(self, partner: str) -> list[str]:
        """Rows of the ties table whose partner is ``partner``, found through the table's filter box."""
        box = self.driver.find_element(By.ID, "ties-filter")
        box.clear()
        box.send_keys(partner + "\n")
        self.wait_until(lambda: self._rows() and all(partner in row.text for row in self._rows()), message="filter")
        rows = [row.text for row in self._rows()
                if row.find_element(By.CSS_SELECTOR, "[col-id='partner']").text == partner]
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys(Keys.DELETE, "\n")
        return rows

    def _rows(self):
        return self.driver.find_elements(By.CSS_SELECTOR, "#ties-table .ag-center-cols-container .ag-row")

    # --- acting ------------------------------------------------------------------------------
    def click(self, element_id: str, times: int = 1):
        for _ in range(times):
            before = self.label()
            self.driver.find_element(By.ID, element_id).click()
            if element_id in ("step-back", "step-forward"):
                self.wait_until(lambda: self.label() != before, message=f"{element_id} to move the frame")

    def focus(self, name: str):
        self.driver.find_element(By.ID, "focus").click()
        search = self.duo.wait_for_element("input.dash-dropdown-search")
        search.send_keys(name)
        self.wait_until(lambda: self.driver.find_element(By.CSS_SELECTOR, ".dash-dropdown-option").text == name,
                        message=f"{name} in the country list")
        self.driver.find_element(By.CSS_SELECTOR, ".dash-dropdown-option").click()
        self.wait_until(lambda: name in self.figure("network-graph")["title"] and name in self.figure("timeline-graph")["title"],
                        message=f"focus {name}")
        self.settle()

    def go_to(self, label: str):
        """Step with the buttons until the frame label reads ``label``."""
        target = label
        for _ in range(2000):
            current = self.label()
            if current == target:
                return
            self.click("step-forward" if current < target else "step-back")
        raise AssertionError(f"never reached {label}")

    def console_errors(self) -> list:
        return [entry for entry in self.duo.get_logs() or [] if entry.get("level") == "SEVERE"]

    def screenshot(self, name: str):
        SCREENSHOTS.mkdir(exist_ok=True)
        self.driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


@pytest.fixture(scope="session", autouse=True)
def warm_image_renderer():
    """Start the export renderer before any app: dash's test runner stops every thread started
    after its server (with an injected SystemExit), which would leave the renderer half dead."""
    from alliance_atlas import export

    if export.missing_renderer() is None:
        import plotly.graph_objects as go

        from alliance_atlas.export.images import image

        image(go.Figure(), "png", 10, 10, scale=1)


@pytest.fixture
def atlas(dash_duo):
    page = Atlas(dash_duo)
    yield page
    assert page.console_errors() == []


@pytest.fixture
def app():
    from app import create_app

    return create_app()


@pytest.fixture
def csv_file(tmp_path):
    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text.strip() + "\n")
        return path

    return write

"""The screen as a whole: one screen from 1366x768 up, accessible to axe-core, usable by keyboard."""

import importlib.resources

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.conftest import ATOP, need

STORY = "?dataset=korea&date=2024-12&focus=PRK"
SERIOUS = ("critical", "serious")


def axe_violations(atlas, context: str = "document") -> list[dict]:
    """axe-core's violations on the page as it is now (the script comes from a PyPI wheel, see pyproject)."""
    script = (importlib.resources.files("axe_playwright_python") / "axe.min.js").read_text()
    atlas.driver.execute_script(script)
    atlas.driver.set_script_timeout(60)
    return atlas.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        f"axe.run({context}).then(r => done(r.violations.map(v => ({{id: v.id, impact: v.impact, help: v.help,"
        " targets: v.nodes.map(n => n.target.join(' '))}))), e => done([{id: 'axe failed', impact: 'critical',"
        " help: String(e), targets: []}]));"
    )


def assert_no_serious_violation(atlas, where: str, context: str = "document"):
    violations = axe_violations(atlas, context)
    for violation in violations:
        if violation["impact"] not in SERIOUS:
            print(f"{where}: {violation['impact']} {violation['id']} ({violation['help']}): {violation['targets'][:5]}")
    serious = [v for v in violations if v["impact"] in SERIOUS]
    assert serious == [], f"{where}: " + "; ".join(f"{v['id']} on {v['targets'][:3]}" for v in serious)


def boxes_in_view(atlas) -> dict:
    """Each of the three pieces of the mission: is all of it on screen, before any scrolling?"""
    return atlas.driver.execute_script(
        "const seen = {};"
        "for (const [name, selector] of [['network', '#network-graph .js-plotly-plot'], ['player', '.player'],"
        "                                ['timeline', '#timeline-graph .js-plotly-plot']]) {"
        "  const box = document.querySelector(selector).getBoundingClientRect();"
        "  seen[name] = box.height > 100 || name === 'player' ? box.top >= 0 && box.bottom <= window.innerHeight"
        "               && box.left >= 0 && box.right <= window.innerWidth : 'too small: ' + box.height;"
        "}"
        "seen.scrolled = window.scrollY;"
        "return seen;"
    )


def test_story_page_and_export_panel_pass_axe(atlas, app):
    atlas.open(app, STORY)
    atlas.resize_viewport(1366, 768)
    assert_no_serious_violation(atlas, "story page")
    atlas.driver.find_element(By.ID, "export-open").click()
    atlas.duo.wait_for_element("#export-modal .modal-body")
    # the modal fades in; axe reads colours mid-fade otherwise
    atlas.wait_until(lambda: atlas.driver.execute_script(
        "const m = document.querySelector('.modal.show'); return m && getComputedStyle(m).opacity === '1';"),
        message="the export panel faded in")
    assert_no_serious_violation(atlas, "export panel", "document.querySelector('#export-modal')")
    named = atlas.driver.execute_script(
        "const dialog = document.querySelector('.modal[role=dialog]');"
        "const title = dialog && document.getElementById(dialog.getAttribute('aria-labelledby'));"
        "return [title && title.textContent, [...dialog.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => h.tagName)];")
    assert named == ["Export this view", ["H2", "H3", "H3", "H3"]], "named, and its headings step down by one"


def test_a_compare_date_that_cannot_be_read_is_marked_and_said(atlas, app):
    atlas.open(app, "?dataset=korea")
    box = atlas.driver.find_element(By.ID, "compare")
    box.send_keys("banana", Keys.ENTER)
    atlas.duo.wait_for_contains_text("#notice", "Compare with: cannot read 'banana' as a date (use YYYY-MM-DD, "
                                                "YYYY-MM or YYYY)")
    assert "is-invalid" in box.get_attribute("class")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys("2019-01", Keys.ENTER)
    atlas.wait_until(lambda: "→" in atlas.figure("network-graph")["title"], message="compare mode with a good date")
    assert "is-invalid" not in box.get_attribute("class")


def test_atop_page_passes_axe(dash_duo):
    from app import create_app

    from tests.browser.conftest import Atlas

    atlas = Atlas(dash_duo)
    atlas.open(create_app(need(ATOP)), "?step=year&date=2018")
    atlas.resize_viewport(1366, 768)
    assert_no_serious_violation(atlas, "ATOP page")
    assert atlas.console_errors() == []


@pytest.mark.parametrize("width, height", [(1366, 768), (1920, 1080)])
def test_network_player_and_timeline_share_one_screen(atlas, app, width, height):
    atlas.open(app, STORY)
    atlas.resize_viewport(width, height)
    atlas.wait_until(lambda: boxes_in_view(atlas) == {"network": True, "player": True, "timeline": True, "scrolled": 0},
                     timeout=5, message=f"network, player and timeline in view at {width}x{height}: {boxes_in_view(atlas)}")
    atlas.screenshot(f"screen-story-{width}x{height}")


def tab_to(page, element_id: str, most: int = 150):
    """Press Tab until the element has the keyboard; fail naming what Tab went through."""
    visited = []
    for _ in range(most):
        ActionChains(page).send_keys(Keys.TAB).perform()
        active = page.execute_script("const a = document.activeElement; return a.id || a.tagName + '.' + a.className;")
        if active == element_id:
            return
        visited.append(active)
    raise AssertionError(f"Tab never reached #{element_id}; it went through {visited}")


def test_keyboard_focuses_a_country_and_plays(atlas, app):
    atlas.open(app, "?dataset=korea&date=2024-12")
    page = atlas.driver
    page.execute_script("document.activeElement.blur();")
    tab_to(page, "focus")  # from the top of the page
    ActionChains(page).send_keys(Keys.ARROW_DOWN).perform()  # opens the list and moves into its search box
    atlas.wait_until(lambda: page.switch_to.active_element.get_attribute("class") == "dash-dropdown-search",
                     message="the search box to take the keyboard")
    ActionChains(page).send_keys("North Korea").perform()
    atlas.wait_until(lambda: page.find_element(By.CSS_SELECTOR, ".dash-dropdown-option").text == "North Korea",
                     message="North Korea first in the list")
    ActionChains(page).send_keys(Keys.ENTER).perform()
    atlas.wait_until(lambda: "North Korea" in atlas.figure("network-graph")["title"], message="focus North Korea")
    atlas.wait_until(lambda: "focus=PRK" in page.current_url, message="the focus in the link")

    # Enter on the country already in focus keeps it (Dash's dropdown toggles the match off otherwise)
    page.find_element(By.ID, "focus").click()
    atlas.duo.wait_for_element("input.dash-dropdown-search").send_keys("North Korea")
    atlas.wait_until(lambda: page.find_element(By.CSS_SELECTOR, ".dash-dropdown-option").text == "North Korea",
                     message="North Korea in the list again")
    ActionChains(page).send_keys(Keys.ENTER).perform()
    atlas.settle()
    assert "focus=PRK" in page.current_url and "North Korea" in atlas.figure("network-graph")["title"]

    # on to Play, which Space presses like any focused button
    tab_to(page, "play")
    outline = page.execute_script("return getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused Play button shows no focus ring"
    start = atlas.label()
    ActionChains(page).send_keys(Keys.SPACE).perform()
    atlas.duo.wait_for_text_to_equal("#play", "❚❚ Pause")
    atlas.wait_until(lambda: atlas.label() != start, message="Play to move the frame")
    ActionChains(page).send_keys(Keys.ENTER).perform()
    atlas.duo.wait_for_text_to_equal("#play", "▶ Play")


def test_focus_clear_button_clears_the_focus(atlas, app):
    atlas.open(app, STORY)
    atlas.driver.find_element(By.ID, "focus-clear").click()
    atlas.wait_until(lambda: "North Korea" not in atlas.figure("network-graph")["title"], message="the focus cleared")
    atlas.wait_until(lambda: "focus=" not in atlas.driver.current_url, message="the focus gone from the link")


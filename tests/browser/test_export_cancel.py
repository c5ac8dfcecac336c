"""A long animation export can be cancelled from the panel, and says so."""

from pathlib import Path

from selenium.webdriver.common.by import By

from tests.browser.test_export import needs_chromium


@needs_chromium
def test_a_long_animation_is_cancelled_from_the_panel(atlas, app):
    atlas.open(app, window=(1366, 768))
    atlas.driver.find_element(By.ID, "export-open").click()
    atlas.duo.wait_for_element("#export-modal")
    cancel = atlas.driver.find_element(By.ID, "export-cancel")
    assert not cancel.is_enabled(), "nothing to cancel yet"
    atlas.driver.find_element(By.ID, "export-from").send_keys("1948-01")
    atlas.driver.find_element(By.ID, "export-to").send_keys("2025-12")
    atlas.driver.find_element(By.CSS_SELECTOR, '[id*=\'"kind":"gif"\']').click()
    atlas.duo.wait_for_contains_text("#export-status", "Rendering frame", timeout=30)
    atlas.wait_until(cancel.is_enabled, message="Cancel to be offered while the job runs")
    atlas.screenshot("export-running-1366x768")
    cancel.click()
    atlas.duo.wait_for_contains_text("#export-status", "Export cancelled.", timeout=30)
    assert not cancel.is_enabled()
    assert not list(Path(atlas.duo.download_path).glob("*.gif")), "no file from a cancelled job"
    atlas.screenshot("export-cancelled-1366x768")

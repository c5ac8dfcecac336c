"""A long animation export can be cancelled from the panel, and a job that dies says so too."""

import time
from pathlib import Path

import psutil
from selenium.webdriver.common.by import By

from tests.browser.test_export import needs_chromium


@needs_chromium
def test_a_long_animation_is_cancelled_from_the_panel(atlas, app):
    atlas.open(app, "?dataset=korea", window=(1366, 768))
    atlas.driver.find_element(By.ID, "export-open").click()
    atlas.duo.wait_for_element("#export-modal")
    cancel = atlas.driver.find_element(By.ID, "export-cancel")
    assert not cancel.is_enabled(), "nothing to cancel yet"
    atlas.driver.find_element(By.ID, "export-from").send_keys("1948-01")
    atlas.driver.find_element(By.ID, "export-to").send_keys("2025-12")
    atlas.driver.find_element(By.CSS_SELECTOR, '[id*=\'"kind":"gif"\']').click()
    atlas.duo.wait_for_contains_text("#export-progress-text", "Rendering frame", timeout=30)
    atlas.wait_until(cancel.is_enabled, message="Cancel to be offered while the job runs")
    atlas.screenshot("export-running-1366x768")
    cancel.click()
    atlas.duo.wait_for_contains_text("#export-status", "Export cancelled.", timeout=60)
    assert not cancel.is_enabled()
    assert atlas.driver.find_element(By.ID, "export-progress-text").text == ""
    time.sleep(2)  # the job's polls have stopped: nothing overwrites the message
    assert atlas.driver.find_element(By.ID, "export-status").text == "Export cancelled."
    assert not list(Path(atlas.duo.download_path).glob("*.gif")), "no file from a cancelled job"
    atlas.screenshot("export-cancelled-1366x768")


@needs_chromium
def test_an_animation_whose_job_dies_says_so(atlas, app):
    """A job process killed from outside (out of memory, say) ends with a message, not a stalled bar."""
    atlas.open(app, "?dataset=korea", window=(1366, 768))
    atlas.driver.find_element(By.ID, "export-open").click()
    atlas.duo.wait_for_element("#export-modal")
    before = {child.pid for child in psutil.Process().children()}
    atlas.driver.find_element(By.ID, "export-from").send_keys("1948-01")
    atlas.driver.find_element(By.ID, "export-to").send_keys("2025-12")
    atlas.driver.find_element(By.CSS_SELECTOR, '[id*=\'"kind":"mp4"\']').click()
    atlas.duo.wait_for_contains_text("#export-progress-text", "Rendering frame", timeout=30)
    # the job: the process the server (this process) forked for it, which has this process's command line
    jobs = [child for child in psutil.Process().children() if child.pid not in before
            and child.cmdline() == psutil.Process().cmdline()]
    assert len(jobs) == 1, [job.cmdline() for job in jobs]
    jobs[0].kill()
    atlas.duo.wait_for_contains_text("#export-status", "the export stopped before it finished", timeout=5)
    assert not atlas.driver.find_element(By.ID, "export-cancel").is_enabled()
    assert atlas.driver.find_element(By.ID, "export-progress-text").text == ""

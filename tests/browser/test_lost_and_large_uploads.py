"""An upload the server no longer has, and a file too large to upload: each is said in one line and
the view stays whole (the default dataset, never a blank page or a frame left behind)."""

import shutil

import pytest
from selenium.webdriver.common.by import By

from alliance_atlas.hosting.uploads import MAX_UPLOAD_BYTES
from tests.browser.test_uploads_and_url import GOOD, dataset_label, upload


@pytest.fixture
def store_dir(tmp_path, monkeypatch):
    directory = tmp_path / "store"
    monkeypatch.setenv("ALLIANCE_ATLAS_STORE_DIR", str(directory))
    return directory


def test_a_step_on_a_lost_upload_falls_back_to_the_default_with_a_notice(atlas, store_dir, csv_file):
    from app import create_app

    atlas.open(create_app(), window=(1920, 1080))
    upload(atlas.driver, csv_file("france.csv", GOOD))
    atlas.wait_until(lambda: "France" in atlas.table_text(), message="the upload")
    atlas.settle()
    shutil.rmtree(store_dir)  # the store lost it: expired, evicted, or a new host after a restart

    atlas.click("step-back")
    atlas.duo.wait_for_contains_text("#notice", "Your upload is no longer on the server")
    notice = atlas.driver.find_element(By.ID, "notice").text
    assert "\n" not in notice.strip().removesuffix("×").strip(), "one line"
    atlas.wait_until(lambda: "Uploaded" not in dataset_label(atlas.driver), message="the default dataset chosen")
    assert not atlas.driver.find_elements(By.CSS_SELECTOR, "#upload-alert.show"), "'Loaded france.csv' no longer shown"
    atlas.wait_until(lambda: "France" not in atlas.table_text(), message="the upload's ties gone")
    atlas.settle()
    assert atlas.label() in atlas.figure("network-graph")["title"], "the network redrawn at the slider's frame"
    atlas.screenshot("upload-lost-on-step-1920x1080")
    atlas.driver.find_element(By.ID, "dataset").click()
    options = atlas.driver.find_element(By.ID, "dataset").text
    assert "Uploaded" not in options, "the lost upload is no longer offered"


def test_a_reload_after_the_upload_is_gone_opens_the_default(atlas, store_dir, csv_file):
    from app import create_app

    atlas.open(create_app())
    upload(atlas.driver, csv_file("france.csv", GOOD))
    atlas.wait_until(lambda: "France" in atlas.table_text(), message="the upload")
    atlas.settle()
    shutil.rmtree(store_dir)
    atlas.driver.refresh()
    atlas.duo.wait_for_contains_text("#notice", "Your upload is no longer on the server")
    atlas.wait_until(lambda: atlas.figure("network-graph")["title"], message="a network, not a blank page")
    atlas.settle()
    assert "Uploaded" not in dataset_label(atlas.driver)
    assert atlas.label() in atlas.figure("network-graph")["title"]


def test_a_file_over_the_limit_is_refused_in_the_browser_with_a_message(atlas, app, tmp_path):
    atlas.open(app, "?dataset=korea")
    title = atlas.figure("network-graph")["title"]
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:
        handle.write(b"source,target,start\n")
        handle.truncate(MAX_UPLOAD_BYTES + 1)  # sparse: no disk used
    upload(atlas.driver, huge)
    atlas.duo.wait_for_contains_text(
        "#upload-alert", "Not loaded: huge.csv is larger than 32 MB, the largest file this server accepts.")
    atlas.settle()
    assert atlas.figure("network-graph")["title"] == title
    assert "Uploaded" not in dataset_label(atlas.driver)
    atlas.screenshot("upload-too-large")

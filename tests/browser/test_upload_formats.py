"""Uploading Parquet, an Excel workbook and JSON lines in the browser: each loads as its CSV would, and a
broken one says why by row while the current dataset stays."""


import pandas as pd
import pytest
from selenium.webdriver.common.by import By

from tests.browser.test_uploads_and_url import dataset_label, upload
from tests.unit.test_formats import WRITERS

ALLIES = pd.DataFrame({
    "source": ["France", "France"],
    "target": ["Germany", "United Kingdom"],
    "start": pd.to_datetime(["1963-01-22", "1904-04-08"]),
    "type": ["consultation", "entente"],
})


@pytest.mark.parametrize("extension", sorted(WRITERS))
def test_each_format_uploads_and_a_bad_row_is_named(atlas, app, tmp_path, extension):
    atlas.open(app, "?dataset=korea")
    assert "Upload data" in atlas.driver.find_element(By.ID, "upload").text
    good = tmp_path / f"allies.{extension}"
    good.write_bytes(WRITERS[extension](ALLIES))
    upload(atlas.driver, good)
    atlas.duo.wait_for_contains_text("#upload-alert", f"Loaded allies.{extension}: 3 countries, 2 ties")
    atlas.wait_until(lambda: f"Uploaded: allies.{extension}" in dataset_label(atlas.driver), message="the upload")
    atlas.wait_until(lambda: "Germany" in atlas.table_text(), message="the uploaded ties")

    bad = tmp_path / f"broken.{extension}"
    bad.write_bytes(WRITERS[extension](ALLIES.assign(target=["Germany", "Narnia"])))
    upload(atlas.driver, bad)
    row = 3 if extension == "xlsx" else 2
    atlas.duo.wait_for_contains_text("#upload-alert", f"unknown country 'Narnia' (row {row})")
    atlas.settle()  # nothing on its way replaces the view
    assert f"Uploaded: allies.{extension}" in dataset_label(atlas.driver)
    atlas.screenshot(f"upload-{extension}-bad-row")

"""Exports from the dashboard land as files; the standalone animation plays from file://."""

import io
import time
from pathlib import Path

import pytest
from PIL import Image
from selenium.webdriver.common.by import By

from alliance_atlas import export
from alliance_atlas.export.animation import animation_html, frame_indices
from alliance_atlas.frames import Frames
from alliance_atlas.selection import Selection

needs_chromium = pytest.mark.skipif(export.missing_renderer() is not None, reason="no Chromium for kaleido")


def wait_for_file(folder: Path, suffix: str, timeout: float = 60) -> Path:
    end = time.time() + timeout
    while time.time() < end:
        found = [p for p in folder.glob(f"*{suffix}") if p.stat().st_size > 0]
        if found:
            time.sleep(0.3)
            return found[0]
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} file downloaded into {folder}")


@needs_chromium
def test_each_export_in_the_dashboard_downloads_its_file(atlas, app):
    atlas.open(app, "?focus=PRK&date=2024-12")
    atlas.wait_for_label("2024-12")
    folder = Path(atlas.duo.download_path)
    atlas.driver.find_element(By.ID, "export-open").click()
    atlas.duo.wait_for_element("#export-modal")
    expected = {
        "network-png": (".png", lambda b: b[:4] == b"\x89PNG" and Image.open(io.BytesIO(b)).size == (2800, 1800)),
        "network-svg": (".svg", lambda b: b"North Korea" in b and b"2024-12" in b),
        "network-pdf": (".pdf", lambda b: b.startswith(b"%PDF")),
        "timeline-svg": (".svg", lambda b: b"North Korea" in b),
        "ties-csv": (".csv", lambda b: b"Syria" in b),
        "changes-csv": (".csv", lambda b: b"2024-12,North Korea,Syria,lost,lost (military cooperation)" in b),
        "network-gexf": (".gexf", lambda b: b'mode="dynamic"' in b),
    }
    for kind, (suffix, check) in expected.items():
        for old in folder.iterdir():
            old.unlink()
        atlas.driver.find_element(By.CSS_SELECTOR, f'[id*=\'"kind":"{kind}"\']').click()
        saved = wait_for_file(folder, suffix)
        assert check(saved.read_bytes()), kind
        assert "korea_" in saved.name and "PRK" in saved.name
    for old in folder.iterdir():
        old.unlink()
    atlas.driver.find_element(By.ID, "export-from").send_keys("2024-10")
    atlas.driver.find_element(By.ID, "export-to").send_keys("2025-01")
    atlas.driver.find_element(By.CSS_SELECTOR, '[id*=\'"kind":"gif"\']').click()
    gif = wait_for_file(folder, ".gif", timeout=120)
    assert Image.open(gif).n_frames == 4
    atlas.duo.wait_for_contains_text("#export-status", "Saved")


@pytest.mark.parametrize("layout", ["force", "geo"])
def test_the_standalone_animation_plays_from_a_file(atlas, story_network, tmp_path, layout):
    months = Frames(story_network, "month")
    page = tmp_path / "animation.html"
    page.write_text(animation_html(months, frame_indices(months, "2024-06", "2024-12"),
                                   Selection(focus="PRK", layout=layout)))
    driver = atlas.driver
    driver.get(page.as_uri())
    atlas.wait_until(lambda: driver.execute_script(
        "const gd = document.getElementById('network'); return gd && gd._transitionData && gd._transitionData._frames.length"),
        message="the animation to load")
    current = "return document.getElementById('network')._fullLayout.sliders[0].active"
    assert driver.execute_script(current) == 0
    driver.find_element(By.XPATH, "//*[name()='text' and contains(., 'Play')]").click()
    atlas.wait_until(lambda: driver.execute_script(current) >= 3, timeout=15, message="Play to advance the slider")
    if layout == "geo":
        land = driver.find_element(By.CSS_SELECTOR, "#network .geo .layer.land path")
        assert len(land.get_attribute("d") or "") > 1000
    atlas.screenshot(f"standalone-{layout}")


def test_failed_exports_end_with_a_message_in_the_panel(atlas, app, monkeypatch):
    from alliance_atlas.export import animation as animation_module
    from alliance_atlas.export import images

    def broken_page(*args, **kwargs):
        raise RuntimeError("disk full")

    def crashed_renderer(figure, opts):
        raise export.ExportError("the image renderer failed (TimeoutError: ); try again")

    monkeypatch.setattr(animation_module, "animation_html", broken_page)
    monkeypatch.setattr(images._chromium, "render", crashed_renderer)
    atlas.open(app, "?focus=PRK&date=2024-12")
    atlas.driver.find_element(By.ID, "export-open").click()
    atlas.duo.wait_for_element("#export-modal")
    atlas.driver.find_element(By.CSS_SELECTOR, '[id*=\'"kind":"html"\']').click()
    atlas.duo.wait_for_contains_text("#export-status", "the export failed (RuntimeError: disk full)", timeout=20)
    if export.missing_renderer() is None:
        atlas.driver.find_element(By.CSS_SELECTOR, '[id*=\'"kind":"network-svg"\']').click()
        atlas.duo.wait_for_contains_text("#export-status", "the image renderer failed", timeout=20)
    atlas.driver.find_element(By.ID, "export-from").send_keys("2025-06")
    atlas.driver.find_element(By.ID, "export-to").send_keys("2024-01")
    atlas.driver.find_element(By.CSS_SELECTOR, '[id*=\'"kind":"html"\']').click()
    atlas.duo.wait_for_contains_text("#export-status", "before it starts", timeout=20)


def test_without_kaleido_the_panel_says_what_to_install(atlas, monkeypatch):
    import importlib.util

    from alliance_atlas.export import images
    from app import create_app

    real = importlib.util.find_spec
    monkeypatch.setattr(images.importlib.util, "find_spec", lambda name, *a: None if name == "kaleido" else real(name, *a))
    atlas.open(create_app())
    atlas.driver.find_element(By.ID, "export-open").click()
    atlas.duo.wait_for_contains_text("#export-modal", "pip install kaleido")
    png = atlas.driver.find_element(By.CSS_SELECTOR, '[id*=\'"kind":"network-png"\']')
    csv = atlas.driver.find_element(By.CSS_SELECTOR, '[id*=\'"kind":"ties-csv"\']')
    assert not png.is_enabled() and csv.is_enabled()

"""Every way an export can fail ends with one clear message: a missing part, a crashed renderer, a
broken job. Nothing spins forever or prints a traceback."""

import base64
import importlib.util
import subprocess
import sys
import time

import pytest
from dash import no_update

from alliance_atlas import export
from alliance_atlas.export import ExportError, ExportRequest, images
from alliance_atlas.commands.cli import main
from tests.conftest import ROOT, STORY

real_find_spec = importlib.util.find_spec


@pytest.fixture
def no_kaleido(monkeypatch):
    monkeypatch.setattr(images.importlib.util, "find_spec",
                        lambda name, *a: None if name == "kaleido" else real_find_spec(name, *a))


@pytest.fixture
def no_browser(monkeypatch):
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setattr(images.shutil, "which", lambda name: None)


def cli_error(capsys, *arguments) -> str:
    assert main(["export", str(STORY), *arguments]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize("suffix", ["png", "svg", "pdf", "gif", "mp4"])
def test_without_kaleido_images_and_videos_say_what_to_install(no_kaleido, capsys, tmp_path, suffix):
    assert "pip install kaleido" in export.missing_renderer(suffix)
    assert "pip install kaleido" in cli_error(capsys, "-o", str(tmp_path / f"x.{suffix}"))
    assert not (tmp_path / f"x.{suffix}").exists()


def test_without_a_browser_images_say_how_to_get_one(no_browser, capsys, tmp_path):
    assert "apt-get install chromium" in cli_error(capsys, "-o", str(tmp_path / "x.png"))


def test_without_an_encoder_videos_say_what_to_install(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(images.importlib.util, "find_spec",
                        lambda name, *a: None if name == "imageio_ffmpeg" else real_find_spec(name, *a))
    assert "pip install imageio-ffmpeg" in cli_error(capsys, "-o", str(tmp_path / "x.mp4"))
    assert not any("imageio" in need for need in export.renderer_needs("gif"))


def test_other_exports_need_no_renderer(no_kaleido, no_browser, tmp_path):
    for suffix in ("csv", "gexf", "html"):
        assert main(["export", str(STORY), "--from", "2024-01", "--to", "2024-03", "-o", str(tmp_path / f"x.{suffix}")]) == 0


@pytest.mark.skipif(export.missing_renderer() is not None, reason="no Chromium for kaleido")
def test_a_crashed_renderer_is_one_line(monkeypatch, capsys, tmp_path):
    def crash(figure, opts):
        raise ExportError("the image renderer failed (TimeoutError: ); try again")

    monkeypatch.setattr(images._chromium, "render", crash)
    assert "renderer failed" in cli_error(capsys, "-o", str(tmp_path / "x.svg"))


@pytest.mark.parametrize(("request_", "message"), [
    (ExportRequest("doc"), "unknown export format 'doc'"),
    (ExportRequest("gexf", "timeline"), "a GEXF file can hold network, not timeline"),
    (ExportRequest("png", "changes"), "a PNG file can hold network or timeline, not changes"),
])
def test_requests_a_format_cannot_hold_are_refused(request_, message):
    with pytest.raises(ExportError, match=message):
        request_.check()


@pytest.fixture(scope="module")
def story_view():
    from alliance_atlas.hosting.datasets import DatasetManager
    from components.view_state import ViewState

    manager = DatasetManager()
    return ViewState.build(manager, dataset=manager.default, step="month")


@pytest.mark.parametrize(("failure", "message"), [
    (KeyError("missing"), "the export failed (KeyError: 'missing')"),
    (ExportError("Chromium is gone; try again"), "Chromium is gone; try again"),
])
def test_an_animation_job_that_breaks_ends_with_a_message(monkeypatch, story_view, failure, message):
    from components.export_panel import render_animation

    def broken(*args):
        raise failure

    monkeypatch.setattr(export, "render", broken)
    reported = []
    download, status = render_animation(story_view, "gif", "2024-01", "2024-06", 1, reported.append)
    assert download is no_update and status.children == message
    assert reported == [(0, "Preparing 6 frames…")], "the job said how many frames it would draw first"


def test_an_animation_job_says_what_it_draws_then_saves(story_view):
    from components.export_panel import render_animation

    reported = []
    download, status = render_animation(story_view, "html", "2024-11", "2025-01", 1, reported.append)
    assert reported[0] == (0, "Preparing 3 frames…")
    assert status == f"Saved {download['filename']}." and download["filename"].endswith(".html")
    assert "2024-12" in base64.b64decode(download["content"]).decode()


def test_an_animation_of_an_impossible_range_says_why(story_view):
    from components.export_panel import render_animation

    download, status = render_animation(story_view, "gif", "2025-01", "2024-01", 1, lambda _: None)
    assert download is no_update and status.children == "the range ends (2024-01) before it starts (2025-01)"


def test_ended_jobs_expire(tmp_path, monkeypatch):
    from components import background_jobs

    monkeypatch.setattr(background_jobs, "KEEP_SECONDS", 1)
    with background_jobs.ExpiringCache(str(tmp_path)) as cache:
        cache.set("job-result", {"file": "f.gif"})
        cache.set("kept-longer", {"file": "f.gif"}, expire=60)
        assert cache.get("job-result") == {"file": "f.gif"}
        time.sleep(1.2)
        assert cache.get("job-result") is None and cache.get("kept-longer") == {"file": "f.gif"}


def test_the_renderers_are_imported_when_the_app_starts():
    """Importing kaleido inside a request thread raced plotly's encoder (HTTP 500s on the first PNG)."""
    probe = ("import sys; from app import create_app; create_app(); "
             "print(all(m in sys.modules for m in ('kaleido', 'PIL.Image', 'imageio_ffmpeg')))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.stdout.strip().endswith("True"), result.stderr[-500:]

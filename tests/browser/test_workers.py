"""`alliance-atlas serve --workers 2`: an upload, slider steps and an animation export all work
whichever worker answers, and after the busiest worker is killed (gunicorn starts another), with the workers
sharing a directory (the export a process forked by a worker), and sharing a Redis server (the export
run by the Celery job worker serve starts)."""

import os
import re
import signal
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from alliance_atlas.export import missing_renderer
from tests.browser.test_export import wait_for_file
from tests.browser.test_uploads_and_url import GOOD, upload
from tests.conftest import ROOT

STEPS = 12


def port(offset: int) -> int:
    """A port beside ATLAS_TEST_PORT when it is set (a checkout keeps to its own ports), else a free one."""
    if os.environ.get("ATLAS_TEST_PORT"):
        return int(os.environ["ATLAS_TEST_PORT"]) + offset
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(number: int, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    end = time.time() + timeout
    while time.time() < end:
        if process.poll() is not None:
            raise AssertionError(f"the server stopped: {log.read_text()[-2000:]}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", number)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"nothing listens on {number}: {log.read_text()[-2000:]}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def answering_workers(log: Path) -> list[int]:
    """The process id of the worker that answered each callback so far, in order."""
    return [int(pid) for pid in re.findall(r"worker=<(\d+)> \S+ \"POST /_dash-update-component", log.read_text())]


def wait_for_workers(url: str, log: Path, count: int, timeout: float = 90) -> None:
    """Until ``count`` workers have answered a page's layout: a worker still importing the app would
    leave the browser's kept-alive connections all to the first one."""
    end = time.time() + timeout
    while time.time() < end:
        urllib.request.urlopen(url + "/_dash-layout", timeout=30).read()
        if len(set(re.findall(r"worker=<(\d+)> \S+ \"GET /_dash-layout", log.read_text()))) >= count:
            return
        time.sleep(0.1)
    raise AssertionError(f"fewer than {count} workers answered in {timeout} s: {log.read_text()[-2000:]}")


@pytest.fixture(params=["directory", "redis"])
def store_environment(request, tmp_path):
    """What the server's environment names as its shared store; Redis started here, on its own port."""
    if request.param == "directory":
        yield {"ALLIANCE_ATLAS_STORE_DIR": str(tmp_path / "store")}
        return
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (Debian: apt-get install redis-server)")
    number = port(2)
    log = tmp_path / "redis.log"
    with log.open("w") as output:
        redis = subprocess.Popen(["redis-server", "--port", str(number), "--bind", "127.0.0.1", "--save", "",
                                  "--appendonly", "no"], stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_for_port(number, redis, log)
        yield {"REDIS_URL": f"redis://127.0.0.1:{number}/0"}
    finally:
        stop(redis)


@pytest.fixture
def two_workers(store_environment, tmp_path):
    """The app under gunicorn with two single-threaded workers (so a page's parallel callbacks reach
    both), and with Redis a Celery job worker; the URL, the log (the access log names the worker of each
    request) and the store's environment."""
    number = port(1)
    log = tmp_path / "gunicorn.log"
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("REDIS_URL", "ALLIANCE_ATLAS_STORE_DIR")} | store_environment
    with log.open("w") as output:
        server = subprocess.Popen([sys.executable, "-m", "alliance_atlas.cli", "serve", "--workers", "2",
                                   "--threads", "1", "--port", str(number)],
                                  cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_for_port(number, server, log)
        url = f"http://127.0.0.1:{number}"
        wait_for_workers(url, log, 2)
        yield url, log, store_environment
    finally:
        stop(server)


def test_an_upload_its_steps_and_an_animation_work_whichever_worker_answers(atlas, two_workers, csv_file):
    url, log, environment = two_workers
    atlas.driver.set_window_size(1440, 1000)
    atlas.driver.get(url)
    atlas.wait_until(lambda: atlas.figure("network-graph")["title"], timeout=30, message="the first draw")
    atlas.settle()
    upload(atlas.driver, csv_file("france.csv", GOOD))
    atlas.wait_until(lambda: "France" in atlas.table_text(), timeout=20, message="the upload's ties")
    atlas.settle()
    for step in range(STEPS):
        if step == STEPS // 2:
            busiest = max(set(answering_workers(log)), key=answering_workers(log).count)
            os.kill(busiest, signal.SIGKILL)
            answered_before = len(answering_workers(log))
        atlas.click("step-back")
        atlas.settle()
        figure = atlas.figure("network-graph")
        assert atlas.label() in figure["title"], "the network is on the slider's frame"
        assert "France" in str([trace["text"] for trace in figure["data"]]), "the upload is drawn"
    assert not [notice for notice in atlas.driver.find_elements(By.ID, "notice") if "no longer" in notice.text]

    folder = Path(atlas.duo.download_path)
    for old in folder.iterdir():
        old.unlink()
    atlas.driver.find_element(By.ID, "export-open").click()
    atlas.duo.wait_for_element("#export-modal")
    atlas.driver.find_element(By.ID, "export-from").send_keys("1962-01")
    atlas.driver.find_element(By.ID, "export-to").send_keys("1963-12")
    atlas.driver.find_element(By.CSS_SELECTOR, '[id*=\'"kind":"html"\']').click()
    page = wait_for_file(folder, ".html", timeout=60)
    assert "Élysée Treaty" in page.read_text(encoding="utf-8"), "the animation of the upload"
    atlas.duo.wait_for_contains_text("#export-status", "Saved")

    if missing_renderer("gif") is None:  # a long video, stopped from the panel whichever worker answers
        atlas.driver.find_element(By.ID, "export-from").clear()
        atlas.driver.find_element(By.ID, "export-from").send_keys("1948-01")
        atlas.driver.find_element(By.ID, "export-to").clear()
        atlas.driver.find_element(By.ID, "export-to").send_keys("2025-12")
        atlas.driver.find_element(By.CSS_SELECTOR, '[id*=\'"kind":"gif"\']').click()
        atlas.duo.wait_for_contains_text("#export-progress-text", "Rendering frame", timeout=60)
        atlas.driver.find_element(By.ID, "export-cancel").click()
        atlas.duo.wait_for_contains_text("#export-status", "Export cancelled.", timeout=30)
        assert not list(folder.glob("*.gif"))

    if "REDIS_URL" in environment:
        assert "Animation exports run in the job worker" in log.read_text(), "serve started the Celery job worker, the only place the export could run"
    after_restart = answering_workers(log)[answered_before:]
    assert after_restart and busiest not in after_restart, "the killed worker's session went on elsewhere"
    assert len(set(answering_workers(log))) >= 2, "more than one worker answered callbacks"

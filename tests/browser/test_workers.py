"""`alliance-atlas serve --workers 2`: an upload, slider steps and an animation export all work
whichever worker answers, and after the busiest worker is killed (gunicorn starts another), with the workers
sharing a directory (the export a process forked by a worker), and sharing a Redis server (the export
run by the Celery job worker serve starts). And across hosts: two `serve` processes sharing nothing but a
Redis (each its own store folder and port, behind a proxy that sends each request to the other) and a
separate `alliance-atlas jobs` worker, which keeps one warm Chromium for every export."""

import http.server
import itertools
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
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
        server = subprocess.Popen([sys.executable, "-m", "alliance_atlas.commands.cli", "serve", "--workers", "2",
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
    killed = {}

    def kill_the_busiest() -> None:
        killed["pid"] = max(set(answering_workers(log)), key=answering_workers(log).count)
        os.kill(killed["pid"], signal.SIGKILL)
        killed["answered"] = len(answering_workers(log))

    a_session_works(atlas, url, csv_file, halfway=kill_the_busiest)
    if "REDIS_URL" in environment:
        assert "Animation exports run in the job worker" in log.read_text(), "serve started the Celery job worker, the only place the export could run"
    after_restart = answering_workers(log)[killed["answered"]:]
    assert after_restart and killed["pid"] not in after_restart, "the killed worker's session went on elsewhere"
    assert len(set(answering_workers(log))) >= 2, "more than one worker answered callbacks"


def a_session_works(atlas, url: str, csv_file, halfway=lambda: None) -> None:
    """Open ``url``, upload a file, step through it (``halfway`` called halfway), export it as HTML, start a
    long GIF and cancel it: each must work."""
    atlas.driver.set_window_size(1440, 1000)
    atlas.driver.get(url)
    atlas.wait_until(lambda: atlas.figure("network-graph")["title"], timeout=30, message="the first draw")
    atlas.settle()
    upload(atlas.driver, csv_file("france.csv", GOOD))
    atlas.wait_until(lambda: "France" in atlas.table_text(), timeout=20, message="the upload's ties")
    atlas.settle()
    for step in range(STEPS):
        if step == STEPS // 2:
            halfway()
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

    if missing_renderer("gif") is None:  # a long video, stopped from the panel whichever server answers
        atlas.driver.find_element(By.ID, "export-from").clear()
        atlas.driver.find_element(By.ID, "export-from").send_keys("1948-01")
        atlas.driver.find_element(By.ID, "export-to").clear()
        atlas.driver.find_element(By.ID, "export-to").send_keys("2025-12")
        atlas.driver.find_element(By.CSS_SELECTOR, '[id*=\'"kind":"gif"\']').click()
        atlas.duo.wait_for_contains_text("#export-progress-text", "Rendering frame", timeout=60)
        atlas.driver.find_element(By.ID, "export-cancel").click()
        atlas.duo.wait_for_contains_text("#export-status", "Export cancelled.", timeout=60)
        assert not list(folder.glob("*.gif"))


class Alternating(http.server.ThreadingHTTPServer):
    """A reverse proxy that sends each request to the next of its ``servers`` in turn, and counts, per
    server, the callback requests it answered (a load balancer with no affinity at all)."""

    daemon_threads = True

    def __init__(self, servers: list[str]):
        self.servers, self.turn, self.lock = servers, itertools.cycle(range(len(servers))), threading.Lock()
        self.callbacks = [0] * len(servers)
        super().__init__(("127.0.0.1", 0), AlternatingHandler)

    def next_server(self, callback: bool) -> str:
        with self.lock:
            index = next(self.turn)
            self.callbacks[index] += callback
        return self.servers[index]


class AlternatingHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}

    def log_message(self, *args) -> None:
        pass

    def forward(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)) or None
        server = self.server.next_server("_dash-update-component" in self.path)
        headers = {key: value for key, value in self.headers.items() if key.lower() not in self.HOP_BY_HOP}
        request = urllib.request.Request(server + self.path, data=body, headers=headers, method=self.command)
        try:
            with urllib.request.urlopen(request, timeout=120) as answer:
                status, answer_headers, content = answer.status, answer.headers.items(), answer.read()
        except urllib.error.HTTPError as error:
            status, answer_headers, content = error.code, error.headers.items(), error.read()
        self.send_response(status)
        for key, value in answer_headers:
            if key.lower() not in self.HOP_BY_HOP:
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    do_GET = do_POST = forward


@pytest.fixture
def two_servers(tmp_path):
    """Redis, two `serve` processes on it (each its own store folder and port, no job worker of its
    own), one `alliance-atlas jobs` worker, and the alternating proxy in front: its URL, the proxy and
    the job worker."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (Debian: apt-get install redis-server)")
    redis_port, logs, started = port(3), tmp_path / "logs", []
    logs.mkdir()
    try:
        with (logs / "redis.log").open("w") as output:
            started.append(subprocess.Popen(["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1",
                                             "--save", "", "--appendonly", "no"], stdout=output, stderr=subprocess.STDOUT))
        wait_for_port(redis_port, started[-1], logs / "redis.log")
        base = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "ALLIANCE_ATLAS_STORE_DIR")}
        base["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
        servers = []
        for number in (4, 5):
            server_port, log = port(number), logs / f"serve-{number}.log"
            environment = base | {"ALLIANCE_ATLAS_STORE_DIR": str(tmp_path / f"store-{number}")}
            with log.open("w") as output:
                started.append(subprocess.Popen([sys.executable, "-m", "alliance_atlas.commands.cli", "serve", "--port",
                                                 str(server_port), "--job-processes", "0"], cwd=ROOT, env=environment,
                                                stdout=output, stderr=subprocess.STDOUT))
            wait_for_port(server_port, started[-1], log)
            servers.append(f"http://127.0.0.1:{server_port}")
        with (logs / "jobs.log").open("w") as output:
            started.append(subprocess.Popen([sys.executable, "-m", "alliance_atlas.commands.cli", "jobs", "--processes", "1"],
                                            cwd=ROOT, env=base | {"ALLIANCE_ATLAS_STORE_DIR": str(tmp_path / "store-jobs")},
                                            stdout=output, stderr=subprocess.STDOUT))
        jobs = psutil.Process(started[-1].pid)
        proxy = Alternating(servers)
        threading.Thread(target=proxy.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{proxy.server_address[1]}", proxy, jobs
        finally:
            proxy.shutdown()
    finally:
        for process in reversed(started):
            stop(process)


def chromium_of(jobs: psutil.Process) -> set[int]:
    return {child.pid for child in jobs.children(recursive=True) if "chrom" in child.name()
            and "--type=" not in " ".join(child.cmdline())}


def test_two_servers_sharing_only_redis_answer_one_session_whichever_a_request_reaches(atlas, two_servers, csv_file):
    url, proxy, jobs = two_servers
    a_session_works(atlas, url, csv_file)
    assert min(proxy.callbacks) > 20, f"each server answered callbacks: {proxy.callbacks}"
    if missing_renderer("gif") is not None:
        return
    browsers, folder = [], Path(atlas.duo.download_path)
    for _ in range(2):  # two short GIFs: the job worker renders both with one Chromium, kept warm
        for old in folder.glob("*.gif"):
            old.unlink()
        atlas.driver.find_element(By.ID, "export-from").clear()
        atlas.driver.find_element(By.ID, "export-from").send_keys("1962-01")
        atlas.driver.find_element(By.ID, "export-to").clear()
        atlas.driver.find_element(By.ID, "export-to").send_keys("1962-04")
        atlas.driver.find_element(By.CSS_SELECTOR, '[id*=\'"kind":"gif"\']').click()
        wait_for_file(folder, ".gif", timeout=90)
        browsers.append(chromium_of(jobs))
    assert len(browsers[0]) == 1 and browsers[1] == browsers[0], f"one warm Chromium: {browsers}"

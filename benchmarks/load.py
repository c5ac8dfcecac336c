"""Load as analysts make it: `alliance-atlas serve --workers 2` on 127.0.0.1, N concurrent sessions
replaying what a browser sent in a real session, for a bounded time.

    .venv/bin/python benchmarks/load.py [--sessions 50] [--seconds 600] [--data FILE] [--step year]

A headless Chromium records one session (every request to the server, from the first byte of the
page): open the page, step back, go to the first frame, Play for three seconds and pause, change the focus, compare with
an earlier date, export a PNG. Each simulated session replays those requests in order, phase by phase,
each on a connection of its own (so that each goes to whichever worker accepts it first), with no
pause between them: a session of the recording's requests back to back.

Prints sessions per minute; p50/p95/p99 of opening the page (the page, its layout, its dependencies and
the callbacks it sends before it is drawn, one after the other) and of every other request by what it
asks for; every failed request (an HTTP error, a connection cut, a short read), counted by kind; and the
workers' memory sampled every 30 s.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
from _common import ROOT, line, percentile, settle

#: Wraps the page's fetch from its first script on, so every callback request it sends is kept with the
#: phase of the session it belongs to.
RECORD = """
window.recorded = [];
window.sessionPhase = 'open';
const original = window.fetch;
window.fetch = function (url, options) {
  if (String(url).includes('_dash-update-component') && options && options.body)
    window.recorded.push({phase: window.sessionPhase, body: options.body});
  return original.apply(this, arguments);
};
"""
#: What a page open fetches before its callbacks.
PAGE_REQUESTS = ("/", "/_dash-layout", "/_dash-dependencies")
#: Every failure a request can end in, all counted (a short read is an http.client.IncompleteRead).
FAILURES = (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError, OSError)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(data: str | None, port: int) -> subprocess.Popen:
    command = [str(Path(sys.executable).with_name("alliance-atlas")), "serve", *([str(Path(data).resolve())] if data else []),
               "--workers", "2", "--threads", "4", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    end = time.time() + 120
    while time.time() < end and server.poll() is None:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read()
            return server
        except FAILURES:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("the server did not start within 120 s (or stopped)")


def recorded_session(url: str) -> list[tuple[str, dict]]:
    """(phase, callback body) of every request a browser sends in one session, in order."""
    from selenium import webdriver
    from selenium.webdriver.common.keys import Keys

    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1440,1000"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD})

    def wait_for(script: str, what: str) -> None:
        end = time.time() + 120
        while not driver.execute_script(script):
            if time.time() > end:
                raise SystemExit(f"the page never {what}")
            time.sleep(0.2)

    def phase(name: str) -> None:
        settle(driver, timeout=120)
        driver.execute_script("window.sessionPhase = arguments[0]", name)

    try:
        driver.get(url)
        wait_for("const gd = document.querySelector('#network-graph .js-plotly-plot'); return !!(gd && gd._fullData)",
                 "drew the network")
        phase("step")
        driver.execute_script("document.getElementById('step-back').click()")
        driver.execute_script("document.getElementById('step-first').click()")
        phase("play")  # from the first frame, so that three seconds of Play end before the last
        driver.execute_script("document.getElementById('play').click()")
        time.sleep(3)
        if "Pause" in driver.find_element("id", "play").text:
            driver.execute_script("document.getElementById('play').click()")
        wait_for("return document.getElementById('play').textContent.includes('Play')", "paused")
        phase("focus")
        driver.find_element("id", "focus").click()
        wait_for("return !!document.querySelector('input.dash-dropdown-search')", "opened the country list")
        driver.find_element("css selector", "input.dash-dropdown-search").send_keys("Syria")
        wait_for("const o = document.querySelector('.dash-dropdown-option'); return !!o && o.textContent === 'Syria'",
                 "listed Syria")
        driver.find_element("css selector", ".dash-dropdown-option").click()
        phase("compare")
        compare = driver.find_element("id", "compare")
        compare.send_keys("2010")
        compare.send_keys(Keys.ENTER)
        phase("export")
        driver.execute_script("document.getElementById('export-open').click()")
        png = "document.querySelector(\"[id*='export-quick'][id*='png']:not([disabled])\")"
        wait_for(f"return {png} !== null", "offered a PNG")
        driver.execute_script(f"{png}.click()")
        wait_for("return window.recorded.some(r => r.body.includes('export-download'))", "asked for the PNG")
        settle(driver, timeout=120)
        recorded = driver.execute_script("return window.recorded")
    finally:
        driver.quit()
    return [(entry["phase"], json.loads(entry["body"])) for entry in recorded]


def kind_of(body: dict) -> str:
    """What a callback request asks for, by its first output ("network-graph.figure")."""
    first = body["output"].strip(".").split("...")[0]
    return first.split("@")[0]


class Tally:
    """Times and failures of every request kind, shared by the session threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.times = collections.defaultdict(list)
        self.failures = collections.Counter()
        self.reasons = collections.Counter()
        self.sessions = 0

    def add(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.times[kind].append(seconds)

    def fail(self, kind: str, error: BaseException) -> None:
        with self.lock:
            self.failures[kind] += 1
            self.reasons[type(error).__name__ + (f" {error.code}" if isinstance(error, urllib.error.HTTPError) else "")] += 1


def fetch(url: str, body: dict | None = None) -> None:
    request = urllib.request.Request(url, data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        answer.read()


def session(url: str, recorded: list[tuple[str, dict]], until: float, tally: Tally) -> None:
    """Sessions one after another until ``until``; every request's failure counted, none ends the thread."""
    while time.time() < until:
        started = time.perf_counter()
        try:
            for path in PAGE_REQUESTS:
                fetch(url + path)
            for phase, body in recorded:
                if phase != "open":
                    break
                fetch(url + "/_dash-update-component", body)
            tally.add("page open", time.perf_counter() - started)
        except FAILURES as error:
            tally.fail("page open", error)
            continue
        for phase, body in recorded:
            if phase == "open":
                continue
            sent = time.perf_counter()
            try:
                fetch(url + "/_dash-update-component", body)
                tally.add(kind_of(body), time.perf_counter() - sent)
            except FAILURES as error:
                tally.fail(kind_of(body), error)
        with tally.lock:
            tally.sessions += 1


def memory(server: subprocess.Popen) -> float:
    """Resident memory (MB) of the server's Python processes (the gunicorn master and its workers)."""
    total = 0
    for each in [psutil.Process(server.pid), *psutil.Process(server.pid).children(recursive=True)]:
        try:
            if "python" in each.name() or "alliance-atlas" in " ".join(each.cmdline()[:2]):
                total += each.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total / 2**20


def run(url: str, server, recorded, sessions: int, seconds: float, name: str) -> None:
    tally, until = Tally(), time.time() + seconds
    threads = [threading.Thread(target=session, args=(url, recorded, until, tally)) for _ in range(sessions)]
    samples = [memory(server)]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        time.sleep(min(30, max(until - time.time(), 1)))
        samples.append(memory(server))
    line(f"{name}: sessions per minute", f"{tally.sessions / seconds * 60:.1f}")
    for kind in ["page open", *sorted((set(tally.times) | set(tally.failures)) - {"page open"})]:
        ms = [t * 1000 for t in tally.times[kind]] or [float("nan")]
        goal = "goal p95 < 3000" if kind == "page open" else "goal p95 < 500"
        line(f"  {kind} ({len(tally.times[kind])}, {tally.failures[kind]} failed)",
             f"{percentile(ms, 50):.0f} / {percentile(ms, 95):.0f} / {percentile(ms, 99):.0f} ms", goal)
    line(f"{name}: failed requests", str(sum(tally.failures.values())),
         "goal 0; " + ", ".join(f"{n} × {reason}" for reason, n in tally.reasons.most_common()))
    line(f"{name}: workers' memory start -> end (max)", f"{samples[0]:.0f} -> {samples[-1]:.0f} ({max(samples):.0f}) MB",
         f"{(samples[-1] - samples[0]) / samples[0] * 100:+.1f}%, goal < +10%")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--data", help="a data file (default: the bundled story)")
    parser.add_argument("--step", default="month")
    args = parser.parse_args()
    port = free_port()
    server = start_server(args.data, port)
    url = f"http://127.0.0.1:{port}"
    try:
        recorded = recorded_session(f"{url}/?step={args.step}")
        phases = collections.Counter(phase for phase, _ in recorded)
        line("requests a session sends, by phase", ", ".join(f"{phase} {n}" for phase, n in phases.items()))
        name = Path(args.data).name if args.data else "bundled"
        run(url, server, recorded, args.sessions, args.seconds, f"{name}, {args.sessions} sessions")
    finally:
        server.terminate()
        server.wait(30)


if __name__ == "__main__":
    main()

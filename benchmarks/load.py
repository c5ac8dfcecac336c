"""Load: `alliance-atlas serve --workers 2` on 127.0.0.1, N clients replaying the real slider-step
callbacks for a bounded time, then the same with 2 clients exporting PNGs at once.

    .venv/bin/python benchmarks/load.py [--clients 50] [--seconds 60] [--data FILE] [--step year]
                                        [--query "layout=matrix"]

The requests are the browser's own: a headless Chromium opens the page, steps back once and asks for
one PNG, and the bodies it sent to /_dash-update-component are replayed with other frames. A step is
every request the step sent: on a view the browser draws from its frame book, the hover text and the
side panels of the settled frame; on the matrix or in compare mode, the network's patch as well.
Prints steps/s, p50/p95/p99 of a whole step's answers, errors, and the workers' memory at start and end.
"""

from __future__ import annotations

import argparse
import json
import random
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

#: Wraps the page's fetch so the callback requests it sends can be read back.
RECORD = """
window.recorded = [];
const original = window.fetch;
window.fetch = function (url, options) {
  if (String(url).includes('_dash-update-component') && options && options.body) window.recorded.push(options.body);
  return original.apply(this, arguments);
};
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(data: str | None, port: int) -> subprocess.Popen:
    command = [str(Path(sys.executable).with_name("alliance-atlas")), "serve", *([data] if data else []),
               "--workers", "2", "--threads", "4", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    end = time.time() + 120
    while time.time() < end:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read()
            return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    server.kill()
    raise SystemExit("the server did not start within 120 s")


def recorded_requests(url: str) -> tuple[list[dict], list[dict], int]:
    """The callback bodies a browser sends for a step and for a PNG export, and the number of frames."""
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1440,1000"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options)

    def wait_for(script: str) -> None:
        end = time.time() + 60
        while not driver.execute_script(script):
            if time.time() > end:
                raise SystemExit(f"the page never answered: {script}")
            time.sleep(0.2)

    sent = "return window.recorded.some(body => body.includes(arguments[0]))"
    try:
        driver.get(url)
        wait_for("const gd = document.querySelector('#network-graph .js-plotly-plot'); return !!(gd && gd._fullData)")
        settle(driver, timeout=120)  # the frame book arrives
        driver.execute_script(RECORD)
        driver.execute_script("document.getElementById('step-back').click()")
        wait_for("return window.recorded.some(body => body.includes('settled-frame'))")
        time.sleep(2)
        stepped = len(driver.execute_script("return window.recorded"))
        driver.execute_script("document.getElementById('export-open').click()")
        png = "document.querySelector(\"[id*='export-quick'][id*='png']:not([disabled])\")"
        wait_for(f"return {png} !== null")
        driver.execute_script(f"{png}.click()")
        end = time.time() + 60
        while not driver.execute_script(sent, "export-download"):
            if time.time() > end:
                raise SystemExit("the page sent no export")
            time.sleep(0.2)
        bodies = [json.loads(body) for body in driver.execute_script("return window.recorded")]
        frames = driver.execute_script("return document.querySelector('#frame-slider [role=slider]')"
                                       ".getAttribute('aria-valuemax')")
    finally:
        driver.quit()
    export = [next(b for b in bodies if "export-download.data" in b["output"])]
    return bodies[:stepped], export, int(frames) + 1


#: The inputs and states that carry a step's frame.
FRAME_VALUES = {("frame-slider", "value"), ("settled-frame", "data")}


def with_frame(body: dict, frame: int) -> bytes:
    changed = json.loads(json.dumps(body))
    for item in changed["inputs"] + changed.get("state", []):
        if isinstance(item, dict) and (item.get("id"), item.get("property")) in FRAME_VALUES:
            item["value"] = frame
    return json.dumps(changed).encode()


def client(url: str, bodies: list[dict], frames: int, until: float, times: list, errors: list, seed: int) -> None:
    """One user stepping through frames as fast as answers come back: each step sends ``bodies`` in turn,
    each request on a connection of its own, so that each goes to whichever worker accepts it first
    (one kept-alive connection per client binds the client to one worker, and the busier worker's
    clients wait: p95 1.27 s for p50 0.41 s on ATOP)."""
    pick = random.Random(seed)
    while time.time() < until:
        frame = pick.randrange(frames)
        start = time.perf_counter()
        try:
            for body in bodies:
                request = urllib.request.Request(url + "/_dash-update-component", data=with_frame(body, frame),
                                                 headers={"Content-Type": "application/json"})
                with urllib.request.urlopen(request, timeout=60) as answer:
                    answer.read()
            times.append(time.perf_counter() - start)
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            errors.append(repr(error))


def memory(server: subprocess.Popen) -> tuple[float, float]:
    """Resident memory (MB) of the Python processes (the gunicorn master and its workers), and of the
    image renderer's Chromium processes they started."""
    process = psutil.Process(server.pid)
    python = renderer = 0
    for each in [process, *process.children(recursive=True)]:
        try:
            rss = each.memory_info().rss
            is_python = "python" in each.name() or "alliance-atlas" in " ".join(each.cmdline()[:2])
        except psutil.NoSuchProcess:
            continue
        python, renderer = (python + rss, renderer) if is_python else (python, renderer + rss)
    return python / 2**20, renderer / 2**20


def cpu_seconds(server: subprocess.Popen) -> tuple[float, float]:
    """CPU seconds used so far by the server's processes (workers, renderers), and by this process's
    client threads."""
    used = 0.0
    for each in [psutil.Process(server.pid), *psutil.Process(server.pid).children(recursive=True)]:
        try:
            times = each.cpu_times()
        except psutil.NoSuchProcess:
            continue
        used += times.user + times.system
    mine = psutil.Process().cpu_times()
    return used, mine.user + mine.system


def run(url: str, server, step: dict, export: dict, frames: int, clients: int, seconds: float, exporters: int,
        name: str) -> None:
    until = time.time() + seconds
    step_times, step_errors, export_times, export_errors = [], [], [], []
    threads = [threading.Thread(target=client, args=(url, step, frames, until, step_times, step_errors, n))
               for n in range(clients)]
    threads += [threading.Thread(target=client, args=(url, export, frames, until, export_times, export_errors, n))
                for n in range(exporters)]
    before, cpu_before = memory(server), cpu_seconds(server)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    after, cpu_after = memory(server), cpu_seconds(server)
    ms = [t * 1000 for t in step_times] or [float("nan")]
    line(f"{name}: steps answered per second", f"{len(step_times) / seconds:.1f}")
    line(f"{name}: step p50 / p95 / p99", f"{percentile(ms, 50):.0f} / {percentile(ms, 95):.0f} / "
                                          f"{percentile(ms, 99):.0f} ms")
    line(f"{name}: errors", f"{len(step_errors) + len(export_errors)}",
         "; ".join(sorted(set(step_errors + export_errors)))[:120])
    if exporters:
        line(f"{name}: PNGs exported", f"{len(export_times)}")
    line(f"{name}: workers' memory start -> end", f"{before[0]:.0f} -> {after[0]:.0f} MB",
         f"{(after[0] - before[0]) / before[0] * 100:+.1f}%")
    line(f"{name}: image renderers' memory start -> end", f"{before[1]:.0f} -> {after[1]:.0f} MB")
    line(f"{name}: CPU used per second, server / load clients", f"{(cpu_after[0] - cpu_before[0]) / seconds:.2f} / "
         f"{(cpu_after[1] - cpu_before[1]) / seconds:.2f} cores", "of this machine's 2")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--data", help="a data file (default: the bundled story)")
    parser.add_argument("--step", default="month")
    parser.add_argument("--query", default="", help="more of the page's query, e.g. layout=matrix")
    args = parser.parse_args()
    port = free_port()
    server = start_server(args.data, port)
    url = f"http://127.0.0.1:{port}"
    try:
        step, export, frames = recorded_requests(f"{url}/?step={args.step}&{args.query}")
        line("requests a step sends", ", ".join(sorted({body["output"].strip(".").split(".")[0] for body in step})))
        name = Path(args.data).name if args.data else "bundled"
        run(url, server, step, export, frames, args.clients, args.seconds, 0, f"{name}, {args.clients} clients")
        run(url, server, step, export, frames, args.clients, args.seconds, 2, f"{name}, + 2 exporting")
    finally:
        server.terminate()
        server.wait(30)


if __name__ == "__main__":
    main()

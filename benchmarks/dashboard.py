"""Dashboard speed on the full ATOP file: the slider-step callback on the server, a naive full
rebuild in the same run, and in headless Chromium the time from a slider change to the redrawn plot.

    .venv/bin/python benchmarks/dashboard.py [--no-browser] [--only "ATOP force,bundled"] [--quick]
"""

from __future__ import annotations

import logging
import statistics
import sys
import threading
import time

import networkx as nx
import plotly.graph_objects as go
from _common import ATOP, QUICK, REPEAT, STORY, line, percentile, settle, timed
from plotly.io.json import to_json_plotly

from alliance_atlas.hosting.datasets import DatasetManager, dataset_id_for
from alliance_atlas.views import frame_view
from components.network_panel import network_patch
from components.view_state import ViewState


#: Seconds of Play counted.
PLAY_SECONDS = 1 if QUICK else 5


def step_seconds(manager, dataset: str, frame: int, step: str = "year") -> tuple[float, int]:
    """One slider step as the callback does it, with the JSON encoding Dash applies to its return."""
    start = time.perf_counter()
    state = ViewState.build(manager, dataset=dataset, step=step)
    body = to_json_plotly([network_patch(frame_view(state.frames, frame, state.selection))])
    return time.perf_counter() - start, len(body)


def naive_rebuild(state: ViewState, frame: int) -> int:
    """What a plain implementation does per step: snapshot, layout and one trace per tie."""
    graph = state.network.snapshot(state.frames.edges_active(frame))
    positions = nx.spring_layout(graph, seed=1)
    traces = [go.Scatter(x=[positions[a][0], positions[b][0]], y=[positions[a][1], positions[b][1]], mode="lines")
              for a, b in graph.edges]
    return len(go.Figure(traces).to_json())


def server(manager, dataset: str) -> None:
    state = ViewState.build(manager, dataset=dataset, step="year")
    busiest = state.frames.index_of("2018-06-01")
    step_seconds(manager, dataset, busiest)  # warm caches (layout positions)
    steps = [step_seconds(manager, dataset, frame) for frame in range(len(state.frames))]
    times = [s * 1000 for s, _ in steps]
    busiest_ms = statistics.median(step_seconds(manager, dataset, busiest)[0] * 1000 for _ in range(7))
    naive_s, _ = timed(lambda: naive_rebuild(state, busiest), repeat=REPEAT)
    line("server slider step over all 204 ATOP frames, median", f"{statistics.median(times):.1f} ms")
    line("server slider step, p95", f"{percentile(times, 95):.1f} ms")
    line("server slider step at 2018 (median of 7)", f"{busiest_ms:.1f} ms", "goal < 20 ms")
    line("payload at 2018", f"{steps[busiest][1] / 1024:.0f} KB", "goal < 300 KB")
    line("naive full rebuild at 2018 (median of 3)", f"{naive_s * 1000:.0f} ms",
         f"{naive_s * 1000 / busiest_ms:.0f}x slower (goal >= 100x)")


def browser(apps: dict) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1440,1000",
                     "--disable-background-networking", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options)
    # a frame counts as drawn at the first animation frame after the network's canvas or plotly drew it
    # (atlas.canvas.draw is the canvas of lines and states; window.drawNetwork and window.drawLines, the
    # canvas of earlier versions, which drew frames with window.drawFrame)
    listen = ("const gd = document.querySelector('#network-graph .js-plotly-plot');"
              "window.drawn = []; window.frames = new Set();"
              "const mark = () => requestAnimationFrame(() => { window.drawn.push(performance.now());"
              " window.frames.add(gd.layout.meta.frame); });"
              "gd.on('plotly_afterplot', mark);"
              "const canvas = window.atlas && atlas.canvas ? atlas.canvas : window;"
              "const engine = window.atlas && atlas.engine ? atlas.engine : window;"
              "const name = canvas.draw ? 'draw' : window.drawNetwork ? 'drawNetwork' : 'drawLines', draw = canvas[name];"
              "canvas[name] = function () { const r = draw.apply(this, arguments); mark(); return r; };"
              "window.fromBook = 0; const fromBook = engine.drawFrame;"
              "if (fromBook) engine.drawFrame = function () { window.fromBook += 1; return fromBook.apply(this, arguments); };")
    try:
        for port, (name, (app, steps, query)) in enumerate(apps.items(), start=8081):
            http = make_server("127.0.0.1", port, app.server, threaded=True)
            threading.Thread(target=http.serve_forever, daemon=True).start()
            start = time.perf_counter()
            driver.get(f"http://127.0.0.1:{port}/{query}")
            while not driver.execute_script("const g = document.querySelector('#network-graph .js-plotly-plot');"
                                            "return g && g._fullData && g._fullData.length >= 3"):
                time.sleep(0.05)
            line(f"{name}: page open to network drawn", f"{time.perf_counter() - start:.2f} s",
                 "goal < 3 s (issue 13)" if name.startswith("ATOP") else "")
            settle(driver)  # the frame book has arrived
            # stepped back from the last frame: the densest years (ATOP's 2018 has 4,228 allied pairs)
            driver.execute_script("document.getElementById('step-last').click()")
            time.sleep(1.5)
            driver.execute_script(listen)
            delays = []
            for _ in range(steps):
                count = driver.execute_script("return window.drawn.length")
                clicked = driver.execute_script("const t = performance.now();"
                                                "document.getElementById('step-back').click(); return t")
                while driver.execute_script("return window.drawn.length") <= count:
                    time.sleep(0.002)
                delays.append(driver.execute_script("return window.drawn[arguments[0]]", count) - clicked)
                time.sleep(0.05)
            line(f"{name}: steps drawn in the browser from the frame book",
                 f"{driver.execute_script('return window.fromBook')} of {steps}")
            goal = "goal p95 < 60 ms" if name.startswith("ATOP") else "goal p95 < 40 ms"
            line(f"{name}: slider change to redrawn plot, median (last frames)", f"{statistics.median(delays):.0f} ms")
            line(f"{name}: slider change to redrawn plot, p95 (last frames)", f"{percentile(delays, 95):.0f} ms", goal)
            driver.execute_script("document.getElementById('step-first').click()")
            time.sleep(1)
            # the fastest rate the menu offers
            interval = driver.execute_script(
                "const s = document.getElementById('speed');"
                "s.value = String(Math.min(...Array.from(s.options, o => parseInt(o.value, 10)).filter(v => v > 0)));"
                "s.dispatchEvent(new Event('change', {bubbles: true})); return parseInt(s.value, 10);")
            driver.execute_script(listen + "document.getElementById('play').click();")
            time.sleep(PLAY_SECONDS)
            distinct = driver.execute_script("return window.frames.size")
            driver.execute_script("document.getElementById('play').click();")
            line(f"{name}: distinct frames drawn per second, Play at its fastest", f"{distinct / PLAY_SECONDS:.1f} fps",
                 f"(the ticker asks for {1000 / interval:.0f})")
            http.shutdown()
    finally:
        driver.quit()


def warmed_atop_app():
    """The ATOP app as ``alliance-atlas serve`` starts it: what a plain link opens (ATOP's matrix: its blocs
    and its frame book) worked out before the first visitor."""
    from app import create_app

    app = create_app(ATOP, warm=True)
    start = time.perf_counter()
    for thread in threading.enumerate():
        if thread.name == "warm-opening-view":
            thread.join()
    line("ATOP matrix: server warm-up before the first visitor (as serve does)", f"{time.perf_counter() - start:.2f} s")
    return app


def main() -> None:
    from app import create_app

    data = STORY if QUICK else ATOP
    start = time.perf_counter()
    atop_app = create_app(data)
    line("app start with the full ATOP file (create_app, data loaded)", f"{time.perf_counter() - start:.2f} s",
         "goal < 5 s")
    manager = DatasetManager(data)
    server(manager, dataset_id_for(data))
    if "--no-browser" not in sys.argv:
        story = create_app()
        steps = 5 if QUICK else 40
        # per scenario: how to make its app, the steps taken, the page's query
        scenarios = {"ATOP force": (lambda: atop_app, steps, "?step=year&layout=force"),
                     "ATOP matrix": (warmed_atop_app, steps, "?step=year&layout=matrix"),
                     "ATOP map": (lambda: atop_app, steps, "?step=year&layout=geo"),
                     "ATOP circle": (lambda: atop_app, steps, "?step=year&layout=circle"),
                     "ATOP moving": (lambda: atop_app, steps, "?step=year&layout=moving"),
                     "bundled": (lambda: story, steps, "?dataset=korea&layout=force"),
                     "bundled moving": (lambda: story, steps, "?dataset=korea&layout=moving"),
                     "bundled map": (lambda: story, steps, "?dataset=korea&layout=geo")}
        chosen = sys.argv[sys.argv.index("--only") + 1].split(",") if "--only" in sys.argv else \
            ["bundled"] if QUICK else list(scenarios)
        browser({name: (make(), steps, query) for name, (make, steps, query) in scenarios.items() if name in chosen})


if __name__ == "__main__":
    main()

"""Shared bits of the benchmark scripts: where the data is and how to time a call."""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# a git worktree sits elsewhere than the main checkout: ATLAS_SHARED_DATA then says where the data is
ATOP = Path(os.environ.get("ATLAS_SHARED_DATA", ROOT.parent / "shared" / "data")) / "atop5_1ddyr.csv.gz"
STORY = ROOT / "data" / "korea_alliances.csv"
#: ``--quick``: each script runs every measurement once on small data, to show it still runs to its end
#: (tests/unit/test_benchmarks.py runs them so in CI); its figures then mean nothing.
QUICK = "--quick" in sys.argv
#: How many times a measurement is repeated (its median is quoted).
REPEAT = 1 if QUICK else 3


def timed(function, repeat: int = 1) -> tuple[float, object]:
    """Median seconds of ``repeat`` calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def percentile(values, q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def line(name: str, value: str, goal: str = "") -> None:
    print(f"{name:<58} {value:>16}   {goal}")


#: Callbacks Dash has in flight.
PENDING = ("const c = window.store && window.store.getState().callbacks;"
           "return c ? Object.values(c).reduce((n, v) => n + (Array.isArray(v) ? v.length : 0), 0) : 1;")


def settle(driver, timeout: float = 30) -> None:
    """Wait until Dash has no callback in flight, twice in a row."""
    end, quiet = time.time() + timeout, 0
    while time.time() < end and quiet < 2:
        quiet = quiet + 1 if driver.execute_script(PENDING) == 0 else 0
        time.sleep(0.15)

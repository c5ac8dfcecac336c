"""The benchmark scripts still run to their end (their quick mode: every measurement once, on small data),
so a change that breaks one fails here rather than on the next `make bench`."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT

#: Script and arguments (core.py below; the scripts that drive Chromium run with the browser tests).
QUICK_RUNS = [("fuzz_loaders.py", ["20"]), ("fuzz_callbacks.py", ["20"])]


def run(script: str, arguments: list[str]) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), *arguments], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{script} stopped: {done.stderr[-3000:]}"
    return done.stdout


@pytest.mark.parametrize("script, arguments", QUICK_RUNS, ids=[script for script, _ in QUICK_RUNS])
def test_a_benchmark_runs_to_its_end(script, arguments):
    assert run(script, arguments).strip()


def test_the_core_benchmark_prints_each_goal():
    out = run("core.py", ["--quick"])
    for measured in ("load", "ties in force", "blocs", "bloc switches", "measures", "hostile layer", "peak memory"):
        assert measured in out, f"no line on {measured}"

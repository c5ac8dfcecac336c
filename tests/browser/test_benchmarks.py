"""The benchmark scripts that drive Chromium still run to their end (quick mode: one scenario, a few steps)."""

import pytest

from tests.unit.test_benchmarks import run


@pytest.mark.parametrize("script", ["dashboard.py", "export.py"])
def test_a_browser_benchmark_runs_to_its_end(script):
    out = run(script, ["--quick"])
    assert "goal" in out

"""The alliance-atlas command line."""

import subprocess
import sys

from alliance_atlas.commands.cli import main
from tests.conftest import ATOP, need


def test_summary_of_atop(capsys):
    assert main(["summary", str(need(ATOP))]) == 0
    out = capsys.readouterr().out
    assert "nodes     207 states" in out
    assert "span      1815–2018" in out
    assert "busiest   2018 with 4228 allied pairs" in out
    assert "(atop)" in out


def test_bad_input_exits_2_with_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("source,target,start\nPRK,Narnia,1961\n")
    assert main(["summary", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unknown country 'Narnia'" in err[0]


def test_installed_command_runs():
    result = subprocess.run([sys.executable, "-m", "alliance_atlas.commands.cli", "summary", "/no/such/file"],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "no such file" in result.stderr


def test_serve_refuses_no_workers_in_one_line(capsys):
    from alliance_atlas.commands.cli import main

    assert main(["serve", "--workers", "0"]) == 2
    assert capsys.readouterr().err.strip() == \
        "alliance-atlas: error: --workers and --threads must be 1 or more, --job-processes 0 or more"


def test_a_job_worker_without_redis_says_what_it_needs(capsys, monkeypatch):
    from alliance_atlas.commands.cli import main

    monkeypatch.delenv("REDIS_URL", raising=False)
    assert main(["jobs"]) == 2
    assert capsys.readouterr().err.strip() == "alliance-atlas: error: job workers take their jobs from Redis: set REDIS_URL"


def test_serve_refuses_a_bad_tour_file_in_one_line_before_starting(capsys, tmp_path):
    tour = tmp_path / "mine.yaml"
    tour.write_text("stops:\n  - date: '2024'\n    caption: x\n    zoom: 2\n")
    assert main(["serve", "--tour", str(tour)]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("alliance-atlas: error: --tour: stop 1 has zoom") and "\n" not in error
    assert main(["serve", "--tour", str(tmp_path / "absent.json")]) == 2
    assert "cannot read" in capsys.readouterr().err

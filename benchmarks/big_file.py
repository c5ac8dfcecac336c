"""Reading a million ties: load time and peak memory of a tidy CSV on the old path and on this one, of the
same table as Parquet, and the slider step at the busiest month of the loaded network.

    .venv/bin/python benchmarks/big_file.py [OLD_CHECKOUT] [ROWS]

OLD_CHECKOUT is a checkout of the commit before the fast read path, made beside this one with
``git worktree add --detach ../formats-old 511464e`` (default ../formats-old). Each load runs in its own
process, so each peak RSS is that load's alone. The files are generated once into the temp directory.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import ROOT, line
from dashboard import step_seconds
from generate_ties import main as generate

from alliance_atlas.hosting.datasets import DatasetManager, dataset_id_for
from components.view_state import ViewState

#: Loads a file in a fresh interpreter started in a checkout, and prints seconds and peak RSS (MB).
LOAD = """
import json, resource, sys, time
sys.path.insert(0, ".")
from alliance_atlas.io import load
began = time.perf_counter()
network = load(sys.argv[1])
print(json.dumps([time.perf_counter() - began, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, len(network)]))
"""


def load_in(checkout: Path, path: Path) -> tuple[float, float, int]:
    result = subprocess.run([sys.executable, "-c", LOAD, str(path)], cwd=checkout, capture_output=True, text=True,
                            check=True)
    return tuple(json.loads(result.stdout.strip().splitlines()[-1]))


def busiest_step(path: Path) -> tuple[str, float, int]:
    """The month with the most ties in force, and the median of 7 slider steps to it (ms)."""
    manager = DatasetManager(path)
    dataset = dataset_id_for(path)
    frames = ViewState.build(manager, dataset=dataset, step="month").frames
    counts = [len(frames.edges_active(f)) for f in range(len(frames))]
    busiest = max(range(len(frames)), key=counts.__getitem__)
    step_seconds(manager, dataset, busiest, "month")  # warm caches (layout positions)
    step_ms = statistics.median(step_seconds(manager, dataset, busiest, "month")[0] * 1000 for _ in range(7))
    return frames.labels[busiest], step_ms, counts[busiest]


def main(old_checkout: Path, rows: int) -> None:
    folder = Path(tempfile.gettempdir()) / f"atlas-big-file-{rows}"
    folder.mkdir(exist_ok=True)
    csv_file, parquet_file = folder / "ties.csv", folder / "ties.parquet"
    for path in (csv_file, parquet_file):
        if not path.exists():
            generate(path, rows)
    runs = {"CSV, old path (before pyarrow)": (old_checkout, csv_file), "CSV, new path": (ROOT, csv_file),
            "Parquet": (ROOT, parquet_file)}
    for label, (checkout, path) in runs.items():
        seconds, peak_mb, ties = load_in(checkout, path)
        goal = "" if "old" in label else ("goal < 1.5 s" if label == "Parquet" else "goal < 3 s")
        line(f"{label}: load {rows:,} rows ({ties:,} ties)", f"{seconds:.2f} s", goal)
        line(f"{label}: peak memory (max RSS of the process)", f"{peak_mb:.0f} MB", "" if "old" in label else "goal < 800 MB")
    month, step_ms, active = busiest_step(csv_file)
    line(f"slider step at the busiest month ({month}, {active:,} ties), median of 7", f"{step_ms:.1f} ms", "goal < 20 ms")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "formats-old",
         int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000)

"""Core speed and memory on the full ATOP 5.1 file: load, ties in force, gains and losses.

    .venv/bin/python benchmarks/core.py

Each query is compared with a plain Python loop over the ties (the naive baseline) in the same run.
"""

from __future__ import annotations

import resource
import statistics
import timeit

import pandas as pd
from _common import ATOP, line, timed

from alliance_atlas import blocs, pairs
from alliance_atlas.frames import Frames
from alliance_atlas.io import load


def per_call_ms(function, number: int = 200) -> float:
    return min(timeit.repeat(function, number=number, repeat=5)) / number * 1000


def main() -> None:
    load_s, network = timed(lambda: load(ATOP), repeat=3)
    years = Frames(network, "year")
    busiest = years.index_of("2018-06-01")
    frames = range(len(years))
    active = [per_call_ms(lambda f=f: years.edges_active(f), number=50) for f in frames]
    changed = [per_call_ms(lambda f=f: (years.edges_gained(f), years.edges_lost(f)), number=50) for f in frames]

    frame_start, frame_end = pd.Timestamp("2018-01-01"), pd.Timestamp("2019-01-01")
    rows = list(network.edges[["start", "end"]].itertuples(index=False))
    naive = per_call_ms(
        lambda: [i for i, (start, end) in enumerate(rows) if start < frame_end and (pd.isna(end) or end > frame_start)],
        number=3,
    )

    line("ATOP load (median of 3)", f"{load_s:.2f} s", "goal < 3 s")
    line("ties and states", f"{len(network)} / {len(network.node_ids)}")
    line("ties in force for a frame, median over 204 years", f"{statistics.median(active):.3f} ms", "goal < 0.2 ms")
    line("ties in force at the busiest year (2018)", f"{active[busiest]:.3f} ms",
         f"{len(years.edges_active(busiest))} ties")
    line("  naive loop over the ties' dates at 2018, same run", f"{naive:.3f} ms", f"{naive / active[busiest]:.0f}x slower")
    line("gains and losses for a frame, median", f"{statistics.median(changed):.3f} ms", "goal < 0.2 ms")
    line("gains and losses at 2018", f"{changed[busiest]:.3f} ms")
    line("counts over all frames (timeline data)", f"{per_call_ms(years.counts, number=5):.1f} ms")
    pair_s, _ = timed(lambda: (pairs.pair_changes.cache_clear(), pairs.pair_changes(years)), repeat=3)
    line("allies gained/lost/changed over all 204 frames (median of 3)", f"{pair_s * 1000:.0f} ms", "once per view")
    bloc_s, found = timed(lambda: (blocs._blocs.cache_clear(), blocs.blocs(years))[1], repeat=3)
    line("blocs of all 204 ATOP frames, matched (median of 3)", f"{bloc_s:.2f} s",
         f"{found.members['bloc'].nunique()} blocs; goal < 5 s")
    line("peak memory (max RSS of this process)", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB",
         "goal < 400 MB")


if __name__ == "__main__":
    main()

"""Core speed and memory on the full ATOP 5.1 file: load (alone and with a hostile layer of the MID
file's size), ties in force, gains and losses, blocs, switches and the field's measures.

    .venv/bin/python benchmarks/core.py [--quick]

Each query is compared with a plain Python loop over the ties (the naive baseline) in the same run.
"""

from __future__ import annotations

import resource
import statistics
import tempfile
import timeit
from pathlib import Path

import numpy as np
import pandas as pd
from _common import ATOP, QUICK, REPEAT, STORY, line, timed

from alliance_atlas import blocs, events, measures, pairs
from alliance_atlas.hosting.datasets import Source
from alliance_atlas.frames import Frames
from alliance_atlas.io import load
from alliance_atlas.relations import Layer
from alliance_atlas.selection import Selection

#: Rows of the COW dyadic MID file (version 4.02: one row per dispute dyad and year), for a layer of its size.
MID_ROWS = 10_500


def mid_sized_layer(network, folder: Path) -> Path:
    """A file in the dyadic MID layout with MID_ROWS rows between ATOP's states (by their ids), 1816–2014."""
    rng = np.random.default_rng(0)
    rows = 100 if QUICK else MID_ROWS
    codes = network.node_ids
    pairs_of = rng.choice(len(codes), size=(rows, 2))
    pairs_of = pairs_of[pairs_of[:, 0] != pairs_of[:, 1]]
    start = rng.integers(1816, 2014, len(pairs_of))
    table = pd.DataFrame({"disno": np.arange(len(pairs_of)), "statea": codes[pairs_of[:, 0]],
                          "stateb": codes[pairs_of[:, 1]], "strtday": -9, "strtmnth": rng.integers(1, 13, len(pairs_of)),
                          "strtyr": start, "endday": -9, "endmnth": 12,
                          "endyear": np.minimum(start + rng.integers(0, 3, len(pairs_of)), 2014), "hostlev": 3,
                          "year": start})
    path = folder / "dyadic_mid_sized.csv"
    table.to_csv(path, index=False)
    return path


def per_call_ms(function, number: int = 200) -> float:
    return min(timeit.repeat(function, number=number, repeat=5)) / number * 1000


def main() -> None:
    data = STORY if QUICK else ATOP
    load_s, network = timed(lambda: load(data), repeat=REPEAT)
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
    pair_s, _ = timed(lambda: (pairs.pair_changes.cache_clear(), pairs.pair_changes(years)), repeat=REPEAT)
    line("allies gained/lost/changed over all 204 frames (median of 3)", f"{pair_s * 1000:.0f} ms", "once per view")
    bloc_s, found = timed(lambda: (blocs._blocs.cache_clear(), blocs.blocs(years))[1], repeat=REPEAT)
    line("blocs of all 204 ATOP frames, consensus of 10 runs (median of 3)", f"{bloc_s:.2f} s",
         f"{found.members['bloc'].nunique()} blocs; goal < 10 s")
    switch_s, switched = timed(lambda: (events.bloc_switch_table.cache_clear(), events.sides_switched(years))[1],
                               repeat=REPEAT)
    line("bloc switches with their evidence (median of 3, blocs cached)", f"{switch_s * 1000:.0f} ms",
         f"{len(switched)} switches")
    measures_s, _ = timed(lambda: (measures._measures.cache_clear(), measures.measures(years, Selection(focus="USA"),
                                                                                       "GBR"))[1], repeat=REPEAT)
    line("the field's measures over all frames, focus and reference (median of 3)", f"{measures_s:.2f} s",
         "goal < 2 s")
    with tempfile.TemporaryDirectory() as folder:
        layer = mid_sized_layer(network, Path(folder))
        layered_s, both = timed(lambda: Source(data, layers=(Layer("hostile", layer),)).load(), repeat=REPEAT)
    line(f"ATOP plus a hostile layer of {MID_ROWS:,} MID rows (median of 3)", f"{layered_s:.2f} s",
         f"{len(both)} ties; goal < 3 s")
    line("peak memory (max RSS of this process)", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB",
         "goal < 400 MB")


if __name__ == "__main__":
    main()

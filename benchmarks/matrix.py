"""The matrix view on the full ATOP 5.1 file at its densest year (2018): figure, step and patch size.

    .venv/bin/python benchmarks/matrix.py

The force layout's step patch at the same frame is printed beside the matrix's for comparison.
"""

from __future__ import annotations

import json

import plotly
from _common import ATOP, line, timed

from alliance_atlas.figures.matrix import matrix_arrays, matrix_figure, matrix_order
from alliance_atlas.frames import Frames
from alliance_atlas.io import load
from alliance_atlas.selection import Selection
from alliance_atlas.views import frame_view
from components.network_panel import network_patch

MATRIX = Selection(layout="matrix")


def patch_bytes(frames: Frames, frame: int, selection: Selection) -> int:
    patch = network_patch(frame_view(frames, frame, selection))
    return len(json.dumps(patch.to_plotly_json(), cls=plotly.utils.PlotlyJSONEncoder))


def main() -> None:
    years = Frames(load(ATOP), "year")
    busiest = years.index_of("2018")
    order_s, order = timed(lambda: matrix_order(years, MATRIX))   # blocs and row order, once per dataset
    figure_s, _ = timed(lambda: matrix_figure(years, busiest, MATRIX), repeat=20)
    arrays_s, _ = timed(lambda: matrix_arrays(frame_view(years, busiest, MATRIX)), repeat=20)
    step_s, _ = timed(lambda: network_patch(frame_view(years, busiest, MATRIX)), repeat=20)
    line("matrix rows (ATOP)", f"{len(order.nodes)}")
    line("row order, first time (blocs included)", f"{order_s * 1000:.0f} ms", "once per dataset and filters")
    line("matrix_figure at 2018 (median of 20)", f"{figure_s * 1000:.0f} ms")
    line("frame_view + matrix_arrays at 2018 (median of 20)", f"{arrays_s * 1000:.1f} ms")
    line("step patch built at 2018 (median of 20)", f"{step_s * 1000:.1f} ms")
    line("step patch at 2018, JSON bytes", f"{patch_bytes(years, busiest, MATRIX) / 1000:.0f} kB",
         f"force layout: {patch_bytes(years, busiest, Selection()) / 1000:.0f} kB")
    line("step patch at 1950, JSON bytes", f"{patch_bytes(years, years.index_of('1950'), MATRIX) / 1000:.0f} kB",
         f"force layout: {patch_bytes(years, years.index_of('1950'), Selection()) / 1000:.0f} kB")


if __name__ == "__main__":
    main()

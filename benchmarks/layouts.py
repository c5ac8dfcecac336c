"""Layouts on the full ATOP file: how long positions take, how spread the force layout is, and the
server's slider step (network_arrays) at 2018 per layout.

    .venv/bin/python benchmarks/layouts.py
"""

from __future__ import annotations

import numpy as np
from _common import ATOP, line, timed
from plotly.io.json import to_json_plotly

from alliance_atlas import layout as layouts
from alliance_atlas.figures import network_arrays
from alliance_atlas.figures.network import marker_caps
from alliance_atlas.figures.plot_area import DEFAULT_SIZE, PlotArea
from alliance_atlas.frames import Frames
from alliance_atlas.io import load
from alliance_atlas.selection import Selection
from alliance_atlas.views import frame_view
from components.network_panel import network_patch


def spread(xy: np.ndarray, wanted_px: np.ndarray) -> tuple[float, float]:
    """Median nearest-neighbour distance over the layout's extent, and the fraction of nodes whose
    nearest neighbour, as drawn at the default figure size, is too close for the marker they would
    have (so their marker is capped)."""
    pixels = PlotArea.of_figure(DEFAULT_SIZE, 0).pixels(xy, "force")
    nearest = marker_caps(pixels) / 1.8
    return float(np.median(nearest) / np.ptp(pixels, axis=0).max()), float((1.8 * nearest < wanted_px).mean())


def main() -> None:
    network = load(ATOP)
    years = Frames(network, "year")
    busiest = years.index_of("2018")
    view = frame_view(years, busiest)
    degree = view.node_allies + view.node_partners + view.node_rivals
    wanted = (7 + 4 * np.sqrt(degree)) * np.where(degree > 0, 1, 0.6)
    for name in [n for n in ("force", "moving") if n in layouts.LAYOUTS]:
        if name == "moving":
            seconds, _ = timed(lambda: layouts.frame_positions(years, name, busiest))
        else:
            seconds, _ = timed(lambda: layouts.positions(network, name))
        line(f"{name} positions for ATOP (first call)", f"{seconds:.2f} s",
             "goal < 30 s" if name == "moving" else "goal a few s")
    xy = layouts.positions(network, "force").to_numpy(dtype=float)
    median_nn, capped = spread(xy, wanted)
    line("force: median nearest neighbour / extent", f"{median_nn:.4f}")
    line("force: nodes whose 2018 marker is capped by a neighbour", f"{capped:.0%}")
    for name in [n for n in ("force", "moving", "circle") if n in layouts.LAYOUTS]:
        selection = Selection(layout=name)
        network_arrays(frame_view(years, busiest, selection))   # warm caches
        seconds, _ = timed(lambda: network_arrays(frame_view(years, busiest, selection)), repeat=30)
        line(f"{name}: network_arrays at 2018 (median of 30)", f"{seconds * 1000:.1f} ms", "goal < 20 ms")
        body = to_json_plotly([network_patch(frame_view(years, busiest, selection))])
        line(f"{name}: slider-step payload at 2018", f"{len(body) / 1024:.0f} KB")


if __name__ == "__main__":
    main()

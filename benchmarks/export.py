"""Export times with a warm Chromium, on the bundled data and on the full ATOP file.

    .venv/bin/python benchmarks/export.py
"""

from __future__ import annotations

from _common import ATOP, STORY, line, timed

from alliance_atlas.export import IMAGE_FORMATS, animation, tables
from alliance_atlas.export.images import image
from alliance_atlas.export.request import SIZES
from alliance_atlas.figures import network_figure, timeline_figure
from alliance_atlas.frames import Frames
from alliance_atlas.io import load
from alliance_atlas.selection import Selection


def main() -> None:
    story = Frames(load(STORY), "month")
    atop = Frames(load(ATOP), "year")
    busiest = atop.index_of("2018-06-01")
    start_s, _ = timed(lambda: image(network_figure(story, 900), "png", *SIZES["network"]))
    line("first image (starts the shared Chromium)", f"{start_s:.2f} s")
    for name, frames, frame, goal in (("bundled", story, story.index_of("2024-12-08"), "goal < 1.5 s"),
                                      ("ATOP 2018", atop, busiest, "goal < 4 s")):
        figure = network_figure(frames, frame, Selection())
        for file_format in IMAGE_FORMATS:
            seconds, data = timed(lambda: image(figure, file_format, *SIZES["network"]), repeat=3)
            line(f"{name}: network {file_format.upper()} (median of 3)", f"{seconds:.2f} s",
                 f"{len(data) / 1024:.0f} KB, {goal}")
        seconds, _ = timed(lambda: image(timeline_figure(frames, frame), "png", *SIZES["timeline"]), repeat=3)
        line(f"{name}: timeline PNG (median of 3)", f"{seconds:.2f} s")
    seconds, page = timed(lambda: animation.animation_html(atop, list(range(len(atop))), Selection()))
    line(f"ATOP: standalone HTML of all {len(atop)} frames", f"{seconds:.1f} s",
         f"{len(page) / 2**20:.1f} MB (goals < 15 s, < 25 MB)")
    seconds, page = timed(lambda: animation.animation_html(story, list(range(len(story))), Selection()))
    line(f"bundled: standalone HTML of all {len(story)} monthly frames", f"{seconds:.1f} s", f"{len(page) / 2**20:.1f} MB")
    fifty = animation.frame_indices(story, "2021-01", "2025-02")
    for file_format in ("gif", "mp4"):
        seconds, data = timed(lambda: animation.animation_video(story, fifty, Selection(focus="PRK"), file_format))
        line(f"bundled: {len(fifty)}-frame {file_format.upper()}", f"{seconds:.1f} s",
             f"{len(data) / 1024:.0f} KB, goal < 120 s")
    seconds, data = timed(lambda: tables.gexf(atop))
    line("ATOP: dynamic GEXF", f"{seconds:.2f} s", f"{len(data) / 2**20:.1f} MB")


if __name__ == "__main__":
    main()

"""Export times with a warm Chromium, on the bundled data and on the full ATOP file.

    .venv/bin/python benchmarks/export.py [--videos] [--quick]

--videos prints only the whole-span videos: the bundled data's 936 monthly frames and ATOP's 204 years
as MP4, drawn in warm pages, with the peak memory of this process and its Chromium, and the time per
frame of a fresh kaleido picture (the path videos took before) on 60 of those frames.
"""

from __future__ import annotations

import sys
import threading

import psutil
from _common import ATOP, QUICK, REPEAT, STORY, line, timed

from alliance_atlas.export import IMAGE_FORMATS, animation, tables
from alliance_atlas.export.images import image, rendered
from alliance_atlas.export.animation import VIDEO_SIZE
from alliance_atlas.export.request import SIZES
from alliance_atlas.figures import network_figure, timeline_figure
from alliance_atlas.frames import Frames
from alliance_atlas.io import load
from alliance_atlas.selection import Selection


def main() -> None:
    story = Frames(load(STORY), "month")
    atop = Frames(load(STORY if QUICK else ATOP), "year")
    busiest = atop.index_of("2018-06-01")
    start_s, _ = timed(lambda: image(network_figure(story, 900), "png", *SIZES["network"]))
    line("first image (starts the shared Chromium)", f"{start_s:.2f} s")
    for name, frames, frame, goal in (("bundled", story, story.index_of("2024-12-08"), "goal < 1.5 s"),
                                      ("ATOP 2018", atop, busiest, "goal < 4 s")):
        figure = network_figure(frames, frame, Selection())
        for file_format in IMAGE_FORMATS[:1] if QUICK else IMAGE_FORMATS:
            seconds, data = timed(lambda: image(figure, file_format, *SIZES["network"]), repeat=REPEAT)
            line(f"{name}: network {file_format.upper()} (median of 3)", f"{seconds:.2f} s",
                 f"{len(data) / 1024:.0f} KB, {goal}")
        seconds, _ = timed(lambda: image(timeline_figure(frames, frame), "png", *SIZES["timeline"]), repeat=REPEAT)
        line(f"{name}: timeline PNG (median of 3)", f"{seconds:.2f} s")
    seconds, page = timed(lambda: animation.animation_html(atop, list(range(len(atop))), Selection()))
    line(f"ATOP: standalone HTML of all {len(atop)} frames", f"{seconds:.1f} s",
         f"{len(page) / 2**20:.1f} MB (goals < 15 s, < 25 MB)")
    months = list(range(len(story)))[-12:] if QUICK else list(range(len(story)))
    seconds, page = timed(lambda: animation.animation_html(story, months, Selection()))
    line(f"bundled: standalone HTML of all {len(months)} monthly frames", f"{seconds:.1f} s", f"{len(page) / 2**20:.1f} MB")
    fifty = animation.frame_indices(story, "2024-10", "2025-02") if QUICK else \
        animation.frame_indices(story, "2021-01", "2025-02")
    for file_format in ("gif", "mp4"):
        seconds, data = timed(lambda: animation.animation_video(story, fifty, Selection(focus="PRK"), file_format))
        line(f"bundled: {len(fifty)}-frame {file_format.upper()}", f"{seconds:.1f} s",
             f"{len(data) / 1024:.0f} KB, goal < 120 s")
    seconds, data = timed(lambda: tables.gexf(atop))
    line("ATOP: dynamic GEXF", f"{seconds:.2f} s", f"{len(data) / 2**20:.1f} MB")


def memory() -> tuple[float, float]:
    """Proportional set sizes (MB) of this process and of the processes it started (the Chromium), so
    that pages the Chromium's processes share are counted once."""
    me, chromium = psutil.Process(), 0
    for process in me.children(recursive=True):
        try:
            chromium += process.memory_full_info().pss
        except psutil.NoSuchProcess:
            continue
    return me.memory_full_info().pss / 2**20, chromium / 2**20


def peak_memory(work) -> tuple[tuple[float, float], object]:
    """The peak of :func:`memory` while ``work()`` runs (sampled every 250 ms), and its result."""
    peak, done = [0.0, 0.0], threading.Event()

    def sample() -> None:
        while not done.wait(0.25):
            peak[:] = map(max, peak, memory())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        result = work()
    finally:
        done.set()
        sampler.join()
    return (peak[0], peak[1]), result


def videos() -> None:
    story = Frames(load(STORY), "month")
    atop = Frames(load(ATOP), "year")
    image(network_figure(story, 0), "png", *SIZES["network"])  # starts the shared Chromium
    for name, frames, goal in (("bundled", story, 60), ("ATOP", atop, 30)):
        every = list(range(len(frames)))
        sixty = every[-60:]
        fresh_s, _ = timed(lambda: list(rendered(lambda n: network_figure(frames, sixty[n], Selection(), VIDEO_SIZE),
                                                 len(sixty), "png", *VIDEO_SIZE, scale=1)))
        before = memory()
        seconds, ((python, chromium), video) = timed(lambda: peak_memory(
            lambda: animation.animation_video(frames, every, Selection(), "mp4")))
        line(f"{name}: {len(every)}-frame MP4, drawn in warm pages", f"{seconds:.1f} s",
             f"{seconds / len(every) * 1000:.0f} ms a frame, {len(video) / 2**20:.1f} MB, goal < {goal} s")
        line(f"{name}: memory before -> peak, Python (both datasets loaded)", f"{before[0]:.0f} -> {python:.0f} MB")
        line(f"{name}: memory before -> peak, its Chromium", f"{before[1]:.0f} -> {chromium:.0f} MB")
        line(f"{name}: the export's peak (growth of both)", f"{python + chromium - sum(before):.0f} MB",
             "goal < 1,024 MB")
        line(f"{name}: a fresh kaleido picture per frame (60 frames)", f"{fresh_s / len(sixty) * 1000:.0f} ms a frame",
             f"{fresh_s / len(sixty) * len(every):.0f} s for all {len(every)}")


if __name__ == "__main__":
    videos() if "--videos" in sys.argv else main()

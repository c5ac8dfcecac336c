"""The animation over a range of frames: a standalone interactive HTML page, an animated GIF or an MP4."""

from __future__ import annotations

import contextlib
import html
import io
import json
import re
import tempfile
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from subprocess import DEVNULL, PIPE, Popen

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from alliance_atlas.export.errors import ExportError
from alliance_atlas.export.images import TOPOJSON_DIR, Progress, video_frames
from alliance_atlas.figures import PLOT_CONFIG, frame_notes, frame_title, network_arrays, network_figure, timeline_figure
from alliance_atlas.figures.frame_book import frame_book, kept_labels, with_kept_labels
from alliance_atlas.figures.frame_contract import NetworkBook, to_json
from alliance_atlas.frames import Frames
from alliance_atlas.selection import Selection
from alliance_atlas.views import frame_view

VIDEO_SIZE = (1280, 820)
#: The standalone page's network: its height is set, its width is the page's (a laptop's, as an estimate).
PAGE_NETWORK_SIZE = (1280, 860)


def frame_indices(frames: Frames, start=None, end=None, every: int = 1) -> list[int]:
    """Frames from ``start`` to ``end`` (dates, inclusive; the whole span by default), every n-th."""
    first = frames.nearest(start) if start else 0
    last = frames.nearest(end) if end else len(frames) - 1
    if first is None or last is None:
        raise ExportError(f"cannot read the frame range {start!r} to {end!r}")
    if last < first:
        raise ExportError(f"the range ends ({end}) before it starts ({start})")
    try:
        step = int(every)
    except (TypeError, ValueError, OverflowError):
        raise ExportError(f"every must be a whole number of frames, not {str(every)[:40]!r}") from None
    return list(range(first, last + 1, max(1, step)))


def animation_figure(frames: Frames, indices: list[int], selection: Selection) -> go.Figure:
    """The network with one plotly frame per period, its own slider and Play/Pause buttons."""
    figure = network_figure(frames, indices[0], selection, PAGE_NETWORK_SIZE)
    plotly_frames = []
    for index in indices:
        view = frame_view(frames, index, selection)
        arrays = network_arrays(view, PAGE_NETWORK_SIZE)
        traces = sorted(arrays)
        plotly_frames.append(go.Frame(name=frames.labels[index], data=[type(figure.data[key])(arrays[key]) for key in traces],
                                      traces=traces, layout={"title": {"text": frame_title(view)}, **frame_notes(view)}))
    figure.frames = plotly_frames
    step = {"mode": "immediate", "frame": {"duration": 0, "redraw": True}, "transition": {"duration": 0}}
    figure.update_layout(
        updatemenus=[{
            "type": "buttons", "direction": "left", "x": 0, "y": -0.06, "xanchor": "left", "yanchor": "top",
            "showactive": False, "pad": {"r": 8, "t": 4},
            "buttons": [
                {"label": "▶ Play", "method": "animate",
                 "args": [None, {**step, "frame": {"duration": 500, "redraw": True}, "fromcurrent": True}]},
                {"label": "❚❚ Pause", "method": "animate", "args": [[None], step]},
            ],
        }],
        sliders=[{
            "active": 0, "x": 0.14, "len": 0.86, "y": -0.02, "yanchor": "top", "pad": {"t": 30},
            "currentvalue": {"prefix": "", "font": {"size": 16}},
            "steps": [{"label": frames.labels[i], "method": "animate", "args": [[frames.labels[i]], step]}
                      for i in indices],
        }],
        margin={"b": 120},
    )
    return figure


def animation_html(frames: Frames, indices: list[int], selection: Selection) -> str:
    """A standalone page: the animated network and the timeline, plotly.js inlined, no network access.

    The timeline's marker follows the animation's slider. Map data is embedded for the geo layout.
    """
    network = animation_figure(frames, indices, selection)
    timeline = timeline_figure(frames, indices[0], selection)
    config = json.dumps(PLOT_CONFIG | {"responsive": True})
    geo_assets = ""
    if selection.layout == "geo":
        world = (TOPOJSON_DIR / "world_50m.json").read_text()
        geo_assets = f"window.PlotlyGeoAssets = {{topojson: {{world_50m: {world}}}}};"
    bounds = {frames.labels[i]: [str(frames.start_date(i)), str(frames.last_date(i) + 1)] for i in indices}
    title = f"{frames.network.name}: alliances {frames.labels[indices[0]]} to {frames.labels[indices[-1]]}"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:system-ui,sans-serif;margin:12px;background:#fff}}#network{{height:{PAGE_NETWORK_SIZE[1]}px}}#timeline{{height:380px}}</style>
<script>{geo_assets}</script>
<script type="text/javascript">{get_plotlyjs()}</script></head>
<body><div id="network"></div><div id="timeline"></div>
<script>
const config = {config};
const network = {network.to_json()};
const timeline = {timeline.to_json()};
const bounds = {json.dumps(bounds)};
Plotly.newPlot("network", network.data, network.layout, config).then(function (gd) {{
  Plotly.addFrames(gd, network.frames);
  gd.on("plotly_animatingframe", function (event) {{
    const span = bounds[event.name];
    if (span) Plotly.relayout("timeline", {{shapes: [Object.assign({{}}, timeline.layout.shapes[0], {{x0: span[0], x1: span[1]}})]}});
  }});
}});
Plotly.newPlot("timeline", timeline.data, timeline.layout, config);
</script></body></html>
"""


def animation_video(frames: Frames, indices: list[int], selection: Selection, file_format: str,
                    seconds_per_frame: float = 0.5, size: tuple[int, int] = VIDEO_SIZE,
                    progress: Progress | None = None) -> bytes:
    """The animation as an animated GIF or an MP4 (H.264), one rendered image per frame, each frame
    handed to the encoder as it is rendered: an MP4 holds one frame at a time. A GIF holds its frames
    as 8-bit palette images (1 MB each at the video size), since Pillow compares them before writing."""
    if file_format not in ("gif", "mp4"):
        raise ExportError("video format must be gif or mp4")
    first, book = video_pages(frames, selection, indices[0], size)
    pictures = video_frames(first, book, indices, *size, picture_format="jpeg" if file_format == "mp4" else "png",
                            progress=progress)
    if file_format == "mp4":
        return _mp4(pictures, seconds_per_frame)
    from PIL import Image

    output = io.BytesIO()
    palette = [Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
               for png in pictures]
    palette[0].save(output, format="GIF", save_all=True, append_images=palette[1:],
                    duration=int(seconds_per_frame * 1000), loop=0, optimize=False)
    return output.getvalue()


def video_pages(frames: Frames, selection: Selection, first: int, size: tuple[int, int]) -> tuple[go.Figure, dict]:
    """What a video's pages draw at ``size``: the figure of frame ``first``, and the view's frame book (JSON)
    each later frame is drawn from, both with the states' labels a redrawn plot keeps (frame_book.kept_labels)."""
    book = with_kept_labels(frame_book(frames, selection, size))
    figure = network_figure(frames, first, selection, size)
    if isinstance(book, NetworkBook):
        figure.data[book.states].text = kept_labels(list(figure.data[book.states].text))
    return figure, to_json(book)


def _mp4(jpegs: Iterator[bytes], seconds_per_frame: float) -> bytes:
    """JPEGs encoded as H.264 by imageio's ffmpeg, which reads each as it comes (its width and height cut
    to even numbers, as 4:2:0 colour needs); any failure stops the encoder and says what it wrote."""
    import imageio_ffmpeg

    with tempfile.TemporaryDirectory() as folder:
        path, log = Path(folder) / "animation.mp4", Path(folder) / "ffmpeg.log"
        with log.open("wb") as errors:
            encoder = Popen(
                [imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-f", "image2pipe", "-c:v", "mjpeg",
                 "-framerate", str(Fraction(1 / seconds_per_frame).limit_denominator(1001)), "-i", "-", "-an",
                 "-vf", "crop=trunc(iw/2)*2:trunc(ih/2)*2", "-c:v", "libx264", "-crf", "25", "-pix_fmt", "yuv420p",
                 str(path)],
                stdin=PIPE, stdout=DEVNULL, stderr=errors)
            try:
                with contextlib.suppress(BrokenPipeError):  # the encoder stopped: its log says why (below)
                    for jpeg in jpegs:
                        encoder.stdin.write(jpeg)
            except BaseException:
                encoder.kill()
                raise
            finally:
                with contextlib.suppress(BrokenPipeError):
                    encoder.stdin.close()
                encoder.wait()
        if encoder.returncode != 0 or not path.exists():
            # its first complaint, without the "[mjpeg @ 0x55...]" it starts with
            complaints = [re.sub(r"^\[[^]]*\]\s*", "", line).strip()
                          for line in log.read_text(errors="replace").splitlines()]
            said = next(filter(None, complaints), f"exit status {encoder.returncode}")
            raise ExportError(f"the MP4 encoder failed ({said})")
        return path.read_bytes()

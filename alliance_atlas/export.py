"""Files from what the analyst sees: images, the animation (HTML, GIF, MP4), CSV tables and GEXF.

Every export is built from the same pure figure functions the dashboard shows. Images go through
one warm headless Chromium (kaleido), started on first use and shared under a lock, since the
shared kaleido server mixes up concurrent calls.
"""

from __future__ import annotations

import asyncio
import atexit
import io
import json
import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from alliance_atlas.events import changes, ties_in_force
from alliance_atlas.figures import (
    PLOT_CONFIG,
    ViewOptions,
    frame_title,
    frame_view,
    nested,
    network_arrays,
    network_figure,
    timeline_figure,
)
from alliance_atlas.frames import Frames
from alliance_atlas.model import OPEN

TOPOJSON_DIR = Path(__file__).resolve().parent.parent / "assets" / "topojson"
IMAGE_FORMATS = ("png", "svg", "pdf")
ANIMATION_FORMATS = ("html", "gif", "mp4")
FORMATS = (*IMAGE_FORMATS, *ANIMATION_FORMATS, "csv", "gexf")
NETWORK_SIZE = (1400, 900)
TIMELINE_SIZE = (1400, 420)
Progress = Callable[[int, int], None]


class ExportError(RuntimeError):
    """An export that cannot be made here, with what to do about it."""


# --- static images ------------------------------------------------------------------------------

class WarmChromium:
    """One kaleido Chromium, opened on first use and kept for later images.

    It runs its own event loop in a daemon thread; calls are serialised (the shared browser mixes
    up concurrent renders) and time out. A render that fails is tried once more in a fresh
    Chromium, so a stuck browser costs one slow export, never a hung server or test run.
    """

    def __init__(self, timeout: float = 30):
        self._timeout = timeout
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido = None

    def render(self, figure: dict, opts: dict) -> bytes:
        with self._lock:
            try:
                return self._render(figure, opts)
            except ExportError:
                return self._render(figure, opts)  # once more, in a fresh Chromium

    def _render(self, figure: dict, opts: dict) -> bytes:
        if self._thread is not None and not self._thread.is_alive():
            self._close()  # its loop is gone (dash's test runner stops every thread a test started)
        if self._kaleido is None:
            self._open()
        call = self._kaleido.calc_fig(figure, opts=opts, topojson=TOPOJSON_DIR.as_uri() + "/")
        future = asyncio.run_coroutine_threadsafe(call, self._loop)
        try:
            return future.result(self._timeout)
        except Exception as error:  # a timeout or a crashed tab: start afresh
            future.cancel()
            self._close()
            raise ExportError(f"the image renderer failed ({type(error).__name__}: {error}); try again") from None

    def _open(self) -> None:
        if not chromium_available():
            raise ExportError("images need Chromium: install it (Debian: apt-get install chromium) or set BROWSER_PATH")
        import kaleido

        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="warm-chromium", daemon=True)
        self._thread.start()

        async def start():
            browser = kaleido.Kaleido(n=1, mathjax=False)
            await browser.open()
            return browser

        try:
            self._kaleido = asyncio.run_coroutine_threadsafe(start(), self._loop).result(self._timeout)
        except Exception as error:
            self._close()
            raise ExportError(f"could not start Chromium for images: {error}") from None
        atexit.register(self._close)

    def _close(self) -> None:
        browser, loop, thread = self._kaleido, self._loop, self._thread
        self._kaleido = self._loop = self._thread = None
        if loop is None:
            return
        if browser is not None and thread is not None and thread.is_alive():
            try:
                asyncio.run_coroutine_threadsafe(browser.close(), loop).result(10)
            except Exception:  # already gone: nothing left to close
                pass
        elif browser is not None and getattr(browser, "subprocess", None) is not None:
            browser.subprocess.terminate()  # the wrapper stops its Chromium on SIGTERM
        loop.call_soon_threadsafe(loop.stop)


_chromium = WarmChromium()


def chromium_available() -> bool:
    """Whether a Chromium for kaleido exists (BROWSER_PATH, or chromium on PATH)."""
    return bool(os.environ.get("BROWSER_PATH")) or any(
        shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome", "chrome")
    )


def images(figures: list[go.Figure], file_format: str, width: int, height: int, scale: float = 2,
           progress: Progress | None = None) -> list[bytes]:
    """Render figures with the warm Chromium; maps use the local topojson."""
    if file_format not in IMAGE_FORMATS:
        raise ExportError(f"image format must be one of {', '.join(IMAGE_FORMATS)}")
    results = []
    for done, figure in enumerate(figures, start=1):
        opts = {"format": file_format, "width": width, "height": height, "scale": scale}
        results.append(_chromium.render(figure.to_dict(), opts))
        if progress:
            progress(done, len(figures))
    return results


def image(figure: go.Figure, file_format: str, width: int, height: int, scale: float = 2) -> bytes:
    """One figure as PNG, SVG or PDF."""
    return images([figure], file_format, width, height, scale)[0]


# --- the animation ------------------------------------------------------------------------------


def frame_indices(frames: Frames, start=None, end=None, every: int = 1) -> list[int]:
    """Frames from ``start`` to ``end`` (dates, inclusive; the whole span by default), every n-th."""
    first = frames.nearest(start) if start else 0
    last = frames.nearest(end) if end else len(frames) - 1
    if first is None or last is None:
        raise ExportError(f"cannot read the frame range {start!r} to {end!r}")
    if last < first:
        raise ExportError(f"the range ends ({end}) before it starts ({start})")
    return list(range(first, last + 1, max(1, int(every))))


def animation_figure(frames: Frames, indices: list[int], options: ViewOptions) -> go.Figure:
    """The network with one plotly frame per period, its own slider and Play/Pause buttons."""
    figure = network_figure(frames, indices[0], options)
    plotly_frames = []
    for index in indices:
        view = frame_view(frames, index, options)
        arrays = network_arrays(view)
        traces = sorted(arrays)
        data = [go.Scattergeo() if options.layout == "geo" else go.Scatter() for _ in traces]
        for trace, key in zip(data, traces):
            trace.update(nested(arrays[key]))
        plotly_frames.append(go.Frame(name=frames.labels[index], data=data, traces=traces,
                                      layout={"title": {"text": frame_title(view)}}))
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


def animation_html(frames: Frames, indices: list[int], options: ViewOptions) -> str:
    """A standalone page: the animated network and the timeline, plotly.js inlined, no network access.

    The timeline's marker follows the animation's slider. Map data is embedded for the geo layout.
    """
    network = animation_figure(frames, indices, options)
    timeline = timeline_figure(frames, indices[0], options.types, options.focus)
    config = json.dumps(PLOT_CONFIG | {"responsive": True})
    geo_assets = ""
    if options.layout == "geo":
        world = (TOPOJSON_DIR / "world_50m.json").read_text()
        geo_assets = f"window.PlotlyGeoAssets = {{topojson: {{world_50m: {world}}}}};"
    bounds = {frames.labels[i]: [str(frames.start_date(i)), str(frames.last_date(i) + 1)] for i in indices}
    title = f"{frames.network.name}: alliances {frames.labels[indices[0]]} to {frames.labels[indices[-1]]}"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{_escape(title)}</title>
<style>body{{font-family:system-ui,sans-serif;margin:12px;background:#fff}}#network{{height:860px}}#timeline{{height:380px}}</style>
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


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def animation_video(frames: Frames, indices: list[int], options: ViewOptions, file_format: str,
                    seconds_per_frame: float = 0.5, size: tuple[int, int] = (1280, 820),
                    progress: Progress | None = None) -> bytes:
    """The animation as an animated GIF or an MP4 (H.264), one rendered image per frame."""
    from PIL import Image

    figures = [network_figure(frames, i, options) for i in indices]
    pngs = images(figures, "png", size[0], size[1], scale=1, progress=progress)
    pictures = [Image.open(io.BytesIO(png)).convert("RGB") for png in pngs]
    output = io.BytesIO()
    if file_format == "gif":
        palette = [p.quantize(colors=256, method=Image.Quantize.MEDIANCUT) for p in pictures]
        palette[0].save(output, format="GIF", save_all=True, append_images=palette[1:],
                        duration=int(seconds_per_frame * 1000), loop=0, optimize=False)
        return output.getvalue()
    if file_format == "mp4":
        return _mp4(pictures, seconds_per_frame)
    raise ExportError("video format must be gif or mp4")


def _mp4(pictures, seconds_per_frame: float) -> bytes:
    import tempfile

    import imageio_ffmpeg

    width, height = pictures[0].size
    even = (width - width % 2, height - height % 2)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "animation.mp4"
        writer = imageio_ffmpeg.write_frames(
            str(path), even, fps=1 / seconds_per_frame, codec="libx264", pix_fmt_out="yuv420p",
            macro_block_size=1, ffmpeg_log_level="error",
        )
        writer.send(None)
        for picture in pictures:
            writer.send(np.asarray(picture.crop((0, 0, *even))).tobytes())
        writer.close()
        return path.read_bytes()


# --- tables and GEXF ----------------------------------------------------------------------------

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(table: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula get a leading apostrophe (OWASP advice).

    >>> spreadsheet_safe(pd.DataFrame({"label": ["=HYPERLINK(1)", "Treaty", "-1"]}))["label"].tolist()
    ["'=HYPERLINK(1)", 'Treaty', "'-1"]
    """
    safe = table.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            text = safe[column].astype(str)
            risky = text.str.startswith(_FORMULA_STARTS)
            safe[column] = text.where(~risky, "'" + text)
    return safe


def ties_csv(frames: Frames, frame: int, options: ViewOptions) -> str:
    """The ties in force in ``frame`` (for the focus country, if any), with type, label and citation."""
    table = ties_in_force(frames, frame, options.types, options.focus, options.min_weight)
    return spreadsheet_safe(table.assign(frame=frames.labels[frame])).to_csv(index=False)


def changes_csv(frames: Frames, options: ViewOptions) -> str:
    """Every tie gained or lost, frame by frame, for the network or the focus country."""
    mask = frames.selection(options.types, options.focus)
    selected = np.ones(len(frames.network), dtype=bool) if mask is None else mask
    wanted = np.union1d(frames.gain_frame[selected], frames.loss_frame[selected])
    tables = [changes(frames, int(i), options.types, options.focus).assign(frame=frames.labels[int(i)])
              for i in wanted[wanted >= 0]]
    table = pd.concat(tables, ignore_index=True) if tables else changes(frames, 0).assign(frame="")
    return spreadsheet_safe(table[["frame", *[c for c in table.columns if c != "frame"]]]).to_csv(index=False)


def gexf(frames: Frames, options: ViewOptions = ViewOptions()) -> bytes:
    """The dynamic network for Gephi: one edge per pair and type, with spells (inclusive dates).

    GEXF spells include their end, so a spell ends on the tie's last day in force.
    """
    net = frames.network
    mask = frames.selection(options.types, options.focus)
    indices = np.arange(len(net)) if mask is None else np.flatnonzero(mask)
    graph = nx.MultiGraph(mode="dynamic", timeformat="date", name=net.name)
    names = net.nodes["name"]
    for node in np.unique(np.concatenate([net.src[indices], net.tgt[indices]])):
        country = net.node_ids[node]
        graph.add_node(country, label=str(names[country]), region=str(net.nodes.at[country, "region"]),
                       lat=float(net.nodes.at[country, "lat"]), lon=float(net.nodes.at[country, "lon"]))
    edges = net.edges.iloc[indices]
    last_days = np.where(net.end_day[indices] == OPEN, OPEN, net.end_day[indices] - 1)
    spells: dict[tuple[str, str, str], list] = {}
    for (source, target, kind, start), last in zip(edges[["source", "target", "type", "start"]].itertuples(index=False), last_days):
        end = None if last == OPEN else str(np.datetime64(int(last), "D"))
        spells.setdefault((source, target, kind), []).append((str(start)[:10], end))
    for (source, target, kind), spans in spells.items():
        graph.add_edge(source, target, key=kind, tie_type=kind, spells=sorted(spans))
    buffer = io.BytesIO()
    nx.write_gexf(graph, buffer)
    return buffer.getvalue()

"""Charts as PNG, SVG or PDF through one warm headless Chromium (kaleido), video frames drawn in pages
of that Chromium, and what that needs.

The Chromium is started on first use and shared; kaleido's calls go under a lock, since its shared
server mixes up concurrent calls. A video's frames are drawn in pages of their own, which hold the
first frame's figure and draw each frame from the view's frame book with the app's frame engine
(assets/atlas/engine.js), then capture the screen: about five times faster than a fresh kaleido picture
per frame.
"""

from __future__ import annotations

import asyncio
import atexit
import base64
import collections
import importlib
import importlib.util
import json
import os
import queue
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import plotly
import plotly.graph_objects as go

from alliance_atlas.export.errors import ExportError

TOPOJSON_DIR = Path(__file__).resolve().parents[2] / "assets" / "topojson"
IMAGE_FORMATS = ("png", "svg", "pdf")
#: Python packages each rendered format needs besides kaleido (module name, package to install).
ENCODERS = {"gif": (("PIL", "pillow"),), "mp4": (("imageio_ffmpeg", "imageio-ffmpeg"),)}
Progress = Callable[[int, int], None]
#: Pages drawing a video's frames at once: while they draw, Python builds the next frames' figures. On
#: two cores, three keep both busy where two leave one waiting (benchmarks/export.py --videos).
FRAME_PAGES = 3
#: The browser code a video's page draws its frames with: the app's frame engine (assets/atlas/).
ENGINE = [Path(__file__).resolve().parents[2] / "assets" / "atlas" / name
          for name in ("arrays.js", "state.js", "book.js", "canvas.js", "engine.js", "video.js")]
FRAME_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">{scripts}</head>
<body style="margin:0;background:white"><div id="gd" style="width:{width}px;height:{height}px"></div></body></html>"""
#: How a video's frames are captured: as PNG for a GIF, whose 256 colours a JPEG's faint blur around text
#: would spend on noise; as JPEG for an MP4, which blurs more itself (4:2:0 colour, CRF 25) and whose encoder
#: reads JPEGs as they come: encoded and decoded in a fraction of a PNG's time.
CAPTURES = {"png": {"format": "png", "optimizeForSpeed": True},
            "jpeg": {"format": "jpeg", "quality": 95, "optimizeForSpeed": True}}


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

    def frames(self, first: go.Figure, book: dict, indices: list[int], width: int, height: int,
               picture_format: str = "png") -> Iterator[bytes]:
        """Pictures (PNG or JPEG: :data:`CAPTURES`) of the frames ``indices`` of ``book`` (a frame book as
        JSON, of the view ``first`` draws) at ``width`` x ``height``: ``first``, the figure of the first of
        them, drawn once in each of :data:`FRAME_PAGES` warm pages, then each frame drawn from the book in
        one of them and the screen captured, in order. At most a few frames wait at any time; closing the
        iterator stops it."""
        with self._lock:
            if self._thread is not None and not self._thread.is_alive():
                self._close()
            if self._kaleido is None:
                self._open()
            loop = self._loop
        ready: queue.Queue = queue.Queue(maxsize=FRAME_PAGES)
        stop = threading.Event()
        drawing = self._draw_frames(first, book, indices, (width, height), CAPTURES[picture_format], ready, stop)
        asyncio.run_coroutine_threadsafe(drawing, loop)
        try:
            for _ in indices:
                try:
                    picture = ready.get(timeout=self._timeout)
                except queue.Empty:
                    raise ExportError(f"the video renderer gave no frame in {self._timeout:.0f} s; try again") from None
                if isinstance(picture, BaseException):
                    raise ExportError(f"the video renderer failed ({type(picture).__name__}: {picture}); "
                                      "try again") from None
                yield picture
        finally:
            stop.set()

    async def _draw_frames(self, first: go.Figure, book: dict, indices: list[int], size: tuple[int, int],
                           capture: dict, ready: queue.Queue, stop: threading.Event) -> None:
        browser = self._kaleido

        async def hand_on(item) -> None:
            # polled, not a put in the loop's executor: no thread of its own to lose (dash's test runner
            # stops the threads a test started)
            while not stop.is_set():
                try:
                    return ready.put_nowait(item)
                except queue.Full:
                    await asyncio.sleep(0.01)

        pages, drawing = [], collections.deque()
        try:
            with tempfile.TemporaryDirectory() as folder:
                page = Path(folder) / "frame.html"
                plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
                scripts = "".join(f'<script src="{script.as_uri()}"></script>' for script in [plotly_js, *ENGINE])
                page.write_text(FRAME_PAGE.format(scripts=scripts, width=size[0], height=size[1]), encoding="utf-8")
                config = {"staticPlot": True, "topojsonURL": TOPOJSON_DIR.as_uri() + "/"}
                start = f"atlas.video.start({first.to_json()}, {json.dumps(book)}, {indices[0]}, {json.dumps(config)})"
                pages = [await self._frame_page(browser, page.as_uri(), size, start) for _ in range(FRAME_PAGES)]
            for n, index in enumerate(indices):
                if stop.is_set():
                    return
                if len(drawing) == len(pages):
                    await hand_on(await drawing.popleft())
                drawing.append(asyncio.ensure_future(self._draw(pages[n % len(pages)], f"atlas.video.draw({index})",
                                                                capture)))
            while drawing:
                await hand_on(await drawing.popleft())
        except Exception as error:  # handed on, and raised to the caller as an ExportError
            await hand_on(error)
        finally:
            for pending in drawing:
                pending.cancel()
            for each in pages:
                try:
                    await browser.close_tab(each)
                except Exception:  # the browser closed first (at exit, or after a failure): nothing to close
                    pass

    async def _frame_page(self, browser, url: str, size: tuple[int, int], start: str):
        page = await browser.create_tab(window=True)
        await page.send_command("Emulation.setDeviceMetricsOverride",
                                params={"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": False})
        await page.send_command("Page.enable")
        loaded = page.subscribe_once("Page.loadEventFired")
        await page.send_command("Page.navigate", params={"url": url})
        await asyncio.wait_for(loaded, self._timeout)
        await self._evaluate(page, start)
        return page

    async def _evaluate(self, page, expression: str) -> None:
        done = await asyncio.wait_for(page.send_command("Runtime.evaluate", params={
            "expression": expression, "awaitPromise": True}), self._timeout)
        if "error" in done or "exceptionDetails" in done.get("result", {}):
            raise ExportError(f"a frame could not be drawn: {done.get('error') or done['result']['exceptionDetails']}")

    async def _draw(self, page, script: str, capture: dict) -> bytes:
        await self._evaluate(page, script)
        shot = await asyncio.wait_for(page.send_command("Page.captureScreenshot", params={
            **capture, "captureBeyondViewport": False}), self._timeout)
        if "error" in shot:
            raise ExportError(f"a frame could not be captured: {shot['error']}")
        return base64.b64decode(shot["result"]["data"])

    def _open(self) -> None:
        if (missing := missing_renderer()) is not None:
            raise ExportError(missing)
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


def _forget_the_parents_chromium() -> None:
    """In a process forked from a worker (an animation export's job): the worker's Chromium, its event
    loop's thread and its lock stay the worker's (closing them here would stop the worker's browser),
    and this process opens its own on first use."""
    global _chromium
    _chromium = WarmChromium()


os.register_at_fork(after_in_child=_forget_the_parents_chromium)


def import_renderers() -> None:
    """Import the image and video encoders that are installed, once, when the server starts.

    Imported lazily instead, kaleido pulls in PIL.Image inside a request thread while plotly's JSON
    encoder, in another, finds PIL half-imported: the first PNG exports then fail with HTTP 500s.
    """
    for module in ("kaleido", "PIL.Image", "imageio_ffmpeg"):
        if importlib.util.find_spec(module.split(".")[0]) is not None:
            importlib.import_module(module)


def renderer_needs(file_format: str = "png") -> list[str]:
    """What this machine lacks to render ``file_format`` as a picture (kaleido, a Chromium for it, and
    for videos their encoders), each as what to install; empty when nothing is missing."""
    needed = [("kaleido", "kaleido"), *ENCODERS.get(file_format, ())]
    absent = [package for module, package in needed if importlib.util.find_spec(module) is None]
    needs = [f"the Python package(s) {', '.join(absent)} (pip install {' '.join(absent)}; make run installs them)"] \
        if absent else []
    browsers = ("chromium", "chromium-browser", "google-chrome", "chrome")
    if not (os.environ.get("BROWSER_PATH") or any(shutil.which(name) for name in browsers)):
        needs.append("Chromium (Debian: apt-get install chromium, or set BROWSER_PATH)")
    return needs


def missing_renderer(file_format: str = "png") -> str | None:
    """One sentence saying what to install to render ``file_format``; None when nothing is missing."""
    needs = renderer_needs(file_format)
    return f"{file_format.upper()} export needs {' and '.join(needs)}" if needs else None


def rendered(figure_at: Callable[[int], go.Figure], count: int, file_format: str, width: int, height: int,
             scale: float = 2, progress: Progress | None = None) -> Iterator[bytes]:
    """Figures 0 to ``count`` - 1 rendered with the warm Chromium (maps use the local topojson), one at
    a time: each figure is built when it is due and its image handed on before the next, so a long
    animation holds one frame, and reports progress (where a cancel stops it) from its first on."""
    if file_format not in IMAGE_FORMATS:
        raise ExportError(f"image format must be one of {', '.join(IMAGE_FORMATS)}")
    # the scale is a PNG's pixels per point: an SVG or a PDF is drawn at the size asked
    opts = {"format": file_format, "width": width, "height": height, "scale": scale if file_format == "png" else 1}
    for done in range(1, count + 1):
        picture = _chromium.render(figure_at(done - 1).to_dict(), opts)
        if progress:
            progress(done, count)
        yield picture


def video_frames(first: go.Figure, book: dict, indices: list[int], width: int, height: int,
                 picture_format: str = "png", progress: Progress | None = None) -> Iterator[bytes]:
    """Pictures (PNG or JPEG) of a video's frames (``indices`` of the frame book ``book``): ``first`` drawn in
    warm pages of the shared Chromium, then each frame drawn from the book, each picture handed on as it is
    captured; reports progress (where a cancel stops it) as :func:`rendered` does."""
    pictures = _chromium.frames(first, book, indices, width, height, picture_format)
    for done, picture in enumerate(pictures, start=1):
        if progress:
            progress(done, len(indices))
        yield picture


def image(figure: go.Figure, file_format: str, width: int, height: int, scale: float = 2) -> bytes:
    """One figure as PNG, SVG or PDF."""
    return next(rendered(lambda _: figure, 1, file_format, width, height, scale))



"""Charts as PNG, SVG or PDF through one warm headless Chromium (kaleido), and what that needs.

The Chromium is started on first use and shared under a lock, since kaleido's shared server mixes
up concurrent calls.
"""

from __future__ import annotations

import asyncio
import atexit
import importlib
import importlib.util
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import plotly.graph_objects as go

from alliance_atlas.export.errors import ExportError

TOPOJSON_DIR = Path(__file__).resolve().parents[2] / "assets" / "topojson"
IMAGE_FORMATS = ("png", "svg", "pdf")
#: Python packages each rendered format needs besides kaleido (module name, package to install).
ENCODERS = {"gif": (("PIL", "pillow"),), "mp4": (("PIL", "pillow"), ("imageio_ffmpeg", "imageio-ffmpeg"))}
Progress = Callable[[int, int], None]


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


def import_renderers() -> None:
    """Import the image and video encoders that are installed, once, when the server starts (0.1 s).

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
    opts = {"format": file_format, "width": width, "height": height, "scale": scale}
    for done in range(1, count + 1):
        picture = _chromium.render(figure_at(done - 1).to_dict(), opts)
        if progress:
            progress(done, count)
        yield picture


def image(figure: go.Figure, file_format: str, width: int, height: int, scale: float = 2) -> bytes:
    """One figure as PNG, SVG or PDF."""
    return next(rendered(lambda _: figure, 1, file_format, width, height, scale))



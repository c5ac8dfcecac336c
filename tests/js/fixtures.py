"""Fixtures for the browser code's unit tests (tests/js), made by the core: for views of the bundled data in
every layout the frame engine draws, the view's frame book as the browser gets it, and for some of its
frames what the server's figure of that frame holds (network_arrays, matrix_arrays, frame_title), computed
without the book. The JS tests read each frame from the book with assets/atlas/book.js and compare, so the
book's writer (Python) and its reader (JS) cannot drift apart.

    python -m tests.js.fixtures DIR    (make test writes them to .venv/js-fixtures)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from components import ids
from alliance_atlas.figures import frame_title, network_arrays, network_figure
from alliance_atlas.figures.frame_book import frame_book, kept_labels, with_kept_labels
from alliance_atlas.figures.frame_contract import to_json
from alliance_atlas.figures.matrix import HEATMAP, matrix_arrays
from alliance_atlas.figures.typed_arrays import typed
from alliance_atlas.frames import Frames
from alliance_atlas.io import load
from alliance_atlas.selection import Selection
from alliance_atlas.views import frame_view

STORY = Path(__file__).resolve().parents[2] / "data" / "korea_alliances.csv"
SIZE = (900, 600)
#: The views the fixtures hold, by name: every layout a book draws, a focus, bloc colours, the matrix.
VIEWS = {
    "force": Selection(),
    "geo": Selection(layout="geo"),
    "circle": Selection(layout="circle"),
    "moving-focus": Selection(layout="moving", focus="PRK"),
    "force-focus-depth-2": Selection(focus="PRK", depth=2),
    "force-blocs": Selection(color="bloc"),
    "matrix-focus": Selection(layout="matrix", focus="PRK"),
    "matrix-russia": Selection(layout="matrix", focus="RUS"),
    "matrix-types": Selection(layout="matrix", types=("defense", "rivalry")),
}
#: The frames whose server figure each fixture holds: the story's (Syria's loss, its switch) and a spread.
STORY_FRAMES = ("1961-07", "1991-12", "1992-01", "2024-06", "2024-11", "2024-12", "2025-04")
EVERY = 97


def _plain(value):
    """A figure value as JSON: numbers as float32 typed arrays (NaN survives), tables (the matrix's codes)
    as rows, texts as they are."""
    if isinstance(value, np.ndarray):
        return typed(value.astype(np.float32)) if value.dtype.kind in "fiub" and value.ndim == 1 else value.tolist()
    if isinstance(value, list) and value and isinstance(value[0], np.ndarray):
        return [_plain(row) for row in value]
    return value


def view_fixture(frames: Frames, selection: Selection) -> dict:
    book = with_kept_labels(frame_book(frames, selection, SIZE))
    chosen = sorted({frames.index_of(label) for label in STORY_FRAMES} | set(range(0, len(frames), EVERY)))
    figure = network_figure(frames, 0, selection, SIZE)
    expected = []
    for frame in chosen:
        view = frame_view(frames, frame, selection)
        arrays = matrix_arrays(view) if selection.layout == "matrix" else network_arrays(view, SIZE)
        traces = {}
        for index, values in arrays.items():
            if index == getattr(book, "states", None) and "text" in values:
                values = {**values, "text": kept_labels(list(values["text"]))}
            traces[str(index)] = {path: _plain(value) for path, value in values.items() if path != "hovertext"}
        notes = network_figure(frames, frame, selection, SIZE).layout.annotations
        focus = next((note.text for note in notes if note.name == "focus"), None)
        expected.append({"frame": frame, "label": frames.labels[frame], "title": frame_title(view), "traces": traces,
                         "focus": focus})
    return {"book": to_json(book), "names": [trace.name for trace in figure.data], "frames": expected,
            "quiet": _quiet(frames, selection)}


def _quiet(frames: Frames, selection: Selection) -> dict[str, list[int]]:
    """Of the frames of 2024 and 2025, those whose figure is the frame before's but for the title, and
    those whose figure differs from it."""
    arrays = _matrix_picture if selection.layout == "matrix" else lambda view: network_arrays(view, SIZE)
    same, changed = [], []
    first, last = frames.index_of("2024-01"), frames.index_of("2025-12")
    before = arrays(frame_view(frames, first - 1, selection))
    for frame in range(first, last + 1):
        now = arrays(frame_view(frames, frame, selection))
        (same if _same_figure(before, now) else changed).append(frame)
        before = now
    return {"same": same, "changed": changed}


def _matrix_picture(view) -> dict:
    """The matrix's arrays but for its cells' hover text, which no picture shows."""
    arrays = matrix_arrays(view)
    return {index: {path: value for path, value in values.items() if path != "text" or index != HEATMAP}
            for index, values in arrays.items()}


def _same_figure(one: dict, other: dict) -> bool:
    def same(a, b) -> bool:
        if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
            a, b = np.asarray(a), np.asarray(b)
            return a.shape == b.shape and bool(np.all((a == b) | ((a != a) & (b != b))))
        return a == b
    return one.keys() == other.keys() and all(
        one[index].keys() == other[index].keys() and all(same(one[index][path], other[index][path])
                                                         for path in one[index] if path != "hovertext")
        for index in one)


def main(folder: str) -> None:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    (out / "ids.json").write_text(json.dumps(ids.for_browser()), encoding="utf-8")
    months = Frames(load(STORY), "month")
    for name, selection in VIEWS.items():
        (out / f"{name}.json").write_text(json.dumps(view_fixture(months, selection)), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])

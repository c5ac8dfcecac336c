"""The frame book holds, for every frame, what the server's step would send (but the hover text): read
back here frame by frame and compared with network_arrays, in each layout it draws, with a focus and
colours by bloc. The browser's reading of it is checked in tests/browser/test_drawn_frames.py."""

import base64

import numpy as np
import pytest

from alliance_atlas.figures.frame_book import frame_book
from alliance_atlas.figures.frame_contract import to_json
from alliance_atlas.figures.network import network_arrays, network_figure
from alliance_atlas.frames import Frames
from alliance_atlas.selection import Selection
from alliance_atlas.views import frame_view

SIZE = (900, 600)


def array(spec: dict) -> np.ndarray:
    return np.frombuffer(base64.b64decode(spec["bdata"]), dtype=spec["dtype"])


def value_at(entry: dict, frame: int):
    if "frames" in entry:
        return entry["frames"][frame]
    row = slice(frame * entry["width"], (frame + 1) * entry["width"])
    if "numbers" in entry:
        return array(entry["numbers"])[row]
    codes = array(entry["codes"])[row]
    if "levels" in entry:
        return np.array([np.nan if v is None else v for v in entry["levels"]], dtype=np.float32)[codes]
    return [entry["table"][code] for code in codes]


def lines_at(book: dict, line: dict, frame: int, positions: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    pair, first, last = array(line["pair"]), array(line["first"]), array(line["last"])
    drawn = pair[(first <= frame) & (frame <= last)]
    ends = book["ends"]
    if "stride" in ends:
        stride = ends["stride"]
        rows = (drawn[:, None] * stride + np.arange(stride)).ravel()
        return array(ends["x"])[rows], array(ends["y"])[rows]
    src, tgt = array(ends["src"])[drawn], array(ends["tgt"])[drawn]
    gap = np.full(len(drawn), np.nan, dtype=np.float32)
    return tuple(np.column_stack([positions[axis][src], positions[axis][tgt], gap]).ravel() for axis in (0, 1))


@pytest.fixture(scope="module")
def months(story_network):
    return Frames(story_network, "month")


@pytest.mark.parametrize("selection", [Selection(), Selection(layout="geo"), Selection(layout="circle"),
                                       Selection(layout="moving", focus="PRK"), Selection(focus="PRK", depth=2),
                                       Selection(color="bloc")], ids=repr)
def test_every_frame_of_the_book_is_the_server_s_step(months, selection):
    book = to_json(frame_book(months, selection, SIZE))
    states = book["states"]
    by_trace = {}
    for entry in book["values"]:
        by_trace.setdefault(entry["index"], {})[entry["path"]] = entry
    x_key, y_key = book["axes"]
    for frame in range(0, len(months), 7):
        expected = network_arrays(frame_view(months, frame, selection), SIZE)
        assert book["titles"][frame].endswith(f", {months.labels[frame]}</b>")
        positions = np.array([expected[states].get(x_key, []), expected[states].get(y_key, [])], dtype=np.float32)
        for index, arrays in expected.items():
            kept = by_trace.get(index, {})
            for path, want in arrays.items():
                if path == "hovertext":
                    continue
                if path in (x_key, y_key) and index != states:
                    line = next(line for line in book["lines"] if line["index"] == index)
                    got = lines_at(book, line, frame, positions)[0 if path == x_key else 1]
                    np.testing.assert_array_equal(got, want, err_msg=f"{months.labels[frame]} trace {index} {path}")
                elif path in kept:
                    got = value_at(kept[path], frame)
                    if isinstance(want, np.ndarray):
                        np.testing.assert_array_equal(np.asarray(got, dtype=np.float32), want.astype(np.float32))
                    else:
                        assert got == want, f"{months.labels[frame]} trace {index} {path}"
                else:   # the same in every frame: the whole figure has it
                    first = network_arrays(frame_view(months, 0, selection), SIZE)[index][path]
                    np.testing.assert_array_equal(np.asarray(first), np.asarray(want))


def test_views_a_book_cannot_draw(months):
    assert frame_book(months, Selection(compare="2019"), SIZE) is None
    assert frame_book(months, Selection(layout="matrix", compare="2019"), SIZE) is None


def test_a_large_book_stays_small(atop_network):
    """ATOP's 204 years in one book, for the force layout: under the 2 MB the issue allows."""
    from plotly.io.json import to_json_plotly

    book = frame_book(Frames(atop_network, "year"), Selection(layout="force"), SIZE)
    assert len(to_json_plotly(to_json(book))) < 2 * 2**20


def matrix_at(book: dict, frame: int) -> dict:
    """A frame of the matrix from its book, as the browser makes it: the heatmap's codes, hover rows and
    row names, and the cells gained and lost."""
    size, runs = book["rows"], {key: array(spec) for key, spec in book["runs"].items()}
    cells = array(book["cells"]).reshape(-1, 2)
    live = (runs["first"] <= frame) & (frame <= runs["last"])
    pairs, sets = runs["pair"][live], runs["set"][live]
    a, b = cells[pairs, 0], cells[pairs, 1]
    z = np.zeros((size, size), dtype=np.uint8)
    z[a, b] = z[b, a] = np.array(book["codes"], dtype=np.uint8)[sets]
    text = np.full((size, size), "", dtype=object)
    text[a, b] = text[b, a] = np.array(book["text"], dtype=object)[sets]
    names = np.array(value_at(book["names"], frame), dtype=object)
    ids = np.array(book["ids"], dtype=object)

    def outlined(events: dict) -> dict:
        start = array(events["start"])
        chosen = array(events["pair"])[start[frame]:start[frame + 1]]
        rows = np.concatenate([cells[chosen, 0], cells[chosen, 1]])
        cols = np.concatenate([cells[chosen, 1], cells[chosen, 0]])
        return {"x": names[cols].tolist(), "y": names[rows].tolist(), "customdata": ids[rows].tolist()}

    ends = [max((k + 1 for k, cell in enumerate(row) if cell), default=0) for row in text]
    return {"z": z, "text": [row[:end].tolist() for row, end in zip(text, ends)], "x": names.tolist(),
            "gained": outlined(book["gained"]), "lost": outlined(book["lost"]), "title": book["titles"][frame]}


@pytest.mark.parametrize("selection", [Selection(layout="matrix"), Selection(layout="matrix", focus="PRK"),
                                       Selection(layout="matrix", types=("defense", "rivalry")),
                                       Selection(layout="matrix", focus="RUS")])
def test_every_frame_of_the_matrix_book_is_the_server_s_step(months, selection):
    from alliance_atlas.figures.matrix import GAINED, HEATMAP, LOST, matrix_arrays
    from alliance_atlas.figures.style import frame_title

    built = frame_book(months, selection, SIZE)
    assert frame_book(months, selection, (1200, 800)) is built
    book = to_json(built)
    assert book["matrix"]
    renamed = months.index_of("1992-01-15")  # the Soviet Union's row reads Russia
    for frame in [0, 1, 500, renamed - 1, renamed, months.index_of("2024-12-08"), months.index_of("2025-04-10"),
                  len(months) - 1]:
        view = frame_view(months, frame, selection)
        expected, drawn = matrix_arrays(view), matrix_at(book, frame)
        notes = network_figure(months, frame, selection).layout.annotations
        assert (book["focus"] or [None] * len(months))[frame] == next(
            (note.text for note in notes if note.name == "focus"), None)
        np.testing.assert_array_equal(drawn["z"], expected[HEATMAP]["z"])
        assert drawn["text"] == expected[HEATMAP]["text"]
        assert drawn["x"] == expected[HEATMAP]["x"] == expected[HEATMAP]["y"]
        assert drawn["gained"] == expected[GAINED] and drawn["lost"] == expected[LOST]
        assert drawn["title"] == frame_title(view)


def test_the_atop_matrix_book_stays_small(atop_network):
    """ATOP's 204 years of the 207-state matrix in one book: far under the issue's 2 MB."""
    from plotly.io.json import to_json_plotly

    book = frame_book(Frames(atop_network, "year"), Selection(layout="matrix"), SIZE)
    assert len(to_json_plotly(to_json(book))) < 2**20 // 2

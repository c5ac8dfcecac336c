"""A view's frame book: what a browser needs to draw any frame of a network view by itself, sent once
when the view is set, so that Play, the step buttons, the keys and the slider never wait for the server
(assets/atlas/book.js reads it, assets/atlas/engine.js draws from it).

It holds, for each trace of lines, the runs of frames in which each pair is drawn in it (pair, first,
last frame) and each pair's line coordinates (on the moving layout, the ends of each line, drawn from
that frame's positions); and, frame by frame, every other value of the figure that changes with time:
marker sizes and opacities, labels and their sides, positions on the moving layout, bloc colours and
keys, the lines' fading, the title. The states' hover text is left out: it lists partners and treaties,
most of a step's bytes, and the server sends it for the frame the user stops on.

Every value is the one :func:`~alliance_atlas.figures.network.network_arrays` computes for that frame,
so a frame drawn from the book is the server's figure of that frame (tests/js checks it on fixtures the
core writes, tests/browser in the page). The
matrix has a book of its own (:func:`matrix_book`), equal in the same way to
:func:`~alliance_atlas.figures.matrix.matrix_arrays`. The books are the dataclasses of
:mod:`~alliance_atlas.figures.frame_contract`, which writes their JSON.
"""

from __future__ import annotations

import functools
from dataclasses import replace

import numpy as np

from alliance_atlas.figures.frame_contract import (FixedLineEnds, FrameValues, LevelCodes, LineRuns, MatrixBook,
                                                   MatrixRuns, MovingLineEnds, NetworkBook, NumberRows, PairEvents,
                                                   PerFrame, TableCodes, TraceValues, TypedArray)
from alliance_atlas.figures.matrix import GAINED, HEATMAP, LOST, focus_label, matrix_order, row_names
from alliance_atlas.figures.network import figure_plot_area, frame_canvas, network_layers
from alliance_atlas.figures.style import frame_title, type_lists
from alliance_atlas.frames import Frames
from alliance_atlas.layout import MATRIX, MOVING
from alliance_atlas.selection import Selection
from alliance_atlas.views import frame_view

#: The layouts a book can draw: those of lines between positioned states, and the matrix, whose book
#: (:func:`matrix_book`) is its own.
BOOK_LAYOUTS = ("force", "geo", "circle", MOVING, MATRIX)
#: Room for every set of tie types in a matrix book's run keys (pair * SETS + set).
SETS = 1 << 16


#: What a page whose plot is redrawn frame after frame writes for a state without a label. plotly.js removes
#: a label's text element when its text is empty and does not make it again when a later frame gives it a
#: name: after a step away and back, names went missing. A space keeps the element, and draws nothing.
NO_LABEL = " "


def kept_labels(text: list) -> list:
    """States' labels with :data:`NO_LABEL` for none.

    >>> kept_labels(["Syria", ""])
    ['Syria', ' ']
    """
    return [label or NO_LABEL for label in text]


def has_book(selection: Selection) -> bool:
    """Whether the app draws ``selection``'s steps from a book: not in compare mode, whose steps the server
    sends with their hover text (a video draws compare mode from a book too)."""
    return selection.layout in BOOK_LAYOUTS and selection.compare is None


def hover_from_server(selection: Selection) -> bool:
    """Whether the browser drawing ``selection`` from its book asks the server for the hover text of the
    frame the user stops on: the network's book leaves it out (its states' partners and treaties are most
    of a step's bytes); the matrix's holds it (a few dozen texts, one per set of tie types)."""
    return has_book(selection) and selection.layout != MATRIX


def frame_book(frames: Frames, selection: Selection, size: tuple[int, int]) -> NetworkBook | MatrixBook | None:
    """The book of ``selection``'s network view drawn at ``size`` (width, height in pixels), or None for a
    layout no book draws. The matrix's is the same at every size."""
    if selection.layout not in BOOK_LAYOUTS:
        return None
    return matrix_book(frames, selection) if selection.layout == MATRIX else _book(frames, selection, size)


@functools.lru_cache(maxsize=16)
def _book(frames: Frames, selection: Selection, size: tuple[int, int]) -> NetworkBook:
    layers = network_layers(frames, selection.layout, selection.focus is not None, selection.compare is not None,
                            selection.color)
    area = figure_plot_area(layers, size)
    line_traces = [index for index, layer in enumerate(layers) if layer.pairs is not None]
    drawn = {index: [] for index in line_traces}
    values: dict[tuple[int, str], list] = {}
    names, titles = [], []
    for frame in range(len(frames)):
        view = frame_view(frames, frame, selection)
        canvas = frame_canvas(view, area, hover=False)
        for index, layer in enumerate(layers):
            if layer.pairs is not None:
                drawn[index].append(view.pair_id[layer.pairs(view)])
                arrays = layer.style(view)
            else:
                arrays = layer.arrays(canvas) if layer.arrays is not None else {}
            for path, value in arrays.items():
                values.setdefault((index, path), []).append(value)
        names.append(canvas.names)
        titles.append(frame_title(view))

    runs = {index: _runs(per_frame) for index, per_frame in drawn.items()}
    used = np.unique(np.concatenate([pair for pair, _, _ in runs.values()]))
    slot = np.full(int(frames.by_pair.pair[-1]) + 1 if len(frames.by_pair.pair) else 0, -1, dtype=np.int32)
    slot[used] = np.arange(len(used), dtype=np.int32)
    states = next(index for index, layer in enumerate(layers) if layer.trace.get("name") == "states")
    return NetworkBook(
        labels=frames.labels,
        titles=titles,
        states=states,
        axes=["lon", "lat"] if selection.layout == "geo" else ["x", "y"],
        lines=[LineRuns(index, TypedArray.of(slot[pair]), TypedArray.of(first), TypedArray.of(last))
               for index, (pair, first, last) in runs.items()],
        ends=_line_ends(frames, selection, area, used),
        values=[TraceValues(index, path, _per_frame(per_frame))
                for (index, path), per_frame in values.items() if not _constant(per_frame)],
        names=_per_frame([name.tolist() for name in names]),
    )


def with_kept_labels(book: NetworkBook | MatrixBook) -> NetworkBook | MatrixBook:
    """The book as a page that redraws its plot draws it: its states' labels :func:`kept_labels` (the
    matrix has none)."""
    if isinstance(book, MatrixBook):
        return book
    values = [replace(entry, encoding=replace(entry.encoding, table=kept_labels(entry.encoding.table)))
              if (entry.index, entry.path) == (book.states, "text") and isinstance(entry.encoding, TableCodes)
              else entry for entry in book.values]
    return replace(book, values=values)


def _runs(per_frame: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Runs of consecutive frames in which each pair is drawn, from each frame's pairs: (pair, first, last),
    ordered by pair, then by frame, so that the pairs of any frame come out in ascending order, as a step
    draws them.

    >>> [a.tolist() for a in _runs([np.array([3]), np.array([1, 3]), np.array([3]), np.array([1])])]
    [[1, 1, 3], [1, 3, 0], [1, 3, 2]]
    """
    frame = np.repeat(np.arange(len(per_frame), dtype=np.int32), [len(pairs) for pairs in per_frame])
    pair = np.concatenate(per_frame).astype(np.int64) if per_frame else np.zeros(0, dtype=np.int64)
    order = np.lexsort((frame, pair))
    pair, frame = pair[order], frame[order]
    opens = np.concatenate([[True], (pair[1:] != pair[:-1]) | (frame[1:] != frame[:-1] + 1)])[:len(pair)]
    starts = np.flatnonzero(opens)
    ends = np.concatenate([starts[1:], [len(pair)]])[:len(starts)] - 1
    return pair[starts], frame[starts], frame[ends]


def _line_ends(frames: Frames, selection: Selection, area, used: np.ndarray) -> FixedLineEnds | MovingLineEnds:
    """Per pair drawn (in the order of the runs' slots), its line's points with the NaN that ends it, and
    how many there are per pair; on the moving layout, its two nodes instead (positions change by frame)."""
    ordered = frames.by_pair
    first_tie = np.flatnonzero(np.concatenate([[True], ordered.pair[1:] != ordered.pair[:-1]]))[used]
    src, tgt = frames.network.src[ordered.ties[first_tie]], frames.network.tgt[ordered.ties[first_tie]]
    if selection.layout == MOVING:
        return MovingLineEnds(TypedArray.of(src.astype(np.int32)), TypedArray.of(tgt.astype(np.int32)))
    canvas = frame_canvas(frame_view(frames, 0, selection), area, hover=False)
    points = canvas.lines(src, tgt)
    x, y = points[canvas.xkey], points[canvas.ykey]
    return FixedLineEnds(TypedArray.of(x), TypedArray.of(y), stride=len(x) // max(len(used), 1))


def _constant(per_frame: list) -> bool:
    first = per_frame[0]
    if isinstance(first, np.ndarray):
        return all(np.array_equal(first, value, equal_nan=first.dtype.kind == "f") for value in per_frame[1:])
    return all(value == first for value in per_frame[1:])


def _per_frame(per_frame: list) -> PerFrame:
    """One value's frames, compactly: arrays (one length) as a table of the distinct texts or numbers
    (``levels``) and a code per element, or as float32 rows when there are many distinct numbers; anything
    else as a list of the frames' values.

    >>> _per_frame([["a", "b"], ["b", "b"]])
    TableCodes(table=['a', 'b'], codes=TypedArray(dtype='u1', bdata='AAEBAQ==', shape=None), width=2)
    >>> _per_frame([np.array([0.5, 1.0]), np.array([1.0, 1.0])]).levels
    [0.5, 1.0]
    >>> _per_frame([0.5, 1.0])
    FrameValues(frames=[0.5, 1.0])
    """
    first = per_frame[0]
    if not isinstance(first, (list, np.ndarray)):
        return FrameValues(per_frame)
    rows = np.stack([np.asarray(value) for value in per_frame])
    table, codes = np.unique(rows.ravel(), return_inverse=True)
    numeric = rows.dtype.kind in "fiu"
    width = rows.shape[1]
    if len(table) > 255 and numeric:
        return NumberRows(TypedArray.of(rows.astype(np.float32).ravel()), width)
    code_type = np.uint8 if len(table) <= 256 else np.uint16 if len(table) <= 65536 else np.uint32
    coded = TypedArray.of(codes.astype(code_type))
    if numeric:
        return LevelCodes([float(v) for v in table.astype(np.float32)], coded, width)
    return TableCodes(table.tolist(), coded, width)


@functools.lru_cache(maxsize=16)
def matrix_book(frames: Frames, selection: Selection) -> MatrixBook:
    """The matrix view's book: per pair that is ever drawn, its cell (row, column) and the runs of frames in
    which it holds one set of tie types (pair, set, first, last); per set, the heatmap's colour code and the
    cell's hover text; the cells gained and lost as (frame, pair) events; the row names, the title and the
    focus state's label (or None) of each frame. The matrix's figure has a code per cell per frame (ATOP:
    207 x 207 x 204, 11 MB as the network's book writes values); its runs are a few thousand (ATOP: 7,707
    runs of 27 sets, 7,291 events). Every value is the one
    :func:`~alliance_atlas.figures.matrix.matrix_arrays` computes for that frame."""

    net = frames.network
    order = matrix_order(frames, selection)
    rows = order.row_of(len(net.node_ids))
    set_index: dict[int, int] = {}
    keys, gained, lost, names, titles, focus, codes = [], [], [], [], [], [], {}
    n_pairs = int(frames.by_pair.pair[-1]) + 1 if len(frames.by_pair.pair) else 0
    cells = np.full((n_pairs, 2), -1, dtype=np.int32)
    for frame in range(len(frames)):
        view = frame_view(frames, frame, selection)
        distinct, which = np.unique(view.pair_type_bits, return_inverse=True)
        index = np.array([set_index.setdefault(int(bits), len(set_index)) for bits in distinct], dtype=np.int64)
        sets = index[which]
        numbers, first_of = np.unique(sets, return_index=True)
        for number, code in zip(numbers.tolist(), view.pair_type[first_of].tolist()):
            codes.setdefault(number, code + 1)
        keys.append(view.pair_id.astype(np.int64) * SETS + sets)
        cells[view.pair_id] = np.column_stack([rows[view.pair_src], rows[view.pair_tgt]])
        gained.append(view.pair_id[view.pair_gained])
        lost.append(view.pair_id[view.pair_lost])
        names.append(row_names(net.node_names(view.date)[order.nodes], net.node_ids[order.nodes]))
        titles.append(frame_title(view))
        focus.append(focus_label(frames, frame, selection))
    key, first, last = _runs(keys)
    masks = np.array(list(set_index), dtype=np.int64)
    return MatrixBook(
        labels=frames.labels,
        titles=titles,
        focus=focus if any(focus) else None,
        traces=[HEATMAP, GAINED, LOST],
        rows=len(order.nodes),
        runs=MatrixRuns(TypedArray.of((key // SETS).astype(np.int32)), TypedArray.of((key % SETS).astype(np.int32)),
                        TypedArray.of(first), TypedArray.of(last)),
        cells=TypedArray.of(cells.ravel()),
        codes=[codes[number] for number in range(len(masks))],
        text=type_lists(net, masks).tolist(),
        gained=_events(gained),
        lost=_events(lost),
        names=_per_frame(names),
        ids=net.node_ids[order.nodes].tolist(),
    )


def _events(per_frame: list[np.ndarray]) -> PairEvents:
    """Each frame's pairs, as one array of pairs and where each frame's begin (``start[f]`` to ``start[f + 1]``)."""
    counts = np.array([len(pairs) for pairs in per_frame], dtype=np.int32)
    pairs = np.concatenate(per_frame).astype(np.int32) if per_frame else np.zeros(0, dtype=np.int32)
    return PairEvents(TypedArray.of(pairs), TypedArray.of(np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)))

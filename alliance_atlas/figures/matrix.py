"""The matrix view: states on both axes, each cell coloured by the pair's strongest tie type.

The picture for dense networks (ATOP's 4,228 allied pairs in 2018), where lines pile up. Rows are
every state with a tie in the data under the selection's filters, in an order that never changes with
the frame: by region, then by the bloc each state belongs to most often over the span, then by years
allied. The figure is a fixed list of traces, like the network's, so a slider step patches only
their arrays: the heatmap's type codes (a typed uint8 matrix), its hover labels, the names of the
frame's date, and the outlines of the cells gained and lost.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from alliance_atlas.blocs import blocs
from alliance_atlas.countries import REGIONS
from alliance_atlas.figures.style import (
    FONT,
    GAINED_EDGE_COLOR,
    change_names,
    focus_name,
    frame_title,
    source_annotation,
    type_label,
    type_lists,
    type_style,
)
from alliance_atlas.frames import Frames
from alliance_atlas.pairs import type_bits
from alliance_atlas.selection import Selection
from alliance_atlas.views import FrameView, frame_view

EMPTY_COLOR = "#FFFFFF"
SEPARATOR_COLOR = "#9E9E9E"
#: Height in pixels the matrix gets on the smallest supported screen (1366x768): sizes the outline
#: markers to a cell and decides whether every state's name fits beside its row.
MATRIX_PIXELS = 560
#: Below this many pixels per row, rows are labelled by region only (hover names every cell).
NAMED_ROW_PIXELS = 8
#: The type size of the names beside rows too thin to name each, and the most room they take at the right.
THIN_ROW_FONT = 8
NAMES_MARGIN = 110
#: Room for the legend ("Strongest tie") at the right of a matrix whose rows are named there.
LEGEND_WIDTH = 150
HEATMAP, GAINED, LOST = 0, 1, 2
#: The name of the annotation that writes the focus state's name at the end of its row.
FOCUS_LABEL = "focus"


@dataclass(frozen=True)
class MatrixOrder:
    """The rows (and columns) of the matrix: node indices in drawing order, and each region's block."""

    nodes: np.ndarray
    regions: tuple[tuple[str, int, int], ...]  # region, first row, row after its last

    def row_of(self, n_nodes: int) -> np.ndarray:
        """Row of each node index; -1 for a node not drawn."""
        rows = np.full(n_nodes, -1, dtype=np.int64)
        rows[self.nodes] = np.arange(len(self.nodes))
        return rows


def matrix_order(frames: Frames, selection: Selection = Selection()) -> MatrixOrder:
    """The rows for ``selection``'s filters (its focus, date and layout leave them as they are, so the
    order is the same in every frame and a focus never reshuffles the matrix).

    >>> from alliance_atlas.model import TemporalNetwork
    >>> edges = pd.DataFrame({"source": ["FRA", "FRA", "USA", "CHN"], "target": ["DEU", "USA", "CAN", "PRK"],
    ...     "type": ["defense"] * 4, "start": pd.to_datetime(["1950", "1949", "1949", "1961"]), "end": [None] * 4})
    >>> years = Frames(TemporalNetwork(edges, name="demo"), "year")
    >>> order = matrix_order(years)
    >>> years.network.node_ids[order.nodes].tolist()
    ['USA', 'CAN', 'FRA', 'DEU', 'CHN', 'PRK']
    >>> order.regions
    (('Americas', 0, 2), ('Europe', 2, 4), ('Asia', 4, 6))
    """
    return _matrix_order(frames, selection.filters())


@functools.lru_cache(maxsize=16)
def _matrix_order(frames: Frames, filters: Selection) -> MatrixOrder:
    net = frames.network
    n_nodes = len(net.node_ids)
    mask = filters.tie_mask(net)
    kept = np.arange(len(net)) if mask is None else np.flatnonzero(mask)
    has_tie = np.zeros(n_nodes, dtype=bool)
    has_tie[net.src[kept]] = has_tie[net.tgt[kept]] = True

    region_rank = net.nodes["region"].map({r: i for i, r in enumerate(REGIONS)}).fillna(len(REGIONS)).to_numpy()
    members = blocs(frames, filters).members
    # each state's bloc is the one it sat in most frames; blocs that lasted longest come first
    usual = members.groupby(["node", "bloc"]).size().reset_index(name="frames").sort_values(
        ["node", "frames", "bloc"], ascending=[True, False, True]).drop_duplicates("node")
    lasting = members.groupby("bloc").size().sort_values(ascending=False, kind="stable")
    bloc_rank = np.full(n_nodes, len(lasting), dtype=np.int64)
    bloc_rank[usual["node"].to_numpy()] = pd.Series(np.arange(len(lasting)), index=lasting.index)[usual["bloc"]].to_numpy()

    years = _years_allied(frames, filters, kept)
    shown = np.flatnonzero(has_tie)
    order = shown[np.lexsort((net.node_ids[shown], -years[shown], bloc_rank[shown], region_rank[shown]))]
    regions = net.nodes["region"].to_numpy()[order]
    starts = np.flatnonzero(np.concatenate([[True], regions[1:] != regions[:-1]])) if len(order) else np.array([], int)
    ends = np.append(starts[1:], len(order))
    return MatrixOrder(order, tuple((str(regions[a]), int(a), int(b)) for a, b in zip(starts, ends)))


def _years_allied(frames: Frames, filters: Selection, kept: np.ndarray) -> np.ndarray:
    """Per node, the frames it was allied with each partner, summed over partners (a pair's several
    treaties in one frame count once)."""
    net = frames.network
    ally_bits, _, _ = type_bits(net, filters)
    is_ally = (net.type_bit[kept] & ally_bits) != 0
    ties = kept[is_ally]
    first, last = frames.first_frame[ties].astype(np.int64), frames.last_frame[ties].astype(np.int64)
    lengths = last - first + 1
    n_nodes, n_frames = len(net.node_ids), len(frames)
    pair = np.repeat(net.src[ties].astype(np.int64) * n_nodes + net.tgt[ties], lengths)
    offset = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    pair_frames = np.unique(pair * n_frames + np.repeat(first, lengths) + offset) // n_frames
    return np.bincount(pair_frames // n_nodes, minlength=n_nodes) + np.bincount(pair_frames % n_nodes, minlength=n_nodes)


def matrix_arrays(view: FrameView) -> dict[int, dict]:
    """The frame-dependent data of each trace of the matrix figure, by trace index (the contract of
    :func:`~alliance_atlas.figures.network.network_arrays`): the heatmap's type codes, hover labels
    and row names, and the cells gained and lost. Numpy throughout; the only loops are over the few
    distinct sets of types the frame's pairs have and over the rows (to cut each row's labels), never
    over ties or cells."""
    net = view.frames.network
    order = matrix_order(view.frames, view.selection)
    rows = order.row_of(len(net.node_ids))
    size = len(order.nodes)
    # every pair drawn has a row: rows are the states with a tie the filters keep
    a, b = rows[view.pair_src], rows[view.pair_tgt]
    codes = np.zeros((size, size), dtype=np.uint8)
    codes[a, b] = codes[b, a] = view.pair_type + 1
    sets = np.zeros((size, size), dtype=np.int64)
    sets[a, b] = sets[b, a] = view.pair_type_bits

    names = row_names(net.node_names(view.date)[order.nodes], net.node_ids[order.nodes])
    return {
        HEATMAP: {"z": codes, "text": _hover_rows(type_lists(net, sets)), "x": names, "y": names},
        GAINED: _cells(a[view.pair_gained], b[view.pair_gained], names, net.node_ids[order.nodes]),
        LOST: _cells(a[view.pair_lost], b[view.pair_lost], names, net.node_ids[order.nodes]),
    }


def _hover_rows(text: np.ndarray) -> list[list[str]]:
    """Each row's hover labels up to its last tie: the rest are empty, and plotly shows its fallback
    (nothing) past a row's end, so a sparse frame sends a fraction of the 207x207 labels."""
    ends = ((text != "") * np.arange(1, text.shape[1] + 1)).max(axis=1, initial=0)
    return [row[:end] for row, end in zip(text.tolist(), ends.tolist())]


def row_names(names: np.ndarray, node_ids: np.ndarray) -> list[str]:
    """Row names on the frame's date; a name two states share there gets its id, as rows are
    categories and two rows of one name would merge."""
    shared = pd.Series(names).duplicated(keep=False).to_numpy()
    return np.where(shared, names.astype(object) + " (" + node_ids.astype(object) + ")", names).tolist()


def _cells(a: np.ndarray, b: np.ndarray, names: list[str], node_ids: np.ndarray) -> dict:
    """Both cells of each pair (a, b): names for the category axes, the row's state for a click."""
    rows, cols = np.concatenate([a, b]), np.concatenate([b, a])
    named = np.array(names, dtype=object)
    return {"x": named[cols].tolist(), "y": named[rows].tolist(), "customdata": node_ids[rows].tolist()}


def cell_colors(net) -> list[str]:
    """The colour of each of the heatmap's codes: empty, then each tie type's."""
    return [EMPTY_COLOR] + [type_style(kind)[0] for kind in net.types]


def matrix_figure(frames: Frames, frame: int, selection: Selection = Selection()) -> go.Figure:
    """The matrix at ``frame``: one row and one column per state, cells coloured by the pair's strongest
    tie type, the frame's gains and losses outlined, the focus state's row and column marked."""

    view = frame_view(frames, frame, selection)
    net = frames.network
    order = matrix_order(frames, selection)
    size = len(order.nodes)
    cell = _cell_pixels(order)
    gained_name, lost_name, lost_color = change_names(frames, view.compared is not None)
    colors = cell_colors(net)
    scale = [[edge / len(colors), color] for i, color in enumerate(colors) for edge in (i, i + 1)]
    arrays = matrix_arrays(view)
    # an open symbol is stroked in marker.color, with marker.line.width
    outline = {"mode": "markers", "hoverinfo": "skip", "cliponaxis": False,
               "marker": {"symbol": "square-open", "size": float(np.clip(cell, 3, 14)), "line": {"width": 1}}}
    named_rows = _named_rows(order)
    font_size = float(np.clip(cell - 2, 6, 11))
    # column names stand at -60 degrees above the matrix: room for the longest under the title
    label_height = 0.87 * 0.6 * font_size * max((len(name) for name in arrays[HEATMAP]["x"]), default=0)
    # nested lists of 207x207 strings go through plotly's validation one by one; object arrays are taken as they are
    text = np.empty(size, dtype=object)  # rows of unequal length, so not a 2-D array
    text[:] = arrays[HEATMAP]["text"]
    heatmap = {**arrays[HEATMAP], "text": text}
    traces = [
        go.Heatmap(heatmap, colorscale=scale, zmin=-0.5, zmax=len(net.types) + 0.5, showscale=False,
                   customdata=np.repeat(net.node_ids[order.nodes].astype(object)[:, None], size, axis=1),
                   hovertemplate="<b>%{y} – %{x}</b><br>%{text}<extra></extra>", hovertemplatefallback="",
                   name="ties", showlegend=False),
        go.Scatter(arrays[GAINED], name=gained_name, **outline).update(marker_color=GAINED_EDGE_COLOR),
        go.Scatter(arrays[LOST], name=lost_name, **outline).update(marker_color=lost_color),
    ]
    # legend keys: the heatmap itself has no legend, only a colour scale that cannot name discrete types
    traces += [go.Scatter(x=[None], y=[None], mode="markers", name=type_label(kind), legendgroup="types",
                          marker={"symbol": "square", "size": 11, "color": type_style(kind)[0]})
               for kind in net.types]
    figure = go.Figure(traces)
    axis = {"type": "category", "showgrid": False, "zeroline": False, "ticks": "", "fixedrange": False,
            "showticklabels": named_rows, "tickfont": {"size": font_size}}
    # rows too thin for every name (ATOP's 207) are named at the right, as many as fit without overlapping
    # (plotly names every n-th category, more as the user zooms in); the regions name the blocks at the left,
    # and a hover names the pair and marks its row and column (assets/atlas/canvas.js)
    rows = axis if named_rows else {**axis, "showticklabels": True, "side": "right", "tickfont": {"size": THIN_ROW_FONT}}
    names_width = 0 if named_rows else min(NAMES_MARGIN, 0.55 * THIN_ROW_FONT * max(map(len, arrays[HEATMAP]["y"]), default=0))
    figure.update_layout(
        # the title keeps to the top edge: the square plot sits lower, its column names above it
        title={"text": frame_title(view), "x": 0.01, "xanchor": "left", "font": {"size": 17},
               "yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 14}},
        font={"family": FONT, "size": 12},
        margin={"l": 10 if named_rows else 90, "r": 10 + (names_width + LEGEND_WIDTH if names_width else 0),
                "t": 50 + (label_height if named_rows else 0), "b": 40},
        paper_bgcolor="white",
        plot_bgcolor="white",
        xaxis={**axis, "side": "top", "tickangle": -60, "constrain": "domain"},
        yaxis={**rows, "autorange": "reversed", "scaleanchor": "x", "scaleratio": 1, "constrain": "domain"},
        # at the figure's right edge, clear of the names beside the rows
        legend={"title": {"text": "Strongest tie"}, "itemsizing": "constant", "bgcolor": "rgba(255,255,255,0.85)",
                **({} if named_rows else {"xref": "container", "x": 1, "xanchor": "right"})},
        hoverlabel={"align": "left", "bgcolor": "white", "font": {"size": 12}},
        uirevision=f"{net.name}|matrix",
        meta={"frame": frames.labels[frame]},
        shapes=_region_lines(order) + _focus_marks(order, net, selection),
        annotations=matrix_annotations(frames, frame, selection),
    )
    return figure


def _region_lines(order: MatrixOrder) -> list[dict]:
    """Thin lines between region blocks, across and down."""
    end = len(order.nodes) - 0.5
    line = {"type": "line", "xref": "x", "yref": "y", "line": {"color": SEPARATOR_COLOR, "width": 0.8}, "layer": "above"}
    return [shape for _, first, _ in order.regions[1:]
            for shape in ({**line, "x0": -0.5, "x1": end, "y0": first - 0.5, "y1": first - 0.5},
                          {**line, "x0": first - 0.5, "x1": first - 0.5, "y0": -0.5, "y1": end})]


def _cell_pixels(order: MatrixOrder) -> float:
    """A cell's side in pixels on the smallest supported screen."""
    return MATRIX_PIXELS / max(len(order.nodes), 1)


def _named_rows(order: MatrixOrder) -> bool:
    """Whether every row is named beside it (else regions are)."""
    return _cell_pixels(order) >= NAMED_ROW_PIXELS


def matrix_annotations(frames: Frames, frame: int, selection: Selection) -> list[dict]:
    """The notes on the matrix at ``frame``: its source, each region's name where the rows are too thin to
    carry every state's, and the focus state's name, as of the frame's date, at the end of its row (the
    Soviet Union's row reads Russia from 1992): a step sends them with its arrays."""
    order = matrix_order(frames, selection)
    focus = _focus_label(order, frames, frame, selection)
    regions = [] if _named_rows(order) else _region_labels(order)
    if focus and regions:  # a region's name that would stand where the focus's does gives way to it
        regions = [note for note in regions if abs(note["y"] - focus[0]["y"]) * _cell_pixels(order) > 14]
    return [source_annotation(frames, 6), *regions, *focus]


def _region_labels(order: MatrixOrder) -> list[dict]:
    """Each region's name beside its block of rows (the rows are too thin for every state's name)."""
    return [{"text": region, "xref": "x", "yref": "y", "x": -0.5, "y": (first + last - 1) / 2, "xanchor": "right",
             "xshift": -4, "showarrow": False, "font": {"size": 11, "color": "#444"}}
            for region, first, last in order.regions]


def focus_label(frames: Frames, frame: int, selection: Selection) -> str | None:
    """The text beside the focus state's row: its name as of the frame's date, pointing at the row from its
    end, or from its start where the rows' names stand at the right; None without a focus row."""
    name = focus_name(frames, selection, frame)
    order = matrix_order(frames, selection)
    if name is None or _focus_row(order, frames.network, selection) is None:
        return None
    return f"◀ {name}" if _named_rows(order) else f"{name} ▶"


def _focus_label(order: MatrixOrder, frames: Frames, frame: int, selection: Selection) -> list[dict]:
    """The focus state's name at the end of its row, since rows are too thin to carry every name."""
    if (text := focus_label(frames, frame, selection)) is None:
        return []
    # at the row's end, or, where the rows are named at the right, at its start, beside the regions' names
    at_end = _named_rows(order)
    return [{"name": FOCUS_LABEL, "text": text, "xref": "x", "yref": "y",
             "x": len(order.nodes) - 0.5 if at_end else -0.5, "y": _focus_row(order, frames.network, selection),
             "xanchor": "left" if at_end else "right", "xshift": 3 if at_end else -4, "showarrow": False,
             "font": {"size": 11, "color": "#111"}}]


def _focus_row(order: MatrixOrder, net, selection: Selection) -> int | None:
    """The focus state's row; None without a focus or when the filters leave it no row."""
    if selection.focus is None or selection.focus not in net.node_ids:
        return None
    row = int(order.row_of(len(net.node_ids))[net.node_index(selection.focus)])
    return row if row >= 0 else None


def _focus_marks(order: MatrixOrder, net, selection: Selection) -> list[dict]:
    """The focus state's row and column, outlined (a shade would read as a tie type's colour); every
    other row stays."""
    if (row := _focus_row(order, net, selection)) is None:
        return []
    end = len(order.nodes) - 0.5
    band = {"type": "rect", "xref": "x", "yref": "y", "layer": "above", "line": {"color": "#111", "width": 1.5}}
    return [{**band, "x0": -0.5, "x1": end, "y0": row - 0.5, "y1": row + 0.5},
            {**band, "x0": row - 0.5, "x1": row + 0.5, "y0": -0.5, "y1": end}]

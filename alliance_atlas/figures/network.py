"""The network figure: (frames, frame, selection) -> plotly Figure, and the arrays a slider step changes.

The figure is a fixed list of :class:`Layer` s whatever the frame (context ties, the "gained" halo,
one layer per tie type, "lost" ties, nodes, then legend-only region keys). Each layer declares its
trace's look and how to compute its frame arrays, side by side, so :func:`network_arrays` (a step)
and :func:`network_figure` (the whole figure) index the traces the same way by construction.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from alliance_atlas.blocs import Blocs, blocs
from alliance_atlas.countries import REGIONS
from alliance_atlas.figures.frame_contract import FrameUpdate, TypedArray
from alliance_atlas.figures.matrix import matrix_annotations, matrix_arrays, matrix_figure
from alliance_atlas.figures.plot_area import DEFAULT_SIZE, PlotArea
from alliance_atlas.figures.style import (
    BLOC_COLORS,
    CONTEXT_COLOR,
    FONT,
    GAINED_COLOR,
    MORE_BLOCS_COLOR,
    NO_BLOC_COLOR,
    REGION_COLORS,
    change_names,
    frame_title,
    source_annotation,
    type_label,
    type_lists,
    type_style,
)
from alliance_atlas.frames import Frames
from alliance_atlas.labels import place_labels
from alliance_atlas.layout import MOVING, bundled_lines, frame_positions, positions
from alliance_atlas.relations import hostile_noun, hostile_only, plural_of
from alliance_atlas.selection import Selection
from alliance_atlas.views import FrameView, frame_view


@dataclass(frozen=True)
class Canvas:
    """What every layer of one frame draws with: node positions, names on the frame's date, axis keys,
    the plot area the figure is drawn in (labels are placed for it), and whether lines are bundled by
    region (the circle layout)."""

    view: FrameView
    xy: np.ndarray
    names: np.ndarray
    xkey: str
    ykey: str
    area: PlotArea
    bundled: bool = False
    hover: bool = True  # whether the states' hover text is written (a frame book leaves it to the server)

    def lines(self, src: np.ndarray, tgt: np.ndarray) -> dict:
        """Line coordinates between the nodes ``src[i]`` and ``tgt[i]``, as float32 with a NaN after each
        (plotly.js draws NaN as a gap): a straight a, b, or a curve through the regions' anchors when bundled."""
        if self.bundled:
            x, y = bundled_lines(self.view.frames.network, src, tgt)
            return {self.xkey: x, self.ykey: y}
        gap = np.full(len(src), np.nan, dtype=np.float32)
        x = np.column_stack([self.xy[src, 0], self.xy[tgt, 0], gap]).ravel()
        y = np.column_stack([self.xy[src, 1], self.xy[tgt, 1], gap]).ravel()
        return {self.xkey: x.astype(np.float32), self.ykey: y.astype(np.float32)}


@dataclass(frozen=True)
class Layer:
    """One trace: its fixed look, and (for traces that change with time) its arrays for a frame. A trace of
    lines also says which of the frame's pairs it draws (``pairs``) and its frame's style apart from its
    coordinates (``style``), which a frame book sends without the coordinates."""

    trace: dict
    arrays: Callable[[Canvas], dict] | None = None
    pairs: Callable[[FrameView], np.ndarray] | None = None
    style: Callable[[FrameView], dict] | None = None


def _line_layer(trace: dict, pairs: Callable[[FrameView], np.ndarray], fades: bool = False) -> Layer:
    """A trace of lines between the pairs chosen by ``pairs``; one that ``fades`` grows thinner and
    fainter as the frame draws more pairs, so dense years stay readable."""
    def style(view: FrameView) -> dict:
        if not fades:
            return {}
        density = edge_density(len(view.pair_src))
        width = round(trace["line"]["width"] * max(density, 0.5), 3)
        # plotly stores a whole width as an int; the step patch sends the same
        return {"opacity": density, "line.width": int(width) if width.is_integer() else width}

    def arrays(canvas: Canvas) -> dict:
        chosen = pairs(canvas.view)
        return {**canvas.lines(canvas.view.pair_src[chosen], canvas.view.pair_tgt[chosen]), **style(canvas.view)}

    return Layer({"mode": "lines", "hoverinfo": "skip", **trace}, arrays, pairs, style)


def edge_density(pairs: int) -> float:
    """Opacity of ordinary lines for a frame drawing ``pairs`` lines: 1 up to 150, falling to 0.35 (the
    legend shows the trace's opacity too, so it stays legible).

    >>> edge_density(40), edge_density(600), edge_density(4228)
    (1.0, 0.5, 0.35)
    """
    return float(np.clip(np.sqrt(150 / max(pairs, 1)), 0.35, 1.0))


#: Font size of the states' names on the plot (their boxes are estimated from it).
LABEL_FONT_SIZE = 11

#: Legend keys for the largest blocs of a frame (their names and colours change with the frame).
BLOC_KEYS = 8
#: A typical bloc key's length ("United States bloc (57)" to "United States bloc (Americas) (36)"), for the
#: legend's width, which the plot area depends on (the keys themselves change with the frame).
BLOC_KEY_CHARS = 30


@functools.lru_cache(maxsize=32)
def network_layers(frames: Frames, layout: str, focused: bool, comparing: bool = False,
                   color: str = "region") -> tuple[Layer, ...]:
    """The traces of the network figure, in drawing order, for a layout with or without a focus
    country, in compare mode or not, coloured by region or bloc; built once, since a slider step needs
    only their array functions."""
    gained_name, lost_name, lost_color = change_names(frames, comparing)
    net = frames.network

    def steady(v: FrameView) -> np.ndarray:
        return v.pair_in_focus & ~v.pair_lost

    layers = [
        _line_layer({"name": "other ties", "line": {"color": CONTEXT_COLOR, "width": 1},
                     "showlegend": focused}, lambda v: ~v.pair_in_focus & ~v.pair_lost),
        _line_layer({"name": gained_name, "line": {"color": GAINED_COLOR, "width": 9}},
                    lambda v: steady(v) & v.pair_gained),
    ]
    for code, kind in enumerate(net.types):
        line_color, dash = type_style(kind)
        layers.append(_line_layer(
            {"name": type_label(kind), "legendgroup": kind,
             "line": {"color": line_color, "dash": dash, "width": 1.2 if kind == "diplomatic" else 2}},
            lambda v, code=code: steady(v) & (v.pair_type == code), fades=True))
    layers.append(_line_layer({"name": lost_name, "opacity": 0.9,
                               "line": {"color": lost_color, "dash": "dot", "width": 3.5}}, lambda v: v.pair_lost))
    axes = ("lon", "lat") if layout == "geo" else ("x", "y")
    by_bloc = color == "bloc"
    node_arrays = _bloc_node_arrays if by_bloc else _node_arrays
    nodes = {"name": "states", "mode": "markers+text", "showlegend": False, "customdata": net.node_ids.tolist(),
             "marker": {"color": net.nodes["region"].map(REGION_COLORS).fillna(REGION_COLORS["Unknown"]).tolist(),
                        "line": {"color": "#fff", "width": 0.8}},
             # a halo keeps a name legible where it crosses lines or a smaller state's marker
             "textposition": "top center", "textfont": {"size": LABEL_FONT_SIZE, "color": "#222", "shadow": "auto"},
             "hoverinfo": "text"}
    if layout == MOVING:
        # positions change with the frame, so each step sends them; stable layouts' steps need not
        layers.append(Layer(nodes, lambda canvas: {**node_arrays(canvas), "x": canvas.xy[:, 0].astype(np.float32),
                                                   "y": canvas.xy[:, 1].astype(np.float32)}))
    else:
        xy = positions(net, layout)
        layers.append(Layer({**nodes, axes[0]: xy["x"].to_numpy(), axes[1]: xy["y"].to_numpy()}, node_arrays))
    key = {"mode": "markers", "hoverinfo": "skip", axes[0]: [None], axes[1]: [None]}
    if by_bloc:
        layers += [Layer({**key, "legendgroup": "blocs", "legendgrouptitle": {"text": "Bloc"},
                          "marker": {"size": 10, "line": {"color": "#333", "width": 0.6}}},
                         functools.partial(_bloc_key, rank=rank)) for rank in range(BLOC_KEYS)]
        return tuple(layers)
    for region in [r for r in (*REGIONS, "Unknown") if r in set(net.nodes["region"])]:
        layers.append(Layer(
            {**key, "name": region, "legendgroup": "regions", "legendgrouptitle": {"text": "Region"},
             "marker": {"color": REGION_COLORS[region], "size": 10, "line": {"color": "#333", "width": 0.6}}}))
    return tuple(layers)


def _frame_blocs(canvas: Canvas) -> tuple[np.ndarray, list[int]]:
    """Each node's bloc in the canvas's frame, and the frame's blocs, largest first."""
    view = canvas.view
    of_frame = blocs(view.frames, view.selection).of_frame(view.frame)
    ids, sizes = np.unique(of_frame[of_frame >= 0], return_counts=True)
    return of_frame, [int(i) for i in ids[np.argsort(-sizes, kind="stable")]]


def bloc_color(found: Blocs, bloc: int) -> str:
    """A bloc's colour: its palette slot (blocs alive at once get different slots), a dark grey for a
    bloc born while the palette was in use, light grey for no bloc."""
    if bloc < 0:
        return NO_BLOC_COLOR
    slot = found.colors[bloc]
    return BLOC_COLORS[slot] if 0 <= slot < len(BLOC_COLORS) else MORE_BLOCS_COLOR


def _bloc_node_arrays(canvas: Canvas) -> dict:
    of_frame, _ = _frame_blocs(canvas)
    found = blocs(canvas.view.frames, canvas.view.selection)
    return {**_node_arrays(canvas), "marker.color": [bloc_color(found, b) for b in of_frame.tolist()]}


def _bloc_key(canvas: Canvas, rank: int) -> dict:
    """The legend key of the frame's ``rank``-th largest bloc (hidden when the frame has fewer)."""
    of_frame, ranked = _frame_blocs(canvas)
    if rank >= len(ranked):
        return {"name": "", "visible": False, "marker.color": NO_BLOC_COLOR}
    bloc = ranked[rank]
    found = blocs(canvas.view.frames, canvas.view.selection)
    return {"name": f"{found.named(canvas.view.selection)[bloc]} ({int((of_frame == bloc).sum())})", "visible": True,
            "marker.color": bloc_color(found, bloc)}


#: Marker opacity of states outside the focus's neighbourhood: faint enough for a label to be written over.
OUT_OF_FOCUS_OPACITY = 0.2
#: The smallest marker diameter (px), even where states sit closer than that.
MIN_MARKER = 4.0


def _node_arrays(canvas: Canvas) -> dict:
    view = canvas.view
    degree = view.node_allies + view.node_partners + view.node_rivals
    dim = OUT_OF_FOCUS_OPACITY if view.selection.focus is not None else 1.0
    pixels = canvas.area.pixels(canvas.xy, view.selection.layout)
    # by the square root of ties, but never so large as to cover a neighbour's centre
    size = np.minimum((7 + 4 * np.sqrt(degree)) * np.where(degree > 0, 1, 0.6),
                      np.maximum(marker_caps(pixels), MIN_MARKER)).astype(np.float32)
    opacity = np.where(view.node_in_focus, np.where(degree > 0, 0.95, 0.35), dim).astype(np.float32)
    sides = _label_sides(canvas, pixels, degree, np.where(opacity > OUT_OF_FOCUS_OPACITY, size, 0))
    return {
        "marker.size": size,
        "marker.opacity": opacity,
        "text": np.where(sides != "", canvas.names, "").tolist(),
        "textposition": np.where(sides != "", sides, "top center").tolist(),
    } | ({"hovertext": node_hover(view, canvas.names).tolist()} if canvas.hover else {})


def node_hover(view: FrameView, names: np.ndarray, limit: int = 8) -> np.ndarray:
    """Name, counts and the first ``limit`` partners of each node, by their strongest type then by name,
    each with its types (strongest first) and the label of its strongest tie.

    Labels are left out when every tie of the dataset has the same one (ATOP, COW), since they would
    say nothing. The work is on pairs, not ties, and the joins are numpy reductions over text.
    """
    net = view.frames.network
    n_pairs, n_nodes = len(view.pair_src), len(net.node_ids)
    node = np.concatenate([view.pair_src, view.pair_tgt])
    partner = np.concatenate([view.pair_tgt, view.pair_src])
    alphabetical = np.argsort(np.argsort(names.astype(str)))
    # one composite key (node, strongest type, partner's name) sorts faster than a lexsort of three
    order = np.argsort((node.astype(np.int64) * len(net.types) + np.tile(view.pair_type, 2)) * n_nodes
                       + alphabetical[partner])
    node, partner, pair = node[order], partner[order], np.tile(np.arange(n_pairs), 2)[order]
    keep = np.arange(len(node)) - np.searchsorted(node, node, side="left") < limit
    node, partner, pair = node[keep], partner[keep], pair[keep]
    items = names.astype(object)[partner] + " · " + type_lists(net, view.pair_type_bits[pair])
    if net.labels_differ:
        labels = net.edges["label"].to_numpy(dtype=object)[view.pair_tie[pair]]
        items = items + np.array([f" · {label[:50]}…" if len(label) > 50 else f" · {label}" if label else ""
                                  for label in labels], dtype=object)
    listed = np.full(n_nodes, "", dtype=object)
    listed_nodes, listed[listed_nodes] = _joined_runs(items, node, "<br>")
    totals = np.bincount(np.concatenate([view.pair_src, view.pair_tgt]), minlength=n_nodes)
    more = np.where(totals > limit, np.char.add(np.char.add("<br>… ", (totals - limit).astype(str)), " more"), "")
    if hostile_only(net):  # a file of disputes: no allies to count
        noun = hostile_noun(net.types)
        counts = _counted(view.node_rivals, noun, plural_of(noun))
    else:
        counts = (_counted(view.node_allies, "ally", "allies")
                  + _counted(view.node_partners, "partner", "partners", ", ")
                  + _counted(view.node_rivals, "rival", "rivals", ", "))
    header = "<b>" + names.astype(object) + "</b><br>" + counts
    return np.where(listed != "", header + "<br>" + listed + more.astype(object), header)


def _joined_runs(text: np.ndarray, group: np.ndarray, separator: str) -> tuple[np.ndarray, np.ndarray]:
    """Consecutive items of ``text`` (objects) in the same ``group`` joined with ``separator``: each run's
    group and its text.

    >>> _joined_runs(np.array(["a", "b", "c"], dtype=object), np.array([4, 4, 7]), ", ")
    (array([4, 7]), array(['a, b', 'c'], dtype=object))
    """
    if not len(text):
        return group[:0], text[:0]
    opens = np.concatenate([[True], group[1:] != group[:-1]])
    return group[opens], np.add.reduceat(np.where(opens, text, separator + text), np.flatnonzero(opens))


def _counted(counts: np.ndarray, one: str, many: str, separator: str = "") -> np.ndarray:
    """"3 allies", "1 partner" per node; empty where a later count is zero (allies are always said)."""
    text = counts.astype(str).astype(object) + " " + np.where(counts == 1, one, many).astype(object)
    return np.where((counts > 0) | (separator == ""), separator + text, "").astype(object)


def marker_caps(pixels: np.ndarray) -> np.ndarray:
    """The largest marker diameter (px) each node may have so that it never covers another node's centre
    as drawn: a little under twice the distance to its nearest neighbour (nodes without a position get
    no cap).

    >>> marker_caps(np.array([[0.0, 0.0], [10.0, 0.0], [50.0, 0.0], [np.nan, np.nan]])).round(1).tolist()
    [18.0, 18.0, 72.0, inf]
    """
    xy = pixels.astype(np.float32)
    distance = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=-1))
    np.fill_diagonal(distance, np.inf)
    return 1.8 * np.fmin.reduce(distance, axis=1, initial=np.inf)


def _label_sides(canvas: Canvas, pixels: np.ndarray, degree: np.ndarray, diameters: np.ndarray) -> np.ndarray:
    """Each node's label side ("" for none; the rest are on hover): every state with ties (only the focus's
    neighbourhood under a focus) asks for a label, the focus first, then states that gained or lost a pair
    this frame, then by number of ties; those that fit without overlap get one."""
    view = canvas.view
    wanted = degree > 0
    if view.selection.focus is not None and not view.node_in_focus.all():
        wanted &= view.node_in_focus
    changed_pairs = view.pair_gained | view.pair_lost
    changed = np.bincount(np.concatenate([view.pair_src[changed_pairs], view.pair_tgt[changed_pairs]]),
                          minlength=len(degree)) > 0
    is_focus = view.frames.network.node_ids == view.selection.focus
    order = np.lexsort((-degree, ~changed, ~is_focus))
    order = order[wanted[order]]
    return place_labels(pixels, diameters, canvas.names, order, (canvas.area.width, canvas.area.height),
                        LABEL_FONT_SIZE)


def network_arrays(view: FrameView, size: tuple[int, int] = DEFAULT_SIZE) -> dict[int, dict]:
    """The frame-dependent data of each trace of the network figure drawn at ``size`` (width, height in
    pixels), by trace index.

    Keys are plotly attribute paths (``"x"``, ``"marker.size"``); values are numpy arrays or lists.
    """
    if view.selection.layout == "matrix":
        return matrix_arrays(view)
    layers = network_layers(view.frames, view.selection.layout, view.selection.focus is not None,
                            view.compared is not None, view.selection.color)
    canvas = frame_canvas(view, figure_plot_area(layers, size))
    return {index: layer.arrays(canvas) for index, layer in enumerate(layers) if layer.arrays is not None}


def frame_update(view: FrameView, size: tuple[int, int] = DEFAULT_SIZE) -> FrameUpdate:
    """What a step to ``view``'s frame changes in the network figure drawn at ``size``: per trace index its
    attribute paths and values (arrays as typed-array specs), the title, the frame's label and the
    annotations that change with it (:func:`frame_notes`). The app sends it as a Dash patch; a video's
    pages apply it to the plot they hold."""
    return FrameUpdate(
        data={index: {path: TypedArray.of(value) if isinstance(value, np.ndarray) else value
                      for path, value in arrays.items()}
              for index, arrays in network_arrays(view, size).items()},
        title=frame_title(view),
        frame=view.frames.labels[view.frame],
        **frame_notes(view),
    )


def frame_notes(view: FrameView) -> dict:
    """The figure's annotations where they change with the frame (the matrix's focus label names the state
    as of the frame's date), as a layout update; nothing where they do not."""
    if view.selection.layout == "matrix":
        return {"annotations": matrix_annotations(view.frames, view.frame, view.selection)}
    return {}


def figure_plot_area(layers: tuple[Layer, ...], size: tuple[int, int]) -> PlotArea:
    """The plot area of the figure at ``size``: what its margins and its legend's longest entry leave."""
    legend = [BLOC_KEY_CHARS if layer.trace.get("legendgroup") == "blocs" else len(layer.trace.get("name") or "")
              for layer in layers if layer.trace.get("showlegend", True)]
    return PlotArea.of_figure(size, max(legend, default=0))


def frame_canvas(view: FrameView, area: PlotArea, hover: bool = True) -> Canvas:
    net = view.frames.network
    layout = view.selection.layout
    xkey, ykey = ("lon", "lat") if layout == "geo" else ("x", "y")
    return Canvas(view, frame_positions(view.frames, layout, view.frame), net.node_names(view.date), xkey, ykey,
                  area, bundled=layout == "circle", hover=hover)


def network_figure(frames: Frames, frame: int, selection: Selection = Selection(),
                   size: tuple[int, int] = DEFAULT_SIZE) -> go.Figure:
    """The network at ``frame``: ties coloured and styled by type, gains highlighted, losses faded; labels
    placed for a figure of ``size`` (width, height in pixels)."""
    if selection.layout == "matrix":
        return matrix_figure(frames, frame, selection)
    view = frame_view(frames, frame, selection)
    geo = selection.layout == "geo"
    trace_type = go.Scattergeo if geo else go.Scatter
    layers = network_layers(frames, selection.layout, selection.focus is not None, view.compared is not None,
                            selection.color)
    canvas = frame_canvas(view, figure_plot_area(layers, size))
    traces = []
    for layer in layers:
        trace = trace_type(layer.trace)
        if layer.arrays is not None:
            trace.update(layer.arrays(canvas))
        traces.append(trace)
    figure = go.Figure(traces)
    figure.update_layout(
        title={"text": frame_title(view), "x": 0.01, "xanchor": "left", "font": {"size": 17}},
        font={"family": FONT, "size": 12},
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
        paper_bgcolor="white",
        plot_bgcolor="white",
        legend={"title": {"text": "Ties, bundled by region" if selection.layout == "circle" else "Ties"},
                "itemsizing": "constant", "bgcolor": "rgba(255,255,255,0.85)", "groupclick": "toggleitem",
                "tracegroupgap": 8},
        hoverlabel={"align": "left", "bgcolor": "white", "font": {"size": 12}},
        uirevision=f"{frames.network.name}|{selection.layout}",
        # the frame drawn, which Play waits for before it moves on (assets/atlas/player.js)
        meta={"frame": frames.labels[frame]},
        annotations=[source_annotation(frames, 6, size[0])],
    )
    if geo:
        figure.update_geos(
            projection_type="natural earth", showcountries=True, countrycolor="#bbb", showland=True,
            landcolor="#f3f3ee", showocean=True, oceancolor="#eef4f8", showframe=False, resolution=50,
            fitbounds=False, lataxis_range=[-58, 84], lonaxis_range=[-180, 180],
        )
    else:
        axis = {"visible": False, "range": [-1.15, 1.15], "fixedrange": False}
        figure.update_layout(xaxis=axis, yaxis={**axis, "scaleanchor": "x", "scaleratio": 1})
    return figure

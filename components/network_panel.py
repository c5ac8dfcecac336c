"""The animated network: a whole figure when the view changes, a patch of typed arrays when only
time moves, and a click on a country focuses it. Labels are placed for the graph's size, which the
browser reports (on load and after a resize) into a store the render reads.

On the flat layouts the ties' lines and the states are drawn on a canvas under the plot (assets/atlas/canvas.js):
the lines from coordinates the figure carries in ``layout.meta.lines``, the states from their trace, whose
markers plotly keeps in the page, hidden, for hover and clicks (it draws no labels there). plotly redraws
thousands of SVG lines and every label at each step (about 125 ms of ATOP's 160 for the lines), a canvas
draws them in a few. The lines' traces keep their look, which the legend shows and the canvas follows (a
legend click hides a type on both). The matrix's cells and outlines are drawn there too, from its traces
(or from its book), which plotly keeps, hidden, for hover and clicks. Exports are plotly's own drawing.

Once a view is drawn, the browser is sent its frame book (alliance_atlas/figures/frame_book.py) and draws
every step from it (assets/atlas/engine.js drawFrame): the server is asked for a step only on the views a book
cannot draw (compare mode) or until the book arrives, and for the network's hover text of the frame the
user stops on (the matrix's book holds its own)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import plotly.graph_objects as go
from dash import ClientsideFunction, Input, Output, Patch, State, ctx, dcc, html, no_update

from alliance_atlas.figures import PLOT_CONFIG, frame_update, network_figure
from alliance_atlas.figures.frame_book import frame_book, has_book, hover_from_server, kept_labels, with_kept_labels
from alliance_atlas.figures.frame_contract import MatrixBook, to_json
from alliance_atlas.figures.matrix import GAINED, HEATMAP, LOST, cell_colors
from alliance_atlas.figures.network import network_layers, node_hover
from alliance_atlas.figures.plot_area import DEFAULT_SIZE
from alliance_atlas.figures.typed_arrays import typed
from alliance_atlas.layout import MATRIX
from alliance_atlas.views import FrameView, frame_view
from components import ids
from components.changes_panel import text_version
from components.request_guard import first_point
from components.view_state import VIEW_INPUTS, VIEW_STATES, ViewState

# no camera button: on the flat layouts plotly would picture the plot without the lines drawn on the canvas; the
# Export panel draws every picture from the figure itself
GRAPH_CONFIG = PLOT_CONFIG | {"topojsonURL": "/assets/topojson/", "modeBarButtonsToRemove": ["toImage"]}


def layout() -> html.Div:
    return html.Div(
        [text_version("network", ids.NETWORK_TEXT),
         dcc.Graph(id=ids.NETWORK, config=GRAPH_CONFIG, className="network-graph", clear_on_unhover=True),
         dcc.Store(id=ids.NETWORK_DRAWN), dcc.Store(id=ids.NETWORK_SIZE), dcc.Store(id=ids.NETWORK_FRAME),
         dcc.Store(id=ids.FRAME_BOOK), dcc.Store(id=ids.HOVER_FRAME), dcc.Store(id=ids.NETWORK_HOVER)],
        className="network-panel", role="region", **{"aria-label": "Network", "aria-describedby": ids.NETWORK_TEXT},
    )


def app_traces(view: FrameView) -> tuple[set[int], int | None]:
    """Indices of the traces of lines the app draws on its canvas (on the map too, through plotly's
    projection), and of the states' trace; none on the matrix."""
    if view.selection.layout == MATRIX:
        return set(), None
    layers = network_layers(view.frames, view.selection.layout, view.selection.focus is not None,
                            view.compared is not None, view.selection.color)
    lines = {index for index, layer in enumerate(layers) if layer.trace.get("mode") == "lines"}
    states = next(index for index, layer in enumerate(layers) if layer.trace.get("name") == "states")
    return lines, states


#: Where a trace's coordinates go in ``layout.meta.lines`` (the map's longitude and latitude as x and y).
CANVAS_AXES = {"x": "x", "y": "y", "lon": "x", "lat": "y"}
#: The backgrounds of a figure drawn over the canvas, which must show through them.
SEE_THROUGH = {"paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "rgba(0,0,0,0)"}


def shown_figure(view: FrameView, size: tuple[int, int] = DEFAULT_SIZE, key: str = "") -> go.Figure:
    """The network figure as the app shows it: states without a label get
    :data:`~alliance_atlas.figures.frame_book.NO_LABEL`; on the flat
    layouts, the lines' coordinates move from their traces into ``layout.meta.lines`` for the canvas, and
    the backgrounds are clear so that it shows through. ``layout.meta`` names the view (``key``) and the
    size drawn, which a frame book must match to draw on it."""
    figure = network_figure(view.frames, view.frame, view.selection, size)
    figure.update_layout(meta={**figure.layout.meta, "view": key, "size": list(size)})
    on_canvas, states = app_traces(view)
    # plotly.js gives a trace without a uid the uid of the trace at its index in the figure before: the
    # states' uid, by which the page hides plotly's states under the canvas, must not pass to another trace
    for index, trace in enumerate(figure.data):
        trace.uid = f"trace{index}"
    if view.selection.layout == MATRIX:
        return _matrix_on_canvas(figure, view)
    if states is not None:
        figure.data[states].text = kept_labels(list(figure.data[states].text))
    if not on_canvas:
        return figure
    # drawn on the canvas (assets/atlas/canvas.js), from the trace's text and text style; plotly keeps
    # the markers, hidden, for hover and clicks, and no longer lays out labels no one sees (half its redraw)
    figure.data[states].update(uid="states", mode="markers")
    # the map's lines in longitude and latitude, which the canvas projects as plotly does
    x, y = ("lon", "lat") if view.selection.layout == "geo" else ("x", "y")
    lines = {}
    for index in sorted(on_canvas):
        trace = figure.data[index]
        lines[str(index)] = {"x": typed(np.asarray(trace[x], dtype=np.float32)),
                             "y": typed(np.asarray(trace[y], dtype=np.float32))}
        trace.update({x: [None], y: [None]})  # one empty point keeps the trace in the legend
    # the canvas lies over the map's land and sea, and under the flat layouts' paper, which must show it
    figure.update_layout(meta={**figure.layout.meta, "lines": lines}, **({} if x == "lon" else SEE_THROUGH))
    return figure


def _matrix_on_canvas(figure: go.Figure, view: FrameView) -> go.Figure:
    """The matrix as the app shows it: its cells and the outlines of the cells gained and lost drawn on the
    canvas (assets/atlas/canvas.js), in the colours ``layout.meta.cells`` gives each code. plotly keeps
    the traces, hidden, for hover, clicks and the legend: redrawing them is a whole redraw of the figure,
    which a step then makes only once the steps pause."""
    for index, uid in ((HEATMAP, "cells"), (GAINED, "gained"), (LOST, "lost")):
        figure.data[index].uid = uid
    figure.update_layout(meta={**figure.layout.meta, "cells": cell_colors(view.frames.network)}, **SEE_THROUGH)
    return figure


def network_patch(view: FrameView, size: tuple[int, int] = DEFAULT_SIZE) -> Patch:
    """The slider step: only the arrays that change (the lines' coordinates into ``layout.meta.lines``
    where the canvas draws them), the title and the frame drawn."""
    update = to_json(frame_update(view, size))
    on_canvas, states = app_traces(view)
    patch = Patch()
    for index, values in update["data"].items():
        for path, value in values.items():
            if index in on_canvas and path in CANVAS_AXES:
                patch["layout"]["meta"]["lines"][str(index)][CANVAS_AXES[path]] = value
                continue
            if index == states and path == "text":
                value = kept_labels(value)
            target = patch["data"][index]
            *parents, leaf = path.split(".")
            for parent in parents:
                target = target[parent]
            target[leaf] = value
    patch["layout"]["title"]["text"] = update["title"]
    if "annotations" in update:
        patch["layout"]["annotations"] = update["annotations"]
    patch["layout"]["meta"]["frame"] = update["frame"]
    patch["layout"]["meta"]["size"] = list(size)
    return patch


def shown_book(view: FrameView, size: tuple[int, int], key: str) -> dict | None:
    """The frame book of the view drawn at ``size`` as the app draws it: labels as :func:`shown_figure`
    writes them, lines and cells on the canvas (not the map's lines), and the view and size it draws on
    (the matrix's book is the same at every size)."""
    if not has_book(view.selection):
        return None
    book = with_kept_labels(frame_book(view.frames, view.selection, size))
    on_canvas, _ = app_traces(view)
    return to_json(replace(book, canvas=isinstance(book, MatrixBook) or bool(on_canvas), view=key, size=list(size)))


def graph_size(reported) -> tuple[int, int]:
    """The [width, height] the browser reported for the graph, or the default size when it has not
    (or sent something unusable).

    >>> graph_size([1084, 720]), graph_size(None), graph_size(["wide", 0])
    ((1084, 720), (760, 435), (760, 435))
    """
    usable = isinstance(reported, list) and len(reported) == 2
    if usable and all(isinstance(v, (int, float)) and v > 0 for v in reported):
        return int(reported[0]), int(reported[1])
    return DEFAULT_SIZE


def view_key(state: ViewState, manager) -> str:
    """What names a view drawn by this server: a figure, its patches and its frame book must share it. The
    layers shown and what an upload is read as are part of it: a layer added to the same dataset is another
    figure, whose traces the earlier view's book would draw wrongly."""
    return repr((state.dataset, state.layers, state.relation, state.network.name, state.frames.step, state.selection,
                 manager.started))


def register(app, manager) -> None:
    @app.callback(Output(ids.NETWORK, "figure"), Output(ids.NETWORK_DRAWN, "data"), Input(ids.NETWORK_FRAME, "data"),
                  *VIEW_INPUTS, Input(ids.NETWORK_SIZE, "data"), State(ids.SLIDER, "value"),
                  State(ids.NETWORK_DRAWN, "data"))
    def render(_, *values):
        """A patch when only time or the graph's size changed (labels and marker caps are placed again for
        the size, all within the step's arrays) and the browser holds this view's figure; else the whole
        figure (a first draw that was cut short, or a server that restarted, leaves nothing to patch).
        The frame is the slider's: the frame engine asks for one (NETWORK_FRAME) only when it cannot draw it."""
        *view, reported_size, frame, drawn = values
        state = ViewState.from_values(manager, view)
        if state is None:
            return no_update, no_update
        frame = state.frames.clamp(frame)
        size = graph_size(reported_size)
        key = view_key(state, manager)
        if drawn == key and set(ctx.triggered_prop_ids) <= {f"{ids.NETWORK_FRAME}.data", f"{ids.NETWORK_SIZE}.data"}:
            # drawn at a new size: the book follows (send_book)
            resized = f"{ids.NETWORK_SIZE}.data" in ctx.triggered_prop_ids
            return network_patch(frame_view(state.frames, frame, state.selection), size), key if resized else no_update
        return shown_figure(frame_view(state.frames, frame, state.selection), size, key), key

    @app.callback(Output(ids.FRAME_BOOK, "data"), Input(ids.NETWORK_DRAWN, "data"), *VIEW_STATES,
                  State(ids.NETWORK_SIZE, "data"))
    def send_book(drawn, *values):
        """The frame book of the view drawn, at its size (a second or two to build on long monthly data). It
        is built once the figure has gone, not beside it: both need the view's layout (on the matrix, its
        blocs), and each would work it out, in one interpreter, at the same time, delaying the first picture."""
        *view, reported_size = values
        state = ViewState.from_values(manager, view)
        if state is None or view_key(state, manager) != drawn:
            return no_update  # another view is on its way, and its figure will ask for its own book
        return shown_book(frame_view(state.frames, state.frames.clamp(None), state.selection),
                          graph_size(reported_size), drawn)

    app.clientside_callback(ClientsideFunction(namespace="atlas", function_name="hoverFrame"),
                            Output(ids.HOVER_FRAME, "data"), Input(ids.SETTLED_FRAME, "data"),
                            Input(ids.FRAME_BOOK, "data"))

    @app.callback(Output(ids.NETWORK_HOVER, "data"), Input(ids.HOVER_FRAME, "data"), *VIEW_STATES)
    def send_hover(frame, *view):
        """The hover text of the frame the user stopped on, which the network's frame book leaves to the server."""
        state = ViewState.from_values(manager, view)
        if state is None or not hover_from_server(state.selection):
            return no_update
        shown = frame_view(state.frames, state.frames.clamp(frame), state.selection)
        return {"view": view_key(state, manager), "frame": state.frames.labels[shown.frame],
                "text": node_hover(shown, state.network.node_names(shown.date)).tolist()}

    app.clientside_callback(
        ClientsideFunction(namespace="atlas", function_name="showFrame"),
        Output(ids.NETWORK_FRAME, "data"),
        Input(ids.SLIDER, "value"),
        State(ids.FRAME_BOOK, "data"),
    )
    app.clientside_callback(ClientsideFunction(namespace="atlas", function_name="keepBook"),
                            Input(ids.FRAME_BOOK, "data"))
    app.clientside_callback(ClientsideFunction(namespace="atlas", function_name="watchNetwork"),
                            Input(ids.NETWORK, "figure"))
    app.clientside_callback(
        ClientsideFunction(namespace="atlas", function_name="showHover"),
        Input(ids.NETWORK_HOVER, "data"),
    )
    app.clientside_callback(
        ClientsideFunction(namespace="atlas", function_name="graphSize"),
        Output(ids.NETWORK_SIZE, "data"),
        Input(ids.NETWORK, "id"),
    )

    @app.callback(Output(ids.FOCUS, "value", allow_duplicate=True), Input(ids.NETWORK, "clickData"),
                  prevent_initial_call=True)
    def focus_on_click(click):
        country = first_point(click).get("customdata")
        return country if isinstance(country, str) else no_update

"""The animated network and the timelines: full figures when the view changes, patches when time moves."""

from __future__ import annotations

import base64

import numpy as np
from dash import ClientsideFunction, Input, Output, Patch, State, ctx, dcc, html, no_update

from alliance_atlas.figures import (
    PLOT_CONFIG,
    ally_gantt_figure,
    frame_title,
    frame_view,
    network_arrays,
    network_figure,
    timeline_figure,
)
from components import ids
from components.view_state import VIEW_INPUTS, ViewState


GRAPH_CONFIG = PLOT_CONFIG | {"topojsonURL": "/assets/topojson/", "toImageButtonOptions": {"format": "svg"}}

def layout() -> html.Div:
    return html.Div(
        dcc.Graph(id=ids.NETWORK, config=GRAPH_CONFIG, className="network-graph", clear_on_unhover=True),
        className="network-panel",
    )


def timelines() -> html.Div:
    return html.Div(
        [
            dcc.Store(id=ids.MARKERS),
            dcc.Graph(id=ids.TIMELINE, config=PLOT_CONFIG, className="timeline-graph"),
            html.Div(dcc.Graph(id=ids.GANTT, config=PLOT_CONFIG), id=ids.GANTT_PANEL, style={"display": "none"}),
        ]
    )


def typed(values: np.ndarray):
    """A float array as a plotly typed-array spec: base64 of little-endian float32, no per-element JSON."""
    array = np.ascontiguousarray(values, dtype="<f4")
    return {"dtype": "f4", "bdata": base64.b64encode(array.tobytes()).decode("ascii")}


def network_patch(view) -> Patch:
    """The slider step: only the arrays that change, and the title."""
    patch = Patch()
    for index, values in network_arrays(view).items():
        for path, value in values.items():
            target = patch["data"][index]
            *parents, leaf = path.split(".")
            for parent in parents:
                target = target[parent]
            target[leaf] = typed(value) if isinstance(value, np.ndarray) else value
    patch["layout"]["title"]["text"] = frame_title(view)
    return patch


def render_view(state: ViewState, frame: int, time_only: bool) -> tuple:
    """Network, timeline, focus Gantt and its panel style: a network patch when only time moved (the
    timelines' markers then move in the browser, see assets/atlas.js), else whole figures."""
    focus = state.options.focus
    if time_only:
        return network_patch(frame_view(state.frames, frame, state.options)), no_update, no_update, no_update
    network = network_figure(state.frames, frame, state.options)
    timeline = timeline_figure(state.frames, frame, state.options.types, focus, marker=False)
    if focus is None:
        return network, timeline, no_update, {"display": "none"}
    return network, timeline, ally_gantt_figure(state.frames, focus, frame, state.options.types, marker=False), {"display": "block"}


def register(app, manager) -> None:
    app.clientside_callback(
        ClientsideFunction(namespace="atlas", function_name="followFrame"),
        Output(ids.MARKERS, "data"),
        Input(ids.SLIDER, "value"),
        Input(ids.TIMELINE, "figure"),
        Input(ids.GANTT, "figure"),
        State(ids.FRAME_LABELS, "data"),
        State(ids.DATASET, "value"),
        State(ids.FOCUS, "value"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.NETWORK, "figure"),
        Output(ids.TIMELINE, "figure"),
        Output(ids.GANTT, "figure"),
        Output(ids.GANTT_PANEL, "style"),
        Input(ids.SLIDER, "value"),
        *VIEW_INPUTS,
    )
    def render(frame, *view):
        state = ViewState.from_inputs(manager, view)
        if state is None:
            return no_update, no_update, no_update, no_update
        return render_view(state, state.clamp(frame), set(ctx.triggered_prop_ids) == {f"{ids.SLIDER}.value"})

    @app.callback(
        Output(ids.FOCUS, "value", allow_duplicate=True),
        Input(ids.NETWORK, "clickData"),
        prevent_initial_call=True,
    )
    def focus_on_click(click):
        points = (click or {}).get("points") or []
        country = points[0].get("customdata") if points else None
        return country if isinstance(country, str) else no_update

"""The animated network: a whole figure when the view changes, a patch of typed arrays when only
time moves, and a click on a country focuses it."""

from __future__ import annotations

import base64

import numpy as np
from dash import Input, Output, Patch, State, ctx, dcc, html, no_update

from alliance_atlas.figures import PLOT_CONFIG, frame_title, network_arrays, network_figure
from alliance_atlas.views import FrameView, frame_view
from components import ids
from components.changes_panel import text_version
from components.view_state import VIEW_INPUTS, ViewState

GRAPH_CONFIG = PLOT_CONFIG | {"topojsonURL": "/assets/topojson/", "toImageButtonOptions": {"format": "svg"}}


def layout() -> html.Div:
    return html.Div(
        [text_version("network", ids.NETWORK_TEXT),
         dcc.Graph(id=ids.NETWORK, config=GRAPH_CONFIG, className="network-graph", clear_on_unhover=True),
         dcc.Store(id=ids.NETWORK_DRAWN)],
        className="network-panel", role="region", **{"aria-label": "Network", "aria-describedby": ids.NETWORK_TEXT},
    )


def typed(values: np.ndarray) -> dict:
    """A float array as a plotly typed-array spec: base64 of little-endian float32, no per-element JSON."""
    array = np.ascontiguousarray(values, dtype="<f4")
    return {"dtype": "f4", "bdata": base64.b64encode(array.tobytes()).decode("ascii")}


def network_patch(view: FrameView) -> Patch:
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


def register(app, manager) -> None:
    @app.callback(Output(ids.NETWORK, "figure"), Output(ids.NETWORK_DRAWN, "data"), Input(ids.SLIDER, "value"),
                  *VIEW_INPUTS, State(ids.NETWORK_DRAWN, "data"))
    def render(frame, *values):
        """A patch when only time moved and the browser holds this view's figure; else the whole figure
        (a first draw that was cut short, or a server that restarted, leaves nothing to patch)."""
        *view, drawn = values
        state = ViewState.from_values(manager, view)
        if state is None:
            return no_update, no_update
        frame = state.frames.clamp(frame)
        key = repr((state.dataset, state.frames.step, state.selection, manager.started))
        if set(ctx.triggered_prop_ids) == {f"{ids.SLIDER}.value"} and drawn == key:
            return network_patch(frame_view(state.frames, frame, state.selection)), no_update
        return network_figure(state.frames, frame, state.selection), key

    @app.callback(Output(ids.FOCUS, "value", allow_duplicate=True), Input(ids.NETWORK, "clickData"),
                  prevent_initial_call=True)
    def focus_on_click(click):
        points = (click or {}).get("points") or []
        country = points[0].get("customdata") if points else None
        return country if isinstance(country, str) else no_update

"""The animated network: a whole figure when the view changes, a patch of typed arrays when only
time moves, and a click on a country focuses it. Labels are placed for the graph's size, which the
browser reports (on load and after a resize) into a store the render reads."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, Patch, State, ctx, dcc, html, no_update

from alliance_atlas.figures import PLOT_CONFIG, frame_update, network_figure
from alliance_atlas.figures.plot_area import DEFAULT_SIZE
from alliance_atlas.views import FrameView, frame_view
from components import ids
from components.changes_panel import text_version
from components.view_state import VIEW_INPUTS, ViewState

GRAPH_CONFIG = PLOT_CONFIG | {"topojsonURL": "/assets/topojson/", "toImageButtonOptions": {"format": "svg"}}


def layout() -> html.Div:
    return html.Div(
        [text_version("network", ids.NETWORK_TEXT),
         dcc.Graph(id=ids.NETWORK, config=GRAPH_CONFIG, className="network-graph", clear_on_unhover=True),
         dcc.Store(id=ids.NETWORK_DRAWN), dcc.Store(id=ids.NETWORK_SIZE)],
        className="network-panel", role="region", **{"aria-label": "Network", "aria-describedby": ids.NETWORK_TEXT},
    )


def network_patch(view: FrameView, size: tuple[int, int] = DEFAULT_SIZE) -> Patch:
    """The slider step: only the arrays that change, the title and the frame drawn."""
    update = frame_update(view, size)
    patch = Patch()
    for index, values in update["data"].items():
        for path, value in values.items():
            target = patch["data"][index]
            *parents, leaf = path.split(".")
            for parent in parents:
                target = target[parent]
            target[leaf] = value
    patch["layout"]["title"]["text"] = update["title"]
    patch["layout"]["meta"]["frame"] = update["frame"]
    return patch


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


def register(app, manager) -> None:
    @app.callback(Output(ids.NETWORK, "figure"), Output(ids.NETWORK_DRAWN, "data"), Input(ids.SLIDER, "value"),
                  *VIEW_INPUTS, Input(ids.NETWORK_SIZE, "data"), State(ids.NETWORK_DRAWN, "data"))
    def render(frame, *values):
        """A patch when only time or the graph's size changed (labels and marker caps are placed again for
        the size, all within the step's arrays) and the browser holds this view's figure; else the whole
        figure (a first draw that was cut short, or a server that restarted, leaves nothing to patch)."""
        *view, reported_size, drawn = values
        state = ViewState.from_values(manager, view)
        if state is None:
            return no_update, no_update
        frame = state.frames.clamp(frame)
        size = graph_size(reported_size)
        key = repr((state.dataset, state.frames.step, state.selection, manager.started))
        if drawn == key and set(ctx.triggered_prop_ids) <= {f"{ids.SLIDER}.value", f"{ids.NETWORK_SIZE}.data"}:
            return network_patch(frame_view(state.frames, frame, state.selection), size), no_update
        return network_figure(state.frames, frame, state.selection, size), key

    app.clientside_callback(
        ClientsideFunction(namespace="atlas", function_name="graphSize"),
        Output(ids.NETWORK_SIZE, "data"),
        Input(ids.NETWORK, "id"),
    )

    @app.callback(Output(ids.FOCUS, "value", allow_duplicate=True), Input(ids.NETWORK, "clickData"),
                  prevent_initial_call=True)
    def focus_on_click(click):
        points = (click or {}).get("points") or []
        country = points[0].get("customdata") if points else None
        return country if isinstance(country, str) else no_update

"""The timelines under the player: gains and losses per frame, and the focus country's partners over
time. Their frame band follows the slider in the browser; a click on either moves the slider."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State, ctx, dcc, html, no_update

from alliance_atlas.figures import PLOT_CONFIG, ally_gantt_figure, timeline_figure
from alliance_atlas.figures.bloc_chart import bloc_figure
from alliance_atlas.figures.gantt import HEADER_HEIGHT
from alliance_atlas.figures.measures_chart import measures_figure
from components import ids
from components.changes_panel import text_version
from components.request_guard import first_point
from components.view_state import VIEW_INPUTS, VIEW_STATES, ViewState


def strip() -> html.Div:
    """The gains-and-losses timeline: a strip under the player, on the same screen as the network."""
    return html.Div(
        [text_version("timeline", ids.TIMELINE_TEXT),
         dcc.Graph(id=ids.TIMELINE, config=PLOT_CONFIG, className="timeline-graph")],
        role="region", **{"aria-label": "Allies gained and lost over time", "aria-describedby": ids.TIMELINE_TEXT},
    )


def charts() -> html.Div:
    """The focus country's partners over time and the blocs chart, below the screen, shown when asked for."""
    return html.Div(
        [
            gantt_panel(),
            html.Div(dcc.Graph(id=ids.BLOC_CHART, config=PLOT_CONFIG), id=ids.BLOC_PANEL, style={"display": "none"}),
            measures_panel(),
        ],
        className="container-fluid",
    )


def measures_panel() -> html.Div:
    """The field's measures over time, with the state the focus's alliance portfolio is compared with."""
    return html.Div(
        [
            html.Div([html.Label("Compare the focus's alliance portfolio with", htmlFor=ids.MEASURES_REFERENCE,
                                 className="small text-muted me-2"),
                      dcc.Dropdown(id=ids.MEASURES_REFERENCE, placeholder="a state (S score and kappa)",
                                   className="small measures-reference")],
                     className="d-flex align-items-center"),
            dcc.Graph(id=ids.MEASURES_CHART, config=PLOT_CONFIG),
        ],
        id=ids.MEASURES_PANEL, role="region", style={"display": "none"},
        **{"aria-label": "Measures over time: blocs, modularity, polarization, density"},
    )


def gantt_panel() -> html.Div:
    """The Gantt chart in a panel of fixed height whose rows scroll (wheel, scroll bar, or the keys once
    the panel has focus: the browser's own scrolling). Over them sits a copy of the chart clipped to
    its header (title, key, upper year axis), held at the top: at rest it covers the same pixels, and
    it stays in view as the rows move beneath it. Zoom in either copy is applied to the other
    (assets/atlas/timelines.js)."""
    return html.Div(
        [
            html.Div(dcc.Graph(id=ids.GANTT_HEADER, config=PLOT_CONFIG), className="gantt-header",
                     style={"height": f"{HEADER_HEIGHT}px"}),
            dcc.Graph(id=ids.GANTT, config=PLOT_CONFIG, className="gantt-rows", style={"marginTop": f"-{HEADER_HEIGHT}px"}),
        ],
        id=ids.GANTT_PANEL, className="gantt-panel", tabIndex="0", role="region",
        **{"aria-label": "Each partner of the focus country over time; scroll for more rows"},
        style={"display": "none"},
    )


def register(app, manager) -> None:
    @app.callback(
        Output(ids.TIMELINE, "figure"),
        Output(ids.GANTT, "figure"),
        Output(ids.GANTT_HEADER, "figure"),
        Output(ids.GANTT_PANEL, "style"),
        Output(ids.BLOC_CHART, "figure"),
        Output(ids.BLOC_PANEL, "style"),
        *VIEW_INPUTS,
        State(ids.SLIDER, "value"),
    )
    def render(*values):
        """Redrawn only when the view changes: the band marking the frame moves in the browser."""
        *view, frame = values
        state = ViewState.from_values(manager, view)
        if state is None:
            return (no_update,) * 6
        frame = state.frames.clamp(frame)
        shown, hidden = {"display": "block"}, {"display": "none"}
        timeline = timeline_figure(state.frames, frame, state.selection, marker=False)
        gantt = ally_gantt_figure(state.frames, frame, state.selection, marker=False) \
            if state.selection.focus is not None else no_update
        chart = bloc_figure(state.frames, frame, state.selection, marker=False) \
            if state.selection.color == "bloc" else no_update
        return (timeline, gantt, gantt, shown if state.selection.focus is not None else hidden,
                chart, shown if state.selection.color == "bloc" else hidden)

    @app.callback(
        Output(ids.MEASURES_CHART, "figure"),
        Output(ids.MEASURES_REFERENCE, "options"),
        Output(ids.MEASURES_PANEL, "style"),
        Input(ids.MEASURES_REFERENCE, "value"),
        *VIEW_INPUTS,
        State(ids.SLIDER, "value"),
    )
    def render_measures(reference, *values):
        """The measures strip, with the bloc chart (both need the blocs, computed once per view: a page
        that does not colour by bloc does not wait for them); its band follows the slider in the browser."""
        *view, frame = values
        state = ViewState.from_values(manager, view)
        if state is None:
            return no_update, no_update, no_update
        if state.selection.color != "bloc":
            return no_update, no_update, {"display": "none"}
        network = state.network
        names = network.node_names(state.frames.last_date(len(state.frames) - 1))
        options = sorted(({"label": str(name), "value": str(node)} for node, name in zip(network.node_ids, names)),
                         key=lambda option: option["label"])
        reference = reference if reference in network.node_ids and reference != state.selection.focus else None
        name = str(names[network.node_index(reference)]) if reference is not None else None
        figure = measures_figure(state.frames, state.frames.clamp(frame), state.selection, reference, name, marker=False)
        return figure, options, {"display": "block"}

    @app.callback(
        Output(ids.SLIDER, "value", allow_duplicate=True),
        Input(ids.TIMELINE, "clickData"),
        Input(ids.GANTT, "clickData"),
        Input(ids.BLOC_CHART, "clickData"),
        Input(ids.MEASURES_CHART, "clickData"),
        *VIEW_STATES,
        prevent_initial_call=True,
    )
    def jump_to_click(timeline_click, gantt_click, bloc_click, measures_click, *view):
        state = ViewState.from_values(manager, view)
        click = {ids.TIMELINE: timeline_click, ids.GANTT: gantt_click, ids.BLOC_CHART: bloc_click,
                 ids.MEASURES_CHART: measures_click}.get(ctx.triggered_id)
        day = first_point(click).get("x")
        frame = state.frames.nearest(day) if day is not None and state is not None else None
        return no_update if frame is None else frame

    app.clientside_callback(
        ClientsideFunction(namespace="atlas", function_name="followFrame"),
        Input(ids.SLIDER, "value"),
        Input(ids.TIMELINE, "figure"),
        Input(ids.GANTT, "figure"),
        Input(ids.BLOC_CHART, "figure"),
        Input(ids.MEASURES_CHART, "figure"),
        State(ids.FRAME_LABELS, "data"),
        State(ids.DATASET, "value"),
        State(ids.FOCUS, "value"),
        prevent_initial_call=True,
    )

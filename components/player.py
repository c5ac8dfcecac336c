"""The player: first/back/Play/forward/last, speed, the frame slider and its label.

Play and stepping run in the browser (assets/atlas/player.js) so they never wait for the server to pick
the next frame; the server sets the slider's range when the data or the step changes.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import numpy as np
from dash import ClientsideFunction, Input, Output, State, ctx, dcc, html, no_update

from alliance_atlas.hosting.datasets import UnknownDataset
from alliance_atlas.model import day_number
from components import ids
from components.view_state import ViewState

#: Play's rates, as the ticker's interval in ms, or as "span:S" for the whole span in S seconds (a long monthly
#: series: the bundled data's 928 months in a minute), turned into an interval in the browser from the number
#: of frames (assets/atlas/player.js tickInterval), never faster than 30 fps. Play waits for the network to draw each
#: frame, so a rate the machine cannot draw at plays as fast as it draws, never ahead of the picture.
SPEEDS = {"1 fps": "1000", "2 fps": "500", "5 fps": "200", "10 fps": "100", "20 fps": "50", "30 fps": "33",
          "span 30 s": "span:30", "span 1 min": "span:60", "span 2 min": "span:120"}
DEFAULT_SPEED = "5 fps"
MARK_SPACINGS = (1, 2, 5, 10, 20, 25, 50, 100)


def layout() -> html.Div:
    button = {"size": "sm", "color": "secondary", "outline": True}
    return html.Div(
        [
            dbc.ButtonGroup(
                [
                    dbc.Button("|◀", id=ids.FIRST, title="First frame", **button),
                    dbc.Button("◀", id=ids.BACK, title="Step back (←)", **button),
                    dbc.Button("▶ Play", id=ids.PLAY, title="Play / pause (space)", size="sm", color="primary",
                               className="play-button"),
                    dbc.Button("▶", id=ids.FORWARD, title="Step forward (→)", **button),
                    dbc.Button("▶|", id=ids.LAST, title="Last frame", **button),
                ],
            ),
            html.Label("Play speed", htmlFor=ids.SPEED, className="visually-hidden"),
            html.Div(dbc.Select(id=ids.SPEED, options=[{"label": k, "value": v} for k, v in SPEEDS.items()],
                                value=SPEEDS[DEFAULT_SPEED], size="sm", className="speed-select"),
                     title="Play speed: frames per second, or the whole span played in a set time"),
            step_toggle(),
            # assets/atlas/page.js names the slider's handle from data-label: dcc.Slider gives it no name of its own
            html.Div(
                dcc.Slider(id=ids.SLIDER, min=0, max=1, step=1, value=0, allow_direct_input=False, updatemode="drag",
                           tooltip=None, included=True),
                className="frame-slider", **{"data-label": "Frame"},
            ),
            html.Div(id=ids.FRAME_LABEL, className="frame-label", role="status"),
            html.Label("Compare with", htmlFor=ids.COMPARE, className="visually-hidden"),
            html.Div(dbc.Input(id=ids.COMPARE, placeholder="compare with", debounce=True, size="sm",
                               className="compare-input"),
                     title="Show what differs between this date and the slider's (YYYY, YYYY-MM or YYYY-MM-DD); "
                           "empty to leave compare mode"),
            dcc.Interval(id=ids.TICKER, interval=int(SPEEDS[DEFAULT_SPEED]), disabled=True),
            dcc.Store(id=ids.SETTLED_FRAME),
            dcc.Store(id=ids.FRAME_LABELS),
        ],
        className="player",
    )


def step_toggle() -> html.Div:
    """Months or years per frame, beside the buttons that take one step."""
    return html.Div(
        [html.Span("Step", id=ids.STEP_LABEL, className="visually-hidden"),
         dbc.RadioItems(id=ids.STEP, options=[{"label": "Month", "value": "month"}, {"label": "Year", "value": "year"}],
                        value="month", inline=True, className="step-toggle")],
        role="radiogroup", **{"aria-labelledby": ids.STEP_LABEL},
    )


def slider_marks(labels: list[str], most: int = 12) -> dict:
    """About ``most`` marks on round years, labelled with the year (12 fit the slider at 1366 px wide).

    >>> slider_marks([f"{y}-{m:02d}" for y in range(2000, 2003) for m in range(1, 13)])
    {0: '2000', 12: '2001', 24: '2002'}
    >>> list(slider_marks([str(y) for y in range(1815, 2019)]).values())[:3]
    ['1820', '1840', '1860']
    """
    years = np.array([int(label[:4]) for label in labels])
    starts = np.array([len(label) == 4 or label.endswith("-01") for label in labels])
    span = years[-1] - years[0] + 1
    spacing = next((s for s in MARK_SPACINGS if span // s <= most), MARK_SPACINGS[-1])
    chosen = np.flatnonzero(starts & (years % spacing == 0))
    return {int(i): labels[i][:4] for i in chosen}


def register(app, manager) -> None:
    @app.callback(
        Output(ids.COMPARE, "invalid"),
        Output(ids.NOTICE, "children", allow_duplicate=True),
        Output(ids.NOTICE, "is_open", allow_duplicate=True),
        Output(ids.NOTICE, "color", allow_duplicate=True),
        Input(ids.COMPARE, "value"),
        prevent_initial_call=True,
    )
    def check_compare(value):
        """A date "Compare with" cannot read is marked and said, not silently ignored."""
        text = (value or "").strip()
        try:
            if text:
                day_number(text)
        except ValueError as error:
            return True, f"Compare with: {error}.", True, "warning"
        return False, no_update, no_update, no_update

    @app.callback(
        Output(ids.SLIDER, "max"),
        Output(ids.SLIDER, "marks"),
        Output(ids.SLIDER, "value", allow_duplicate=True),
        Output(ids.FRAME_LABELS, "data"),
        Input(ids.DATASET, "value"),
        Input(ids.STEP, "value"),
        Input(ids.UPLOAD_SESSION, "data"),
        Input(ids.LAYERS, "data"),
        Input(ids.LAYER_SWITCHES, "value"),
        Input(ids.REQUESTED_VIEW, "data"),
        State(ids.SLIDER, "value"),
        State(ids.FRAME_LABELS, "data"),
        prevent_initial_call="initial_duplicate",
    )
    def configure(dataset, step, upload, layers, layers_shown, requested, frame, labels):
        """The grid of the data shown; the slider keeps its date (or goes to a link's) where it can."""
        try:
            state = ViewState.build(manager, dataset=dataset, upload=upload, layers=layers, layers_shown=layers_shown,
                                    step=step)
        except UnknownDataset:
            return no_update, no_update, no_update, no_update
        frames = state.frames
        from_link = f"{ids.REQUESTED_VIEW}.data" in ctx.triggered_prop_ids and requested
        shown = labels[frame] if labels and isinstance(frame, int) and 0 <= frame < len(labels) else None
        date = requested.get("date") if from_link else shown
        new_frame = frames.nearest(date) if date else None
        return (len(frames) - 1, slider_marks(frames.labels), len(frames) - 1 if new_frame is None else new_frame,
                frames.labels)

    app.clientside_callback(
        ClientsideFunction(namespace="atlas", function_name="player"),
        Output(ids.SLIDER, "value", allow_duplicate=True),
        Output(ids.TICKER, "disabled"),
        Output(ids.PLAY, "children"),
        Input(ids.FIRST, "n_clicks"),
        Input(ids.BACK, "n_clicks"),
        Input(ids.PLAY, "n_clicks"),
        Input(ids.FORWARD, "n_clicks"),
        Input(ids.LAST, "n_clicks"),
        Input(ids.TICKER, "n_intervals"),
        State(ids.SLIDER, "value"),
        State(ids.SLIDER, "max"),
        State(ids.TICKER, "disabled"),
        State(ids.FRAME_LABELS, "data"),
        State(ids.FRAME_BOOK, "data"),
        prevent_initial_call=True,
    )
    # the side panels list a frame's changes and ties: Play would send them every frame it passes, and
    # their rows would hold the network back, so they follow the frame where Play pauses (assets/atlas/page.js settledFrame)
    app.clientside_callback(
        ClientsideFunction(namespace="atlas", function_name="settledFrame"),
        Output(ids.SETTLED_FRAME, "data"),
        Input(ids.SLIDER, "value"),
        Input(ids.TICKER, "disabled"),
    )
    app.clientside_callback(
        "function (paused) { return paused ? 'side-panel' : 'side-panel playing'; }",
        Output(ids.SIDE_PANEL, "className"),
        Input(ids.TICKER, "disabled"),
    )
    app.clientside_callback(
        ClientsideFunction(namespace="atlas", function_name="frameLabel"),
        Output(ids.FRAME_LABEL, "children"),
        Input(ids.SLIDER, "value"),
        Input(ids.FRAME_LABELS, "data"),
    )
    app.clientside_callback(
        ClientsideFunction(namespace="atlas", function_name="tickInterval"),
        Output(ids.TICKER, "interval"),
        Input(ids.SPEED, "value"),
        Input(ids.SLIDER, "max"),
    )

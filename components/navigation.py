"""Time navigation: the slider's frames and marks, the player (clientside), jumps from the timelines,
and the options that depend on the dataset (countries, types, weights)."""

from __future__ import annotations

import bisect

import numpy as np
from dash import ClientsideFunction, Input, Output, State, ctx, html, no_update

from alliance_atlas.figures import type_label, type_style
from components import ids
from components.view_state import UnknownDataset, ViewState, network_has_weights

MARK_SPACINGS = (1, 2, 5, 10, 20, 25, 50, 100)


def slider_marks(labels: list[str], most: int = 20) -> dict:
    """About ``most`` marks on round years, labelled with the year.

    >>> slider_marks([f"{y}-{m:02d}" for y in range(2000, 2003) for m in range(1, 13)])
    {0: '2000', 12: '2001', 24: '2002'}
    >>> list(slider_marks([str(y) for y in range(1815, 2019)]).values())[:3]
    ['1820', '1830', '1840']
    """
    years = np.array([int(label[:4]) for label in labels])
    starts = np.array([len(label) == 4 or label.endswith("-01") for label in labels])
    span = years[-1] - years[0] + 1
    spacing = next((s for s in MARK_SPACINGS if span // s <= most), MARK_SPACINGS[-1])
    chosen = np.flatnonzero(starts & (years % spacing == 0))
    return {int(i): labels[i][:4] for i in chosen}


def type_options(network) -> list[dict]:
    options = []
    for kind in network.types:
        color, dash = type_style(kind)
        swatch = html.Span(className=f"swatch swatch-{dash}", style={"borderTopColor": color})
        options.append({"label": html.Span([swatch, type_label(kind)]), "value": kind})
    return options


def register(app, manager) -> None:
    @app.callback(
        Output(ids.SLIDER, "max"),
        Output(ids.SLIDER, "marks"),
        Output(ids.SLIDER, "value", allow_duplicate=True),
        Output(ids.FRAME_LABELS, "data"),
        Output(ids.FOCUS, "options"),
        Output(ids.FOCUS, "value", allow_duplicate=True),
        Output(ids.TYPES, "options"),
        Output(ids.TYPES, "value", allow_duplicate=True),
        Output(ids.MIN_WEIGHT_ROW, "style"),
        Output(ids.MIN_WEIGHT, "min"),
        Output(ids.MIN_WEIGHT, "max"),
        Output(ids.MIN_WEIGHT, "step"),
        Output(ids.STEP, "options"),
        Output(ids.NOTICE, "children", allow_duplicate=True),
        Output(ids.NOTICE, "is_open", allow_duplicate=True),
        Input(ids.DATASET, "value"),
        Input(ids.STEP, "value"),
        Input(ids.UPLOAD_SESSION, "data"),
        Input(ids.REQUESTED_VIEW, "data"),
        State(ids.SLIDER, "value"),
        State(ids.FRAME_LABELS, "data"),
        State(ids.FOCUS, "value"),
        State(ids.TYPES, "value"),
        prevent_initial_call="initial_duplicate",
    )
    def configure(dataset, step, upload_session, requested, frame, labels, focus, types):
        date = _label(labels, frame)
        from_link = f"{ids.REQUESTED_VIEW}.data" in ctx.triggered_prop_ids and requested
        if from_link:
            date, focus, types = requested.get("date"), requested.get("focus"), requested.get("types")
        try:
            state = ViewState.build(manager, dataset, upload_session, step, focus, 1, types, "force", None)
        except UnknownDataset as missing:
            return (no_update,) * 13 + (str(missing), True)
        frames, network = state.frames, state.network
        new_frame = frames.nearest(date) if date else None
        if new_frame is None:
            new_frame = len(frames) - 1
        names = network.node_names(frames.start_date(new_frame))
        countries = sorted(({"label": str(n), "value": str(i)} for i, n in zip(network.node_ids, names)),
                           key=lambda o: o["label"])
        new_data = not from_link and {f"{ids.DATASET}.value", f"{ids.UPLOAD_SESSION}.data"} & set(ctx.triggered_prop_ids)
        kept = [t for t in (types or []) if t in network.types and not new_data] or list(network.types)
        weights = network.edges["weight"]
        has_weights = network_has_weights(network)
        steps = [{"label": "Month", "value": "month", "disabled": network.precision != "day"},
                 {"label": "Year", "value": "year"}]
        return (
            len(frames) - 1,
            slider_marks(frames.labels),
            new_frame,
            frames.labels,
            countries,
            focus if focus in network.node_ids else None,
            type_options(network),
            kept,
            {"display": "block"} if has_weights else {"display": "none"},
            float(weights.min()) if has_weights else 0,
            float(weights.max()) if has_weights else 1,
            (float(weights.max()) - float(weights.min())) / 100 or 1 if has_weights else 1,
            steps,
            no_update,
            no_update,
        )

    @app.callback(
        Output(ids.SLIDER, "value", allow_duplicate=True),
        Input(ids.TIMELINE, "clickData"),
        Input(ids.GANTT, "clickData"),
        State(ids.FRAME_LABELS, "data"),
        prevent_initial_call=True,
    )
    def jump_to_click(timeline_click, gantt_click, labels):
        click = timeline_click if ctx.triggered_id == ids.TIMELINE else gantt_click
        points = (click or {}).get("points") or []
        frame = frame_of_date(labels, points[0].get("x")) if points else None
        return no_update if frame is None else frame

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
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction(namespace="atlas", function_name="frameLabel"),
        Output(ids.FRAME_LABEL, "children"),
        Input(ids.SLIDER, "value"),
        Input(ids.FRAME_LABELS, "data"),
    )
    app.clientside_callback(
        "function (speed) { return parseInt(speed, 10) || 800; }",
        Output(ids.TICKER, "interval"),
        Input(ids.SPEED, "value"),
    )


def frame_of_date(labels: list[str], date) -> int | None:
    """The frame whose label ("2024" or "2024-12") starts the clicked date, clipped to the span.

    >>> frame_of_date(["2024-11", "2024-12", "2025-01"], "2024-12-01 00:00"), frame_of_date(["1990", "1991"], "2030-06-01")
    (1, 1)
    """
    if not labels or not date:
        return None
    key = str(date)[: len(labels[0])]
    return min(max(bisect.bisect_right(labels, key) - 1, 0), len(labels) - 1)


def _label(labels, frame) -> str | None:
    if not labels or frame is None:
        return None
    return labels[min(max(int(frame), 0), len(labels) - 1)]


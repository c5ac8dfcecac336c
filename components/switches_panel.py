"""The side-switches panel: states that left one side of a rivalry for the other, up to the frame
shown, newest first; clicking one moves the slider to the switch and focuses the state."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from alliance_atlas.events import records, sides_switched
from alliance_atlas.frames import Frames
from alliance_atlas.hosting.memo import per_frame_of_view
from alliance_atlas.model import TemporalNetwork
from alliance_atlas.relations import signed
from alliance_atlas.selection import Selection
from components import ids
from components.changes_panel import citation_link
from components.view_state import VIEW_INPUTS, ViewState

MOST_LISTED = 20


def layout() -> html.Div:
    return html.Div(
        [
            html.H2("Side switches", className="panel-title mt-3",
                    title="A state that loses its last tie with one side of a rivalry and gains a tie with the "
                          "other within the window."),
            html.Div(
                [
                    html.Label("Filter side switches by country", htmlFor=ids.SWITCH_FILTER, className="visually-hidden"),
                    dbc.Input(id=ids.SWITCH_FILTER, type="search", placeholder="filter by country", debounce=True,
                              size="sm"),
                    html.Label("window", htmlFor=ids.SWITCH_WINDOW, className="small text-muted mb-0 ms-2"),
                    dbc.Input(id=ids.SWITCH_WINDOW, type="number", min=1, max=600, step=1, value=36, debounce=True,
                              size="sm", className="window-input"),
                    html.Span("months", className="small text-muted ms-1"),
                ],
                className="d-flex align-items-center mb-1",
            ),
            html.Div(id=ids.SWITCHES, className="switches-list"),
            dcc.Store(id=ids.SWITCHES_SHOWN),
        ]
    )


def switch_entry(row: dict) -> html.Li:
    return html.Li(
        [
            html.Button(
                [html.Span(row["state"], className="fw-semibold"), f": {row['left']} → {row['joined']}",
                 html.Span(f" ({row['left_frame']} → {row['joined_frame']})", className="text-muted")],
                id={"type": ids.SWITCH_ITEM, "state": row["state_id"], "frame": row["joined_frame"]},
                className="btn btn-link btn-sm p-0 text-start switch-button",
                title=f"Go to {row['joined_frame']} and focus {row['state']}",
            ),
            html.Div(row["ties"], className="small text-muted") if row["ties"] else None,
            html.Div([html.Span(citation_link(c), className="me-2") for c in row["citations"].split(" | ") if c],
                     className="small"),
        ],
        className="change-item",
    )


@per_frame_of_view()
def frame_switches(frames: Frames, selection: Selection, label: str, wanted: str | None) -> tuple[object, object]:
    """What the panel lists up to the frame ``label`` (its switches, or its message), and the panel's
    content; built once per worker (under 50 clients stepping through ATOP, a twentieth of the server's
    time)."""
    listing = _listing(frames, selection, label, wanted)
    if not isinstance(listing, list):
        return listing.children, listing
    return [(row["state_id"], row["joined_frame"]) for row in listing], _render(listing, frames.network)


def _listing(frames: Frames, selection: Selection, label: str, wanted: str | None):
    """The rows to list (newest first), or a message when there are none."""
    table = sides_switched(frames, selection)
    if table.empty:
        return html.P("No side switch in this data." if signed(frames.network) else "No state changed bloc in this data.",
                      className="text-muted small")
    table = table[table["joined_frame"] <= label]
    if wanted:
        text = wanted.strip().lower()
        table = table[table[["state", "left", "joined"]].apply(lambda c: c.str.lower().str.contains(text, regex=False))
                      .any(axis=1)]
    if table.empty:
        return html.P(f"No side switch up to {label}.", className="text-muted small")
    return records(table.head(MOST_LISTED))


def _render(listing: list[dict], network: TemporalNetwork) -> html.Div:
    note = None if signed(network) else html.P(
        "No rivalries or disputes in this data: the sides are blocs (communities of allies).", className="small text-muted mb-1")
    return html.Div([note, html.Ul([switch_entry(row) for row in listing], className="list-unstyled mb-0")])


def register(app, manager) -> None:
    @app.callback(Output(ids.SWITCHES, "children"), Output(ids.SWITCHES_SHOWN, "data"),
                  Input(ids.SETTLED_FRAME, "data"), Input(ids.SWITCH_FILTER, "value"), *VIEW_INPUTS,
                  State(ids.SWITCHES_SHOWN, "data"))
    def update(frame, wanted, *values):
        """The switches up to the frame the side panels show (the slider's, once Play pauses); the list
        changes only when a switch enters or leaves it, so most steps send nothing."""
        *view, shown = values
        state = ViewState.from_values(manager, view)
        if state is None:
            return no_update, no_update
        label = state.frames.labels[state.frames.clamp(frame)]
        listed, content = frame_switches(state.frames, state.selection, label, wanted)
        key = repr((view, wanted, listed))
        return (no_update, no_update) if key == shown else (content, key)

    @app.callback(
        Output(ids.SLIDER, "value", allow_duplicate=True),
        Output(ids.FOCUS, "value", allow_duplicate=True),
        Input({"type": ids.SWITCH_ITEM, "state": ALL, "frame": ALL}, "n_clicks"),
        State(ids.FRAME_LABELS, "data"),
        prevent_initial_call=True,
    )
    def go_to_switch(clicks, labels):
        if not ctx.triggered_id or not any(clicks or []) or ctx.triggered_id["frame"] not in (labels or []):
            return no_update, no_update
        return labels.index(ctx.triggered_id["frame"]), ctx.triggered_id["state"]

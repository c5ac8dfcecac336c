"""The controls: header (dataset, upload, layout), sidebar (focus, depth, types, weight) and the player."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids

SPEEDS = {"0.5x": 1600, "1x": 800, "2x": 400, "4x": 200, "8x": 100}
LAYOUT_CHOICES = [
    {"label": "Force", "value": "force"},
    {"label": "Map", "value": "geo"},
    {"label": "Circle", "value": "circle"},
]


def header(dataset_options: list[dict], default_dataset: str, export_button) -> dbc.Navbar:
    return dbc.Navbar(
        dbc.Container(
            [
                html.Span(["Alliance ", html.B("Atlas")], className="navbar-brand brand"),
                html.Div(
                    [
                        dcc.Dropdown(id=ids.DATASET, options=dataset_options, value=default_dataset, clearable=False,
                                     searchable=False, className="dataset-picker"),
                        dcc.Upload(
                            dbc.Button("Upload CSV", color="light", size="sm", outline=True),
                            id=ids.UPLOAD,
                            accept=".csv,.gz,text/csv",
                            max_size=256 * 1024 * 1024,
                        ),
                    ],
                    className="d-flex gap-2 align-items-center",
                ),
                html.Div(
                    [
                        html.Span("Layout", className="me-2 small text-light"),
                        dbc.RadioItems(id=ids.LAYOUT, options=LAYOUT_CHOICES, value="force", inline=True,
                                       className="btn-group layout-toggle", inputClassName="btn-check",
                                       labelClassName="btn btn-sm btn-outline-light",
                                       labelCheckedClassName="active"),
                        export_button,
                    ],
                    className="d-flex align-items-center ms-auto",
                ),
            ],
            fluid=True,
            className="gap-3",
        ),
        color="dark",
        dark=True,
        className="py-1",
    )


def sidebar() -> html.Div:
    return html.Div(
        [
            html.Label("Focus country", htmlFor=ids.FOCUS, className="form-label fw-semibold"),
            dcc.Dropdown(id=ids.FOCUS, placeholder="Type a country, e.g. North Korea", clearable=True),
            html.Div(
                [html.Span("Neighbourhood depth", className="small text-muted me-2"),
                 dbc.RadioItems(id=ids.DEPTH, options=[{"label": "1", "value": 1}, {"label": "2", "value": 2}],
                                value=1, inline=True, className="d-inline-block")],
                className="mt-2",
            ),
            html.A("▶ The story: North Korea, December 2024", href="?focus=PRK&date=2024-12", className="story-link small"),
            html.Hr(),
            html.Label("Tie types", className="form-label fw-semibold"),
            dbc.Checklist(id=ids.TYPES, className="type-checklist"),
            html.Div(
                [
                    html.Label("Minimum weight", className="form-label fw-semibold mt-3"),
                    dcc.Slider(id=ids.MIN_WEIGHT, min=0, max=1, value=None, allow_direct_input=False,
                               tooltip={"placement": "bottom"}),
                ],
                id=ids.MIN_WEIGHT_ROW,
                style={"display": "none"},
            ),
            html.Hr(),
            html.Label("Step", className="form-label fw-semibold"),
            dbc.RadioItems(id=ids.STEP, options=[{"label": "Month", "value": "month"}, {"label": "Year", "value": "year"}],
                           value="month", inline=True),
            html.P(
                ["Keys: ", html.Kbd("space"), " play/pause, ", html.Kbd("←"), " ", html.Kbd("→"), " step. ",
                 "Click a country to focus it; click a bar on the timeline to jump there."],
                className="small text-muted mt-3",
            ),
        ],
        className="sidebar",
    )


def player() -> html.Div:
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
            dbc.Select(id=ids.SPEED, options=[{"label": k, "value": str(v)} for k, v in SPEEDS.items()], value="800",
                       size="sm", className="speed-select"),
            html.Div(
                dcc.Slider(id=ids.SLIDER, min=0, max=1, step=1, value=0, allow_direct_input=False, updatemode="drag",
                           tooltip=None, included=True),
                className="frame-slider",
            ),
            html.Div(id=ids.FRAME_LABEL, className="frame-label"),
            dcc.Interval(id=ids.TICKER, interval=800, disabled=True),
        ],
        className="player",
    )

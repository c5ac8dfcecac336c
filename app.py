"""Alliance Atlas: the Dash app. Thin: builds the layout from components and wires their callbacks.

``server`` is the Flask app for gunicorn (``gunicorn app:server``); ``alliance-atlas serve`` runs it.
Set ALLIANCE_ATLAS_DATA_FILE (and ALLIANCE_ATLAS_FORMAT) to open a file under gunicorn.
"""

from __future__ import annotations

import os
from pathlib import Path

import dash_bootstrap_components as dbc
from dash import Dash, html

from alliance_atlas.datasets import DatasetManager
from components import changes, controls, export_panel, navigation, network_view, upload, url_state


def create_app(data_file: Path | None = None, data_format: str = "auto") -> Dash:
    """The app on the bundled data, plus ``data_file`` (which then opens by default)."""
    manager = DatasetManager(data_file, data_format)
    manager.get(manager.default)  # load before the first request, so a bad file fails at start-up
    app = Dash(
        __name__,
        title="Alliance Atlas",
        assets_folder=str(Path(__file__).parent / "assets"),
        serve_locally=True,
        update_title=None,
    )
    app.layout = html.Div(
        [
            url_state.layout(),
            controls.header(upload.dataset_options(manager, None), manager.default, export_panel.button()),
            export_panel.layout(),
            upload.alerts(),
            dbc.Container(
                [
                    dbc.Row(
                        [
                            dbc.Col(controls.sidebar(), width=12, lg=2, className="col-sidebar"),
                            dbc.Col(network_view.layout(), width=12, lg=7),
                            dbc.Col(changes.layout(), width=12, lg=3),
                        ],
                        className="g-2 main-row",
                    ),
                    controls.player(),
                    network_view.timelines(),
                ],
                fluid=True,
            ),
        ],
        className="atlas",
    )
    for component in (url_state, upload, navigation, network_view, changes, export_panel):
        component.register(app, manager)
    return app


def __getattr__(name: str):
    """``app.server`` for gunicorn, built on first access from ALLIANCE_ATLAS_DATA_FILE / _FORMAT."""
    if name != "server":
        raise AttributeError(name)
    data_file = os.environ.get("ALLIANCE_ATLAS_DATA_FILE")
    dash_app = create_app(Path(data_file) if data_file else None, os.environ.get("ALLIANCE_ATLAS_FORMAT", "auto"))
    globals()["server"] = dash_app.server
    return dash_app.server

"""Alliance Atlas: the Dash app. Thin: lays out the screen's pieces and lets each wire its callbacks.

``server`` is the Flask app for gunicorn (``gunicorn app:server``); ``alliance-atlas serve`` runs it.
Set ALLIANCE_ATLAS_DATA_FILE (and ALLIANCE_ATLAS_FORMAT, _TYPE, _KIND, _LAYERS) to open a file under gunicorn.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import dash_bootstrap_components as dbc
from dash import Dash, html

from alliance_atlas.hosting.datasets import DatasetManager, Source
from alliance_atlas.hosting.uploads import UploadStore
from alliance_atlas.relations import Layer
from alliance_atlas.shared import keep_in
from alliance_atlas.tours import Tour, read_tour_file
from components import (
    changes_panel,
    controls,
    dataset_picker,
    export_panel,
    ids,
    network_panel,
    player,
    switches_panel,
    timeline_panel,
    tour_panel,
    upload,
    url_state,
)
from components.request_guard import guard_requests
from components.shared_store import shared_store

#: Every piece of the screen that owns callbacks, in the order they are registered.
PIECES = (url_state, dataset_picker, upload, controls, player, network_panel, timeline_panel, changes_panel,
          switches_panel, export_panel, tour_panel)


def header(manager: DatasetManager) -> dbc.Navbar:
    return dbc.Navbar(
        dbc.Container(
            [
                html.H1(["Alliance ", html.B("Atlas")], className="navbar-brand brand mb-0"),
                html.Div([dataset_picker.picker(manager), *upload.buttons()], className="d-flex gap-2 align-items-center"),
                html.Div([controls.layout_toggle(), export_panel.button()], className="d-flex align-items-center ms-auto"),
            ],
            fluid=True,
            className="gap-3",
        ),
        color="dark",
        dark=True,
        className="py-1",
    )


def create_app(data: Source | Path | None = None, warm: bool = False, tours: dict[str, Tour] | None = None) -> Dash:
    """The app on the bundled data, plus ``data`` (a file, or a :class:`~alliance_atlas.hosting.datasets.Source`
    saying how to read it and its layers), which then opens by default, and ``tours`` beside the bundled
    ones (by name). ``warm``: work out in the background what the page a plain link opens needs, as a
    server does before its first visitor."""
    app = Dash(
        __name__,
        title="Alliance Atlas",
        assets_folder=str(Path(__file__).parent / "assets"),
        serve_locally=True,
        update_title=None,
    )
    # uploads live in the store every worker shares, so any worker answers any session; so do the costly
    # positions and blocs, computed once per server rather than once per worker
    uploads = UploadStore(shared_store(app.server))
    keep_in(shared_store(app.server))
    manager = DatasetManager(data, uploads=uploads, tours=tours)
    manager.get(manager.default)  # load before the first request, so a bad file fails at start-up
    if warm:
        threading.Thread(target=url_state.warm_opening_view, args=(manager,), name="warm-opening-view",
                         daemon=True).start()
    # the browser code (assets/atlas/) reads component ids from the page, never from copies;
    # lang lets screen readers pick the voice and browsers hyphenate
    app.index_string = app.index_string.replace("<html>", '<html lang="en">').replace(
        "{%scripts%}", f"<script>window.atlas = {{ids: {json.dumps(ids.for_browser())}}};</script>\n{{%scripts%}}")
    app.layout = html.Div(
        [
            url_state.layout(),
            tour_panel.layout(),
            header(manager),
            export_panel.layout(),
            html.Main(
                [
                    upload.alerts(),
                    dataset_picker.notice(),
                    # sized in assets/atlas.css so the network, the player and the timeline strip share one
                    # screen (down to 1366x768); the side panels scroll inside themselves
                    dbc.Container(
                        [
                            dbc.Row(
                                [
                                    dbc.Col(controls.sidebar(), width=12, lg=2, className="col-sidebar"),
                                    dbc.Col(network_panel.layout(), width=12, lg=7),
                                    dbc.Col(html.Div([changes_panel.changes(), switches_panel.layout(),
                                                      changes_panel.ties_table()], id=ids.SIDE_PANEL,
                                                     className="side-panel"),
                                            width=12, lg=3),
                                ],
                                className="g-2 main-row",
                            ),
                            player.layout(),
                            timeline_panel.strip(),
                        ],
                        fluid=True,
                        className="screen",
                    ),
                    timeline_panel.charts(),
                ],
            ),
        ],
        className="atlas",
    )
    for piece in PIECES:
        piece.register(app, manager)
    # a crafted callback request gets its bad values as "not set", or a 400, never a 500
    guard_requests(app)
    if warm:
        # Dash serves a page's scripts only once this process has rendered the page; behind a balancer the
        # page may come from another server (or worker) than its scripts, which would answer 500
        app.server.test_client().get("/")
    return app


def __getattr__(name: str):
    """``app.server`` for gunicorn, built on first access from ALLIANCE_ATLAS_DATA_FILE (and _FORMAT, _TYPE,
    _KIND, and _LAYERS: RELATION=FILE entries separated by the platform's path separator) and
    ALLIANCE_ATLAS_TOURS (tour files, separated the same way)."""
    if name != "server":
        raise AttributeError(name)
    data_file = os.environ.get("ALLIANCE_ATLAS_DATA_FILE")
    layers = tuple(Layer.parse(text) for text in os.environ.get("ALLIANCE_ATLAS_LAYERS", "").split(os.pathsep) if text)
    dash_app = create_app(Source(Path(data_file), os.environ.get("ALLIANCE_ATLAS_FORMAT", "auto"),
                                 os.environ.get("ALLIANCE_ATLAS_TYPE"), os.environ.get("ALLIANCE_ATLAS_KIND"), layers)
                          if data_file else None,
                          tours={Path(path).stem: read_tour_file(Path(path))
                                 for path in os.environ.get("ALLIANCE_ATLAS_TOURS", "").split(os.pathsep) if path})
    globals()["server"] = dash_app.server
    return dash_app.server

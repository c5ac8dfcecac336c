"""The dataset menu in the header, and the notice that says when the data a view names is not here."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, dcc, no_update

from alliance_atlas.datasets import UPLOAD, DatasetManager, UnknownDataset
from components import ids


def picker(manager: DatasetManager) -> dcc.Dropdown:
    return dcc.Dropdown(id=ids.DATASET, options=dataset_options(manager, None), value=manager.default,
                        clearable=False, searchable=False, className="dataset-picker")


def notice() -> dbc.Alert:
    return dbc.Alert(id=ids.NOTICE, is_open=False, color="warning", dismissable=True, className="m-2 py-2")


def dataset_options(manager: DatasetManager, upload_session: dict | None) -> list[dict]:
    """The server's datasets, and this session's upload when it has one."""
    options = [{"label": manager.title(key), "value": key} for key in manager.ids]
    if (upload_session or {}).get("token"):
        options.append({"label": f"Uploaded: {upload_session['name']}", "value": UPLOAD})
    return options


def register(app, manager: DatasetManager) -> None:
    @app.callback(
        Output(ids.NOTICE, "children", allow_duplicate=True),
        Output(ids.NOTICE, "is_open", allow_duplicate=True),
        Output(ids.NOTICE, "color", allow_duplicate=True),
        Input(ids.DATASET, "value"),
        Input(ids.UPLOAD_SESSION, "data"),
        prevent_initial_call="initial_duplicate",
    )
    def say_when_missing(dataset, upload):
        """A view whose data is gone keeps what is on screen; this says why nothing moves."""
        try:
            manager.network(dataset, (upload or {}).get("token"))
        except UnknownDataset as missing:
            return str(missing), True, "warning"
        return no_update, no_update, no_update

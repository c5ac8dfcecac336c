"""The dataset menu in the header, and the notice that says when the data a view names is not here."""

from __future__ import annotations

import json

import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html, no_update

from alliance_atlas.hosting.datasets import (LAYER_GONE, UPLOAD, UPLOAD_ELSEWHERE, UPLOAD_GONE, DatasetManager,
                                             UnknownDataset)
from components import ids
from components.view_state import VIEW_FIELDS


def picker(manager: DatasetManager) -> dcc.Dropdown:
    return dcc.Dropdown(id=ids.DATASET, options=dataset_options(manager, None), value=manager.default,
                        clearable=False, searchable=False, className="dataset-picker")


def notice() -> html.Div:
    return html.Div([dbc.Alert(id=ids.NOTICE, is_open=False, color="warning", dismissable=True, className="m-2 py-2"),
                     dcc.Store(id=ids.UPLOAD_CHECK)])


def dataset_options(manager: DatasetManager, upload_session: dict | None) -> list[dict]:
    """The server's datasets, and this session's upload when it has one."""
    options = [{"label": manager.title(key), "value": key} for key in manager.ids]
    if (upload_session or {}).get("token"):
        options.append({"label": f"Uploaded: {upload_session['name']}", "value": UPLOAD})
    return options


def upload_lost(manager: DatasetManager, dataset: str | None, upload_session: dict | None) -> bool:
    """Whether the session holds (or shows) an upload the server no longer has."""
    token = (upload_session or {}).get("token")
    return (bool(token) and not manager.uploads.has(token)) or (dataset == UPLOAD and not token)


def register(app, manager: DatasetManager) -> None:
    # A step or any change of a view of an upload asks whether the upload is still here, so the first
    # callback after it is gone says so. The gate runs in the browser: views of the server's own
    # datasets send nothing more. (The view's own callbacks cannot ask: a chain that leads back to the
    # callback that started it is cut short by Dash, leaving the old frame on screen.)
    watched = [Input(*where) for field, where in VIEW_FIELDS.items() if field not in ("dataset", "upload", "layers")]
    app.clientside_callback(
        f"function () {{ const dataset = arguments[arguments.length - 2], layers = arguments[arguments.length - 1];"
        f" return dataset === {json.dumps(UPLOAD)} || (layers && layers.length) ? Date.now()"
        f" : dash_clientside.no_update; }}",
        Output(ids.UPLOAD_CHECK, "data"),
        Input(ids.SLIDER, "value"),
        *watched,
        State(ids.DATASET, "value"),
        State(ids.LAYERS, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.NOTICE, "children", allow_duplicate=True),
        Output(ids.NOTICE, "is_open", allow_duplicate=True),
        Output(ids.NOTICE, "color", allow_duplicate=True),
        Output(ids.DATASET, "options", allow_duplicate=True),
        Output(ids.DATASET, "value", allow_duplicate=True),
        Output(ids.UPLOAD_SESSION, "data", allow_duplicate=True),
        Output(ids.UPLOAD_ALERT, "is_open", allow_duplicate=True),
        Output(ids.LAYERS, "data", allow_duplicate=True),
        Input(ids.DATASET, "value"),
        Input(ids.UPLOAD_SESSION, "data"),
        Input(ids.UPLOAD_CHECK, "data"),
        State(ids.LAYERS, "data"),
        prevent_initial_call="initial_duplicate",
    )
    def fall_back_when_missing(dataset, upload, _, layers):
        """An upload that is gone (expired, or a restart with no shared store) is forgotten and the
        view opens the default dataset, saying so; a layer that is gone is dropped, saying so; never a
        blank page or a frame left behind."""
        if upload_lost(manager, dataset, upload):
            if dataset != UPLOAD:
                return UPLOAD_GONE, True, "warning", dataset_options(manager, None), no_update, None, False, no_update
            message = f"{UPLOAD_GONE if (upload or {}).get('token') else UPLOAD_ELSEWHERE} Showing " \
                      f"{manager.title(manager.default)} instead."
            return message, True, "warning", dataset_options(manager, None), manager.default, None, False, no_update
        kept = [layer for layer in layers or [] if manager.uploads.has(layer["token"])]
        if len(kept) < len(layers or []):
            return LAYER_GONE, True, "warning", *[no_update] * 4, kept
        try:
            manager.network(dataset, (upload or {}).get("token"), (upload or {}).get("relation"))
        except UnknownDataset as missing:
            return str(missing), True, "warning", *[no_update] * 5
        return (no_update,) * 8

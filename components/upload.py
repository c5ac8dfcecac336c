"""Uploading a file: handed to the dataset manager, kept under this browser session's token only.

A bad file shows the loader's message and leaves the current dataset on screen. Size is checked
before it costs: the browser refuses a file over the limit (assets/atlas.js says so in the upload's
alert), and the server refuses a larger request before reading it.
"""

from __future__ import annotations

import base64
import binascii

import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html, no_update

from alliance_atlas.datasets import UPLOAD, StoreUnavailable
from alliance_atlas.io import LoadError
from alliance_atlas.io.limits import shortened
from alliance_atlas.uploads import MAX_UPLOAD_BYTES, UploadTooLarge
from components import ids
from components.dataset_picker import dataset_options

#: What the file picker offers; the loader tells the formats apart by content, whatever the extension.
ACCEPTED = ",".join([".csv", ".gz", ".tsv", ".txt", ".parquet", ".xlsx", ".jsonl", ".ndjson", ".json", "text/csv",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"])


def button() -> html.Div:
    # atlas.js names the upload's file input from data-label (dcc.Upload gives it no name of its own)
    # and says when a file is refused for data-max-bytes (dcc.Upload drops it without a word)
    return html.Div(dcc.Upload(dbc.Button("Upload data", color="light", size="sm", outline=True), id=ids.UPLOAD,
                               accept=ACCEPTED, max_size=MAX_UPLOAD_BYTES),
                    **{"data-label": "Upload a data file: CSV, Parquet, Excel (.xlsx) or JSON",
                       "data-max-bytes": str(MAX_UPLOAD_BYTES)})


def alerts() -> html.Div:
    return html.Div(
        [
            dcc.Store(id=ids.UPLOAD_SESSION, storage_type="session"),
            dbc.Alert(id=ids.UPLOAD_ALERT, is_open=False, dismissable=True, className="m-2 py-2"),
        ],
        className="alerts",
    )


def request_limit(max_upload_bytes: int = MAX_UPLOAD_BYTES) -> int:
    """The largest request the server reads: an upload, base64-encoded (4 bytes for 3) in a data URL,
    and the callback's other values.

    >>> request_limit(3 * 2**20) // 2**20
    5
    """
    return max_upload_bytes * 4 // 3 + 2**20


def register(app, manager) -> None:
    # Flask answers 413 to a larger request before its body is read
    app.server.config["MAX_CONTENT_LENGTH"] = request_limit()

    @app.callback(
        Output(ids.UPLOAD_SESSION, "data"),
        Output(ids.DATASET, "options", allow_duplicate=True),
        Output(ids.DATASET, "value", allow_duplicate=True),
        Output(ids.UPLOAD_ALERT, "children"),
        Output(ids.UPLOAD_ALERT, "color"),
        Output(ids.UPLOAD_ALERT, "is_open"),
        Input(ids.UPLOAD, "contents"),
        State(ids.UPLOAD, "filename"),
        prevent_initial_call=True,
    )
    def receive(contents, filename):
        name = shortened(filename) if isinstance(filename, str) and filename else "upload"
        if not isinstance(contents, str):
            return no_update, no_update, no_update, "Not loaded: the browser sent no file", "danger", True
        try:
            payload = base64.b64decode(contents.split(",", 1)[-1], validate=True)
            token, network = manager.add_upload(payload, name)
        except (binascii.Error, ValueError) as error:  # LoadError is a ValueError; others mean bad bytes
            message = str(error) if isinstance(error, (LoadError, UploadTooLarge)) else f"{name} could not be decoded"
            return no_update, no_update, no_update, f"Not loaded: {message}", "danger", True
        except StoreUnavailable as error:  # still a message, not a 500
            return no_update, no_update, no_update, f"Not loaded: {error}", "danger", True
        summary = f"Loaded {name}: {len(network.node_ids)} countries, {len(network)} ties, {network.span_label}."
        if network.warnings:
            summary += " " + "; ".join(network.warnings) + "."
        session = {"token": token, "name": name}
        return session, dataset_options(manager, session), UPLOAD, summary, "success", True

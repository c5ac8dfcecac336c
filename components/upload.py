"""Uploading a file, or adding one as a layer of the data shown: handed to the dataset manager, read as
the kind of relation chosen beside the button (or as guessed), kept under this browser session's token only.

A bad file shows the loader's message and leaves the current dataset on screen. Size is checked
before it costs: the browser refuses a file over the limit (assets/atlas/page.js says so in the upload's
alert), and the server refuses a larger request before reading it.
"""

from __future__ import annotations

import base64
import binascii

import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html, no_update

from alliance_atlas.hosting.datasets import UPLOAD, StoreUnavailable
from alliance_atlas.hosting.uploads import MAX_UPLOAD_BYTES, UploadTooLarge
from alliance_atlas.io import LoadError
from alliance_atlas.io.limits import shortened
from alliance_atlas.relations import RELATION_NOUNS, RELATIONS
from components import ids
from components.dataset_picker import dataset_options

#: What the file picker offers; the loader tells the formats apart by content, whatever the extension.
ACCEPTED = ",".join([".csv", ".gz", ".tsv", ".txt", ".parquet", ".xlsx", ".jsonl", ".ndjson", ".json", "text/csv",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"])


#: The kinds of relation the upload offers, "auto" first: the loader's guess from the file's columns.
KIND_OPTIONS = [{"label": "Ties: detect", "value": "auto"}, {"label": "Ties: alliances", "value": "alliance"},
                {"label": "Ties: partners", "value": "partner"}, {"label": "Ties: hostile", "value": "hostile"}]


def _file_button(component_id: str, text: str, label: str) -> html.Div:
    # assets/atlas/page.js names the upload's file input from data-label (dcc.Upload gives it no name of its own)
    # and says when a file is refused for data-max-bytes (dcc.Upload drops it without a word)
    return html.Div(dcc.Upload(dbc.Button(text, color="light", size="sm", outline=True), id=component_id,
                               accept=ACCEPTED, max_size=MAX_UPLOAD_BYTES),
                    **{"data-label": label, "data-max-bytes": str(MAX_UPLOAD_BYTES)})


def buttons() -> list:
    """Upload data, what its ties are (detected, or chosen before or after), and Add as layer."""
    return [
        _file_button(ids.UPLOAD, "Upload data", "Upload a data file: CSV, Parquet, Excel (.xlsx) or JSON"),
        html.Div([html.Label("What the uploaded file's ties are", htmlFor=ids.UPLOAD_KIND, className="visually-hidden"),
                  dbc.Select(id=ids.UPLOAD_KIND, options=KIND_OPTIONS, value="auto", size="sm", className="upload-kind")],
                 title="What an uploaded file's ties are: detected from its columns (the MID files are hostile), or "
                       "alliances, partners (diplomatic ties), hostile (disputes, rivalries)"),
        _file_button(ids.LAYER_UPLOAD, "Add as layer",
                     "Add a file as a layer of the data shown: CSV, Parquet, Excel (.xlsx) or JSON"),
    ]


def layer_switches() -> html.Div:
    """One switch per layer the session added, to show or hide its ties (hidden until there is one)."""
    return html.Div([html.Label("Layers", htmlFor=ids.LAYER_SWITCHES, className="form-label fw-semibold mt-3"),
                     dbc.Checklist(id=ids.LAYER_SWITCHES, options=[], value=[], switch=True, className="small")],
                    id=ids.LAYERS_ROW, style={"display": "none"})


def alerts() -> html.Div:
    return html.Div(
        [
            dcc.Store(id=ids.UPLOAD_SESSION, storage_type="session"),
            dcc.Store(id=ids.LAYERS, storage_type="session", data=[]),
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
        State(ids.UPLOAD_KIND, "value"),
        prevent_initial_call=True,
    )
    def receive(contents, filename, kind):
        relation = chosen(kind)
        added = _kept(manager, contents, filename, relation)
        if isinstance(added, str):
            return no_update, no_update, no_update, added, "danger", True
        token, name, network = added
        session = {"token": token, "name": name, "relation": relation}
        return session, dataset_options(manager, session), UPLOAD, loaded(name, network), "success", True

    @app.callback(
        Output(ids.UPLOAD_SESSION, "data", allow_duplicate=True),
        Output(ids.UPLOAD_ALERT, "children", allow_duplicate=True),
        Output(ids.UPLOAD_ALERT, "color", allow_duplicate=True),
        Output(ids.UPLOAD_ALERT, "is_open", allow_duplicate=True),
        Input(ids.UPLOAD_KIND, "value"),
        State(ids.UPLOAD_SESSION, "data"),
        State(ids.DATASET, "value"),
        prevent_initial_call=True,
    )
    def read_again(kind, session, dataset):
        """A kind chosen while an upload is shown reads that upload again as that kind."""
        relation = chosen(kind)
        if dataset != UPLOAD or not session or session.get("relation") == relation:
            return no_update, no_update, no_update, no_update
        network = manager.upload(session["token"], relation)
        if network is None:  # gone: the dataset picker's fallback says so
            return no_update, no_update, no_update, no_update
        return {**session, "relation": relation}, loaded(session["name"], network), "success", True

    @app.callback(
        Output(ids.LAYERS, "data"),
        Output(ids.LAYER_SWITCHES, "value"),
        Output(ids.UPLOAD_ALERT, "children", allow_duplicate=True),
        Output(ids.UPLOAD_ALERT, "color", allow_duplicate=True),
        Output(ids.UPLOAD_ALERT, "is_open", allow_duplicate=True),
        Input(ids.LAYER_UPLOAD, "contents"),
        State(ids.LAYER_UPLOAD, "filename"),
        State(ids.UPLOAD_KIND, "value"),
        State(ids.LAYERS, "data"),
        State(ids.LAYER_SWITCHES, "value"),
        prevent_initial_call=True,
    )
    def add_layer(contents, filename, kind, layers, shown):
        """A file added as a layer of the data shown, switched on; states are matched by id."""
        added = _kept(manager, contents, filename, chosen(kind))
        if isinstance(added, str):
            return no_update, no_update, added, "danger", True
        token, name, network = added
        relation = network.layers[0][0]
        layer = {"token": token, "name": name, "relation": relation}
        message = f"Added {name} as a layer of {RELATION_NOUNS[relation]}: {described(network)}"
        return [*(layers or []), layer], [*(shown or []), token], message, "success", True

    @app.callback(
        Output(ids.LAYER_SWITCHES, "options"),
        Output(ids.LAYERS_ROW, "style"),
        Input(ids.LAYERS, "data"),
    )
    def list_layers(layers):
        options = [{"label": f"{layer['name']} ({RELATION_NOUNS[layer['relation']]})", "value": layer["token"]}
                   for layer in layers or []]
        return options, {"display": "block"} if options else {"display": "none"}


def chosen(kind) -> str | None:
    """The relation a kind choice asks for; None for "auto" (the loader's guess)."""
    return kind if kind in RELATIONS else None


def loaded(name: str, network) -> str:
    """What the alert says of an upload read: what its ties were read as (unless alliances), then
    :func:`described`."""
    relation = network.layers[0][0] if network.layers else "alliance"
    read_as = "" if relation == "alliance" else f" as {RELATION_NOUNS[relation]}"
    return f"Loaded {name}{read_as}: {described(network)}"


def described(network) -> str:
    """A file's size and span, and its warnings."""
    summary = f"{len(network.node_ids)} countries, {len(network)} ties, {network.span_label}."
    warnings = "; ".join(network.warnings)
    return summary + (f" {warnings[:1].upper()}{warnings[1:]}." if warnings else "")


def _kept(manager, contents, filename, relation: str | None):
    """(token, name, network) of an upload read and kept, or the alert's message saying why it was not."""
    name = shortened(filename) if isinstance(filename, str) and filename else "upload"
    if not isinstance(contents, str):
        return "Not loaded: the browser sent no file"
    try:
        payload = base64.b64decode(contents.split(",", 1)[-1], validate=True)
        token, network = manager.add_upload(payload, name, relation)
    except (binascii.Error, ValueError) as error:  # LoadError is a ValueError; others mean bad bytes
        message = str(error) if isinstance(error, (LoadError, UploadTooLarge)) else f"{name} could not be decoded"
        return f"Not loaded: {message}"
    except StoreUnavailable as error:  # still a message, not a 500
        return f"Not loaded: {error}"
    return token, name, network

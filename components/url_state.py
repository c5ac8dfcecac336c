"""The view in the URL: restored when the page opens, written (replaceState) when the view settles."""

from __future__ import annotations

from urllib.parse import parse_qs

from dash import ClientsideFunction, Input, Output, State, dcc, html

from alliance_atlas.datasets import DEFAULT, UPLOAD
from alliance_atlas.layout import LAYOUTS
from components import ids
from components.upload import dataset_options
from components.view_state import VIEW_INPUTS


def layout() -> html.Div:
    return html.Div([dcc.Location(id=ids.URL, refresh=False), dcc.Store(id=ids.URL_WRITER),
                     dcc.Store(id=ids.REQUESTED_VIEW), dcc.Store(id=ids.FRAME_LABELS)])


def parse_view(search: str | None, known: list[str], has_upload: bool, default: str = DEFAULT) -> tuple[dict, str | None]:
    """Control values from a query string, and a notice when the link names a dataset we lack.

    >>> parse_view("?dataset=korea&focus=PRK&date=2024-12&types=defense,rivalry", ["korea"], False)[0]["types"]
    ['defense', 'rivalry']
    >>> view, notice = parse_view("?dataset=elsewhere", ["korea"], False)
    >>> view["dataset"], notice.startswith("This link")
    ('korea', True)
    """
    query = {k: v[-1] for k, v in parse_qs((search or "").lstrip("?")).items()}
    dataset = query.get("dataset", default)
    notice = None
    if dataset not in known and not (dataset == UPLOAD and has_upload):
        notice = (f"This link points to a dataset this server does not have ({dataset!r}); "
                  f"showing {default!r} instead.")
        dataset = default
    depth = query.get("depth", "1")
    view = {
        "dataset": dataset,
        "date": query.get("date"),
        "focus": query.get("focus") or None,
        "depth": int(depth) if depth in ("1", "2") else 1,
        "types": query["types"].split(",") if query.get("types") else None,
        "layout": query.get("layout") if query.get("layout") in LAYOUTS else "force",
        "step": "year" if query.get("step") == "year" else "month",
    }
    return view, notice


def register(app, manager) -> None:
    @app.callback(
        Output(ids.DATASET, "options"),
        Output(ids.DATASET, "value"),
        Output(ids.STEP, "value"),
        Output(ids.DEPTH, "value"),
        Output(ids.LAYOUT, "value"),
        Output(ids.REQUESTED_VIEW, "data"),
        Output(ids.NOTICE, "children"),
        Output(ids.NOTICE, "is_open"),
        Input(ids.URL, "search"),
        State(ids.UPLOAD_SESSION, "data"),
    )
    def restore(search, upload_session):
        view, notice = parse_view(search, manager.ids, bool((upload_session or {}).get("token")), manager.default)
        # focus, types and date need the dataset's options first: configure applies them with the options
        requested = {"date": view["date"], "focus": view["focus"], "types": view["types"]}
        options = dataset_options(manager, upload_session)
        return options, view["dataset"], view["step"], view["depth"], view["layout"], requested, notice, notice is not None

    app.clientside_callback(
        ClientsideFunction(namespace="atlas", function_name="writeUrl"),
        Output(ids.URL_WRITER, "data"),
        Input(ids.SLIDER, "value"),
        *VIEW_INPUTS[:6],  # dataset, step, focus, depth, types, layout
        Input(ids.TICKER, "disabled"),
        State(ids.FRAME_LABELS, "data"),
        State(ids.TYPES, "options"),
        prevent_initial_call=True,
    )

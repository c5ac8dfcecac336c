"""The selection controls: focus country and depth, tie types, minimum weight, step, and the layout
toggle in the header. Their choices follow the dataset shown (its countries, types and weights)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, ctx, dcc, html, no_update

from alliance_atlas.blocs import blocs
from alliance_atlas.figures import type_label, type_style
from alliance_atlas.hosting.datasets import DEFAULT as STORY_DATASET
from alliance_atlas.hosting.datasets import UnknownDataset
from alliance_atlas.model import PARTNER_TYPES
from alliance_atlas.selection import DEPTHS
from components import ids, upload
from components.view_state import VIEW_INPUTS, ViewState

LAYOUT_CHOICES = [
    {"label": "Force", "value": "force"},
    {"label": "Moving", "value": "moving"},
    {"label": "Map", "value": "geo"},
    {"label": "Circle", "value": "circle"},
    {"label": "Matrix", "value": "matrix"},
]


def layout_toggle() -> html.Div:
    return html.Div(
        [
            html.Span("Layout", className="me-2 small text-light"),
            dbc.RadioItems(id=ids.LAYOUT, options=LAYOUT_CHOICES, value="force", inline=True,
                           className="btn-group layout-toggle", inputClassName="btn-check",
                           labelClassName="btn btn-sm btn-outline-light", labelCheckedClassName="active"),
        ],
        className="d-flex align-items-center",
    )


def sidebar() -> html.Div:
    return html.Div(
        [
            html.Label("Focus country", htmlFor=ids.FOCUS, className="form-label fw-semibold"),
            html.Div(
                [
                    # not clearable: Dash 4's dropdown toggles the first match on Enter, so Enter on the
                    # country already in focus would clear it; the button beside it clears instead
                    dcc.Dropdown(id=ids.FOCUS, placeholder="Type a country", clearable=False),
                    html.Button("×", id=ids.FOCUS_CLEAR, type="button", title="Clear the focus",
                                className="btn btn-sm btn-outline-secondary focus-clear",
                                **{"aria-label": "Clear the focus country"}),
                ],
                className="d-flex gap-1 align-items-center focus-row",
            ),
            html.Label("Find on the picture", htmlFor=ids.FIND, className="form-label small text-muted mt-2 mb-1"),
            # rings the state, marks its ties and centres it, in every frame until cleared (assets/atlas/find.js)
            dcc.Dropdown(id=ids.FIND, placeholder="Type a state", className="find-state"),
            html.Div(id=ids.FIND_STATUS, className="small text-muted find-status", role="status"),
            html.Div(
                [html.Span("Neighbourhood depth", className="small text-muted me-2"),
                 dbc.RadioItems(id=ids.DEPTH, options=[{"label": str(d), "value": d} for d in DEPTHS],
                                value=1, inline=True, className="d-inline-block")],
                className="mt-2",
            ),
            html.A("▶ The story: North Korea, December 2024", href=f"?dataset={STORY_DATASET}&focus=PRK&date=2024-12",
                   id=ids.STORY_LINK, className="story-link small"),
            html.P(
                ["Keys: ", html.Kbd("space"), " play/pause, ", html.Kbd("←"), " ", html.Kbd("→"), " step. ",
                 "Click a country to focus it; click a bar on the timeline to jump there."],
                className="small text-muted mt-2 mb-0",
            ),
            html.Hr(),
            html.Label("Tie types", className="form-label fw-semibold"),
            dbc.Checklist(id=ids.TYPES, className="type-checklist"),
            upload.layer_switches(),
            html.Div(
                dbc.Switch(id=ids.ALLIES, value=False, label="Count diplomatic relations as allies",
                           className="small mt-2"),
                id=ids.ALLIES_ROW,
                title="Off: diplomatic relations make partners; allies share an alliance or security tie.",
            ),
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
            html.Label("Colour states by", htmlFor=ids.COLOR, className="form-label fw-semibold"),
            dbc.RadioItems(id=ids.COLOR, options=[{"label": "Region", "value": "region"},
                                                  {"label": "Bloc", "value": "bloc"}], value="region", inline=True),
            dcc.Store(id=ids.BLOC_NAMES, data=[]),
            html.Div(
                [
                    html.Label("Rename a bloc", htmlFor=ids.BLOC_PICK, className="small text-muted mt-1"),
                    dcc.Dropdown(id=ids.BLOC_PICK, placeholder="choose a bloc", clearable=False, className="small"),
                    dbc.InputGroup([dbc.Input(id=ids.BLOC_NEW_NAME, placeholder="new name (empty: ours)", size="sm"),
                                    dbc.Button("Rename", id=ids.BLOC_RENAME, size="sm", color="secondary", outline=True)],
                                   size="sm", className="mt-1"),
                ],
                id=ids.BLOC_ROW,
                style={"display": "none"},
            ),
        ],
        className="sidebar",
    )


def type_options(network) -> list[dict]:
    options = []
    for kind in network.types:
        color, dash = type_style(kind)
        swatch = html.Span(className=f"swatch swatch-{dash}", style={"borderTopColor": color})
        options.append({"label": html.Span([swatch, type_label(kind)]), "value": kind})
    return options


def register(app, manager) -> None:
    # the state found is drawn in the browser, on whatever frame the network shows; the figure follows it
    app.clientside_callback(ClientsideFunction(namespace="atlas", function_name="findState"),
                            Output(ids.FIND_STATUS, "children"), Input(ids.FIND, "value"), Input(ids.NETWORK, "figure"))

    @app.callback(Output(ids.BLOC_PICK, "options"), Output(ids.BLOC_ROW, "style"), *VIEW_INPUTS)
    def list_blocs(*view):
        """In bloc colours, the blocs to rename, longest-lived first."""
        state = ViewState.from_values(manager, view)
        if state is None or state.selection.color != "bloc":
            return no_update, {"display": "none"}
        found = blocs(state.frames, state.selection)
        names = found.named(state.selection)
        lived = found.members.groupby("bloc").size().sort_values(ascending=False, kind="stable").index[:40]
        return [{"label": names[int(b)], "value": int(b)} for b in lived], {"display": "block"}

    @app.callback(Output(ids.BLOC_NAMES, "data", allow_duplicate=True), Input(ids.BLOC_RENAME, "n_clicks"),
                  State(ids.BLOC_PICK, "value"), State(ids.BLOC_NEW_NAME, "value"), State(ids.BLOC_NAMES, "data"),
                  prevent_initial_call=True)
    def rename_bloc(_, bloc, name, named):
        if bloc is None:
            return no_update
        kept = {int(b): n for b, n in named or []}
        kept.pop(int(bloc), None)
        # the name reaches plotly's legend, which reads some HTML, and the link's "3:name|5:name" syntax
        clean = "".join(c for c in (name or "") if c not in "<>|").strip()
        if clean:
            kept[int(bloc)] = clean
        return [[b, n] for b, n in sorted(kept.items())]

    @app.callback(Output(ids.FOCUS, "value", allow_duplicate=True), Input(ids.FOCUS_CLEAR, "n_clicks"),
                  prevent_initial_call=True)
    def clear_focus(_):
        return None

    @app.callback(
        Output(ids.FOCUS, "options"),
        Output(ids.FOCUS, "value", allow_duplicate=True),
        Output(ids.FIND, "options"),
        Output(ids.TYPES, "options"),
        Output(ids.TYPES, "value"),
        Output(ids.MIN_WEIGHT_ROW, "style"),
        Output(ids.MIN_WEIGHT, "min"),
        Output(ids.MIN_WEIGHT, "max"),
        Output(ids.MIN_WEIGHT, "step"),
        Output(ids.MIN_WEIGHT, "value"),
        Output(ids.STEP, "options"),
        Output(ids.STEP, "value", allow_duplicate=True),
        Output(ids.ALLIES_ROW, "style"),
        Output(ids.STORY_LINK, "style"),
        Input(ids.DATASET, "value"),
        Input(ids.UPLOAD_SESSION, "data"),
        Input(ids.LAYERS, "data"),
        Input(ids.LAYER_SWITCHES, "value"),
        Input(ids.REQUESTED_VIEW, "data"),
        State(ids.FOCUS, "value"),
        State(ids.TYPES, "value"),
        State(ids.MIN_WEIGHT, "value"),
        prevent_initial_call="initial_duplicate",
    )
    def configure(dataset, upload, layers, layers_shown, requested, focus, types, min_weight):
        """Choices of the dataset shown; a link's choices when a link was opened, else the user's
        where the new data has them (a new dataset shows all its types)."""
        try:
            state = ViewState.build(manager, dataset=dataset, upload=upload, layers=layers, layers_shown=layers_shown)
        except UnknownDataset:
            return (no_update,) * 14
        network = state.network
        if f"{ids.REQUESTED_VIEW}.data" in ctx.triggered_prop_ids and requested:
            focus, types, min_weight = requested.get("focus"), requested.get("types"), requested.get("min_weight")
        elif {f"{ids.DATASET}.value", f"{ids.UPLOAD_SESSION}.data", f"{ids.LAYERS}.data",
              f"{ids.LAYER_SWITCHES}.value"} & set(ctx.triggered_prop_ids):
            types = min_weight = None
        names = network.node_names(network.observed_until)
        countries = sorted(({"label": str(n), "value": str(i)} for i, n in zip(network.node_ids, names)),
                           key=lambda o: o["label"])
        kept = [t for t in (types or []) if t in network.types] or list(network.types)
        weights = network.edges["weight"]
        weighted = network.has_weights
        low, high = (float(weights.min()), float(weights.max())) if weighted else (0.0, 1.0)
        steps = [{"label": "Month", "value": "month", "disabled": network.precision != "day"},
                 {"label": "Year", "value": "year"}]
        return (
            countries,
            focus if focus in network.node_ids else None,
            countries,
            type_options(network),
            kept,
            {"display": "block"} if weighted else {"display": "none"},
            low,
            high,
            (high - low) / 100 or 1,
            min_weight if weighted else None,
            steps,
            # data known to the year only has no months: the toggle says so rather than tick one it cannot show
            no_update if network.precision == "day" else "year",
            {"display": "block"} if PARTNER_TYPES & set(network.types) else {"display": "none"},
            {"display": "block"} if dataset == STORY_DATASET else {"display": "none"},
        )

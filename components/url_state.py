"""The view in the URL: restored when the page opens, written (replaceState) when the view settles.

The query holds the dataset, the step, the date and every field of the selection; reading and
writing the selection's fields is :class:`~alliance_atlas.selection.Selection`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import parse_qs, urlencode

from dash import ClientsideFunction, Input, Output, State, dcc, html, no_update

from alliance_atlas.events import pair_change_table, sides_switched
from alliance_atlas.figures import network_figure
from alliance_atlas.figures.frame_book import frame_book, has_book
from alliance_atlas.figures.plot_area import DEFAULT_SIZE
from alliance_atlas.frames import frames_for, step_for
from alliance_atlas.hosting.datasets import DEFAULT, STORY_INVITATION, STORY_OPENING, UPLOAD, DatasetManager, UnknownDataset
from alliance_atlas.layout import MATRIX
from alliance_atlas.relations import RELATIONS
from alliance_atlas.selection import Selection
from alliance_atlas.tours import stop_query, tour_at
from alliance_atlas.views import dense_opening
from components import ids
from components.dataset_picker import dataset_options
from components.view_state import VIEW_INPUTS, ViewState, shown_layers


def layout() -> html.Div:
    return html.Div([dcc.Location(id=ids.URL, refresh=False), dcc.Store(id=ids.URL_WRITER),
                     dcc.Store(id=ids.VIEW_QUERY), dcc.Store(id=ids.REQUESTED_VIEW)])


@dataclass(frozen=True)
class Link:
    """What a link asks for, fitted to what this server has, and what it could not honour."""

    dataset: str
    step: str
    date: str | None
    selection: Selection
    problems: tuple[str, ...]
    #: why the view opens as a matrix (a dense frame, no layout asked for), or None
    opened_dense: str | None = None
    #: tokens of the session's layers the link shows
    layers_shown: tuple[str, ...] = ()
    #: what the link reads the session's upload as (``kind=``), or None
    relation: str | None = None
    #: a first visit's one line on the story it opens on, or None
    invitation: str | None = None


def link_fields(search: str | None) -> dict[str, str]:
    """A link's query as its fields, the last value of each.

    >>> link_fields("?tour=story&stop=2&stop=3")
    {'tour': 'story', 'stop': '3'}
    """
    return {key: values[-1] for key, values in parse_qs((search or "").lstrip("?")).items()}


def read_link(search: str | None, manager: DatasetManager, upload: dict | None, layers: list[dict] | None = None) -> Link:
    """The view a query string describes, for a session with ``upload`` and ``layers`` (as their stores
    hold them); a dataset this server lacks opens the default, a layer the session lacks is left out. No
    query at all, on the bundled data, is a first visit: it opens on the story (``STORY_OPENING``), with a
    line that says what it shows (a returning browser asks for its last view: assets/atlas/page.js).

    >>> manager = DatasetManager()
    >>> link = read_link("?dataset=korea&focus=North%20Korea&date=2024-12&types=defense,rivalry", manager, None)
    >>> link.dataset, link.date, link.selection.focus, link.selection.types, link.problems
    ('korea', '2024-12', 'PRK', ('defense', 'rivalry'), ())
    >>> read_link("?dataset=elsewhere&depth=9", manager, None).problems
    ("This server has no dataset called 'elsewhere'. Showing Korea's alliances and rivalries 1948–2025 instead.", 'depth must be 1 or 2, not 9')
    """
    query = link_fields(search)
    if not query and manager.default == DEFAULT:
        return replace(read_link("?" + urlencode(STORY_OPENING), manager, upload, layers), invitation=STORY_INVITATION)
    if "date" not in query and (opened := tour_at(query, manager.tours)) is not None:
        query = {**query, **stop_query(opened[1], opened[2])}  # ?tour=NAME opens on its stop's view
    dataset = query.get("dataset", manager.default)
    problems = []
    named = [entry for entry in query.get("layers", "").split("|") if entry]
    held = {f"{layer['relation']}:{layer['name']}": layer["token"] for layer in layers or ()}
    if missing_layers := [entry.partition(":")[2] or entry for entry in named if entry not in held]:
        problems.append(f"This link shows layers this browser session has not added ({', '.join(missing_layers)}): "
                        "only the session that added a file has it; add it with Add as layer.")
    shown = tuple(held[entry] for entry in named if entry in held)
    relation = query.get("kind") if dataset == UPLOAD and query.get("kind") in RELATIONS else None
    try:
        network = manager.network(dataset, (upload or {}).get("token"), relation or (upload or {}).get("relation"),
                                  shown_layers(layers, list(shown)))
    except UnknownDataset as missing:
        problems.append(f"{missing} Showing {manager.title(manager.default)} instead.")
        dataset, shown, relation = manager.default, (), None
        network = manager.network(dataset)
    selection, selection_problems = Selection.parse(query, network)
    step = "year" if query.get("step") == "year" else "month"
    opened_dense = None
    if "layout" not in query:
        frames = frames_for(network, step_for(network, step))
        frame = frames.nearest(query["date"]) if query.get("date") else None
        opened_dense = dense_opening(frames, len(frames) - 1 if frame is None else frame, selection)
        if opened_dense:
            selection = replace(selection, layout=MATRIX)
    return Link(dataset, step, query.get("date"), selection, (*problems, *selection_problems), opened_dense, shown,
                relation)


def warm_opening_view(manager: DatasetManager) -> None:
    """Work out once what the page a plain link opens needs (its network's positions, a matrix's blocs and
    frame book, the side panels' tables), so that a new server's first visitors do not wait for it (seconds
    on ATOP's matrix, in each worker)."""
    link = read_link(None, manager, None)
    network = manager.network(link.dataset)
    frames = frames_for(network, step_for(network, link.step))
    last = frames.nearest(link.date) if link.date else len(frames) - 1
    network_figure(frames, last, link.selection)
    if link.selection.layout == MATRIX and has_book(link.selection):  # the network's book is drawn for the
        frame_book(frames, link.selection, DEFAULT_SIZE)  # browser's size; the matrix's, for any
    pair_change_table(frames, link.selection, last)
    sides_switched(frames, link.selection)


def link_query(state: ViewState) -> dict[str, str]:
    """The query of a view without its date (the browser adds the frame shown when the view settles)."""
    return {"dataset": state.dataset, **({"step": "year"} if state.frames.step == "year" else {}),
            **({"layers": state.layers} if state.layers else {}), **({"kind": state.relation} if state.relation else {}),
            **state.selection.to_query()}


def register(app, manager: DatasetManager) -> None:
    @app.callback(
        Output(ids.DATASET, "options"),
        Output(ids.DATASET, "value"),
        Output(ids.STEP, "value"),
        Output(ids.DEPTH, "value"),
        Output(ids.LAYOUT, "value"),
        Output(ids.ALLIES, "value"),
        Output(ids.COMPARE, "value"),
        Output(ids.COLOR, "value"),
        Output(ids.BLOC_NAMES, "data"),
        Output(ids.SWITCH_WINDOW, "value"),
        Output(ids.REQUESTED_VIEW, "data"),
        Output(ids.NOTICE, "children"),
        Output(ids.NOTICE, "is_open"),
        Output(ids.NOTICE, "color"),
        Output(ids.LAYER_SWITCHES, "value", allow_duplicate=True),
        Output(ids.UPLOAD_KIND, "value", allow_duplicate=True),
        Input(ids.URL, "search"),
        State(ids.UPLOAD_SESSION, "data"),
        State(ids.LAYERS, "data"),
        prevent_initial_call="initial_duplicate",
    )
    def restore(search, upload, layers):
        link = read_link(search, manager, upload, layers)
        selection = link.selection
        # focus, types and weight need the dataset's choices first: the controls apply them with those
        requested = {"date": link.date, "focus": selection.focus, "min_weight": selection.min_weight,
                     "types": list(selection.types) if selection.types is not None else None}
        notice = " ".join((*link.problems, link.opened_dense or "", link.invitation or "")).strip()
        # a first visit's line ends with the way into the tour of the story
        shown = [notice, " ", html.A("Take the tour ▶", href="?tour=story", className="alert-link")] \
            if link.invitation else notice
        return (dataset_options(manager, upload), link.dataset, link.step, selection.depth, selection.layout,
                selection.allies == "all", selection.compare, selection.color, [list(n) for n in selection.bloc_names],
                selection.window, requested, shown, bool(notice),
                "warning" if link.problems else "info", list(link.layers_shown), link.relation or no_update)

    @app.callback(Output(ids.VIEW_QUERY, "data"), *VIEW_INPUTS)
    def describe(*view):
        state = ViewState.from_values(manager, view)
        return no_update if state is None else link_query(state)

    app.clientside_callback(
        ClientsideFunction(namespace="atlas", function_name="writeUrl"),
        Output(ids.URL_WRITER, "data"),
        Input(ids.SLIDER, "value"),
        Input(ids.VIEW_QUERY, "data"),
        Input(ids.TICKER, "disabled"),
        State(ids.FRAME_LABELS, "data"),
        State(ids.TOUR_STATE, "data"),
        prevent_initial_call=True,
    )

"""The side panel: what changed in this frame, one entry per partner, and a sortable table of the
ties in force."""

from __future__ import annotations

import re

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import numpy as np
from dash import ClientsideFunction, Input, Output, Patch, State, dcc, html, no_update

from alliance_atlas.events import compare_table, pair_change_table, records, text_columns, ties_in_force_columns
from alliance_atlas.figures import type_label
from alliance_atlas.figures.style import focus_name
from alliance_atlas.figures.timeline import ALLY_NOTE, SIGNS
from alliance_atlas.frames import Frames
from alliance_atlas.hosting.memo import per_frame_of_view
from alliance_atlas.news import focus_news
from alliance_atlas.relations import hostile_noun, hostile_only, plural_of
from alliance_atlas.selection import Selection
from components import ids
from components.view_state import VIEW_INPUTS, ViewState

URL_PATTERN = re.compile(r"https?://[^\s\"'<>]+")
#: The ties table's columns: key, header, share of the width, and widest useful width (a date needs
#: no more than one line; the names take what is left).
TABLE_COLUMNS = [("country", "Country", 5, None), ("partner", "Partner", 5, None), ("type", "Type", 5, None),
                 ("label", "Treaty / relation", 6, None), ("start", "Since", 5, 80), ("end", "Until", 5, 80)]
MOST_LISTED = 40
#: Rows on a page of the ties table.
TABLE_PAGE = 12


def changes() -> html.Div:
    return html.Div([html.H2(["What changed", html.Span(" · playing, shown when paused", className="playing-note")],
                             className="panel-title"),
                      html.Div(id=ids.CHANGES, className="changes-list")])


def text_version(chart: str, element_id: str) -> html.P:
    """A chart's text alternative: links to the lists beside it that carry the same facts in words.
    Read by screen readers, and shown when reached with Tab."""
    return html.P(
        [f"Text version of the {chart}: ", html.A("what changed in this frame", href=f"#{ids.CHANGES}"), " and ",
         html.A("the ties in force", href=f"#{ids.TIES_TABLE}"), "."],
        id=element_id, className="visually-hidden-focusable small mb-0 px-2",
    )


def ties_table() -> html.Div:
    """The ties in force, sortable, with one filter box for every column. AG Grid shares the panel's
    width out among the columns (flex, again whenever the panel resizes) and wraps long names and
    headers, so all six columns stay readable in a side panel ~300 px wide; a narrower one scrolls
    sideways rather than cutting words to "…". One box above the grid filters, since a filter row
    under six headers ~50 px wide leaves no room to type."""
    return html.Div(
        [
            html.H2(id=ids.TIES_TITLE, className="panel-title mt-3"),
            html.Label("Filter the ties in force", htmlFor=ids.TIES_FILTER, className="visually-hidden"),
            html.Div([dbc.Input(id=ids.TIES_FILTER, type="search", placeholder="filter ties", debounce=True,
                                size="sm"),
                      dbc.Button("CSV", id=ids.TIES_CSV, size="sm", color="secondary", outline=True,
                                 title="Download the rows shown (after the filter) as CSV")],
                     className="d-flex gap-1 mb-1"),
            dag.AgGrid(
                id=ids.TIES_TABLE,
                className="ties-table",
                columnDefs=[{"field": key, "headerName": name, "flex": share, "maxWidth": widest}
                            for key, name, share, widest in TABLE_COLUMNS],
                defaultColDef={"sortable": True, "suppressHeaderMenuButton": True, "wrapText": True, "autoHeight": True,
                               "wrapHeaderText": True, "autoHeaderHeight": True, "minWidth": 44, "cellClass": "ties-cell"},
                dashGridOptions={"pagination": True, "paginationPageSize": TABLE_PAGE, "paginationPageSizeSelector": False,
                                 "domLayout": "autoHeight", "headerHeight": 30},
                rowData=[],
                # a tie keeps its row from one frame to the next: the grid measures the wrapped height of
                # the rows a step brings, not of every row on the page
                getRowId="params.data.tie",
                # the grid writes the CSV itself, so it holds the rows as filtered and sorted; cells are made
                # safe for spreadsheets as the server's exports are (assets/spreadsheet_safe.js, export/tables.py)
                csvExportParams={"processCellCallback": {"function": "spreadsheetSafe(params.value)"}},
            ),
            # the rows as columns of text, which the server encodes far quicker than a list of rows, and
            # the name of their CSV file
            dcc.Store(id=ids.TIES_ROWS),
        ],
    )


def citation_link(citation: str):
    """A link (new tab) to the first URL in a citation; the citation as plain text when it has none."""
    match = URL_PATTERN.search(citation or "")
    if not match:
        return html.Span(citation or "no citation", className="text-muted")
    url = match.group(0).rstrip(".,;)")
    host = re.sub(r"^https?://(www\.)?", "", url).split("/")[0]
    return html.A(f"source: {host}", href=url, target="_blank", rel="noopener noreferrer", title=citation)


def type_labels(types: np.ndarray) -> np.ndarray:
    """The words for each tie type in ``types`` (one lookup per distinct type, not per tie).

    >>> type_labels(np.array(["defense", "defense", "rivalry"], dtype=object)).tolist()
    ['Defense', 'Defense', 'Rivalry']
    """
    distinct, where = np.unique(types.astype(str), return_inverse=True)
    return np.array([type_label(kind) for kind in distinct], dtype=object)[where]


def change_entry(who: str, rows: list[dict]) -> html.Li:
    """One partner's changes in this frame, each in words, with the ties behind them and their sources."""
    citations = dict.fromkeys(c.strip() for row in rows for c in row.get("citations", "").split(" | ") if c.strip())
    return html.Li(
        [
            html.Div([html.Span(who, className="fw-semibold")]
                     + [html.Div([html.Span(SIGNS[row["change"]], className=f"change-sign change-{row['change'].split()[-1]}"),
                                  row["what"]], className="small") for row in rows]),
            html.Div("; ".join(dict.fromkeys(row.get("ties") for row in rows if row.get("ties"))),
                     className="small text-muted"),
            html.Div([html.Span(citation_link(c), className="me-2") for c in citations], className="small"),
        ],
        className="change-item",
    )


def changes_listing(table, label: str, focused: bool, allies: str, hostile: str | None = None):
    """The "What changed" list: a count line, then one entry per partner (or pair). ``hostile`` names the
    ties ("dispute") of data whose ties are all hostile, which has no allies to count."""
    if table.empty:
        nothing = f"No {hostile} began or ended" if hostile else "No ally, partner or rival changed"
        return html.P(f"{nothing} in {label}.", className="text-muted small")
    who = table["partner"] if focused else table["country"] + " – " + table["partner"]
    return _listing(table, label, allies, list(grouped(records(table), who.tolist()).items()), hostile)


def compare_listing(table, focused: bool, allies: str, earlier: str, later: str, hostile: str | None = None):
    """What differs between two dates, grouped by country (by partner for a focus), with counts."""
    if table.empty:
        return html.P(f"Nothing differs between {earlier} and {later}.", className="text-muted small")
    if focused:
        groups = list(grouped(records(table), table["partner"].tolist()).items())
    else:
        table = table.assign(what=table["partner"] + ": " + table["what"])
        by_country = grouped(records(table), table["country"].tolist())
        groups = [(f"{country} ({len(rows)})", rows) for country, rows in sorted(by_country.items())]
    return _listing(table, f"{earlier} → {later}", allies, groups, hostile)


def grouped(rows: list[dict], keys: list[str]) -> dict[str, list[dict]]:
    """``rows`` by their keys, in the order each key first appears (a pandas groupby costs a column lookup
    per group, and an ATOP frame has a thousand groups)."""
    groups: dict[str, list[dict]] = {}
    for key, row in zip(keys, rows):
        groups.setdefault(key, []).append(row)
    return groups


def _listing(table, label: str, allies: str, groups: list[tuple[str, list[dict]]], hostile: str | None) -> html.Div:
    """Counts of allies gained, lost and changed (of disputes begun and ended, in data of disputes alone),
    what counts as an ally, then the groups' entries."""
    count = table["change"].value_counts()
    changed = int(count.reindex(["upgraded", "downgraded", "changed"]).fillna(0).sum())
    more = len(groups) - MOST_LISTED
    if hostile:
        begun = sum(count.get(name, 0) for name in count.index if name.endswith("begun"))
        ended = sum(count.get(name, 0) for name in count.index if name.endswith("ended"))
        counted = [html.P(f"{label}: {begun} {plural_of(hostile)} begun, {ended} ended", className="small mb-1")]
    else:
        counted = [html.P(f"{label}: {count.get('gained', 0)} allies gained, {count.get('lost', 0)} lost, "
                          f"{changed} changed", className="small mb-0"),
                   html.P(f"allies: {ALLY_NOTE[allies]}", className="small text-muted mb-1")]
    return html.Div([
        *counted,
        html.Ul([change_entry(name, rows) for name, rows in groups[:MOST_LISTED]], className="list-unstyled mb-0"),
        html.P(f"and {more} more (export the CSV for all)", className="small text-muted") if more > 0 else None,
    ])


@per_frame_of_view()
def frame_listing(frames: Frames, selection: Selection, frame: int):
    """The "What changed" list of a frame of a view (what changed in it, or since the compare date; with a
    focus, the news around it first), built once per worker: many clients step through the same views."""
    label = frames.labels[frame]
    focused, allies = selection.focus is not None, selection.allies
    hostile = hostile_noun(frames.network.types) if hostile_only(frames.network) else None
    if selection.compare:
        other = frames.labels[frames.nearest(selection.compare)]
        return compare_listing(compare_table(frames, selection, frame), focused, allies, *sorted((other, label)),
                               hostile=hostile)
    listing = changes_listing(pair_change_table(frames, selection, frame), label, focused, allies, hostile)
    news = focus_news(frames, selection, frame)
    if news.empty:
        return listing
    return html.Div([news_listing(news, frames, selection, frame), listing])


def news_listing(news, frames: Frames, selection: Selection, frame: int) -> html.Div:
    """The focus's news: what the states around it did with each other in this frame, one line each."""
    name = focus_name(frames, selection, frame)
    return html.Div([html.P(f"Around {name}", className="fw-semibold mb-1"),
                     html.Ul([html.Li(f"{line}.", className="small") for line in news["news"]],
                             className="focus-news mb-2")], className="focus-news-block")


def register(app, manager) -> None:
    @app.callback(
        Output(ids.CHANGES, "children"),
        Output(ids.TIES_ROWS, "data"),
        Output(ids.TIES_TITLE, "children"),
        Input(ids.SETTLED_FRAME, "data"),
        *VIEW_INPUTS,
    )
    def update(frame, *view):
        state = ViewState.from_values(manager, view)
        if state is None:
            return no_update, no_update, no_update
        frame = state.frames.clamp(frame)
        label = state.frames.labels[frame]
        listing = frame_listing(state.frames, state.selection, frame)
        ties = ties_in_force_columns(state.frames, frame, state.selection)
        del ties["citation"]
        ties["type"] = type_labels(ties["type"])
        title = f"Ties in force, {label} ({len(ties['type'])})"
        return listing, {**text_columns(ties), "file": f"{state.dataset}_ties_{label}.csv"}, title

    app.clientside_callback(ClientsideFunction(namespace="atlas", function_name="tableRows"),
                            Output(ids.TIES_TABLE, "rowData"), Input(ids.TIES_ROWS, "data"), prevent_initial_call=True)
    # the file is named at the click: a new name in the grid's options at every step would have AG Grid
    # go through all its options again on each settle
    app.clientside_callback(
        "function (clicks, rows, params) {"
        " return [Boolean(clicks), Object.assign({}, params, {fileName: (rows || {}).file})]; }",
        Output(ids.TIES_TABLE, "exportDataAsCsv"),
        Output(ids.TIES_TABLE, "csvExportParams"),
        Input(ids.TIES_CSV, "n_clicks"),
        State(ids.TIES_ROWS, "data"),
        State(ids.TIES_TABLE, "csvExportParams"),
        prevent_initial_call=True,
    )

    @app.callback(Output(ids.TIES_TABLE, "dashGridOptions"), Input(ids.TIES_FILTER, "value"), prevent_initial_call=True)
    def filter_ties(text):
        """AG Grid's quick filter: rows with the typed text in any column."""
        options = Patch()
        options["quickFilterText"] = text or ""
        return options

"""The side panel: what changed in this frame, one entry per partner, and a sortable table of the
ties in force."""

from __future__ import annotations

import re

from dash import Input, Output, dash_table, html, no_update

from alliance_atlas.events import compare_table, pair_change_table, ties_in_force
from alliance_atlas.figures import type_label
from alliance_atlas.figures.timeline import ALLY_NOTE, SIGNS
from components import ids
from components.view_state import VIEW_INPUTS, ViewState

URL_PATTERN = re.compile(r"https?://[^\s\"'<>]+")
TABLE_COLUMNS = [("country", "Country"), ("partner", "Partner"), ("type", "Type"), ("label", "Treaty / relation"),
                 ("start", "Since"), ("end", "Until")]
MOST_LISTED = 40


def changes() -> html.Div:
    return html.Div([html.H2("What changed", className="panel-title"), html.Div(id=ids.CHANGES, className="changes-list")])


def text_version(chart: str, element_id: str) -> html.P:
    """A chart's text alternative: links to the lists beside it that carry the same facts in words.
    Read by screen readers, and shown when reached with Tab."""
    return html.P(
        [f"Text version of the {chart}: ", html.A("what changed in this frame", href=f"#{ids.CHANGES}"), " and ",
         html.A("the ties in force", href=f"#{ids.TIES_TABLE}"), "."],
        id=element_id, className="visually-hidden-focusable small mb-0 px-2",
    )


def ties_table() -> html.Div:
    return html.Div(
        [
            html.H2(id=ids.TIES_TITLE, className="panel-title mt-3"),
            dash_table.DataTable(
                id=ids.TIES_TABLE,
                columns=[{"name": name, "id": key} for key, name in TABLE_COLUMNS],
                sort_action="native",
                filter_action="native",
                page_size=12,
                style_table={"overflowX": "auto"},
                style_cell={"fontSize": "12px", "fontFamily": "inherit", "padding": "3px 6px", "textAlign": "left",
                            "maxWidth": "180px", "overflow": "hidden", "textOverflow": "ellipsis"},
                style_header={"fontWeight": "600", "backgroundColor": "#f4f5f7"},
                tooltip_duration=None,
            ),
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


def changes_listing(table, label: str, focused: bool, allies: str):
    """The "What changed" list: a count line, then one entry per partner (or pair)."""
    if table.empty:
        return html.P(f"No ally, partner or rival changed in {label}.", className="text-muted small")
    who = table["partner"] if focused else table["country"] + " – " + table["partner"]
    groups = [(name, rows.to_dict("records")) for name, rows in table.assign(who=who).groupby("who", sort=False)]
    return _listing(table, label, allies, groups)


def compare_listing(table, focused: bool, allies: str, earlier: str, later: str):
    """What differs between two dates, grouped by country (by partner for a focus), with counts."""
    if table.empty:
        return html.P(f"Nothing differs between {earlier} and {later}.", className="text-muted small")
    if focused:
        groups = [(partner, rows.to_dict("records")) for partner, rows in table.groupby("partner", sort=False)]
    else:
        table = table.assign(what=table["partner"] + ": " + table["what"])
        groups = [(f"{country} ({len(rows)})", rows.to_dict("records")) for country, rows in table.groupby("country")]
    return _listing(table, f"{earlier} → {later}", allies, groups)


def _listing(table, label: str, allies: str, groups: list[tuple[str, list[dict]]]) -> html.Div:
    """Counts of allies gained, lost and changed, what counts as an ally, then the groups' entries."""
    count = table["change"].value_counts()
    changed = int(count.reindex(["upgraded", "downgraded", "changed"]).fillna(0).sum())
    more = len(groups) - MOST_LISTED
    return html.Div([
        html.P(f"{label}: {count.get('gained', 0)} allies gained, {count.get('lost', 0)} lost, {changed} changed",
               className="small mb-0"),
        html.P(f"allies: {ALLY_NOTE[allies]}", className="small text-muted mb-1"),
        html.Ul([change_entry(name, rows) for name, rows in groups[:MOST_LISTED]], className="list-unstyled mb-0"),
        html.P(f"and {more} more (export the CSV for all)", className="small text-muted") if more > 0 else None,
    ])


def register(app, manager) -> None:
    @app.callback(
        Output(ids.CHANGES, "children"),
        Output(ids.TIES_TABLE, "data"),
        Output(ids.TIES_TITLE, "children"),
        Input(ids.SLIDER, "value"),
        *VIEW_INPUTS,
    )
    def update(frame, *view):
        state = ViewState.from_values(manager, view)
        if state is None:
            return no_update, no_update, no_update
        frame = state.frames.clamp(frame)
        label = state.frames.labels[frame]
        focused, allies = state.selection.focus is not None, state.selection.allies
        if state.selection.compare:
            other = state.frames.labels[state.frames.nearest(state.selection.compare)]
            listing = compare_listing(compare_table(state.frames, state.selection, frame), focused, allies,
                                      *sorted((other, label)))
        else:
            listing = changes_listing(pair_change_table(state.frames, state.selection, frame), label, focused, allies)
        table = ties_in_force(state.frames, frame, state.selection)
        table["type"] = table["type"].map(type_label)
        title = f"Ties in force, {label} ({len(table)})"
        return listing, table.drop(columns="citation").to_dict("records"), title


"""The side panel: what changed in this frame, and a sortable table of the ties in force."""

from __future__ import annotations

import re

from dash import Input, Output, dash_table, html, no_update

from alliance_atlas.events import changes, ties_in_force
from alliance_atlas.figures import type_label, type_style
from components import ids
from components.view_state import VIEW_INPUTS, ViewState

URL_PATTERN = re.compile(r"https?://[^\s\"'<>]+")
TABLE_COLUMNS = [("country", "Country"), ("partner", "Partner"), ("type", "Type"), ("label", "Treaty / relation"),
                 ("start", "Since"), ("end", "Until")]
MOST_LISTED = 40


def layout() -> html.Div:
    return html.Div(
        [
            html.H6("What changed", className="panel-title"),
            html.Div(id=ids.CHANGES, className="changes-list"),
            html.H6(id=ids.TIES_TITLE, className="panel-title mt-3"),
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
        className="side-panel",
    )


def citation_link(citation: str):
    """A link (new tab) to the first URL in a citation; the citation as plain text when it has none."""
    match = URL_PATTERN.search(citation or "")
    if not match:
        return html.Span(citation or "no citation", className="text-muted")
    url = match.group(0).rstrip(".,;)")
    host = re.sub(r"^https?://(www\.)?", "", url).split("/")[0]
    return html.A(f"source: {host}", href=url, target="_blank", rel="noopener noreferrer", title=citation)


def change_item(row) -> html.Li:
    color, _ = type_style(row["type"])
    sign = "+" if row["change"] == "gained" else "−"
    return html.Li(
        [
            html.Span(sign, className=f"change-sign change-{row['change']}"),
            html.Span(row["partner"] if row["country"] == "" else f"{row['country']} – {row['partner']}",
                      className="fw-semibold"),
            html.Span(type_label(row["type"]), className="type-chip", style={"borderColor": color, "color": color}),
            html.Div(row["label"], className="small text-muted") if row["label"] else None,
            html.Div(citation_link(row["citation"]), className="small"),
        ],
        className="change-item",
    )


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
        changed = changes(state.frames, frame, state.selection)
        if state.selection.focus is not None:
            changed = changed.assign(country="")
        if changed.empty:
            listing = html.P(f"No tie began or ended in {label}.", className="text-muted small")
        else:
            items = [change_item(row) for row in changed.head(MOST_LISTED).to_dict("records")]
            more = len(changed) - MOST_LISTED
            listing = html.Div([
                html.P(f"{label}: {int((changed['change'] == 'gained').sum())} gained, "
                       f"{int((changed['change'] == 'lost').sum())} lost", className="small mb-1"),
                html.Ul(items, className="list-unstyled mb-0"),
                html.P(f"and {more} more (export the CSV for all)", className="small text-muted") if more > 0 else None,
            ])
        table = ties_in_force(state.frames, frame, state.selection)
        table["type"] = table["type"].map(type_label)
        title = f"Ties in force, {label} ({len(table)})"
        return listing, table.drop(columns="citation").to_dict("records"), title


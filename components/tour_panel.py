"""The guided tour: a region labelled "Tour" over the timeline strip, with the stop's caption and its
sources, Back / Next / Exit (and the keys Page Up, Page Down, Escape: assets/atlas/keys.js). A link with
``tour=NAME`` (``&stop=K``, from 1) opens it; each stop is a view the link machinery applies
(components/url_state.py reads the stop into the view), so a stop is a link like any other.
"""

from __future__ import annotations

from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, dcc, html, no_update

from alliance_atlas.hosting.datasets import DatasetManager
from alliance_atlas.tours import Tour, stop_query, tour_at
from components import ids
from components.url_state import link_fields


def layout() -> html.Div:
    return html.Div(
        [dcc.Store(id=ids.TOUR_STATE),
         html.Section(
             [html.Div(id=ids.TOUR_TEXT),
              html.Div(
                  [dbc.Button("◀ Back", id=ids.TOUR_BACK, size="sm", color="secondary", outline=True),
                   dbc.Button("Next ▶", id=ids.TOUR_NEXT, size="sm", color="primary"),
                   dbc.Button("Exit", id=ids.TOUR_EXIT, size="sm", color="link"),
                   html.Span("Page Down / Page Up, Esc", className="small text-muted ms-1")],
                  className="d-flex gap-2 align-items-center mt-1")],
             id=ids.TOUR, className="tour-panel", role="region", hidden=True,
             **{"aria-label": "Tour", "aria-live": "polite"})],
    )


def tour_stop(search: str | None, manager: DatasetManager) -> tuple[str, Tour, int] | None:
    """The tour a link opens and its stop (from 0), or None.

    >>> name, tour, stop = tour_stop("?tour=story&stop=99", DatasetManager())
    >>> name, stop == len(tour.stops) - 1
    ('story', True)
    >>> tour_stop("?tour=elsewhere", DatasetManager()) is None
    True
    """
    return tour_at(link_fields(search), manager.tours)


def stop_search(name: str, tour: Tour, stop: int) -> str:
    """The link of a tour's stop: its view, and where the tour stands."""
    return "?" + urlencode({**stop_query(tour, stop), "tour": name, "stop": stop + 1})


def _stop_text(tour: Tour, stop: int) -> list:
    shown = tour.stops[stop]
    sources = [html.A(f"source {number}", href=url, target="_blank", rel="noopener", className="me-2")
               for number, url in enumerate(shown.citations, start=1)]
    return [
        html.Div([html.Span("Tour", className="tour-kicker"), html.Strong(tour.title, className="ms-2"),
                  html.Span(f"stop {stop + 1} of {len(tour.stops)}", className="ms-2 text-muted small")],
                 className="tour-head"),
        html.P(shown.caption, className="tour-caption mb-1"),
        html.Div(sources, className="small tour-sources") if sources else None,
    ]


def register(app, manager: DatasetManager) -> None:
    @app.callback(Output(ids.TOUR_TEXT, "children"), Output(ids.TOUR, "hidden"), Output(ids.TOUR_STATE, "data"),
                  Output(ids.TOUR_BACK, "disabled"), Output(ids.TOUR_NEXT, "disabled"), Input(ids.URL, "search"))
    def show(search):
        """The tour's panel at the stop the link names (hidden without a tour)."""
        opened = tour_stop(search, manager)
        if opened is None:
            return [], True, None, True, True
        name, tour, stop = opened
        return (_stop_text(tour, stop), False, {"tour": name, "stop": stop + 1}, stop == 0,
                stop == len(tour.stops) - 1)

    @app.callback(Output(ids.URL, "search", allow_duplicate=True),
                  Input(ids.TOUR_BACK, "n_clicks"), Input(ids.TOUR_NEXT, "n_clicks"), Input(ids.TOUR_EXIT, "n_clicks"),
                  State(ids.TOUR_STATE, "data"), prevent_initial_call=True)
    def move(back, forward, leave, where):
        """Back, Next and Exit: the link of the stop before or after (its view applied as a link's), or, to
        leave, the link of the stop's view without the tour."""
        opened = tour_stop("?" + urlencode(where), manager) if isinstance(where, dict) and where else None
        if opened is None or not any((back, forward, leave)):
            return no_update
        name, tour, stop = opened
        if ctx.triggered_id == ids.TOUR_EXIT:
            return "?" + urlencode(stop_query(tour, stop))
        step = -1 if ctx.triggered_id == ids.TOUR_BACK else 1
        return stop_search(name, tour, min(max(stop + step, 0), len(tour.stops) - 1))

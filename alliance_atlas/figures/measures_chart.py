"""The measures strip: one small line chart per measure of :mod:`alliance_atlas.measures`, sharing the
time axis of the timeline above it, so a click on any of them moves the slider there."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from alliance_atlas.figures.style import TIME_AXIS_MARGINS, chart_layout, focus_name, possessive
from alliance_atlas.frames import Frames
from alliance_atlas.measures import measures
from alliance_atlas.selection import Selection

#: Each measure's row title, as a reader says it.
TITLES = {
    "blocs": "blocs",
    "modularity": "modularity",
    "polarization": "ties across blocs",
    "density": "density",
    "allies": "allies",
    "degree_centrality": "degree centrality",
    "s_score": "S score",
    "kappa": "kappa",
}
ROW_HEIGHT = 58


def measures_figure(frames: Frames, frame: int, selection: Selection = Selection(), reference: str | None = None,
                    reference_name: str | None = None, marker: bool = True) -> go.Figure:
    """The network's measures, and with a focus its own (against ``reference``, named ``reference_name``)."""
    table = measures(frames, selection, reference)
    shown = [column for column in TITLES if column in table.columns]
    x = pd.to_datetime(pd.Series(frames.bounds[:-1].astype("datetime64[D]")))
    figure = make_subplots(rows=len(shown), cols=1, shared_xaxes=True, vertical_spacing=0.02)
    name = focus_name(frames, selection, frame)
    heading = "<b>Measures over time</b> (blocs and polarization from defence and offence pacts)"
    if name is not None:
        heading += f"; below, {possessive(name)} own" + (f" (S and kappa: its portfolio against {reference_name}'s)"
                                                          if reference_name else "")
    figure.update_layout(chart_layout(frames, heading, None, frame if marker else None),
                         height=60 + ROW_HEIGHT * len(shown), margin=TIME_AXIS_MARGINS | {"t": 36, "b": 24},
                         hovermode="x unified", uirevision=f"{frames.network.name}|measures")
    for row, column in enumerate(shown, start=1):
        title = TITLES[column]
        figure.add_trace(go.Scatter(x=x, y=table[column], mode="lines", name=title, showlegend=False,
                                    line={"width": 1.5, "color": "#2b4f81" if row <= 4 else "#8c2d04"},
                                    hovertemplate=f"{title}: %{{y:.3~f}}<extra></extra>"), row=row, col=1)
        figure.update_yaxes(row=row, col=1, gridcolor="#eee", nticks=3, zeroline=False)
        # the row's name to its left, level (rotated axis titles of rows this low run into each other)
        figure.add_annotation(text=title, xref="paper", x=0, xshift=-40, xanchor="right", yref=f"y{row if row > 1 else ''} domain", y=0.5, showarrow=False,
                              font={"size": 10, "color": "#444"})
    figure.update_xaxes(type="date", gridcolor="#f3f3f3")
    return figure

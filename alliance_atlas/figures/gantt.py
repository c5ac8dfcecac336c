"""The focus Gantt chart: one row per partner of the focus country, a bar over each span of each tie."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from alliance_atlas.events import ally_spans
from alliance_atlas.figures.style import chart_layout, focus_name, type_label, type_style
from alliance_atlas.frames import Frames
from alliance_atlas.selection import Selection


def ally_gantt_figure(frames: Frames, frame: int, selection: Selection, marker: bool = True) -> go.Figure:
    """Each partner of the selection's focus over time: solid bars coloured by type (diplomatic
    relations thinner), since a dashed bar would read as broken off and on."""
    net = frames.network
    spans = ally_spans(frames, selection)
    figure = go.Figure()
    # the strongest type (first in the legend) is drawn last, on top of weaker ties on the same row
    for kind in reversed([t for t in net.types if t in set(spans["type"])]):
        rows = spans[spans["type"] == kind]
        color, _ = type_style(kind)
        gap = np.full(len(rows), None, dtype=object)
        x = np.column_stack([rows["start"].astype(str), rows["end"].astype(str), gap]).ravel()
        y = np.column_stack([rows["partner"], rows["partner"], gap]).ravel()
        hover = (rows["partner"] + " · " + type_label(kind) + "<br>" + rows["start"].astype(str) + " → "
                 + np.where(rows["open"], "in force", rows["end"].astype(str)) + "<br>" + rows["label"]).tolist()
        figure.add_trace(
            go.Scatter(x=x, y=y, mode="lines", name=type_label(kind), legendrank=net.types.index(kind),
                       line={"color": color, "width": 5 if kind == "diplomatic" else 10},
                       hovertext=np.column_stack([hover, hover, gap]).ravel(), hoverinfo="text", connectgaps=False)
        )
    partners = list(dict.fromkeys(spans["partner"]))
    name = focus_name(frames, selection, frame) or "No focus"
    figure.update_layout(
        chart_layout(frames, f"<b>{name}: each partner over time</b>", -0.22, frame if marker else None),
        margin={"l": 10, "r": 10, "t": 40, "b": 45},
        height=max(260, 60 + 18 * len(partners)),
        yaxis={"categoryorder": "array", "categoryarray": partners[::-1], "automargin": True, "gridcolor": "#f0f0f0"},
        xaxis={"type": "date", "range": [str(frames.start_date(0)), str(frames.last_date(len(frames) - 1))],
               "gridcolor": "#eee"},
        legend={"orientation": "h", "y": -0.12},
        uirevision=f"{net.name}|{selection.focus}",
    )
    return figure

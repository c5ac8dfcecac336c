"""The focus Gantt chart: one row per partner of the focus country, a bar over each span of each tie."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from alliance_atlas.events import ally_spans
from alliance_atlas.figures.style import chart_layout, focus_name, type_label, type_style
from alliance_atlas.frames import Frames
from alliance_atlas.selection import Selection

#: Pixels per partner row, and above the rows for the title, the key and the upper year axis: the
#: app keeps that many pixels of the chart in view as a header while the rows scroll beneath it.
ROW_HEIGHT = 18
HEADER_HEIGHT = 92
LEGEND_GAP = 24  # from the rows' top edge up to the key, clear of the upper axis' year labels
FOOTER_HEIGHT = 60  # below the rows: the lower year axis, then the source line
FOOTER_GAP = 45  # from the rows' bottom edge down to the source line


def ally_gantt_figure(frames: Frames, frame: int, selection: Selection, marker: bool = True) -> go.Figure:
    """Each partner of the selection's focus over time: solid bars coloured by type (diplomatic
    relations thinner), since a dashed bar would read as broken off and on. Years on the top and the
    bottom edge; the title, key and upper axis fill the top ``HEADER_HEIGHT`` pixels."""
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
    plot_height = max(ROW_HEIGHT * 6, ROW_HEIGHT * len(partners))
    span = [str(frames.start_date(0)), str(frames.last_date(len(frames) - 1))]
    # plotly draws an axis only for a trace on it: an invisible one carries the upper year axis
    figure.add_trace(go.Scatter(x=span, y=partners[:1] * 2, xaxis="x2", mode="markers", marker={"opacity": 0},
                                hoverinfo="skip", showlegend=False))
    figure.update_layout(
        chart_layout(frames, f"<b>{name}: each partner over time</b>", FOOTER_GAP,
                     frame if marker else None),
        margin={"l": 10, "r": 10, "t": HEADER_HEIGHT, "b": FOOTER_HEIGHT},
        height=HEADER_HEIGHT + plot_height + FOOTER_HEIGHT,
        yaxis={"categoryorder": "array", "categoryarray": partners[::-1], "range": [-0.5, max(len(partners), 1) - 0.5],
               "automargin": True, "gridcolor": "#f0f0f0", "fixedrange": True},
        # the years on both edges, and a copy of this header held in view by the app while the rows scroll
        xaxis={"type": "date", "range": span, "gridcolor": "#eee"},
        # ticks of its own ("auto"): without it, this overlaying axis' ticks landed hours early and
        # labelled 2000 as "1999"
        xaxis2={"type": "date", "range": span, "overlaying": "x", "side": "top", "showgrid": False, "tickmode": "auto"},
        # a key, not a switch: a hidden type would leave rows that look empty
        legend={"orientation": "h", "yanchor": "bottom", "y": 1 + LEGEND_GAP / plot_height, "x": 1, "xanchor": "right",
                "itemclick": False, "itemdoubleclick": False},
        uirevision=f"{net.name}|{selection.focus}",
    )
    return figure

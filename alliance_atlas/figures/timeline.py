"""The timeline: ties gained above the axis and lost below it per frame, and the allies line."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from alliance_atlas.events import change_names
from alliance_atlas.figures.style import chart_layout, focus_name
from alliance_atlas.frames import Frames
from alliance_atlas.selection import Selection


def timeline_figure(frames: Frames, frame: int, selection: Selection = Selection(), marker: bool = True) -> go.Figure:
    """Ties gained (above the axis) and lost (below) per frame, the count of allies or allied pairs
    over time, and a marker at ``frame`` (the app draws its own, see assets/atlas.js). A click anywhere in
    a frame's column reports that frame's date."""
    counts = frames.counts(selection)
    x = pd.to_datetime(pd.Series(frames.bounds[:-1].astype("datetime64[D]")))
    gained_names = change_names(frames, "gained", selection)
    lost_names = change_names(frames, "lost", selection)
    name = focus_name(frames, selection, frame)
    line_name = f"{name}'s allies" if name else "allied pairs"

    def hover(counts_of: pd.Series, verb: str, names: list[str]) -> list[str]:
        return [f"{n} {verb}<br>{listed}" if listed else f"{n} {verb}" for n, listed in zip(counts_of, names)]

    figure = go.Figure(
        [
            go.Bar(x=x, y=counts["gained"], name="ties gained", marker_color="#1B9E77",
                   hovertext=hover(counts["gained"], "gained", gained_names),
                   hovertemplate="%{x|%Y-%m}: %{hovertext}<extra></extra>"),
            go.Bar(x=x, y=-counts["lost"], name="ties lost", marker_color="#D95F02",
                   hovertext=hover(counts["lost"], "lost", lost_names),
                   hovertemplate="%{x|%Y-%m}: %{hovertext}<extra></extra>"),
            go.Scatter(x=x, y=counts["partners"], name=line_name, yaxis="y2", mode="lines",
                       line={"color": "#444", "width": 1.6, "shape": "hv"},
                       hovertemplate="%{x|%Y-%m}: %{y} " + line_name + "<extra></extra>"),
        ]
    )
    subject = f"{name}: allies gained and lost" if name else "Ties gained and lost"
    figure.update_layout(
        chart_layout(frames, f"<b>{subject}</b>, {frames.labels[0]}–{frames.labels[-1]}", -0.18,
                     frame if marker else None),
        barmode="relative",
        bargap=0.05,
        margin={"l": 50, "r": 50, "t": 40, "b": 45},
        hovermode="x unified",
        hoverdistance=-1,
        legend={"orientation": "h", "y": 1.12, "x": 1, "xanchor": "right"},
        yaxis={"title": "ties per " + frames.step, "zeroline": True, "zerolinecolor": "#888", "gridcolor": "#eee"},
        yaxis2={"title": line_name, "overlaying": "y", "side": "right", "showgrid": False, "rangemode": "tozero",
                "tickformat": "d", "tickmode": "auto"},
        xaxis={"type": "date", "gridcolor": "#f3f3f3"},
        uirevision=frames.network.name,
    )
    return figure

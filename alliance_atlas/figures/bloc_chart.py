"""The bloc chart: how many states each bloc holds over time (stacked), and the focus country's path
through the blocs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from alliance_atlas.blocs import blocs
from alliance_atlas.figures.network import bloc_color
from alliance_atlas.figures.style import TIME_AXIS_MARGINS, chart_layout, focus_name, possessive
from alliance_atlas.frames import Frames
from alliance_atlas.selection import Selection

MOST_BLOCS = 8


def bloc_figure(frames: Frames, frame: int, selection: Selection = Selection(), marker: bool = True) -> go.Figure:
    """Stacked areas of the largest blocs' sizes per frame (the rest as "other blocs"); with a focus
    country, a line through the middle of the band of the bloc it is in."""
    found = blocs(frames, selection)
    names = found.named(selection)
    sizes = found.sizes()
    largest = sizes.sum().sort_values(ascending=False, kind="stable").index[:MOST_BLOCS]
    x = pd.to_datetime(pd.Series(frames.bounds[:-1].astype("datetime64[D]")))
    figure = go.Figure()
    for bloc in largest:
        figure.add_trace(go.Scatter(x=x, y=sizes[bloc].to_numpy(), name=names[int(bloc)], stackgroup="blocs",
                                    mode="lines", line={"width": 0.5, "color": bloc_color(found, int(bloc))},
                                    hovertemplate="%{y} states<extra>" + names[int(bloc)] + "</extra>"))
    others = sizes.drop(columns=largest).sum(axis=1).to_numpy()
    if others.any():
        figure.add_trace(go.Scatter(x=x, y=others, name="other blocs", stackgroup="blocs", mode="lines",
                                    line={"width": 0.5, "color": "#cccccc"}))
    name = focus_name(frames, selection, frame)
    if name is not None:
        node = frames.network.node_index(selection.focus)
        mine = found.members[found.members["node"] == node].set_index("frame")["bloc"].reindex(range(len(frames)))
        tops = sizes[largest].cumsum(axis=1).to_numpy()
        bottoms = tops - sizes[largest].to_numpy()
        column = {int(bloc): i for i, bloc in enumerate(largest)}
        where = np.array([column.get(int(b), -1) if b == b else -1 for b in mine.to_numpy()])
        rows = np.arange(len(frames))
        middle = np.where(where >= 0, (tops[rows, np.maximum(where, 0)] + bottoms[rows, np.maximum(where, 0)]) / 2, np.nan)
        label = [names[int(b)] if b == b else "no bloc" for b in mine.to_numpy()]
        figure.add_trace(go.Scatter(x=x, y=middle, name=f"{possessive(name)} bloc", mode="lines", connectgaps=False,
                                    line={"color": "#111", "width": 2.5}, hovertext=label,
                                    hovertemplate=f"{name}: %{{hovertext}}<extra></extra>"))
    figure.update_layout(
        chart_layout(frames, f"<b>Blocs over time</b> (camps formed by defence pacts and military ties), {frames.labels[0]}–{frames.labels[-1]}",
                     45, frame if marker else None),
        # the legend at the right, a row per bloc: under the plot its rows of long names covered the years;
        # the margins are the measures strip's, so that the two time axes below each other line up
        margin=TIME_AXIS_MARGINS | {"t": 40, "b": 45},
        height=300,
        hovermode="x unified",
        legend={"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1, "yanchor": "top", "font": {"size": 10}},
        yaxis={"title": "states", "gridcolor": "#eee", "rangemode": "tozero"},
        xaxis={"type": "date", "gridcolor": "#f3f3f3"},
        uirevision=f"{frames.network.name}|blocs",
    )
    return figure

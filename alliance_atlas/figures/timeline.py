"""The timeline: allies gained above the axis and lost below it per frame, changes of ties as a quieter
third series, and the count of allies (or allied pairs) over time."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from alliance_atlas.countries import registry
from alliance_atlas.events import pair_change_table
from alliance_atlas.figures.style import chart_layout, focus_name, possessive, sentence, source_line
from alliance_atlas.frames import Frames
from alliance_atlas.pairs import ally_counts
from alliance_atlas.relations import hostile_noun, hostile_only
from alliance_atlas.selection import Selection
from alliance_atlas.switches import side_switches

ALLY_NOTE = {"security": "alliance and security ties", "all": "every tie but rivalry"}
#: Bars fill their frame's whole period (plotly's xperiod), so a month ~1 px wide at 1366 px still
#: answers a hover anywhere in its column, and its bar sits inside the frame marker, not under its edge.
#: Only the bars (and switch markers, centred likewise) answer hovers: the count line's points sit on
#: the frames' first days, so the nearest one is often the next frame's.
PERIODS = {"month": "M1", "year": "M12"}
HOVER_FORMATS = {"month": "%Y-%m", "year": "%Y"}
SIGNS = {"gained": "+", "lost": "−", "upgraded": "↑", "downgraded": "↓", "changed": "~",
         "partner gained": "+", "partner lost": "−", "rivalry begun": "⚔", "rivalry ended": "⚔",
         "dispute begun": "⚔", "dispute ended": "⚔"}


def change_hover(frames: Frames, selection: Selection, limit: int = 10) -> list[str]:
    """Per frame, each partner change in words ("− Syria: lost (military cooperation)"), at most
    ``limit`` a frame, then "and N more"."""
    table = pair_change_table(frames, selection)
    text = [""] * len(frames)
    if table.empty:
        return text
    who = table["partner"] if selection.focus in frames.network.node_ids else table["country"] + "–" + table["partner"]
    items = table["change"].map(SIGNS) + " " + who + ": " + table["what"]
    index = pd.Series(np.arange(len(frames)), index=frames.labels)
    for frame, group in items.groupby(table["frame"].map(index), sort=False):
        shown = group.head(limit).tolist()
        more = len(group) - len(shown)
        text[int(frame)] = "<br>".join(shown) + (f"<br>and {more} more" if more else "")
    return text


def switch_markers(frames: Frames, selection: Selection, x: pd.Series, allied: pd.Series) -> go.Scatter:
    """A labelled marker on the allies line where a side switch completes (for a focus country: the
    switches it takes part in)."""
    found = side_switches(frames, selection)
    net = frames.network
    if selection.focus in net.node_ids:
        focus = net.node_index(selection.focus)
        found = found[(found[["state", "left", "joined"]] == focus).any(axis=1)]
    frame = found["joined_frame"].to_numpy()
    day = frames.bounds[frame].astype("datetime64[D]")
    names = {side: registry().names_at(net.node_ids[found[side].to_numpy()], day) for side in ("state", "left", "joined")}
    text = [f"⇄ {state}" for state in names["state"]]
    hover = [f"{state} switched sides: {left} → {joined}" for state, left, joined in
             zip(names["state"], names["left"], names["joined"])]
    return go.Scatter(x=x.iloc[frame], y=allied.iloc[frame], yaxis="y2", mode="markers+text", name="side switch",
                      xperiod=PERIODS[frames.step], xperiodalignment="middle",
                      text=text, textposition="top center", textfont={"size": 10, "color": "#7b3294"},
                      marker={"symbol": "diamond", "size": 9, "color": "#7b3294"}, hovertext=hover,
                      hovertemplate="%{hovertext}<extra></extra>", showlegend=bool(len(found)))


def frame_bars(frames: Frames, x: pd.Series, y, name: str, color: str, **options) -> go.Bar:
    """One bar per frame filling the frame's whole period (see PERIODS), outlined in its own colour so
    a month under 2 px wide still reads as a solid mark."""
    return go.Bar(x=x, y=y, name=name, marker={"color": color, "line": {"color": color, "width": 1}},
                  xperiod=PERIODS[frames.step], xperiodalignment="middle", **options)


def _series_words(frames: Frames, selection: Selection, name: str | None) -> dict[str, str]:
    """What the timeline's bars, line and title say: allies gained and lost, or, for data whose ties are all
    hostile (a file of disputes), disputes begun and ended and the pairs in dispute."""
    if hostile_only(frames.network):
        plural = hostile_noun(frames.network.types, plural=True)
        return {"up": f"{plural}_begun", "down": f"{plural}_ended", "up_name": f"{plural} begun",
                "down_name": f"{plural} ended", "gained": "begun", "lost": "ended",
                "line": f"{possessive(name)} {plural}" if name else f"pairs in {hostile_noun(frames.network.types)}",
                "subject": f"{name}: {plural} begun and ended" if name else sentence(f"{plural} begun and ended"),
                "note": ""}
    return {"up": "allies_gained", "down": "allies_lost", "up_name": "allies gained", "down_name": "allies lost",
            "gained": "gained", "lost": "lost", "line": f"{possessive(name)} allies" if name else "allied pairs",
            "subject": f"{name}: allies gained and lost" if name else "Allies gained and lost",
            "note": f" <span style='font-size:11px;color:#666'>(allies: {ALLY_NOTE[selection.allies]})</span>"}


def timeline_figure(frames: Frames, frame: int, selection: Selection = Selection(), marker: bool = True) -> go.Figure:
    """Allies gained (above the axis) and lost (below) per frame, ties changed as pale bars, the
    count of allies or allied pairs over time, and a marker at ``frame`` (the app draws its own, see
    assets/atlas/timelines.js). A click anywhere in a frame's column reports that frame's date."""
    counts = ally_counts(frames, selection)
    x = pd.to_datetime(pd.Series(frames.bounds[:-1].astype("datetime64[D]")))
    name = focus_name(frames, selection, frame)
    words = _series_words(frames, selection, name)
    hover = change_hover(frames, selection)
    summary = [f"{g} {words['gained']}, {lost} {words['lost']}, {c} changed; {n} {words['line']}" for g, lost, c, n in
               zip(counts[words["up"]], counts[words["down"]], counts["ties_changed"], counts["allied"])]
    details = [f"{s}<br>{h}" if h else s for s, h in zip(summary, hover)]
    figure = go.Figure(
        [
            frame_bars(frames, x, counts[words["up"]], words["up_name"], "#1B9E77",
                       hovertext=details, hovertemplate="%{hovertext}<extra></extra>"),
            frame_bars(frames, x, -counts[words["down"]], words["down_name"], "#D95F02", hoverinfo="skip"),
            frame_bars(frames, x, counts["ties_changed"], "ties changed (same ally)", "#9E9E9E", opacity=0.55,
                       hoverinfo="skip"),
            go.Scatter(x=x, y=counts["allied"], name=words["line"], yaxis="y2", mode="lines",
                       line={"color": "#444", "width": 1.6, "shape": "hv"},
                       hoverinfo="skip"),
            switch_markers(frames, selection, x, counts["allied"]),
        ]
    )
    figure.update_layout(
        chart_layout(frames, f"<b>{words['subject']}</b>, {frames.labels[0]}–{frames.labels[-1]}{words['note']}",
                     None, frame if marker else None),
        barmode="relative",
        bargap=0.05,
        margin={"l": 50, "r": 30, "t": 34, "b": 45},
        hovermode="x unified",
        # bars fill their frame, so the frame under the cursor always answers; a side switch or a
        # point of the line joins the label only when it is within a few pixels, not months away
        hoverdistance=6,
        # the source line and the legend share one row under the years (the source as the legend's
        # title): the app's short strip has no room inside the plot, and the title's row holds the tool
        # bar; the legend names the line, so the right axis needs no title of its own
        legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0, "xanchor": "left",
                "font": {"size": 10},
                "title": {"text": source_line(frames, most=120) + " ·", "side": "left", "font": {"size": 10, "color": "#666"}}},
        yaxis={"title": "per " + frames.step, "zeroline": True, "zerolinecolor": "#888", "gridcolor": "#eee"},
        yaxis2={"overlaying": "y", "side": "right", "showgrid": False, "rangemode": "tozero",
                "tickformat": "d", "tickmode": "auto"},
        # no spike line: at ~1 px a month it would cover the bar being read
        xaxis={"type": "date", "gridcolor": "#f3f3f3", "hoverformat": HOVER_FORMATS[frames.step], "showspikes": False},
        uirevision=frames.network.name,
    )
    return figure

"""Pure figure functions: (frames, frame, options) -> plotly Figure, shared by the app and by export.

The network figure has a fixed list of traces whatever the frame (context ties, the "gained"
halo, one trace per tie type, "lost" ties, nodes, then legend-only region keys), so a slider step
only replaces arrays: :func:`network_arrays` gives exactly what changes, :func:`network_figure`
builds the whole figure from the same arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from alliance_atlas.countries import REGIONS
from alliance_atlas.events import ally_spans, change_names
from alliance_atlas.frames import Frames
from alliance_atlas.layout import positions

#: Okabe-Ito colours (colour-blind safe) with line styles, so ten types stay distinguishable.
TYPE_STYLES = {
    "defense": ("#0072B2", "solid"),
    "offense": ("#D55E00", "solid"),
    "neutrality": ("#009E73", "dot"),
    "nonaggression": ("#CC79A7", "dashdot"),
    "consultation": ("#E69F00", "longdash"),
    "entente": ("#56B4E9", "dot"),
    "strategic_partnership": ("#009E73", "solid"),
    "military_cooperation": ("#E69F00", "solid"),
    "diplomatic": ("#56B4E9", "solid"),
    "rivalry": ("#C0392B", "dash"),
}
OTHER_TYPE_STYLE = ("#7F7F7F", "longdashdot")
REGION_COLORS = {
    "Americas": "#8DA0CB",
    "Europe": "#A6D854",
    "Africa": "#FFD92F",
    "Middle East": "#E5C494",
    "Asia": "#FC8D62",
    "Oceania": "#66C2A5",
    "Unknown": "#B3B3B3",
}
GAINED_COLOR = "rgba(0, 200, 83, 0.45)"
LOST_COLOR = "rgba(120, 120, 120, 0.9)"
CONTEXT_COLOR = "rgba(170, 170, 170, 0.25)"
FONT = "Inter, system-ui, -apple-system, Segoe UI, Roboto, sans-serif"
PLOT_CONFIG = {"displaylogo": False, "showSendToCloud": False, "showEditInChartStudio": False, "showLink": False}


def type_style(kind: str) -> tuple[str, str]:
    """Colour and dash of a tie type."""
    return TYPE_STYLES.get(kind, OTHER_TYPE_STYLE)


def type_label(kind: str) -> str:
    """A tie type as a reader writes it.

    >>> type_label("strategic_partnership")
    'Strategic partnership'
    """
    return kind.replace("_", " ").capitalize()


@dataclass(frozen=True)
class ViewOptions:
    """What the user chose besides the frame; hashable so views can be cached."""

    layout: str = "force"
    types: tuple[str, ...] | None = None
    focus: str | None = None
    depth: int = 1
    min_weight: float | None = None


@dataclass(frozen=True)
class FrameView:
    """What one frame shows: one drawn line per allied pair, and per node its allies and standing."""

    frames: Frames
    frame: int
    options: ViewOptions
    pair_src: np.ndarray  # node index of each drawn pair's first end
    pair_tgt: np.ndarray
    pair_type: np.ndarray  # type code drawn (the first of the pair's types in TYPE_ORDER)
    pair_gained: np.ndarray  # bool: a tie of the pair started in this frame
    pair_lost: np.ndarray  # bool: every tie of the pair ends in this frame
    pair_in_focus: np.ndarray  # bool: both ends in the focus country's ego network (all True without focus)
    node_allies: np.ndarray  # allies (positive ties) per node in this frame
    node_rivals: np.ndarray
    node_in_focus: np.ndarray
    ties: np.ndarray  # indices of all ties in force (for tables and hover)

    @property
    def date(self) -> np.datetime64:
        return self.frames.start_date(self.frame)


def frame_view(frames: Frames, frame: int, options: ViewOptions = ViewOptions()) -> FrameView:
    """Compute the view of ``frame``: vectorised, no Python loop over ties."""
    net = frames.network
    ties = frames.edges_active(frame, options.types, min_weight=options.min_weight)
    n_nodes = len(net.node_ids)
    keys = net.src[ties].astype(np.int64) * n_nodes + net.tgt[ties]
    order = np.lexsort((net.type_code[ties], keys))
    sorted_ties, sorted_keys = ties[order], keys[order]
    starts = np.flatnonzero(np.concatenate([[True], sorted_keys[1:] != sorted_keys[:-1]])) if len(ties) else ties
    drawn = sorted_ties[starts]

    def any_in_pair(values: np.ndarray) -> np.ndarray:
        return np.maximum.reduceat(values.astype(np.int8), starts).astype(bool) if len(ties) else values.astype(bool)

    gained = any_in_pair(frames.gain_frame[sorted_ties] == frame)
    lost = ~any_in_pair(frames.loss_frame[sorted_ties] != frame)
    positive = any_in_pair(net.positive[sorted_ties])
    src, tgt = net.src[drawn], net.tgt[drawn]
    allies = np.bincount(src[positive], minlength=n_nodes) + np.bincount(tgt[positive], minlength=n_nodes)
    rivals = np.bincount(src[~positive], minlength=n_nodes) + np.bincount(tgt[~positive], minlength=n_nodes)

    in_focus = np.ones(n_nodes, dtype=bool)
    if options.focus is not None and options.focus in net.node_ids:
        in_focus = np.zeros(n_nodes, dtype=bool)
        in_focus[net.node_index(options.focus)] = True
        for _ in range(max(1, options.depth)):
            touching = in_focus[src] | in_focus[tgt]
            in_focus[src[touching]] = True
            in_focus[tgt[touching]] = True
    return FrameView(
        frames=frames,
        frame=frame,
        options=options,
        pair_src=src,
        pair_tgt=tgt,
        pair_type=net.type_code[drawn],
        pair_gained=gained,
        pair_lost=lost,
        pair_in_focus=in_focus[src] & in_focus[tgt],
        node_allies=allies,
        node_rivals=rivals,
        node_in_focus=in_focus,
        ties=ties,
    )


# --- the network figure -------------------------------------------------------------------------


def _segments(xy: np.ndarray, src: np.ndarray, tgt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Line coordinates a, b, NaN per pair, as float32 (plotly.js draws NaN as a gap)."""
    gap = np.full(len(src), np.nan, dtype=np.float32)
    x = np.column_stack([xy[src, 0], xy[tgt, 0], gap]).ravel()
    y = np.column_stack([xy[src, 1], xy[tgt, 1], gap]).ravel()
    return x.astype(np.float32), y.astype(np.float32)


def _node_hover(view: FrameView, names: np.ndarray, limit: int = 8) -> np.ndarray:
    """Name, counts and the first ``limit`` ties of each node, strongest types first.

    Labels are left out when every tie of the dataset has the same one (ATOP, COW), since they
    would say nothing. Sorting and cutting are numpy; only the final join loops, once per node.
    """
    net = view.frames.network
    ties = view.ties
    node = np.concatenate([net.src[ties], net.tgt[ties]])
    partner = np.concatenate([net.tgt[ties], net.src[ties]])
    rank = np.tile(net.type_code[ties], 2)
    alphabetical = np.argsort(np.argsort(names.astype(str)))
    order = np.lexsort((alphabetical[partner], rank, node))
    node, partner, rank, tie = node[order], partner[order], rank[order], np.tile(ties, 2)[order]
    first_of_node = np.searchsorted(node, node, side="left")
    keep = np.arange(len(node)) - first_of_node < limit
    kinds = np.array([type_label(t).lower() for t in net.types], dtype=object)
    items = names.astype(object)[partner[keep]] + " · " + kinds[rank[keep]]
    labels = net.edges["label"].to_numpy(dtype=object)
    if len(set(labels)) > 1:
        short = np.array([f" · {label[:50]}" if label else "" for label in labels[tie[keep]]], dtype=object)
        items = items + short
    kept_nodes = node[keep]
    bounds = np.flatnonzero(np.concatenate([[True], kept_nodes[1:] != kept_nodes[:-1], [True]])) if len(kept_nodes) else []
    listed = np.full(len(net.node_ids), "", dtype=object)
    for a, b in zip(bounds[:-1], bounds[1:]):
        listed[kept_nodes[a]] = "<br>".join(items[a:b])
    totals = np.bincount(node, minlength=len(net.node_ids))
    more = np.where(totals > limit, np.char.add(np.char.add("<br>… ", (totals - limit).astype(str)), " more"), "")
    counts = np.char.add(view.node_allies.astype(str), np.where(view.node_allies == 1, " ally", " allies"))
    rivals = np.where(view.node_rivals > 0, np.char.add(np.char.add(", ", view.node_rivals.astype(str)), " rival(s)"), "")
    header = "<b>" + names.astype(object) + "</b><br>" + counts.astype(object) + rivals.astype(object)
    return np.where(listed != "", header + "<br>" + listed + more.astype(object), header)


def _labels(view: FrameView, names: np.ndarray, most: int = 30) -> np.ndarray:
    """Names shown on the plot: the focus and its neighbourhood, else the best-connected nodes."""
    allies = view.node_allies + view.node_rivals
    shown = allies > 0
    if view.options.focus is not None and not view.node_in_focus.all():
        shown &= view.node_in_focus
    elif shown.sum() > most:
        shown &= allies >= np.sort(allies)[-most]
    return np.where(shown, names, "")


def network_arrays(view: FrameView) -> dict[int, dict]:
    """The frame-dependent data of each trace of the network figure, by trace index.

    Keys are plotly attribute paths (``"x"``, ``"marker.size"``); values are numpy arrays or lists.
    """
    net = view.frames.network
    xy = positions(net, view.options.layout).to_numpy(dtype=np.float64)
    names = net.node_names(view.date)
    xkey, ykey = ("lon", "lat") if view.options.layout == "geo" else ("x", "y")
    focus = view.pair_in_focus
    steady = ~view.pair_lost

    def lines(mask: np.ndarray) -> dict:
        x, y = _segments(xy, view.pair_src[mask], view.pair_tgt[mask])
        return {xkey: x, ykey: y}

    arrays = {0: lines(~focus & steady), 1: lines(focus & view.pair_gained & steady)}
    for code in range(len(net.types)):
        arrays[2 + code] = lines(focus & steady & (view.pair_type == code))
    arrays[2 + len(net.types)] = lines(view.pair_lost)

    degree = view.node_allies + view.node_rivals
    dim = 0.2 if view.options.focus is not None else 1.0
    arrays[3 + len(net.types)] = {
        "marker.size": (7 + 4 * np.sqrt(degree)).astype(np.float32) * np.where(degree > 0, 1, 0.6).astype(np.float32),
        "marker.opacity": np.where(view.node_in_focus, np.where(degree > 0, 0.95, 0.35), dim).astype(np.float32),
        "text": _labels(view, names).tolist(),
        "hovertext": _node_hover(view, names).tolist(),
    }
    return arrays


def frame_title(view: FrameView) -> str:
    """"North Korea's alliances, 2024-12" or "Alliances, 2024-12"."""
    net = view.frames.network
    label = view.frames.labels[view.frame]
    if view.options.focus is not None and view.options.focus in net.node_ids:
        name = net.node_names(view.date)[net.node_index(view.options.focus)]
        return f"<b>{name}'s alliances and rivalries, {label}</b>"
    return f"<b>Alliances and rivalries, {label}</b>"


def source_line(frames: Frames) -> str:
    """The dataset's citation, shortened for the foot of a chart."""
    net = frames.network
    citation = net.citation or "sources cited per tie"
    short = citation if len(citation) <= 110 else citation[:107] + "…"
    return f"Data: {net.name} — {short}"


def network_figure(frames: Frames, frame: int, options: ViewOptions = ViewOptions()) -> go.Figure:
    """The network at ``frame``: ties coloured and styled by type, gains highlighted, losses faded."""
    view = frame_view(frames, frame, options)
    net = frames.network
    arrays = network_arrays(view)
    geo = options.layout == "geo"
    line_trace = go.Scattergeo if geo else go.Scatter
    xy = positions(net, options.layout)
    step_name = frames.step
    traces = [
        line_trace(name="other ties", mode="lines", line={"color": CONTEXT_COLOR, "width": 1}, hoverinfo="skip",
                   showlegend=options.focus is not None),
        line_trace(name=f"gained this {step_name}", mode="lines", line={"color": GAINED_COLOR, "width": 9},
                   hoverinfo="skip"),
    ]
    for kind in net.types:
        color, dash = type_style(kind)
        traces.append(
            line_trace(name=type_label(kind), mode="lines", hoverinfo="skip", legendgroup=kind,
                       line={"color": color, "dash": dash, "width": 1.2 if kind == "diplomatic" else 2})
        )
    traces.append(
        line_trace(name=f"lost this {step_name}", mode="lines", hoverinfo="skip",
                   line={"color": LOST_COLOR, "dash": "dot", "width": 2.5}, opacity=0.9)
    )
    node_colors = net.nodes["region"].map(REGION_COLORS).fillna(REGION_COLORS["Unknown"]).tolist()
    node_position = {"lon": xy["x"].to_numpy(), "lat": xy["y"].to_numpy()} if geo else {"x": xy["x"].to_numpy(), "y": xy["y"].to_numpy()}
    traces.append(
        line_trace(
            name="states", mode="markers+text", showlegend=False, customdata=net.node_ids.tolist(),
            marker={"color": node_colors, "line": {"color": "#333", "width": 0.6}},
            textposition="top center", textfont={"size": 11, "color": "#222"}, hoverinfo="text",
            **node_position,
        )
    )
    for region in [r for r in (*REGIONS, "Unknown") if r in set(net.nodes["region"])]:
        traces.append(
            line_trace(name=region, mode="markers", legendgroup="regions", legendgrouptitle={"text": "Region"},
                       marker={"color": REGION_COLORS[region], "size": 10, "line": {"color": "#333", "width": 0.6}},
                       hoverinfo="skip", **({"lon": [None], "lat": [None]} if geo else {"x": [None], "y": [None]}))
        )
    figure = go.Figure(traces)
    for index, values in arrays.items():
        figure.data[index].update(nested(values))
    figure.update_layout(
        title={"text": frame_title(view), "x": 0.01, "xanchor": "left", "font": {"size": 17}},
        font={"family": FONT, "size": 12},
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
        paper_bgcolor="white",
        plot_bgcolor="white",
        legend={"title": {"text": "Ties"}, "itemsizing": "constant", "bgcolor": "rgba(255,255,255,0.85)",
                "groupclick": "toggleitem", "tracegroupgap": 8},
        hoverlabel={"align": "left", "bgcolor": "white", "font": {"size": 12}},
        uirevision=f"{net.name}|{options.layout}",
        annotations=[_source_annotation(frames)],
    )
    if geo:
        figure.update_geos(
            projection_type="natural earth", showcountries=True, countrycolor="#bbb", showland=True,
            landcolor="#f3f3ee", showocean=True, oceancolor="#eef4f8", showframe=False, resolution=50,
            fitbounds=False, lataxis_range=[-58, 84], lonaxis_range=[-180, 180],
        )
    else:
        axis = {"visible": False, "range": [-1.15, 1.15], "fixedrange": False}
        figure.update_layout(xaxis=axis, yaxis={**axis, "scaleanchor": "x", "scaleratio": 1})
    return figure


def _source_annotation(frames: Frames) -> dict:
    return {
        "text": source_line(frames), "showarrow": False, "xref": "paper", "yref": "paper", "x": 0, "y": -0.02,
        "xanchor": "left", "yanchor": "top", "font": {"size": 10, "color": "#666"},
    }


def nested(values: dict) -> dict:
    """{"marker.size": v} -> {"marker": {"size": v}} for ``trace.update``."""
    nested: dict = {}
    for path, value in values.items():
        head, _, tail = path.partition(".")
        if tail:
            nested.setdefault(head, {})[tail] = value
        else:
            nested[head] = value
    return nested


# --- the timeline -------------------------------------------------------------------------------


def timeline_figure(frames: Frames, frame: int, types=None, focus: str | None = None, marker: bool = True) -> go.Figure:
    """Ties gained (above the axis) and lost (below) per frame, the count of allies or allied pairs
    over time, and a marker at ``frame`` (the app draws its own, see assets/atlas.js). A click anywhere in
    a frame's column reports that frame's date."""
    net = frames.network
    counts = frames.counts(types, focus if focus in net.node_ids else None)
    focused = focus is not None and focus in net.node_ids
    x = pd.to_datetime(pd.Series(frames.bounds[:-1].astype("datetime64[D]")))
    gained_names = change_names(frames, "gained", types, focus if focused else None)
    lost_names = change_names(frames, "lost", types, focus if focused else None)
    name = net.node_names(frames.start_date(frame))[net.node_index(focus)] if focused else None
    line_name = f"{name}'s allies" if focused else "allied pairs"

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
    subject = f"{name}: allies gained and lost" if focused else "Ties gained and lost"
    figure.update_layout(
        title={"text": f"<b>{subject}</b>, {frames.labels[0]}–{frames.labels[-1]}", "x": 0.01, "font": {"size": 14}},
        barmode="relative",
        bargap=0.05,
        font={"family": FONT, "size": 11},
        margin={"l": 50, "r": 50, "t": 40, "b": 45},
        paper_bgcolor="white",
        plot_bgcolor="white",
        hovermode="x unified",
        hoverdistance=-1,
        legend={"orientation": "h", "y": 1.12, "x": 1, "xanchor": "right"},
        yaxis={"title": "ties per " + frames.step, "zeroline": True, "zerolinecolor": "#888", "gridcolor": "#eee"},
        yaxis2={"title": line_name, "overlaying": "y", "side": "right", "showgrid": False, "rangemode": "tozero",
                "tickformat": "d", "tickmode": "auto"},
        xaxis={"type": "date", "gridcolor": "#f3f3f3"},
        shapes=[marker_shape(frames, frame)] if marker else [],
        annotations=[_source_annotation(frames) | {"y": -0.18}],
        uirevision=net.name,
    )
    return figure


def marker_shape(frames: Frames, frame: int) -> dict:
    """The vertical band on the timeline at the slider's frame."""
    start = str(frames.start_date(frame))
    end = str(frames.last_date(frame) + 1)
    return {"type": "rect", "xref": "x", "yref": "paper", "x0": start, "x1": end, "y0": 0, "y1": 1,
            "fillcolor": "rgba(33, 113, 181, 0.25)", "line": {"color": "#2171b5", "width": 1.5}}


def ally_gantt_figure(frames: Frames, focus: str, frame: int, types=None, marker: bool = True) -> go.Figure:
    """One row per partner of ``focus``: a bar over each span of each tie, coloured and styled by type."""
    net = frames.network
    spans = ally_spans(frames, focus, types) if focus in net.node_ids else ally_spans(frames, "", types).head(0)
    figure = go.Figure()
    # the strongest type (first in the legend) is drawn last, on top of weaker ties on the same row
    for kind in reversed([t for t in net.types if t in set(spans["type"])]):
        rows = spans[spans["type"] == kind]
        color, dash = type_style(kind)
        gap = np.full(len(rows), None, dtype=object)
        x = np.column_stack([rows["start"].astype(str), rows["end"].astype(str), gap]).ravel()
        y = np.column_stack([rows["partner"], rows["partner"], gap]).ravel()
        hover = (rows["partner"] + " · " + type_label(kind) + "<br>" + rows["start"].astype(str) + " → "
                 + np.where(rows["open"], "in force", rows["end"].astype(str)) + "<br>" + rows["label"]).tolist()
        figure.add_trace(
            go.Scatter(x=x, y=y, mode="lines", name=type_label(kind), legendrank=net.types.index(kind),
                       line={"color": color, "dash": dash, "width": 5 if kind == "diplomatic" else 10},
                       hovertext=np.column_stack([hover, hover, gap]).ravel(), hoverinfo="text", connectgaps=False)
        )
    partners = list(dict.fromkeys(spans["partner"]))
    name = net.node_names(frames.start_date(frame))[net.node_index(focus)] if focus in net.node_ids else focus
    figure.update_layout(
        title={"text": f"<b>{name}: each partner over time</b>", "x": 0.01, "font": {"size": 14}},
        font={"family": FONT, "size": 11},
        margin={"l": 10, "r": 10, "t": 40, "b": 45},
        height=max(260, 60 + 18 * len(partners)),
        paper_bgcolor="white",
        plot_bgcolor="white",
        yaxis={"categoryorder": "array", "categoryarray": partners[::-1], "automargin": True, "gridcolor": "#f0f0f0"},
        xaxis={"type": "date", "range": [str(frames.start_date(0)), str(frames.last_date(len(frames) - 1))],
               "gridcolor": "#eee"},
        legend={"orientation": "h", "y": -0.12},
        shapes=[marker_shape(frames, frame)] if marker else [],
        annotations=[_source_annotation(frames) | {"y": -0.22}],
        uirevision=f"{net.name}|{focus}",
    )
    return figure

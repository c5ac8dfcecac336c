"""The look shared by every chart: colours per tie type and region, fonts, captions and the frame band."""

from __future__ import annotations

import textwrap

from typing import TYPE_CHECKING

import numpy as np

from alliance_atlas.frames import Frames
from alliance_atlas.model import TemporalNetwork
from alliance_atlas.pairs import type_names
from alliance_atlas.relations import ties_noun
from alliance_atlas.selection import Selection

if TYPE_CHECKING:
    from alliance_atlas.views import FrameView

#: One colour per type (Okabe-Ito's, colour-blind safe, then Paul Tol's indigo and wine and an ochre
#: where Okabe-Ito runs out), with line style as a second channel.
TYPE_STYLES = {
    "defense": ("#0072B2", "solid"),
    "offense": ("#D55E00", "solid"),
    "neutrality": ("#009E73", "dot"),
    "nonaggression": ("#CC79A7", "dashdot"),
    "consultation": ("#E69F00", "longdash"),
    "entente": ("#882255", "dot"),
    "strategic_partnership": ("#332288", "solid"),
    "military_cooperation": ("#8C6D31", "solid"),
    "diplomatic": ("#56B4E9", "solid"),
    "rivalry": ("#C0392B", "dash"),
    "dispute": ("#A50F15", "dot"),
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
#: Bloc colours, by palette slot (Paul Tol's muted and bright schemes: distinct from the type colours'
#: blue); as many as :data:`alliance_atlas.blocs.COLOR_SLOTS`.
BLOC_COLORS = ("#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99", "#999933", "#AA4499",
               "#EE7733", "#0077BB", "#33BBEE")
NO_BLOC_COLOR = "#D9D9D9"
MORE_BLOCS_COLOR = "#7A7A7A"
GAINED_COLOR = "rgba(0, 200, 83, 0.45)"
GAINED_EDGE_COLOR = "rgb(0, 200, 83)"  # the gained halo's green, opaque, for outlines drawn over colour
#: near black, dotted and wide: a tie lost this frame stands out from the pale lines around it (a grey one did not)
LOST_COLOR = "rgba(35, 35, 35, 0.95)"
COMPARE_LOST_COLOR = "rgba(213, 0, 0, 0.85)"
CONTEXT_COLOR = "rgba(170, 170, 170, 0.25)"
FONT = "Inter, system-ui, -apple-system, Segoe UI, Roboto, sans-serif"
PLOT_CONFIG = {"displaylogo": False, "showSendToCloud": False, "showEditInChartStudio": False, "showLink": False}


def change_names(frames: Frames, comparing: bool) -> tuple[str, str, str]:
    """Legend names of the gained and lost marks, and the colour of the lost (in compare mode they
    mean "only at one of the two dates")."""
    if comparing:
        return "only at the later date", "only at the earlier date", COMPARE_LOST_COLOR
    return f"gained this {frames.step}", f"lost this {frames.step}", LOST_COLOR


def type_style(kind: str) -> tuple[str, str]:
    """Colour and dash of a tie type."""
    return TYPE_STYLES.get(kind, OTHER_TYPE_STYLE)


def type_label(kind: str) -> str:
    """A tie type as a reader writes it.

    >>> type_label("strategic_partnership")
    'Strategic partnership'
    """
    return kind.replace("_", " ").capitalize()


def type_lists(network: TemporalNetwork, masks: np.ndarray) -> np.ndarray:
    """Per type bit mask (as :attr:`TemporalNetwork.type_bit`, OR-ed), its types strongest first, as a reader
    writes them; each distinct mask is written once.

    >>> import pandas as pd
    >>> net = TemporalNetwork(pd.DataFrame({"source": ["A", "A"], "target": ["B", "C"], "type": ["consultation",
    ...     "defense"], "start": pd.to_datetime(["1990", "1990"]), "end": [None, None]}), name="t")
    >>> type_lists(net, np.array([3, 2, 3])).tolist()
    ['defense, consultation', 'consultation', 'defense, consultation']
    """
    distinct, which = np.unique(masks, return_inverse=True)
    kinds = {kind: type_label(kind).lower() for kind in network.types}
    text = [", ".join(kinds[kind] for kind in type_names(network, int(mask))) for mask in distinct]
    return np.array(text, dtype=object)[which.reshape(np.shape(masks))]


#: Country names read with "the" in English ("the United States' alliances").
ARTICLE_NAMES = frozenset({"Netherlands", "Philippines", "Bahamas", "Gambia", "Comoros", "Maldives", "Seychelles",
                           "Marshall Islands", "Solomon Islands", "Vatican", "Holy See", "Soviet Union"})


def possessive(name: str) -> str:
    """A country's name as owner, as a reader writes it.

    >>> possessive("North Korea"), possessive("United States"), possessive("Philippines")
    ("North Korea's", "the United States'", "the Philippines'")
    """
    article = "the " if name in ARTICLE_NAMES or name.startswith("United ") or name.endswith(" Republic") else ""
    return f"{article}{name}{chr(39) if name.endswith('s') else chr(39) + 's'}"


def sentence(text: str) -> str:
    """``text`` with a capital first letter ("the United States'" opens a title as "The United States'")."""
    return text[:1].upper() + text[1:]


def focus_name(frames: Frames, selection: Selection, frame: int) -> str | None:
    """The focus country's name as on ``frame`` (the Soviet Union in 1970), or None without a focus."""
    net = frames.network
    if selection.focus is None or selection.focus not in net.node_ids:
        return None
    return str(net.node_names(frames.start_date(frame))[net.node_index(selection.focus)])


def source_line(frames: Frames, most: int | None = None) -> str:
    """The dataset and its citation for the foot of a chart: whole, or its first ``most`` characters in a
    row that holds one line and has the whole in the charts beside it (the timeline strip's legend)."""
    net = frames.network
    citation = net.citation or ("sources cited per tie" if net.edges["citation"].ne("").any() else "no sources given")
    line = f"Data: {net.name} — {citation}"
    return line if most is None or len(line) <= most else line[:most - 1] + "…"


#: The width a chart's source line is wrapped for when the chart's own is not known (the matrix is drawn
#: the same at every size; the time charts fill their panel).
SOURCE_WIDTH = 900


def source_annotation(frames: Frames, below: int, width: int | None = None) -> dict:
    """The source line as a plotly annotation ``below`` pixels under the plot area (pixels, not paper
    units, so that it clears the axis labels whatever the figure's height), wrapped to the figure's
    ``width`` in pixels: two lines in the foot's room, three in a smaller type where two do not hold it
    (ATOP's citation at a laptop's width), never cut."""
    text, size = source_line(frames), 10
    lines = textwrap.wrap(text, _chars_per_line(width or SOURCE_WIDTH, size))
    if len(lines) > 2:
        size = 8
        lines = textwrap.wrap(text, _chars_per_line(width or SOURCE_WIDTH, size))
    return {
        "text": "<br>".join(lines), "showarrow": False, "xref": "paper", "yref": "paper", "x": 0, "y": 0,
        "yshift": -below, "xanchor": "left", "yanchor": "top", "align": "left",
        "font": {"size": size, "color": "#666"},
    }


def _chars_per_line(width: int, font_size: int) -> int:
    """Characters of the chart font at ``font_size`` that fit in ``width`` pixels, less the margins (an
    average character is about 0.55 em wide).

    >>> _chars_per_line(1280, 10)
    229
    """
    return max(30, int((width - 20) / (0.55 * font_size)))


def marker_shape(frames: Frames, frame: int) -> dict:
    """The vertical band on a time axis at the slider's frame (exports draw it; the app moves its own),
    beneath the bars so a bar in the frame keeps its colour."""
    start = str(frames.start_date(frame))
    end = str(frames.last_date(frame) + 1)
    return {"type": "rect", "xref": "x", "yref": "paper", "x0": start, "x1": end, "y0": 0, "y1": 1,
            "fillcolor": "rgba(33, 113, 181, 0.25)", "line": {"color": "#2171b5", "width": 1.5}, "layer": "below"}


#: Left and right margins of the bloc chart and the measures strip, drawn one above the other: room for
#: the strip's row names at the left, the chart's legend at the right, and their years aligned.
TIME_AXIS_MARGINS = {"l": 150, "r": 200}


def chart_layout(frames: Frames, title: str, source_below: int | None, frame: int | None) -> dict:
    """Layout every time chart shares: title (HTML), font, white paper, the source line ``source_below``
    pixels under the plot (None: the chart places it itself) and the frame band (``frame`` None: no band)."""
    return {
        "title": {"text": title, "x": 0.01, "font": {"size": 14}},
        "font": {"family": FONT, "size": 11},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "shapes": [marker_shape(frames, frame)] if frame is not None else [],
        "annotations": [] if source_below is None else [source_annotation(frames, source_below)],
    }


def frame_title(view: FrameView) -> str:
    """"North Korea's alliances and rivalries, 2024-12", "Alliances, 2018" for data without rivalries,
    "Disputes, 2014" for a file of disputes (:func:`~alliance_atlas.relations.ties_noun`; in compare mode
    the dates read "2019-01 → 2025-06")."""
    label = view.frames.labels[view.frame]
    if view.compared is not None:
        earlier, later = sorted((view.frame, view.compared))
        label = f"{view.frames.labels[earlier]} → {view.frames.labels[later]}"
    name = focus_name(view.frames, view.selection, view.frame)
    what = ties_noun(view.frames.network.types)
    if name is not None:
        return f"<b>{sentence(possessive(name))} {what}, {label}</b>"
    return f"<b>{sentence(what)}, {label}</b>"

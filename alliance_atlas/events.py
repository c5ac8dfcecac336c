"""What changed: ties gained and lost per frame, tables of ties, and each ally's spans for a country."""

from __future__ import annotations

import numpy as np
import pandas as pd

from alliance_atlas.countries import registry
from alliance_atlas.frames import Frames
from alliance_atlas.model import OPEN
from alliance_atlas.selection import Selection

TIE_COLUMNS = ("change", "country", "partner", "type", "label", "start", "end", "citation")


def tie_table(frames: Frames, indices: np.ndarray, country: str | None = None, change: str = "",
              day=None) -> pd.DataFrame:
    """Rows for the ties ``indices``: names, type, label, dates, citation.

    Names are those in use on ``day`` (one date, e.g. the frame shown, or one per tie), or else on
    each tie's last day in force. With ``country``, ``country`` is always that country and ``partner`` the other side.
    """
    net = frames.network
    edges = net.edges.iloc[indices]
    source, target = edges["source"].to_numpy(dtype=object), edges["target"].to_numpy(dtype=object)
    if country is not None:
        swap = target == country
        source, target = np.where(swap, target, source), np.where(swap, source, target)
    last_seen = np.minimum(net.end_day[indices] - 1, frames.bounds[-1] - 1).astype("datetime64[D]") if day is None else day
    return pd.DataFrame(
        {
            "change": change,
            "country": registry().names_at(source, last_seen),
            "partner": registry().names_at(target, last_seen),
            "type": edges["type"].to_numpy(),
            "label": edges["label"].to_numpy(),
            "start": edges["start"].dt.strftime("%Y-%m-%d").to_numpy(),
            "end": edges["end"].dt.strftime("%Y-%m-%d").fillna("").to_numpy(),
            "citation": edges["citation"].to_numpy(),
        },
        columns=list(TIE_COLUMNS),
    )


def _focus(frames: Frames, selection: Selection) -> str | None:
    return selection.focus if selection.focus in frames.network.node_ids else None


def changes(frames: Frames, frame: int, selection: Selection = Selection()) -> pd.DataFrame:
    """Ties gained and lost in ``frame`` (gains first), for the selection's focus country if any."""
    day = frames.start_date(frame)
    country = _focus(frames, selection)
    gained = tie_table(frames, frames.edges_gained(frame, selection, touching_focus=True), country, "gained", day)
    lost = tie_table(frames, frames.edges_lost(frame, selection, touching_focus=True), country, "lost", day)
    return pd.concat([gained, lost], ignore_index=True)


def ties_in_force(frames: Frames, frame: int, selection: Selection = Selection()) -> pd.DataFrame:
    """All ties in force during ``frame``, for the selection's focus country if any."""
    indices = frames.edges_active(frame, selection, touching_focus=True)
    return tie_table(frames, indices, _focus(frames, selection), day=frames.start_date(frame)).drop(columns="change")


def all_changes(frames: Frames, selection: Selection = Selection()) -> pd.DataFrame:
    """Every tie gained or lost over the whole span, frame by frame (gains first within a frame), each
    named as on the first day of its frame; a ``frame`` column leads."""
    country = _focus(frames, selection)
    mask = selection.tie_mask(frames.network, touching_focus=True)
    tables = []
    for change, frame_of in (("gained", frames.gain_frame), ("lost", frames.loss_frame)):
        chosen = np.flatnonzero((frame_of >= 0) & (True if mask is None else mask))
        table = tie_table(frames, chosen, country, change, frames.bounds[frame_of[chosen]].astype("datetime64[D]"))
        tables.append(table.assign(order=frame_of[chosen]))
    table = pd.concat(tables, ignore_index=True).sort_values("order", kind="stable").reset_index(drop=True)
    table.insert(0, "frame", np.array(frames.labels, dtype=object)[table.pop("order").to_numpy()])
    return table


def change_names(frames: Frames, which: str, selection: Selection = Selection(), limit: int = 8) -> list[str]:
    """Per frame, the ties gained (``which="gained"``) or lost, as short text for hover labels.

    Lists at most ``limit`` ties a frame, then "and N more".
    """
    frame_of = frames.gain_frame if which == "gained" else frames.loss_frame
    country = _focus(frames, selection)
    mask = selection.tie_mask(frames.network, touching_focus=True)
    chosen = np.flatnonzero((frame_of >= 0) & (True if mask is None else mask))
    text = [""] * len(frames)
    if len(chosen) == 0:
        return text
    # a gain is named as on the day it began (a loss, by default, as on its last day)
    day = frames.network.start_day[chosen].astype("datetime64[D]") if which == "gained" else None
    table = tie_table(frames, chosen, country, day=day)
    pair = table["partner"] if country is not None else table["country"] + "–" + table["partner"]
    items = pd.DataFrame({"frame": frame_of[chosen], "item": pair + " (" + table["type"].str.replace("_", " ") + ")"})
    for frame, group in items.groupby("frame", sort=False):
        shown = group["item"].head(limit).tolist()
        more = len(group) - len(shown)
        text[int(frame)] = "<br>".join(shown) + (f"<br>and {more} more" if more else "")
    return text


def ally_spans(frames: Frames, selection: Selection) -> pd.DataFrame:
    """Each tie of the selection's focus country as a span clipped to the data's frames: partner, type,
    label, start, end (no rows without a focus).

    Sorted by partner's first start, so the chart reads top-down in the order allies arrived.
    """
    country = _focus(frames, selection)
    mask = selection.tie_mask(frames.network, touching_focus=True)
    indices = np.flatnonzero(mask) if country is not None and mask is not None else np.arange(0)
    table = tie_table(frames, indices, country)
    net = frames.network
    end_day = np.where(net.end_day[indices] == OPEN, frames.bounds[-1], net.end_day[indices])
    table["start"] = net.start_day[indices].astype("datetime64[D]")
    table["end"] = np.minimum(end_day, frames.bounds[-1]).astype("datetime64[D]")
    table["open"] = net.end_day[indices] == OPEN
    first_start = table.groupby("partner")["start"].transform("min")
    return table.assign(first=first_start).sort_values(["first", "partner", "start"]).drop(columns=["first", "change"])

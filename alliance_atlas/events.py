"""What changed, as tables: per partner (allies gained, lost, upgraded …), per tie, and each ally's spans."""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
import pandas as pd

from alliance_atlas.blocs import blocs
from alliance_atlas.countries import registry
from alliance_atlas.frames import Frames
from alliance_atlas.model import OPEN
from alliance_atlas.pairs import HOSTILE_CHANGES, hostile_changes, pair_changes, strongest, type_bits, type_names
from alliance_atlas.relations import signed
from alliance_atlas.selection import Selection
from alliance_atlas.switches import side_switches

TIE_COLUMNS = ("country", "partner", "type", "label", "start", "end", "citation")


def tie_table(frames: Frames, indices: np.ndarray, country: str | None = None, day=None) -> pd.DataFrame:
    """Rows for the ties ``indices``: names, type, label, dates, citation.

    Names are those in use on ``day`` (one date, e.g. the frame shown, or one per tie), or else on
    each tie's last day in force. With ``country``, ``country`` is always that country and ``partner`` the other side.
    """
    return pd.DataFrame(tie_columns(frames, indices, country, day), columns=list(TIE_COLUMNS))


def tie_columns(frames: Frames, indices: np.ndarray, country: str | None = None, day=None) -> dict[str, np.ndarray]:
    """The columns of :func:`tie_table` as arrays of Python text, without a DataFrame: the side panel
    takes them on every slider step (ATOP 2018's 7,478 ties), where pandas would turn them into Arrow
    strings and back. ``tie`` is each tie's index in the network, which names its row from frame to frame."""
    net = frames.network
    source, target = net.src[indices], net.tgt[indices]
    if country is not None:
        swap = target == net.node_index(country)
        source, target = np.where(swap, target, source), np.where(swap, source, target)
    if day is not None and np.ndim(day) == 0:  # the names of one day are worked out once per stretch
        names = net.node_names(day)
        country_names, partner_names = names[source], names[target]
    else:
        last_seen = np.minimum(net.end_day[indices] - 1, frames.bounds[-1] - 1).astype("datetime64[D]") if day is None else day
        country_names = registry().names_at(net.node_ids[source], last_seen)
        partner_names = registry().names_at(net.node_ids[target], last_seen)
    end_day = net.end_day[indices]
    is_open = end_day == OPEN
    return {
        "country": np.asarray(country_names, dtype=object),
        "partner": np.asarray(partner_names, dtype=object),
        "type": np.asarray(net.types, dtype=object)[net.type_code[indices]],
        "label": net.label_text[indices],
        "start": np.datetime_as_string(net.start_day[indices].astype("datetime64[D]")).astype(object),
        "end": np.where(is_open, "", np.datetime_as_string(np.where(is_open, 0, end_day).astype("datetime64[D]"))
                        ).astype(object),
        "citation": net.citation_text[indices],
        "tie": np.asarray(indices),
    }


def records(table: pd.DataFrame) -> list[dict]:
    """The rows of ``table`` as dicts of plain Python values, as ``to_dict("records")`` gives them in a
    fraction of the time (it boxes each value on its own).

    >>> records(pd.DataFrame({"partner": ["Syria"], "ties": [np.int64(2)]}))
    [{'partner': 'Syria', 'ties': 2}]
    """
    columns = list(table.columns)
    return [dict(zip(columns, row)) for row in zip(*(table[column].to_numpy().tolist() for column in columns))]


def text_columns(table: pd.DataFrame | dict[str, np.ndarray]) -> dict:
    """The rows of ``table`` (a DataFrame, or columns by name) as one array of text per column (empty for
    a missing value), which Dash's JSON encoder writes whole, where it visits each value of a list of
    rows; the browser makes the rows again (assets/atlas/page.js, tableRows).

    >>> text_columns(pd.DataFrame({"partner": ["Syria", None], "end": ["2024-12-08", ""]}))["values"][0].tolist()
    ['Syria', '']
    >>> text_columns({"label": np.array([None, "Treaty"], dtype=object)})["values"][0].tolist()
    ['', 'Treaty']
    """
    columns = list(table)
    cells = [np.asarray(table[column], dtype=object) for column in columns]
    return {"columns": columns, "values": [np.where(pd.isna(column), "", column).astype(str) for column in cells]}


PAIR_COLUMNS = ("frame", "country", "partner", "change", "what", "ties", "citations")


def pair_change_table(frames: Frames, selection: Selection = Selection(), frame: int | None = None) -> pd.DataFrame:
    """One row per partner change (in ``frame``, or over the whole span): who, what kind, in words, and
    the ties behind it (those that began or ended in the frame) with their citations.

    Names are as on the first day of the frame. With a focus country, ``country`` is the focus.

    >>> from alliance_atlas.io import load
    >>> from alliance_atlas.countries import DATA_DIR
    >>> months = Frames(load(DATA_DIR / "korea_alliances.csv"), "month")
    >>> table = pair_change_table(months, Selection(focus="PRK"), months.index_of("2024-12"))
    >>> table[["partner", "change", "what"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['Russia', 'changed', 'Russia–DPRK Treaty of Friendship, Good-Neighbourliness and Cooperation ended;
      defense continues'], ['Syria', 'lost', 'lost (military cooperation)'],
     ['Syria', 'partner lost', 'diplomatic relations ended']]
    """
    table = _pair_change_table(frames, selection)
    return table if frame is None else table[table["frame"].to_numpy() == frames.labels[frame]]


@functools.lru_cache(maxsize=32)
def _pair_change_table(frames: Frames, selection: Selection) -> pd.DataFrame:
    net = frames.network
    table = pair_changes(frames, selection)
    if table.empty:
        return pd.DataFrame(columns=list(PAIR_COLUMNS))
    day = frames.bounds[table["frame"].to_numpy()].astype("datetime64[D]")
    ties, citations, ended = ties_behind(frames, selection, table)
    ally_bits, partner_bits, rival_bits = type_bits(net, selection)
    counted = table["change"].map(lambda c: partner_bits if c.startswith("partner") else
                                  rival_bits if c in HOSTILE_CHANGES else ally_bits)
    describe = _Describer(net)
    what = [describe(change, before, during, after, bits, ended_labels)
            for change, before, during, after, bits, ended_labels in zip(
                table["change"], table["before"], table["during"], table["after"], counted, ended)]
    return pd.DataFrame({
        "frame": np.array(frames.labels, dtype=object)[table["frame"].to_numpy()],
        "country": registry().names_at(net.node_ids[table["a"].to_numpy()], day),
        "partner": registry().names_at(net.node_ids[table["b"].to_numpy()], day),
        "change": table["change"].to_numpy(),
        "what": what,
        "ties": ties,
        "citations": citations,
    }, columns=list(PAIR_COLUMNS))


def ties_behind(frames: Frames, selection: Selection, table: pd.DataFrame) -> tuple[list, list, list]:
    """For each row of a pair-change table, the ties of its pair that began or ended in its frame:
    one text for them all, their citations, and the labels of those that ended."""
    net = frames.network
    mask = selection.tie_mask(net, touching_focus=True)
    chosen = np.arange(len(net)) if mask is None else np.flatnonzero(mask)
    nodes = len(net.node_ids)
    keys = net.src[chosen].astype(np.int64) * nodes + net.tgt[chosen]
    if selection.focus in net.node_ids:
        focus = net.node_index(selection.focus)
        keys = focus * nodes + np.where(net.src[chosen] == focus, net.tgt[chosen], net.src[chosen])
    frame = np.concatenate([frames.gain_frame[chosen], frames.loss_frame[chosen]]).astype(np.int64)
    tie = np.concatenate([chosen, chosen])
    ended = np.repeat([False, True], len(chosen))
    slot = frame * nodes * nodes + np.concatenate([keys, keys])
    keep = frame >= 0
    slot, tie, ended = slot[keep], tie[keep], ended[keep]
    order = np.argsort(slot, kind="stable")
    slot, tie, ended = slot[order], tie[order], ended[order]
    edges = net.edges
    day = np.where(ended, edges["end"].to_numpy()[tie], edges["start"].to_numpy()[tie])
    labels = edges["label"].to_numpy(dtype=object)[tie]
    kinds = edges["type"].to_numpy(dtype=object)[tie]
    text = (np.where(labels != "", labels, kinds) + " (" + pd.Series(kinds).str.replace("_", " ").to_numpy(dtype=object)
            + np.where(ended, ", ended ", ", began ") + pd.Series(day).dt.strftime("%Y-%m-%d").fillna("").to_numpy(dtype=object)
            + ")")
    cites = edges["citation"].to_numpy(dtype=object)[tie]
    wanted = table["frame"].to_numpy(np.int64) * nodes * nodes + table["a"].to_numpy() * nodes + table["b"].to_numpy()
    first, last = np.searchsorted(slot, wanted, side="left"), np.searchsorted(slot, wanted, side="right")
    return (["; ".join(text[a:b]) for a, b in zip(first, last)],
            [" | ".join(dict.fromkeys(c for c in cites[a:b] if c)) for a, b in zip(first, last)],
            [[label for label, gone in zip(labels[a:b], ended[a:b]) if gone and label] for a, b in zip(first, last)])


class _Describer:
    """A pair's change in words: "lost (military cooperation)", "defense added to consultation"."""

    def __init__(self, network):
        self.network = network
        # a dataset whose ties all carry one label (ATOP, COW) says nothing by naming it
        self.names_treaties = network.edges["label"].nunique() > 1

    def listed(self, mask: int) -> str:
        return ", ".join(kind.replace("_", " ") for kind in type_names(self.network, mask))

    def __call__(self, change: str, before: int, during: int, after: int, counted: int, ended_labels: list[str]) -> str:
        if change in ("gained", "lost"):
            return f"{change} ({self.listed(during & counted)})"
        if change.startswith("partner"):
            return f"{self.listed(during & counted)} relations {'began' if change.endswith('gained') else 'ended'}"
        if change in HOSTILE_CHANGES:
            return change.replace("begun", "began")
        added, removed = during & ~before & counted, during & ~after & counted
        parts = []
        if added:
            parts.append(f"{self.listed(added)} added to {self.listed(before & counted)}")
        if removed:
            ended = "; ".join(dict.fromkeys(ended_labels)) if self.names_treaties and ended_labels else self.listed(removed)
            remaining = type_names(self.network, 1 << int(strongest(np.array([after & counted]))[0]))[0]
            parts.append(f"{ended} ended; {remaining.replace('_', ' ')} continues")
        return "; ".join(parts) + ("" if change == "changed" else f" ({change})")


COMPARE_COLUMNS = ("country", "partner", "change", "what", "earlier", "later")


def compare_table(frames: Frames, selection: Selection, frame: int) -> pd.DataFrame:
    """How the network (or the focus country's circle) differs between the selection's compare date
    and ``frame``: one row per pair whose allies, partners or rivals differ, grouped by country with
    the types at each date. Names are as at the later date.

    >>> from alliance_atlas.io import load
    >>> from alliance_atlas.countries import DATA_DIR
    >>> months = Frames(load(DATA_DIR / "korea_alliances.csv"), "month")
    >>> table = compare_table(months, Selection(focus="PRK", compare="2019-01"), months.index_of("2025-06"))
    >>> table[table["partner"].isin(["Syria", "Russia"])][["partner", "change", "what"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['Russia', 'upgraded', 'upgraded: consultation → defense, military cooperation'],
     ['Syria', 'lost', 'lost (military cooperation)'], ['Syria', 'partner lost', 'partner lost (diplomatic)']]
    """
    net = frames.network
    earlier, later = sorted((frames.nearest(selection.compare), frame))
    nodes = len(net.node_ids)
    focus = net.node_index(selection.focus) if _focus(frames, selection) else None

    def masks(at: int) -> pd.Series:
        ties = frames.edges_active(at, selection, touching_focus=True)
        a, b = net.src[ties].astype(np.int64), net.tgt[ties].astype(np.int64)
        if focus is not None:
            a, b = np.full(len(ties), focus), np.where(a == focus, b, a)
        bits = net.type_bit[ties]
        return pd.Series(bits).groupby(a * nodes + b).agg(np.bitwise_or.reduce)

    both = pd.concat({"earlier": masks(earlier), "later": masks(later)}, axis=1).fillna(0).astype(np.int64)
    ally_bits, partner_bits, rival_bits = type_bits(net, selection)
    rows = []
    for bits, names in ((ally_bits, ("gained", "lost")), (partner_bits, ("partner gained", "partner lost")),
                        (rival_bits, hostile_changes(net))):
        before, after = both["earlier"] & bits, both["later"] & bits
        kind = pd.Series("", index=both.index, dtype=object)
        kind[(before == 0) & (after != 0)] = names[0]
        kind[(before != 0) & (after == 0)] = names[1]
        if bits == ally_bits:
            moved = (before != 0) & (after != 0) & (before != after)
            rank_before, rank_after = strongest(before.to_numpy()), strongest(after.to_numpy())
            kind[moved & (rank_after < rank_before)] = "upgraded"
            kind[moved & (rank_after > rank_before)] = "downgraded"
            kind[moved & (rank_after == rank_before)] = "changed"
        hit = kind != ""
        rows.append(pd.DataFrame({"key": both.index[hit], "change": kind[hit], "before": before[hit], "after": after[hit]}))
    table = pd.concat(rows, ignore_index=True).sort_values("key", kind="stable")
    listed = _Describer(net).listed
    day = frames.start_date(later)
    ids = net.node_ids
    return pd.DataFrame({
        "country": registry().names_at(ids[(table["key"] // nodes).to_numpy()], day),
        "partner": registry().names_at(ids[(table["key"] % nodes).to_numpy()], day),
        "change": table["change"].to_numpy(),
        "what": [f"{change} ({listed(after)})" if change.endswith(("gained", "begun")) else
                 f"{change} ({listed(before)})" if change.endswith(("lost", "ended")) else
                 f"{change}: {listed(before)} → {listed(after)}"
                 for change, before, after in zip(table["change"], table["before"], table["after"])],
        "earlier": frames.labels[earlier],
        "later": frames.labels[later],
    }, columns=list(COMPARE_COLUMNS)).sort_values(["country", "partner"], kind="stable").reset_index(drop=True)


SWITCH_TABLE_COLUMNS = ("state", "left", "joined", "left_frame", "joined_frame", "state_id", "ties", "citations")


@functools.lru_cache(maxsize=32)
def switch_table(frames: Frames, selection: Selection = Selection()) -> pd.DataFrame:
    """Every side switch in words: the state, its old and new side (named as on the day it left and
    joined), the frames, and the ties behind it (the ties with the old side that ended, those with
    the new side that began) with their citations. Newest first.

    >>> from alliance_atlas.io import load
    >>> from alliance_atlas.countries import DATA_DIR
    >>> table = switch_table(Frames(load(DATA_DIR / "korea_alliances.csv"), "month"))
    >>> table.iloc[0][["state", "left", "joined", "left_frame", "joined_frame"]].tolist()
    ['Syria', 'North Korea', 'South Korea', '2024-12', '2025-04']
    """
    net = frames.network
    found = side_switches(frames, selection)
    if found.empty:
        return pd.DataFrame(columns=list(SWITCH_TABLE_COLUMNS))
    found = found.iloc[::-1].reset_index(drop=True)
    positive = dataclasses.replace(selection, focus=None, allies="all")
    sides = []
    for side, frame_column in (("left", "left_frame"), ("joined", "joined_frame")):
        low = np.minimum(found["state"], found[side]).to_numpy()
        high = np.maximum(found["state"], found[side]).to_numpy()
        sides.append(ties_behind(frames, positive, pd.DataFrame({"frame": found[frame_column], "a": low, "b": high})))
    labels = np.array(frames.labels, dtype=object)
    left_day = frames.bounds[found["left_frame"].to_numpy()].astype("datetime64[D]")
    joined_day = frames.bounds[found["joined_frame"].to_numpy()].astype("datetime64[D]")
    ids = net.node_ids
    return pd.DataFrame({
        "state": registry().names_at(ids[found["state"].to_numpy()], joined_day),
        "left": registry().names_at(ids[found["left"].to_numpy()], left_day),
        "joined": registry().names_at(ids[found["joined"].to_numpy()], joined_day),
        "left_frame": labels[found["left_frame"].to_numpy()],
        "joined_frame": labels[found["joined_frame"].to_numpy()],
        "state_id": ids[found["state"].to_numpy()],
        "ties": [f"{old}; {new}" for old, new in zip(sides[0][0], sides[1][0])],
        "citations": [" | ".join(dict.fromkeys(c for c in (old + " | " + new).split(" | ") if c))
                      for old, new in zip(sides[0][1], sides[1][1])],
    }, columns=list(SWITCH_TABLE_COLUMNS))


@functools.lru_cache(maxsize=32)
def bloc_switch_table(frames: Frames, selection: Selection = Selection()) -> pd.DataFrame:
    """States that left one bloc for another with the ties that show it (where the data has no
    rivalries, the sides are blocs), newest first, in the columns of :func:`switch_table`: ``ties``
    names the partners lost in the old bloc and gained in the new, ``citations`` their ties' sources."""
    found = blocs(frames, selection)
    names = found.named(selection)
    moved = found.switches.sort_values(["frame", "node"], ascending=[False, True], kind="stable").reset_index(drop=True)
    net = frames.network
    ids = net.node_ids
    labels = np.array(frames.labels, dtype=object)
    day = frames.bounds[moved["frame"].to_numpy()].astype("datetime64[D]")

    def partners(nodes: tuple, when) -> str:
        return ", ".join(registry().names_at(ids[list(nodes)], when))

    return pd.DataFrame({
        "state": registry().names_at(ids[moved["node"].to_numpy()], day),
        "left": [names[b] for b in moved["left"]],
        "joined": [names[b] for b in moved["joined"]],
        "left_frame": labels[moved["frame"].to_numpy() - 1],
        "joined_frame": labels[moved["frame"].to_numpy()],
        "state_id": ids[moved["node"].to_numpy()],
        "ties": [f"lost {partners(lost, when)}; gained {partners(gained, when)}"
                 for lost, gained, when in zip(moved["lost"], moved["gained"], day)],
        "citations": _camp_citations(frames, moved),
    }, columns=list(SWITCH_TABLE_COLUMNS))


def _camp_citations(frames: Frames, moved: pd.DataFrame) -> list[str]:
    """The sources of the ties between each moving state and the partners it lost and gained."""
    net = frames.network
    low, high = np.minimum(net.src, net.tgt).astype(np.int64), np.maximum(net.src, net.tgt).astype(np.int64)
    cited = pd.DataFrame({"low": low, "high": high, "citation": net.edges["citation"].to_numpy(dtype=object)})
    by_pair = cited[cited["citation"] != ""].groupby(["low", "high"])["citation"].agg(tuple)
    found = []
    for node, lost, gained in zip(moved["node"], moved["lost"], moved["gained"]):
        keys = [(min(node, partner), max(node, partner)) for partner in (*lost, *gained)]
        found.append(" | ".join(dict.fromkeys(c for key in keys for c in by_pair.get(key, ()))))
    return found


def sides_switched(frames: Frames, selection: Selection = Selection()) -> pd.DataFrame:
    """The side switches of the data: between rivals where it has hostile ties, else between blocs."""
    return switch_table(frames, selection) if signed(frames.network) else bloc_switch_table(frames, selection)


def _focus(frames: Frames, selection: Selection) -> str | None:
    return selection.focus if selection.focus in frames.network.node_ids else None


def ties_in_force(frames: Frames, frame: int, selection: Selection = Selection()) -> pd.DataFrame:
    """All ties in force during ``frame``, for the selection's focus country if any."""
    return pd.DataFrame(ties_in_force_columns(frames, frame, selection), columns=list(TIE_COLUMNS))


def ties_in_force_columns(frames: Frames, frame: int, selection: Selection = Selection()) -> dict[str, np.ndarray]:
    """:func:`ties_in_force` as columns of Python text (see :func:`tie_columns`)."""
    indices = frames.edges_active(frame, selection, touching_focus=True)
    return tie_columns(frames, indices, _focus(frames, selection), day=frames.start_date(frame))


def ally_spans(frames: Frames, selection: Selection) -> pd.DataFrame:
    """Each tie of the selection's focus country as a span clipped to the data's frames: partner, type,
    label, start, end (no rows without a focus). A partner is named as on the data's last day, so a
    state that was renamed (Burma, Myanmar) keeps one row.

    Sorted by partner's first start, so the chart reads top-down in the order allies arrived.
    """
    country = _focus(frames, selection)
    mask = selection.tie_mask(frames.network, touching_focus=True)
    indices = np.flatnonzero(mask) if country is not None and mask is not None else np.arange(0)
    table = tie_table(frames, indices, country, day=frames.last_date(len(frames) - 1))
    net = frames.network
    end_day = np.where(net.end_day[indices] == OPEN, frames.bounds[-1], net.end_day[indices])
    table["start"] = net.start_day[indices].astype("datetime64[D]")
    table["end"] = np.minimum(end_day, frames.bounds[-1]).astype("datetime64[D]")
    table["open"] = net.end_day[indices] == OPEN
    first_start = table.groupby("partner")["start"].transform("min")
    return table.assign(first=first_start).sort_values(["first", "partner", "start"]).drop(columns="first")

"""The data behind a view: CSV tables safe to open in a spreadsheet, and the dynamic network as GEXF."""

from __future__ import annotations

import io
import re

import networkx as nx
import numpy as np
import pandas as pd

from alliance_atlas.blocs import blocs
from alliance_atlas.countries import registry
from alliance_atlas.events import compare_table, pair_change_table, ties_in_force
from alliance_atlas.frames import Frames
from alliance_atlas.measures import measures
from alliance_atlas.model import OPEN
from alliance_atlas.pairs import ally_counts
from alliance_atlas.relations import hostile_noun, hostile_only, plural_of, signed
from alliance_atlas.selection import Selection
from alliance_atlas.switches import side_switches

#: A cell a spreadsheet may run as a formula (OWASP's list, widened): one that starts with a tab or a
#: carriage return, or whose first sign, past any quotes, spaces (Unicode's too) and zero-width or
#: byte-order marks a spreadsheet skips, is = + - @ or their fullwidth forms. The browser's own table
#: export uses the same pattern (assets/spreadsheet_safe.js); tests/fixtures/formula_cells.json has
#: the cases both are tested on.
FORMULA = re.compile("^(?:[\t\r]|[\"' \n\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]*"
                     "[=+\\-@\uff1d\uff0b\uff0d\uff20])")


def spreadsheet_safe(table: pd.DataFrame) -> pd.DataFrame:
    r"""Text cells that a spreadsheet would run as a formula get a leading apostrophe (OWASP advice).

    >>> spreadsheet_safe(pd.DataFrame({"label": ["=HYPERLINK(1)", "Treaty", "-1", "\u200b=1", "\uff1dSUM(A1)", '"=1']}))["label"].tolist()
    ["'=HYPERLINK(1)", 'Treaty', "'-1", "'\u200b=1", "'＝SUM(A1)", '\'"=1']
    """
    safe = table.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            text = safe[column].astype(str)
            risky = text.str.match(FORMULA)
            safe[column] = text.where(~risky, "'" + text)
    return safe


def ties_csv(frames: Frames, frame: int, selection: Selection) -> str:
    """The ties in force in ``frame`` (for the focus country, if any), with type, label and citation."""
    table = ties_in_force(frames, frame, selection)
    return spreadsheet_safe(table.assign(frame=frames.labels[frame])).to_csv(index=False)


def changes_csv(frames: Frames, selection: Selection, frame: int) -> str:
    """Every partner change, frame by frame (for the network or the focus country), with the ties
    behind each and their citations; in compare mode, what differs between the compare date and ``frame``."""
    table = compare_table(frames, selection, frame) if selection.compare else pair_change_table(frames, selection)
    return spreadsheet_safe(table).to_csv(index=False)


def timeline_csv(frames: Frames, selection: Selection) -> str:
    """The numbers the timeline chart draws, one row per frame, with the tie-level counts beside them; for
    data whose ties are all hostile, disputes (or rivalries) begun and ended and the pairs in dispute."""
    allies = ally_counts(frames, selection)
    ties = frames.counts(selection)
    focused = selection.focus in frames.network.node_ids
    if hostile_only(frames.network):
        noun = hostile_noun(frames.network.types)
        allies = allies[["frame", f"{plural_of(noun)}_begun", f"{plural_of(noun)}_ended", "allied"]]
        allied = plural_of(noun) if focused else f"pairs_in_{noun}"
    else:
        allied = "allies" if focused else "allied_pairs"
    table = allies.rename(columns={"allied": allied}).assign(
        ties_gained=ties["gained"], ties_lost=ties["lost"], ties_in_force=ties["ties"])
    return spreadsheet_safe(table).to_csv(index=False)


def blocs_csv(frames: Frames, selection: Selection) -> str:
    """One row per state and frame in a bloc: ``frame, state, name, bloc, bloc_name, confidence``
    (``state`` the node id, ``bloc`` a stable id, ``confidence`` the share of runs that agree; blank
    while a state is held in its old bloc until a move is confirmed)."""
    found = blocs(frames, selection)
    members = found.members
    ids = frames.network.node_ids[members["node"].to_numpy()]
    day = frames.bounds[members["frame"].to_numpy()].astype("datetime64[D]")
    names = found.named(selection)
    table = pd.DataFrame({"frame": np.array(frames.labels, dtype=object)[members["frame"].to_numpy()], "state": ids,
                          "name": registry().names_at(ids, day), "bloc": members["bloc"].to_numpy(),
                          "bloc_name": members["bloc"].map(names).to_numpy(),
                          "confidence": members["confidence"].round(3).to_numpy()})
    return spreadsheet_safe(table).to_csv(index=False)


SWITCH_CSV_COLUMNS = ("state", "name", "from", "to", "left", "joined", "lost", "gained", "kind")


def switches_csv(frames: Frames, selection: Selection) -> str:
    """One row per switch (:data:`SWITCH_CSV_COLUMNS`): between rivals where the data has hostile ties
    (``kind`` rival: ``from``/``to`` the sides left and joined), else between blocs (``kind`` bloc,
    ``from``/``to`` bloc names as in the blocs CSV); ``left``/``joined`` frames, ``lost``/``gained``
    the partners' ids separated by ``;``."""
    ids = frames.network.node_ids
    labels = np.array(frames.labels, dtype=object)
    if signed(frames.network):
        found = side_switches(frames, selection)
        day = frames.bounds[found["joined_frame"].to_numpy()].astype("datetime64[D]")
        table = pd.DataFrame({"state": ids[found["state"].to_numpy()], "from": ids[found["left"].to_numpy()],
                              "to": ids[found["joined"].to_numpy()], "left": labels[found["left_frame"].to_numpy()],
                              "joined": labels[found["joined_frame"].to_numpy()], "lost": ids[found["left"].to_numpy()],
                              "gained": ids[found["joined"].to_numpy()], "kind": "rival"})
        table["from"] = registry().names_at(table["from"].to_numpy(), day)
        table["to"] = registry().names_at(table["to"].to_numpy(), day)
    else:
        found = blocs(frames, selection)
        moves = found.switches
        names = found.named(selection)
        day = frames.bounds[moves["frame"].to_numpy()].astype("datetime64[D]")
        table = pd.DataFrame({"state": ids[moves["node"].to_numpy()], "from": moves["left"].map(names).to_numpy(),
                              "to": moves["joined"].map(names).to_numpy(), "left": labels[moves["frame"].to_numpy() - 1],
                              "joined": labels[moves["frame"].to_numpy()],
                              "lost": [";".join(ids[list(p)]) for p in moves["lost"]],
                              "gained": [";".join(ids[list(p)]) for p in moves["gained"]], "kind": "bloc"})
    table.insert(1, "name", registry().names_at(table["state"].to_numpy(), day))
    return spreadsheet_safe(table.reindex(columns=list(SWITCH_CSV_COLUMNS))).to_csv(index=False)


def measures_csv(frames: Frames, selection: Selection, reference: str | None = None) -> str:
    """The field's measures, one row per frame (:func:`alliance_atlas.measures.measures`)."""
    return spreadsheet_safe(measures(frames, selection, reference)).to_csv(index=False)


def gexf(frames: Frames, selection: Selection = Selection()) -> bytes:
    """The dynamic network for Gephi: one edge per pair and type, with spells (inclusive dates).

    GEXF spells include their end, so a spell ends on the tie's last day in force.
    """
    net = frames.network
    mask = selection.tie_mask(net, touching_focus=True)
    indices = np.arange(len(net)) if mask is None else np.flatnonzero(mask)
    graph = nx.MultiGraph(mode="dynamic", timeformat="date", name=net.name)
    names = net.nodes["name"]
    for node in np.unique(np.concatenate([net.src[indices], net.tgt[indices]])):
        country = net.node_ids[node]
        graph.add_node(country, label=str(names[country]), region=str(net.nodes.at[country, "region"]),
                       lat=float(net.nodes.at[country, "lat"]), lon=float(net.nodes.at[country, "lon"]))
    edges = net.edges.iloc[indices]
    last_days = np.where(net.end_day[indices] == OPEN, OPEN, net.end_day[indices] - 1)
    spells: dict[tuple[str, str, str], list] = {}
    for (source, target, kind, start), last in zip(edges[["source", "target", "type", "start"]].itertuples(index=False), last_days):
        end = None if last == OPEN else str(np.datetime64(int(last), "D"))
        spells.setdefault((source, target, kind), []).append((str(start)[:10], end))
    for (source, target, kind), spans in spells.items():
        graph.add_edge(source, target, key=kind, tie_type=kind, spells=sorted(spans))
    buffer = io.BytesIO()
    nx.write_gexf(graph, buffer)
    return buffer.getvalue()

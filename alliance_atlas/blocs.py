"""Blocs: communities of the positive-tie graph in each frame, matched frame to frame so they keep
their identity (a colour and a name) while their members change.

Each frame's blocs are networkx's Louvain communities (fixed seed) of the allied pairs in force (the
selection's ally setting decides whether diplomatic relations count), weighted by how many types of
tie the pair shares. A bloc of one frame continues the
bloc of the previous frame it overlaps most (Jaccard, greedy from the best match down), when it
overlaps it at least :data:`MIN_OVERLAP`; otherwise it is new. A bloc is named after the member
that is best connected within it in most of its frames ("United States bloc"). Computed once per dataset, step and
filters, and cached: never on the slider's path.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from alliance_atlas.countries import registry
from alliance_atlas.frames import Frames
from alliance_atlas.pairs import type_bits
from alliance_atlas.selection import Selection

SEED = 1961
MIN_OVERLAP = 0.3
#: Blocs smaller than this are not named or coloured (two states are a pair, not a bloc).
MIN_SIZE = 3


@dataclass(frozen=True)
class Blocs:
    """``members``: one row per frame and node in a bloc (``frame``, ``node``, ``bloc``); ``names``:
    bloc id -> name; ``colors``: bloc id -> index into a palette, never shared by blocs alive at once
    (while the palette lasts)."""

    frames: Frames
    members: pd.DataFrame
    names: dict[int, str]
    colors: dict[int, int]

    def named(self, selection: Selection) -> dict[int, str]:
        """Bloc names, with the ones the user gave (``selection.bloc_names``) in place of ours."""
        return self.names | dict(selection.bloc_names)

    def of_frame(self, frame: int) -> np.ndarray:
        """Bloc id of each node in ``frame`` (-1: in no bloc)."""
        blocs = np.full(len(self.frames.network.node_ids), -1, dtype=np.int64)
        rows = self.members[self.members["frame"].to_numpy() == frame]
        blocs[rows["node"].to_numpy()] = rows["bloc"].to_numpy()
        return blocs

    def sizes(self) -> pd.DataFrame:
        """Members of each bloc (columns) in each frame (rows, by label)."""
        table = self.members.groupby(["frame", "bloc"]).size().unstack(fill_value=0)
        return table.reindex(range(len(self.frames)), fill_value=0).set_axis(self.frames.labels)

    def switchers(self) -> pd.DataFrame:
        """States that moved from one bloc to another between consecutive frames: ``frame``, ``node``,
        ``left`` and ``joined`` (bloc ids)."""
        ordered = self.members.sort_values(["node", "frame"])
        previous = ordered.groupby("node")[["frame", "bloc"]].shift()
        moved = (previous["frame"] == ordered["frame"] - 1) & (previous["bloc"] != ordered["bloc"])
        return pd.DataFrame({"frame": ordered["frame"][moved], "node": ordered["node"][moved],
                             "left": previous["bloc"][moved].astype(np.int64), "joined": ordered["bloc"][moved]}
                            ).sort_values(["frame", "node"]).reset_index(drop=True)


def blocs(frames: Frames, selection: Selection = Selection()) -> Blocs:
    """The blocs of every frame (the selection's types, weight filter and ally setting apply; its
    focus, layout, compare date and colours do not, so changing them reuses the cached result).

    >>> from alliance_atlas.model import TemporalNetwork
    >>> edges = pd.DataFrame({"source": ["A", "A", "B", "D", "D", "E", "C"], "target": ["B", "C", "C", "E", "F", "F", "D"],
    ...     "type": ["defense"] * 7, "start": pd.to_datetime(["1990"] * 6 + ["1995"]),
    ...     "end": pd.to_datetime([None] * 6 + ["1997"])})
    >>> found = blocs(Frames(TemporalNetwork(edges, name="demo"), "year"))
    >>> found.of_frame(0).tolist(), found.of_frame(6).tolist(), sorted(found.names.values())
    ([0, 0, 0, 1, 1, 1], [0, 0, 0, 1, 1, 1], ['A bloc', 'D bloc'])
    """
    return _blocs(frames, selection.filters())


@functools.lru_cache(maxsize=16)
def _blocs(frames: Frames, selection: Selection) -> Blocs:
    net = frames.network
    ally_bits, _, _ = type_bits(net, selection)
    mask = selection.tie_mask(net)
    is_ally = (net.type_bit & ally_bits) != 0
    chosen = np.flatnonzero(is_ally & (True if mask is None else mask))
    # the graph only changes in frames where a tie begins, or ends in the frame before
    n = len(frames)
    changes = np.bincount(frames.first_frame[chosen], minlength=n + 1)[:n] + \
        np.bincount(frames.last_frame[chosen] + 1, minlength=n + 1)[:n]
    rows, previous, next_id = [], {}, 0
    leaders: dict[int, list[tuple[int, float]]] = {}
    labels, communities, leads = [], [], []
    colors: dict[int, int] = {}
    for frame in range(n):
        if frame == 0 or changes[frame]:
            ties = chosen[(frames.first_frame[chosen] <= frame) & (frames.last_frame[chosen] >= frame)]
            weights = pd.Series(1, index=net.src[ties].astype(np.int64) * len(net.node_ids) + net.tgt[ties]).groupby(level=0).sum()
            graph = nx.Graph()
            graph.add_weighted_edges_from((int(k // len(net.node_ids)), int(k % len(net.node_ids)), float(w))
                                          for k, w in weights.items())
            communities = [c for c in nx.community.louvain_communities(graph, weight="weight", seed=SEED)
                           if len(c) >= MIN_SIZE]
            labels, next_id = _match(previous, communities, next_id)
            in_use = {colors[bloc] for bloc in labels if bloc in colors}
            for bloc in labels:
                if bloc not in colors:
                    colors[bloc] = next(i for i in range(len(labels) + len(in_use) + 1) if i not in in_use)
                    in_use.add(colors[bloc])
            degree = dict(graph.degree(weight="weight"))
            leads = [max(sorted(members), key=lambda node: degree[node]) for members in communities]
            previous = dict(zip(labels, communities))
        for bloc, members, lead in zip(labels, communities, leads):
            rows.append((frame, bloc, members))
            leaders.setdefault(bloc, []).append(lead)
    members = pd.DataFrame([(frame, node, bloc) for frame, bloc, nodes in rows for node in sorted(nodes)],
                           columns=["frame", "node", "bloc"], dtype=np.int64)
    return Blocs(frames, members, _names(net, members, leaders), colors)


def _names(net, members: pd.DataFrame, leaders: dict[int, list[int]]) -> dict[int, str]:
    """Each bloc after the member that led it in most frames; when a longer-lived bloc already has
    that name (two blocs led by the United States), the region of most of its members tells them apart."""
    names: dict[int, str] = {}
    lifetimes = members.groupby("bloc").size().sort_values(ascending=False, kind="stable")
    regions = net.nodes["region"].to_numpy()
    for bloc in lifetimes.index:
        leads = leaders[bloc]
        leader = max(set(leads), key=lambda node: (leads.count(node), -node))
        name = f"{registry().names_at(np.array([net.node_ids[leader]]), net.observed_until)[0]} bloc"
        if name in names.values():
            region = pd.Series(regions[members.loc[members["bloc"] == bloc, "node"]]).mode()[0]
            name = f"{name} ({region})"
        names[int(bloc)] = name
    return names


def _match(previous: dict[int, set], communities: list[set], next_id: int) -> tuple[list[int], int]:
    """Bloc ids for this frame's communities: the previous frame's bloc each overlaps most (greedy by
    Jaccard, best first, at least MIN_OVERLAP), else a new id."""
    overlaps = sorted(((len(c & p) / len(c | p), i, bloc) for i, c in enumerate(communities)
                       for bloc, p in previous.items() if c & p), reverse=True)
    labels: list[int | None] = [None] * len(communities)
    taken = set()
    for jaccard, i, bloc in overlaps:
        if jaccard >= MIN_OVERLAP and labels[i] is None and bloc not in taken:
            labels[i] = bloc
            taken.add(bloc)
    for i, label in enumerate(labels):
        if label is None:
            labels[i], next_id = next_id, next_id + 1
    return labels, next_id

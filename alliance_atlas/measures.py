"""The field's measures of an alliance network over time, one row per frame.

For the network: how many blocs (:mod:`alliance_atlas.blocs`), the modularity of that partition of
the camp ties (Newman 2006), the share of camp ties that cross blocs (polarization), and the density
of the allied pairs. For a focus state: its allies, its degree centrality, and how alike its alliance
portfolio is to a reference state's: Signorino and Ritter's S (1999, "Tau-b or Not Tau-b") and
Cohen's kappa (Häge 2011, "Choice or Circumstance?"), both 1 for identical portfolios.

Each measure is a pure function of arrays; :func:`measures` applies them to every frame once per view.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from alliance_atlas.blocs import blocs, camp_ties
from alliance_atlas.frames import Frames
from alliance_atlas.pairs import type_bits
from alliance_atlas.selection import Selection

NETWORK_MEASURES = ("blocs", "modularity", "polarization", "density")
FOCUS_MEASURES = ("allies", "degree_centrality", "s_score", "kappa")


def modularity(a: np.ndarray, b: np.ndarray, weight: np.ndarray, community: np.ndarray) -> float:
    """Newman's modularity of a partition: the share of tie weight inside communities less the share
    expected if ties were placed at random with the same degrees. ``a``, ``b``: the tied nodes;
    ``community``: each node's community (-1: none, each such node alone).

    Two triangles joined by one tie, split into the triangles: (6/7 - 2 * (7/14) ** 2) = 5/14.

    >>> a, b = np.array([0, 0, 1, 3, 3, 4, 2]), np.array([1, 2, 2, 4, 5, 5, 3])
    >>> round(modularity(a, b, np.ones(7), np.array([0, 0, 0, 1, 1, 1])), 4) == round(5 / 14, 4)
    True
    """
    total = weight.sum()
    if total == 0:
        return float("nan")
    alone = community < 0
    labels = np.where(alone, np.arange(len(community)) + community.max() + 1, community)
    inside = weight[labels[a] == labels[b]].sum() / total
    strength = np.bincount(labels[a], weight, minlength=labels.max() + 1) + \
        np.bincount(labels[b], weight, minlength=labels.max() + 1)
    return float(inside - ((strength / (2 * total)) ** 2).sum())


def polarization(a: np.ndarray, b: np.ndarray, community: np.ndarray) -> float:
    """The share of ties whose two states are in different blocs (a state in no bloc is outside every bloc).

    >>> polarization(np.array([0, 0, 2, 3]), np.array([1, 2, 3, 4]), np.array([0, 0, 1, 1, -1]))
    0.5
    """
    if not len(a):
        return float("nan")
    same = (community[a] == community[b]) & (community[a] >= 0)
    return float(1 - same.mean())


def density(pairs: int, states: int) -> float:
    """Allied pairs over the pairs there could be among the states that have a tie.

    >>> density(3, 4)
    0.5
    """
    return pairs / (states * (states - 1) / 2) if states > 1 else float("nan")


def s_score(x: np.ndarray, y: np.ndarray) -> float:
    """Signorino and Ritter's S for two alliance portfolios (a value per state of the system, here 1
    allied or 0 not, each state allied with itself): 1 - 2 * mean |x - y|, from -1 (opposite) to 1.

    Over four states, two portfolios that differ on one state: 1 - 2 * 1/4 = 0.5.

    >>> s_score(np.array([1, 1, 0, 0]), np.array([1, 1, 1, 0]))
    0.5
    """
    return float(1 - 2 * np.abs(x - y).mean()) if len(x) else float("nan")


def kappa(x: np.ndarray, y: np.ndarray) -> float:
    """Cohen's kappa of two binary portfolios: agreement beyond what their marginals give by chance.

    Agreement 3/4; by chance 1/2 * 3/4 + 1/2 * 1/4 = 1/2; kappa = (3/4 - 1/2) / (1 - 1/2) = 0.5.

    >>> kappa(np.array([1, 1, 0, 0]), np.array([1, 1, 1, 0]))
    0.5
    """
    if not len(x):
        return float("nan")
    observed = (x == y).mean()
    chance = x.mean() * y.mean() + (1 - x.mean()) * (1 - y.mean())
    return float((observed - chance) / (1 - chance)) if chance < 1 else float("nan")


def measures(frames: Frames, selection: Selection = Selection(), reference: str | None = None) -> pd.DataFrame:
    """One row per frame (``frame`` is its label): :data:`NETWORK_MEASURES`, and with the selection's
    focus, :data:`FOCUS_MEASURES` (``s_score`` and ``kappa`` against ``reference``, when given).

    The states of a frame are those with a tie of the data in force in it; allies are the
    selection's ally types (:mod:`alliance_atlas.pairs`), blocs and polarization the camp ties.
    """
    return _measures(frames, selection.filters(), selection.focus, reference).copy()


@functools.lru_cache(maxsize=16)
def _measures(frames: Frames, selection: Selection, focus: str | None, reference: str | None) -> pd.DataFrame:
    net = frames.network
    found = blocs(frames, selection)
    camp, weight = camp_ties(frames, selection)
    ally_bits, _, _ = type_bits(net, selection)
    mask = selection.tie_mask(net)
    allied = np.flatnonzero(((net.type_bit & ally_bits) != 0) & (True if mask is None else mask))
    nodes = len(net.node_ids)
    members = found.members
    focus_node = net.node_index(focus) if focus in net.node_ids else None
    reference_node = net.node_index(reference) if reference in net.node_ids and focus_node is not None else None
    rows = []
    for frame in range(len(frames)):
        community = np.full(nodes, -1)
        in_frame = members[members["frame"].to_numpy() == frame]
        community[in_frame["node"].to_numpy()] = in_frame["bloc"].to_numpy()
        in_force = (frames.first_frame[camp] <= frame) & (frames.last_frame[camp] >= frame)
        live, live_weight = camp[in_force], weight[in_force]
        pairs = np.unique(net.src[live].astype(np.int64) * nodes + net.tgt[live])
        a, b = pairs // nodes, pairs % nodes
        by_pair = pd.Series(live_weight).groupby(net.src[live].astype(np.int64) * nodes + net.tgt[live]).sum()
        row = {"frame": frames.labels[frame], "blocs": int(in_frame["bloc"].nunique()),
               "modularity": modularity(a, b, by_pair.to_numpy(), community), "polarization": polarization(a, b, community)}
        ally = allied[(frames.first_frame[allied] <= frame) & (frames.last_frame[allied] >= frame)]
        ally_pairs = np.unique(np.minimum(net.src[ally], net.tgt[ally]).astype(np.int64) * nodes
                               + np.maximum(net.src[ally], net.tgt[ally]))
        everyone = (frames.first_frame <= frame) & (frames.last_frame >= frame)
        states = np.unique(np.concatenate([net.src[everyone], net.tgt[everyone]]))
        row["density"] = density(len(ally_pairs), len(states))
        if focus_node is not None:
            portfolio = np.zeros((nodes, nodes), dtype=np.int8) if reference_node is not None else None
            partners = np.concatenate([ally_pairs[ally_pairs // nodes == focus_node] % nodes,
                                       ally_pairs[ally_pairs % nodes == focus_node] // nodes])
            row["allies"] = len(partners)
            row["degree_centrality"] = len(partners) / (len(states) - 1) if len(states) > 1 else float("nan")
            if portfolio is not None:
                portfolio[ally_pairs // nodes, ally_pairs % nodes] = 1
                portfolio[ally_pairs % nodes, ally_pairs // nodes] = 1
                portfolio[states, states] = 1
                system = states if focus_node in states and reference_node in states else np.arange(0)
                x, y = portfolio[focus_node, system], portfolio[reference_node, system]
                row["s_score"], row["kappa"] = s_score(x, y), kappa(x, y)
        rows.append(row)
    columns = ["frame", *NETWORK_MEASURES] + ([*FOCUS_MEASURES[:2]] if focus_node is not None else []) + \
        ([*FOCUS_MEASURES[2:]] if reference_node is not None else [])
    return pd.DataFrame(rows).reindex(columns=columns)

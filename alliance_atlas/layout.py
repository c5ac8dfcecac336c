"""Node positions: force (seeded, spread), geographic (capitals) and circle by region stay put while
time moves; "moving" follows the ties of each frame, a small step at a time.

Stable positions are computed once per network and layout and cached; every frame reuses them. The
moving layout is computed once per network and step for every frame, then looked up. The costly ones
(force, moving) are also kept in a store the server's workers share, when the app names one
(:mod:`alliance_atlas.shared`), so that each is computed once per server, not once per worker.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
import pandas as pd

from alliance_atlas.countries import REGIONS
from alliance_atlas.model import OPEN, TemporalNetwork
from alliance_atlas.selection import LAYOUTS, MATRIX, MOVING, STABLE_LAYOUTS
from alliance_atlas.shared import shared_arrays

if TYPE_CHECKING:
    from alliance_atlas.frames import Frames

SEED = 1961

#: Closest two nodes may sit in the force and moving layouts (layout units, out of 2 across): 18 px at
#: the default zoom, so a marker of about 30 px still leaves its neighbour's centre visible.
MIN_SEPARATION = 0.09


def _shared(name: str, network: TemporalNetwork, compute: Callable[[], np.ndarray], shape: tuple) -> np.ndarray:
    """``compute()`` (floats of ``shape``), or what a worker that computed it before left in the shared store."""
    found = shared_arrays(f"positions:{name}:{network.fingerprint}", lambda: {"xy": compute()},
                          lambda found: found["xy"].dtype == np.float64 and found["xy"].shape == shape)
    return found["xy"]


@functools.lru_cache(maxsize=16)
def positions(network: TemporalNetwork, layout: str) -> pd.DataFrame:
    """``x``/``y`` per node id of a stable layout (for ``geo``: longitude and latitude of the capital).

    >>> import pandas as pd
    >>> from alliance_atlas.model import TemporalNetwork
    >>> net = TemporalNetwork(pd.DataFrame({"source": ["PRK"], "target": ["CHN"], "type": ["defense"],
    ...     "start": pd.to_datetime(["1961-07-11"]), "end": [None]}), name="demo")
    >>> positions(net, "geo").round(1).values.tolist()   # Beijing, Pyongyang
    [[116.4, 39.9], [125.8, 39.0]]
    """
    if layout == "force":
        xy = _shared("force", network, lambda: _force(network), (len(network.node_ids), 2))
        return pd.DataFrame(xy, index=network.node_ids, columns=["x", "y"])
    if layout == "geo":
        return network.nodes[["lon", "lat"]].rename(columns={"lon": "x", "lat": "y"}).astype(float)
    if layout == "circle":
        return _circle(network)
    if layout == MOVING:
        raise ValueError("the moving layout's positions change with the frame: ask frame_positions")
    raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}, not {layout!r}")


def frame_positions(frames: Frames, layout: str, frame: int) -> np.ndarray:
    """Node positions (n_nodes, 2) drawn in ``frame``: the stable layout's, or the moving layout's for
    that frame (all frames computed on first use and cached per network and step).

    >>> import pandas as pd
    >>> from alliance_atlas.model import TemporalNetwork
    >>> net = TemporalNetwork(pd.DataFrame({"source": ["PRK"], "target": ["CHN"], "type": ["defense"],
    ...     "start": pd.to_datetime(["1961-07-11"]), "end": [None]}), name="demo")
    >>> from alliance_atlas.frames import frames_for
    >>> years = frames_for(net, "year")
    >>> frame_positions(years, "moving", 0).shape, frame_positions(years, "circle", 3).shape
    ((2, 2), (2, 2))
    """
    if layout == MOVING:
        return _moving_positions(frames.network, frames.step)[frame]
    return positions(frames.network, layout).to_numpy(dtype=np.float64)


def _years_allied(network: TemporalNetwork) -> pd.Series:
    """Years each pair (node indices a, b) was allied by a positive tie, over the whole record."""
    last = network.observed_until.astype(np.int64) + 1
    years = (np.minimum(np.where(network.end_day == OPEN, last, network.end_day), last) - network.start_day) / 365.25
    ties = pd.DataFrame(
        {"a": network.src, "b": network.tgt, "years": np.maximum(years, 0.1), "positive": network.positive}
    )
    return ties[ties["positive"]].groupby(["a", "b"])["years"].sum()


def _force(network: TemporalNetwork) -> np.ndarray:
    """ForceAtlas2 of every alliance ever, weighted by years allied, so long-standing blocs sit together;
    hubs' pull is shared out among their allies (distributed action) so dense blocs open up, and nodes
    are then nudged apart to a minimum separation. (Strong gravity spreads ATOP more evenly but mixes
    its regions into one disc: a state's nearest five neighbours share its region 44 % of the time,
    against 80 % here.)"""
    graph = nx.Graph()
    graph.add_nodes_from(range(len(network.node_ids)))
    graph.add_weighted_edges_from((a, b, np.log1p(w)) for (a, b), w in _years_allied(network).items())
    start = _circle(network).to_numpy()
    layout = nx.forceatlas2_layout(graph, pos=dict(enumerate(start)), seed=SEED, weight="weight", max_iter=300,
                                   distributed_action=True)
    xy = np.array([layout[i] for i in range(len(network.node_ids))]).reshape(-1, 2)
    xy = (xy - xy.min(axis=0)) / np.ptp(xy, axis=0).clip(min=1e-9) * 2 - 1
    return _fit(_separate(xy))


def _separate(xy: np.ndarray, distance: float = MIN_SEPARATION, rounds: int = 60) -> np.ndarray:
    """Push apart every two nodes closer than ``distance``, each by half the shortfall, until none is
    (or ``rounds`` run out). Nodes at one spot are first set a hair apart in a fixed direction, so the
    result is deterministic."""
    n = len(xy)
    xy = xy + 1e-4 * np.stack([np.cos(np.arange(n)), np.sin(np.arange(n))], axis=1)
    for _ in range(rounds):
        gap = np.sqrt(_squared_distances(xy))
        np.fill_diagonal(gap, np.inf)
        short = np.clip(distance - gap, 0, None)
        if not short.any():
            break
        share = 0.5 * short / np.maximum(gap, 1e-9)
        xy = xy + share.sum(axis=1)[:, None] * xy - share @ xy
    return xy


def _fit(xy: np.ndarray) -> np.ndarray:
    """Scale positions about the origin so that they fit in [-1, 1] (only ever shrink)."""
    reach = np.abs(xy).max() if len(xy) else 1.0
    return xy / max(reach, 1.0)


def _circle(network: TemporalNetwork) -> pd.DataFrame:
    """Nodes around a circle, grouped by region (a gap between regions), by name within one."""
    nodes = _region_ranked(network).sort_values(["rank", "name"])
    gap = 2.0
    steps = np.arange(len(nodes)) + gap * nodes["rank"].rank(method="dense").to_numpy()
    angle = 2 * np.pi * steps / (steps.max() + gap) if len(nodes) else steps
    return pd.DataFrame({"x": np.cos(angle), "y": np.sin(angle)}, index=nodes.index).reindex(network.node_ids)


def _region_ranked(network: TemporalNetwork) -> pd.DataFrame:
    """The node table with each node's region's place in the regions' order (``rank``)."""
    order = list(REGIONS) + ["Unknown"]
    rank = network.nodes["region"].map({r: i for i, r in enumerate(order)}).fillna(len(order))
    return network.nodes.assign(rank=rank)


# --- the moving layout ------------------------------------------------------------------------

#: Frames of ties that shape one frame's positions (the frame and those before it).
MOVING_WINDOW = {"year": 3, "month": 3}
#: Farthest a node travels between consecutive frames (layout units, out of 2 across), so none jumps.
MAX_STEP = 0.1
#: How far a node follows its current allies (0: stays at its force-layout place; 1: sits at their mean).
ALLY_PULL = 0.7
#: Rounds of x <- (1 - p) base + p W x per frame: the error shrinks by ALLY_PULL each round (to 0.1 % here).
_SOLVE_ROUNDS = 20


@functools.lru_cache(maxsize=8)
def _moving_positions(network: TemporalNetwork, step: str) -> np.ndarray:
    from alliance_atlas.frames import frames_for

    shape = (len(frames_for(network, step)), len(network.node_ids), 2)
    return _shared(f"moving-{step}", network, lambda: _moving(network, step), shape)


def _moving(network: TemporalNetwork, step: str) -> np.ndarray:
    """Positions (frames, nodes, 2) per frame that follow the allies in force within the window ending at the frame.

    Each node's goal is its place in the force layout pulled towards the mean of its current allies
    (weighted by the share of the window each alliance was in force): the fixed point of
    x = (1 - p) base + p W x, found by iterating from the previous frame's positions, then scaled back
    to the force layout's spread. Nodes are kept apart, and each moves from its previous position
    towards its goal by at most :data:`MAX_STEP`; nodes without an ally in the window stay put. A state
    that changes sides thus walks over to its new allies in a few frames.
    """
    # frames -> selection -> layout (for LAYOUTS): imported here to break the cycle
    from alliance_atlas.frames import frames_for

    frames = frames_for(network, step)
    n = len(network.node_ids)
    window = MOVING_WINDOW[step]
    positive = np.flatnonzero(network.positive)
    src, tgt = network.src[positive], network.tgt[positive]
    first, last = frames.first_frame[positive], frames.last_frame[positive]
    base = positions(network, "force").to_numpy(dtype=np.float64)
    xy = base
    out = np.empty((len(frames), n, 2))
    for frame in range(len(frames)):
        share = np.clip(np.minimum(last, frame) - np.maximum(first, frame - window + 1) + 1, 0, window) / window
        weights = np.zeros((n, n))
        np.maximum.at(weights, (src, tgt), share)
        weights = np.maximum(weights, weights.T)
        strength = weights.sum(axis=1)
        allied = strength > 0
        pull = np.where(allied, ALLY_PULL, 0.0)[:, None] * weights / np.maximum(strength, 1e-12)[:, None]
        anchor = np.where(allied[:, None], (1 - ALLY_PULL) * base, xy)
        goal = xy
        for _ in range(_SOLVE_ROUNDS):
            goal = anchor + pull @ goal
        goal = np.where(allied[:, None], _separate(_spread_like(goal, base, allied), rounds=20), xy)
        move = goal - xy
        length = np.sqrt((move**2).sum(axis=1, keepdims=True))
        xy = xy + move * np.minimum(1.0, MAX_STEP / np.maximum(length, 1e-12))
        out[frame] = xy
    return out / max(np.abs(out).max(), 1.0)


def _spread_like(goal: np.ndarray, base: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """``goal`` with the ``chosen`` nodes scaled about their centre to the spread they have in ``base``:
    pulling each node towards its allies' mean shrinks the picture, which this undoes."""
    if chosen.sum() < 2:
        return goal
    centre = goal[chosen].mean(axis=0)
    scale = base[chosen].std() / max(goal[chosen].std(), 1e-9)
    return np.where(chosen[:, None], centre + (goal - centre) * scale, goal)


def _squared_distances(xy: np.ndarray) -> np.ndarray:
    """(n, n) squared distances between positions, from their Gram matrix (no (n, n, 2) array)."""
    squares = (xy**2).sum(axis=1)
    return np.clip(squares[:, None] + squares[None, :] - 2 * xy @ xy.T, 0, None)


# --- circle: edges bundled by region ----------------------------------------------------------

#: How far inside the circle each region's anchor sits, how strongly curves follow their control
#: points (1 = through the anchors, 0 = straight), and how many points draw one curve.
ANCHOR_RADIUS, BUNDLING, CURVE_POINTS = 0.45, 0.85, 10


@functools.lru_cache(maxsize=16)
def region_anchors(network: TemporalNetwork) -> np.ndarray:
    """Per node, the anchor (x, y) of its region in the circle layout: inside the circle, at the mean
    direction of the region's nodes."""
    xy = positions(network, "circle").to_numpy(dtype=np.float64)
    region = network.nodes["region"].fillna("Unknown").to_numpy(dtype=str)
    names, member = np.unique(region, return_inverse=True)
    sums = np.zeros((len(names), 2))
    np.add.at(sums, member, xy)
    direction = sums / np.maximum(np.sqrt((sums**2).sum(axis=1, keepdims=True)), 1e-9)
    return ANCHOR_RADIUS * direction[member]


@functools.lru_cache(maxsize=1)
def _curve_basis(points: int = CURVE_POINTS, controls: int = 5, degree: int = 3) -> np.ndarray:
    """(points, controls) weights of a clamped uniform B-spline (Cox–de Boor): curve = basis @ controls."""
    knots = np.concatenate([np.zeros(degree), np.linspace(0, 1, controls - degree + 1), np.ones(degree)])
    t = np.linspace(0, 1, points)[:, None]
    # degree 0: the knot span holding each t (t = 1 belongs to the last span, so the curve ends on the last point)
    span = np.clip(np.searchsorted(knots, t.ravel(), side="right") - 1, degree, controls - 1)
    basis = (np.arange(len(knots) - 1)[None, :] == span[:, None]).astype(float)
    for d in range(1, degree + 1):
        basis = _ratio(t - knots[:-d - 1], knots[d:-1] - knots[:-d - 1]) * basis[:, :-1] \
            + _ratio(knots[d + 1:] - t, knots[d + 1:] - knots[1:-d]) * basis[:, 1:]
    return basis


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """numerator / denominator, 0 where the denominator is 0 (B-spline terms over repeated knots)."""
    return np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1.0), 0.0)


def bundled_lines(network: TemporalNetwork, src: np.ndarray, tgt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Circle-layout curves between node pairs, bundled by region: each runs from its node to its
    region's anchor, through the centre (for two regions), to the other region's anchor and node; two
    nodes of one region arc gently towards their anchor. x and y as float32, a NaN after each curve.

    >>> import pandas as pd
    >>> net = TemporalNetwork(pd.DataFrame({"source": ["PRK", "KOR"], "target": ["CHN", "USA"], "type": ["defense"] * 2,
    ...     "start": pd.to_datetime(["1961-07-11"] * 2), "end": [None] * 2}), name="demo")
    >>> x, y = bundled_lines(net, np.array([0]), np.array([3]))
    >>> len(x) == CURVE_POINTS + 1 and bool(np.isnan(x[-1]))
    True
    """
    xy = positions(network, "circle").to_numpy(dtype=np.float64)
    anchors = region_anchors(network)
    a, b = xy[src], xy[tgt]
    anchor_a, anchor_b = anchors[src], anchors[tgt]
    same = (anchor_a == anchor_b).all(axis=1)[:, None]
    middle = np.where(same, anchor_a, 0.0)
    controls = np.stack([a, anchor_a, middle, anchor_b, b], axis=1)  # (pairs, 5, 2)
    chord = a[:, None, :] + np.linspace(0, 1, 5)[None, :, None] * (b - a)[:, None, :]
    controls = BUNDLING * controls + (1 - BUNDLING) * chord
    curves = np.einsum("pk,nkd->npd", _curve_basis(), controls)  # (pairs, points, 2)
    gap = np.full((len(src), 1), np.nan)
    x = np.concatenate([curves[..., 0], gap], axis=1).ravel()
    y = np.concatenate([curves[..., 1], gap], axis=1).ravel()
    return x.astype(np.float32), y.astype(np.float32)

"""Node positions that stay put while time moves: force (seeded), geographic (capitals), circle by region.

Positions are computed once per network and layout and cached; every frame reuses them.
"""

from __future__ import annotations

import functools

import networkx as nx
import numpy as np
import pandas as pd

from alliance_atlas.countries import REGIONS
from alliance_atlas.model import OPEN, TemporalNetwork

LAYOUTS = ("force", "geo", "circle")
SEED = 1961


@functools.lru_cache(maxsize=16)
def positions(network: TemporalNetwork, layout: str) -> pd.DataFrame:
    """``x``/``y`` per node id (for ``geo``: longitude and latitude of the capital).

    >>> import pandas as pd
    >>> from alliance_atlas.model import TemporalNetwork
    >>> net = TemporalNetwork(pd.DataFrame({"source": ["PRK"], "target": ["CHN"], "type": ["defense"],
    ...     "start": pd.to_datetime(["1961-07-11"]), "end": [None]}), name="demo")
    >>> positions(net, "geo").round(1).values.tolist()   # Beijing, Pyongyang
    [[116.4, 39.9], [125.8, 39.0]]
    """
    if layout == "force":
        return _force(network)
    if layout == "geo":
        return network.nodes[["lon", "lat"]].rename(columns={"lon": "x", "lat": "y"}).astype(float)
    if layout == "circle":
        return _circle(network)
    raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}, not {layout!r}")


def _force(network: TemporalNetwork) -> pd.DataFrame:
    """Spring layout of every alliance ever, weighted by years allied, so long-standing blocs sit together."""
    last = network.observed_until.astype(np.int64) + 1
    years = (np.minimum(np.where(network.end_day == OPEN, last, network.end_day), last) - network.start_day) / 365.25
    ties = pd.DataFrame(
        {"a": network.src, "b": network.tgt, "years": np.maximum(years, 0.1), "positive": network.positive}
    )
    weights = ties[ties["positive"]].groupby(["a", "b"])["years"].sum()
    graph = nx.Graph()
    graph.add_nodes_from(range(len(network.node_ids)))
    graph.add_weighted_edges_from((a, b, np.log1p(w)) for (a, b), w in weights.items())
    start = _circle(network).to_numpy()
    layout = nx.spring_layout(
        graph, pos=dict(enumerate(start)), seed=SEED, weight="weight", iterations=120, k=1.6 / np.sqrt(len(graph) or 1)
    )
    xy = np.array([layout[i] for i in range(len(network.node_ids))])
    xy = (xy - xy.min(axis=0)) / np.ptp(xy, axis=0).clip(min=1e-9) * 2 - 1
    return pd.DataFrame(xy, index=network.node_ids, columns=["x", "y"])


def _circle(network: TemporalNetwork) -> pd.DataFrame:
    """Nodes around a circle, grouped by region (a gap between regions), by name within one."""
    order = list(REGIONS) + ["Unknown"]
    nodes = network.nodes.assign(rank=network.nodes["region"].map({r: i for i, r in enumerate(order)}).fillna(len(order)))
    nodes = nodes.sort_values(["rank", "name"])
    gap = 2.0
    steps = np.arange(len(nodes)) + gap * nodes["rank"].rank(method="dense").to_numpy()
    angle = 2 * np.pi * steps / (steps.max() + gap) if len(nodes) else steps
    return pd.DataFrame({"x": np.cos(angle), "y": np.sin(angle)}, index=nodes.index).reindex(network.node_ids)

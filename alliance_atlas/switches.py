"""Side switches in the signed network: a state leaves one side of a rivalry for the other.

Alliance, cooperation and diplomatic ties are positive; rivalries are negative. A **side switch** is
a state C that loses its last positive tie with A and then, within a window (the selection's
``window``, 36 months by default),
gains a positive tie with B, where A and B are rivals at the time (when C leaves A or when it joins B).

The detector works on pair-level change (:mod:`alliance_atlas.pairs`), joined on C with numpy and
pandas, once per view; figures and panels filter its small result.
"""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
import pandas as pd

from alliance_atlas.frames import Frames
from alliance_atlas.model import NEGATIVE_TYPES
from alliance_atlas.pairs import pair_changes
from alliance_atlas.selection import Selection

SWITCH_COLUMNS = ("state", "left", "joined", "left_frame", "joined_frame")


def window_frames(frames: Frames, months: int) -> int:
    """The window in frames of this grid (36 months are 3 yearly frames)."""
    return months if frames.step == "month" else -(-months // 12)


def side_switches(frames: Frames, selection: Selection = Selection()) -> pd.DataFrame:
    """Every side switch in the data, in the order they were completed.

    Columns: ``state`` (C), ``left`` (A), ``joined`` (B) as node indices, and ``left_frame`` (the frame
    of C's last day with A) and ``joined_frame`` (the frame C's first tie with B began). The
    selection's types and minimum weight apply; its focus does not (a switch is a fact of the network).

    >>> import pandas as pd
    >>> from alliance_atlas.model import TemporalNetwork
    >>> edges = pd.DataFrame({"source": ["PRK", "PRK", "KOR", "PRK"], "target": ["SYR", "SYR", "SYR", "KOR"],
    ...     "type": ["diplomatic", "military_cooperation", "diplomatic", "rivalry"],
    ...     "start": pd.to_datetime(["1966-07-01", "1973-01-01", "2025-04-10", "1948-09-09"]),
    ...     "end": pd.to_datetime(["2024-12-08", "2024-12-08", None, None])})
    >>> months = Frames(TemporalNetwork(edges, name="demo"), "month")
    >>> found = side_switches(months)
    >>> ids = months.network.node_ids.tolist()
    >>> [(ids[c], ids[a], ids[b], months.labels[f1], months.labels[f2]) for c, a, b, f1, f2 in found.itertuples(index=False)]
    [('SYR', 'PRK', 'KOR', '2024-12', '2025-04')]
    """
    return _side_switches(frames, selection.filters())


@functools.lru_cache(maxsize=32)
def _side_switches(frames: Frames, selection: Selection) -> pd.DataFrame:
    positive = pair_changes(frames, dataclasses.replace(selection, allies="all"))
    lost = positive[positive["change"] == "lost"]
    gained = positive[positive["change"] == "gained"]
    # each pair change is a change for both of its states
    left = pd.DataFrame({"state": np.concatenate([lost["a"], lost["b"]]), "left": np.concatenate([lost["b"], lost["a"]]),
                         "left_frame": np.tile(lost["frame"].to_numpy(), 2)})
    joined = pd.DataFrame({"state": np.concatenate([gained["a"], gained["b"]]),
                           "joined": np.concatenate([gained["b"], gained["a"]]),
                           "joined_frame": np.tile(gained["frame"].to_numpy(), 2)})
    pairs = left.merge(joined, on="state")
    gap = pairs["joined_frame"] - pairs["left_frame"]
    pairs = pairs[(gap >= 0) & (gap <= window_frames(frames, selection.window)) & (pairs["left"] != pairs["joined"])]
    rivals = _rivalry_spans(frames, selection)
    if pairs.empty or rivals.empty:
        return pd.DataFrame(columns=list(SWITCH_COLUMNS), dtype=np.int64)
    low, high = np.minimum(pairs["left"], pairs["joined"]), np.maximum(pairs["left"], pairs["joined"])
    candidates = pairs.assign(low=low.to_numpy(), high=high.to_numpy()).reset_index(drop=True)
    spans = candidates.reset_index().merge(rivals, on=["low", "high"])
    covers = ((spans["first"] <= spans["left_frame"]) & (spans["left_frame"] <= spans["last"])) | \
             ((spans["first"] <= spans["joined_frame"]) & (spans["joined_frame"] <= spans["last"]))
    found = candidates.loc[np.unique(spans.loc[covers, "index"])]
    # one switch per state, old side and new side: the first new tie after leaving
    found = found.sort_values(["joined_frame", "left_frame"]).drop_duplicates(["state", "left", "joined"])
    return found[list(SWITCH_COLUMNS)].reset_index(drop=True).astype(np.int64)


def _rivalry_spans(frames: Frames, selection: Selection) -> pd.DataFrame:
    """The frames each rival pair is in force: ``low``, ``high`` (node indices), ``first``, ``last``."""
    net = frames.network
    mask = selection.tie_mask(net)
    rival = np.isin(net.edges["type"].to_numpy(dtype=str), list(NEGATIVE_TYPES))
    chosen = np.flatnonzero(rival & (True if mask is None else mask))
    return pd.DataFrame({"low": net.src[chosen].astype(np.int64), "high": net.tgt[chosen].astype(np.int64),
                         "first": frames.first_frame[chosen], "last": frames.last_frame[chosen]})


def switches_around(frames: Frames, selection: Selection, frame: int) -> pd.DataFrame:
    """The switches to show at ``frame``: from the frame C left A until a window after it joined B."""
    found = side_switches(frames, selection)
    window = window_frames(frames, selection.window)
    return found[(found["left_frame"] <= frame) & (frame <= found["joined_frame"] + window)]

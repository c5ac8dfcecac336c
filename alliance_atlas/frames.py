"""Periods (frames) over a network's span, and the vectorised queries on them.

A frame is a year or a month. A tie is drawn in every frame it is in force at any time; it is
*gained* in the frame containing its start and *lost* in the frame containing its last day in
force (the day before its exclusive end). Ties in force in the first frame are the baseline, not
gains; ties in force past the last frame are open-ended, not losses.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from alliance_atlas.model import OPEN, TemporalNetwork, date_of, day_number
from alliance_atlas.selection import Selection

STEPS = ("month", "year")


def step_for(network: TemporalNetwork, step: str | None) -> str:
    """The step to use: months only where the data has day precision.

    >>> net = TemporalNetwork(pd.DataFrame({"source": ["A"], "target": ["B"], "type": ["defense"],
    ...     "start": pd.to_datetime(["1990-01-01"]), "end": [None]}), name="t", precision="year")
    >>> step_for(net, "month"), step_for(net, None)
    ('year', 'year')
    """
    return "month" if step == "month" and network.precision == "day" else "year"


@dataclass(frozen=True)
class PairOrder:
    """A network's ties ordered by pair, then by type (strongest first), with what a frame needs of each in
    that order: a frame's ties then come out grouped by pair without a sort per step, and are read from
    memory in order."""

    ties: np.ndarray  # tie indices
    pair: np.ndarray  # the pair's number, counting pairs in order from 0
    type_bit: np.ndarray  # as TemporalNetwork.type_bit
    first: np.ndarray  # first, last, gain and loss frame, as in Frames
    last: np.ndarray
    gain: np.ndarray
    loss: np.ndarray


class Frames:
    """A network on a grid of months or years.

    >>> edges = pd.DataFrame({
    ...     "source": ["PRK", "PRK", "KOR"], "target": ["CHN", "SYR", "SYR"],
    ...     "type": ["defense", "diplomatic", "diplomatic"],
    ...     "start": pd.to_datetime(["1961-07-11", "1966-07-25", "2025-04-10"]),
    ...     "end": pd.to_datetime([None, "2024-12-08", None])})
    >>> frames = Frames(TemporalNetwork(edges, name="demo"), "month")
    >>> frames.labels[0], frames.labels[-1], len(frames)
    ('1961-07', '2025-12', 774)
    >>> december = frames.index_of("2024-12-08")
    >>> frames.edges_lost(december).tolist(), frames.edges_active(december).tolist()
    ([1], [0, 1])
    >>> frames.edges_gained(frames.index_of("2025-04-10")).tolist()
    [2]
    >>> frames.edges_gained(0).tolist()   # the first frame is the baseline
    []
    """

    def __init__(self, network: TemporalNetwork, step: str = "month"):
        if step not in STEPS:
            raise ValueError(f"step must be one of {', '.join(STEPS)}, not {step!r}")
        self.network = network
        self.step = step
        unit = "M" if step == "month" else "Y"
        first = network.first_day.astype(f"datetime64[{unit}]")
        stop = network.observed_until.astype(f"datetime64[{unit}]") + 1
        self.bounds = np.arange(first, stop + 1).astype("datetime64[D]").astype(np.int64)
        self.labels = [str(b) for b in np.arange(first, stop)]

        n = len(self.labels)
        last_day = np.where(network.end_day == OPEN, OPEN, network.end_day - 1)
        beyond = last_day >= self.bounds[-1]
        self.first_frame = (np.searchsorted(self.bounds, network.start_day, side="right") - 1).astype(np.int32)
        self.last_frame = np.where(
            beyond, n - 1, np.searchsorted(self.bounds, np.minimum(last_day, self.bounds[-1]), side="right") - 1
        ).astype(np.int32)
        self.gain_frame = np.where(self.first_frame > 0, self.first_frame, -1).astype(np.int32)
        self.loss_frame = np.where(beyond, -1, self.last_frame).astype(np.int32)

    def __len__(self) -> int:
        return len(self.labels)

    def start_date(self, frame: int) -> np.datetime64:
        """First day of ``frame``."""
        return date_of(self.bounds[frame])

    def last_date(self, frame: int) -> np.datetime64:
        """Last day of ``frame``."""
        return date_of(self.bounds[frame + 1] - 1)

    def index_of(self, date) -> int:
        """The frame containing ``date`` ("2024", "2024-12", "2024-12-08", a datetime or numpy date).

        Raises ValueError naming the span when the date is outside it or cannot be read.
        """
        day = day_number(date)
        if not self.bounds[0] <= day < self.bounds[-1]:
            raise ValueError(f"{date} is outside the data's span {self.labels[0]} to {self.labels[-1]}")
        return int(np.searchsorted(self.bounds, day, side="right") - 1)

    def nearest(self, date) -> int | None:
        """Like :meth:`index_of`, but a date outside the span gives the first or last frame, and an
        unreadable one None.

        >>> frames = Frames(TemporalNetwork(pd.DataFrame({"source": ["A"], "target": ["B"], "type": ["defense"],
        ...     "start": pd.to_datetime(["1990-01-01"]), "end": pd.to_datetime(["1992-01-01"])}), name="t"), "year")
        >>> frames.nearest("1800"), frames.nearest("1991-06"), frames.nearest("3000"), frames.nearest("soon")
        (0, 1, 1, None)
        """
        try:
            day = day_number(date)
        except ValueError:
            return None
        return self.clamp(int(np.searchsorted(self.bounds, day, side="right") - 1))

    def clamp(self, frame) -> int:
        """``frame`` (a number, or None for the first) held within the grid."""
        return min(max(int(frame or 0), 0), len(self) - 1)

    # --- queries ----------------------------------------------------------------------------

    def _chosen(self, hits: np.ndarray, selection: Selection | None, touching_focus: bool) -> np.ndarray:
        mask = selection.tie_mask(self.network, touching_focus) if selection is not None else None
        return np.flatnonzero(hits if mask is None else hits & mask)

    def edges_active(self, frame: int, selection: Selection | None = None, touching_focus: bool = False) -> np.ndarray:
        """Indices of the ties in force at any time during ``frame`` that ``selection`` keeps."""
        return self._chosen((self.first_frame <= frame) & (self.last_frame >= frame), selection, touching_focus)

    @functools.cached_property
    def by_pair(self) -> PairOrder:
        """Every tie ordered by pair, then by type (strongest first)."""
        net = self.network
        keys = net.src.astype(np.int64) * len(net.node_ids) + net.tgt
        order = np.lexsort((net.type_code, keys))
        keys = keys[order]
        pair = np.cumsum(np.concatenate([[False], keys[1:] != keys[:-1]]), dtype=np.int32)
        return PairOrder(order, pair, net.type_bit[order], self.first_frame[order], self.last_frame[order],
                         self.gain_frame[order], self.loss_frame[order])

    def active_by_pair(self, frames: tuple[int, ...], selection: Selection) -> np.ndarray:
        """Positions in :attr:`by_pair` of the ties in force in any of ``frames`` that ``selection`` keeps.

        >>> edges = pd.DataFrame({"source": ["B", "A", "A"], "target": ["C", "B", "B"],
        ...     "type": ["defense", "consultation", "defense"],
        ...     "start": pd.to_datetime(["1990", "1991", "1992"]), "end": [None, None, None]})
        >>> frames = Frames(TemporalNetwork(edges, name="demo"), "year")
        >>> chosen = frames.active_by_pair((frames.index_of("1992"),), Selection())
        >>> frames.network.edges["type"].to_numpy()[frames.by_pair.ties[chosen]].tolist()
        ['defense', 'consultation', 'defense']
        >>> frames.by_pair.pair[chosen].tolist()   # A-B, A-B, B-C
        [0, 0, 1]
        """
        ordered = self.by_pair
        hits = np.zeros(len(ordered.ties), dtype=bool)
        for frame in frames:
            hits |= (ordered.first <= frame) & (ordered.last >= frame)
        return self.by_pair_where(hits, selection)

    def by_pair_where(self, hits: np.ndarray, selection: Selection) -> np.ndarray:
        """Positions in :attr:`by_pair` where ``hits`` (a mask in that order) holds and ``selection`` keeps
        the tie."""
        mask = selection.tie_mask(self.network)
        return np.flatnonzero(hits if mask is None else hits & mask[self.by_pair.ties])

    def edges_gained(self, frame: int, selection: Selection | None = None, touching_focus: bool = False) -> np.ndarray:
        """Indices of the ties that start in ``frame`` (never in the baseline frame 0)."""
        return self._chosen(self.gain_frame == frame, selection, touching_focus)

    def edges_lost(self, frame: int, selection: Selection | None = None, touching_focus: bool = False) -> np.ndarray:
        """Indices of the ties whose last day in force falls in ``frame``."""
        return self._chosen(self.loss_frame == frame, selection, touching_focus)

    # --- counts over all frames -------------------------------------------------------------

    def counts(self, selection: Selection | None = None) -> pd.DataFrame:
        """Per frame: ties gained, ties lost, ties in force, and distinct partners (pairs) in force.

        ``partners`` counts allied pairs (distinct unordered pairs with at least one tie that is not a
        rivalry) or, with a focus country in ``selection``, that country's allies; in data whose ties are all
        hostile (a file of disputes), the pairs in dispute.
        """
        n = len(self)
        focus = selection.focus if selection is not None and selection.focus in self.network.node_ids else None
        chosen = self._chosen(np.ones(len(self.network), dtype=bool), selection, touching_focus=True)
        gained = np.bincount(self.gain_frame[chosen][self.gain_frame[chosen] >= 0], minlength=n)
        lost = np.bincount(self.loss_frame[chosen][self.loss_frame[chosen] >= 0], minlength=n)
        in_force = _occupancy(self.first_frame[chosen], self.last_frame[chosen], n)

        counted = chosen[self.network.positive[chosen]] if self.network.positive.any() else chosen
        partners = self.pairs_in_force(counted, focus)
        return pd.DataFrame(
            {"frame": self.labels, "gained": gained, "lost": lost, "ties": in_force, "partners": partners}
        )

    def pairs_in_force(self, ties: np.ndarray, focus: str | None = None) -> np.ndarray:
        """Per frame, the distinct pairs among ``ties`` in force (with ``focus``, its distinct partners)."""
        net = self.network
        if focus is None:
            keys = net.src[ties].astype(np.int64) * len(net.node_ids) + net.tgt[ties]
        else:
            node = net.node_index(focus)
            keys = np.where(net.src[ties] == node, net.tgt[ties], net.src[ties])
        first, last = _merge_runs(keys, self.first_frame[ties], self.last_frame[ties])
        return _occupancy(first, last, len(self))


def _occupancy(first: np.ndarray, last: np.ndarray, n: int) -> np.ndarray:
    """How many of the frame ranges ``[first, last]`` cover each of ``n`` frames."""
    delta = np.bincount(first, minlength=n + 1) - np.bincount(last + 1, minlength=n + 1)
    return np.cumsum(delta[:n])


def _merge_runs(keys: np.ndarray, first: np.ndarray, last: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Union of the frame ranges of each key: overlapping or touching ranges become one."""
    if len(keys) == 0:
        return first, last
    order = np.lexsort((first, keys))
    keys, first, last = keys[order], first[order], last[order]
    reach = pd.Series(last).groupby(keys).cummax().to_numpy()
    previous_reach = np.concatenate([[-2], reach[:-1]])
    new_run = np.concatenate([[True], keys[1:] != keys[:-1]]) | (first > previous_reach + 1)
    run_starts = np.flatnonzero(new_run)
    return first[run_starts], np.maximum.reduceat(last, run_starts)


@functools.lru_cache(maxsize=32)
def frames_for(network: TemporalNetwork, step: str) -> Frames:
    """The frame grid of ``network`` for ``step``, built once and shared (networks are immutable)."""
    return Frames(network, step)

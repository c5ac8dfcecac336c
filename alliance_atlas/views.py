"""What one frame shows: one line per pair in force, each node's allies and rivals, and the focus
country's neighbourhood (its ego network to a depth), computed with numpy, no loop over ties."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from alliance_atlas.frames import Frames, PairOrder
from alliance_atlas.pairs import type_bits
from alliance_atlas.selection import Selection
from alliance_atlas.switches import switches_around


@dataclass(frozen=True)
class FrameView:
    """One drawn line per pair in force, and per node its allies and standing."""

    frames: Frames
    frame: int
    selection: Selection
    pair_src: np.ndarray  # node index of each drawn pair's first end
    pair_tgt: np.ndarray
    pair_type: np.ndarray  # type code drawn (the first of the pair's types in TYPE_ORDER)
    pair_type_bits: np.ndarray  # every type of the pair in force, as bits (1 << type code)
    pair_gained: np.ndarray  # bool: no tie of the pair was in force in the previous frame
    pair_lost: np.ndarray  # bool: no tie of the pair stays in force into the next frame
    pair_in_focus: np.ndarray  # bool: both ends in the focus country's ego network (all True without focus)
    node_allies: np.ndarray  # allies per node in this frame (pairs with a tie of an ally type)
    node_partners: np.ndarray  # partners that are not allies (diplomatic relations only)
    node_rivals: np.ndarray
    node_in_focus: np.ndarray
    pair_tie: np.ndarray  # index of each drawn pair's tie of its strongest type (whose label names the pair)
    pair_id: np.ndarray  # each drawn pair's number in frames.by_pair (the same in every frame)
    compared: int | None = None  # in compare mode, the other frame: gained and lost then mean between the two

    @property
    def date(self) -> np.datetime64:
        return self.frames.start_date(self.frame)


def frame_view(frames: Frames, frame: int, selection: Selection = Selection()) -> FrameView:
    """The view of ``frame`` under ``selection``.

    >>> import pandas as pd
    >>> from alliance_atlas.model import TemporalNetwork
    >>> edges = pd.DataFrame({"source": ["PRK", "PRK", "SYR"], "target": ["CHN", "SYR", "IRN"],
    ...     "type": ["defense", "diplomatic", "defense"], "start": pd.to_datetime(["1961", "1966", "1990"]),
    ...     "end": pd.to_datetime([None, "2024-12-08", None])})
    >>> years = Frames(TemporalNetwork(edges, name="demo"), "year")
    >>> view = frame_view(years, years.index_of("2000"), Selection(focus="CHN"))
    >>> dict(zip(years.network.node_ids.tolist(), view.node_in_focus.tolist()))   # depth 1: China and its ally
    {'CHN': True, 'IRN': False, 'PRK': True, 'SYR': False}
    >>> view.node_allies.tolist(), view.node_partners.tolist()   # diplomatic relations make partners
    ([1, 1, 1, 1], [0, 0, 1, 1])
    """
    net = frames.network
    compared = frames.nearest(selection.compare) if selection.compare else None
    ordered = frames.by_pair
    chosen = frames.active_by_pair((frame,) if compared is None else (frame, compared), selection)
    pair = ordered.pair[chosen]
    starts = np.flatnonzero(np.concatenate([[True], pair[1:] != pair[:-1]])) if len(chosen) else chosen
    drawn = ordered.ties[chosen[starts]]
    drawn_pair = pair[starts]
    n_nodes = len(net.node_ids)

    def all_in_pair(values: np.ndarray) -> np.ndarray:
        return np.minimum.reduceat(values, starts) if len(starts) else values

    if compared is None:
        # a pair whose ties change while it stays in force, within a frame or from one to the next, is
        # neither gained nor lost
        gained = all_in_pair(ordered.gain[chosen] == frame) & ~_any_of(drawn_pair, ordered, frames.by_pair_where(
            ordered.loss == frame - 1, selection))
        lost = all_in_pair(ordered.loss[chosen] == frame) & ~_any_of(drawn_pair, ordered, frames.by_pair_where(
            ordered.gain == frame + 1, selection))
    else:
        earlier, later = sorted((frame, compared))
        first, last = ordered.first[chosen], ordered.last[chosen]

        def in_force(at: int) -> np.ndarray:
            return ~all_in_pair((first > at) | (last < at))

        gained, lost = in_force(later) & ~in_force(earlier), in_force(earlier) & ~in_force(later)
    ally_bits, partner_bits, rival_bits = type_bits(net, selection)
    type_bit = ordered.type_bit[chosen]
    pair_bits = np.bitwise_or.reduceat(type_bit, starts) if len(starts) else type_bit
    src, tgt = net.src[drawn], net.tgt[drawn]

    def per_node(kind_bits: int, unless: int = 0) -> np.ndarray:
        has = ((pair_bits & kind_bits) != 0) & ((pair_bits & unless) == 0)
        return np.bincount(src[has], minlength=n_nodes) + np.bincount(tgt[has], minlength=n_nodes)

    in_focus = np.ones(n_nodes, dtype=bool)
    if selection.focus is not None and selection.focus in net.node_ids:
        focus = net.node_index(selection.focus)
        in_focus = np.zeros(n_nodes, dtype=bool)
        in_focus[focus] = True
        for _ in range(max(1, selection.depth)):
            touching = in_focus[src] | in_focus[tgt]
            in_focus[src[touching]] = True
            in_focus[tgt[touching]] = True
        # a switch the focus takes part in (as the state, its old side or its new) stays in view
        switches = switches_around(frames, selection, frame)
        involved = switches[(switches[["state", "left", "joined"]] == focus).any(axis=1)]
        in_focus[involved[["state", "left", "joined"]].to_numpy().ravel()] = True
    return FrameView(
        frames=frames,
        frame=frame,
        selection=selection,
        pair_src=src,
        pair_tgt=tgt,
        pair_type=net.type_code[drawn],
        pair_type_bits=pair_bits,
        pair_gained=gained,
        pair_lost=lost,
        pair_in_focus=in_focus[src] & in_focus[tgt],
        node_allies=per_node(ally_bits),
        node_partners=per_node(partner_bits, unless=ally_bits),
        node_rivals=per_node(rival_bits),
        node_in_focus=in_focus,
        pair_tie=drawn,
        pair_id=drawn_pair,
        compared=compared,
    )


def _any_of(pairs: np.ndarray, ordered: PairOrder, positions: np.ndarray) -> np.ndarray:
    """For each of ``pairs`` (pair numbers), whether a tie at ``positions`` of ``ordered`` belongs to it."""
    has = np.zeros(int(ordered.pair[-1]) + 1 if len(ordered.pair) else 0, dtype=bool)
    has[ordered.pair[positions]] = True
    return has[pairs]


#: Allied pairs in force above which a frame with no focus opens as a matrix rather than as lines:
#: past this, even a spread layout's lines cover one another (ATOP's 1991, 2,100 pairs, is a pile of
#: lines, while its matrix still shows every pair; its 1950, 900 pairs, still reads as a network).
DENSE_PAIRS = 1500


def dense_opening(frames: Frames, frame: int, selection: Selection) -> str | None:
    """One line telling the user that ``frame`` opens as a matrix and how to see every tie as a line,
    when it has more than :data:`DENSE_PAIRS` allied pairs and no focus; else None.

    >>> import pandas as pd
    >>> from alliance_atlas.model import TemporalNetwork
    >>> edges = pd.DataFrame({"source": ["PRK"], "target": ["CHN"], "type": ["defense"],
    ...                       "start": pd.to_datetime(["1961-07-11"]), "end": [None]})
    >>> dense_opening(Frames(TemporalNetwork(edges, name="demo"), "year"), 0, Selection()) is None
    True
    """
    if selection.focus is not None:
        return None
    pairs = int(frames.counts(selection)["partners"].iloc[frame])
    if pairs <= DENSE_PAIRS:
        return None
    return (f"{pairs:,} allied pairs in {frames.labels[frame]}: opened as a matrix, which stays readable at "
            "this density. Choose Force, Map or Circle under Layout to draw every tie as a line.")

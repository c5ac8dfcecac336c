"""Change at the level of pairs: allies gained, lost, upgraded or downgraded; partners and rivals apart.

Analysts count allies, not rows. A *pair* is allied in a frame when at least one of its ties of an
ally type is in force during it (which types count is :data:`ALLY_SETTINGS`); diplomatic relations
make *partners*, and rivalries *rivals*, each counted on their own. In each frame a pair's ally ties
may:

- be **gained**: allied in this frame and not in the previous one (the frame of the first day);
- be **lost**: allied in this frame and not in the next one (the frame of the last day in force);
- **change**: allied before and after, but its set of types changes; **upgraded** when its strongest
  type (first in the legend's order: defence above consultation above …) rises, **downgraded** when
  it falls, else **changed** (a treaty ends while a stronger one continues).

Censoring follows the ties': the first frame is the baseline (no gains), and ties in force past the
last frame are open (no losses). Everything is computed at once for the whole span from the ties'
first and last frames (numpy sorts and cumulative sums, no loop over ties) and cached per view.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from alliance_atlas.frames import Frames
from alliance_atlas.model import MAX_TYPE_BITS, NEGATIVE_TYPES, PARTNER_TYPES, TemporalNetwork
from alliance_atlas.relations import hostile_noun
from alliance_atlas.selection import Selection

ALLY_CHANGES = ("gained", "lost", "upgraded", "downgraded", "changed")
PARTNER_CHANGES = ("partner gained", "partner lost")
RIVAL_CHANGES = ("rivalry begun", "rivalry ended")
DISPUTE_CHANGES = ("dispute begun", "dispute ended")
#: Every name a hostile tie's change has.
HOSTILE_CHANGES = frozenset(RIVAL_CHANGES + DISPUTE_CHANGES)


def hostile_changes(network: TemporalNetwork) -> tuple[str, str]:
    """What a hostile pair's beginning and end are called in this data: disputes where every hostile type
    is a dispute (the MID files), else rivalries."""
    return DISPUTE_CHANGES if hostile_noun(network.types) == "dispute" else RIVAL_CHANGES


def type_bits(network: TemporalNetwork, selection: Selection) -> tuple[int, int, int]:
    """Bit masks over type codes of the ally, partner and rival types under ``selection``.

    >>> import pandas as pd
    >>> net = TemporalNetwork(pd.DataFrame({"source": ["A", "A", "A"], "target": ["B", "C", "D"],
    ...     "type": ["defense", "diplomatic", "rivalry"], "start": pd.to_datetime(["1990"] * 3), "end": [None] * 3}),
    ...     name="t")
    >>> type_bits(net, Selection()), type_bits(net, Selection(allies="all"))
    ((1, 2, 4), (3, 0, 4))
    """
    ally = partner = rival = 0
    for code, kind in enumerate(network.types):
        bit = 1 << min(code, MAX_TYPE_BITS)
        if kind in NEGATIVE_TYPES:
            rival |= bit
        elif kind in PARTNER_TYPES and selection.allies != "all":
            partner |= bit
        else:
            ally |= bit
    return ally, partner, rival


def type_names(network: TemporalNetwork, mask: int) -> list[str]:
    """The types whose bits are set in ``mask``, strongest first."""
    return [kind for code, kind in enumerate(network.types) if mask >> min(code, MAX_TYPE_BITS) & 1]


def strongest(masks: np.ndarray) -> np.ndarray:
    """Code of the strongest type (the lowest bit) in each mask; a large number for an empty mask."""
    lowest = masks & -masks
    return np.where(masks > 0, np.log2(np.maximum(lowest, 1)).astype(np.int64), 1 << 20)


@functools.lru_cache(maxsize=64)
def pair_changes(frames: Frames, selection: Selection = Selection()) -> pd.DataFrame:
    """Every change of a pair over the span: one row per pair, frame and kind, frames in order.

    Columns: ``frame``, ``a`` and ``b`` (node indices; with a focus country in ``selection``, ``a``
    is the focus and the table holds its partners only), ``change`` (one of :data:`ALLY_CHANGES`,
    :data:`PARTNER_CHANGES`, :data:`RIVAL_CHANGES`), and the type masks ``before`` (the frame before),
    ``during`` and ``after`` (the frame after).

    >>> import pandas as pd
    >>> from alliance_atlas.model import TemporalNetwork
    >>> edges = pd.DataFrame({"source": ["PRK"] * 4, "target": ["RUS", "RUS", "SYR", "SYR"],
    ...     "type": ["consultation", "defense", "military_cooperation", "diplomatic"],
    ...     "start": pd.to_datetime(["2000-02-09", "2024-06-19", "1973-01-01", "1966-07-01"]),
    ...     "end": pd.to_datetime(["2024-12-04", None, "2024-12-08", "2024-12-08"])})
    >>> months = Frames(TemporalNetwork(edges, name="demo"), "month")
    >>> table = pair_changes(months, Selection(focus="PRK"))
    >>> names = months.network.node_ids.tolist()
    >>> [(months.labels[f], names[b], c) for f, b, c in table[["frame", "b", "change"]].itertuples(index=False)]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('1973-01', 'SYR', 'gained'), ('2000-02', 'RUS', 'gained'), ('2024-06', 'RUS', 'upgraded'),
     ('2024-12', 'RUS', 'changed'), ('2024-12', 'SYR', 'lost'), ('2024-12', 'SYR', 'partner lost')]
    """
    net = frames.network
    n = len(frames)
    mask = selection.tie_mask(net, touching_focus=True)
    ties = np.arange(len(net)) if mask is None else np.flatnonzero(mask)
    focus = net.node_index(selection.focus) if selection.focus in net.node_ids else None
    a, b = net.src[ties].astype(np.int64), net.tgt[ties].astype(np.int64)
    if focus is not None:
        a, b = np.full(len(ties), focus, dtype=np.int64), np.where(a == focus, b, a)
    nodes = len(net.node_ids)
    keys = a * nodes + b
    codes = np.minimum(net.type_code[ties].astype(np.int64), MAX_TYPE_BITS)
    # a tie counts from its first frame up to its last; one in force past the span never stops inside it
    stop = np.where(frames.loss_frame[ties] >= 0, frames.last_frame[ties] + 1, n + 1)
    seg_key, seg_frame, seg_mask = _type_masks(keys, codes, frames.first_frame[ties].astype(np.int64), stop)

    # a change happens in frame f when the mask changes at f (a tie began) or at f + 1 (one ended)
    candidates = np.unique(np.concatenate([seg_key * (n + 3) + seg_frame, seg_key * (n + 3) + seg_frame - 1]))
    cand_key, cand_frame = candidates // (n + 3), candidates % (n + 3)
    inside = (cand_frame >= 0) & (cand_frame < n)
    cand_key, cand_frame = cand_key[inside], cand_frame[inside]

    def mask_at(frame: np.ndarray) -> np.ndarray:
        wanted = cand_key * (n + 3) + np.maximum(frame, 0)  # before the first frame: as in it (the baseline)
        index = np.searchsorted(seg_key * (n + 3) + seg_frame, wanted, side="right") - 1
        found = (index >= 0) & (seg_key[np.maximum(index, 0)] == cand_key)
        return np.where(found, seg_mask[np.maximum(index, 0)], 0)

    before, during, after = mask_at(cand_frame - 1), mask_at(cand_frame), mask_at(cand_frame + 1)
    ally_bits, partner_bits, rival_bits = type_bits(net, selection)
    kinds = []
    ally = [m & ally_bits for m in (before, during, after)]
    # a type began in f (in f, not in f - 1) or ended in f (in f, not in f + 1)
    types_moved = (ally[1] & ~ally[0]) | (ally[1] & ~ally[2])
    steady = (ally[0] != 0) & (ally[2] != 0) & (types_moved != 0)
    rank_before, rank_after = strongest(ally[0]), strongest(ally[2])
    kinds += [
        ("gained", (ally[1] != 0) & (ally[0] == 0)),
        ("lost", (ally[1] != 0) & (ally[2] == 0)),
        ("upgraded", steady & (rank_after < rank_before)),
        ("downgraded", steady & (rank_after > rank_before)),
        ("changed", steady & (rank_after == rank_before)),
    ]
    for bits, (begun, ended) in ((partner_bits, PARTNER_CHANGES), (rival_bits, hostile_changes(frames.network))):
        kept = [m & bits for m in (before, during, after)]
        kinds += [(begun, (kept[1] != 0) & (kept[0] == 0)), (ended, (kept[1] != 0) & (kept[2] == 0))]
    rows = [pd.DataFrame({"frame": cand_frame[hit], "key": cand_key[hit], "change": name, "before": before[hit],
                          "during": during[hit], "after": after[hit]}) for name, hit in kinds]
    order = {name: i for i, (name, _) in enumerate(kinds)}
    table = pd.concat(rows, ignore_index=True)
    table = table.assign(rank=table["change"].map(order)).sort_values(["frame", "key", "rank"], kind="stable")
    table = table.reset_index(drop=True)
    table.insert(1, "a", table["key"] // nodes)
    table.insert(2, "b", table["key"] % nodes)
    return table.drop(columns=["key", "rank"])


def ally_counts(frames: Frames, selection: Selection = Selection()) -> pd.DataFrame:
    """Per frame: allies gained and lost, ties changed, rivalries (or disputes) begun and ended, and the
    allied pairs in force (or, with a focus country, its allies)."""
    table = pair_changes(frames, selection)
    n = len(frames)
    begun, ended = hostile_changes(frames.network)
    hostile = hostile_noun(frames.network.types, plural=True)

    def per_frame(*changes: str) -> np.ndarray:
        return np.bincount(table.loc[table["change"].isin(changes), "frame"], minlength=n)

    return pd.DataFrame({
        "frame": frames.labels,
        "allies_gained": per_frame("gained"),
        "allies_lost": per_frame("lost"),
        "ties_changed": per_frame("upgraded", "downgraded", "changed"),
        "allied": allied_in_force(frames, selection),
        f"{hostile}_begun": per_frame(begun),
        f"{hostile}_ended": per_frame(ended),
    })


def allied_in_force(frames: Frames, selection: Selection = Selection()) -> np.ndarray:
    """Allied pairs (or the focus country's allies) in force in each frame; in data whose ties are all
    hostile, the pairs in dispute (or the focus's adversaries)."""
    net = frames.network
    ally_bits, _, rival_bits = type_bits(net, selection)
    mask = selection.tie_mask(net, touching_focus=True)
    chosen = np.arange(len(net)) if mask is None else np.flatnonzero(mask)
    chosen = chosen[(net.type_bit[chosen] & (ally_bits if net.positive.any() else rival_bits)) != 0]
    return frames.pairs_in_force(chosen, selection.focus if selection.focus in net.node_ids else None)


def _type_masks(keys, codes, start, stop) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each key, the frames where its set of types in force changes, and the set (a bit mask) from then on.

    A key's type is present while any of its ties of that type is: ``start`` counts up, ``stop`` down.
    """
    if len(keys) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    types = MAX_TYPE_BITS + 1
    combo = np.concatenate([keys, keys]) * types + np.concatenate([codes, codes])
    frame = np.concatenate([start, stop])
    delta = np.concatenate([np.ones(len(keys), np.int64), -np.ones(len(keys), np.int64)])
    order = np.lexsort((frame, combo))
    combo, frame, delta = combo[order], frame[order], delta[order]
    # every tie both starts and stops, so each (key, type) block sums to zero: one cumsum serves all blocks
    count = np.cumsum(delta)
    last = np.flatnonzero(np.concatenate([(combo[1:] != combo[:-1]) | (frame[1:] != frame[:-1]), [True]]))
    combo, frame, present = combo[last], frame[last], (count[last] > 0).astype(np.int64)
    same_block = np.concatenate([[False], combo[1:] == combo[:-1]])
    was_present = np.where(same_block, np.concatenate([[0], present[:-1]]), 0)
    bit_change = (present - was_present) << (combo % types)
    key = combo // types
    order = np.lexsort((frame, key))
    key, frame, bit_change = key[order], frame[order], bit_change[order]
    starts = np.flatnonzero(np.concatenate([[True], (key[1:] != key[:-1]) | (frame[1:] != frame[:-1])]))
    # likewise each key's bit changes sum to zero, so the running sum is the mask from each frame on
    masks = np.cumsum(np.add.reduceat(bit_change, starts))
    return key[starts], frame[starts], masks

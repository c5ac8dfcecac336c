"""The focus country's news in a frame: what the states around it (its allies and partners, its former
allies within the side-switch window, its rivals) did with each other. A frame in which the focus's own
ties do not change can still be its news: in April 2025 nothing changes between North Korea and anyone,
but "Syria, North Korea's ally until 2024-12, opened relations with South Korea, its rival".
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from alliance_atlas.countries import registry
from alliance_atlas.figures.style import possessive
from alliance_atlas.frames import Frames
from alliance_atlas.model import PARTNER_TYPES
from alliance_atlas.pairs import pair_changes
from alliance_atlas.selection import Selection
from alliance_atlas.switches import window_frames

#: What a state did to a pair's ties, by the kind of change (alliance_atlas.pairs).
VERBS = {"gained": "allied with", "lost": "ended its alliance with", "upgraded": "strengthened its alliance with",
         "downgraded": "weakened its alliance with", "changed": "changed its alliance with",
         "partner gained": "opened relations with", "partner lost": "ended relations with",
         "rivalry begun": "became a rival of", "rivalry ended": "ended its rivalry with",
         "dispute begun": "began a dispute with", "dispute ended": "ended its dispute with"}
#: Who comes first in a sentence: the focus's friends before its rivals.
ROLE_ORDER = {"ally": 0, "partner": 1, "former ally": 2, "rival": 3}
NEWS_COLUMNS = ("country", "partner", "change", "news")


def roles(frames: Frames, selection: Selection, frame: int) -> dict[int, str]:
    """Node -> what it is to the selection's focus in ``frame``: "ally" (an ally type in force),
    "partner" (a diplomatic tie only), "former ally" (its last positive tie with the focus ended within
    the selection's side-switch window) or "rival" (a hostile tie in force). Empty without a focus."""
    net = frames.network
    if selection.focus not in net.node_ids:
        return {}
    touching, other = _focus_ties(frames, selection)
    live = (frames.first_frame[touching] <= frame) & (frames.last_frame[touching] >= frame)
    positive = net.positive[touching]
    partner_only = np.isin(net.edges["type"].to_numpy(dtype=str)[touching], list(PARTNER_TYPES))
    found: dict[int, str] = {}
    earliest = frame - window_frames(frames, selection.window)
    for node, last in _last_allied(frames, selection).items():
        if earliest <= last < frame:
            found[int(node)] = "former ally"
    for node in np.unique(other[live & ~positive]):
        found[int(node)] = "rival"
    for node in np.unique(other[live & positive & partner_only]):
        found[int(node)] = "partner"
    for node in np.unique(other[live & positive & ~partner_only]):
        found[int(node)] = "ally"
    return found


def focus_news(frames: Frames, selection: Selection, frame: int) -> pd.DataFrame:
    """The changes in ``frame`` between two states around the focus (:func:`roles`), each as a sentence
    (:data:`NEWS_COLUMNS`); empty without a focus."""
    around = roles(frames, selection, frame)
    if not around:
        return pd.DataFrame(columns=list(NEWS_COLUMNS))
    net = frames.network
    everyone = pair_changes(frames, dataclasses.replace(selection, focus=None))
    rows = everyone[(everyone["frame"].to_numpy() == frame) & everyone["a"].isin(around).to_numpy()
                    & everyone["b"].isin(around).to_numpy()]
    if rows.empty:
        return pd.DataFrame(columns=list(NEWS_COLUMNS))
    day = frames.bounds[frame].astype("datetime64[D]")
    focus = registry().names_at(np.array([selection.focus]), day)[0]
    names = dict(zip(around, registry().names_at(net.node_ids[list(around)], day)))
    last = _last_allied(frames, selection)
    ended = {node: frames.labels[int(last[node])] for node, role in around.items() if role == "former ally"}
    found = []
    for a, b, change in rows[["a", "b", "change"]].itertuples(index=False):
        first, second = sorted((int(a), int(b)), key=lambda node: (ROLE_ORDER[around[node]], names[node]))
        found.append((names[first], names[second], change,
                      f"{names[first]}, {_role(around[first], possessive(focus), ended.get(first))}, "
                      f"{VERBS.get(change, 'changed its ties with')} {names[second]}, "
                      f"{_role(around[second], 'its', ended.get(second))}"))
    return pd.DataFrame(found, columns=list(NEWS_COLUMNS))


def _role(role: str, whose: str, until: str | None) -> str:
    """What a state is to the focus, in words.

    >>> _role("former ally", "North Korea's", "2024-12"), _role("rival", "its", None)
    ("North Korea's ally until 2024-12", 'its rival')
    """
    return f"{whose} ally until {until}" if role == "former ally" else f"{whose} {role}"


def _focus_ties(frames: Frames, selection: Selection) -> tuple[np.ndarray, np.ndarray]:
    """The ties of the focus the selection keeps (indices), and the other state of each."""
    net = frames.network
    focus = net.node_index(selection.focus)
    touching = np.flatnonzero((net.src == focus) | (net.tgt == focus))
    mask = selection.tie_mask(net)
    if mask is not None:
        touching = touching[mask[touching]]
    return touching, np.where(net.src[touching] == focus, net.tgt[touching], net.src[touching])


def _last_allied(frames: Frames, selection: Selection) -> pd.Series:
    """Node -> the last frame in which one of its positive ties with the focus was in force."""
    touching, other = _focus_ties(frames, selection)
    positive = frames.network.positive[touching]
    return pd.Series(frames.last_frame[touching][positive]).groupby(other[positive]).max()

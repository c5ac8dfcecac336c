"""Blocs: the camps of the alliance network in each frame, matched frame to frame so they keep their
identity (a colour and a name) while their members change, and the states that changed camp with the
ties that show it.

- **Which ties make camps.** Defence and offence pacts (and, in hand-coded data, military cooperation
  and strategic partnerships: :data:`CAMP_TYPES`) among the selection's types. Non-aggression,
  neutrality and consultation pacts bind across camps (the 1975 Helsinki Final Act is coded by ATOP
  as a non-aggression pact of 35 states), so they count only where the selection keeps no camp type,
  and then each pact weighs 1 per member however large it is (see :func:`pact_weights`).
- **Stable.** Each frame's blocs are the consensus of :data:`RUNS` seeded Louvain partitions: two
  states are in one bloc when most runs put them together (Lancichinetti and Fortunato 2012,
  "Consensus clustering in complex networks"), and a state's *confidence* is the share of runs that
  agree with its bloc. A state changes bloc only when it is confident in the new one and stays there
  for :data:`PERSIST_MONTHS` (or to the end of the data); until then it stays where it was.
- **Named and coloured.** A frame's bloc continues the previous frame's bloc that it overlaps most
  (Jaccard at least :data:`MIN_OVERLAP`) if it still holds that bloc's leader (its most central
  member, by weighted degree); else it is new. A bloc is named after the state that led it in most
  of its frames, and blocs alive at the same time never share a name or a colour.
- **Switches with evidence.** A state is listed as moving from bloc A to bloc B only when, within the
  selection's window, it lost a camp tie with a member of A and gained one with a member of B.

Computed once per dataset, step and filters, and cached: never on the slider's path.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from alliance_atlas.countries import registry
from alliance_atlas.frames import Frames
from alliance_atlas.model import NEGATIVE_TYPES, PARTNER_TYPES
from alliance_atlas.selection import Selection
from alliance_atlas.shared import shared_arrays
from alliance_atlas.switches import window_frames

SEED = 1961
#: Seeded Louvain runs per frame whose consensus makes the blocs.
RUNS = 10
#: Share of runs that must put two states together for the consensus to join them.
AGREE = 0.5
#: A state moves to a new bloc only when at least this share of runs agrees with it there.
CONFIDENT = 0.7
#: ... and when it stays in it this long (or to the data's end).
PERSIST_MONTHS = 24
MIN_OVERLAP = 0.5
#: Blocs smaller than this are not named or coloured (two states are a pair, not a bloc).
MIN_SIZE = 3
#: The tie types that form camps, where the selection keeps any of them.
CAMP_TYPES = frozenset({"defense", "offense", "military_cooperation", "strategic_partnership"})
#: Palette slots (see :data:`alliance_atlas.figures.style.BLOC_COLORS`); a bloc beyond them is -1.
COLOR_SLOTS = 12
SWITCH_EVIDENCE = ("frame", "node", "left", "joined", "lost", "gained")


@dataclass(frozen=True)
class Blocs:
    """``members``: one row per frame and node in a bloc (``frame``, ``node``, ``bloc``,
    ``confidence``); ``names``: bloc id -> name; ``colors``: bloc id -> palette slot, never shared by
    blocs alive at once (-1 once the palette is used up); ``switches``: the evidenced moves
    (:data:`SWITCH_EVIDENCE`: ``lost`` and ``gained`` are tuples of partner nodes)."""

    frames: Frames
    members: pd.DataFrame
    names: dict[int, str]
    colors: dict[int, int]
    switches: pd.DataFrame

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


def blocs(frames: Frames, selection: Selection = Selection()) -> Blocs:
    """The blocs of every frame (the selection's types, weight filter and window apply; its focus,
    layout, compare date and colours do not, so changing them reuses the cached result).

    Two defence pacts stay two blocs when a non-aggression pact joins all their states; each is named
    after its best-connected member:

    >>> from alliance_atlas.model import TemporalNetwork
    >>> pairs = [("A", "B"), ("A", "C"), ("A", "G"), ("B", "C"), ("D", "E"), ("D", "F"), ("D", "H"), ("E", "F")]
    >>> everyone = [(a, b) for a in "ABCDEFGH" for b in "ABCDEFGH" if a < b]
    >>> edges = pd.DataFrame({"source": [a for a, _ in pairs + everyone], "target": [b for _, b in pairs + everyone],
    ...     "type": ["defense"] * 8 + ["nonaggression"] * 28, "start": pd.to_datetime(["1990"] * 8 + ["1995"] * 28),
    ...     "end": None})
    >>> found = blocs(Frames(TemporalNetwork(edges, name="demo"), "year"))
    >>> found.of_frame(0).tolist(), found.of_frame(5).tolist(), sorted(found.names.values())
    ([0, 0, 0, 1, 1, 1, 0, 1], [0, 0, 0, 1, 1, 1, 0, 1], ['A bloc', 'D bloc'])
    """
    return _blocs(frames, selection.filters())


def camp_ties(frames: Frames, selection: Selection) -> tuple[np.ndarray, np.ndarray]:
    """The ties that make blocs (indices) and the weight of each: camp types when the selection keeps
    any (weight 1), else its other positive types weighted per pact (:func:`pact_weights`)."""
    net = frames.network
    mask = selection.tie_mask(net)
    kinds = net.edges["type"].to_numpy(dtype=str)
    kept = np.ones(len(net), dtype=bool) if mask is None else mask
    positive = kept & ~np.isin(kinds, list(NEGATIVE_TYPES | PARTNER_TYPES))
    camp = positive & np.isin(kinds, list(CAMP_TYPES))
    if camp.any():
        chosen = np.flatnonzero(camp)
        return chosen, np.ones(len(chosen))
    chosen = np.flatnonzero(positive)
    return chosen, pact_weights(net.src[chosen], net.tgt[chosen], net.start_day[chosen], kinds[chosen])


def pact_weights(src: np.ndarray, tgt: np.ndarray, start: np.ndarray, kinds: np.ndarray) -> np.ndarray:
    """1 / (members - 1) for each tie of a pact, where a pact is a connected set of ties of one type
    that began on one day: each member's ties in a pact weigh 1 in all, so a pact of 35 states weighs
    no more on a pair than a bilateral one on a member.

    >>> pact_weights(np.array([0, 0, 1, 3]), np.array([1, 2, 2, 4]), np.array([5, 5, 5, 5]),
    ...              np.array(["nonaggression"] * 4)).round(2).tolist()
    [0.5, 0.5, 0.5, 1.0]
    """
    groups = pd.DataFrame({"start": start, "type": kinds}).groupby(["start", "type"]).ngroup().to_numpy()
    graph = nx.Graph()
    graph.add_edges_from(zip(zip(groups.tolist(), src.tolist()), zip(groups.tolist(), tgt.tolist())))
    size = {node: len(component) for component in nx.connected_components(graph) for node in component}
    return np.array([1 / (size[(g, s)] - 1) for g, s in zip(groups.tolist(), src.tolist())])


def _consensus(graph: nx.Graph) -> list[tuple[set, dict]]:
    """The graph's consensus communities (of at least :data:`MIN_SIZE`), each with its members'
    confidence: the mean share of runs that put a member with each other member."""
    nodes = list(graph.nodes)
    if len(nodes) < MIN_SIZE:
        return []
    where = {node: i for i, node in enumerate(nodes)}
    runs = np.empty((RUNS, len(nodes)), dtype=np.int64)
    for run in range(RUNS):
        for label, community in enumerate(nx.community.louvain_communities(graph, weight="weight", seed=SEED + run)):
            runs[run, [where[node] for node in community]] = label
    together = (runs[:, :, None] == runs[:, None, :]).mean(axis=0)
    agreed = nx.Graph()
    agreed.add_nodes_from(range(len(nodes)))
    agreed.add_edges_from(zip(*np.nonzero(np.triu(together > AGREE, 1))))
    found = []
    for component in nx.connected_components(agreed):
        if len(component) < MIN_SIZE:
            continue
        inside = np.array(sorted(component))
        share = (together[np.ix_(inside, inside)].sum(axis=1) - 1) / (len(inside) - 1)
        found.append(({nodes[i] for i in inside}, {nodes[i]: float(s) for i, s in zip(inside, share)}))
    return found


@functools.lru_cache(maxsize=16)
def _blocs(frames: Frames, selection: Selection) -> Blocs:
    net = frames.network
    chosen, weight = camp_ties(frames, selection)
    n, nodes = len(frames), len(net.node_ids)
    # the consensus runs are the cost: once per server, in the store its workers share
    key = f"blocs:{RUNS}:{AGREE}:{net.fingerprint}:{frames.step}:{n}:{sorted(selection.to_query().items())}"
    found = shared_arrays(key, lambda: _communities(frames, chosen, weight),
                          lambda found: found["raw"].shape == found["confidence"].shape == (n, nodes)
                          and found["raw"].dtype == found["led"].dtype == np.int64 and found["led"].shape[1:] == (2,))
    raw, confidence = found["raw"], found["confidence"]
    held = _held(raw, confidence, max(2, window_frames(frames, PERSIST_MONTHS)))
    frame_of, node_of = np.nonzero(held >= 0)
    members = pd.DataFrame({"frame": frame_of, "node": node_of, "bloc": held[frame_of, node_of],
                            # a state held in its old bloc has no confidence there: blank
                            "confidence": np.where(raw[frame_of, node_of] == held[frame_of, node_of],
                                                   confidence[frame_of, node_of], np.nan)})
    members = members[members.groupby(["frame", "bloc"])["node"].transform("size") >= MIN_SIZE].reset_index(drop=True)
    members = members.astype({"frame": np.int64, "node": np.int64, "bloc": np.int64})
    names = _names(net, frames, members, pd.DataFrame(found["led"], columns=["bloc", "leader"]))
    return Blocs(frames, members, names, _colors(members), _evidenced(frames, selection, members, chosen))


def _communities(frames: Frames, chosen: np.ndarray, weight: np.ndarray) -> dict[str, np.ndarray]:
    """Each frame's consensus communities of the camp ties ``chosen`` (weighted), matched frame to frame:
    ``raw`` (frames by nodes: the bloc id, -1 for none), each state's ``confidence`` in it, and ``led``, one
    (bloc, leader it would be named after, -1 for a bloc of equals) row per bloc and frame."""
    net = frames.network
    positive = np.flatnonzero(~np.isin(net.edges["type"].to_numpy(dtype=str), list(NEGATIVE_TYPES)))
    n, nodes = len(frames), len(net.node_ids)
    # the graph only changes in frames where a tie begins, or ends in the frame before
    changes = np.bincount(frames.first_frame[chosen], minlength=n + 1)[:n] + \
        np.bincount(frames.last_frame[chosen] + 1, minlength=n + 1)[:n]
    raw = np.full((n, nodes), -1, dtype=np.int64)
    confidence = np.zeros((n, nodes))
    leaders: dict[int, int] = {}
    tenures: dict[tuple[int, int], int] = {}
    named_by: dict[int, int] = {}
    led: list[tuple[int, int]] = []
    previous: dict[int, set] = {}
    communities, labels, next_id = [], [], 0
    for frame in range(n):
        if frame == 0 or changes[frame]:
            live = (frames.first_frame[chosen] <= frame) & (frames.last_frame[chosen] >= frame)
            pairs = pd.Series(weight[live], index=net.src[chosen[live]].astype(np.int64) * nodes + net.tgt[chosen[live]])
            graph = nx.Graph()
            graph.add_weighted_edges_from((int(k // nodes), int(k % nodes), float(w))
                                          for k, w in pairs.groupby(level=0).sum().items())
            communities = _consensus(graph)
            labels, next_id = _match(previous, [members for members, _ in communities], leaders, next_id)
            breadth = np.bincount(np.concatenate([net.src[positive_live := positive[(frames.first_frame[positive] <= frame)
                                                  & (frames.last_frame[positive] >= frame)]], net.tgt[positive_live]]),
                                  minlength=nodes)
            for bloc, (members, _) in zip(labels, communities):
                # among equals (a pact's members all tied to each other): the most allies of any
                # kind, then the longest in the bloc
                tenure = {node: (tenures.get((bloc, node), 0) + 1) for node in members}
                tenures = {key: value for key, value in tenures.items() if key[0] != bloc} | \
                    {(bloc, node): years for node, years in tenure.items()}
                inside = graph.subgraph(members).degree(weight="weight")
                rank = {node: (inside[node], breadth[node]) for node in members}
                leaders[bloc] = max(sorted(members), key=lambda node: (*rank[node], tenure[node]))
                # a bloc of equals (a pact whose members are all tied alike) has no leader to be named after
                top = max(rank.values())
                named_by[bloc] = leaders[bloc] if sum(value == top for value in rank.values()) == 1 else -1
            previous = {bloc: members for bloc, (members, _) in zip(labels, communities)}
        for bloc, (members, sure) in zip(labels, communities):
            inside = np.fromiter(members, dtype=np.int64)
            raw[frame, inside] = bloc
            confidence[frame, inside] = [sure[node] for node in members]
            led.append((bloc, named_by[bloc]))
    return {"raw": raw, "confidence": confidence, "led": np.array(led, dtype=np.int64).reshape(-1, 2)}


def _held(raw: np.ndarray, confidence: np.ndarray, persist: int) -> np.ndarray:
    """Each state's bloc per frame (frames by nodes) once unconfirmed moves are held back: a state
    whose raw bloc changes keeps its old one (while that bloc exists) unless it is confident in the
    new one and stays in it ``persist`` frames or to the end of the data."""
    held = raw.copy()
    n = len(raw)
    alive = [set(np.unique(row[row >= 0]).tolist()) for row in raw]
    for node in range(raw.shape[1]):
        for frame in range(1, n):
            old, new = held[frame - 1, node], raw[frame, node]
            if old < 0 or new < 0 or new == old:
                continue
            lasting = raw[frame:frame + persist, node]
            confirmed = confidence[frame, node] >= CONFIDENT and (lasting == new).all()
            if not confirmed and old in alive[frame]:
                held[frame, node] = old
    return held


def _match(previous: dict[int, set], communities: list[set], leaders: dict[int, int],
           next_id: int) -> tuple[list[int], int]:
    """Bloc ids for this frame's communities: the previous frame's bloc each overlaps most (greedy by
    Jaccard, best first, at least MIN_OVERLAP) among those whose leader it holds, else a new id."""
    overlaps = sorted(((len(c & p) / len(c | p), i, bloc) for i, c in enumerate(communities)
                       for bloc, p in previous.items() if leaders[bloc] in c), reverse=True)
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


def _names(net, frames: Frames, members: pd.DataFrame, led: pd.DataFrame) -> dict[int, str]:
    """Each bloc after the state that led it (was alone its most central member) in most of its
    frames (more than half of them), as named when the bloc formed; any other bloc after the region
    most of its members are in. Longest-lived blocs first: a bloc alive at the same time as one already so named takes its next
    most frequent leader, or a number ("Africa bloc 2"); a name an earlier bloc had gets the later
    one's first frame ("… bloc (from 1976)")."""
    spans = members.groupby("bloc")["frame"].agg(["min", "max"])
    order = (spans["max"] - spans["min"]).sort_values(ascending=False, kind="stable").index
    counts = led.groupby(["bloc", "leader"]).size().rename("frames").reset_index() \
        .sort_values(["bloc", "frames", "leader"], ascending=[True, False, True])
    # a bloc that was a bloc of equals in most of its frames is named after its region
    counts = counts[counts["leader"].to_numpy() >= 0].loc[lambda c: c["frames"] >
                                                          led.groupby("bloc").size().reindex(c["bloc"]).to_numpy() / 2]
    regions = net.nodes["region"].to_numpy()
    names: dict[int, str] = {}
    for bloc in order:
        born, ends = spans.loc[bloc]
        alongside = {names[other] for other in names if spans.loc[other, "min"] <= ends and born <= spans.loc[other, "max"]}
        states = registry().names_at(net.node_ids[counts.loc[counts["bloc"] == bloc, "leader"].to_numpy()],
                                     frames.start_date(int(born)))
        region = pd.Series(regions[members.loc[members["bloc"] == bloc, "node"]]).mode()[0]
        choices = [f"{state} bloc" for state in states] + [f"{region} bloc"] + \
            [f"{region} bloc {number}" for number in range(2, len(spans) + 2)]
        name = next(choice for choice in choices if choice not in alongside)
        names[int(bloc)] = name if name not in names.values() else f"{name} (from {frames.labels[born]})"
    return names


def _colors(members: pd.DataFrame) -> dict[int, int]:
    """A palette slot per bloc, given in order of birth so that blocs whose lifetimes overlap never
    share one (greedy colouring of intervals uses no more slots than blocs alive at once); -1 for a
    bloc born while every slot is taken."""
    spans = members.groupby("bloc")["frame"].agg(["min", "max"]).sort_values(["min", "max"], kind="stable")
    busy_until = np.full(COLOR_SLOTS, -1)
    colors = {}
    for bloc, (born, ends) in spans.iterrows():
        free = np.flatnonzero(busy_until < born)
        colors[int(bloc)] = int(free[0]) if len(free) else -1
        if len(free):
            busy_until[free[0]] = ends
    return colors


def _evidenced(frames: Frames, selection: Selection, members: pd.DataFrame, chosen: np.ndarray) -> pd.DataFrame:
    """The moves from one bloc to another that the ties show: within the window of the move, the
    state lost a camp tie with a member of its old bloc and gained one with a member of its new."""
    ordered = members.sort_values(["node", "frame"])
    before = ordered.groupby("node")[["frame", "bloc"]].shift()
    moved = (before["frame"] == ordered["frame"] - 1) & (before["bloc"] != ordered["bloc"])
    moves = pd.DataFrame({"frame": ordered["frame"][moved].to_numpy(), "node": ordered["node"][moved].to_numpy(),
                          "left": before["bloc"][moved].to_numpy(np.int64), "joined": ordered["bloc"][moved].to_numpy()})
    if moves.empty:
        return pd.DataFrame({column: pd.Series(dtype=object if column in ("lost", "gained") else np.int64)
                             for column in SWITCH_EVIDENCE})
    net = frames.network
    window = window_frames(frames, selection.window)
    ties = pd.DataFrame({"node": np.concatenate([net.src[chosen], net.tgt[chosen]]).astype(np.int64),
                         "partner": np.concatenate([net.tgt[chosen], net.src[chosen]]).astype(np.int64),
                         "first": np.tile(frames.first_frame[chosen], 2), "last": np.tile(frames.last_frame[chosen], 2)})
    bloc_at = members.set_index(["frame", "node"])["bloc"]
    alive = set(zip(members["frame"], members["bloc"]))
    # a bloc that dissolved is left by all its members at once: that is its end, not their switch
    moves = moves[[(frame, bloc) in alive for frame, bloc in zip(moves["frame"], moves["left"])]]
    candidates = moves.reset_index().merge(ties, on="node")
    # lost: the pair's camp ties ended within the window of the move, the partner in the old bloc before it
    lost = candidates[((candidates["last"] - (candidates["frame"] - 1)).abs() <= window)
                      & (candidates["last"] < len(frames) - 1)]
    lost = lost[(bloc_at.reindex(pd.MultiIndex.from_arrays([lost["frame"] - 1, lost["partner"]])).to_numpy()
                 == lost["left"].to_numpy()) & ~_in_force(ties, lost, lost["last"] + 1)]
    # gained: the pair's first camp tie began within the window of the move, the partner in the new bloc after it
    gained = candidates[(candidates["first"] > 0) & ((candidates["first"] - candidates["frame"]).abs() <= window)]
    gained = gained[(bloc_at.reindex(pd.MultiIndex.from_arrays([gained["frame"], gained["partner"]])).to_numpy()
                     == gained["joined"].to_numpy()) & ~_in_force(ties, gained, gained["first"] - 1)]
    moves["lost"] = lost.groupby("index")["partner"].agg(lambda p: tuple(sorted(set(p)))).reindex(moves.index)
    moves["gained"] = gained.groupby("index")["partner"].agg(lambda p: tuple(sorted(set(p)))).reindex(moves.index)
    return moves.dropna(subset=["lost", "gained"]).reset_index(drop=True)[list(SWITCH_EVIDENCE)]


def _in_force(ties: pd.DataFrame, rows: pd.DataFrame, frame: pd.Series) -> np.ndarray:
    """Whether the pair (``node``, ``partner``) of each row has a tie in force in its ``frame``."""
    asked = pd.DataFrame({"node": rows["node"].to_numpy(), "partner": rows["partner"].to_numpy(),
                          "at": frame.to_numpy(), "row": np.arange(len(rows))})
    pairs = asked.merge(ties, on=["node", "partner"])
    covered = pairs.loc[(pairs["first"] <= pairs["at"]) & (pairs["at"] <= pairs["last"]), "row"]
    return np.isin(np.arange(len(rows)), covered.to_numpy())

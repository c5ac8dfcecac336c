"""Layouts: the force layout is deterministic and spreads dense graphs, the moving layout follows a
state that changes sides without jumps, and circle edges bundle through their regions' anchors."""

import networkx as nx
import numpy as np
import pytest

from alliance_atlas import layout, shared
from alliance_atlas.figures import network_arrays
from alliance_atlas.frames import frames_for
from alliance_atlas.selection import Selection
from alliance_atlas.views import frame_view


def nearest_neighbour(xy: np.ndarray) -> np.ndarray:
    distance = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=-1))
    np.fill_diagonal(distance, np.inf)
    return distance.min(axis=1)


def spring_positions(network) -> np.ndarray:
    """The layout the force layout replaced: networkx's spring layout of the same weighted union graph,
    scaled to the same square."""
    graph = nx.Graph()
    graph.add_nodes_from(range(len(network.node_ids)))
    graph.add_weighted_edges_from((a, b, np.log1p(years)) for (a, b), years in layout._years_allied(network).items())
    spring = nx.spring_layout(graph, seed=1, weight="weight", iterations=120, k=1.6 / np.sqrt(len(graph)))
    xy = np.array([spring[i] for i in range(len(graph))])
    return (xy - xy.min(axis=0)) / np.ptp(xy, axis=0) * 2 - 1


def test_force_layout_is_deterministic_and_cached(story_network):
    first = layout.positions(story_network, "force")
    assert layout.positions(story_network, "force") is first
    assert np.array_equal(layout._force(story_network), first.to_numpy())


def test_force_layout_spreads_atop_more_than_a_spring_layout(atop_network):
    new = layout.positions(atop_network, "force").to_numpy()
    old = spring_positions(atop_network)
    assert np.abs(new).max() <= 1 + 1e-9
    new_spacing, old_spacing = nearest_neighbour(new), nearest_neighbour(old)
    assert np.median(new_spacing) > 1.5 * np.median(old_spacing)
    # a node closer than half the minimum separation to another cannot have a legible marker
    crowded = layout.MIN_SEPARATION / 2
    assert (new_spacing < crowded).mean() < 0.05 < (old_spacing < crowded).mean()
    # spread, but still structured: most states' nearest neighbours are of their own region
    region = atop_network.nodes["region"].to_numpy()
    distance = np.sqrt(((new[:, None, :] - new[None, :, :]) ** 2).sum(axis=-1))
    np.fill_diagonal(distance, np.inf)
    nearest_five = np.argsort(distance, axis=1)[:, :5]
    assert (region[nearest_five] == region[:, None]).mean() > 0.7


@pytest.fixture(scope="module")
def story_months(story_network):
    return frames_for(story_network, "month")


def distance(frames, date: str, a: str, b: str) -> float:
    xy = layout.frame_positions(frames, "moving", frames.index_of(date))
    ids = list(frames.network.node_ids)
    return float(np.linalg.norm(xy[ids.index(a)] - xy[ids.index(b)]))


def test_moving_layout_takes_syria_from_north_koreas_side_to_south_koreas(story_months):
    before = [distance(story_months, "2024-11", "SYR", other) for other in ("PRK", "KOR")]
    after = [distance(story_months, date, "SYR", other) for date in ("2025-06", "2025-12") for other in ("PRK", "KOR")]
    assert before[0] < before[1] / 1.5   # next to North Korea
    assert after[1] < after[0] / 1.5 and after[3] < after[2] / 1.5   # then by South Korea


def test_moving_layout_never_jumps_and_is_cached(story_months):
    xy = np.stack([layout.frame_positions(story_months, "moving", f) for f in range(len(story_months))])
    steps = np.sqrt((np.diff(xy, axis=0) ** 2).sum(axis=-1))
    assert steps.max() <= layout.MAX_STEP + 1e-9
    assert steps.max() > 0   # it does move
    assert np.abs(xy).max() <= 1 + 1e-9
    # computed once for every frame: a later look-up reads the same memory
    first, second = (layout.frame_positions(story_months, "moving", f) for f in (5, 6))
    assert first.base is not None and first.base is second.base


def test_moving_layout_keeps_a_state_without_ties_still(story_months):
    network = story_months.network
    last_in_force = np.zeros(len(network.node_ids), dtype=int)
    np.maximum.at(last_in_force, network.src, story_months.last_frame)
    np.maximum.at(last_in_force, network.tgt, story_months.last_frame)
    node = int(np.argmin(last_in_force))
    after = last_in_force[node] + layout.MOVING_WINDOW["month"] + 1
    assert after < len(story_months) - 1, "the story should have a state whose ties all ended before its last frame"
    still = [layout.frame_positions(story_months, "moving", f)[node] for f in (after, len(story_months) - 1)]
    assert np.array_equal(*still)


def test_moving_steps_send_positions_and_stable_steps_do_not(story_months):
    moving = network_arrays(frame_view(story_months, 100, Selection(layout="moving")))
    stable = network_arrays(frame_view(story_months, 100, Selection(layout="force")))
    states = next(index for index, arrays in moving.items() if "hovertext" in arrays)
    assert {"x", "y"} <= set(moving[states]) and not {"x", "y"} & set(stable[states])
    ids = list(story_months.network.node_ids)
    assert moving[states]["x"][ids.index("SYR")] == pytest.approx(
        layout.frame_positions(story_months, "moving", 100)[ids.index("SYR"), 0])


def test_bundled_curves_stay_in_the_circle_and_end_at_the_nodes(story_network):
    xy = layout.positions(story_network, "circle").to_numpy()
    region = story_network.nodes["region"].to_numpy()
    n = len(xy)
    src, tgt = np.triu_indices(n, k=1)
    x, y = layout.bundled_lines(story_network, src, tgt)
    curves = np.stack([x, y], axis=-1).reshape(len(src), -1, 2)
    assert np.isnan(curves[:, -1]).all()
    points = curves[:, :-1]
    assert np.allclose(points[:, 0], xy[src], atol=1e-6) and np.allclose(points[:, -1], xy[tgt], atol=1e-6)
    assert (np.sqrt((points**2).sum(axis=-1)) <= 1 + 1e-6).all()
    # ties between regions bend towards the centre: their middle lies well inside the straight chord's
    across = region[src] != region[tgt]
    middle = np.sqrt((points[across, points.shape[1] // 2] ** 2).sum(axis=-1))
    chord = np.sqrt((((xy[src] + xy[tgt]) / 2)[across] ** 2).sum(axis=-1))
    assert np.median(middle) < 0.5 * np.median(chord)


def test_force_and_moving_positions_are_computed_once_per_shared_store(story_network, monkeypatch, tmp_path):
    """A second worker (its own caches empty, the store shared) reads the positions the first computed."""
    from components.shared_store import PrivateFileStore

    def fresh_worker() -> None:
        layout.positions.cache_clear()
        layout._moving_positions.cache_clear()

    monkeypatch.setattr(shared, "_store", PrivateFileStore(str(tmp_path)))
    fresh_worker()
    years = frames_for(story_network, "year")
    force, moving = layout.positions(story_network, "force"), layout.frame_positions(years, "moving", 40)
    fresh_worker()
    monkeypatch.setattr(layout, "_force", lambda network: pytest.fail("force positions computed again"))
    monkeypatch.setattr(layout, "_moving", lambda network, step: pytest.fail("moving positions computed again"))
    try:
        assert layout.positions(story_network, "force").equals(force)
        np.testing.assert_array_equal(layout.frame_positions(years, "moving", 40), moving)
    finally:
        fresh_worker()


def test_a_network_s_fingerprint_changes_with_any_tie(story_network):
    from alliance_atlas.model import TemporalNetwork

    edges = story_network.edges.copy()
    moved = edges.assign(start=edges["start"].where(edges.index != 3, edges["start"] + np.timedelta64(1, "D")))
    assert TemporalNetwork(edges, name="same").fingerprint == story_network.fingerprint
    assert TemporalNetwork(moved, name="same").fingerprint != story_network.fingerprint

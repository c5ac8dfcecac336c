"""A bloc switch is listed only with its evidence: within the window of the move, the state lost a
camp tie with a state of its old bloc and gained one with a state of its new bloc. Checked on random
networks against the ties themselves, not against the detector's own tables."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance_atlas.blocs import blocs
from alliance_atlas.frames import Frames
from alliance_atlas.model import TemporalNetwork
from alliance_atlas.selection import Selection
from alliance_atlas.switches import window_frames

STATES = [f"S{i:02d}" for i in range(12)]

ties = st.lists(st.tuples(st.sampled_from(STATES), st.sampled_from(STATES), st.integers(1990, 2010),
                          st.integers(1, 20)), min_size=6, max_size=60)


@settings(max_examples=60, deadline=None)
@given(ties)
def test_every_listed_switch_has_a_lost_and_a_gained_partner(rows):
    rows = [(a, b, start, length) for a, b, start, length in rows if a != b]
    if not rows:
        return
    edges = pd.DataFrame({"source": [r[0] for r in rows], "target": [r[1] for r in rows], "type": "defense",
                          "start": pd.to_datetime([f"{r[2]}-01-01" for r in rows]),
                          "end": pd.to_datetime([f"{r[2] + r[3]}-01-01" if r[2] + r[3] <= 2015 else None for r in rows])})
    frames = Frames(TemporalNetwork(edges, name="random", observed_until=np.datetime64("2015-12-31")), "year")
    found = blocs(frames)
    window = window_frames(frames, Selection().window)
    ids = list(frames.network.node_ids)
    years = [int(label) for label in frames.labels]
    for move in found.switches.itertuples():
        state = ids[move.node]
        year = years[move.frame]
        before, after = found.of_frame(move.frame - 1), found.of_frame(move.frame)
        assert move.left != move.joined and before[move.node] == move.left and after[move.node] == move.joined
        assert move.lost and move.gained
        for partner in move.lost:
            assert before[partner] == move.left
            pair = edges[((edges["source"] == state) & (edges["target"] == ids[partner]))
                         | ((edges["target"] == state) & (edges["source"] == ids[partner]))]
            ended = pair["end"].dt.year.dropna()
            assert ((ended - 1 - (year - 1)).abs() <= window).any()
        for partner in move.gained:
            assert after[partner] == move.joined
            pair = edges[((edges["source"] == state) & (edges["target"] == ids[partner]))
                         | ((edges["target"] == state) & (edges["source"] == ids[partner]))]
            assert ((pair["start"].dt.year - year).abs() <= window).any()

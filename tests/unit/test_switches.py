"""Side switches: found by the detector on hand-built networks and in the bundled story."""

import numpy as np
import pandas as pd

from alliance_atlas.frames import Frames
from alliance_atlas.model import TemporalNetwork
from alliance_atlas.selection import Selection
from alliance_atlas.switches import side_switches, switches_around


def found(rows, step="month", selection=Selection()):
    table = pd.DataFrame(rows, columns=["source", "target", "start", "end", "type"])
    table["start"] = pd.to_datetime(table["start"])
    table["end"] = pd.to_datetime(table["end"])
    frames = Frames(TemporalNetwork(table, name="t", observed_until=np.datetime64("2030-12-31")), step)
    ids = frames.network.node_ids
    return [(ids[c], ids[a], ids[b], frames.labels[f1], frames.labels[f2])
            for c, a, b, f1, f2 in side_switches(frames, selection).itertuples(index=False)]


RIVALS = ("AAA", "BBB", "1950-01-01", None, "rivalry")


def test_a_state_leaving_one_rival_for_the_other_switches_sides():
    assert found([RIVALS, ("CCC", "AAA", "1960-01-01", "2000-03-15", "defense"),
                  ("CCC", "BBB", "2002-06-01", None, "diplomatic")]) == [("CCC", "AAA", "BBB", "2000-03", "2002-06")]


def test_a_new_tie_after_the_window_is_a_near_miss():
    assert found([RIVALS, ("CCC", "AAA", "1960-01-01", "2000-03-15", "defense"),
                  ("CCC", "BBB", "2003-04-01", None, "diplomatic")]) == []


def test_leaving_for_a_state_that_is_no_rival_is_no_switch():
    assert found([RIVALS, ("CCC", "AAA", "1960-01-01", "2000-03-15", "defense"),
                  ("CCC", "DDD", "2001-01-01", None, "defense")]) == []


def test_keeping_a_tie_with_the_old_side_is_no_switch():
    assert found([RIVALS, ("CCC", "AAA", "1960-01-01", "2000-03-15", "defense"),
                  ("CCC", "AAA", "1960-01-01", None, "diplomatic"),
                  ("CCC", "BBB", "2001-01-01", None, "defense")]) == []


def test_rivals_must_be_rivals_at_the_time():
    assert found([("AAA", "BBB", "1950-01-01", "1990-01-01", "rivalry"),
                  ("CCC", "AAA", "1960-01-01", "2000-03-15", "defense"),
                  ("CCC", "BBB", "2001-01-01", None, "defense")]) == []


def test_the_window_counts_years_on_a_yearly_grid():
    rows = [RIVALS, ("CCC", "AAA", "1960-01-01", "2000-03-15", "defense"), ("CCC", "BBB", "2003-01-01", None, "defense")]
    assert found(rows, step="year") == [("CCC", "AAA", "BBB", "2000", "2003")]


def test_the_story_syria_leaves_north_korea_for_south_korea(story_network):
    months = Frames(story_network, "month")
    ids = months.network.node_ids
    switches = side_switches(months)
    named = {(ids[c], ids[a], ids[b]): (months.labels[f1], months.labels[f2])
             for c, a, b, f1, f2 in switches.itertuples(index=False)}
    assert named[("SYR", "PRK", "KOR")] == ("2024-12", "2025-04")

    def under_way(date: str) -> set:
        return {(ids[c], ids[a], ids[b]) for c, a, b, *_ in
                switches_around(months, Selection(), months.index_of(date)).itertuples(index=False)}

    assert ("SYR", "PRK", "KOR") in under_way("2025-06") and ("SYR", "PRK", "KOR") not in under_way("2024-11")


def test_a_wider_window_catches_the_near_miss():
    rows = [RIVALS, ("CCC", "AAA", "1960-01-01", "2000-03-15", "defense"), ("CCC", "BBB", "2003-04-01", None, "diplomatic")]
    assert found(rows) == [] and found(rows, selection=Selection(window=48)) == [("CCC", "AAA", "BBB", "2000-03", "2003-04")]

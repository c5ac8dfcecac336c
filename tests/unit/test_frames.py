"""Frames: which ties are drawn, gained and lost in which period, checked against a plain loop."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance_atlas.frames import Frames
from alliance_atlas.model import TemporalNetwork
from alliance_atlas.selection import Selection


def network(rows, observed_until=None):
    table = pd.DataFrame(rows, columns=["source", "target", "start", "end", "type"])
    table["start"] = pd.to_datetime(table["start"])
    table["end"] = pd.to_datetime(table["end"])
    return TemporalNetwork(table, name="t", observed_until=observed_until)


def test_gain_and_loss_fall_in_the_frames_of_first_and_last_day():
    net = network([
        ("PRK", "CHN", "1961-07-11", None, "defense"),
        ("PRK", "SYR", "1966-07-25", "2024-12-09", "diplomatic"),   # last day 2024-12-08
        ("KOR", "SYR", "2025-04-10", None, "diplomatic"),
        ("PRK", "RUS", "1961-07-06", "1996-10-01", "defense"),      # last day 1996-09-30
    ])
    months = Frames(net, "month")
    assert months.labels[0] == "1961-07" and months.labels[-1] == "2025-12"
    december = months.index_of("2024-12-08")
    assert net.edges.iloc[months.edges_lost(december)]["target"].tolist() == ["SYR"]
    assert months.edges_lost(months.index_of("2025-01-01")).size == 0
    active = net.edges.iloc[months.edges_active(december)]
    assert set(zip(active["source"], active["target"])) == {("CHN", "PRK"), ("PRK", "SYR")}
    april = months.index_of("2025-04-30")
    assert net.edges.iloc[months.edges_gained(april)]["source"].tolist() == ["KOR"]
    assert months.edges_lost(months.index_of("1996-09-15")).size == 1
    assert months.edges_lost(months.index_of("1996-10-01")).size == 0


def test_ties_at_the_first_frame_are_baseline_and_at_the_last_open_ended():
    net = network([
        ("A", "B", "1900-01-01", "1950-01-01", "defense"),
        ("A", "C", "1900-06-01", None, "defense"),
        ("B", "C", "1920-01-01", "1952-01-01", "defense"),
    ], observed_until=np.datetime64("1950-12-31"))
    years = Frames(net, "year")
    counts = years.counts()
    assert counts["gained"].sum() == 1            # only B-C; A-B and A-C are the 1900 baseline
    assert counts["lost"].sum() == 1              # A-B lost in 1949; B-C runs past 1950, A-C is open
    assert counts.loc[counts["frame"] == "1949", "lost"].item() == 1


def test_month_and_year_steps_agree_on_what_is_in_force():
    net = network([("A", "B", "2000-03-15", "2000-04-02", "defense")])
    months, years = Frames(net, "month"), Frames(net, "year")
    assert [months.labels[i] for i in range(len(months)) if months.edges_active(i).size] == ["2000-03", "2000-04"]
    assert years.edges_active(years.index_of("2000-07-01")).size == 1


def test_filters_by_type_and_country():
    net = network([
        ("PRK", "CHN", "1961-07-11", None, "defense"),
        ("PRK", "KOR", "1961-01-01", None, "rivalry"),
        ("KOR", "USA", "1961-01-01", None, "defense"),
    ])
    frames = Frames(net, "year")
    assert frames.edges_active(0, Selection(types=("rivalry",))).size == 1
    assert frames.edges_active(0, Selection(focus="PRK"), touching_focus=True).size == 2
    assert frames.edges_active(0, Selection(types=("defense",), focus="PRK"), touching_focus=True).size == 1
    assert frames.edges_active(0, Selection(focus="NOWHERE"), touching_focus=True).size == 0
    partners = frames.counts(Selection(focus="PRK"))["partners"]
    assert partners.iloc[0] == 1                      # China; the rival South Korea is not an ally


day = st.integers(min_value=0, max_value=3000)


@st.composite
def random_ties(draw):
    rows = []
    for _ in range(draw(st.integers(1, 25))):
        a, b = draw(st.sampled_from([("A", "B"), ("A", "C"), ("B", "C"), ("C", "D")]))
        start = draw(day)
        length = draw(st.one_of(st.none(), st.integers(1, 800)))
        rows.append((a, b, start, None if length is None else start + length, draw(st.sampled_from(["defense", "rivalry"]))))
    return rows


@settings(max_examples=60, deadline=None)
@given(random_ties(), st.sampled_from(["month", "year"]))
def test_vectorised_queries_match_a_plain_loop(rows, step):
    epoch = np.datetime64("2000-01-01")
    table = [(a, b, epoch + s, None if e is None else epoch + e, t) for a, b, s, e, t in rows]
    net = network(table)
    frames = Frames(net, step)
    counts = frames.counts()
    starts = [np.datetime64(d, "D") for d in net.edges["start"]]
    ends = [None if pd.isna(d) else np.datetime64(d, "D") for d in net.edges["end"]]
    for i in range(len(frames)):
        first, last = frames.start_date(i), frames.last_date(i)
        active = {k for k in range(len(net)) if starts[k] <= last and (ends[k] is None or ends[k] > first)}
        assert set(frames.edges_active(i).tolist()) == active
        gained = {k for k in range(len(net)) if i > 0 and first <= starts[k] <= last}
        assert set(frames.edges_gained(i).tolist()) == gained
        observed_end = frames.last_date(len(frames) - 1)
        lost = {k for k in range(len(net)) if ends[k] is not None and first <= ends[k] - 1 <= last and ends[k] - 1 <= observed_end}
        assert set(frames.edges_lost(i).tolist()) == lost
        # allied pairs; in data of rivalries alone, the pairs in rivalry
        all_rivalry = (net.edges["type"] == "rivalry").all()
        pairs = {(net.edges["source"][k], net.edges["target"][k]) for k in active
                 if all_rivalry or net.edges["type"][k] != "rivalry"}
        assert counts["partners"][i] == len(pairs)
        assert counts["ties"][i] == len(active)


def test_span_of_data_before_1970_ends_with_its_last_date():
    net = network([("FRA", "GBR", "1904-04-08", None, "entente"), ("FRA", "DEU", "1963-01-22", None, "consultation")])
    assert net.span_label == "1904–1963"

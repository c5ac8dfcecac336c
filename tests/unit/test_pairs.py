"""Change per pair: allies gained, lost, upgraded and downgraded, rivals apart, checked by hand, against a
plain loop over pair sets, and against the raw ATOP dyad-year file."""

import gzip

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance_atlas.frames import Frames
from alliance_atlas.io.cow_codes import ids_for_codes
from alliance_atlas.model import TemporalNetwork
from alliance_atlas.pairs import ally_counts, pair_changes
from alliance_atlas.selection import Selection
from alliance_atlas.views import frame_view
from tests.conftest import ATOP, need


def network(rows, observed_until="2030-12-31"):
    table = pd.DataFrame(rows, columns=["source", "target", "start", "end", "type"])
    table["start"] = pd.to_datetime(table["start"], format="mixed")
    table["end"] = pd.to_datetime(table["end"], format="mixed")
    return TemporalNetwork(table, name="t", observed_until=np.datetime64(observed_until))


def changes_by_year(years: Frames, selection=Selection()) -> list[tuple[str, str, str, str]]:
    ids = years.network.node_ids
    table = pair_changes(years, selection)
    return [(years.labels[f], ids[a], ids[b], c) for f, a, b, c in table[["frame", "a", "b", "change"]].itertuples(index=False)]


def test_one_new_ally_with_three_obligations_is_one_gain():
    years = Frames(network([("A", "B", "2000", None, "defense"), ("C", "D", "2010", None, "defense"),
                            ("C", "D", "2010", None, "consultation"), ("C", "D", "2010", None, "nonaggression")]), "year")
    assert changes_by_year(years) == [("2010", "C", "D", "gained")]
    counts = ally_counts(years).set_index("frame")
    assert counts.loc["2010", "allies_gained"] == 1 and counts.loc["2010", "allied"] == 2


def test_a_treaty_replaced_is_a_change_not_a_loss():
    years = Frames(network([("A", "B", "1990", "2001", "consultation"), ("A", "B", "2001", None, "consultation"),
                            ("A", "C", "1990", "2020", "defense")]), "year")
    assert changes_by_year(years) == [("2019", "A", "C", "lost")]


def test_upgrade_downgrade_and_a_weaker_treaty_ending():
    years = Frames(network([
        ("A", "B", "1990", None, "consultation"), ("A", "B", "2000", "2010", "defense"),      # up 2000, down 2009
        ("A", "C", "1990", None, "defense"), ("A", "C", "1990", "2005", "consultation"),     # changed 2004
    ]), "year")
    assert changes_by_year(years) == [("2000", "A", "B", "upgraded"), ("2004", "A", "C", "changed"),
                                      ("2009", "A", "B", "downgraded")]


def test_rivals_and_partners_are_counted_apart_from_allies():
    years = Frames(network([("A", "B", "1990", None, "defense"), ("A", "C", "1995", "2001", "rivalry"),
                            ("A", "D", "1996", None, "diplomatic")]), "year")
    assert changes_by_year(years) == [("1995", "A", "C", "rivalry begun"), ("1996", "A", "D", "partner gained"),
                                      ("2000", "A", "C", "rivalry ended")]
    everything = Selection(allies="all")
    assert ("1996", "A", "D", "gained") in changes_by_year(years, everything)
    counts = ally_counts(years).set_index("frame")
    assert counts.loc["1997", "allied"] == 1 and ally_counts(years, everything).set_index("frame").loc["1997", "allied"] == 2


def test_censoring_first_frame_is_baseline_last_frame_open():
    years = Frames(network([("A", "B", "1990", "2000-06-01", "defense"), ("A", "C", "1990", None, "defense"),
                            ("B", "C", "1995", "2002", "defense")], observed_until="2000-12-31"), "year")
    # A-B's last day is in 2000, the last frame: a loss; B-C runs past the span: open, not lost
    assert changes_by_year(years) == [("1995", "B", "C", "gained"), ("2000", "A", "B", "lost")]


def test_focus_lists_the_focus_partners_only():
    years = Frames(network([("A", "B", "1990", None, "defense"), ("C", "D", "1995", None, "defense"),
                            ("A", "D", "1996", "1999", "defense")]), "year")
    assert changes_by_year(years, Selection(focus="A")) == [("1996", "A", "D", "gained"), ("1998", "A", "D", "lost")]
    assert ally_counts(years, Selection(focus="A")).set_index("frame").loc["1997", "allied"] == 2


NODES = ["AAA", "BBB", "CCC", "DDD"]
TIE = st.tuples(st.sampled_from(NODES), st.sampled_from(NODES), st.integers(1990, 2005), st.integers(0, 8),
                st.booleans(), st.sampled_from(["defense", "consultation", "diplomatic", "rivalry"]))


ALLY_TYPES = ("defense", "consultation")
#: The generated networks are observed to 2010; a tie in force after that never ends inside them.
AFTER = (pd.Timestamp("2011-01-01"), pd.Timestamp.max)


def tie_rows(ties) -> list[tuple]:
    """Generated ties as rows (a state tied to itself left out): from March of a year to July of a later one."""
    return [(a, b, f"{start}-03-01", None if open_ else f"{start + length}-07-01", kind)
            for a, b, start, length, open_, kind in ties if a != b]


def year(number: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first day of year ``number`` and of the next."""
    return pd.Timestamp(f"{number}-01-01"), pd.Timestamp(f"{number + 1}-01-01")


def pairs_in_force(rows, period: tuple[pd.Timestamp, pd.Timestamp], kinds=None) -> set:
    """Pairs with a tie (of one of ``kinds``) in force at any time in ``period``, by a plain loop."""
    begin, end = period
    return {tuple(sorted((a, b))) for a, b, start, stop, kind in rows if (kinds is None or kind in kinds)
            and pd.Timestamp(start) < end and (stop is None or pd.Timestamp(stop) > begin)}


@settings(max_examples=150, deadline=None)
@given(st.lists(TIE, min_size=1, max_size=12))
def test_allies_gained_and_lost_equal_a_plain_loop_over_pair_sets(ties):
    if not (rows := tie_rows(ties)):
        return
    years = Frames(network(rows, observed_until="2010-12-31"), "year")
    first = int(years.labels[0])
    expected = []
    for number in range(first, 2011):
        now = pairs_in_force(rows, year(number), ALLY_TYPES)
        before = pairs_in_force(rows, year(number - 1), ALLY_TYPES) if number > first else now
        after = pairs_in_force(rows, year(number + 1) if number < 2010 else AFTER, ALLY_TYPES)
        expected += [(str(number), *pair, "gained") for pair in now - before]
        expected += [(str(number), *pair, "lost") for pair in now - after]
    found = [row for row in changes_by_year(years) if row[3] in ("gained", "lost")]
    assert sorted(found) == sorted(expected)


@settings(max_examples=150, deadline=None)
@given(st.lists(TIE, min_size=1, max_size=12))
def test_the_network_marks_a_pair_gained_or_lost_only_when_it_was_not_or_will_not_be_in_force(ties):
    """A pair whose treaty ends in one year and whose next begins in the following one was in force in both:
    the network draws it neither lost nor gained."""
    if not (rows := tie_rows(ties)):
        return
    years = Frames(network(rows, observed_until="2010-12-31"), "year")
    first = int(years.labels[0])
    ids = years.network.node_ids
    for number in range(first, 2011):
        view = frame_view(years, years.index_of(str(number)))
        drawn = [(ids[a], ids[b]) for a, b in zip(view.pair_src, view.pair_tgt)]
        now = pairs_in_force(rows, year(number))
        assert set(drawn) == now
        before = pairs_in_force(rows, year(number - 1)) if number > first else now
        after = pairs_in_force(rows, year(number + 1) if number < 2010 else AFTER)
        assert {pair for pair, gained in zip(drawn, view.pair_gained) if gained} == now - before
        assert {pair for pair, lost in zip(drawn, view.pair_lost) if lost} == now - after


def test_every_atop_year_matches_the_raw_dyad_year_file(atop_network):
    with gzip.open(need(ATOP), "rt") as stream:
        raw = pd.read_csv(stream, usecols=["stateA", "stateB", "year", "defense", "offense", "neutral", "nonagg", "consul"])
    raw = raw[raw[["defense", "offense", "neutral", "nonagg", "consul"]].gt(0).any(axis=1) & (raw.stateA != raw.stateB)]
    ids = ids_for_codes(np.concatenate([raw.stateA.to_numpy(float), raw.stateB.to_numpy(float)]), "atop")
    low = np.minimum(raw.stateA, raw.stateB).astype(float).map(ids)
    high = np.maximum(raw.stateA, raw.stateB).astype(float).map(ids)
    pairs = pd.DataFrame({"pair": [tuple(sorted(p)) for p in zip(low, high)], "year": raw.year}).drop_duplicates()
    by_year = pairs.groupby("year")["pair"].agg(set)
    years = Frames(atop_network, "year")
    first, last = int(years.labels[0]), int(years.labels[-1])
    found = pd.DataFrame(changes_by_year(years), columns=["frame", "a", "b", "change"])
    for year in range(first, last + 1):
        now = by_year.get(year, set())
        gained = now - by_year.get(year - 1, set()) if year > first else set()
        lost = now - by_year.get(year + 1, set()) if year < last else set()
        in_year = found[found["frame"] == str(year)]
        assert set(zip(in_year.a[in_year.change == "gained"], in_year.b[in_year.change == "gained"])) == gained, year
        assert set(zip(in_year.a[in_year.change == "lost"], in_year.b[in_year.change == "lost"])) == lost, year


def test_compare_two_dates_plain_gained_and_lost():
    from alliance_atlas.events import compare_table
    from alliance_atlas.figures import network_figure
    from alliance_atlas.views import frame_view

    years = Frames(network([("A", "B", "1990", None, "defense"), ("A", "C", "1990", "2000", "defense"),
                            ("A", "D", "2005", None, "defense"), ("A", "E", "1990", None, "consultation"),
                            ("A", "E", "2003", None, "defense")]), "year")
    compare = Selection(focus="A", compare="1995")
    later = years.index_of("2010")
    ids = years.network.node_ids
    view = frame_view(years, later, compare)
    pairs = {ids[b]: (bool(g), bool(lost)) for b, g, lost in zip(view.pair_tgt, view.pair_gained, view.pair_lost)}
    assert pairs == {"B": (False, False), "C": (False, True), "D": (True, False), "E": (False, False)}
    table = compare_table(years, compare, later)
    assert table[["partner", "change", "what"]].values.tolist() == [
        ["C", "lost", "lost (defense)"], ["D", "gained", "gained (defense)"],
        ["E", "upgraded", "upgraded: consultation → defense, consultation"]]
    assert "1995 → 2010" in network_figure(years, later, compare).layout.title.text


def test_cli_compare_to_writes_what_differs(tmp_path):
    from alliance_atlas.commands.cli import main
    from tests.conftest import STORY

    out = tmp_path / "compare.csv"
    assert main(["export", str(STORY), "--focus", "PRK", "--date", "2025-06", "--compare-to", "2019-01",
                 "--what", "changes", "-o", str(out)]) == 0
    text = out.read_text()
    assert text.splitlines()[0] == "country,partner,change,what,earlier,later"
    assert "North Korea,Syria,lost,lost (military cooperation),2019-01,2025-06" in text

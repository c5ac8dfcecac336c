"""Dyad-year panels: ATOP and the COW dyad-yearly file are one reader, so the same dyad-years give the same ties."""

import pandas as pd
import pytest

from alliance_atlas.io import LoadError, atop, cow

# (state, state, year, obligation type): a pair listed in both directions, a gap, and a second obligation
DYAD_YEARS = [(731, 710, 1961, "defense"), (710, 731, 1961, "defense"), (731, 710, 1962, "defense"),
              (731, 710, 1965, "defense"), (365, 731, 1961, "neutrality"), (365, 731, 1962, "nonaggression")]
ATOP_FLAG = {"defense": "defense", "neutrality": "neutral", "nonaggression": "nonagg"}


def atop_layout(dyad_years):
    rows = [{"statea": a, "stateb": b, "year": y, **dict.fromkeys(atop.OBLIGATIONS, 0), ATOP_FLAG[t]: 1}
            for a, b, y, t in dyad_years]
    return pd.DataFrame(rows)


def cow_dyad_yearly_layout(dyad_years):
    rows = [{"ccode1": a, "ccode2": b, "dyad_st_year": y, **dict.fromkeys(cow.OBLIGATIONS, 0), t: 1, "year": y}
            for a, b, y, t in dyad_years]
    return pd.DataFrame(rows)


def ties(network):
    return network.edges[["source", "target", "type", "start", "end"]].astype(str).fillna("open").values.tolist()


def test_atop_and_cow_dyad_yearly_layouts_give_the_same_ties():
    from_atop = atop.from_table(atop_layout(DYAD_YEARS), "atop.csv")
    from_cow = cow.from_table(cow_dyad_yearly_layout(DYAD_YEARS), "cow.csv")
    assert ties(from_atop) == ties(from_cow)
    assert ties(from_atop) == [
        ["CHN", "PRK", "defense", "1961-01-01", "1963-01-01"],
        ["PRK", "RUS", "neutrality", "1961-01-01", "1962-01-01"],
        ["PRK", "RUS", "nonaggression", "1962-01-01", "1963-01-01"],
        ["CHN", "PRK", "defense", "1965-01-01", "open"],
    ]
    assert (from_atop.precision, from_atop.observed_until) == (from_cow.precision, from_cow.observed_until)
    assert (from_atop.source_format, from_cow.source_format) == ("atop", "cow")


def test_cow_alliances_of_one_pair_stay_apart_as_labels():
    table = cow_dyad_yearly_layout(DYAD_YEARS[:3] * 2).assign(version4id=[150] * 3 + [151] * 3)
    labels = cow.from_table(table, "cow.csv").edges["label"].tolist()
    assert labels == ["COW alliance 150", "COW alliance 151"]


def test_a_dropped_row_is_counted_under_one_reason():
    table = atop_layout([(731, 710, 1961, "defense"), (731, 731, 1961, "defense"), (710, 710, 1961, "defense")])
    table.loc[2, list(atop.OBLIGATIONS)] = 0     # no obligation, and a state paired with itself
    warnings = atop.from_table(table, "atop.csv").warnings
    assert warnings == ("1 row(s) with no obligation dropped", "1 row(s) pairing a state with itself dropped")
    cow_table = cow_dyad_yearly_layout([(731, 710, 1961, "defense"), (731, 731, 1961, "defense"),
                                        (710, 710, 1961, "defense")])
    cow_table.loc[2, list(cow.OBLIGATIONS)] = 0
    assert cow.from_table(cow_table, "cow.csv").warnings == warnings
    assert cow.from_dyads(cow_table.drop(columns="year"), "cow.csv").warnings == warnings


def test_missing_columns_are_named_for_the_layout():
    with pytest.raises(LoadError, match="lacks column.s. stateb, consul needed for ATOP dyad-year data"):
        atop.from_table(atop_layout(DYAD_YEARS).drop(columns=["stateb", "consul"]), "atop.csv")
    with pytest.raises(LoadError, match="lacks column.s. dyad_st_year needed for COW alliance dyad-yearly data"):
        cow.from_table(cow_dyad_yearly_layout(DYAD_YEARS).drop(columns="dyad_st_year"), "cow.csv")

"""COW Formal Alliances v4.1 dyad and dyad-yearly files, from fixtures written in their layout."""

import pytest

from alliance_atlas.frames import Frames
from alliance_atlas.io import LoadError, load

DYAD_HEADER = ("version4id,ccode1,state_name1,ccode2,state_name2,dyad_st_day,dyad_st_month,dyad_st_year,"
               "dyad_end_day,dyad_end_month,dyad_end_year,left_censor,right_censor,defense,neutrality,"
               "nonaggression,entente,version")
DYAD_ROWS = [
    "1,200,United Kingdom,235,Portugal,1,1,1816,,,,1,1,1,0,1,0,4.1",            # in force before 1816 (left-censored), still in force
    "150,710,China,731,North Korea,11,7,1961,,,,0,1,1,0,1,0,4.1",              # open-ended
    "151,365,Russia,731,North Korea,6,7,1961,10,9,1996,0,0,1,0,0,0,4.1",       # ended: last day 1996-09-10
    "160,2,United States of America,732,South Korea,1,10,1953,,,,0,1,1,0,0,0,4.1",
]


def write(tmp_path, name, header, rows):
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n")
    return path


def test_dyad_file_dates_types_and_censoring(tmp_path):
    net = load(write(tmp_path, "cow_dyad.csv", DYAD_HEADER, DYAD_ROWS))
    assert net.source_format == "cow" and net.precision == "day"
    russia = net.edges[(net.edges["source"] == "PRK") & (net.edges["target"] == "RUS")]
    assert russia["start"].astype(str).tolist() == ["1961-07-06"]
    assert russia["end"].astype(str).tolist() == ["1996-09-11"]      # exclusive: the day after the last day
    months = Frames(net, "month")
    assert months.edges_lost(months.index_of("1996-09-10")).size == 1
    counts = months.counts()
    # right_censor = 1 (still in force) is never a loss; left_censor = 1 (in force before 1816) is the baseline
    assert counts["lost"].sum() == 1
    # gains: PRK-CHN defense and nonaggression, KOR-USA defense, PRK-RUS defense
    assert counts["gained"].sum() == 4
    assert set(net.edges.loc[net.edges["target"] == "PRT", "type"]) == {"defense", "nonaggression"}


def test_dyad_yearly_file_becomes_runs_of_years(tmp_path):
    header = DYAD_HEADER + ",year"
    rows = [DYAD_ROWS[2] + f",{y}" for y in range(1961, 1997)] + [DYAD_ROWS[1] + f",{y}" for y in range(1961, 2013)]
    net = load(write(tmp_path, "cow_dyad_yearly.csv", header, rows))
    assert net.precision == "year"
    russia = net.edges[net.edges["target"] == "RUS"]
    assert russia["start"].astype(str).tolist() == ["1961-01-01"]
    assert russia["end"].astype(str).tolist() == ["1997-01-01"]
    assert net.edges.loc[net.edges["source"] == "CHN", "end"].isna().all()   # reaches the last year: open


def test_unknown_cow_code_is_a_clear_error(tmp_path):
    path = write(tmp_path, "cow.csv", DYAD_HEADER, ["1,999,Atlantis,2,USA,1,1,1900,,,,0,1,1,0,0,0,4.1"])
    with pytest.raises(LoadError, match="unknown Correlates of War state code.*999"):
        load(path)


def test_bad_date_names_the_line(tmp_path):
    path = write(tmp_path, "cow.csv", DYAD_HEADER, [DYAD_ROWS[1], "1,2,USA,20,Canada,31,2,1940,,,,0,1,1,0,0,0,4.1"])
    with pytest.raises(LoadError, match="line 3"):
        load(path)


def test_published_quirks_blank_flags_both_directions_and_one_day_dyads(tmp_path):
    """As the v4.1 dyad file is published: every pair listed A→B and B→A, blank flags for obligations
    an alliance lacks, and dyads of states that merged the day they allied (German unification)."""
    rows = [
        "150,710,China,731,North Korea,11,7,1961,,,,0,1,1,,1,,4.1",
        "150,731,North Korea,710,China,11,7,1961,,,,0,1,1,,1,,4.1",
        "3500,255,German Federal Republic,265,German Democratic Republic,3,10,1990,3,10,1990,0,0,,,,1,4.1",
        "3500,265,German Democratic Republic,255,German Federal Republic,3,10,1990,3,10,1990,0,0,,,,1,4.1",
    ]
    net = load(write(tmp_path, "alliance_v4.1_by_dyad.csv", DYAD_HEADER, rows))
    ties = net.edges[["source", "target", "type"]].values.tolist()
    assert sorted(ties) == [["CHN", "PRK", "defense"], ["CHN", "PRK", "nonaggression"], ["DDR", "DEU", "entente"]]
    germany = net.edges[net.edges["type"] == "entente"].iloc[0]
    assert (str(germany["start"])[:10], str(germany["end"])[:10]) == ("1990-10-03", "1990-10-04")
    assert "1 tie(s) in force for one day only" in net.warnings


def test_unification_rows_ending_before_they_start_are_left_out_with_one_warning(tmp_path):
    """The published dyad file dates the Yemeni unification rows 1990-05-22 to 1990-05-21: they are
    left out, counted once and the first named; the rest of the file loads."""
    rows = [
        DYAD_ROWS[1],
        "3480,678,Yemen Arab Republic,679,Yemen,22,5,1990,21,5,1990,0,0,,,,1,4.1",
        "3480,679,Yemen,678,Yemen Arab Republic,22,5,1990,21,5,1990,0,0,,,,1,4.1",
    ]
    net = load(write(tmp_path, "alliance_v4.1_by_dyad.csv", DYAD_HEADER, rows))
    assert sorted(net.edges[["source", "target"]].drop_duplicates().values.tolist()) == [["CHN", "PRK"]]
    [warning] = [w for w in net.warnings if "end before they start" in w]
    assert warning.startswith("2 dyad row(s)") and "line 3" in warning and "678" in warning
    assert "1990-05-22 to 1990-05-21" in warning


def test_a_file_of_only_backward_rows_says_there_is_nothing_to_show(tmp_path):
    path = write(tmp_path, "cow.csv", DYAD_HEADER, ["3480,678,Yemen Arab Republic,679,Yemen,22,5,1990,21,5,1990,0,0,,,,1,4.1"])
    with pytest.raises(LoadError, match="every dyad ends before it starts"):
        load(path)

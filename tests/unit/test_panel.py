"""Any dyad-year panel: the COW dyadic MID layout, a panel with flags, a panel of names, and the
misread that a year column without an end used to cause."""

import pytest

from alliance_atlas.frames import Frames
from alliance_atlas.commands.cli import main
from alliance_atlas.io import LoadError, load

#: The dyadic MID file's layout (one row per dispute dyad and year), columns as the COW codebook lists them.
MID_HEADER = ("disno,dyindex,statea,namea,stateb,nameb,strtday,strtmnth,strtyr,endday,endmnth,endyear,"
              "outcome,settlmnt,fatlev,highact,hihost,recip,year")
MID_ROWS = [
    # one dispute over three years: one tie from 1999-05-03 through 2001-06-30
    "4182,41820001,731,PRK,732,ROK,3,5,1999,30,6,2001,2,3,1,17,4,1,1999",
    "4182,41820001,731,PRK,732,ROK,3,5,1999,30,6,2001,2,3,1,17,4,1,2000",
    "4182,41820001,731,PRK,732,ROK,3,5,1999,30,6,2001,2,3,1,17,4,1,2001",
    # the day unknown (-9): from the month's first day, through the end month's last day
    "4300,43000001,2,USA,365,RUS,-9,8,2014,-9,9,2014,5,1,0,7,3,0,2014",
]


def mid(tmp_path, rows=MID_ROWS):
    path = tmp_path / "dyadic_mid_4.02.csv"
    path.write_text("\n".join([MID_HEADER, *rows]) + "\n")
    return path


def test_mid_layout_loads_as_disputes_with_their_dates(tmp_path):
    net = load(mid(tmp_path), kind="dispute")
    assert net.source_format == "panel"
    spans = sorted((e.source, e.target, e.type, str(e.start)[:10], str(e.end)[:10]) for e in net.edges.itertuples())
    assert spans == [("KOR", "PRK", "dispute", "1999-05-03", "2001-07-01"),
                     ("RUS", "USA", "dispute", "2014-08-01", "2014-10-01")]
    years = Frames(net, "year")
    in_force = {label: len(years.edges_active(years.index_of(f"{label}-06-01"))) for label in ("1999", "2001", "2014")}
    assert in_force == {"1999": 1, "2001": 1, "2014": 1}


def test_mid_layout_without_type_reads_as_disputes_and_says_so(tmp_path):
    net = load(mid(tmp_path))
    assert set(net.edges["type"]) == {"dispute"}
    assert any("read as hostile ties (disputes)" in warning for warning in net.warnings)


def test_panel_read_as_alliances_is_typed_after_the_file_and_says_so(tmp_path):
    net = load(mid(tmp_path), relation="alliance")
    assert set(net.edges["type"]) == {"dyadic_mid_4_02"}
    assert any("--type" in warning for warning in net.warnings)


def test_year_without_end_as_csv_refuses_with_the_panel_suggestion(tmp_path):
    path = tmp_path / "pairs.csv"
    path.write_text("statea,stateb,year\n731,732,1999\n731,732,2000\n")
    with pytest.raises(LoadError, match="--format panel --type"):
        load(path, "csv")


def test_panel_of_names_runs_consecutive_years(tmp_path):
    path = tmp_path / "trade_pacts.csv"
    path.write_text("country1,country2,year\nNorth Korea,China,1990\nChina,North Korea,1991\n"
                    "North Korea,China,1995\nKOR,USA,2024\n")
    net = load(path, kind="trade pact")
    runs = sorted((e.source, e.target, e.type, str(e.start)[:4], str(e.end)[:4]) for e in net.edges.itertuples())
    assert runs == [("CHN", "PRK", "trade_pact", "1990", "1992"), ("CHN", "PRK", "trade_pact", "1995", "1996"),
                    ("KOR", "USA", "trade_pact", "2024", "NaT")]


def test_panel_with_flags_takes_types_from_them(tmp_path):
    path = tmp_path / "pacts.csv"
    path.write_text("state_a,state_b,year,defense,consultation\n731,710,1961,1,\n710,731,1962,1,1\n")
    net = load(path)
    assert sorted(net.edges["type"]) == ["consultation", "defense"]


def test_cli_summary_takes_a_type(tmp_path, capsys):
    assert main(["summary", str(mid(tmp_path)), "--type", "dispute"]) == 0
    out = capsys.readouterr().out
    assert "dispute 2" in out and "pairs in dispute" in out and "allied" not in out


def test_an_end_on_the_start_day_is_a_one_day_event(tmp_path):
    path = tmp_path / "visits.csv"
    path.write_text("source,target,start,end,type\nSyria,South Korea,2025-04-10,2025-04-10,diplomatic\n")
    edge = load(path).edges.iloc[0]
    assert (str(edge["start"])[:10], str(edge["end"])[:10]) == ("2025-04-10", "2025-04-11")

"""The ties table of a frame read against the bundled CSV itself (alliance_atlas.events.ties_in_force)."""

import numpy as np
import pandas as pd

from alliance_atlas.countries import DATA_DIR
from alliance_atlas.events import records, ties_in_force
from alliance_atlas.frames import Frames
from alliance_atlas.io import load
from alliance_atlas.selection import Selection


def test_north_koreas_ties_in_force_in_december_2024_are_the_csvs_rows_in_force_then():
    months = Frames(load(DATA_DIR / "korea_alliances.csv"), "month")
    table = ties_in_force(months, months.index_of("2024-12"), Selection(focus="PRK"))

    rows = pd.read_csv(DATA_DIR / "korea_alliances.csv", dtype=str, keep_default_na=False)
    prk = rows[(rows["source"] == "PRK") | (rows["target"] == "PRK")]
    in_force = prk[(prk["start"] <= "2024-12-31") & ((prk["end"] == "") | (prk["end"] >= "2024-12-01"))]
    expected = sorted(zip(in_force["type"], in_force["label"], in_force["start"], in_force["end"]))
    shown = sorted(zip(table["type"], table["label"], table["start"], table["end"]))

    assert set(table["country"]) == {"North Korea"}
    assert "Syria" in set(table["partner"]) and "Russia" in set(table["partner"])
    assert [row[:2] for row in shown] == [row[:2] for row in expected]
    # the CSV gives some dates as a month or a year ("2000-05"); the table gives the day they stand for
    for (*_, start, end), (*_, csv_start, csv_end) in zip(shown, expected):
        assert start.startswith(csv_start) and len(start) == 10
        assert end[:4] == csv_end[:4] and (end == "") == (csv_end == "")


def test_records_are_the_rows_as_plain_python_values():
    table = pd.DataFrame({"partner": ["Syria", "Russia"], "ties": np.array([2, 3]), "share": [0.5, np.nan]})
    rows = records(table)
    assert rows[:1] == [{"partner": "Syria", "ties": 2, "share": 0.5}]
    assert type(rows[1]["ties"]) is int and np.isnan(rows[1]["share"])
    assert rows[0] == table.to_dict("records")[0]

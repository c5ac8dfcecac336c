"""The bundled dataset: every row cited, and the seed article's story in it."""

import pandas as pd
import pytest

from alliance_atlas.events import pair_change_table
from alliance_atlas.frames import Frames
from alliance_atlas.selection import Selection
from alliance_atlas.model import TYPE_ORDER
from tests.conftest import STORY

RAW = pd.read_csv(STORY, dtype=str, keep_default_na=False)


def test_loads_cleanly_with_enough_countries_and_ties(story_network):
    assert story_network.warnings == ()
    assert len(story_network) >= 100
    assert len(story_network.node_ids) >= 30
    assert set(story_network.types) <= set(TYPE_ORDER)
    assert story_network.precision == "day"
    assert story_network.span_label == "1948–2025"


@pytest.mark.parametrize("row", RAW.to_dict("records"), ids=lambda r: f"{r['source']}-{r['target']}-{r['start']}")
def test_every_row_is_cited_with_a_dated_quote(row):
    assert row["citation"].startswith(("http://", "https://")) or len(row["citation"]) > 30
    assert 0 < len(row["evidence"]) <= 300
    years = {row["start"][:4], row["end"][:4]} - {""}
    assert any(year in row["evidence"] for year in years), (years, row["evidence"])


def lost_or_gained(network, date, country, change):
    months = Frames(network, "month")
    table = pair_change_table(months, Selection(focus=country), months.index_of(date))
    return set(table.loc[table["change"] == change, "partner"])


def test_north_korea_loses_syria_when_assad_falls(story_network):
    assert "Syria" in lost_or_gained(story_network, "2024-12-08", "PRK", "lost")


def test_south_korea_gains_syria_in_april_2025(story_network):
    assert "Syria" in lost_or_gained(story_network, "2025-04-10", "KOR", "partner gained")


def test_the_russian_partnership_is_in_force_in_2025(story_network):
    months = Frames(story_network, "month")
    for date in ("2025-01-15", "2025-12-15"):
        ties = story_network.edges.iloc[months.edges_active(months.index_of(date), Selection(focus="PRK"), touching_focus=True)]
        russian = ties[(ties["source"] == "RUS") | (ties["target"] == "RUS")]
        assert set(russian["type"]) & {"defense", "strategic_partnership"}, date


def test_syria_was_north_koreas_partner_since_the_1960s(story_network):
    years = Frames(story_network, "year")
    for year in ("1967", "1990", "2023"):
        ties = story_network.edges.iloc[years.edges_active(years.index_of(f"{year}-06-30"), Selection(focus="PRK"), touching_focus=True)]
        assert ((ties["source"] == "SYR") | (ties["target"] == "SYR")).any(), year

"""A dense frame without a focus opens as a matrix, and says so; a link that names a layout keeps it."""

from alliance_atlas.frames import Frames
from alliance_atlas.hosting.datasets import DatasetManager
from alliance_atlas.selection import Selection
from alliance_atlas.views import DENSE_PAIRS, dense_opening
from components.url_state import read_link
from tests.conftest import ATOP, need


def test_dense_years_of_atop_open_as_a_matrix(atop_network):
    years = Frames(atop_network, "year")
    pairs = years.counts()["partners"]
    dense, sparse = years.index_of("2018-06-01"), years.index_of("1950-06-01")
    assert pairs.iloc[dense] > DENSE_PAIRS >= pairs.iloc[sparse]
    assert dense_opening(years, dense, Selection()).startswith(f"{pairs.iloc[dense]:,} allied pairs in 2018")
    assert dense_opening(years, sparse, Selection()) is None
    assert dense_opening(years, dense, Selection(focus="USA")) is None


def test_link_without_layout_opens_dense_data_as_a_matrix():
    manager = DatasetManager(need(ATOP))
    opened = read_link("?step=year", manager, None)
    assert opened.selection.layout == "matrix" and "opened as a matrix" in opened.opened_dense
    assert read_link("?step=year&layout=force", manager, None).selection.layout == "force"
    assert read_link("?step=year&date=1950", manager, None).selection.layout == "force"
    assert read_link("?dataset=korea", manager, None).opened_dense is None

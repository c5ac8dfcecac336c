"""A server works out what the page a plain link opens needs before its first visitor asks
(components/url_state.warm_opening_view): on ATOP, the matrix's blocs (4 s per worker)."""

from alliance_atlas.datasets import DatasetManager
from alliance_atlas.figures.matrix import _matrix_order
from components.url_state import read_link, warm_opening_view
from tests.conftest import ATOP, need


def test_warming_atops_opening_view_orders_its_matrix():
    manager = DatasetManager(need(ATOP))
    link = read_link(None, manager, None)
    assert link.selection.layout == "matrix", "ATOP's densest frame opens as a matrix"
    ordered_before = _matrix_order.cache_info().currsize
    warm_opening_view(manager)
    assert _matrix_order.cache_info().currsize == ordered_before + 1

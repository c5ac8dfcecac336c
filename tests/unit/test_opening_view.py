"""A server works out what the page a plain link opens needs before its first visitor asks
(components/url_state.warm_opening_view): on ATOP, the matrix's blocs (4 s per worker) and its frame book."""

from alliance_atlas.figures import network_figure
from alliance_atlas.figures.frame_book import frame_book, matrix_book
from alliance_atlas.figures.matrix import _matrix_order
from alliance_atlas.frames import frames_for, step_for
from alliance_atlas.hosting.datasets import DatasetManager
from components.url_state import read_link, warm_opening_view
from tests.conftest import ATOP, need


def test_after_warming_atops_opening_figure_and_book_order_no_matrix_of_their_own():
    manager = DatasetManager(need(ATOP))
    link = read_link(None, manager, None)
    assert link.selection.layout == "matrix", "ATOP's densest frame opens as a matrix"
    warm_opening_view(manager)
    network = manager.network(link.dataset)
    frames = frames_for(network, step_for(network, link.step))
    ordered = _matrix_order.cache_info().misses
    network_figure(frames, len(frames) - 1, link.selection)
    assert _matrix_order.cache_info().misses == ordered, "the matrix order was worked out by the warm-up"
    booked = matrix_book.cache_info().misses
    frame_book(frames, link.selection, (1200, 640))
    assert matrix_book.cache_info().misses == booked, "the book was made by the warm-up, for any size"

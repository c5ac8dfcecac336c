"""The frame book: built once per view and size, small enough to send, and for which views. What the
browser reads from it, frame by frame against the server's figures, is checked by the browser code's own
tests (tests/js/book.test.js) on fixtures the core writes (tests/js/fixtures.py); in the page, by
tests/browser/test_drawn_frames.py."""

import pytest
from plotly.io.json import to_json_plotly

from alliance_atlas.figures.frame_book import frame_book, has_book, hover_from_server
from alliance_atlas.figures.frame_contract import MatrixBook, NetworkBook, to_json
from alliance_atlas.frames import Frames
from alliance_atlas.selection import Selection

SIZE = (900, 600)


@pytest.fixture(scope="module")
def months(story_network):
    return Frames(story_network, "month")


def test_the_app_draws_compare_mode_from_the_server_and_a_video_from_a_book(months):
    for layout in ("force", "matrix"):
        selection = Selection(layout=layout, compare="2019")
        assert not has_book(selection) and not hover_from_server(selection)
        assert isinstance(frame_book(months, selection, SIZE), MatrixBook if layout == "matrix" else NetworkBook)
    assert has_book(Selection()) and hover_from_server(Selection())
    assert has_book(Selection(layout="matrix")) and not hover_from_server(Selection(layout="matrix"))


def test_a_book_is_built_once_per_view_and_size_and_the_matrix_s_once_per_view(months):
    assert frame_book(months, Selection(), SIZE) is frame_book(months, Selection(), SIZE)
    assert frame_book(months, Selection(), SIZE) is not frame_book(months, Selection(), (1200, 800))
    matrix = Selection(layout="matrix")
    assert frame_book(months, matrix, SIZE) is frame_book(months, matrix, (1200, 800))


def test_a_large_book_stays_small(atop_network):
    """ATOP's 204 years in one book, for the force layout: under the 2 MB the issue allows."""
    book = frame_book(Frames(atop_network, "year"), Selection(layout="force"), SIZE)
    assert len(to_json_plotly(to_json(book))) < 2 * 2**20


def test_the_atop_matrix_book_stays_small(atop_network):
    """ATOP's 204 years of the 207-state matrix in one book: far under the issue's 2 MB."""
    book = frame_book(Frames(atop_network, "year"), Selection(layout="matrix"), SIZE)
    assert len(to_json_plotly(to_json(book))) < 2**20 // 2

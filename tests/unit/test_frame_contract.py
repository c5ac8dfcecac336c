"""The frame contract's JSON, as the browser gets it (plotly's JSON, as Dash writes the store and its patches), is
what docs/frame-book.schema.json says: the books of every layout on the story and on ATOP, as the server builds
them and as the app sends them, and the updates of a few steps. A book with a key or a version the schema does
not know fails, so the check can fail."""

import json

import jsonschema
import pytest
from plotly.io.json import to_json_plotly

from alliance_atlas.figures.frame_book import frame_book
from alliance_atlas.figures.frame_contract import FRAME_BOOK_VERSION, json_schema, schema_text, to_json
from alliance_atlas.figures.network import frame_update
from alliance_atlas.frames import Frames
from alliance_atlas.selection import Selection
from alliance_atlas.views import frame_view
from components.network_panel import shown_book
from tests.conftest import ROOT

SIZE = (900, 600)
SCHEMA = json_schema()


def sent(contract) -> dict:
    """A dataclass of the contract, or the JSON of one, as it reaches the browser."""
    return json.loads(to_json_plotly(contract if isinstance(contract, dict) else to_json(contract)))


def check(value: dict, kind: str) -> None:
    """``value`` is a valid ``kind`` (a $defs name) of the contract."""
    jsonschema.validate(value, SCHEMA | {"oneOf": [{"$ref": f"#/$defs/{kind}"}]},
                        cls=jsonschema.Draft202012Validator)


def test_the_schema_file_is_the_contract_s():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    kept = (ROOT / "docs" / "frame-book.schema.json").read_text()
    assert kept == schema_text(), \
        "stale: python -m alliance_atlas.figures.frame_contract > docs/frame-book.schema.json"


@pytest.fixture(scope="module")
def months(story_network):
    return Frames(story_network, "month")


STORY_VIEWS = [Selection(), Selection(layout="geo"), Selection(layout="circle"),
               Selection(layout="moving", focus="PRK"), Selection(color="bloc"), Selection(layout="matrix"),
               Selection(layout="matrix", focus="PRK")]


@pytest.mark.parametrize("selection", STORY_VIEWS, ids=repr)
def test_the_story_s_books_are_the_schema_s(months, selection):
    kind = "MatrixBook" if selection.layout == "matrix" else "NetworkBook"
    book = sent(frame_book(months, selection, SIZE))
    assert book["version"] == FRAME_BOOK_VERSION
    check(book, kind)
    shown = sent(shown_book(frame_view(months, len(months) - 1, selection), SIZE, "view"))
    assert {"view", "size"} <= shown.keys()
    check(shown, kind)


@pytest.mark.parametrize("selection", [Selection(layout="force"), Selection(layout="matrix")], ids=repr)
def test_atop_s_books_are_the_schema_s(atop_network, selection):
    check(sent(frame_book(Frames(atop_network, "year"), selection, SIZE)),
          "MatrixBook" if selection.layout == "matrix" else "NetworkBook")


@pytest.mark.parametrize("selection", [Selection(), Selection(layout="geo"), Selection(layout="moving", focus="PRK"),
                                       Selection(color="bloc"), Selection(layout="matrix", focus="PRK")], ids=repr)
def test_a_step_s_update_is_the_schema_s(months, selection):
    for frame in (0, months.index_of("2024-12-08"), len(months) - 1):
        check(sent(frame_update(frame_view(months, frame, selection), SIZE)), "FrameUpdate")


def test_a_book_with_an_unknown_key_or_version_fails(months):
    book = sent(frame_book(months, Selection(), SIZE))
    check(book, "NetworkBook")
    for wrong in (book | {"extra": 1}, book | {"version": FRAME_BOOK_VERSION + 1},
                  {key: value for key, value in book.items() if key != "version"},
                  book | {"values": [entry | {"codes": [0, 1]} for entry in book["values"]]}):
        with pytest.raises(jsonschema.ValidationError):
            check(wrong, "NetworkBook")

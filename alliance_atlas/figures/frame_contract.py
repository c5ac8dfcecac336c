"""The frame contract, once: what the server sends the browser to draw a network view's frames, as frozen
dataclasses. A view's frame book (:class:`NetworkBook` or :class:`MatrixBook`, built by
:mod:`~alliance_atlas.figures.frame_book`) goes into the page's store once per view; a step's
:class:`FrameUpdate` (:func:`~alliance_atlas.figures.network.frame_update`) is sent as a Dash patch, and
applied by the video pages.

:func:`to_json` writes any of them as the plain JSON the browser reads (assets/atlas.js), and
:func:`json_schema` describes that JSON, both read from the same type hints: a field's name is its JSON key; a
field the constructor does not take is a constant of the contract (the books' ``version``); a field whose
default is None is left out while it is None, where a field typed ``... | None`` without a default is written as
null. The schema is kept in docs/frame-book.schema.json (``python -m alliance_atlas.figures.frame_contract``
prints it). :data:`FRAME_BOOK_VERSION` changes whenever the JSON changes shape.

>>> to_json(PairEvents(pair=TypedArray.of(np.array([4], dtype=np.int32)),
...                    start=TypedArray.of(np.array([0, 1], dtype=np.int32))))
{'pair': {'dtype': 'i4', 'bdata': 'BAAAAA=='}, 'start': {'dtype': 'i4', 'bdata': 'AAAAAAEAAAA='}}
>>> json_schema()["$defs"]["PairEvents"]["required"]
['pair', 'start']
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import json
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Callable, Literal, Union

import numpy as np

from alliance_atlas.figures.typed_arrays import typed

#: The shape of the books' JSON, raised whenever it changes: a browser draws only a book of the version it knows.
FRAME_BOOK_VERSION = 1

#: Marks the one field of a dataclass whose own fields are written beside its siblings, not under its name.
_FLATTENED = {"flatten": True}

#: The dtypes plotly.js reads from a typed-array spec (and atlas.js from a book).
Dtype = Literal["i1", "u1", "i2", "u2", "i4", "u4", "f4", "f8"]
#: A value of one frame, where it is not an array.
Scalar = str | float | bool


@dataclass(frozen=True, slots=True)
class TypedArray:
    """An array as a plotly typed-array spec: its little-endian bytes in base64, and a matrix's shape ("rows,cols")."""

    dtype: Dtype
    bdata: str
    shape: str | None = None

    @classmethod
    def of(cls, values: np.ndarray) -> TypedArray:
        return cls(**typed(values))


@dataclass(frozen=True, slots=True)
class FrameValues:
    """One value per frame (a trace's opacity, a bloc key's name): frame f's value is ``frames[f]``."""

    frames: list[Scalar]


@dataclass(frozen=True, slots=True)
class NumberRows:
    """An array of ``width`` numbers per frame with too many distinct numbers for a table: frame f's are the
    float32 ``numbers[f * width:(f + 1) * width]``."""

    numbers: TypedArray
    width: int


@dataclass(frozen=True, slots=True)
class LevelCodes:
    """An array of ``width`` numbers per frame as codes into its distinct numbers: frame f's element i is
    ``levels[codes[f * width + i]]``. A NaN level (a state without a position) reaches the browser as null."""

    levels: list[float | None]
    codes: TypedArray
    width: int


@dataclass(frozen=True, slots=True)
class TableCodes:
    """An array of ``width`` texts per frame as codes into its distinct texts: frame f's element i is
    ``table[codes[f * width + i]]``."""

    table: list[str]
    codes: TypedArray
    width: int


#: How a book writes a value that changes with the frame.
PerFrame = FrameValues | NumberRows | LevelCodes | TableCodes


@dataclass(frozen=True, slots=True)
class TraceValues:
    """A trace attribute that changes with the frame (``path`` as plotly names it: ``"marker.size"``), its
    encoding's fields written beside ``index`` and ``path``."""

    index: int
    path: str
    encoding: PerFrame = field(metadata=_FLATTENED)


@dataclass(frozen=True, slots=True)
class LineRuns:
    """The runs of frames in which a trace of lines draws each pair: run k draws the pair in slot ``pair[k]`` of
    the book's line ends from frame ``first[k]`` to frame ``last[k]``. A frame's pairs are in ascending order."""

    index: int
    pair: TypedArray
    first: TypedArray
    last: TypedArray


@dataclass(frozen=True, slots=True)
class FixedLineEnds:
    """Each slot's line where states do not move: ``stride`` points per slot (the NaN that ends it included)."""

    x: TypedArray
    y: TypedArray
    stride: int


@dataclass(frozen=True, slots=True)
class MovingLineEnds:
    """Each slot's two states on the moving layout, whose positions are the states' trace's of the frame."""

    src: TypedArray
    tgt: TypedArray


@dataclass(frozen=True, slots=True)
class NetworkBook:
    """What the browser needs to draw any frame of a view of lines between states (force, geo, circle, moving)
    but the states' hover text, which the server sends for the frame the user stops on. ``states`` is the index of
    the states' trace, ``axes`` its position attributes; ``names`` the states' names per frame. The app adds the
    view's key and the size it was drawn for, which its figure must match, and whether the canvas draws its lines
    (not on the map)."""

    version: int = field(default=FRAME_BOOK_VERSION, init=False)
    labels: list[str]
    titles: list[str]
    states: int
    axes: list[str]
    lines: list[LineRuns]
    ends: FixedLineEnds | MovingLineEnds
    values: list[TraceValues]
    names: PerFrame
    canvas: bool | None = None
    view: str | None = None
    size: list[int] | None = None


@dataclass(frozen=True, slots=True)
class MatrixRuns:
    """Run k: pair ``pair[k]`` holds the set of tie types ``set[k]`` from frame ``first[k]`` to frame ``last[k]``."""

    pair: TypedArray
    set: TypedArray
    first: TypedArray
    last: TypedArray


@dataclass(frozen=True, slots=True)
class PairEvents:
    """Pairs per frame: frame f's are ``pair[start[f]:start[f + 1]]``."""

    pair: TypedArray
    start: TypedArray


@dataclass(frozen=True, slots=True)
class MatrixBook:
    """What the browser needs to draw any frame of the matrix, hover text included. ``cells`` holds each pair's
    (row, column); ``codes`` and ``text`` each set of tie types' colour code and hover text; ``traces`` the
    indices of the heatmap and the outlines of the cells gained and lost; ``focus`` the focus state's label per
    frame, or null without one; ``ids`` the rows' states. The app adds the view's key and the size drawn, and
    that the canvas draws the cells (a book without ``canvas`` is drawn by plotly, frame by frame: a video's)."""

    version: int = field(default=FRAME_BOOK_VERSION, init=False)
    labels: list[str]
    titles: list[str]
    focus: list[str | None] | None
    matrix: bool = field(default=True, init=False)
    traces: list[int]
    rows: int
    runs: MatrixRuns
    cells: TypedArray
    codes: list[int]
    text: list[str]
    gained: PairEvents
    lost: PairEvents
    names: PerFrame
    ids: list[str]
    canvas: bool | None = None
    view: str | None = None
    size: list[int] | None = None


#: A value a step writes at a trace attribute path.
StepValue = TypedArray | list[Any] | Scalar


@dataclass(frozen=True, slots=True)
class FrameUpdate:
    """What a step to one frame changes in the network figure: per trace index, its attribute paths and values;
    the title; the frame's label; the annotations where they change with the frame (the matrix's)."""

    data: dict[int, dict[str, StepValue]]
    title: str
    frame: str
    annotations: list[dict[str, Any]] | None = None


#: What the server writes for the browser.
Contract = NetworkBook | MatrixBook | FrameUpdate


def to_json(contract: object) -> dict:
    """``contract`` (a :data:`Contract`, or any part of one) as the JSON the browser reads: plain dicts and
    lists. Its lists are passed on, not copied: a book is written to the store at every change of view."""
    return _writer(type(contract))(contract)


@functools.cache
def _writer(cls: type) -> Callable[[Any], dict]:
    hints = typing.get_type_hints(cls)
    plan = [(f.name, _value_writer(hints[f.name]), f.default is None, bool(f.metadata.get("flatten")))
            for f in dataclasses.fields(cls)]

    def write(obj) -> dict:
        out = {}
        for name, write_value, left_out_when_none, flatten in plan:
            value = getattr(obj, name)
            if value is None and left_out_when_none:
                continue
            value = write_value(value) if write_value else value
            if flatten:
                out.update(value)
            else:
                out[name] = value
        return out

    return write


def _value_writer(hint) -> Callable[[Any], Any] | None:
    """How to write a value of type ``hint``, or None where it is written as it is (it holds no dataclass)."""
    if dataclasses.is_dataclass(hint):
        return _writer(hint)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (Union, types.UnionType):
        if not any(_value_writer(arg) for arg in args):
            return None
        return lambda value: _writer(type(value))(value) if dataclasses.is_dataclass(value) else value
    if origin is list and (item := _value_writer(args[0])):
        return lambda values: [item(value) for value in values]
    if origin is dict and (item := _value_writer(args[1])):
        return lambda values: {key: item(value) for key, value in values.items()}
    return None


def json_schema() -> dict:
    """The JSON schema (draft 2020-12) of the contract's JSON: a book, or a step's update; each dataclass is
    one of its ``$defs``."""
    definitions: dict[str, dict] = {}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Alliance Atlas frame contract",
        "description": "What the server sends the browser to draw a network view's frames: a view's frame book "
                       "(NetworkBook, MatrixBook), or the update of one step (FrameUpdate). Written from "
                       "alliance_atlas/figures/frame_contract.py.",
        "oneOf": [_schema_of(cls, definitions) for cls in typing.get_args(Contract)],
        "$defs": dict(sorted(definitions.items())),
    }


def _schema_of(hint, definitions: dict[str, dict]) -> dict:
    if dataclasses.is_dataclass(hint):
        if hint.__name__ not in definitions:
            definitions[hint.__name__] = _object_schema(hint, definitions)
        return {"$ref": f"#/$defs/{hint.__name__}"}
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (Union, types.UnionType):
        return {"oneOf": [_schema_of(arg, definitions) for arg in args]}
    if origin is Literal:
        return {"enum": list(args)}
    if origin is list:
        return {"type": "array", "items": _schema_of(args[0], definitions)}
    if origin is dict:
        keys = {"propertyNames": {"pattern": "^[0-9]+$"}} if args[0] is int else {}  # JSON writes int keys as text
        values = {"additionalProperties": _schema_of(args[1], definitions)} if args[1] is not Any else {}
        return {"type": "object", **keys, **values}
    if hint is Any:
        return {}
    return {"type": {str: "string", int: "integer", float: "number", bool: "boolean", type(None): "null"}[hint]}


def _object_schema(cls: type, definitions: dict[str, dict]) -> dict:
    """A dataclass as a closed object; one with a flattened field of a union, as one closed object per member."""
    hints = typing.get_type_hints(cls)
    properties, required, flattened = {}, [], None
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        if f.metadata.get("flatten"):
            flattened = hint
            continue
        if not f.init:
            properties[f.name] = {"const": f.default}
        elif f.default is None:  # left out while None
            properties[f.name] = _schema_of(_without_none(hint), definitions)
        else:
            properties[f.name] = _schema_of(hint, definitions)
        if f.default is not None:
            required.append(f.name)
    description = {"description": _doc(cls.__doc__)}
    if flattened is None:
        return description | _closed(properties, required)
    members = typing.get_args(flattened) or (flattened,)
    return description | {"oneOf": [{"title": member.__name__} | _merged(properties, required, member, definitions)
                                    for member in members]}


def _merged(properties: dict, required: list, member: type, definitions: dict[str, dict]) -> dict:
    inner = _object_schema(member, definitions)
    return _closed(properties | inner["properties"], required + inner["required"])


def _closed(properties: dict, required: list) -> dict:
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


def _without_none(hint):
    kept = [arg for arg in typing.get_args(hint) if arg is not type(None)]
    return Union[tuple(kept)] if len(kept) > 1 else kept[0]


def _doc(text: str) -> str:
    return " ".join(inspect.cleandoc(text).split())


def schema_text() -> str:
    """The schema as docs/frame-book.schema.json keeps it."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(schema_text(), end="")

"""What a callback request may hold, checked before Dash runs the callback.

The browser sends each server callback the values of its inputs and states
(``POST /_dash-update-component``). A request built by hand can send anything there: a token as an
object, a depth of "x", a list where a date goes. Each property a server callback reads has a check
here (:data:`CHECKS`); a value that fails it reaches the callback as None, the property's "not set",
which every callback answers as it does before the user has chosen. A request that names no server
callback, or whose inputs are not shaped like that callback's, is answered 400 with what is wrong:
Dash itself would answer 500.

Ranges and meanings (a frame past the last, a date that is no frame, a country the data lacks) are the
callbacks' to judge, with a message where the user can act on it; this module only guarantees types
and sizes.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import flask
from dash import Dash

from alliance_atlas.relations import RELATIONS
from components import ids

Check = Callable[[object], bool]
#: The longest text any control holds (a country's name, a date, a filter, a bloc's new name).
LONGEST_TEXT = 300
#: The most items a list-valued control holds (the types of a dataset, a bloc's renamings).
MOST_ITEMS = 500


def text(value) -> bool:
    return isinstance(value, str) and len(value) <= LONGEST_TEXT


def whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**53


def number(value) -> bool:
    return (whole(value) or isinstance(value, float) and math.isfinite(value)) and abs(value) < 1e15


def flag(value) -> bool:
    return isinstance(value, bool)


def clicks(value) -> bool:
    return whole(value) and value >= 0


def number_or_text(value) -> bool:
    return number(value) or text(value)


def pair(first: Check, second: Check) -> Check:
    return lambda value: isinstance(value, list) and len(value) == 2 and first(value[0]) and second(value[1])


def list_of(item: Check) -> Check:
    return lambda value: isinstance(value, list) and len(value) <= MOST_ITEMS and all(map(item, value))


texts = list_of(text)


def record(**fields: Check) -> Check:
    """A dict whose keys are among ``fields``, each value passing its check (or None)."""
    return lambda value: (isinstance(value, dict) and set(value) <= set(fields)
                          and all(value[key] is None or fields[key](value[key]) for key in value))


#: The longest text and the most items plain JSON may hold in a store the server fills itself (a view's
#: key, the switches listed): the request's own size is bounded by the server (components/upload.py).
STORE_TEXT, STORE_ITEMS = 2**20, 100_000


def anything_small(value, depth: int = 0) -> bool:
    """Plain JSON of bounded nesting and size: what a store the server filled itself may hold."""
    if value is None or isinstance(value, bool) or number(value):
        return True
    if isinstance(value, str):
        return len(value) <= STORE_TEXT
    if depth > 6:
        return False
    if isinstance(value, list):
        return len(value) <= STORE_ITEMS and all(anything_small(item, depth + 1) for item in value)
    if isinstance(value, dict):
        return len(value) <= STORE_ITEMS and all(isinstance(key, str) and anything_small(item, depth + 1)
                                                 for key, item in value.items())
    return False


#: A plotly click: whatever plotly reports for its trace type, plain JSON of bounded size (the callbacks
#: read its first point through :func:`first_point`).
def click(value) -> bool:
    return isinstance(value, dict) and anything_small(value)


def first_point(click) -> dict:
    """The first point a plotly click reports, or {} when the click has none of the shape plotly gives.

    >>> first_point({"points": [{"x": "2024-12-01"}]}), first_point({"points": "x"}), first_point(None)
    ({'x': '2024-12-01'}, {}, {})
    """
    points = click.get("points") if isinstance(click, dict) else None
    return points[0] if isinstance(points, list) and points and isinstance(points[0], dict) else {}


#: (component id, property) -> what its value may be, for every property a server callback reads.
CHECKS: dict[tuple[str, str], Check] = {
    (ids.DATASET, "value"): text,
    (ids.UPLOAD_SESSION, "data"): lambda value: isinstance(value, dict) and {"token", "name"} <= set(value)
    <= {"token", "name", "relation"} and text(value["token"]) and text(value["name"])
    and value.get("relation") in (None, *RELATIONS),
    (ids.LAYERS, "data"): lambda value: isinstance(value, list) and len(value) <= STORE_ITEMS and all(
        isinstance(layer, dict) and set(layer) == {"token", "name", "relation"} and text(layer["token"])
        and text(layer["name"]) and layer["relation"] in RELATIONS for layer in value),
    (ids.LAYER_SWITCHES, "value"): texts,
    (ids.UPLOAD_KIND, "value"): text,
    (ids.STEP, "value"): text,
    (ids.LAYOUT, "value"): text,
    (ids.TYPES, "value"): texts,
    (ids.FOCUS, "value"): text,
    (ids.DEPTH, "value"): whole,
    (ids.MIN_WEIGHT, "value"): number,
    (ids.ALLIES, "value"): flag,
    (ids.COMPARE, "value"): text,
    (ids.COLOR, "value"): text,
    (ids.BLOC_NAMES, "data"): list_of(pair(whole, text)),
    (ids.SWITCH_WINDOW, "value"): number_or_text,
    (ids.SLIDER, "value"): whole,
    (ids.SETTLED_FRAME, "data"): whole,
    (ids.HOVER_FRAME, "data"): whole,
    (ids.NETWORK_FRAME, "data"): whole,
    (ids.NETWORK_SIZE, "data"): list_of(number),
    (ids.NETWORK_DRAWN, "data"): lambda value: isinstance(value, str) and len(value) <= STORE_TEXT,
    (ids.FRAME_LABELS, "data"): lambda value: isinstance(value, list) and len(value) <= 100_000
    and all(map(text, value)),
    (ids.REQUESTED_VIEW, "data"): record(date=text, focus=text, min_weight=number, types=texts),
    (ids.SWITCHES_SHOWN, "data"): anything_small,
    (ids.UPLOAD_CHECK, "data"): anything_small,
    (ids.URL, "search"): lambda value: isinstance(value, str) and len(value) <= 8 * LONGEST_TEXT,
    (ids.UPLOAD, "contents"): lambda value: isinstance(value, str),  # its size is bounded by the request's
    (ids.UPLOAD, "filename"): lambda value: isinstance(value, str) and len(value) <= 4096,
    (ids.LAYER_UPLOAD, "contents"): lambda value: isinstance(value, str),
    (ids.LAYER_UPLOAD, "filename"): lambda value: isinstance(value, str) and len(value) <= 4096,
    (ids.NETWORK, "clickData"): click,
    (ids.TIMELINE, "clickData"): click,
    (ids.GANTT, "clickData"): click,
    (ids.BLOC_CHART, "clickData"): click,
    (ids.MEASURES_CHART, "clickData"): click,
    (ids.MEASURES_REFERENCE, "value"): text,
    (ids.BLOC_PICK, "value"): whole,
    (ids.BLOC_NEW_NAME, "value"): text,
    (ids.SWITCH_FILTER, "value"): text,
    (ids.TIES_FILTER, "value"): text,
    (ids.EXPORT_FROM, "value"): text,
    (ids.EXPORT_TO, "value"): text,
    (ids.EXPORT_EVERY, "value"): number_or_text,
    (ids.EXPORT_SCALE, "value"): number_or_text,
    (ids.EXPORT_MODAL, "is_open"): flag,
}
#: Buttons (n_clicks), pattern-matching ones too, hold counts; a property without a check of its own
#: (one a store the server fills) may hold plain JSON of bounded size.
COUNTED = "n_clicks"


class BadRequest(ValueError):
    """A callback request not shaped like the callback it names."""


def checked_body(body, callback_map: dict) -> dict:
    """``body`` with each input and state value that fails its check set to None; BadRequest when the
    body names no server callback or its entries are not that callback's."""
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        raise BadRequest("the request names no callback output")
    spec = callback_map.get(body["output"])
    if spec is None or "callback" not in spec:
        raise BadRequest("no server callback has that output")
    for part in ("inputs", "state"):
        entries, expected = body.get(part, []), spec.get(part, [])
        if not isinstance(entries, list) or len(entries) != len(expected):
            raise BadRequest(f"the request's {part} are not the callback's")
        for entry, wanted in zip(entries, expected):
            for item in entry if isinstance(entry, list) else [entry]:
                _check_entry(item, wanted)
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(item, str) and len(item) <= 1000 for item in changed):
        raise BadRequest("changedPropIds is not a list of ids")
    return body


def _check_entry(entry, wanted: dict) -> None:
    if not isinstance(entry, dict) or entry.get("property") != wanted["property"]:
        raise BadRequest("an input is not the callback's")
    identifier = entry.get("id")
    matched = isinstance(identifier, str) and identifier == wanted["id"]
    pattern = isinstance(identifier, dict) and wanted["id"].startswith("{") and anything_small(identifier)
    if not (matched or pattern):
        raise BadRequest("an input is not the callback's")
    if wanted["property"] == COUNTED:
        check = clicks
    else:
        check = CHECKS.get((identifier, wanted["property"]), anything_small) if matched else anything_small
    if entry.get("value") is not None and not check(entry["value"]):
        entry["value"] = None


def guard_requests(app: Dash) -> None:
    """Check every callback request to ``app`` (see the module's docstring) before Dash reads it."""
    update = f"{app.config.routes_pathname_prefix}_dash-update-component"

    @app.server.before_request
    def check_callback_request():
        if flask.request.method != "POST" or flask.request.path != update:
            return None
        try:
            checked_body(flask.request.get_json(silent=True), app.callback_map)  # Dash reads the same, cached
        except BadRequest as error:
            return flask.jsonify(error=str(error)), 400
        return None

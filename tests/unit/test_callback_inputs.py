"""Every server callback answers hostile values (crafted requests, stale pages, odd links) with a message
or no change, never HTTP 500: the values a review crafted, then hypothesis over every callback's inputs,
each request a fresh page's values with some replaced."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import create_app
from tests.callback_requests import baseline, server_callbacks, wildcard_keys

#: What a fresh page of the story sends besides its layout's own values: a frame, the graph's size.
PAGE = {("frame-slider", "value"): 40, ("settled-frame", "data"): 40, ("network-size", "data"): [900, 600]}


@pytest.fixture(scope="module")
def app():
    return create_app()


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


@pytest.fixture(scope="module")
def callbacks(app):
    return [callback for callback in server_callbacks(app) if not callback.background]


def post(client, callback, values, changed=0, concrete=None):
    return client.post("/_dash-update-component", json=callback.body(values, changed, concrete))


def reading(callbacks, *slot):
    return [callback for callback in callbacks
            if any((s.id, s.property) == slot for s in (*callback.inputs, *callback.state))]


@pytest.mark.parametrize("slot, value", [
    (("upload-session", "data"), {"token": {"$gt": ""}, "name": "x"}),
    (("upload-session", "data"), "x"),
    (("depth", "value"), "x"),
    (("bloc-names", "data"), "x"),
    (("bloc-names", "data"), [[1, {"a": 1}]]),
    (("types", "value"), "defense"),
    (("min-weight", "value"), "heavy"),
    (("switch-window", "value"), [1]),
    (("frame-slider", "value"), 10**12),
    (("frame-slider", "value"), -5),
    (("network-size", "data"), ["wide", 0]),
    (("compare", "value"), -1),
    (("compare", "value"), "-1"),
    (("compare", "value"), "banana"),
    (("focus", "value"), "x" * 100_000),
])
def test_the_values_a_review_crafted_get_no_500(app, client, callbacks, slot, value):
    hit = reading(callbacks, *slot)
    assert hit, f"some callback reads {slot}"
    for callback in hit:
        response = post(client, callback, baseline(app, callback, {**PAGE, slot: value}))
        assert response.status_code in (200, 204), (callback.name, response.status_code, response.data[:300])


@pytest.mark.parametrize("compare", ["-1", "banana", "0001"])
def test_a_compare_date_that_is_no_date_still_draws_the_network(app, client, callbacks, compare):
    render = next(callback for callback in callbacks if callback.outputs[0] == {"id": "network-graph",
                                                                                  "property": "figure"})
    response = post(client, render, baseline(app, render, {**PAGE, ("compare", "value"): compare}))
    assert response.status_code == 200
    figure = json.loads(response.data)["response"]["network-graph"]["figure"]
    assert figure["data"], "the network is drawn, without the compare date"


def test_a_request_that_names_no_server_callback_is_refused_not_failed(client):
    for body in [{"output": "frame-label.children", "outputs": {"id": "frame-label", "property": "children"},
                  "inputs": [], "changedPropIds": []},  # a clientside callback: the server has no function
                 {"output": "nothing.children", "inputs": []}, ["not", "a", "body"], {"output": 7}]:
        response = client.post("/_dash-update-component", json=body)
        assert response.status_code == 400, body
    response = client.post("/_dash-update-component", data=b"\xff\x00 not json", content_type="application/json")
    assert response.status_code == 400


def test_a_request_whose_inputs_are_not_the_callback_s_is_refused(app, client, callbacks):
    callback = reading(callbacks, "depth", "value")[0]
    body = callback.body(baseline(app, callback, PAGE))
    for broken in [{**body, "inputs": body["inputs"][:-1]}, {**body, "inputs": "x"},
                   {**body, "inputs": [{**body["inputs"][0], "id": "elsewhere"}, *body["inputs"][1:]]},
                   {**body, "changedPropIds": [{"a": 1}]}]:
        assert client.post("/_dash-update-component", json=broken).status_code == 400


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
                    | st.text(max_size=30) | st.sampled_from(["-1", "1961", "2024-12", "PRK", "matrix", "year", "x" * 5000]),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=8)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(data=st.data())
def test_no_callback_answers_any_values_with_a_500(app, client, callbacks, data):
    callback = data.draw(st.sampled_from(callbacks), label="callback")
    values = baseline(app, callback, PAGE)
    for position in data.draw(st.sets(st.integers(0, len(values) - 1), min_size=1, max_size=3), label="replaced"):
        values[position] = data.draw(JSON, label=f"value {position}")
    concrete = {key: data.draw(JSON, label=key) for key in sorted(wildcard_keys(callback))}
    changed = data.draw(st.integers(0, max(len(callback.inputs) - 1, 0)), label="trigger")
    response = post(client, callback, values, changed, concrete)
    assert response.status_code < 500, (callback.name, values, response.data[:300])


@pytest.mark.parametrize("written", ["-1", "banana", "19611", "1961-13-45"])
def test_a_link_s_compare_date_that_is_no_date_is_said_and_dropped(written):
    from alliance_atlas.hosting.datasets import DatasetManager
    from components.url_state import read_link

    link = read_link(f"?dataset=korea&compare={written}", DatasetManager(), None)
    assert link.selection.compare is None
    assert any(f"cannot read the compare date '{written}'" in problem for problem in link.problems)


@pytest.mark.parametrize("kind", [["network-png"], {"a": 1}, "nope", "network", 7])
def test_a_crafted_export_button_gets_no_500(app, client, callbacks, kind):
    quick = next(callback for callback in callbacks if callback.outputs[0]["id"] == "export-download")
    response = post(client, quick, [1, *baseline(app, quick, PAGE)[1:]], 0, {"kind": kind})
    assert response.status_code in (200, 204), response.data[:300]


@pytest.mark.parametrize("scale", ["x", -3, 1e9])
def test_an_export_scale_that_is_no_scale_is_said(app, client, callbacks, scale):
    quick = next(callback for callback in callbacks if callback.outputs[0]["id"] == "export-download")
    values = baseline(app, quick, {**PAGE, ("export-scale", "value"): scale})
    response = post(client, quick, [1, *values[1:]], 0, {"kind": "network-png"})
    assert response.status_code == 200
    status = json.dumps(json.loads(response.data)["response"]["export-status"])
    assert "scale must be a number from 0.5 to 8" in status


def test_a_click_as_plotly_reports_it_reaches_the_callback(app, client, callbacks):
    """Real clicks carry whatever keys plotly gives their trace type: the guard must let them through."""
    focus = next(callback for callback in callbacks if callback.outputs == [{"id": "focus", "property": "value"}]
                 and callback.inputs[0].id == "network-graph")
    point = {"curveNumber": 3, "pointNumber": 12, "pointIndex": 12, "x": 0.41, "y": -0.2, "customdata": "SYR",
             "marker.size": 18, "marker.color": "#d62728", "text": "Syria", "bbox": {"x0": 1, "x1": 2, "y0": 3, "y1": 4}}
    response = post(client, focus, [{"points": [point]}])
    assert response.status_code == 200 and json.loads(response.data)["response"]["focus"]["value"] == "SYR"

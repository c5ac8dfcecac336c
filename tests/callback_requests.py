"""Requests to an app's server callbacks, as a browser sends them (POST /_dash-update-component), with
any values: what the hostile-input tests and benchmarks/fuzz_callbacks.py replay."""

from __future__ import annotations

import json
from dataclasses import dataclass

from dash._utils import split_callback_id


@dataclass(frozen=True)
class Slot:
    """One input or state of a callback: a component id (a dict for pattern-matching ids, whose
    wildcards a request fills with one concrete id) and a property."""

    id: str | dict
    property: str
    wildcard: bool

    def entry(self, value, concrete: dict | None = None) -> dict | list:
        if not self.wildcard:
            return {"id": self.id, "property": self.property, "value": value}
        return [{"id": {**self.id, **(concrete or {})}, "property": self.property, "value": value}]


@dataclass(frozen=True)
class ServerCallback:
    output: str
    outputs: list
    inputs: list[Slot]
    state: list[Slot]
    background: bool

    @property
    def name(self) -> str:
        return "+".join(f"{o['id'] if isinstance(o['id'], str) else o['id'].get('type')}.{o['property']}"
                        for o in self.outputs)[:80] or self.output[:16]

    def body(self, values: list, changed: int = 0, concrete: dict | None = None) -> dict:
        """The request body with ``values`` for the inputs then the states, input ``changed`` the trigger."""
        slots = [*self.inputs, *self.state]
        entries = [slot.entry(value, concrete) for slot, value in zip(slots, values)]
        trigger = self.inputs[changed] if self.inputs else None
        changed_id = (json.dumps({**trigger.id, **(concrete or {})}, sort_keys=True, separators=(",", ":"))
                      if trigger is not None and trigger.wildcard else getattr(trigger, "id", ""))
        return {"output": self.output, "outputs": self.outputs if len(self.outputs) != 1 else self.outputs[0],
                "inputs": entries[: len(self.inputs)], "state": entries[len(self.inputs):],
                "changedPropIds": [f"{changed_id}.{trigger.property}"] if trigger is not None else []}


def _slot(spec: dict) -> Slot:
    identifier = spec["id"]
    if isinstance(identifier, str) and identifier.startswith("{"):
        parsed = json.loads(identifier)
        return Slot({key: value for key, value in parsed.items() if value != ["ALL"]} | {
            key: None for key, value in parsed.items() if value == ["ALL"]}, spec["property"], True)
    return Slot(identifier, spec["property"], False)


def server_callbacks(app) -> list[ServerCallback]:
    """Every callback of ``app`` that runs on the server (not the clientside ones)."""
    found = []
    for spec in app._callback_list:
        if spec.get("clientside_function") is not None or spec["output"] not in app.callback_map:
            continue
        outputs = [] if spec.get("no_output") else split_callback_id(spec["output"])
        outputs = outputs if isinstance(outputs, list) else [outputs]
        outputs = [{"id": _slot({"id": o["id"], "property": o["property"]}).id, "property": o["property"].split("@")[0]}
                   for o in outputs]
        found.append(ServerCallback(spec["output"], outputs, [_slot(s) for s in spec["inputs"]],
                                    [_slot(s) for s in spec["state"]], bool(spec.get("background"))))
    return found


def wildcard_keys(callback: ServerCallback) -> set[str]:
    """The keys a pattern-matching id of ``callback`` leaves to the request."""
    return {key for slot in (*callback.inputs, *callback.state) if slot.wildcard
            for key, value in slot.id.items() if value is None}


def layout_values(app) -> dict[tuple[str, str], object]:
    """The value each (component id, property) has in ``app``'s layout, as a first page load sends it."""
    values = {}

    def walk(component) -> None:
        if isinstance(component, (list, tuple)):
            for child in component:
                walk(child)
            return
        if not hasattr(component, "to_plotly_json"):
            return
        identifier = getattr(component, "id", None)
        if isinstance(identifier, str):
            for prop in component._prop_names:
                values[(identifier, prop)] = getattr(component, prop, None)
        walk(getattr(component, "children", None))

    walk(app.layout)
    return values


def baseline(app, callback: ServerCallback, overrides: dict | None = None) -> list:
    """Values for ``callback``'s inputs then states as a fresh page would send them (``overrides``,
    by (id, property), first)."""
    known = {**layout_values(app), **(overrides or {})}
    return [known.get((slot.id, slot.property)) if not slot.wildcard else None
            for slot in (*callback.inputs, *callback.state)]

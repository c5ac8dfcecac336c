"""From component values to core objects: which network, which frame grid, which selection.

Every callback that draws or lists a view goes through :class:`ViewState`, so the rules (uploads by
session token, a year grid for year data, a selection fitted to the network) live in one place; the
network itself comes from the dataset manager, which the dataset picker asks directly.
The controls that define a view are listed once, in :data:`VIEW_FIELDS`, by name.
"""

from __future__ import annotations

from dataclasses import dataclass

from dash import Input, State

from alliance_atlas.frames import Frames, frames_for, step_for
from alliance_atlas.hosting.datasets import UPLOAD, DatasetManager, UnknownDataset
from alliance_atlas.layout import LAYOUTS
from alliance_atlas.model import TemporalNetwork
from alliance_atlas.selection import COLOR_MODES, Selection
from components import ids

#: The controls that define a view besides the frame: field name -> (component id, property).
VIEW_FIELDS = {
    "dataset": (ids.DATASET, "value"),
    "upload": (ids.UPLOAD_SESSION, "data"),
    "layers": (ids.LAYERS, "data"),
    "layers_shown": (ids.LAYER_SWITCHES, "value"),
    "step": (ids.STEP, "value"),
    "layout": (ids.LAYOUT, "value"),
    "types": (ids.TYPES, "value"),
    "focus": (ids.FOCUS, "value"),
    "depth": (ids.DEPTH, "value"),
    "min_weight": (ids.MIN_WEIGHT, "value"),
    "all_allies": (ids.ALLIES, "value"),
    "compare": (ids.COMPARE, "value"),
    "color": (ids.COLOR, "value"),
    "bloc_names": (ids.BLOC_NAMES, "data"),
    "window": (ids.SWITCH_WINDOW, "value"),
}
VIEW_INPUTS = [Input(*where) for where in VIEW_FIELDS.values()]
VIEW_STATES = [State(*where) for where in VIEW_FIELDS.values()]


def shown_layers(layers: list[dict] | None, shown: list[str] | None) -> tuple[tuple[str, str | None], ...]:
    """(token, relation) of each layer the session added whose switch is on.

    >>> shown_layers([{"token": "a", "name": "mid.csv", "relation": "hostile"}, {"token": "b", "name": "x.csv",
    ...               "relation": None}], ["a"])
    (('a', 'hostile'),)
    """
    on = set(shown or ())
    return tuple((layer["token"], layer["relation"]) for layer in layers or () if layer["token"] in on)


def layers_query(layers: list[dict] | None, shown: list[str] | None) -> str:
    """The layers a view shows, as a link names them: RELATION:NAME, separated by "|".

    >>> layers_query([{"token": "t", "name": "mid.csv", "relation": "hostile"}], ["t"])
    'hostile:mid.csv'
    """
    on = set(shown or ())
    return "|".join(f"{layer['relation']}:{layer['name']}" for layer in layers or () if layer["token"] in on)


@dataclass(frozen=True)
class ViewState:
    dataset: str
    network: TemporalNetwork
    frames: Frames
    selection: Selection
    #: the layers shown, as a link names them (:func:`layers_query`)
    layers: str = ""
    #: what the upload shown was read as, when the user chose (None: as the loader guessed)
    relation: str | None = None

    @classmethod
    def build(cls, manager: DatasetManager, *, dataset, upload=None, layers=None, layers_shown=None, step=None,
              layout=None, types=None, focus=None, depth=None, min_weight=None, all_allies=False, compare=None,
              color=None, bloc_names=None, window=None) -> ViewState:
        """The view the control values describe; UnknownDataset when its data is not here."""
        network = manager.network(dataset, (upload or {}).get("token"), (upload or {}).get("relation"),
                                  shown_layers(layers, layers_shown))
        selection = Selection(
            layout=layout if layout in LAYOUTS else "force",
            types=tuple(types) if types is not None else None,
            focus=focus,
            depth=int(depth or 1),
            min_weight=float(min_weight) if min_weight not in (None, "") else None,
            allies="all" if all_allies else "security",
            compare=(compare or "").strip() or None,
            color=color if color in COLOR_MODES else "region",
            bloc_names=tuple(sorted((int(bloc), str(name)) for bloc, name in bloc_names or [])),
            window=min(max(int(window), 1), 600) if isinstance(window, (int, float)) else 36,
        )
        return cls(dataset, network, frames_for(network, step_for(network, step)), selection.fitted(network),
                   layers_query(layers, layers_shown), (upload or {}).get("relation") if dataset == UPLOAD else None)

    @classmethod
    def from_values(cls, manager: DatasetManager, values) -> ViewState | None:
        """The view from VIEW_INPUTS (or VIEW_STATES) values; None when the dataset is gone (the
        callback then leaves the screen as it is, and the dataset picker says why)."""
        try:
            return cls.build(manager, **dict(zip(VIEW_FIELDS, values)))
        except UnknownDataset:
            return None

"""From component values to core objects: which network, which frame grid, which options.

Every callback that needs the data goes through :class:`ViewState`, so the rules (uploads by
session token, a year grid for year data, unknown focus ignored) live in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from dash import Input

from alliance_atlas.datasets import UPLOAD, DatasetManager
from alliance_atlas.figures import ViewOptions
from alliance_atlas.frames import Frames, frames_for, step_for
from alliance_atlas.model import TemporalNetwork
from components import ids

#: The controls that define a view besides the frame, in the order ViewState.from_inputs takes them.
VIEW_INPUTS = [
    Input(ids.DATASET, "value"),
    Input(ids.STEP, "value"),
    Input(ids.FOCUS, "value"),
    Input(ids.DEPTH, "value"),
    Input(ids.TYPES, "value"),
    Input(ids.LAYOUT, "value"),
    Input(ids.MIN_WEIGHT, "value"),
    Input(ids.UPLOAD_SESSION, "data"),
]


class UnknownDataset(LookupError):
    """A dataset id this server (or this session) does not have."""


def network_for(manager: DatasetManager, dataset: str | None, upload_session: dict | None) -> TemporalNetwork:
    if dataset == UPLOAD:
        network = manager.upload((upload_session or {}).get("token"))
        if network is None:
            raise UnknownDataset("Your uploaded file is no longer on the server; upload it again.")
        return network
    try:
        return manager.get(dataset or "")
    except KeyError:
        raise UnknownDataset(f"This server has no dataset called {dataset!r}.") from None


@dataclass(frozen=True)
class ViewState:
    network: TemporalNetwork
    frames: Frames
    options: ViewOptions

    @classmethod
    def build(cls, manager, dataset, upload_session, step, focus, depth, types, layout, min_weight) -> ViewState:
        network = network_for(manager, dataset, upload_session)
        frames = frames_for(network, step_for(network, step))
        options = ViewOptions(
            layout=layout or "force",
            types=tuple(types) if types is not None else None,
            focus=focus if focus in network.node_ids else None,
            depth=int(depth or 1),
            min_weight=float(min_weight) if min_weight not in (None, "") and network_has_weights(network) else None,
        )
        return cls(network, frames, options)

    @classmethod
    def from_inputs(cls, manager, values) -> ViewState | None:
        """The view from VIEW_INPUTS values; None when the dataset is gone (the callback then leaves
        the screen as it is)."""
        dataset, step, focus, depth, types, layout, min_weight, upload_session = values
        try:
            return cls.build(manager, dataset, upload_session, step, focus, depth, types, layout, min_weight)
        except UnknownDataset:
            return None

    def clamp(self, frame) -> int:
        return min(max(int(frame or 0), 0), len(self.frames) - 1)


def network_has_weights(network: TemporalNetwork) -> bool:
    return bool(network.edges["weight"].notna().any())

"""What the analyst chose to look at besides the date, as one value for every query, figure and export.

A :class:`Selection` is read in one place from text (the URL's query, the command line's flags),
checked against a network, and written back to text for links; the dashboard's controls give the
same fields. Frames, tables, figures and exports all take it whole, so a filter cannot reach one
view and miss another.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from alliance_atlas.countries import registry
from alliance_atlas.model import TemporalNetwork, day_number

#: Layouts whose positions stay put while time moves (alliance_atlas.layout places them).
STABLE_LAYOUTS = ("force", "geo", "circle")
#: Positions per frame, following the ties.
MOVING = "moving"
#: No positions: a figure of its own (figures/matrix.py).
MATRIX = "matrix"
LAYOUTS = (*STABLE_LAYOUTS, MOVING, MATRIX)
DEPTHS = (1, 2)
#: What a pair must share to count as allies: "security" (alliance and security ties; diplomatic
#: relations make partners) or "all" positive ties.
ALLY_SETTINGS = ("security", "all")
#: What colours the states: their region, or their bloc in the frame shown.
COLOR_MODES = ("region", "bloc")


@dataclass(frozen=True)
class Selection:
    """Layout, tie types, focus country with its neighbourhood depth, the minimum weight, which ties
    make allies (:data:`ALLY_SETTINGS`), a date to compare the frame shown with (``compare``), and
    what colours the states (:data:`COLOR_MODES`), with the user's own names for blocs (``bloc_names``),
    and the months a side switch may take (``window``).

    ``types`` None means every type; ``min_weight`` None means no weight filter (unweighted ties
    always pass it). Hashable, so views built from it can be cached.

    >>> Selection(focus="PRK", types=("defense", "rivalry"), min_weight=2.0).to_query()
    {'types': 'defense,rivalry', 'focus': 'PRK', 'min_weight': '2'}
    """

    layout: str = "force"
    types: tuple[str, ...] | None = None
    focus: str | None = None
    depth: int = 1
    min_weight: float | None = None
    allies: str = "security"
    compare: str | None = None
    color: str = "region"
    bloc_names: tuple[tuple[int, str], ...] = ()
    window: int = 36

    def to_query(self) -> dict[str, str]:
        """The fields that differ from the defaults, as text for a URL (the inverse of :meth:`parse`)."""
        changed = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if getattr(self, f.name) != f.default}
        return {key: _as_text(value) for key, value in changed.items()}

    def fitted(self, network: TemporalNetwork) -> Selection:
        """This selection as ``network`` can honour it: a focus it lacks and types it lacks are
        dropped, every type chosen means no type filter, and a weight filter needs weights.

        >>> net = TemporalNetwork(pd.DataFrame({"source": ["PRK"], "target": ["CHN"], "type": ["defense"],
        ...     "start": pd.to_datetime(["1961-07-11"]), "end": [None]}), name="demo")
        >>> Selection(focus="USA", types=("defense", "rivalry"), min_weight=2).fitted(net)
        Selection(layout='force', types=None, focus=None, depth=1, min_weight=None, allies='security', compare=None, color='region', bloc_names=(), window=36)
        """
        types = None
        if self.types is not None:
            kept = tuple(t for t in network.types if t in self.types)
            types = None if kept == network.types else kept
        return dataclasses.replace(
            self,
            types=types,
            compare=self.compare if self.compare and _readable_date(self.compare) else None,
            focus=self.focus if self.focus in network.node_ids else None,
            min_weight=self.min_weight if network.has_weights else None,
        )

    def filters(self) -> Selection:
        """Only what decides which ties count and as what (types, minimum weight, allies, the switch
        window): the key for
        results that the layout, focus, compare date and colours do not change.

        >>> Selection(layout="geo", focus="PRK", types=("defense",), color="bloc").filters()
        Selection(layout='force', types=('defense',), focus=None, depth=1, min_weight=None, allies='security', compare=None, color='region', bloc_names=(), window=36)
        """
        return Selection(types=self.types, min_weight=self.min_weight, allies=self.allies, window=self.window)

    def tie_mask(self, network: TemporalNetwork, touching_focus: bool = False) -> np.ndarray | None:
        """Boolean mask of the ties this selection keeps; None when it keeps them all.

        ``touching_focus`` keeps only the ties of the focus country (its own table and timeline);
        without it the focus changes what is highlighted, not what exists.
        """
        mask = None
        if self.min_weight is not None:
            mask = ~(network.edges["weight"].to_numpy() < self.min_weight)
        if self.types is not None:
            codes = [network.types.index(t) for t in self.types if t in network.types]
            by_type = np.isin(network.type_code, codes)
            mask = by_type if mask is None else mask & by_type
        if touching_focus and self.focus is not None:
            node = int(np.searchsorted(network.node_ids, self.focus))
            touching = (network.src == node) | (network.tgt == node) if self.focus in network.node_ids else \
                np.zeros(len(network), dtype=bool)
            mask = touching if mask is None else mask & touching
        return mask

    @classmethod
    def parse(cls, fields: Mapping[str, str | None], network: TemporalNetwork) -> tuple[Selection, list[str]]:
        """A selection from text fields (URL query or command-line flags), and what could not be used.

        The focus may be a name, an ISO alpha-3 id or a COW code; types are comma-separated. A field
        that cannot be honoured is left at its default and explained in the list of problems.

        >>> net = TemporalNetwork(pd.DataFrame({"source": ["PRK"], "target": ["CHN"], "type": ["defense"],
        ...     "weight": [3.0], "start": pd.to_datetime(["1961-07-11"]), "end": [None]}), name="demo")
        >>> Selection.parse({"focus": "North Korea", "min_weight": "2", "layout": "geo"}, net)
        (Selection(layout='geo', types=None, focus='PRK', depth=1, min_weight=2.0, allies='security', compare=None, color='region', bloc_names=(), window=36), [])
        >>> Selection.parse({"focus": "Narnia", "types": "hugs", "depth": "7"}, net)[1]
        ['unknown type(s) hugs; this data has defense', "unknown country 'Narnia'", 'depth must be 1 or 2, not 7']
        """
        problems: list[str] = []
        values: dict = {}
        layout = (fields.get("layout") or "").strip()
        if layout:
            if layout in LAYOUTS:
                values["layout"] = layout
            else:
                problems.append(f"layout must be one of {', '.join(LAYOUTS)}, not {layout!r}")
        if text := (fields.get("types") or "").strip():
            types = tuple(dict.fromkeys(t.strip() for t in text.split(",") if t.strip()))
            unknown = [t for t in types if t not in network.types]
            if unknown:
                problems.append(f"unknown type(s) {', '.join(unknown)}; this data has {', '.join(network.types)}")
            values["types"] = tuple(t for t in types if t in network.types) or None
        if text := (fields.get("focus") or "").strip():
            focus = registry().resolve(pd.Series([text])).item()
            if not isinstance(focus, str):
                problems.append(f"unknown country {text!r}")
            elif focus not in network.node_ids:
                problems.append(f"{text} has no ties in {network.name}")
            else:
                values["focus"] = focus
        if text := (fields.get("depth") or "").strip():
            if text in {str(d) for d in DEPTHS}:
                values["depth"] = int(text)
            else:
                problems.append(f"depth must be 1 or 2, not {text}")
        if text := (fields.get("allies") or "").strip():
            if text in ALLY_SETTINGS:
                values["allies"] = text
            else:
                problems.append(f"allies must be one of {', '.join(ALLY_SETTINGS)}, not {text!r}")
        if text := (fields.get("color") or "").strip():
            if text in COLOR_MODES:
                values["color"] = text
            else:
                problems.append(f"color must be one of {', '.join(COLOR_MODES)}, not {text!r}")
        if text := (fields.get("window") or "").strip():
            if text.isascii() and text.isdigit() and 1 <= int(text) <= 600:
                values["window"] = int(text)
            else:
                problems.append(f"the switch window must be 1 to 600 months, not {text!r}")
        if text := (fields.get("bloc_names") or "").strip():
            named = [item.partition(":") for item in text.split("|") if item.strip()]
            if all(bloc.strip().isascii() and bloc.strip().isdigit() and name.strip() and not set(name) & set("<>")
                   for bloc, _, name in named):
                values["bloc_names"] = tuple(sorted({int(bloc): name.strip() for bloc, _, name in named}.items()))
            else:
                problems.append(f"bloc names must read like 3:Western camp|5:Eastern camp, not {text!r}")
        if text := (fields.get("compare") or "").strip():
            if _readable_date(text):
                values["compare"] = text
            else:
                problems.append(f"cannot read the compare date {text!r} (use YYYY-MM-DD, YYYY-MM or YYYY)")
        if text := (fields.get("min_weight") or "").strip():
            try:
                weight = float(text)
            except ValueError:
                weight = float("nan")
            if not np.isfinite(weight):
                problems.append(f"minimum weight must be a number, not {text!r}")
            elif not network.has_weights:
                problems.append(f"{network.name} has no weights to filter by")
            else:
                values["min_weight"] = weight
        return cls(**values), problems


def _as_text(value) -> str:
    if isinstance(value, tuple) and value and isinstance(value[0], tuple):
        return "|".join(f"{key}:{name}" for key, name in value)
    if isinstance(value, tuple):
        return ",".join(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)  # repr: the shortest exact text
    return str(value)


def _readable_date(text: str) -> bool:
    try:
        day_number(text)
    except ValueError:
        return False
    return True

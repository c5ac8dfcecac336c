"""Guided tours: a list of stops, each a view of a dataset (a date, and optionally a focus country, a layout and
a date to compare with) with a short caption and the sources it rests on. A tour is a small JSON or YAML file
(docs/tours.md gives its schema); the bundled one, ``story``, tells the seed story on the bundled data.

    >>> tour = read_tour('{"title": "T", "stops": [{"date": "2024-12", "focus": "PRK", "caption": "Assad falls."}]}')
    >>> tour.stops[0].query()
    {'date': '2024-12', 'focus': 'PRK'}
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from alliance_atlas.selection import LAYOUTS

TOURS_DIR = Path(__file__).resolve().parent.parent / "data" / "tours"
#: What a tour file may hold, and a stop.
TOUR_KEYS = {"title", "dataset", "stops"}
STOP_KEYS = {"date", "focus", "layout", "compare", "caption", "citations"}
MOST_STOPS = 50
MOST_CAPTION = 600
#: The most bytes a tour file may have: a tour is a few captions, not data.
MOST_BYTES = 256 * 1024


class TourError(ValueError):
    """A tour file that cannot be read, with what is wrong in it."""


@dataclass(frozen=True)
class Stop:
    caption: str
    date: str
    focus: str | None = None
    layout: str | None = None
    compare: str | None = None
    citations: tuple[str, ...] = ()

    def query(self) -> dict[str, str]:
        """The stop's view as a link's query fields."""
        fields = {"date": self.date, "focus": self.focus, "layout": self.layout, "compare": self.compare}
        return {key: value for key, value in fields.items() if value}


@dataclass(frozen=True)
class Tour:
    title: str
    stops: tuple[Stop, ...]
    #: the dataset the tour's stops show (None: the one the page shows)
    dataset: str | None = None


def read_tour(text: str | bytes) -> Tour:
    """A tour from its JSON or YAML text; a :class:`TourError` says what is wrong."""
    if len(text) > MOST_BYTES:
        raise TourError(f"a tour file is at most {MOST_BYTES // 1024} KB of captions, not {len(text) // 1024} KB")
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise TourError("a tour file is text (UTF-8): JSON or YAML") from None
    try:
        data = json.loads(text) if text.lstrip().startswith("{") else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError, RecursionError) as error:
        raise TourError(f"not JSON or YAML: {str(error).splitlines()[0][:120]}") from None
    if not isinstance(data, dict) or not isinstance(data.get("stops"), list):
        raise TourError('a tour is a mapping with a list of "stops"')
    _no_other_keys(data, TOUR_KEYS, "the tour")
    stops = data["stops"]
    if not 1 <= len(stops) <= MOST_STOPS:
        raise TourError(f"a tour has 1 to {MOST_STOPS} stops, not {len(stops)}")
    return Tour(title=_text(data.get("title") or "Tour", "the title", 120),
                stops=tuple(_stop(stop, number) for number, stop in enumerate(stops, start=1)),
                dataset=_text(data["dataset"], "the dataset", 120) if data.get("dataset") else None)


def tour_at(query: dict[str, str], tours: dict[str, Tour]) -> tuple[str, Tour, int] | None:
    """The tour a link's query opens (``tour=NAME``) and its stop (``stop=K``, from 1, held to the tour; the
    first without one), as (name, tour, stop from 0); None without a tour of that name."""
    name = query.get("tour", "")
    if name not in tours:
        return None
    tour = tours[name]
    try:
        stop = int(query.get("stop", "1")) - 1
    except ValueError:
        stop = 0
    return name, tour, min(max(stop, 0), len(tour.stops) - 1)


def stop_query(tour: Tour, stop: int) -> dict[str, str]:
    """The view of a tour's stop as a link's query fields (the tour's dataset, if it names one)."""
    return {**({"dataset": tour.dataset} if tour.dataset else {}), **tour.stops[stop].query()}


def read_tour_file(path: Path) -> Tour:
    try:
        return read_tour(Path(path).read_bytes())
    except OSError as error:
        raise TourError(f"cannot read {path}: {error.strerror or error}") from None


def bundled_tours() -> dict[str, Tour]:
    """The tours that come with the app, by name (the file's stem): ``tour=story`` in a link."""
    return {path.stem: read_tour_file(path) for path in sorted(TOURS_DIR.glob("*.json"))}


def _stop(stop, number: int) -> Stop:
    where = f"stop {number}"
    if not isinstance(stop, dict):
        raise TourError(f"{where} is not a mapping of date, caption …")
    _no_other_keys(stop, STOP_KEYS, where)
    if not stop.get("date") or not stop.get("caption"):
        raise TourError(f"{where} needs a date and a caption")
    layout = stop.get("layout")
    if layout is not None and layout not in LAYOUTS:
        raise TourError(f"{where}: the layout is one of {', '.join(LAYOUTS)}, not {str(layout)[:40]!r}")
    citations = stop.get("citations") or []
    if not isinstance(citations, list) or not all(isinstance(c, str) and c.startswith(("https://", "http://"))
                                                  for c in citations):
        raise TourError(f"{where}: citations are a list of web addresses (http:// or https://)")
    return Stop(caption=_text(stop["caption"], f"{where}'s caption", MOST_CAPTION), date=_text(stop["date"], where, 10),
                focus=_text(stop["focus"], where, 60) if stop.get("focus") else None, layout=layout,
                compare=_text(stop["compare"], where, 10) if stop.get("compare") else None,
                citations=tuple(citations))


def _text(value, what: str, most: int) -> str:
    text = str(value).strip()
    if len(text) > most:
        raise TourError(f"{what} is longer than {most} characters")
    return text


def _no_other_keys(mapping: dict, allowed: set[str], where: str) -> None:
    if other := sorted(str(key)[:40] for key in mapping if key not in allowed):
        raise TourError(f"{where} has {', '.join(other)}, which a tour does not know (it knows {', '.join(sorted(allowed))})")

"""Loaders: one module per source format, each returning a TemporalNetwork.

>>> net = load(b"source,target,start,end,type\\nNorth Korea,China,1961-07-11,,defense\\n", name="demo.csv")
>>> net.edges[["source", "target", "type"]].values.tolist()
[['CHN', 'PRK', 'defense']]
"""

from __future__ import annotations

from pathlib import Path

from alliance_atlas.io import atop, cow, panel, tidy_csv
from alliance_atlas.io.errors import LoadError
from alliance_atlas.io.reading import OpenedFile
from alliance_atlas.model import TemporalNetwork
from alliance_atlas.relations import RELATION_NOUNS, RELATION_TYPE, RELATIONS, as_relation, guess_relation

FORMATS = ("auto", "csv", "atop", "cow", "panel")

__all__ = ["FORMATS", "LoadError", "detect_format", "load"]


def detect_format(columns: list[str]) -> str:
    """Which layout a header describes: ATOP only with ATOP's flag columns, COW with its dyad columns,
    a dyad-year panel for any other pair of state columns with a year (or split start dates).

    >>> detect_format(["statea", "stateb", "year", "defense"]), detect_format(["ccode1", "ccode2", "dyad_st_year"])
    ('atop', 'cow')
    >>> detect_format(["disno", "statea", "stateb", "strtyr", "endyear", "year"]), detect_format(["source", "target", "year"])
    ('panel', 'panel')
    >>> detect_format(["source", "target", "start"])
    'csv'
    """
    names = set(columns)
    if {"statea", "stateb", "year"} <= names and names & set(atop.OBLIGATIONS):
        return "atop"
    if {"ccode1", "ccode2", "dyad_st_year"} <= names:
        return "cow"
    if panel.is_panel(names) and not names & tidy_csv.DATE_COLUMNS:
        return "panel"
    return "csv"


def load(source: str | Path | bytes, format: str = "auto", name: str | None = None,
         kind: str | None = None, relation: str | None = None) -> TemporalNetwork:
    """Read a file (a path, or its bytes) in ``format`` into a network; LoadError for bad input.

    The file may be CSV (plain, gzip, UTF-16), Parquet, an Excel workbook (.xlsx) or JSON lines, told
    apart by content; ``format`` is the layout of its columns, whatever the container.

    ``kind`` types the ties of a panel without obligation flags (``--type``); ``relation`` says what the
    file's ties are (alliance, partner or hostile: ``--kind``, see :mod:`alliance_atlas.relations`), and
    ``"auto"`` (or None) guesses it from the header (:func:`~alliance_atlas.relations.guess_relation`),
    saying so in a warning when it guesses other than alliance.
    """
    if format not in FORMATS:
        raise LoadError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    if relation not in (None, "auto", *RELATIONS):
        raise LoadError(f"unknown kind of relation {relation!r}; choose one of auto, {', '.join(RELATIONS)}")
    if name is None:
        name = Path(source).name if isinstance(source, (str, Path)) else "upload"
    opened = OpenedFile(source, name)
    chosen = detect_format(opened.header) if format == "auto" else format
    guessed = relation in (None, "auto")
    if guessed:
        relation = guess_relation(opened.header, name, typed=chosen != "panel" or bool(set(opened.header) & set(panel.FLAGS)))
    network = as_relation(_read(opened, chosen, name, kind or RELATION_TYPE.get(relation)), relation)
    network.layers = ((relation, name),)
    if guessed and relation != "alliance":
        network.warnings += (f"read as {RELATION_NOUNS[relation]}, as the file's columns or name suggest "
                             "(choose another kind of relation if they are not)",)
    return network


def _read(opened: OpenedFile, chosen: str, name: str, kind: str | None) -> TemporalNetwork:
    try:
        if chosen == "csv":
            return tidy_csv.from_table(opened.table(tidy_csv.COLUMNS_READ, as_text=True), name)
        if chosen == "panel":
            return panel.from_table(opened.table(panel.COLUMNS_READ, as_text=False), name, kind)
        table = opened.table(atop.COLUMNS_READ if chosen == "atop" else cow.COLUMNS_READ, as_text=False)
        return atop.from_table(table, name) if chosen == "atop" else cow.from_table(table, name)
    except LoadError as error:
        raise opened.in_rows(error) from None

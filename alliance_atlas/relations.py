"""What a file's ties are, and several files as layers of one network.

Every tie has a *relation*: an alliance (positive, the default), a partnership (diplomatic ties) or a
hostile relation (a rivalry or a dispute). A file's relation is chosen when it is read (``--kind`` on the
command line, the choice beside the browser's upload); a file read as partner or hostile has its ties
typed so (``diplomatic``, ``dispute``) unless their type already says so, and the words a view uses follow
(:func:`ties_noun`, :func:`hostile_noun`): a panel of disputes is titled "Disputes", never "Alliances".

A *layer* is one more file read into the same view (``--layer hostile=FILE``): :func:`layered` puts the
ties of all layers in one network, states matched by their ids (COW codes and ATOP's become the same ids),
so ATOP with the MID file as a hostile layer is a signed network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from alliance_atlas.model import NEGATIVE_TYPES, PARTNER_TYPES, TemporalNetwork

RELATIONS = ("alliance", "partner", "hostile")
#: The type a tie of a partner or hostile file takes when its own type is not of that relation.
RELATION_TYPE = {"partner": "diplomatic", "hostile": "dispute"}
#: What a file's ties are called, by relation.
RELATION_NOUNS = {"alliance": "alliances", "partner": "partners (diplomatic ties)", "hostile": "hostile ties (disputes)"}
#: The types of each relation besides alliance (every other type is an alliance's).
RELATION_TYPES = {"partner": PARTNER_TYPES, "hostile": NEGATIVE_TYPES}
#: Columns only files of conflict have: the COW MID files' (dispute numbers, hostility levels,
#: fatalities), the Issue Correlates' and the rivalry datasets'.
HOSTILE_COLUMNS = frozenset({"disno", "dispnum", "dispnum3", "dispnum4", "hostlev", "hihost", "hiact", "fatality",
                             "fatalpre", "sidea", "revstata", "revtypea", "rivnum"})
#: Words in a file's name that say it holds conflict.
HOSTILE_NAME = re.compile(r"(^|[^a-z])(mid[a-z]?|dispute[s]?|rival(s|ry|ries)?|war[s]?|conflict[s]?)([^a-z]|$)")


@dataclass(frozen=True)
class Layer:
    """One file of a view and what its ties are."""

    relation: str
    path: Path

    @classmethod
    def parse(cls, text: str) -> Layer:
        """A layer as ``--layer`` writes one: RELATION=FILE; ValueError saying what is wrong.

        >>> Layer.parse("hostile=dyadic_mid_4.02.csv")
        Layer(relation='hostile', path=PosixPath('dyadic_mid_4.02.csv'))
        >>> Layer.parse("enemies.csv")
        Traceback (most recent call last):
        ...
        ValueError: a layer is RELATION=FILE with RELATION one of alliance, partner, hostile; got 'enemies.csv'
        """
        relation, _, file = text.partition("=")
        if relation not in RELATIONS or not file:
            raise ValueError(f"a layer is RELATION=FILE with RELATION one of {', '.join(RELATIONS)}; got {text[:80]!r}")
        return cls(relation, Path(file))


def guess_relation(columns, name: str, typed: bool = True) -> str:
    """What a file most likely holds: hostile for the MID files and other files of conflict (by their
    columns; by the file's name too when its rows carry no type of their own, ``typed`` False), else alliance.

    >>> guess_relation(["dispnum", "statea", "stateb", "year", "hostlev"], "dyadic_mid_4.02.csv")
    'hostile'
    >>> guess_relation(["statea", "stateb", "year"], "rivals.csv", typed=False), guess_relation(["type"], "rivals.csv")
    ('hostile', 'alliance')
    """
    names = {str(column).strip().lower() for column in columns}
    if names & HOSTILE_COLUMNS or (not typed and HOSTILE_NAME.search(Path(name).name.lower())):
        return "hostile"
    return "alliance"


def as_relation(network: TemporalNetwork, relation: str | None) -> TemporalNetwork:
    """``network`` with its ties read as ``relation``: for partner and hostile, a tie whose type is not of
    that relation is retyped (``diplomatic``, ``dispute``), its own type kept as its label where it has none;
    alliance (or None) keeps the network as read.

    >>> net = TemporalNetwork(pd.DataFrame({"source": ["A", "A"], "target": ["B", "C"], "type": ["mid", "rivalry"],
    ...     "start": pd.to_datetime(["1990", "1991"]), "end": [None, None]}), name="m.csv")
    >>> as_relation(net, "hostile").types, as_relation(net, "hostile").edges["label"].tolist()
    (('rivalry', 'dispute'), ['mid', ''])
    """
    if relation in (None, "alliance"):
        return network
    if relation not in RELATIONS:
        raise ValueError(f"unknown relation {relation!r}; choose one of {', '.join(RELATIONS)}")
    edges = network.edges.copy()
    other = ~edges["type"].isin(RELATION_TYPES[relation]).to_numpy()
    if not other.any():
        return network
    unlabelled = edges["label"].fillna("").eq("").to_numpy()
    edges["label"] = edges["label"].where(~(other & unlabelled), edges["type"])
    edges.loc[other, "type"] = RELATION_TYPE[relation]
    return _rebuilt(network, edges, network.name)


def layered(networks: list[TemporalNetwork]) -> TemporalNetwork:
    """The ties of several networks (the layers of a view) in one, states matched by id; the first names it.

    >>> a = TemporalNetwork(pd.DataFrame({"source": ["USA"], "target": ["GBR"], "type": ["defense"],
    ...     "start": pd.to_datetime(["1949"]), "end": [None]}), name="atop.csv", citation="ATOP 5.1")
    >>> b = TemporalNetwork(pd.DataFrame({"source": ["USA"], "target": ["RUS"], "type": ["dispute"],
    ...     "start": pd.to_datetime(["1950"]), "end": [None]}), name="mid.csv", citation="COW MID 5")
    >>> both = layered([a, b])
    >>> both.name, both.types, both.citation, both.node_ids.tolist()
    ('atop.csv + mid.csv', ('defense', 'dispute'), 'ATOP 5.1; COW MID 5', ['GBR', 'RUS', 'USA'])
    >>> both.layers
    (('alliance', 'atop.csv'), ('alliance', 'mid.csv'))
    """
    if len(networks) == 1:
        return networks[0]
    first = networks[0]
    edges = pd.concat([network.edges for network in networks], ignore_index=True)
    combined = _rebuilt(first, edges, " + ".join(network.name for network in networks),
                        citation="; ".join(dict.fromkeys(n.citation for n in networks if n.citation)),
                        precision="day" if all(n.precision == "day" for n in networks) else "year",
                        observed_until=max(n.observed_until for n in networks),
                        warnings=tuple(w for n in networks for w in n.warnings),
                        layers=tuple(layer for n in networks for layer in n.layers or (("alliance", n.name),)))
    return combined


def _rebuilt(network: TemporalNetwork, edges: pd.DataFrame, name: str, **changes) -> TemporalNetwork:
    options = {"citation": network.citation, "precision": network.precision, "observed_until": network.observed_until,
               "warnings": network.warnings, "source_format": network.source_format} | changes
    return TemporalNetwork(edges, name=name, **options)


def hostile_types(types) -> list[str]:
    """The hostile types among ``types``, in vocabulary order."""
    return [kind for kind in types if kind in NEGATIVE_TYPES]


def hostile_noun(types, plural: bool = False) -> str:
    """What a hostile tie of this data is called: "dispute" where every hostile type is a dispute, else
    "rivalry".

    >>> hostile_noun(["defense", "rivalry"]), hostile_noun(["dispute"], plural=True)
    ('rivalry', 'disputes')
    """
    noun = "dispute" if set(hostile_types(types)) == {"dispute"} else "rivalry"
    return plural_of(noun) if plural else noun


def plural_of(noun: str) -> str:
    """The plural of a hostile tie's name.

    >>> plural_of("rivalry"), plural_of("dispute")
    ('rivalries', 'disputes')
    """
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


def ties_noun(types) -> str:
    """What the ties of this data are, for a title: "alliances", "alliances and rivalries", "disputes",
    "diplomatic ties".

    >>> ties_noun(["defense", "rivalry"]), ties_noun(["dispute"]), ties_noun(["defense", "dispute"])
    ('alliances and rivalries', 'disputes', 'alliances and disputes')
    """
    types = list(types)
    hostile = hostile_types(types)
    friendly = [kind for kind in types if kind not in NEGATIVE_TYPES]
    first = "" if not friendly else "diplomatic ties" if set(friendly) <= PARTNER_TYPES else "alliances"
    if not hostile:
        return first or "ties"
    second = hostile_noun(types, plural=True)
    return f"{first} and {second}" if first else second


def signed(network: TemporalNetwork) -> bool:
    """Whether ``network`` has hostile ties (rivalries, disputes), so that sides are read from them."""
    return bool(NEGATIVE_TYPES & set(network.types))


def hostile_only(network: TemporalNetwork) -> bool:
    """Whether every tie of ``network`` is hostile (a file of disputes or rivalries alone)."""
    return not np.asarray(network.positive).any()

"""The temporal network: states as nodes, ties as half-open time intervals ``[start, end)``.

Edges are kept as columns (a pandas frame plus numpy arrays of day numbers) sorted by start, so
time queries are vectorised; see :mod:`alliance_atlas.frames` for the period grid and queries.
"""

from __future__ import annotations

import functools
import hashlib
import re

import networkx as nx
import numpy as np
import pandas as pd

from alliance_atlas.countries import registry

#: Day number of an open end (a tie still in force).
OPEN = np.iinfo(np.int64).max

#: The type vocabulary, in the order legends list it. Other types are allowed and sort after these.
TYPE_ORDER = (
    "defense",
    "offense",
    "neutrality",
    "nonaggression",
    "consultation",
    "entente",
    "strategic_partnership",
    "military_cooperation",
    "diplomatic",
    "rivalry",
    "dispute",
)
#: Ties that join enemies, not allies (see :mod:`alliance_atlas.relations`).
NEGATIVE_TYPES = frozenset({"rivalry", "dispute"})
#: Ties that make partners, not allies, unless the selection counts every positive tie (``allies="all"``,
#: one of :data:`~alliance_atlas.selection.ALLY_SETTINGS`).
PARTNER_TYPES = frozenset({"diplomatic"})
#: Type bits are int64; a vocabulary beyond this shares its last bit (no real dataset comes close).
MAX_TYPE_BITS = 62

EDGE_COLUMNS = ("source", "target", "start", "end", "type", "weight", "label", "citation", "evidence", "note")
TEXT_COLUMNS = ("label", "citation", "evidence", "note")


def days(values) -> np.ndarray:
    """Day numbers (days since 1970-01-01) of dates; NaT becomes :data:`OPEN`.

    >>> days(np.array(["1970-01-02", "NaT"], dtype="datetime64[D]")).tolist() == [1, OPEN]
    True
    """
    as_days = np.asarray(values).astype("datetime64[D]")
    return np.where(np.isnat(as_days), OPEN, as_days.astype(np.int64))


def date_of(day: int) -> np.datetime64:
    """The date of a day number.

    >>> str(date_of(0))
    '1970-01-01'
    """
    return np.datetime64(int(day), "D")


#: A date as the user writes one (a year, a month or a day, years 1000 to 9999), or as plotly reports a
#: click on a date axis (a day and a time).
DATE_TEXT = re.compile(r"[1-9][0-9]{3}(-[01][0-9](-[0-3][0-9]([ T][0-9:.]{1,18})?)?)?")


def day_number(date) -> int:
    """The day number of a date written YYYY, YYYY-MM or YYYY-MM-DD (its first day), or given as a datetime
    or numpy date; ValueError when it is none of those.

    >>> day_number("1970-01-02"), day_number("1970"), day_number("1970-01-03 12:00")
    (1, 0, 2)
    >>> day_number("-1")
    Traceback (most recent call last):
    ...
    ValueError: cannot read '-1' as a date (use YYYY-MM-DD, YYYY-MM or YYYY)
    """
    text = str(date).strip() if isinstance(date, str) else date
    if isinstance(text, str) and not DATE_TEXT.fullmatch(text):
        raise ValueError(f"cannot read {text[:80]!r} as a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
    try:
        return int(np.datetime64(pd.Timestamp(str(text)).date(), "D").astype(np.int64))
    except (ValueError, TypeError, OverflowError, NotImplementedError):
        raise ValueError(f"cannot read {str(date)[:80]!r} as a date (use YYYY-MM-DD, YYYY-MM or YYYY)") from None


class TemporalNetwork:
    """Alliances over time: one row per tie (a pair, a type and one interval of time).

    >>> edges = pd.DataFrame({
    ...     "source": ["PRK", "SYR"], "target": ["CHN", "PRK"], "type": ["defense", "diplomatic"],
    ...     "start": pd.to_datetime(["1961-07-11", "1966-07-25"]),
    ...     "end": pd.to_datetime([None, "2024-12-08"])})
    >>> net = TemporalNetwork(edges, name="demo")
    >>> net.edges[["source", "target"]].values.tolist()   # canonical pair order, sorted by start
    [['CHN', 'PRK'], ['PRK', 'SYR']]
    >>> net.node_ids.tolist(), net.types
    (['CHN', 'PRK', 'SYR'], ('defense', 'diplomatic'))
    """

    def __init__(
        self,
        edges: pd.DataFrame,
        *,
        name: str,
        citation: str = "",
        precision: str = "day",
        observed_until: np.datetime64 | None = None,
        warnings: tuple[str, ...] = (),
        source_format: str = "csv",
        layers: tuple[tuple[str, str], ...] = (),
    ):
        self.name = name
        self.source_format = source_format
        #: (relation, file name) of each file whose ties this network holds (see alliance_atlas.relations)
        self.layers = tuple(layers)
        self.citation = citation
        self.precision = precision
        self.warnings = tuple(warnings)
        self.edges = _canonical_edges(edges)

        # codes of the distinct ids, not a million strings compared or converted one by one
        endpoint_codes, node_ids = pd.factorize(pd.concat([self.edges["source"], self.edges["target"]]), sort=True)
        self.node_ids = np.asarray(node_ids, dtype=str)
        self.src = endpoint_codes[: len(self.edges)].astype(np.int32)
        self.tgt = endpoint_codes[len(self.edges):].astype(np.int32)
        self.start_day = days(self.edges["start"].to_numpy())
        self.end_day = days(self.edges["end"].to_numpy())

        present = set(self.edges["type"].unique())
        self.types = tuple(t for t in TYPE_ORDER if t in present) + tuple(sorted(present - set(TYPE_ORDER)))
        self.type_code = pd.Categorical(self.edges["type"], categories=self.types).codes.astype(np.int16)
        self.positive = ~self.edges["type"].isin(NEGATIVE_TYPES).to_numpy()

        self.nodes = _node_table(self.node_ids)
        if observed_until is None:
            closed = self.end_day[self.end_day != OPEN]
            last = max(self.start_day.max(), (closed - 1).max(initial=self.start_day.min()))
            observed_until = np.datetime64(f"{date_of(last).astype('datetime64[Y]')}-12-31")
        self.observed_until = np.datetime64(observed_until, "D")

    def __len__(self) -> int:
        return len(self.edges)

    def __repr__(self) -> str:
        return f"<TemporalNetwork {self.name!r}: {len(self.node_ids)} nodes, {len(self)} ties, {self.span_label}>"

    @property
    def first_day(self) -> np.datetime64:
        return date_of(self.start_day.min())

    @property
    def span_label(self) -> str:
        return f"{self.first_day.astype('datetime64[Y]')}–{self.observed_until.astype('datetime64[Y]')}"

    @functools.cached_property
    def fingerprint(self) -> str:
        """A digest of the ties (states, days and types), which names what is computed from them in a store
        the server's workers share."""
        digest = hashlib.sha256("\x1f".join(self.node_ids.tolist() + list(self.types)).encode())
        for values in (self.src, self.tgt, self.start_day, self.end_day, self.type_code):
            digest.update(np.ascontiguousarray(values).tobytes())
        return digest.hexdigest()

    @functools.cached_property
    def type_bit(self) -> np.ndarray:
        """Each tie's type as one bit (1 << type code, int64), so that a pair's types are an OR of its ties'."""
        return np.left_shift(1, np.minimum(self.type_code, MAX_TYPE_BITS).astype(np.int64))

    @functools.cached_property
    def has_weights(self) -> bool:
        """Whether any tie carries a weight."""
        return bool(self.edges["weight"].notna().any())

    @functools.cached_property
    def label_text(self) -> np.ndarray:
        """Each tie's label as Python text (None where it has none), for rows taken on every slider step:
        pandas' Arrow-backed strings cost a conversion each time."""
        return self.edges["label"].to_numpy(dtype=object, na_value=None)

    @functools.cached_property
    def citation_text(self) -> np.ndarray:
        """Each tie's citation as Python text (None where it has none), as :attr:`label_text`."""
        return self.edges["citation"].to_numpy(dtype=object, na_value=None)

    @functools.cached_property
    def labels_differ(self) -> bool:
        """Whether the ties carry different labels (treaty names); a label every tie shares says nothing."""
        return self.edges["label"].nunique(dropna=False) > 1

    def node_index(self, country: str) -> int:
        """Position of ``country`` in :attr:`node_ids`; KeyError naming it if it has no ties here."""
        i = int(np.searchsorted(self.node_ids, country))
        if i >= len(self.node_ids) or self.node_ids[i] != country:
            raise KeyError(f"{country} has no ties in {self.name}")
        return i

    def node_names(self, day: np.datetime64) -> np.ndarray:
        """Display names of all nodes on ``day`` (names change: RUS is "Soviet Union" in 1970); worked out
        once per stretch of time in which no name changes."""
        stretch = int(np.searchsorted(self._name_changes, np.datetime64(day, "D"), side="right"))
        if stretch not in self._names_by_stretch:
            self._names_by_stretch[stretch] = registry().names_at(self.node_ids, day)
        return self._names_by_stretch[stretch].copy()

    @functools.cached_property
    def _name_changes(self) -> np.ndarray:
        return registry().name_changes(self.node_ids)

    @functools.cached_property
    def _names_by_stretch(self) -> dict[int, np.ndarray]:
        return {}

    def snapshot(self, edge_indices: np.ndarray) -> nx.Graph:
        """A networkx Graph of the given ties (for algorithms), with node and edge attributes.

        Parallel ties of one pair are kept as a ``types`` list on the single edge.
        """
        graph = nx.Graph(name=self.name)
        graph.add_nodes_from(
            (node_id, {"name": row.name, "region": row.region}) for node_id, row in self.nodes.iterrows()
        )
        rows = self.edges.iloc[edge_indices]
        for source, target, kind in zip(rows["source"], rows["target"], rows["type"]):
            if graph.has_edge(source, target):
                graph[source][target]["types"].append(kind)
            else:
                graph.add_edge(source, target, types=[kind])
        return graph


def _canonical_edges(edges: pd.DataFrame) -> pd.DataFrame:
    """Columns in the standard order, each pair as (smaller id, larger id), sorted by start."""
    out = pd.DataFrame({column: edges[column] if column in edges else None for column in EDGE_COLUMNS
                        if column in edges or column not in TEXT_COLUMNS})
    # compared and swapped as whole columns: no Python string object per cell
    source, target = out["source"].astype(str), out["target"].astype(str)
    swap = (source > target).to_numpy()
    out["source"], out["target"] = source.where(~swap, target), target.where(~swap, source)
    out["start"] = pd.to_datetime(out["start"]).astype("datetime64[s]")
    out["end"] = pd.to_datetime(out["end"]).astype("datetime64[s]")
    out["weight"] = pd.to_numeric(out["weight"], errors="coerce").astype(float)
    for column in TEXT_COLUMNS:
        # a column the table lacks is made as text at once, not as a million Python objects converted
        out[column] = out[column].fillna("").astype(str) if column in out else pd.Series("", out.index, dtype="str")
    out = out[list(EDGE_COLUMNS)]
    out["type"] = out["type"].astype(str)
    return out.sort_values(["start", "source", "target", "type"], kind="stable").reset_index(drop=True)


def _node_table(ids: np.ndarray) -> pd.DataFrame:
    """Names, regions and capital coordinates for ``ids`` (ids the registry lacks keep their id as name)."""
    table = registry().table.reindex(ids)[["name", "region", "capital", "lat", "lon"]]
    table["name"] = table["name"].fillna(pd.Series(ids, index=ids))
    table["region"] = table["region"].fillna("Unknown")
    table.index.name = "id"
    return table

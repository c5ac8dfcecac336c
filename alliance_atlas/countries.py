"""Who the nodes are: stable ids, names by date, regions and capitals.

The tables live in ``data/`` (see data/README.md for their sources):
``countries.csv`` (one row per state), ``cow_codes.csv`` (Correlates of War codes onto ids)
and ``country_names.csv`` (display names that change by date).
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

DATA_DIR = Path(os.environ.get("ALLIANCE_ATLAS_DATA", Path(__file__).resolve().parent.parent / "data"))

REGIONS = ("Americas", "Europe", "Africa", "Middle East", "Asia", "Oceania")


def normalise_name(value: str) -> str:
    """Fold case, accents, punctuation and spacing so that names compare loosely.

    >>> normalise_name("  Korea,  North ")
    'korea north'
    >>> normalise_name("Côte d'Ivoire") == normalise_name("cote d ivoire")
    True
    """
    text = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


@dataclass(frozen=True)
class CountryRegistry:
    """The reference tables, with lookups from any spelling or code to a node id."""

    table: pd.DataFrame  # index: id; columns: name, region, capital, lat, lon
    cow_codes: pd.DataFrame  # cow_code, cow_abb, cow_name, id
    names: pd.DataFrame  # id, name, start, end (datetime64[D], end NaT = open)
    lookup: dict[str, str]  # normalised name, alias, id or COW code -> id

    @classmethod
    def from_directory(cls, directory: Path = DATA_DIR) -> CountryRegistry:
        table = pd.read_csv(directory / "countries.csv", dtype={"id": str}, keep_default_na=False)
        table["lat"] = pd.to_numeric(table["lat"])
        table["lon"] = pd.to_numeric(table["lon"])
        table = table.set_index("id")
        cow = pd.read_csv(directory / "cow_codes.csv", dtype={"cow_abb": str, "id": str})
        names = pd.read_csv(directory / "country_names.csv", dtype=str, keep_default_na=False)
        for column in ("start", "end"):
            names[column] = np.array(names[column].replace("", "NaT").tolist(), dtype="datetime64[D]")

        lookup: dict[str, str] = {}
        for country_id, row in table.iterrows():
            spellings = [country_id, row["name"], *filter(None, row["aliases"].split("|"))]
            lookup.update((normalise_name(s), country_id) for s in spellings)
        for row in names.itertuples():
            lookup.setdefault(normalise_name(row.name), row.id)
        for row in cow.itertuples():
            lookup[str(row.cow_code)] = row.id
            lookup.setdefault(normalise_name(row.cow_name), row.id)
            lookup.setdefault(normalise_name(row.cow_abb), row.id)
        return cls(table=table, cow_codes=cow, names=names, lookup=lookup)

    def resolve(self, values: pd.Series) -> pd.Series:
        """Map names, ISO alpha-3 ids or COW codes onto ids; unknown values become NaN.

        >>> reg = registry()
        >>> reg.resolve(pd.Series(["North Korea", "KOR", "365", "Narnia"])).tolist()
        ['PRK', 'KOR', 'RUS', nan]
        """
        uniques = pd.unique(values.astype(str))
        mapping = {}
        for value in uniques:
            stripped = value.strip()
            if stripped.endswith(".0") and stripped[:-2].isdigit():
                stripped = stripped[:-2]
            mapping[value] = self.lookup.get(stripped if stripped.isdigit() else normalise_name(stripped))
        return values.astype(str).map(mapping)

    def cow_to_id(self, codes: np.ndarray) -> np.ndarray:
        """Map an array of COW numeric codes onto ids (object array, None where unknown)."""
        mapping = dict(zip(self.cow_codes["cow_code"].astype(int), self.cow_codes["id"]))
        return np.array([mapping.get(int(c)) for c in np.asarray(codes)], dtype=object)

    def name_changes(self, ids) -> np.ndarray:
        """The sorted days on which any of ``ids`` takes another name; between two, the names stand still.

        >>> registry().name_changes(np.array(["RUS", "PRK"])).astype(str).tolist()
        ['1922-12-30', '1991-12-26']
        """
        names = self.names[self.names["id"].isin(np.asarray(ids, dtype=object))]
        days = np.concatenate([names["start"].to_numpy(dtype="datetime64[D]"), names["end"].to_numpy(dtype="datetime64[D]")])
        return np.unique(days[~np.isnat(days)])

    def names_at(self, ids, day) -> np.ndarray:
        """Display names of ``ids`` on ``day`` (one date, or one date per id).

        >>> reg = registry()
        >>> reg.names_at(np.array(["RUS", "PRK"]), np.datetime64("1970-01-01")).tolist()
        ['Soviet Union', 'North Korea']
        >>> reg.names_at(np.array(["RUS", "RUS"]), np.array(["1970-01-01", "2000-01-01"], dtype="datetime64[D]")).tolist()
        ['Soviet Union', 'Russia']
        """
        ids = np.asarray(ids, dtype=object)
        day = np.broadcast_to(np.asarray(day, dtype="datetime64[D]"), ids.shape)
        result = self.table["name"].reindex(ids).to_numpy(dtype=object)
        result = np.where(pd.isna(result), ids, result)
        names = self.names[self.names["id"].isin(ids)]
        starts = names["start"].to_numpy(dtype="datetime64[D]")
        ends = names["end"].to_numpy(dtype="datetime64[D]")
        for country_id, name, start, end in zip(names["id"], names["name"], starts, ends):
            hit = (ids == country_id) & (np.isnat(start) | (day >= start)) & (np.isnat(end) | (day < end))
            result[hit] = name
        return result


@functools.cache
def registry() -> CountryRegistry:
    """The registry built from the bundled tables, loaded once per process."""
    return CountryRegistry.from_directory(DATA_DIR)

"""The reference tables against the Correlates of War files in ../shared/data."""

import numpy as np
import pandas as pd
import pytest

from alliance_atlas.countries import REGIONS, normalise_name, registry
from tests.conftest import COW_CAPITALS, COW_STATES, need

#: Rows of cow_capitals.csv whose coordinates are not those of the city they name (they lie in the
#: country's interior); our GeoNames coordinates of Brasília, Tunis and Riyadh are kept.
REFERENCE_COORDINATES_OFF = {140: "Brasilia", 616: "Tunis", 670: "Riyadh"}


def test_every_cow_state_maps_to_a_node_with_a_matching_name():
    states = pd.read_csv(need(COW_STATES)).drop_duplicates("ccode")
    reg = registry()
    ids = reg.cow_to_id(states["ccode"].to_numpy())
    assert all(ids), states.loc[[i is None for i in ids], "statenme"].tolist()
    mismatched = []
    for (code, cow_name), country_id in zip(states[["ccode", "statenme"]].itertuples(index=False), ids):
        spellings = {normalise_name(s) for s in [country_id, reg.table.loc[country_id, "name"],
                                                   *reg.table.loc[country_id, "aliases"].split("|")]}
        spellings |= {normalise_name(n) for n in reg.names.loc[reg.names["id"] == country_id, "name"]}
        if normalise_name(cow_name) not in spellings:
            mismatched.append((code, cow_name, country_id))
    assert mismatched == []


def test_cow_codes_map_one_to_one_so_each_state_is_one_node():
    codes = registry().cow_codes
    assert codes["cow_code"].is_unique and codes["id"].is_unique


def test_capitals_agree_with_the_latest_cow_capital_within_one_degree():
    capitals = pd.read_csv(need(COW_CAPITALS)).sort_values("stdate").drop_duplicates("ccode", keep="last")
    reg = registry()
    capitals["id"] = reg.cow_to_id(capitals["ccode"].to_numpy())
    ours = reg.table.loc[capitals["id"], ["lat", "lon"]].to_numpy()
    off = np.abs(ours - capitals[["lat", "lng"]].to_numpy()).max(axis=1) > 1.0
    far = capitals.loc[off, "ccode"].tolist()
    assert set(far) == set(REFERENCE_COORDINATES_OFF), capitals.loc[off, ["ccode", "capital"]]
    assert capitals.set_index("ccode").loc[list(REFERENCE_COORDINATES_OFF), "capital"].tolist() == list(
        REFERENCE_COORDINATES_OFF.values()
    )


def test_table_is_well_formed():
    table = registry().table
    assert table.index.is_unique
    assert table["lat"].between(-90, 90).all() and table["lon"].between(-180, 180).all()
    assert set(table["region"]) <= set(REGIONS)
    assert (table["coord_source"].str.startswith("GeoNames")).all()
    spellings = [normalise_name(s) for aliases in table["aliases"] for s in aliases.split("|") if s]
    owners = {}
    for country_id, aliases in table["aliases"].items():
        for s in filter(None, aliases.split("|")):
            owners.setdefault(normalise_name(s), set()).add(country_id)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}
    assert len(spellings) > len(table)


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [("North Korea", "PRK"), ("DPRK", "PRK"), ("Korea, South", "KOR"), ("USSR", "RUS"), ("365", "RUS"),
     ("731", "PRK"), ("SYR", "SYR"), ("Burma", "MMR"), ("United States of America", "USA")],
)
def test_resolve_spellings(spelling, expected):
    assert registry().resolve(pd.Series([spelling])).item() == expected


def test_names_change_by_date():
    names = registry().names_at(np.array(["RUS"] * 3), np.array(["1900-01-01", "1970-01-01", "2000-01-01"], dtype="datetime64[D]"))
    assert names.tolist() == ["Russia", "Soviet Union", "Russia"]

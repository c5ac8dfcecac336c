"""A synthetic tidy CSV (or Parquet) of ties for the big-file benchmark: seeded, so every run reads the same table.

    .venv/bin/python benchmarks/generate_ties.py OUT.csv [ROWS]     # default 1,000,000 rows; OUT.parquet for Parquet

Ties join 200 real states (Correlates of War ids from data/cow_codes.csv, so the loader resolves them all),
start on a day between 1946 and 2025 and mostly end on a later day; a third are still in force.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
from _common import ROOT

from alliance_atlas.model import TYPE_ORDER

SEED = 1946
FIRST_DAY, LAST_DAY = np.datetime64("1946-01-01"), np.datetime64("2025-12-31")


def ties(rows: int, seed: int = SEED) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    states = pd.read_csv(ROOT / "data" / "cow_codes.csv")["id"].drop_duplicates().to_numpy()[:200]
    source = rng.integers(0, len(states), rows)
    # a different state: shift by 1..len-1 places round the list
    target = (source + rng.integers(1, len(states), rows)) % len(states)
    span = (LAST_DAY - FIRST_DAY).astype(int)
    start = FIRST_DAY + rng.integers(0, span, rows).astype("timedelta64[D]")
    length = rng.integers(1, 20 * 365, rows).astype("timedelta64[D]")
    end = np.minimum(start + length, LAST_DAY).astype("datetime64[D]")
    in_force = rng.random(rows) < 1 / 3
    return pd.DataFrame({
        "source": states[source],
        "target": states[target],
        "start": start.astype(str),
        "end": np.where(in_force, "", end.astype(str)),
        "type": np.asarray(TYPE_ORDER)[rng.integers(0, len(TYPE_ORDER), rows)],
    })


def main(out: Path, rows: int) -> None:
    table = ties(rows)
    if out.suffix == ".parquet":
        # dates as dates, as a Parquet export from a database holds them
        table = table.assign(start=pd.to_datetime(table["start"]), end=pd.to_datetime(table["end"].replace("", None)))
        table.to_parquet(out, index=False)
    else:
        table.to_csv(out, index=False)
    print(f"{out}: {rows:,} ties, {out.stat().st_size / 2**20:.0f} MB")


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000)

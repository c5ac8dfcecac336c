"""Fuzz every loader: N generated inputs per format (published layouts with hostile cells, random
tables, random bytes, gzip of each, and tables as Parquet, xlsx or JSON lines, whole or damaged), counting what raises something other than LoadError and what
runs over 5 s. Exits 1 when either count is not zero.

    .venv/bin/python benchmarks/fuzz_loaders.py [N]      # default 10,000 per format
"""

from __future__ import annotations

import collections
import gzip
import random
import sys
import time
import warnings

from _common import line

from alliance_atlas.io import FORMATS, LoadError, load
from openpyxl.utils.exceptions import IllegalCharacterError

from tests.unit.test_loader_properties import COLUMNS, HOSTILE_CELLS, LAYOUT_ROWS, as_container

SLOW_SECONDS = 5.0


def spoiled(rng: random.Random) -> bytes:
    header, rows = LAYOUT_ROWS[rng.choice(sorted(LAYOUT_ROWS))]
    cells = [row.split(",") for row in rows]
    for _ in range(rng.randint(1, 3)):
        row = rng.choice(cells)
        row[rng.randrange(len(row))] = rng.choice(HOSTILE_CELLS)
    return (header + "\n" + "\n".join(",".join(row) for row in cells) + "\n").encode()


def random_table(rng: random.Random) -> bytes:
    header = rng.sample(COLUMNS, rng.randint(1, 8))
    pool = HOSTILE_CELLS + ["PRK", "CHN", "731", "710", "1961", "2024-12-08", "1", "defense"]
    rows = [",".join(rng.choice(pool) for _ in header) for _ in range(rng.randint(0, 8))]
    return ("\n".join([",".join(header), *rows]) + "\n").encode()


def random_bytes(rng: random.Random) -> bytes:
    return rng.randbytes(rng.randint(0, 400))


def in_container(rng: random.Random) -> bytes:
    """A table as Parquet, xlsx or JSON lines; a third of them truncated, a third with bytes overwritten."""
    table = rng.choice((spoiled, random_table))(rng)
    try:
        data = as_container(table, rng.choice(("parquet", "xlsx", "jsonl", "json")))
    except (ValueError, IllegalCharacterError):  # a table the writers refuse: the CSV is input enough
        return table
    at = rng.randrange(len(data))
    damage = rng.randrange(3)
    if damage == 1:
        return data[:at]
    if damage == 2:
        return data[:at] + rng.randbytes(rng.randint(1, 16)) + data[at + 16:]
    return data


def main(per_format: int) -> int:
    rng = random.Random(1961)
    makers = (spoiled, random_table, random_bytes, in_container)
    failures: collections.Counter[str] = collections.Counter()
    slow = 0
    start = time.perf_counter()
    for file_format in FORMATS:
        for i in range(per_format):
            data = makers[i % len(makers)](rng)
            if i % 7 == 0:
                data = gzip.compress(data)
            began = time.perf_counter()
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    load(data, file_format, name="fuzz.csv")
            except LoadError:
                pass
            except Exception as error:  # what this script exists to count
                failures[f"{file_format}: {type(error).__name__}: {str(error)[:80]}"] += 1
            slow += time.perf_counter() - began > SLOW_SECONDS
    line(f"inputs ({per_format:,} per format: {', '.join(FORMATS)})", f"{per_format * len(FORMATS):,}")
    line("raised something other than LoadError", str(sum(failures.values())), "goal 0")
    line(f"ran over {SLOW_SECONDS:g} s", str(slow), "goal 0")
    line("total time", f"{time.perf_counter() - start:.0f} s")
    for failure, count in failures.most_common(10):
        print(f"  {count} × {failure}")
    return 1 if failures or slow else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))

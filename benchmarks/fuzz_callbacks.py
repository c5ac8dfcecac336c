"""Fuzz every server callback: N crafted requests (a fresh page's values with one to three replaced
by hostile JSON, a trigger chosen at random), counted by HTTP status. Exits 1 when any answered 500.

    .venv/bin/python benchmarks/fuzz_callbacks.py [N] [--atop]   # default 10,000 requests, story data
"""

from __future__ import annotations

import collections
import logging
import random
import sys
import time

from _common import ATOP, line

from app import create_app
from tests.callback_requests import baseline, server_callbacks, wildcard_keys
from tests.unit.test_callback_inputs import PAGE

HOSTILE = [None, True, False, 0, -1, 1, 2, 10**12, -10**15, 1.5, 1e300, "", "x", "-1", "1961", "2024-12", "PRK",
           "matrix", "year", "region", "bloc", "x" * 5000, [], [1, "x"], [[0, "x"]], [[[[]]]], {}, {"a": 1},
           {"token": {"$gt": ""}}, {"points": "x"}, {"points": [{"customdata": 7, "x": {"a": 1}}]}, ["\u0000", "\uffff"]]


def hostile(rng: random.Random, depth: int = 0):
    if depth < 2 and rng.random() < 0.2:
        return [hostile(rng, depth + 1) for _ in range(rng.randint(0, 3))] if rng.random() < 0.5 else {
            rng.choice(["a", "token", "points", "x"]): hostile(rng, depth + 1)}
    return rng.choice(HOSTILE)


def main(count: int, atop: bool) -> int:
    logging.disable(logging.CRITICAL)
    app = create_app(ATOP if atop else None)
    client = app.server.test_client()
    callbacks = [callback for callback in server_callbacks(app) if not callback.background]
    bases = {callback.output: baseline(app, callback, PAGE) for callback in callbacks}
    rng, statuses, failures = random.Random(2027), collections.Counter(), collections.Counter()
    started = time.perf_counter()
    for _ in range(count):
        callback = rng.choice(callbacks)
        values = list(bases[callback.output])
        for position in rng.sample(range(len(values)), min(len(values), rng.randint(1, 3))):
            values[position] = hostile(rng)
        concrete = {key: hostile(rng) for key in wildcard_keys(callback)}
        body = callback.body(values, rng.randrange(max(len(callback.inputs), 1)), concrete)
        status = client.post("/_dash-update-component", json=body).status_code
        statuses[status] += 1
        if status >= 500:
            failures[callback.name] += 1
    line(f"requests ({len(callbacks)} callbacks, {'ATOP' if atop else 'story data'})", f"{count:,}")
    line("answered", ", ".join(f"{status}: {n:,}" for status, n in sorted(statuses.items())))
    line("answered 500", str(sum(failures.values())), "goal 0")
    line("total time", f"{time.perf_counter() - started:.0f} s")
    for name, n in failures.most_common():
        print(f"  {n} × {name}")
    return 1 if failures else 0


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    sys.exit(main(int(arguments[0]) if arguments else 10_000, "--atop" in sys.argv))

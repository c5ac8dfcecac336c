"""Arrays worked out once per server, not once per worker: the force and moving positions, a view's
blocs. When the app names a store its workers share (a cachelib cache, :func:`keep_in`), results are
kept there as ``.npz`` bytes, read back without pickle, and used only when every array has the dtype
and shape asked for; without one, each process computes its own.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import numpy as np

#: The store results are kept in beyond this process (a cachelib cache), or None.
_store = None
#: How long a result stays in the store: every one is seeded, so a stale entry is never wrong.
SHARED_SECONDS = 7 * 24 * 3600


def keep_in(store) -> None:
    """Keep results in ``store`` (a cachelib cache the workers share; None: this process only)."""
    global _store
    _store = store


def shared_arrays(key: str, compute: Callable[[], dict[str, np.ndarray]],
                  expected: Callable[[dict[str, np.ndarray]], bool]) -> dict[str, np.ndarray]:
    """``compute()`` (named arrays), or what the store holds under ``key`` from a worker that computed it
    before, when ``expected`` accepts it (the right names, dtypes and shapes).

    >>> from cachelib import SimpleCache
    >>> keep_in(SimpleCache())
    >>> made = shared_arrays("demo", lambda: {"xy": np.zeros((2, 2))}, lambda found: found["xy"].shape == (2, 2))
    >>> shared_arrays("demo", lambda: 1 / 0, lambda found: found["xy"].shape == (2, 2))["xy"].tolist()
    [[0.0, 0.0], [0.0, 0.0]]
    >>> keep_in(None)
    """
    if _store is None:
        return compute()
    found = _read(_store.get(key))
    try:
        if found is not None and expected(found):
            return found
    except (KeyError, AttributeError, TypeError, ValueError):  # an entry of another version: compute again
        pass
    computed = compute()
    buffer = io.BytesIO()
    np.savez(buffer, **computed)
    _store.set(key, buffer.getvalue(), timeout=SHARED_SECONDS)
    return computed


def _read(entry) -> dict[str, np.ndarray] | None:
    if not isinstance(entry, bytes):
        return None
    try:
        archive = np.load(io.BytesIO(entry), allow_pickle=False)
        if not isinstance(archive, np.lib.npyio.NpzFile):  # a lone array, written by an older version
            return None
        with archive:
            return {name: archive[name] for name in archive.files}
    except (ValueError, OSError, EOFError, zipfile.BadZipFile):  # pickled objects, bytes of something else
        return None

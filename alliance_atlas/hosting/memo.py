"""Results worked out per frame of a view, kept for the frames asked again: a server's users step
through the same views, and a slider step must not build again what an earlier step built."""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable


def per_frame_of_view(views: int = 8, frames: int = 256) -> Callable:
    """Memoise ``work(frames, selection, *key)``: the results of the ``views`` views asked last, each
    holding those of its ``frames`` keys asked last, so that no more than ``views`` networks are kept
    alive by it, whatever their uploads.

    >>> calls = []
    >>> @per_frame_of_view(views=1, frames=2)
    ... def square(view, selection, frame):
    ...     calls.append(frame)
    ...     return frame * frame
    >>> [square("v", None, n) for n in (1, 2, 1, 3, 2)], calls
    ([1, 4, 1, 9, 4], [1, 2, 3, 2])
    """
    def decorate(work: Callable) -> Callable:
        @functools.lru_cache(maxsize=views)
        def results_of(view, selection) -> OrderedDict:
            return OrderedDict()

        lock = threading.Lock()

        @functools.wraps(work)
        def remembered(view, selection, *key):
            results = results_of(view, selection)
            with lock:
                if key in results:
                    results.move_to_end(key)
                    return results[key]
            result = work(view, selection, *key)
            with lock:
                results[key] = result
                if len(results) > frames:
                    results.popitem(last=False)
            return result

        return remembered

    return decorate

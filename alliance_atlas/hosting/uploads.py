"""Uploaded files kept where every worker (and every host) of the server can read them.

An upload is stored as bytes (a line of JSON naming the file, then the file's bytes; nothing in the store
is ever unpickled) under an unguessable token, in a shared cache
(a cachelib backend: a directory on disk by default, Redis across hosts; see
``components/shared_store.py``). Each worker rebuilds the network from the bytes when it first needs it, so
any worker can answer any session's callback, and a restarted server still has the files.

The store is bounded in time (each upload expires ``timeout`` seconds after it arrived) and in
bytes: an index of (token, size, arrival) records what is kept, and the oldest uploads are dropped
when a new one would pass ``max_bytes``. The index is rewritten without a lock shared between
workers: two uploads in the same instant may leave one uncounted, and the timeout still removes it.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from dataclasses import dataclass

from cachelib import BaseCache

#: Largest file a browser may upload. ATOP 5.1's dyad-year CSV is about 7 MB; a file past this
#: would cost the browser seconds to encode and the server far more to hold as a network.
MAX_UPLOAD_BYTES = 32 * 1024 * 1024
#: What all uploads together may hold in the store, and how long one is kept.
STORE_BYTES = 1024 * 1024 * 1024
STORE_SECONDS = 12 * 3600

INDEX_KEY = "uploads-index"
#: What secrets.token_urlsafe(18) gives: anything else a browser sends is no token of ours.
TOKEN = re.compile(r"[A-Za-z0-9_-]{24}")


@dataclass(frozen=True)
class StoredUpload:
    data: bytes
    name: str


class UploadTooLarge(ValueError):
    """An upload the store cannot take, with the limit in the message."""


class UploadStore:
    """Uploads by token in a shared cache, bounded in bytes and time.

    >>> from cachelib import SimpleCache
    >>> store = UploadStore(SimpleCache(), max_bytes=10)
    >>> first = store.put(b"123456", "a.csv")
    >>> store.get(first)
    StoredUpload(data=b'123456', name='a.csv')
    >>> second = store.put(b"7890", "b.csv")
    >>> third = store.put(b"xyz", "c.csv")  # 6 + 4 + 3 bytes pass 10: the oldest goes
    >>> store.has(first), store.has(second), store.has(third)
    (False, True, True)
    """

    def __init__(self, backend: BaseCache, max_bytes: int = STORE_BYTES, timeout: int = STORE_SECONDS):
        self._backend = backend
        self.max_bytes = max_bytes
        self.timeout = timeout

    def put(self, data: bytes, name: str) -> str:
        """Keep an upload; returns its new token. UploadTooLarge when it alone passes the store's bound."""
        if len(data) > self.max_bytes:
            raise UploadTooLarge(f"{name} is {len(data) / 2**20:.0f} MB; this server keeps at most "
                                 f"{self.max_bytes / 2**20:.0f} MB of uploads")
        token = secrets.token_urlsafe(18)
        self._make_room(token, len(data))
        header = json.dumps({"name": name}).encode()
        self._backend.set(_key(token), header + b"\n" + data, timeout=self.timeout)
        return token

    def has(self, token: str | None) -> bool:
        return _is_token(token) and self._backend.has(_key(token))

    def get(self, token: str | None) -> StoredUpload | None:
        """The upload under ``token``; None when there is none (never was, expired or dropped for room)."""
        entry = self._backend.get(_key(token)) if _is_token(token) else None
        if not isinstance(entry, bytes) or b"\n" not in entry:
            return None
        header, data = entry.split(b"\n", 1)
        try:
            name = json.loads(header)["name"]
        except (ValueError, TypeError, KeyError):
            return None
        return StoredUpload(data, name) if isinstance(name, str) else None

    def _make_room(self, token: str, size: int) -> None:
        """Drop the oldest uploads until ``size`` more bytes fit, and count the new one in the index."""
        now = time.time()
        kept = [(token, used, arrived) for token, used, arrived in _index(self._backend.get(INDEX_KEY))
                if now - arrived < self.timeout and self._backend.has(_key(token))]
        while kept and sum(used for _, used, _ in kept) + size > self.max_bytes:
            oldest, _, _ = kept.pop(0)
            self._backend.delete(_key(oldest))
        self._backend.set(INDEX_KEY, [*kept, [token, size, now]], timeout=self.timeout)


def _index(entry) -> list[tuple[str, int, float]]:
    """The (token, size, arrival) rows of the index as the store holds them (JSON lists), skipping
    whatever is not such a row."""
    if not isinstance(entry, list):
        return []
    return [tuple(row) for row in entry if isinstance(row, (list, tuple)) and len(row) == 3 and _is_token(row[0])
            and all(isinstance(number, (int, float)) for number in row[1:])]


def _key(token: str) -> str:
    return f"upload:{token}"


def _is_token(token: str | None) -> bool:
    return isinstance(token, str) and TOKEN.fullmatch(token) is not None

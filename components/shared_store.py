"""The store the server's workers share: uploads and computed positions (and, beside it, export jobs).

Redis when ``REDIS_URL`` is set (workers on several hosts); otherwise a folder on this host that only
the server's user may write: ``ALLIANCE_ATLAS_STORE_DIR``, or ``alliance-atlas/store`` under the user's
cache directory (``XDG_CACHE_HOME``, else ``~/.cache``), which every worker of one server (and the same
server after a restart) finds at the same path.

Nothing read from the store is unpickled: an entry is bytes or JSON (:class:`BytesOrJson`), so whoever
manages to write into the store can at worst plant data, never code. A folder that another user owns
or may write into is refused before the server starts (:func:`private_directory`).
"""

from __future__ import annotations

import json
import logging
import os
import stat
from pathlib import Path

from cachelib import BaseCache, FileSystemCache, RedisCache
from flask import Flask

from alliance_atlas.hosting.uploads import STORE_SECONDS

#: A count bound under the byte bound alliance_atlas.hosting.uploads keeps, should its index miss an upload.
MAX_ENTRIES = 1000
#: Where a server keeps its store among its Flask extensions.
EXTENSION = "alliance-atlas-store"

#: The folder of the store's folder where export jobs keep their progress and files (a diskcache).
JOBS_FOLDER = "background-jobs"

_BYTES, _JSON = b"B", b"J"


class StoreRefused(RuntimeError):
    """A store folder the server must not use, with why and how to fix it, in one line."""


class BytesOrJson:
    """cachelib's serializer interface (``dumps``/``loads`` for Redis, ``dump``/``load`` for files) for
    entries that are bytes or JSON, never pickles. An entry in any other form (a pickle planted by
    someone, or left by an older version) reads as missing.

    >>> codec = BytesOrJson()
    >>> codec.loads(codec.dumps(b"\\x00raw")), codec.loads(codec.dumps({"name": "a.csv", "sizes": [1, 2]}))
    (b'\\x00raw', {'name': 'a.csv', 'sizes': [1, 2]})
    >>> codec.loads(codec.dumps(7)), codec.loads(b"\\x80\\x04\\x95...")   # whole numbers as Redis counts them
    (7, None)
    """

    def dumps(self, value) -> bytes:
        if type(value) is int:  # as plain digits, which Redis' INCR/DECR (cachelib's inc/dec) work on
            return str(value).encode("ascii")
        if isinstance(value, (bytes, bytearray, memoryview)):
            return _BYTES + bytes(value)
        return _JSON + json.dumps(value, separators=(",", ":")).encode()

    def loads(self, data: bytes | None):
        if data is None:
            return None
        if data[:1] == _BYTES:
            return data[1:]
        try:
            if data[:1] == _JSON:
                return json.loads(data[1:])
            if data.isdigit() or data[:1] == b"-" and data[1:].isdigit():
                return int(data)
        except ValueError:
            pass
        logging.getLogger(__name__).warning("a store entry that is neither bytes nor JSON was ignored")
        return None

    def dump(self, value, stream) -> None:
        stream.write(self.dumps(value))

    def load(self, stream):
        return self.loads(stream.read())


class PrivateFileStore(FileSystemCache):
    """cachelib's folder of files (each 0600), holding bytes and JSON only."""

    serializer = BytesOrJson()


class RedisStore(RedisCache):
    """cachelib's Redis cache, holding bytes and JSON only."""

    serializer = BytesOrJson()


def default_directory(environ=os.environ) -> Path:
    """The store folder when ``ALLIANCE_ATLAS_STORE_DIR`` names none: under the user's cache directory.

    >>> default_directory({"XDG_CACHE_HOME": "/home/ana/.cache"}).as_posix()
    '/home/ana/.cache/alliance-atlas/store'
    """
    cache = environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "alliance-atlas" / "store"


def store_directory(environ=os.environ) -> Path:
    """The store folder this environment asks for (made private if it is new, refused if it is not)."""
    return private_directory(Path(environ.get("ALLIANCE_ATLAS_STORE_DIR") or default_directory(environ)))


def private_directory(path: Path) -> Path:
    """``path``, created with mode 0700 if it is missing; StoreRefused when it is a link, is owned by
    another user, may be written by its group or by others, or sits in a folder that others may write
    into without the sticky bit (who could swap it for one of theirs)."""
    path = Path(path).absolute()
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = path.lstat()
    except OSError as error:
        raise StoreRefused(f"the store folder {path} cannot be made: {error.strerror}; "
                           "set ALLIANCE_ATLAS_STORE_DIR to a folder of yours") from None
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise StoreRefused(f"the store folder {path} is a link or not a folder; remove it or set "
                           "ALLIANCE_ATLAS_STORE_DIR to a folder of yours")
    if info.st_uid != os.geteuid():
        raise StoreRefused(f"the store folder {path} belongs to user {_user(info.st_uid)}, not to "
                           f"{_user(os.geteuid())} who runs the server; remove it, or set "
                           "ALLIANCE_ATLAS_STORE_DIR to a folder of yours")
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise StoreRefused(f"the store folder {path} may be written by other users (mode "
                           f"{stat.filemode(info.st_mode)}); make it private: chmod 700 {path}")
    for parent in path.parents:
        mode = parent.stat().st_mode
        if mode & stat.S_IWOTH and not mode & stat.S_ISVTX:
            raise StoreRefused(f"the store folder {path} is inside {parent}, which any user may write into "
                               "(no sticky bit); set ALLIANCE_ATLAS_STORE_DIR to a folder elsewhere")
    return path


def _user(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return str(uid)


def check_store(environ=os.environ) -> None:
    """StoreRefused, before a server starts, when the folders its store and its jobs would use are not
    private to it (with Redis, there are none)."""
    if not environ.get("REDIS_URL"):
        private_directory(store_directory(environ) / JOBS_FOLDER)


def make_store(environ=os.environ) -> BaseCache:
    """The store this environment asks for: Redis with ``REDIS_URL``, else the private folder.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()) / "store"
    >>> type(make_store({"ALLIANCE_ATLAS_STORE_DIR": str(folder)})).__name__, oct(folder.stat().st_mode & 0o777)
    ('PrivateFileStore', '0o700')
    """
    if environ.get("REDIS_URL"):
        import redis

        return RedisStore(host=redis.from_url(environ["REDIS_URL"]), key_prefix="alliance-atlas:",
                          default_timeout=STORE_SECONDS)
    return PrivateFileStore(str(store_directory(environ)), threshold=MAX_ENTRIES, default_timeout=STORE_SECONDS,
                            mode=0o600)


def shared_store(server: Flask) -> BaseCache:
    """The store of ``server``, made once from the environment, so the uploads and the positions of a
    server share it."""
    if EXTENSION not in server.extensions:
        server.extensions[EXTENSION] = make_store()
    return server.extensions[EXTENSION]

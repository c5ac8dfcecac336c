"""The store the server's workers share, through flask-caching on Dash's Flask server.

Redis when ``REDIS_URL`` is set (workers on several hosts); otherwise a directory on this host,
``ALLIANCE_ATLAS_STORE_DIR`` or one under the system's temporary directory, which every worker of
one server (and the same server after a restart) finds at the same path.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from cachelib import BaseCache
from flask import Flask
from flask_caching import Cache

from alliance_atlas.uploads import STORE_SECONDS

#: A count bound under the byte bound alliance_atlas.uploads keeps, should its index miss an upload.
MAX_ENTRIES = 1000


def store_config(environ=os.environ) -> dict:
    """flask-caching's settings for this environment.

    >>> store_config({"REDIS_URL": "redis://cache:6379/0"})["CACHE_TYPE"]
    'RedisCache'
    >>> store_config({"ALLIANCE_ATLAS_STORE_DIR": "/srv/atlas"})["CACHE_DIR"]
    '/srv/atlas'
    """
    common = {"CACHE_DEFAULT_TIMEOUT": STORE_SECONDS, "CACHE_THRESHOLD": MAX_ENTRIES}
    if environ.get("REDIS_URL"):
        return common | {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": environ["REDIS_URL"],
                         "CACHE_KEY_PREFIX": "alliance-atlas:"}
    directory = environ.get("ALLIANCE_ATLAS_STORE_DIR") or str(Path(tempfile.gettempdir()) / "alliance-atlas-store")
    return common | {"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": directory}


#: Where a server keeps its store among its Flask extensions.
EXTENSION = "alliance-atlas-store"


def shared_store(server: Flask) -> BaseCache:
    """The cachelib backend flask-caching builds for ``server`` from the environment; built once, so
    the uploads and the export jobs of a server share it."""
    if EXTENSION not in server.extensions:
        cache = Cache(server, config=store_config())
        with server.app_context():
            server.extensions[EXTENSION] = cache.cache
    return server.extensions[EXTENSION]

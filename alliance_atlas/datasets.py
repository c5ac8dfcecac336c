"""Where networks come from: the bundled datasets, a file named at start-up, and session uploads.

Like Vizro's data manager, every view asks this one place for a network by id, and each network
is loaded once. Uploads are kept under an unguessable token that only the uploading browser
session holds, in a bounded cache, so one user's data is never listed or served to another.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from pathlib import Path

from alliance_atlas.countries import DATA_DIR
from alliance_atlas.io import load
from alliance_atlas.model import TemporalNetwork

#: Bundled datasets: id -> (title, file).
BUNDLED = {"korea": ("Korea's alliances and rivalries 1948–2025", DATA_DIR / "korea_alliances.csv")}
DEFAULT = "korea"
UPLOAD = "upload"


class UnknownDataset(LookupError):
    """A dataset id this server (or this browser session) does not have, with what to do about it."""


class DatasetManager:
    """Networks by id, loaded lazily; uploads by session token in an LRU of ``max_uploads``."""

    def __init__(self, extra: Path | None = None, extra_format: str = "auto", max_uploads: int = 32,
                 extra_kind: str | None = None):
        self._sources = {key: (path, "csv", None) for key, (_, path) in BUNDLED.items()}
        self._titles = {key: title for key, (title, _) in BUNDLED.items()}
        self.default = DEFAULT
        if extra is not None:
            key = dataset_id_for(extra)
            self._sources[key] = (extra, extra_format, extra_kind)
            self.default = key
        self._loaded: dict[str, TemporalNetwork] = {}
        self._uploads: OrderedDict[str, TemporalNetwork] = OrderedDict()
        self._max_uploads = max_uploads
        self._lock = threading.Lock()
        #: When this manager began; a view drawn by an earlier server process is not this one's to patch.
        self.started = time.time()

    @property
    def ids(self) -> list[str]:
        return list(self._sources)

    def title(self, dataset_id: str) -> str:
        """A bundled dataset's own title; a file's from what it holds ("ATOP 5.1 alliances, 1815–2018")."""
        if dataset_id in self._titles:
            return self._titles[dataset_id]
        return dataset_title(self.get(dataset_id)) if dataset_id in self._sources else dataset_id

    def get(self, dataset_id: str) -> TemporalNetwork:
        """The network of a server dataset; KeyError for an id this server does not have."""
        if dataset_id not in self._sources:
            raise KeyError(dataset_id)
        with self._lock:
            if dataset_id not in self._loaded:
                path, file_format, kind = self._sources[dataset_id]
                self._loaded[dataset_id] = load(path, file_format, kind=kind)
            return self._loaded[dataset_id]

    def network(self, dataset_id: str | None, upload_token: str | None = None) -> TemporalNetwork:
        """The network a view names: a server dataset by id, or (``UPLOAD``) the upload under the
        session's token; UnknownDataset with a message for the user when there is none."""
        if dataset_id == UPLOAD:
            network = self.upload(upload_token)
            if network is None:
                raise UnknownDataset("Your uploaded file is no longer on the server; upload it again.")
            return network
        try:
            return self.get(dataset_id or "")
        except KeyError:
            raise UnknownDataset(f"This server has no dataset called {dataset_id!r}.") from None

    def add_upload(self, data: bytes, name: str) -> tuple[str, TemporalNetwork]:
        """Load an uploaded file (LoadError when it cannot be read) and keep it; returns the token
        the uploading session stores, and the network."""
        network = load(data, "auto", name=name)
        token = secrets.token_urlsafe(18)
        with self._lock:
            self._uploads[token] = network
            while len(self._uploads) > self._max_uploads:
                self._uploads.popitem(last=False)
        return token, network

    def upload(self, token: str | None) -> TemporalNetwork | None:
        """The network uploaded under ``token``, or None when unknown or evicted."""
        with self._lock:
            network = self._uploads.get(token or "")
            if network is not None:
                self._uploads.move_to_end(token)
            return network


#: What each research format is called in a title.
FORMAT_TITLES = {"atop": "ATOP 5.1 alliances", "cow": "COW formal alliances"}


def dataset_title(network: TemporalNetwork) -> str:
    """A title for a network read from a file.

    >>> import pandas as pd
    >>> net = TemporalNetwork(pd.DataFrame({"source": ["A"], "target": ["B"], "type": ["defense"],
    ...     "start": pd.to_datetime(["1990-01-01"]), "end": [None]}), name="my_ties.csv")
    >>> dataset_title(net)
    'my_ties.csv, 1990–1990'
    """
    return f"{FORMAT_TITLES.get(network.source_format, network.name)}, {network.span_label}"


def dataset_id_for(path: Path) -> str:
    """The id a file gets when it is opened at start-up: its name without extensions.

    >>> dataset_id_for(Path("/data/atop5_1ddyr.csv.gz"))
    'atop5_1ddyr'
    """
    return path.name.split(".")[0] or "data"

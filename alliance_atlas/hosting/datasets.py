"""Where networks come from: the bundled datasets, a file named at start-up, and session uploads.

Like Vizro's data manager, every view asks this one place for a network by id, and each network
is loaded once per worker. Uploads are kept under an unguessable token that only the uploading
browser session holds, in a store shared by the server's workers (:mod:`alliance_atlas.hosting.uploads`),
so one user's data is never listed or served to another and any worker can answer for it.
"""

from __future__ import annotations

import os
import threading
import time
import weakref
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from cachelib import SimpleCache

from alliance_atlas.tours import Tour, bundled_tours
from alliance_atlas.countries import DATA_DIR
from alliance_atlas.hosting.uploads import MAX_UPLOAD_BYTES, UploadStore, UploadTooLarge
from alliance_atlas.io import LoadError
from alliance_atlas.io.bounded import load_bounded
from alliance_atlas.model import TemporalNetwork
from alliance_atlas.relations import RELATION_NOUNS, Layer, layered

#: Bundled datasets: id -> (title, file).
BUNDLED = {"korea": ("Korea's alliances and rivalries 1948–2025", DATA_DIR / "korea_alliances.csv")}
DEFAULT = "korea"
#: Where a first visit to the bundled data opens (a link or a returning browser keeps its own view): North
#: Korea in April 2025, when Syria, its ally until Assad fell, opened relations with South Korea.
STORY_OPENING = {"dataset": DEFAULT, "focus": "PRK", "date": "2025-04"}
STORY_INVITATION = ("North Korea, April 2025: Syria, its ally since the 1960s until Assad fell in December, has "
                    "opened relations with South Korea, as Russia becomes Pyongyang's partner. Step back with ◀ "
                    "or ← to see the tie end, or press Play.")
UPLOAD = "upload"
#: The environment variable in which a server that runs several workers gives them its start time.
SERVER_STARTED = "ALLIANCE_ATLAS_STARTED"
#: What a session whose upload is gone is told; its view falls back to the default dataset.
UPLOAD_GONE = "Your upload is no longer on the server (it expired, or the server restarted); upload it again."
#: What a link to an upload says in a browser session that never uploaded (the upload stays with its own).
UPLOAD_ELSEWHERE = ("This link shows a file uploaded in another browser session, and an upload stays with the "
                    "session that made it: upload the file here to see it.")
#: What a session whose layer is gone is told.
LAYER_GONE = "A layer you added is no longer on the server (it expired, or the server restarted); add it again."


@dataclass(frozen=True)
class Source:
    """A file the server opens, how to read it, and the files shown with it as layers."""

    path: Path
    format: str = "auto"
    #: the type of every tie of a panel without flags (``--type``)
    tie_type: str | None = None
    #: what the file's ties are (``--kind``; None: guessed from the file)
    relation: str | None = None
    layers: tuple[Layer, ...] = ()

    def load(self) -> TemporalNetwork:
        """The file's network, with its layers' ties (LoadError naming the file that failed)."""
        first = load_bounded(self.path, self.format, kind=self.tie_type, relation=self.relation)
        return layered([first, *(load_bounded(layer.path, relation=layer.relation) for layer in self.layers)])


class StoreUnavailable(RuntimeError):
    """An upload that was read but could not be kept in the shared store, with what to do about it."""


class UnknownDataset(LookupError):
    """A dataset id this server (or this browser session) does not have, with what to do about it."""


class DatasetManager:
    """Networks by id, loaded lazily; uploads by session token in ``uploads`` (an in-process store
    unless the server shares one between workers), each worker keeping the networks of its
    ``max_networks`` most recently used uploads."""

    def __init__(self, extra: Source | Path | None = None, max_networks: int = 8,
                 uploads: UploadStore | None = None, tours: dict[str, Tour] | None = None):
        self._sources = {key: Source(path, "csv") for key, (_, path) in BUNDLED.items()}
        self._titles = {key: title for key, (title, _) in BUNDLED.items()}
        self.default = DEFAULT
        if extra is not None:
            extra = extra if isinstance(extra, Source) else Source(Path(extra))
            key = dataset_id_for(extra.path)
            self._sources[key] = extra
            self.default = key
        self._loaded: dict[str, TemporalNetwork] = {}
        #: guided tours by name (``tour=NAME`` in a link): the bundled ones, and the server's own files
        self.tours = {**bundled_tours(), **(tours or {})}
        self.uploads = uploads or UploadStore(SimpleCache())
        #: by (token, relation), and layered views by their dataset, relation and layers
        self._networks: OrderedDict[tuple, TemporalNetwork] = OrderedDict()
        self._max_networks = max_networks
        self._lock = threading.Lock()
        #: one upload is rebuilt at a time, so a page's burst of callbacks after a miss loads it once
        self._rebuilding = threading.Lock()
        _fresh_locks_after_fork(self)
        #: When this server began; a view drawn by an earlier server is not this one's to patch. The workers
        #: of one server share it (SERVER_STARTED), so that any of them may patch a view another drew.
        self.started = float(os.environ.get(SERVER_STARTED) or time.time())

    def _fresh_locks(self) -> None:
        self._lock, self._rebuilding = threading.Lock(), threading.Lock()

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
                self._loaded[dataset_id] = self._sources[dataset_id].load()
            return self._loaded[dataset_id]

    def network(self, dataset_id: str | None, upload_token: str | None = None, relation: str | None = None,
                layers: tuple[tuple[str, str | None], ...] = ()) -> TemporalNetwork:
        """The network a view names: a server dataset by id, or (``UPLOAD``) the upload under the
        session's token read as ``relation`` (None: as guessed), with the ties of the session's uploaded
        ``layers`` ((token, relation) each); UnknownDataset with a message for the user when one is gone."""
        if dataset_id == UPLOAD:
            if not upload_token:
                raise UnknownDataset(UPLOAD_ELSEWHERE)
            network = self.upload(upload_token, relation)
            if network is None:
                raise UnknownDataset(UPLOAD_GONE)
        else:
            try:
                network = self.get(dataset_id or "")
            except KeyError:
                raise UnknownDataset(f"This server has no dataset called {dataset_id!r}.") from None
        if not layers:
            return network
        if not all(self.uploads.has(token) for token, _ in layers):
            raise UnknownDataset(LAYER_GONE)
        key = ("layered", dataset_id, upload_token if dataset_id == UPLOAD else None, relation, layers)
        with self._lock:
            combined = self._networks.get(key)
        if combined is None:
            parts = [self.upload(token, layer_relation) for token, layer_relation in layers]
            if any(part is None for part in parts):
                raise UnknownDataset(LAYER_GONE)
            combined = layered([network, *parts])
        self._remember(key, combined)
        return combined

    def add_upload(self, data: bytes, name: str, relation: str | None = None) -> tuple[str, TemporalNetwork]:
        """Load an uploaded file (LoadError when it cannot be read or is too large) as ``relation`` (None:
        guessed from the file) and keep it; returns the token the uploading session stores, and the network."""
        if len(data) > MAX_UPLOAD_BYTES:
            raise LoadError(f"{name} is larger than {MAX_UPLOAD_BYTES / 2**20:.0f} MB, the largest file "
                            "this server accepts")
        network = load_bounded(data, "auto", name=name, relation=relation)
        try:
            token = self.uploads.put(data, name)
        except UploadTooLarge:
            raise
        except Exception as error:  # the shared store out of reach (Redis down, a full disk)
            raise StoreUnavailable(f"the server could not keep {name} ({type(error).__name__}); try again "
                                   "later") from error
        self._remember((token, relation), network)
        return token, network

    def upload(self, token: str | None, relation: str | None = None) -> TemporalNetwork | None:
        """The network uploaded under ``token`` read as ``relation``, or None when the store no longer has
        it (expired, dropped for room, or never there); rebuilt from the stored file on a worker's first use."""
        key = (token, relation)
        if not self.uploads.has(token):
            with self._lock:
                for held in [held for held in self._networks if held[0] == token]:
                    del self._networks[held]
            return None
        with self._lock:
            network = self._networks.get(key)
        if network is None:
            with self._rebuilding:  # another callback may have rebuilt it while this one waited
                network = self._networks.get(key)
                if network is None:
                    network = self._rebuild(token, relation)
        if network is not None:
            self._remember(key, network)
        return network

    def _rebuild(self, token: str, relation: str | None) -> TemporalNetwork | None:
        stored = self.uploads.get(token)
        if stored is None:
            return None
        try:
            return load_bounded(stored.data, "auto", name=stored.name, relation=relation)
        except LoadError:  # stored by another version of the loader, which could read it
            return None

    def _remember(self, key: tuple, network: TemporalNetwork) -> None:
        with self._lock:
            self._networks[key] = network
            self._networks.move_to_end(key)
            while len(self._networks) > self._max_networks:
                self._networks.popitem(last=False)


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
    first, *layers = network.layers or (("alliance", network.name),)
    named = FORMAT_TITLES.get(network.source_format, first[1])
    return "".join([named, *(f" + {name} ({RELATION_NOUNS[relation]})" for relation, name in layers),
                    f", {network.span_label}"])


def dataset_id_for(path: Path) -> str:
    """The id a file gets when it is opened at start-up: its name without extensions.

    >>> dataset_id_for(Path("/data/atop5_1ddyr.csv.gz"))
    'atop5_1ddyr'
    """
    return path.name.split(".")[0] or "data"


def _fresh_locks_after_fork(manager: DatasetManager) -> None:
    """A process forked from a worker (an animation export's job) gets unheld locks: another thread of
    the worker may have held one at the fork, and no thread of the child would ever release it."""
    alive = weakref.ref(manager)

    def fresh_locks() -> None:
        if (still := alive()) is not None:
            still._fresh_locks()

    os.register_at_fork(after_in_child=fresh_locks)

"""Where the long exports (animations) run: Dash background callbacks, each job in a process of its own.

Without ``REDIS_URL``, Dash's DiskcacheManager: a job is a process forked from the worker that started
it, and its progress, its file and the secret that signs the browser's handles on it sit in a
diskcache under the store directory every worker of this host shares (components/shared_store.py), so
whichever worker a poll reaches answers it, and a Cancel sent to any worker stops it. That diskcache
holds JSON only (:class:`JsonOnlyDisk`): a row someone planted as a pickle reads as missing, never runs.

With ``REDIS_URL`` (workers on several hosts), Dash's CeleryManager on that Redis: jobs run in the job
workers that ``alliance-atlas serve`` starts beside its web workers on each host
(``alliance-atlas jobs``), which keep a warm Chromium between jobs. Celery is told to send and accept
JSON only, so a message planted in that Redis cannot run code either.

Either way a job that ends with no result, cancelled or dead (its process killed, out of memory, or its
server restarted), still answers its browser's next poll, with what the callback's ``ended`` gives:
Dash alone would send nothing and leave the panel as the last progress report left it.

A job's progress and file expire :data:`KEEP_SECONDS` after they were written, fetched or
not, and the diskcache never grows past :data:`DISK_BYTES`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time
import zlib
from collections.abc import Callable

import diskcache
import psutil
from diskcache.core import MODE_PICKLE
from dash import CeleryManager, DiskcacheManager
from dash.background_callback.managers import BaseBackgroundCallbackManager
from flask import Flask
from plotly.utils import PlotlyJSONEncoder

from components.shared_store import JOBS_FOLDER, private_directory, store_directory

#: How long a job's progress and file wait for the browser that asked for them.
KEEP_SECONDS = 600
#: The most the diskcache of jobs holds (the oldest entries go first): files waiting for their browser.
DISK_BYTES = 2 * 2**30
#: Where a server keeps its manager among its Flask extensions.
EXTENSION = "alliance-atlas-jobs"


class JsonOnlyDisk(diskcache.JSONDisk):
    """diskcache's JSON disk that also writes what Dash's callbacks return (components, ``no_update``,
    as Dash sends them to the browser), and refuses to unpickle: diskcache's base Disk would load a key
    stored as not raw, or a value stored as a pickle, with ``pickle.load``."""

    def put(self, key):
        return diskcache.Disk.put(self, zlib.compress(_json(key), self.compress_level))

    def get(self, key, raw):
        if not raw:
            return _refused("key")
        return super().get(key, raw)

    def store(self, value, read, key=diskcache.core.UNKNOWN):
        if not read:
            value = zlib.compress(_json(value), self.compress_level)
        return diskcache.Disk.store(self, value, read, key=key)

    def fetch(self, mode, filename, value, read):
        if mode == MODE_PICKLE:
            return _refused("value")
        return super().fetch(mode, filename, value, read)


def _json(value) -> bytes:
    return json.dumps(value, cls=PlotlyJSONEncoder, separators=(",", ":")).encode()


def _refused(what: str) -> None:
    logging.getLogger(__name__).warning("a pickled %s in the jobs' diskcache was ignored", what)


class ExpiringCache(diskcache.Cache):
    """A diskcache whose entries expire after KEEP_SECONDS: Dash's manager sets no expiry of its own, so
    the file of a job whose browser went away would stay until the cache ran out of room."""

    def __init__(self, directory: str, **settings):
        super().__init__(directory, disk=JsonOnlyDisk, **settings)

    def set(self, key, value, expire=None, read=False, tag=None, retry=False):
        return super().set(key, value, expire=expire or KEEP_SECONDS, read=read, tag=tag, retry=retry)


class _EndedJobsAnswer:
    """What the managers below add to Dash's: a job without a result that no longer runs gets
    ``ended(cancelled)`` as its result, ``cancelled`` telling a job Dash stopped from one that died."""

    def __init__(self, handle, ended: Callable[[bool], object]):
        super().__init__(handle)
        self.ended = ended

    def terminate_job(self, job):
        if job is not None:
            self._remember(_stopped_key(job))
        super().terminate_job(job)

    def get_result(self, key, job):
        result = super().get_result(key, job)
        if result is self.UNDEFINED and job is not None and not self.job_running(job):
            result = super().get_result(key, job)  # written as the job ended, between the two looks
            if result is self.UNDEFINED:
                return self.ended(self._remembers(_stopped_key(job)))
        return result


def _stopped_key(job) -> str:
    return f"alliance-atlas-stopped-{job}"


class JobProcesses(_EndedJobsAnswer, DiskcacheManager):
    def _remember(self, key: str) -> None:
        self.handle.set(key, True)

    def _remembers(self, key: str) -> bool:
        return self.handle.get(key) is not None


class JobQueue(_EndedJobsAnswer, CeleryManager):
    def _remember(self, key: str) -> None:
        self.handle.backend.set(key, "1")

    def _remembers(self, key: str) -> bool:
        return self.handle.backend.get(key) is not None


def end_with_worker(every: float = 0.5) -> None:
    """Make this job (a process its worker forked) end when that worker dies: an orphan would go on
    rendering for a browser that can no longer reach it, its Chromium with it. A thread watches the
    parent, and on its death kills this process's children and this process."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        for child in psutil.Process().children(recursive=True):
            with contextlib.suppress(psutil.Error):
                child.kill()
        os._exit(1)

    threading.Thread(target=watch, name="end-with-worker", daemon=True).start()


def celery_app(redis_url: str):
    from celery import Celery

    app = Celery("alliance-atlas", broker=redis_url, backend=redis_url)
    # one job per process at a time, taken only when a process is free: a video holds its process for
    # tens of seconds, and a queued job must not wait behind it while another process idles
    app.conf.update(result_expires=KEEP_SECONDS, worker_prefetch_multiplier=1,
                    broker_connection_retry_on_startup=True,
                    task_serializer="json", result_serializer="json", accept_content=["json"],
                    result_accept_content=["json"])
    return app


def manager_for(ended: Callable[[bool], object], environ=os.environ) -> BaseBackgroundCallbackManager:
    """The background-callback manager this environment asks for.

    >>> type(manager_for(print, {"REDIS_URL": "redis://cache:6379/0"})).__name__
    'JobQueue'
    """
    if environ.get("REDIS_URL"):
        return JobQueue(celery_app(environ["REDIS_URL"]), ended)
    directory = private_directory(store_directory(environ) / JOBS_FOLDER)
    return JobProcesses(ExpiringCache(str(directory), size_limit=DISK_BYTES), ended)


def background_manager(server: Flask, ended: Callable[[bool], object]) -> BaseBackgroundCallbackManager:
    """A manager for ``server``'s background callbacks, from the environment (a job that ends with no
    result gives ``ended(cancelled)``), kept among the server's extensions for :func:`run_job_worker`."""
    server.extensions[EXTENSION] = manager_for(ended)
    return server.extensions[EXTENSION]


def run_job_worker(server: Flask, processes: int) -> None:
    """Run jobs from Redis in ``processes`` processes until stopped: the worker of the CeleryManager
    ``server`` was built with (``alliance-atlas jobs`` checks that ``REDIS_URL`` asks for one)."""
    server.extensions[EXTENSION].handle.worker_main(["worker", "--loglevel=WARNING", f"--concurrency={processes}",
                                                     "--pool=prefork", "--without-gossip", "--without-mingle"])

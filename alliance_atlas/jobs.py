"""Long exports (animations) in worker threads, their state in a store every server worker reads.

A job runs in a thread of the worker that started it and writes its progress, then its result or
its message, under an unguessable token in a shared cache (a cachelib backend; in-process unless the
server passes the one its workers share), so whichever worker a browser's poll reaches can answer.

Every job ends: an :class:`~alliance_atlas.export.ExportError` gives its own words, any other
failure says what broke, a cancelled job says so, and a job whose worker died (no progress for
``stall_seconds``) is reported as stopped, so a progress bar is never left spinning. An ended job is
kept ``keep_seconds`` (the store's timeout), then expires.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from cachelib import BaseCache, SimpleCache

from alliance_atlas.export import ExportError
from alliance_atlas.export.images import Progress

#: What a job says when the user stopped it, and when its worker stopped without ending it.
CANCELLED = "Export cancelled."
STALLED = "the export stopped (the server restarted or the job's worker died); start it again"


def export_failed(error: BaseException) -> str:
    """The message for an export that broke for a reason the user cannot fix."""
    return f"the export failed ({type(error).__name__}: {error})"


class Cancelled(Exception):
    """Raised inside a job's work, at its next progress report, once the job is cancelled."""


@dataclass(frozen=True)
class Job:
    done: int = 0
    total: int = 1
    result: object = None
    error: str | None = None
    ended: bool = False
    #: when the job last reported (time.time(): workers on one host, or hosts with synchronised clocks)
    updated_at: float = 0.0

    @property
    def percent(self) -> int:
        return int(100 * self.done / max(self.total, 1))


class Jobs:
    """Jobs by unguessable token (only the requesting browser holds it).

    >>> jobs = Jobs()
    >>> token = jobs.start(lambda progress: 1 / 0)
    >>> jobs.wait(token).error
    'the export failed (ZeroDivisionError: division by zero)'
    """

    def __init__(self, store: BaseCache | None = None, keep_seconds: int = 600, stall_seconds: int = 300):
        self._store = store or SimpleCache()
        self._keep_seconds = keep_seconds
        self._stall_seconds = stall_seconds
        self._threads: dict[str, threading.Thread] = {}
        self._lock = threading.Lock()

    def start(self, work: Callable[[Progress], object]) -> str:
        token = secrets.token_urlsafe(18)
        self._save(token, Job(updated_at=time.time()))

        def progress(done: int, total: int) -> None:
            if self._store.has(_cancel_key(token)):
                raise Cancelled
            self._save(token, Job(done, total, updated_at=time.time()))

        def run() -> None:
            try:
                ending = Job(result=work(progress))
            except Cancelled:
                ending = Job(error=CANCELLED)
            except ExportError as error:
                ending = Job(error=str(error))
            except BaseException as error:  # any failure, even a thread stopped from outside, ends the job
                ending = Job(error=export_failed(error))
                if not isinstance(error, Exception):
                    raise
            finally:
                self._save(token, replace(ending, ended=True, updated_at=time.time()))
                with self._lock:
                    self._threads.pop(token, None)

        thread = threading.Thread(target=run, name="export-job", daemon=True)
        with self._lock:
            self._threads[token] = thread
        thread.start()
        return token

    def get(self, token: str | None) -> Job | None:
        """The job, or None when the token is unknown or its job has expired; a running job that has
        not reported for ``stall_seconds`` is ended with a message."""
        job = self._store.get(_job_key(token)) if token else None
        if job is not None and not job.ended and time.time() - job.updated_at > self._stall_seconds:
            return Job(error=STALLED, ended=True)
        return job

    def cancel(self, token: str | None) -> None:
        """Ask the job to stop at its next progress report (from any worker)."""
        if token:
            self._store.set(_cancel_key(token), True, timeout=self._keep_seconds)

    def wait(self, token: str, timeout: float | None = None) -> Job | None:
        """The job once its thread has ended (for the command line and tests; this worker's jobs)."""
        with self._lock:
            thread = self._threads.get(token)
        if thread is not None:
            thread.join(timeout)
        return self.get(token)

    def _save(self, token: str, job: Job) -> None:
        # a running job is kept while it reports; an ended one for keep_seconds
        self._store.set(_job_key(token), job, timeout=self._keep_seconds if job.ended else 2 * self._stall_seconds)


def _job_key(token: str) -> str:
    return f"job:{token}"


def _cancel_key(token: str) -> str:
    return f"job-cancel:{token}"

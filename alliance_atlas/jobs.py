"""Long exports (animations) in worker threads, polled by token; every job ends, and ended jobs expire.

A job ends with its result or with a message: an :class:`~alliance_atlas.export.ExportError` gives
its own words, any other failure says what broke, so a progress bar is never left spinning. A job's
result is kept until it is collected or ``keep_seconds`` after it ended, whichever comes first.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from alliance_atlas.export import ExportError
from alliance_atlas.export.images import Progress


def export_failed(error: BaseException) -> str:
    """The message for an export that broke for a reason the user cannot fix."""
    return f"the export failed ({type(error).__name__}: {error})"


@dataclass
class Job:
    done: int = 0
    total: int = 1
    result: object = None
    error: str | None = None
    ended_at: float | None = None

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

    def __init__(self, keep_seconds: float = 600):
        self._jobs: dict[str, Job] = {}
        self._threads: dict[str, threading.Thread] = {}
        self._lock = threading.Lock()
        self._keep_seconds = keep_seconds

    def start(self, work: Callable[[Progress], object]) -> str:
        token = secrets.token_urlsafe(18)
        job = Job()

        def progress(done: int, total: int) -> None:
            job.done, job.total = done, total

        def run() -> None:
            try:
                job.result = work(progress)
            except ExportError as error:
                job.error = str(error)
            except BaseException as error:  # any failure, even a thread stopped from outside, ends the job
                job.error = export_failed(error)
                if not isinstance(error, Exception):
                    raise
            finally:
                job.ended_at = time.monotonic()

        thread = threading.Thread(target=run, name="export-job", daemon=True)
        with self._lock:
            self._expire()
            self._jobs[token] = job
            self._threads[token] = thread
        thread.start()
        return token

    def get(self, token: str | None) -> Job | None:
        """The job, or None when the token is unknown or its job has expired."""
        with self._lock:
            self._expire()
            return self._jobs.get(token or "")

    def pop(self, token: str) -> None:
        with self._lock:
            self._jobs.pop(token, None)
            self._threads.pop(token, None)

    def wait(self, token: str, timeout: float | None = None) -> Job | None:
        """The job once its thread has ended (for the command line and tests)."""
        thread = self._threads.get(token)
        if thread is not None:
            thread.join(timeout)
        return self.get(token)

    def _expire(self) -> None:
        now = time.monotonic()
        for token in [t for t, job in self._jobs.items()
                      if job.ended_at is not None and now - job.ended_at > self._keep_seconds]:
            del self._jobs[token]
            self._threads.pop(token, None)

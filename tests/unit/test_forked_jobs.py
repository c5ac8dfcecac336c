"""An animation export's job is a process forked from a worker whose other threads may hold locks or a
warm Chromium at that moment: the job must neither wait forever nor touch the worker's browser."""

import os
import signal
import threading

from alliance_atlas.datasets import DatasetManager
from alliance_atlas.export import images


def test_a_forked_job_gets_unheld_locks_and_a_chromium_of_its_own():
    manager = DatasetManager()
    workers_chromium = images._chromium
    held, release = threading.Event(), threading.Event()

    def load_for_another_request():
        with manager._lock:
            held.set()
            release.wait(10)

    other_thread = threading.Thread(target=load_for_another_request)
    other_thread.start()
    assert held.wait(5)
    child = os.fork()
    if child == 0:  # the job: reads the default dataset, as an export of it does
        signal.alarm(5)  # a lock no thread will release: the job is killed, not the test run hung
        try:
            ok = manager.network(manager.default) is not None and images._chromium is not workers_chromium
        finally:
            os._exit(0 if ok else 1)
    release.set()
    other_thread.join()
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert images._chromium is workers_chromium, "the worker keeps its own"

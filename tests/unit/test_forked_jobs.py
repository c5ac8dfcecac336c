"""An animation export's job is a process forked from a worker whose other threads may hold locks or a
warm Chromium at that moment: the job must neither wait forever nor touch the worker's browser."""

import os
import signal
import threading
from pathlib import Path

from alliance_atlas.export import images
from alliance_atlas.hosting.datasets import DatasetManager

ROOT = Path(__file__).parents[2]


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


def test_a_job_ends_with_the_worker_that_forked_it(tmp_path):
    """A worker killed mid-export leaves no orphan rendering for a browser that can no longer reach it."""
    import subprocess
    import sys
    import time

    import psutil

    worker = r'''
import os, sys, time
from components.background_jobs import end_with_worker
job = os.fork()
if job == 0:
    end_with_worker(every=0.05)
    os.fork() or time.sleep(60)  # the job's own child (its Chromium, say) goes with it
    time.sleep(60)
    os._exit(0)
print(job, flush=True)
time.sleep(60)
'''
    process = subprocess.Popen([sys.executable, "-c", worker], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    job = psutil.Process(int(process.stdout.readline()))
    deadline = time.monotonic() + 10
    while not job.children() and time.monotonic() < deadline:
        time.sleep(0.05)
    grandchild = job.children()[0]
    process.kill()
    process.wait()
    _, alive = psutil.wait_procs([job, grandchild], timeout=5)
    ended = [each for each in alive if not psutil.pid_exists(each.pid) or each.status() == psutil.STATUS_ZOMBIE]
    assert len(ended) == len(alive), "the job and its child ended within 5 s of their worker"

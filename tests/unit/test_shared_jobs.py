"""Export jobs in the store the workers share: progress, result, cancel and a dead worker's job are
seen by whichever worker a browser's poll reaches."""

import threading
import time

from cachelib import FileSystemCache

from alliance_atlas.jobs import CANCELLED, STALLED, Job, Jobs


def workers(directory, **settings) -> tuple[Jobs, Jobs]:
    return Jobs(FileSystemCache(str(directory)), **settings), Jobs(FileSystemCache(str(directory)), **settings)


def test_another_worker_sees_the_progress_and_the_file(tmp_path):
    started_on, polled_on = workers(tmp_path)
    halfway, finish = threading.Event(), threading.Event()

    def render(progress):
        progress(2, 4)
        halfway.set()
        finish.wait(5)
        progress(4, 4)
        return b"GIF89a", "korea.gif"

    token = started_on.start(render)
    assert halfway.wait(5)
    running = polled_on.get(token)
    assert (running.ended, running.percent) == (False, 50)
    finish.set()
    assert started_on.wait(token, 5).ended
    assert polled_on.get(token).result == (b"GIF89a", "korea.gif")


def test_a_cancel_sent_to_another_worker_stops_the_job(tmp_path):
    started_on, polled_on = workers(tmp_path)
    frames_rendered = []

    def render(progress):
        for frame in range(200):
            frames_rendered.append(frame)
            progress(frame, 200)
            time.sleep(0.01)
        return b"never", "x.mp4"

    token = started_on.start(render)
    time.sleep(0.1)
    polled_on.cancel(token)
    assert started_on.wait(token, 5).error == CANCELLED
    assert polled_on.get(token).error == CANCELLED
    assert len(frames_rendered) < 200


def test_a_job_whose_worker_died_is_reported_stopped(tmp_path):
    _, polled_on = workers(tmp_path, stall_seconds=60)
    store = FileSystemCache(str(tmp_path))
    store.set("job:orphan", Job(done=3, total=10, updated_at=time.time() - 61))
    store.set("job:alive", Job(done=3, total=10, updated_at=time.time() - 30))
    assert polled_on.get("orphan").error == STALLED
    assert polled_on.get("alive").error is None


"""A parse that no declared size catches is stopped by its time or memory budget, in a process of its
own, while the caller's other threads go on; a network comes back whole from it."""

import os
import threading
import time

import pytest

from alliance_atlas.io import LoadError, bounded


def test_a_parse_past_its_time_is_stopped_while_the_caller_goes_on(monkeypatch):
    monkeypatch.setattr(bounded, "load", lambda *args, **kwargs: time.sleep(60))  # the forked parse sees it
    ticks = []
    ticking = threading.Event()

    def other_requests():
        while not ticking.is_set():
            ticks.append(time.monotonic())
            time.sleep(0.01)

    thread = threading.Thread(target=other_requests)
    thread.start()
    started = time.monotonic()
    try:
        with pytest.raises(LoadError, match=r"slow.csv took more than 1 s to read, this server's limit"):
            bounded.load_bounded(b"source,target\n", name="slow.csv", seconds=1)
    finally:
        ticking.set()
        thread.join()
    assert time.monotonic() - started < 5
    gaps = [later - earlier for earlier, later in zip(ticks, ticks[1:])]
    assert len(ticks) > 50 and max(gaps) < 0.5, "the caller's other thread kept running"


def test_a_parse_past_its_memory_says_so(monkeypatch):
    monkeypatch.setattr(bounded, "load", lambda *args, **kwargs: bytearray(8 * 2**30))
    with pytest.raises(LoadError, match=r"greedy.csv needs more than 0.5 GB to read"):
        bounded.load_bounded(b"source,target\n", name="greedy.csv", memory=2**29)


def test_a_parse_that_dies_says_so(monkeypatch):
    monkeypatch.setattr(bounded, "load", lambda *args, **kwargs: os._exit(3))
    with pytest.raises(LoadError, match=r"dies.csv could not be read: its reader stopped \(exit code 3\)"):
        bounded.load_bounded(b"source,target\n", name="dies.csv")


def test_a_network_comes_back_whole_from_its_parse():
    data = b"source,target,start,end,type\nNorth Korea,China,1961-07-11,,defense\nSyria,North Korea,1966,2024-12-08,partner\n"
    network = bounded.load_bounded(data, name="story.csv")
    assert sorted(network.node_ids) == ["CHN", "PRK", "SYR"] and len(network) == 2

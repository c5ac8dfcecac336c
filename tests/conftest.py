"""Shared fixtures: the real research data in ../shared/data, read in place."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# a git worktree sits elsewhere than the main checkout: ATLAS_SHARED_DATA then says where the data is
SHARED_DATA = Path(os.environ.get("ATLAS_SHARED_DATA", ROOT.parent / "shared" / "data"))
ATOP = SHARED_DATA / "atop5_1ddyr.csv.gz"
COW_STATES = SHARED_DATA / "cow_states2016.csv"
COW_CAPITALS = SHARED_DATA / "cow_capitals.csv"
STORY = ROOT / "data" / "korea_alliances.csv"


def pytest_configure(config):
    """Under pytest-xdist each worker process serves its browser tests on ports of its own."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")  # gw0, gw1 …
    if worker:
        base = int(os.environ.get("ATLAS_TEST_PORT", "8050"))
        os.environ["ATLAS_TEST_PORT"] = str(base + 100 * int(worker.removeprefix("gw")))


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here (the shared data sits beside the project)")
    return path


@pytest.fixture(scope="session")
def atop_network():
    from alliance_atlas.io import load

    return load(need(ATOP))


@pytest.fixture(scope="session")
def story_network():
    from alliance_atlas.io import load

    return load(STORY)

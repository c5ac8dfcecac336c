"""Shared fixtures: the real research data in ../shared/data, read in place."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# a checkout elsewhere (a git worktree) names the data folder in ATLAS_SHARED_DATA
SHARED_DATA = Path(os.environ.get("ATLAS_SHARED_DATA", ROOT.parent / "shared" / "data"))
ATOP = SHARED_DATA / "atop5_1ddyr.csv.gz"
COW_STATES = SHARED_DATA / "cow_states2016.csv"
COW_CAPITALS = SHARED_DATA / "cow_capitals.csv"
STORY = ROOT / "data" / "korea_alliances.csv"


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

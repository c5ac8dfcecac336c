"""Whoever can write into the store can plant data, never code: a pickle planted under an upload's
key, a position's key or a job's row never runs, and a store folder another user owns or may write
into is refused before the server starts."""

import os
import pickle
import sqlite3
import stat
import subprocess
import sys

import pytest
from cachelib import FileSystemCache

from alliance_atlas.hosting.uploads import UploadStore
from components.background_jobs import ExpiringCache
from components.shared_store import JOBS_FOLDER, PrivateFileStore, StoreRefused, check_store, private_directory

TOKEN = "A" * 24


class Planted:
    """What an attacker pickles: unpickling it runs ``touch`` on ``marker``."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def plant(store: PrivateFileStore, key: str, marker) -> None:
    """Write a pickle where cachelib's own serializer would put it (expiry header, then the pickle)."""
    with open(store._get_filename(key), "wb") as file:
        file.write((2**31).to_bytes(4, "little"))  # cachelib's expiry: far in the future
        pickle.dump(Planted(marker), file)


def test_a_pickle_planted_under_an_upload_token_never_runs(tmp_path):
    store = PrivateFileStore(str(tmp_path / "store"))
    marker = tmp_path / "ran"
    plant(store, f"upload:{TOKEN}", marker)
    plant(store, "uploads-index", marker)
    uploads = UploadStore(store)
    assert uploads.get(TOKEN) is None
    assert uploads.get(uploads.put(b"a,b\n", "kept.csv")).data == b"a,b\n", "the planted index is ignored"
    assert not marker.exists()
    FileSystemCache(str(tmp_path / "store")).get(f"upload:{TOKEN}")  # cachelib's own serializer
    assert marker.exists(), "the plant is one that an unpickling store would have run"


def test_a_pickle_planted_under_a_position_key_never_runs(tmp_path, story_network, monkeypatch):
    from alliance_atlas import layout, shared

    store = PrivateFileStore(str(tmp_path / "store"))
    marker = tmp_path / "ran"
    plant(store, f"positions:force:{story_network.fingerprint}", marker)
    monkeypatch.setattr(shared, "_store", store)
    layout.positions.cache_clear()
    try:
        xy = layout.positions(story_network, "force")
    finally:
        layout.positions.cache_clear()
    assert xy.shape == (len(story_network.node_ids), 2) and xy.notna().all().all()
    assert not marker.exists()


def test_an_upload_round_trips_as_bytes_and_json(tmp_path):
    store = PrivateFileStore(str(tmp_path / "store"))
    uploads = UploadStore(store)
    token = uploads.put(b"\x00\xffraw\nbytes", "données.csv")
    found = UploadStore(PrivateFileStore(str(tmp_path / "store"))).get(token)
    assert (found.data, found.name) == (b"\x00\xffraw\nbytes", "données.csv")
    kinds = {path.read_bytes()[4:5] for path in (tmp_path / "store").iterdir()}  # after cachelib's expiry
    digits = {str(digit).encode() for digit in range(10)}  # cachelib's count of files, as a number
    assert {b"B", b"J"} <= kinds <= {b"B", b"J"} | digits, "the upload as bytes, the index as JSON"


def test_a_pickled_row_planted_in_the_jobs_diskcache_never_runs(tmp_path):
    folder = tmp_path / JOBS_FOLDER
    jobs = ExpiringCache(str(folder))
    jobs.set("result-1", {"props": {"children": "done"}})
    assert jobs.get("result-1") == {"props": {"children": "done"}}
    marker = tmp_path / "ran"
    jobs.close()
    with sqlite3.connect(folder / "cache.db") as db:
        # a value stored as a pickle (mode 4), and a key stored as one (raw 0)
        db.execute("UPDATE Cache SET mode = 4, value = ? WHERE raw = 1", (pickle.dumps(Planted(marker)),))
        db.execute("INSERT INTO Cache (key, raw, store_time, expire_time, access_time, access_count, tag, size,"
                   " mode, filename, value) VALUES (?, 0, 0, NULL, 0, 0, NULL, 0, 1, NULL, 1)",
                   (pickle.dumps(Planted(marker)),))
    jobs = ExpiringCache(str(folder))
    assert jobs.get("result-1") is None
    assert None in list(jobs), "the key stored as a pickle reads as nothing"
    assert not marker.exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="making a folder another user owns needs root")
def test_a_store_folder_another_user_owns_is_refused(tmp_path):
    folder = tmp_path / "store"
    folder.mkdir(mode=0o700)
    os.chown(folder, 65534, 65534)  # nobody
    with pytest.raises(StoreRefused, match="belongs to user") as refused:
        private_directory(folder)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o702])
def test_a_store_folder_others_may_write_into_is_refused(tmp_path, mode):
    folder = tmp_path / "store"
    folder.mkdir()
    folder.chmod(mode)
    with pytest.raises(StoreRefused, match="may be written by other users") as refused:
        private_directory(folder)
    assert f"chmod 700 {folder}" in str(refused.value) and "\n" not in str(refused.value)


def test_the_default_store_is_made_private_under_the_user_s_cache(tmp_path):
    check_store({"XDG_CACHE_HOME": str(tmp_path / "cache")})
    store = tmp_path / "cache" / "alliance-atlas" / "store"
    assert stat.S_IMODE(store.stat().st_mode) == 0o700
    assert stat.S_IMODE((store / JOBS_FOLDER).stat().st_mode) == 0o700


def test_a_world_writable_jobs_folder_is_refused_too(tmp_path):
    (tmp_path / "store" / JOBS_FOLDER).mkdir(parents=True)
    (tmp_path / "store").chmod(0o700)
    (tmp_path / "store" / JOBS_FOLDER).chmod(0o777)
    with pytest.raises(StoreRefused, match=JOBS_FOLDER):
        check_store({"ALLIANCE_ATLAS_STORE_DIR": str(tmp_path / "store")})


def test_serve_refuses_a_shared_store_folder_in_one_line(tmp_path):
    folder = tmp_path / "store"
    folder.mkdir()
    folder.chmod(0o777)
    done = subprocess.run([sys.executable, "-m", "alliance_atlas.commands.cli", "serve", "--port", "1"],
                          env={**os.environ, "ALLIANCE_ATLAS_STORE_DIR": str(folder)}, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "may be written by other users" in done.stderr
    assert "Traceback" not in done.stderr and "Alliance Atlas on" not in done.stdout

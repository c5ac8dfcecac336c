"""Uploads in the store the workers share: any worker finds a session's upload, the store is bounded
in bytes and time, a lost upload is said to be lost, and an oversized request is refused unread."""

import time

import pytest

from alliance_atlas.hosting.datasets import UPLOAD, DatasetManager, UnknownDataset
from alliance_atlas.hosting.uploads import MAX_UPLOAD_BYTES, UploadStore, UploadTooLarge
from alliance_atlas.io import LoadError
from components.dataset_picker import upload_lost
from components.shared_store import PrivateFileStore
from components.upload import request_limit

FRANCE = b"source,target,start,end,type\nFrance,Germany,1963-01-22,,consultation\nFrance,Italy,1950,1960,defense\n"


def worker(directory, **bounds) -> DatasetManager:
    """A dataset manager as one server worker builds it: its own memory, the shared directory."""
    return DatasetManager(uploads=UploadStore(PrivateFileStore(str(directory)), **bounds))


def test_an_upload_on_one_worker_is_found_by_another(tmp_path):
    first, second = worker(tmp_path), worker(tmp_path)
    token, uploaded = first.add_upload(FRANCE, "france.csv")
    found = second.upload(token)
    assert found is not None and found is not uploaded, "the second worker rebuilt it from the stored file"
    assert found.name == "france.csv"
    assert sorted(found.node_ids) == sorted(uploaded.node_ids) == ["DEU", "FRA", "ITA"]
    assert len(found) == len(uploaded) == 2
    assert second.network(UPLOAD, token) is found, "rebuilt once, then kept by the worker"


def test_a_restarted_server_still_has_the_upload(tmp_path):
    token, _ = worker(tmp_path).add_upload(FRANCE, "france.csv")
    assert worker(tmp_path).upload(token) is not None


def test_the_store_is_bounded_in_bytes_oldest_first(tmp_path):
    manager = worker(tmp_path, max_bytes=2 * len(FRANCE) + 10)
    tokens = [manager.add_upload(FRANCE, f"{n}.csv")[0] for n in range(3)]
    other = worker(tmp_path)
    assert [other.upload(token) is not None for token in tokens] == [False, True, True]
    assert manager.upload(tokens[0]) is None, "a worker forgets what the store dropped, even if it built it"


def test_an_upload_larger_than_the_whole_store_is_refused(tmp_path):
    with pytest.raises(UploadTooLarge, match="at most 0 MB"):
        worker(tmp_path, max_bytes=len(FRANCE) - 1).add_upload(FRANCE, "france.csv")


def test_an_upload_over_the_limit_is_refused_before_reading(tmp_path):
    with pytest.raises(LoadError, match="huge.csv is larger than 32 MB, the largest file this server accepts"):
        worker(tmp_path).add_upload(b"x" * (MAX_UPLOAD_BYTES + 1), "huge.csv")


def test_uploads_expire(tmp_path):
    manager = worker(tmp_path, timeout=1)
    token, _ = manager.add_upload(FRANCE, "france.csv")
    assert manager.upload(token) is not None
    time.sleep(1.2)
    assert manager.upload(token) is None


def test_a_lost_upload_is_named_and_recognised(tmp_path):
    manager = worker(tmp_path)
    token, _ = manager.add_upload(FRANCE, "france.csv")
    assert not upload_lost(manager, UPLOAD, {"token": token, "name": "france.csv"})
    for gone in ("A" * 24, "not a token", "../../etc/passwd"):
        assert upload_lost(manager, "korea", {"token": gone, "name": "x.csv"})
        with pytest.raises(UnknownDataset, match="no longer on the server"):
            manager.network(UPLOAD, gone)
    assert upload_lost(manager, UPLOAD, None), "a view of the upload with no token left"
    with pytest.raises(UnknownDataset, match="uploaded in another browser session"):
        manager.network(UPLOAD, None)
    assert not upload_lost(manager, "korea", None)


def test_a_request_over_the_limit_is_refused_unread():
    from app import create_app

    client = create_app().server.test_client()
    limit = client.application.config["MAX_CONTENT_LENGTH"]
    assert limit == request_limit() > MAX_UPLOAD_BYTES * 4 // 3, "room for a whole upload, base64-encoded"
    response = client.post("/_dash-update-component", data=b"x" * (limit + 1), content_type="application/json")
    assert response.status_code == 413


def test_an_unreachable_store_ends_the_upload_with_a_message(monkeypatch):
    import base64

    from redis.exceptions import ConnectionError as RedisDown

    from app import create_app

    app = create_app()
    receive = app.callback_map[next(key for key in app.callback_map if "upload-session.data" in key
                                    and "upload-alert.children" in key)]["callback"]

    def unreachable(*args, **kwargs):
        raise RedisDown("Error 111 connecting to cache:6379. Connection refused.")

    monkeypatch.setattr(UploadStore, "put", unreachable)
    contents = "data:text/csv;base64," + base64.b64encode(FRANCE).decode()
    reply = receive.__wrapped__(contents, "france.csv", "auto")
    assert "Not loaded: the server could not keep france.csv (ConnectionError); try again later" in str(reply)


@pytest.mark.parametrize("data, said", [
    (b"[" * 100_000 + b"]" * 100_000, "Not loaded: deep.json nests 100,000 levels deep"),
    (b"source,target,start\n" + b"X" * 20_000_000 + b",China,1961\n", "unknown country 'XXXXXXXX"),
])
def test_a_hostile_upload_is_said_for_what_it_is(data, said):
    import base64

    from app import create_app

    app = create_app()
    receive = app.callback_map[next(key for key in app.callback_map if "upload-session.data" in key
                                    and "upload-alert.children" in key)]["callback"]
    reply = receive.__wrapped__("data:application/octet-stream;base64," + base64.b64encode(data).decode(), "deep.json", "auto")
    message = str(reply[3])
    assert said in message and "could not keep" not in message
    assert len(message) < 700, "the cell is quoted, not echoed"

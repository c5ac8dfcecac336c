"""A gunicorn worker is set up before it takes a request (alliance_atlas.commands.workers.set_up)."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest

pytest.importorskip("gunicorn")

from alliance_atlas.commands.workers import set_up  # noqa: E402
from app import create_app  # noqa: E402


def test_a_worker_serves_every_script_of_the_page_when_its_first_requests_ask_for_them_at_once():
    """The page comes from one worker; another worker's first requests are its scripts, at once."""
    page = create_app().server.test_client().get("/").get_data(as_text=True)
    scripts = re.findall(r'src="(/_dash-component-suites/[^"]+)"', page)
    assert len(scripts) > 5, page[:500]
    for _ in range(3):  # the race is lost only sometimes: three fresh workers
        worker = set_up(create_app().server)
        with ThreadPoolExecutor(16) as pool:
            statuses = list(pool.map(lambda path: worker.test_client().get(path).status_code, scripts * 4))
        assert statuses == [200] * len(statuses)

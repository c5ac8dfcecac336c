"""``alliance-atlas serve --workers N``: the app in N gunicorn worker processes.

Every worker builds its own app (and loads the data file itself), so no thread or open Chromium
crosses gunicorn's fork; uploads live in the store the workers share (components/shared_store.py) and
animation exports' progress and files beside it (components/background_jobs.py), so any worker can
answer any browser. The access log names the worker that answered each request (its process id),
which is how an operator, or the two-worker test, sees that they share the work.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from gunicorn.app.base import BaseApplication

from alliance_atlas.hosting.datasets import SERVER_STARTED

#: gunicorn's access log format with the answering worker's process id first.
ACCESS_LOG_FORMAT = 'worker=%(p)s %(h)s "%(r)s" %(s)s %(b)s %(M)sms'


def set_up(server):
    """The Flask server of a Dash app, set up before it takes a request.

    Dash sets itself up on its first request and marks that done before it has registered the
    page's scripts, so a worker whose first requests are the page's concurrent script requests (the
    page itself came from another worker) answers some of them with HTTP 500.
    """
    server.test_client().get("/_dash-dependencies")
    return server


def serve_with_workers(build_server: Callable[[], object], host: str, port: int, workers: int, threads: int,
                       timeout: int = 120) -> None:
    """Run gunicorn in this process until it is stopped; ``build_server`` makes the Flask app in
    each worker, which names the views it draws by this server's start (datasets.SERVER_STARTED)."""
    os.environ[SERVER_STARTED] = str(time.time())

    class AtlasServer(BaseApplication):
        def load_config(self):
            settings = {"bind": f"{host}:{port}", "workers": workers, "threads": threads,
                        "worker_class": "gthread", "timeout": timeout, "accesslog": "-",
                        "access_log_format": ACCESS_LOG_FORMAT}
            # gunicorn 24+ opens a control socket at one path per user, which a second server would take over
            if "control_socket_disable" in self.cfg.settings:
                settings["control_socket_disable"] = True
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self):
            return set_up(build_server())

    AtlasServer().run()

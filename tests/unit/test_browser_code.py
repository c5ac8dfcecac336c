"""The browser code's unit tests (tests/js, run by Node's test runner) on fixtures the core writes for them
(tests/js/fixtures.py): the frame book read in JS frame by frame against the server's figures, the player's
timing, the keys, the labels' places."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.js import fixtures

NODE = shutil.which("node")
TESTS = Path(__file__).resolve().parents[1] / "js"


@pytest.mark.skipif(NODE is None, reason="no Node.js: install nodejs (Debian) to run the browser code's unit tests")
def test_the_browser_code_s_unit_tests_pass(tmp_path):
    fixtures.main(str(tmp_path))
    done = subprocess.run([NODE, "--test", "--test-reporter=tap", str(TESTS)], capture_output=True, text=True,
                          env={**os.environ, "ATLAS_JS_FIXTURES": str(tmp_path)}, timeout=300)
    report = done.stdout + done.stderr
    assert done.returncode == 0, report[-8000:]
    assert "# fail 0" in report and "# skipped 0" in report, report[-8000:]


ASSETS = Path(__file__).resolve().parents[2] / "assets" / "atlas"
ROOT = ASSETS.parents[1]


def test_each_browser_module_is_small_and_keeps_to_the_one_namespace():
    modules = sorted(ASSETS.glob("*.js"))
    assert len(modules) >= 8
    for path in modules:
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= 500, path.name
        # one function adding its part to window.atlas; no globals of its own, nothing kept on plotly's element
        assert text.rstrip().endswith("})(globalThis.atlas = globalThis.atlas || {});"), path.name
        assert not re.search(r"window\.atlas[A-Z]|\bgd\.atlas|^(const|let|var|function) ", text, re.M), path.name


def test_every_clientside_callback_the_components_name_is_there():
    named = set()
    for path in [ROOT / "app.py", *(ROOT / "components").glob("*.py")]:
        named |= set(re.findall(r'namespace="atlas", function_name="(\w+)"', path.read_text(encoding="utf-8")))
    defined = set(re.findall(r"^      (\w+): function", (ASSETS / "callbacks.js").read_text(encoding="utf-8"), re.M))
    assert named and named == defined

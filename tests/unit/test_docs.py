"""The README stays a user's guide: short, and naming every parameter a link may carry."""

import dataclasses

from alliance_atlas.selection import Selection
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()


def test_the_readme_is_a_short_guide_starting_with_the_two_commands():
    lines = README.splitlines()
    assert len(lines) <= 160
    assert lines[3].startswith("make run") and lines[4].startswith("make test")


def test_every_link_parameter_is_in_the_readme_table():
    links = README.split("## Links", 1)[1].split("\n## ", 1)[0]
    parameters = {field.name for field in dataclasses.fields(Selection)} | {"dataset", "date", "step", "layers", "kind", "tour", "stop"}
    assert {name for name in parameters if f"| `{name}` |" not in links} == set()

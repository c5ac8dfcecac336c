"""Cells a spreadsheet would run as formulas are neutralised in every CSV written, however they hide
the sign (quotes, Unicode spaces, zero-width marks, fullwidth signs). The cases are shared with the
browser's own table export (tests/js/spreadsheet_safe.test.js)."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from alliance_atlas.export.tables import spreadsheet_safe

CASES = json.loads((Path(__file__).parents[1] / "fixtures" / "formula_cells.json").read_text())
#: The cases a CSV cell of a loaded file can hold (a line break would end the row).
ONE_LINE = [cell for cell in CASES["formula"] if not {"\r", "\n"} & set(cell)]


@pytest.mark.parametrize("cell", CASES["formula"])
def test_a_formula_cell_gets_an_apostrophe(cell):
    assert spreadsheet_safe(pd.DataFrame({"label": [cell]}))["label"].iloc[0] == "'" + cell


@pytest.mark.parametrize("cell", CASES["text"])
def test_plain_text_is_written_as_it_is(cell):
    assert spreadsheet_safe(pd.DataFrame({"label": [cell]}))["label"].iloc[0] == cell


@pytest.mark.parametrize("what", ["ties", "changes"])
def test_the_cli_s_csv_neutralises_every_variant(tmp_path, what):
    labels, citations = ONE_LINE[:8], ONE_LINE[8:16]
    rows = pd.DataFrame({"source": "North Korea", "target": ["China", "Russia", "Syria", "Cuba", "Laos", "Iran",
                                                             "Egypt", "Libya"],
                         "start": "2000-01-01", "end": "", "type": "defense", "label": labels,
                         "citation": citations})
    earlier = pd.DataFrame({"source": ["Cuba"], "target": ["Vietnam"], "start": ["1990-01-01"], "end": ["1995-01-01"],
                            "type": ["defense"], "label": ["Treaty"], "citation": ["Archive"]})
    rows = pd.concat([rows, earlier])  # frames before the eight ties begin, so the changes table has them
    source = tmp_path / "ties.csv"
    rows.to_csv(source, index=False)
    out = tmp_path / "out.csv"
    done = subprocess.run([sys.executable, "-m", "alliance_atlas.commands.cli", "export", str(source), "--what", what,
                           "--date", "2000", "--step", "year", "-o", str(out)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    written = [cell for row in csv.reader(io.StringIO(out.read_text())) for cell in row]
    quoted = [cell for cell in written if cell.startswith("'")]
    assert len(quoted) >= len(labels) + len(citations), "every label and citation is in the file, quoted"
    bare = [cell for cell in written if not cell.startswith("'")
            and cell.lstrip("\"' \t\u200b\u2060\ufeff\u00a0\u3000")[:1] in set("=+-@\uff1d\uff0b\uff0d\uff20")]
    assert not bare, "no variant is written bare"

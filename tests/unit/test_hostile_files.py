"""Files made to exhaust a worker end, within the budget (20 s, 1.5 GB), in one line that says why:
a few KB of Parquet whose dictionary stands for gigabytes, JSON nested 100,000 deep, workbooks whose
sheets span the whole grid, a 20 MB cell."""

import io
import subprocess
import sys
import time
import zipfile

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

#: The goal for any hostile file, on the command line (a process of its own, measured as a whole).
SECONDS, MEMORY = 20, 1536 * 2**20


def dictionary_bomb() -> bytes:
    """About 2 KB: 100,000 rows whose source is one 49,000-character text, so 4.9 GB once expanded."""
    rows = 100_000
    huge = pa.DictionaryArray.from_arrays(pa.array([0] * rows, pa.int32()), pa.array(["A" * 49_000]))
    table = pa.table({"source": huge, "target": pa.array(["PRK"] * rows).dictionary_encode(),
                      "start": pa.array(["1961"] * rows).dictionary_encode()})
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd", compression_level=19)
    return buffer.getvalue()


def workbook(sheet: bytes, shared_strings: bytes | None = None) -> bytes:
    """A workbook pandas writes, with its first sheet (and shared strings) replaced."""
    buffer = io.BytesIO()
    pd.DataFrame({"source": ["PRK"], "target": ["CHN"], "start": ["1961"]}).to_excel(buffer, index=False)
    original, out = zipfile.ZipFile(io.BytesIO(buffer.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member in original.namelist():
            data = original.read(member)
            if member == "xl/worksheets/sheet1.xml":
                data = sheet
            elif member == "xl/sharedStrings.xml" and shared_strings is not None:
                data = shared_strings
            archive.writestr(member, data)
    return out.getvalue()


def sheet(rows: bytes) -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><sheetData>' + rows + b"</sheetData></worksheet>")


HEADER = b'<row r="1"><c r="A1" t="inlineStr"><is><t>source</t></is></c><c r="B1" t="inlineStr"><is><t>target</t></is></c></row>'
HOSTILE = {
    "dictionary.parquet": (dictionary_bomb, "unpacks to more than 96 MB"),
    "deep.json": (lambda: b"[" * 100_000 + b"]" * 100_000, "nests 100,000 levels deep"),
    "deep.jsonl": (lambda: b'{"source": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n", "nests 100,001 levels deep"),
    "corner.xlsx": (lambda: workbook(sheet(HEADER + b'<row r="200"><c r="XFD200"><v>1</v></c></row>')),
                    "has a cell in column 16,384"),
    "tall.xlsx": (lambda: workbook(sheet(HEADER + b'<row r="1048576"><c r="B1048576"><v>1</v></c></row>')),
                  "has 1,048,575 rows"),
    "wide.xlsx": (lambda: workbook(sheet(HEADER + b'<row r="200000"><c r="ALL200000"><v>1</v></c></row>')),
                  "spans 200,000 rows by 1,000 columns"),
    "cell.csv": (lambda: b"source,target,start\n" + b"X" * 20_000_000 + b",China,1961\n", "unknown country 'XXX"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_file_ends_in_one_line_within_budget(tmp_path, name):
    make, message = HOSTILE[name]
    path = tmp_path / name
    path.write_bytes(make())
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "alliance_atlas.commands.cli", "summary", str(path)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, stderr = process.communicate(timeout=2 * SECONDS)
    elapsed = time.monotonic() - started
    error = stderr.decode()
    assert process.returncode == 2 and message in error, error[:500]
    assert error.count("\n") == 1 and len(error) < 700, "one line, quoting at most 80 characters of a cell"
    assert elapsed < SECONDS, f"{name} took {elapsed:.1f} s"


def test_a_hostile_file_s_peak_memory_stays_within_budget(tmp_path):
    """Every hostile file read in one process, whose peak resident memory the system reports."""
    for name, (make, _) in HOSTILE.items():
        (tmp_path / name).write_bytes(make())
    probe = ("import resource, sys; from alliance_atlas.io import LoadError, load\n"
             "for path in sys.argv[1:]:\n"
             "    try: load(path)\n"
             "    except LoadError: pass\n"
             "    else: sys.exit(f'{path} loaded')\n"
             "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)")
    done = subprocess.run([sys.executable, "-c", probe, *map(str, tmp_path.iterdir())], capture_output=True,
                          text=True, timeout=4 * SECONDS)
    assert done.returncode == 0, done.stderr[-500:]
    assert int(done.stdout) < MEMORY, f"peak {int(done.stdout) / 2**20:.0f} MB"

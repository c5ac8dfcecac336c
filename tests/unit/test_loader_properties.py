"""Property tests: whatever bytes or table arrive, a loader returns a network or raises LoadError."""

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliance_atlas.io import FORMATS, LoadError, load
from alliance_atlas.model import TemporalNetwork

COLUMNS = ["source", "target", "start", "end", "type", "weight", "statea", "stateb", "year", "defense",
           "ccode1", "ccode2", "dyad_st_year", "neutrality", "nonaggression", "entente", "from", "to"]
CELLS = st.one_of(
    st.sampled_from(["PRK", "CHN", "North Korea", "731", "710", "2", "1961", "2024-12-08", "1996-09", "", "0", "1",
                     "defense", "rivalry", "-5", "99999", "nan", "1e9", "=cmd", "Narnia", "2019-02-30"]),
    st.text(max_size=12),
    st.integers(-10, 3000).map(str),
)


def outcome(data: bytes, file_format: str = "auto"):
    try:
        network = load(data, file_format, name="prop.csv")
    except LoadError as error:
        assert str(error).strip() and "\n" not in str(error)
        return error
    assert isinstance(network, TemporalNetwork) and len(network) > 0
    return network


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000), st.sampled_from(FORMATS))
def test_random_bytes(data, file_format):
    outcome(data, file_format)


@st.composite
def tables(draw):
    header = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=8, unique=True))
    rows = draw(st.lists(st.lists(CELLS, min_size=len(header), max_size=len(header)), max_size=12))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.sampled_from(FORMATS))
def test_random_tables(data, file_format):
    outcome(data, file_format)

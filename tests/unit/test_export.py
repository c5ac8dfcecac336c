"""Export files: images, animation, tables and GEXF, checked by reading them back."""

import io
import json
import re
import signal
import threading
import xml.etree.ElementTree as ElementTree

import networkx as nx
import numpy as np
import pytest
from PIL import Image

from alliance_atlas import export
from alliance_atlas.export import animation, images, tables
from alliance_atlas.figures import network_figure
from alliance_atlas.frames import Frames
from alliance_atlas.commands.cli import main
from alliance_atlas.io import load
from alliance_atlas.selection import Selection
from tests.conftest import STORY

needs_chromium = pytest.mark.skipif(export.missing_renderer() is not None, reason="no Chromium for kaleido")
FOCUS = Selection(focus="PRK")


@pytest.fixture(scope="module")
def months(story_network):
    return Frames(story_network, "month")


@needs_chromium
def test_png_has_the_requested_size_and_scale(months):
    png = images.image(network_figure(months, 900, FOCUS), "png", 700, 450, scale=2)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert Image.open(io.BytesIO(png)).size == (1400, 900)


@needs_chromium
def test_svg_names_the_focus_and_the_date(months):
    december = months.index_of("2024-12-08")
    svg = images.image(network_figure(months, december, FOCUS), "svg", 1000, 700).decode()
    ElementTree.fromstring(svg)
    assert "North Korea" in svg and "2024-12" in svg


@needs_chromium
def test_pdf_is_one_page(months):
    pdf = images.image(network_figure(months, 900), "pdf", 1000, 700)
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1


@needs_chromium
def test_two_exports_at_once_each_get_their_own_file(months):
    results = {}

    def render(country):
        figure = network_figure(months, 900, Selection(focus=country))
        results[country] = images.image(figure, "svg", 800, 600).decode()

    threads = [threading.Thread(target=render, args=(c,)) for c in ("PRK", "KOR")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert "North Korea's alliances" in results["PRK"] and "South Korea's alliances" not in results["PRK"]
    assert "South Korea's alliances" in results["KOR"] and "North Korea's alliances" not in results["KOR"]


def page_figure(html: str, name: str) -> dict:
    return json.loads(re.search(rf"const {name} = (\{{.*?\}});\n", html, re.S).group(1))


@pytest.mark.parametrize("layout", ["force", "geo"])
def test_html_has_a_frame_per_period_and_no_remote_scripts(months, layout):
    indices = animation.frame_indices(months, "2024-01", "2025-06")
    html = animation.animation_html(months, indices, Selection(focus="PRK", layout=layout))
    network = page_figure(html, "network")
    assert [f["name"] for f in network["frames"]] == [f"{y}-{m:02d}" for y, m in
                                                      [(2024, m) for m in range(1, 13)] + [(2025, m) for m in range(1, 7)]]
    assert len(network["layout"]["sliders"][0]["steps"]) == 18
    assert not re.search(r"<script[^>]+src=[\"']?https?:", html)
    assert ("window.PlotlyGeoAssets = {topojson: {world_50m:" in html) == (layout == "geo")
    assert page_figure(html, "timeline")["layout"]["shapes"]


def test_html_frames_of_the_matrix_name_the_focus_as_of_each_frame(months):
    """The focus state's name at the end of its row follows the frame's date, as the title does."""
    indices = animation.frame_indices(months, "1991-11", "1992-02")
    figure = animation.animation_figure(months, indices, Selection(layout="matrix", focus="RUS"))
    labels = [next(note.text for note in frame.layout.annotations if note.name == "focus") for frame in figure.frames]
    assert labels == ["◀ Soviet Union"] * 2 + ["◀ Russia"] * 2


@needs_chromium
# an MP4's sides are cut to even numbers, as its 4:2:0 colour needs
@pytest.mark.parametrize("file_format, size", [("gif", (640, 400)), ("mp4", (641, 401))])
def test_videos_decode_to_the_requested_frames_and_size(months, file_format, size, tmp_path):
    indices = animation.frame_indices(months, "2024-10", "2025-03")
    data = animation.animation_video(months, indices, FOCUS, file_format, size=size)
    if file_format == "gif":
        picture = Image.open(io.BytesIO(data))
        assert (picture.n_frames, picture.size) == (6, (640, 400))
    else:
        import imageio_ffmpeg

        path = tmp_path / "animation.mp4"
        path.write_bytes(data)
        reader = imageio_ffmpeg.read_frames(str(path))
        meta = next(reader)
        assert (tuple(meta["size"]), meta["fps"]) == ((640, 400), 2)  # half a second a frame
        assert sum(1 for _ in reader) == 6


@needs_chromium
def test_an_mp4_encodes_each_frame_before_later_frames_pile_up(months, monkeypatch):
    """Streamed, a 936-frame video holds a few frames, not 936 (~3 GB of pixels at the video size)."""
    drawn, drawn_at_each_frame = [], []
    draw = images.WarmChromium._draw

    async def counted_draw(self, page, script, capture):
        drawn.append(script)
        return await draw(self, page, script, capture)

    class Encoder:
        """Stands in for ffmpeg: notes how many frames were drawn when each picture reaches it."""

        def __init__(self, command, **_):
            self.path, self.stdin, self.returncode = command[-1], self, 0

        def write(self, picture):
            assert picture[:2] == b"\xff\xd8"  # a JPEG
            drawn_at_each_frame.append(len(drawn))

        def close(self):
            open(self.path, "wb").close()

        def wait(self):
            return self.returncode

    monkeypatch.setattr(images.WarmChromium, "_draw", counted_draw)
    monkeypatch.setattr(animation, "Popen", Encoder)
    indices = animation.frame_indices(months, "2023-01", "2024-12")
    animation.animation_video(months, indices, FOCUS, "mp4", size=(320, 200))
    assert drawn == [f"atlas.video.draw({index})" for index in indices]
    # a frame is encoded before more than the pages' work and the hand-over's are drawn after it
    ahead = [count - encoded for encoded, count in enumerate(drawn_at_each_frame, start=1)]
    assert len(ahead) == len(indices) and max(ahead) <= 2 * images.FRAME_PAGES + 1


def test_an_mp4_encoder_that_fails_says_why_and_one_whose_pictures_fail_is_stopped(monkeypatch):
    with pytest.raises(export.ExportError, match=r"the MP4 encoder failed \((No JPEG data|Invalid data)"):
        animation._mp4(iter([b"not a JPEG"] * 3), 0.5)
    popen, started = animation.Popen, []

    def recorded(*args, **kwargs):
        started.append(popen(*args, **kwargs))
        return started[-1]

    def pictures():
        yield b"\xff\xd8"
        raise export.ExportError("the video renderer failed")

    monkeypatch.setattr(animation, "Popen", recorded)
    with pytest.raises(export.ExportError, match="the video renderer failed"):
        animation._mp4(pictures(), 0.5)
    assert started[0].returncode == -signal.SIGKILL


@needs_chromium
@pytest.mark.parametrize("layout, focus, days", [
    ("force", "PRK", ("2024-12-08", "2025-04-10")),
    ("geo", "PRK", ("2024-12-08", "2025-04-10")),
    ("matrix", "RUS", ("1991-12-01", "1992-01-15")),   # the focus label at the end of its row: Soviet Union, Russia
    ("force", "PRK", ("2024-11-01", "2024-12-08")),    # compare mode, from a book of its own
    # quiet months: a page that drew the same picture but for its title (three pages take turns) writes the title
    ("force", "PRK", tuple(f"2010-{month:02d}-01" for month in range(1, 5))),
], ids=["force", "geo", "matrix-RUS", "compare", "quiet"])
def test_a_video_frame_is_the_picture_of_that_frame_s_figure(months, request, layout, focus, days):
    """A frame drawn from the view's book in a warm page's plot, which has drawn other frames before (or only
    given a new title, where nothing else changed), looks as the figure of that frame drawn in a fresh page."""
    compare = "2019" if request.node.callspec.id == "compare" else None
    selection = Selection(focus=focus, layout=layout, compare=compare)
    start = months.index_of("2000-01-01")
    indices = [months.index_of(day) for day in days]
    size = (640, 400)
    first, book = animation.video_pages(months, selection, start, size)
    # captured as an MP4's frames are (JPEG), compared with fresh PNGs
    drawn = list(images.video_frames(first, book, [start, *indices], *size, picture_format="jpeg"))[1:]
    for index, picture in zip(indices, drawn):
        fresh = next(images.video_frames(network_figure(months, index, selection, size), book, [index], *size))
        a, b = (np.asarray(Image.open(io.BytesIO(data)).convert("L"), dtype=float) for data in (picture, fresh))
        assert a.shape == b.shape == (400, 640)
        # grey levels in 16 px squares: the JPEG's blur around text changes them by up to 4.3; a label left out
        # (as plotly leaves the labels of points that had none) by 25 to 38, and the matrix's cells in the
        # row order of the frames before by 28
        squares = np.abs(a - b).reshape(25, 16, 40, 16).mean(axis=(1, 3))
        assert squares.max() < 8, f"{layout}, {months.labels[index]}: {squares.max():.0f}"


@needs_chromium
def test_an_svg_is_the_size_asked_and_a_png_has_its_scale_s_pixels(months):
    figure = network_figure(months, months.index_of("2024-12"), FOCUS, (600, 400))
    svg = images.image(figure, "svg", 600, 400).decode()
    assert re.search(r'<svg[^>]* width="600" height="400"', svg), svg[:300]
    assert Image.open(io.BytesIO(images.image(figure, "png", 600, 400, scale=2))).size == (1200, 800)


def test_csv_cells_cannot_start_a_formula():
    network = load(b"source,target,start,label\nPRK,CHN,1961,\"=HYPERLINK(\"\"http://x\"\")\"\nPRK,RUS,1961,+1\n",
                   name="evil.csv")
    text = tables.ties_csv(Frames(network, "year"), 0, Selection())
    assert "'=HYPERLINK" in text and "'+1" in text
    assert not re.search(r"(^|,)[=+\-@]", text.replace("'=", "").replace("'+", ""), re.M)


def test_changes_csv_lists_each_partner_change_with_the_ties_behind_it(months):
    text = tables.changes_csv(months, FOCUS, len(months) - 1)
    assert text.splitlines()[0] == "frame,country,partner,change,what,ties,citations"
    assert re.search(r"^2024-12,North Korea,Syria,lost,lost \(military cooperation\),.*Al Kibar.*,https://", text, re.M)
    assert re.search(r"^2024-06,North Korea,Russia,upgraded,defense added to consultation \(upgraded\),", text, re.M)


def test_gexf_is_dynamic_and_round_trips_with_the_same_intervals(months, tmp_path):
    data = tables.gexf(months)
    assert b'mode="dynamic"' in data
    path = tmp_path / "korea.gexf"
    path.write_bytes(data)
    graph = nx.read_gexf(path)
    network = months.network
    assert set(graph.nodes) == set(network.node_ids)
    expected = {}
    for row in network.edges.itertuples():
        last = "None" if row.end != row.end else str((row.end - np.timedelta64(1, "D")).date())
        expected.setdefault((row.source, row.target, row.type), []).append((str(row.start.date()), last))
    found = {}
    for a, b, data in graph.edges(data=True):
        key = (min(a, b), max(a, b), data["tie_type"])
        found[key] = sorted((start, str(end)) for start, end in data["spells"])
    assert found == {k: sorted(v) for k, v in expected.items()}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [(["--date", "someday"], "cannot read 'someday'"), (["--date", "1800"], "outside the data's span"),
     (["--focus", "Narnia"], "unknown country 'Narnia'"), (["--types", "hugs"], "unknown type"),
     (["--export-format", "doc"], None)],
)
def test_cli_export_errors_exit_2_with_one_line(arguments, message, tmp_path, capsys):
    try:
        code = main(["export", str(STORY), *arguments, "-o", str(tmp_path / "out.csv")])
    except SystemExit as exit_:      # argparse rejects a choice it does not know
        code = exit_.code
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    if message:
        assert len(err) == 1 and message in err[0]


def test_cli_export_writes_csv_and_gexf(tmp_path):
    assert main(["export", str(STORY), "--date", "2024-12", "--focus", "PRK", "-o", str(tmp_path / "t.csv")]) == 0
    assert "Syria" in (tmp_path / "t.csv").read_text()
    assert main(["export", str(STORY), "-o", str(tmp_path / "k.gexf")]) == 0
    assert nx.read_gexf(tmp_path / "k.gexf").number_of_nodes() > 30

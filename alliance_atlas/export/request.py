"""One export request (what, format, frame or range, selection, size) to bytes and a file name.

The dashboard's Export panel and ``alliance-atlas export`` both describe what they want as an
:class:`ExportRequest` and call :func:`render`, so a format, a size or a file name is decided once.
"""

from __future__ import annotations

from dataclasses import dataclass

from alliance_atlas.export import animation, images, tables
from alliance_atlas.export.errors import ExportError
from alliance_atlas.export.images import IMAGE_FORMATS, Progress
from alliance_atlas.figures import network_figure, timeline_figure
from alliance_atlas.frames import Frames
from alliance_atlas.selection import Selection

ANIMATION_FORMATS = ("html", "gif", "mp4")
FORMATS = (*IMAGE_FORMATS, *ANIMATION_FORMATS, "csv", "gexf")
#: What each format can hold; the first is what a request without ``what`` gets.
CONTENTS = {
    **{kind: ("network", "timeline") for kind in IMAGE_FORMATS},
    **{kind: ("network",) for kind in ANIMATION_FORMATS},
    "csv": ("ties", "changes", "timeline", "blocs", "switches", "measures"),
    "gexf": ("network",),
}
WHATS = tuple(dict.fromkeys(what for contents in CONTENTS.values() for what in contents))
#: What covers the whole span, so its file name has no date.
WHOLE_SPAN = ("timeline", "blocs", "switches", "measures")
SIZES = {"network": (1400, 900), "timeline": (1400, 420)}


@dataclass(frozen=True)
class ExportRequest:
    """What to export. ``frame`` is the frame shown (charts, ties in force); ``start``, ``end`` and
    ``every`` choose an animation's frames (dates, the whole span by default); ``reference`` is the
    state the focus's portfolio is compared with in the measures."""

    file_format: str
    what: str | None = None
    frame: int = 0
    selection: Selection = Selection()
    scale: float = 2
    start: str | None = None
    end: str | None = None
    every: int = 1
    reference: str | None = None

    @property
    def content(self) -> str:
        """What the file holds: ``what``, or the format's natural content ("network" for GEXF)."""
        return self.what or CONTENTS[self.file_format][0]

    def animation_frames(self, frames: Frames) -> list[int]:
        """The frames an animation shows; ExportError for a range that cannot be read."""
        return animation.frame_indices(frames, self.start, self.end, self.every)

    def check(self) -> None:
        """ExportError when the format is unknown, cannot hold ``what``, or cannot be made on this machine."""
        if self.file_format not in FORMATS:
            raise ExportError(f"unknown export format {self.file_format!r}; choose one of {', '.join(FORMATS)}")
        if self.content not in CONTENTS[self.file_format]:
            raise ExportError(f"a {self.file_format.upper()} file can hold {' or '.join(CONTENTS[self.file_format])}, "
                              f"not {self.content}")
        if self.file_format in IMAGE_FORMATS and not (isinstance(self.scale, (int, float)) and 0.5 <= self.scale <= 8):
            raise ExportError(f"the scale must be a number from 0.5 to 8, not {str(self.scale)[:40]!r}")
        if self.file_format in (*IMAGE_FORMATS, "gif", "mp4") and (missing := images.missing_renderer(self.file_format)):
            raise ExportError(missing)


def file_name(frames: Frames, request: ExportRequest, dataset: str) -> str:
    """``dataset_what_when_focus.ext``: when is the frame shown, the animation's range, or nothing
    for what covers the whole span (changes, the timeline's numbers, GEXF)."""
    kind, what = request.file_format, request.content
    if kind in ANIMATION_FORMATS:
        indices = request.animation_frames(frames)
        what, when = "animation", f"{frames.labels[indices[0]]}-{frames.labels[indices[-1]]}"
    elif kind == "gexf" or (kind == "csv" and what in WHOLE_SPAN) or (what == "changes" and not request.selection.compare):
        when = ""
    elif request.selection.compare:
        when = f"{request.selection.compare}-{frames.labels[frames.clamp(request.frame)]}"
    else:
        when = frames.labels[frames.clamp(request.frame)]
    parts = [dataset, what, when, request.selection.focus or ""]
    return "_".join(part for part in parts if part) + f".{kind}"


def render(frames: Frames, request: ExportRequest, dataset: str, progress: Progress | None = None) -> tuple[bytes, str]:
    """The file's bytes and a name for it; ExportError for anything the user or the machine can fix."""
    request.check()
    kind, what, selection = request.file_format, request.content, request.selection
    frame = frames.clamp(request.frame)
    name = file_name(frames, request, dataset)
    if kind in IMAGE_FORMATS:
        figure = timeline_figure(frames, frame, selection) if what == "timeline" else \
            network_figure(frames, frame, selection, SIZES[what])
        return images.image(figure, kind, *SIZES[what], request.scale), name
    if kind in ANIMATION_FORMATS:
        indices = request.animation_frames(frames)
        if kind == "html":
            return animation.animation_html(frames, indices, selection).encode(), name
        return animation.animation_video(frames, indices, selection, kind, progress=progress), name
    if kind == "gexf":
        return tables.gexf(frames, selection), name
    if what == "changes":
        return tables.changes_csv(frames, selection, frame).encode(), name
    if what == "timeline":
        return tables.timeline_csv(frames, selection).encode(), name
    if what == "blocs":
        return tables.blocs_csv(frames, selection).encode(), name
    if what == "switches":
        return tables.switches_csv(frames, selection).encode(), name
    if what == "measures":
        return tables.measures_csv(frames, selection, request.reference).encode(), name
    return tables.ties_csv(frames, frame, selection).encode(), name

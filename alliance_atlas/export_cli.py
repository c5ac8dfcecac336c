"""``alliance-atlas export``: the dashboard's exports without a browser session, for batch reports."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from alliance_atlas import export
from alliance_atlas.countries import registry
from alliance_atlas.figures import ViewOptions, network_figure
from alliance_atlas.frames import STEPS, Frames, step_for
from alliance_atlas.io import FORMATS as FILE_FORMATS
from alliance_atlas.layout import LAYOUTS
from alliance_atlas.model import TemporalNetwork


class ExportArgumentError(ValueError):
    """A bad date, country, type or format on the command line."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file")
    parser.add_argument("--format", dest="file_format", choices=FILE_FORMATS, default="auto", help="input layout")
    parser.add_argument("--date", help="the frame to show (YYYY, YYYY-MM or YYYY-MM-DD; default: the last)")
    parser.add_argument("--focus", help="a country (name, ISO alpha-3 or COW code)")
    parser.add_argument("--depth", type=int, choices=(1, 2), default=1)
    parser.add_argument("--layout", choices=LAYOUTS, default="force")
    parser.add_argument("--types", help="comma-separated tie types to keep")
    parser.add_argument("--step", choices=STEPS, default=None, help="month or year frames")
    parser.add_argument("--from", dest="start", help="first frame of an animation")
    parser.add_argument("--to", dest="end", help="last frame of an animation")
    parser.add_argument("--every", type=int, default=1, help="keep every n-th frame of an animation")
    parser.add_argument("--what", choices=("network", "timeline", "ties", "changes"), default="network",
                        help="which chart (png/svg/pdf) or table (csv)")
    parser.add_argument("--scale", type=float, default=2, help="PNG scale (default 2x)")
    parser.add_argument("-o", "--output", required=True, help="the file to write")
    parser.add_argument("--export-format", dest="export_format", choices=export.FORMATS,
                        help="what to write (default: from the output's extension)")


def options_for(network: TemporalNetwork, args) -> ViewOptions:
    focus = None
    if args.focus:
        focus = registry().resolve(pd.Series([args.focus])).item()
        if not isinstance(focus, str):
            raise ExportArgumentError(f"unknown country {args.focus!r}")
        if focus not in network.node_ids:
            raise ExportArgumentError(f"{args.focus} has no ties in {network.name}")
    types = None
    if args.types:
        types = tuple(t.strip() for t in args.types.split(",") if t.strip())
        unknown = [t for t in types if t not in network.types]
        if unknown:
            raise ExportArgumentError(f"unknown type(s) {', '.join(unknown)}; this data has {', '.join(network.types)}")
    return ViewOptions(layout=args.layout, types=types, focus=focus, depth=args.depth)


def run(args, network: TemporalNetwork) -> int:
    """Write the export; raises ExportArgumentError or export.ExportError for what the user can fix."""
    output = Path(args.output)
    kind = args.export_format or output.suffix.lstrip(".").lower()
    if kind not in export.FORMATS:
        raise ExportArgumentError(f"unknown export format {kind!r}; choose one of {', '.join(export.FORMATS)}")
    frames = Frames(network, step_for(network, args.step or "month"))
    options = options_for(network, args)
    try:
        frame = frames.index_of(args.date) if args.date else len(frames) - 1
    except ValueError as error:
        raise ExportArgumentError(str(error)) from None

    def progress(done: int, total: int) -> None:
        print(f"\rrendering frame {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)

    if kind in export.IMAGE_FORMATS:
        if args.what == "timeline":
            from alliance_atlas.figures import timeline_figure

            data = export.image(timeline_figure(frames, frame, options.types, options.focus), kind,
                                *export.TIMELINE_SIZE, args.scale)
        else:
            data = export.image(network_figure(frames, frame, options), kind, *export.NETWORK_SIZE, args.scale)
    elif kind in export.ANIMATION_FORMATS:
        indices = export.frame_indices(frames, args.start, args.end, args.every)
        if kind == "html":
            data = export.animation_html(frames, indices, options).encode()
        else:
            data = export.animation_video(frames, indices, options, kind, progress=progress)
    elif kind == "csv":
        text = export.changes_csv(frames, options) if args.what == "changes" else export.ties_csv(frames, frame, options)
        data = text.encode()
    else:
        data = export.gexf(frames, options)
    output.write_bytes(data)
    print(f"wrote {output} ({len(data) / 1024:.0f} KB)")
    return 0

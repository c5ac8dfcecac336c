"""``alliance-atlas export``: the dashboard's exports without a browser session, for batch reports."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from alliance_atlas import export
from alliance_atlas.frames import STEPS, Frames, step_for
from alliance_atlas.commands.arguments import add_file_arguments
from alliance_atlas.hosting.datasets import dataset_id_for
from alliance_atlas.layout import LAYOUTS
from alliance_atlas.model import TemporalNetwork
from alliance_atlas.selection import ALLY_SETTINGS, COLOR_MODES, DEPTHS, Selection


class ExportArgumentError(ValueError):
    """A bad date, country, type or format on the command line."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_file_arguments(parser, format_dest="file_format")
    parser.add_argument("--date", help="the frame to show (YYYY, YYYY-MM or YYYY-MM-DD; default: the last)")
    parser.add_argument("--focus", help="a country (name, ISO alpha-3 or COW code)")
    parser.add_argument("--depth", choices=[str(d) for d in DEPTHS], help="the focus's neighbourhood (default 1)")
    parser.add_argument("--layout", choices=LAYOUTS, help="node positions (default force)")
    parser.add_argument("--types", help="comma-separated tie types to keep")
    parser.add_argument("--min-weight", dest="min_weight", help="keep ties weighing at least this (unweighted ties stay)")
    parser.add_argument("--allies", choices=ALLY_SETTINGS,
                        help="what makes allies: security ties (default; diplomatic relations make partners) or all")
    parser.add_argument("--color", choices=COLOR_MODES, help="colour states by region (default) or bloc")
    parser.add_argument("--window", help="months a side switch may take (default 36)")
    parser.add_argument("--compare-to", dest="compare", help="a second date: show what differs between it and --date")
    parser.add_argument("--step", choices=STEPS, default=None, help="month or year frames")
    parser.add_argument("--from", dest="start", help="first frame of an animation")
    parser.add_argument("--to", dest="end", help="last frame of an animation")
    parser.add_argument("--every", type=int, default=1, help="keep every n-th frame of an animation")
    parser.add_argument("--what", choices=export.WHATS, default=None,
                        help="which chart (png/svg/pdf: network or timeline) or table (csv: ties, changes, timeline, "
                             "blocs, switches or measures)")
    parser.add_argument("--reference", help="the state whose alliance portfolio the focus's is compared with "
                                            "(measures: S score and kappa)")
    parser.add_argument("--scale", type=float, default=2, help="PNG scale (default 2x)")
    parser.add_argument("-o", "--output", required=True, help="the file to write")
    parser.add_argument("--export-format", dest="export_format", choices=export.FORMATS,
                        help="what to write (default: from the output's extension)")


def selection_for(network: TemporalNetwork, args) -> Selection:
    """The selection the flags describe; ExportArgumentError naming everything the data cannot honour."""
    selection, problems = Selection.parse(
        {"layout": args.layout, "types": args.types, "focus": args.focus, "depth": args.depth,
         "min_weight": args.min_weight, "allies": args.allies, "compare": args.compare,
         "color": args.color, "window": args.window}, network)
    if problems:
        raise ExportArgumentError("; ".join(problems))
    return selection


def reference_for(network: TemporalNetwork, text: str | None) -> str | None:
    """The reference state's id; ExportArgumentError for one the data does not have."""
    if not text:
        return None
    found = Selection.parse({"focus": text}, network)
    if found[1]:
        raise ExportArgumentError(found[1][0].replace("country", "reference", 1))
    return found[0].focus


def run(args, network: TemporalNetwork) -> int:
    """Write the export; raises ExportArgumentError or export.ExportError for what the user can fix."""
    output = Path(args.output)
    frames = Frames(network, step_for(network, args.step or "month"))
    try:
        frame = frames.index_of(args.date) if args.date else len(frames) - 1
    except ValueError as error:
        raise ExportArgumentError(str(error)) from None
    request = export.ExportRequest(
        file_format=args.export_format or output.suffix.lstrip(".").lower(), what=args.what, frame=frame,
        selection=selection_for(network, args), scale=args.scale, start=args.start, end=args.end, every=args.every,
        reference=reference_for(network, args.reference))

    def progress(done: int, total: int) -> None:
        print(f"\rrendering frame {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)

    data, _ = export.render(frames, request, dataset_id_for(Path(args.file)), progress)
    output.write_bytes(data)
    print(f"wrote {output} ({len(data) / 1024:.0f} KB)")
    return 0

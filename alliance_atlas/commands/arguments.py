"""What every command that reads a file takes: FILE, how to read it (``--format``, ``--type``, ``--kind``)
and the files shown with it (``--layer``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from alliance_atlas.hosting.datasets import Source
from alliance_atlas.io import FORMATS
from alliance_atlas.relations import RELATIONS, Layer

#: The FILE argument of every command that reads one.
FILE_HELP = ("a table as CSV (plain, .gz or UTF-16), Parquet, Excel .xlsx, JSON lines or a JSON array, told apart "
             "by content")
#: The --format option of every command that reads a file.
FORMAT_HELP = "the layout of the table's columns, whatever its file format (default: detected from the header)"
#: The --type option of every command that reads a file.
TYPE_HELP = "the type of every tie of a panel without obligation flags (e.g. dispute; default: the file's name)"
#: The --kind option of every command that reads a file.
KIND_HELP = ("what the file's ties are: alliance, partner (diplomatic ties) or hostile (rivalries, disputes); "
             "default: guessed from its columns (the MID files read as hostile)")
#: The --layer option of every command that reads a file.
LAYER_HELP = "RELATION=FILE: another file shown with FILE, its ties read as RELATION (alliance, partner, hostile); repeatable"


def add_file_arguments(parser: argparse.ArgumentParser, required: bool = True, format_dest: str = "format") -> None:
    """FILE and how to read it, as every command that reads one takes them."""
    parser.add_argument("file", nargs=None if required else "?", help=FILE_HELP)
    parser.add_argument("--format", dest=format_dest, choices=FORMATS, default="auto", help=FORMAT_HELP)
    parser.add_argument("--type", dest="tie_type", metavar="NAME", help=TYPE_HELP)
    parser.add_argument("--kind", dest="relation", choices=RELATIONS, help=KIND_HELP)
    parser.add_argument("--layer", dest="layers", action="append", default=[], metavar="RELATION=FILE",
                        type=_layer, help=LAYER_HELP)


def _layer(text: str) -> Layer:
    try:
        return Layer.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def source_of(args, format_dest: str = "format") -> Source:
    """The file a command's arguments name, with how to read it and its layers."""
    return Source(Path(args.file), getattr(args, format_dest), args.tie_type, args.relation, tuple(args.layers))

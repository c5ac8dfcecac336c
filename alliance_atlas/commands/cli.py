"""The ``alliance-atlas`` command: summary, serve, jobs and export. Bad input exits 2 with one line."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from alliance_atlas.frames import Frames
from alliance_atlas.commands.arguments import add_file_arguments, source_of
from alliance_atlas.hosting.datasets import Source
from alliance_atlas.io import LoadError
from alliance_atlas.model import NEGATIVE_TYPES, TYPE_ORDER, TemporalNetwork
from alliance_atlas.relations import RELATION_NOUNS, hostile_noun, hostile_only


class CommandError(Exception):
    """A user mistake on the command line, reported as one line and exit code 2."""


def paired(network: TemporalNetwork) -> str:
    """What the data's pairs are: "allied pairs" when it has an alliance type, "pairs in dispute" (or
    rivalry) when all its ties are hostile, else "pairs in a tie" (a panel of trade pacts is not alliances)."""
    if hostile_only(network):
        return f"pairs in {hostile_noun(network.types)}"
    return "allied pairs" if set(network.types) & set(TYPE_ORDER) - NEGATIVE_TYPES else "pairs in a tie"


def summary_lines(network: TemporalNetwork) -> list[str]:
    """What ``alliance-atlas summary`` prints about a network."""
    yearly = Frames(network, "year")
    counts = yearly.counts()
    busiest = int(counts["partners"].to_numpy().argmax())
    type_counts = network.edges["type"].value_counts()
    lines = [
        f"file      {network.name} ({network.source_format})",
        f"nodes     {len(network.node_ids)} states",
        f"ties      {len(network)} (one pair, one type, one interval each)",
        f"span      {yearly.labels[0]}–{yearly.labels[-1]} ({'day' if network.precision == 'day' else 'year'} precision)",
        "types     " + ", ".join(f"{t} {type_counts[t]}" for t in network.types),
        f"busiest   {yearly.labels[busiest]} with {counts['partners'].iloc[busiest]} {paired(network)}",
    ]
    if len(network.layers) > 1:
        lines.insert(1, "layers    " + "; ".join(f"{name} ({RELATION_NOUNS[relation]})" for relation, name in network.layers))
    lines += [f"warning   {w}" for w in network.warnings]
    return lines


def _load(source: Source) -> TemporalNetwork:
    try:
        return source.load()
    except LoadError as error:
        raise CommandError(str(error)) from None


def _summary(args) -> int:
    network = _load(source_of(args))
    print("\n".join(summary_lines(network)))
    return 0


def _check_store() -> None:
    from components.shared_store import StoreRefused, check_store

    try:
        check_store()
    except StoreRefused as error:
        raise CommandError(str(error)) from None


def _serve(args) -> int:
    from app import create_app  # the UI is imported only when serving

    _check_store()
    extra = _data_file(args)
    tours = _tours(args.tours)
    if args.workers < 1 or args.threads < 1 or args.job_processes < 0:
        raise CommandError("--workers and --threads must be 1 or more, --job-processes 0 or more")
    print(f"Alliance Atlas on http://{args.host}:{args.port}", flush=True)
    with _job_workers(args):
        if args.workers == 1:
            create_app(extra, warm=True, tours=tours).run(host=args.host, port=args.port,
                                                                     debug=args.debug)
            return 0
        try:
            from alliance_atlas.commands.workers import serve_with_workers
        except ImportError:
            raise CommandError("--workers needs gunicorn (pip install gunicorn; it does not run on Windows)") from None
        serve_with_workers(lambda: create_app(extra, warm=True, tours=tours).server, args.host,
                           args.port, args.workers, args.threads)
    return 0


def _tours(paths: list[str]) -> dict:
    """Tour files by name (their stem: ``tour=NAME`` in a link), read before the server starts."""
    from alliance_atlas.tours import TourError, read_tour_file

    try:
        return {Path(path).stem: read_tour_file(Path(path)) for path in paths}
    except TourError as error:
        raise CommandError(f"--tour: {error}") from None


def _jobs(args) -> int:
    from app import create_app
    from components.background_jobs import run_job_worker

    if not os.environ.get("REDIS_URL"):
        raise CommandError("job workers take their jobs from Redis: set REDIS_URL")
    if args.processes < 1:
        raise CommandError("--processes must be 1 or more")
    run_job_worker(create_app(_data_file(args)).server, args.processes)
    return 0


def _data_file(args) -> Source | None:
    """The FILE of serve or jobs (and its layers), read once so that a bad file fails now, with the
    loader's message."""
    if not args.file:
        if args.layers:
            raise CommandError("--layer needs a FILE to be a layer of")
        return None
    source = source_of(args)
    _load(source)
    return source


@contextmanager
def _job_workers(args):
    """With REDIS_URL, animation exports run in Celery job workers beside the web server: one
    ``alliance-atlas jobs`` process on this host for as long as the server runs (it stops with it)."""
    if not os.environ.get("REDIS_URL") or args.job_processes == 0:
        yield
        return
    command = [sys.executable, "-m", "alliance_atlas.commands.cli", "jobs", *([args.file] if args.file else []),
               "--format", args.format, *(["--type", args.tie_type] if args.tie_type else []),
               *(["--kind", args.relation] if args.relation else []),
               *(option for layer in args.layers for option in ("--layer", f"{layer.relation}={layer.path}")),
               "--processes", str(args.job_processes)]
    worker = subprocess.Popen(command, preexec_fn=_stop_with_parent if sys.platform == "linux" else None)
    print(f"Animation exports run in the job worker {worker.pid}, with their jobs on REDIS_URL", flush=True)
    try:
        yield
    finally:
        worker.terminate()
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            worker.kill()


def _stop_with_parent() -> None:
    """In the job worker, before it runs: the kernel ends it when the server that started it dies,
    even by SIGKILL."""
    import ctypes

    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _export(args) -> int:
    from alliance_atlas.export import ExportError
    from alliance_atlas.commands import export_cli

    network = _load(source_of(args, "file_format"))
    try:
        return export_cli.run(args, network)
    except (export_cli.ExportArgumentError, ExportError) as error:
        raise CommandError(str(error)) from None


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="alliance-atlas", description="Alliances between countries over time.")
    commands = top.add_subparsers(dest="command", required=True)

    summary = commands.add_parser("summary", help="print nodes, ties, span, types and the busiest year")
    add_file_arguments(summary)
    summary.set_defaults(run=_summary)

    serve = commands.add_parser("serve", help="start the dashboard (on the bundled data without FILE)")
    add_file_arguments(serve, required=False)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8050)
    serve.add_argument("--debug", action="store_true", help="Dash's debug mode (one worker only)")
    serve.add_argument("--tour", action="append", default=[], dest="tours", metavar="FILE",
                       help="a guided tour (JSON or YAML, docs/tours.md), opened by ?tour=NAME (the file's stem); "
                            "repeatable")
    serve.add_argument("--workers", type=int, default=1, metavar="N",
                       help="worker processes; more than 1 runs gunicorn, uploads and exports shared between them")
    serve.add_argument("--threads", type=int, default=4, metavar="N", help="threads per worker under gunicorn")
    serve.add_argument("--job-processes", type=int, default=2, metavar="N",
                       help="with REDIS_URL: processes of the job worker started beside the server, which render "
                            "animation exports (0: none, the exports run in `alliance-atlas jobs` started elsewhere)")
    serve.set_defaults(run=_serve)

    jobs = commands.add_parser("jobs", help="with REDIS_URL: render animation exports for the servers that share "
                                            "that Redis (serve starts one; run more on other hosts)")
    add_file_arguments(jobs, required=False)
    jobs.add_argument("--processes", type=int, default=2, metavar="N", help="jobs rendered at once")
    jobs.set_defaults(run=_jobs)

    from alliance_atlas.commands import export_cli

    export = commands.add_parser("export", help="write a chart, animation, table or GEXF without a browser")
    export_cli.add_arguments(export)
    export.set_defaults(run=_export)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except CommandError as error:
        print(f"alliance-atlas: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

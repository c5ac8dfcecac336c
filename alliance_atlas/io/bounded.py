"""Loading with a budget: a file is parsed in a process of its own, stopped when it takes longer than
:data:`PARSE_SECONDS` or asks for more than :data:`PARSE_MEMORY` bytes.

The limits in :mod:`alliance_atlas.io.limits` refuse what a file declares before it is parsed; this
bounds what no declaration shows (a workbook whose cells are slow to read, a library's own blow-up).
The process is forked from the caller, so it starts with every module already imported and the
caller's thread only waits on a pipe: a server's worker keeps answering its other requests meanwhile.
Where processes cannot be forked (Windows), the file is loaded in the caller, with the declared limits
only.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
from pathlib import Path

from alliance_atlas.io import load
from alliance_atlas.io.errors import LoadError
from alliance_atlas.model import TemporalNetwork

#: Longest a file may take to become a network: ATOP's 273,000 rows take a second or two.
PARSE_SECONDS = 15
#: The most memory a parse may add to its process's address space.
PARSE_MEMORY = 1536 * 2**20

_FORKS = hasattr(os, "fork")


def load_bounded(source: str | Path | bytes, format: str = "auto", name: str | None = None,
                 kind: str | None = None, relation: str | None = None, seconds: float = PARSE_SECONDS,
                 memory: int = PARSE_MEMORY) -> TemporalNetwork:
    """:func:`alliance_atlas.io.load` within ``seconds`` and ``memory``; LoadError, saying which budget
    ran out, when a parse passes one.

    >>> load_bounded(b"source,target,start\\nNorth Korea,China,1961-07-11\\n", name="demo.csv").node_ids.tolist()
    ['CHN', 'PRK']
    """
    if name is None:
        name = Path(source).name if isinstance(source, (str, Path)) else "upload"
    if not _FORKS:
        return load(source, format, name=name, kind=kind, relation=relation)
    receiving, sending = multiprocessing.Pipe(duplex=False)
    # os.fork, not multiprocessing.Process: a Celery pool's process is daemonic, and those may not have
    # children of multiprocessing's own
    parse = os.fork()
    if parse == 0:
        receiving.close()
        try:
            _parse(sending, source, format, name, kind, relation, memory)
        finally:
            os._exit(0)
    sending.close()
    try:
        if not receiving.poll(seconds):
            raise LoadError(f"{name} took more than {seconds:g} s to read, this server's limit for one file, and "
                            "was stopped; split it into smaller files")
        outcome, value = receiving.recv()
    except EOFError:  # the process died without a word: a library that aborts when memory runs out
        outcome, value = "error", None
    finally:
        receiving.close()
        with contextlib.suppress(ProcessLookupError):
            os.kill(parse, signal.SIGKILL)
        exit_code = os.waitstatus_to_exitcode(os.waitpid(parse, 0)[1])
    if outcome == "network":
        return value
    if value is None:
        dead = exit_code in (-signal.SIGABRT, -signal.SIGKILL, -signal.SIGSEGV)
        value = _too_large(name, memory) if dead else f"{name} could not be read: its reader stopped (exit code {exit_code})"
    raise LoadError(value)


def _too_large(name: str, memory: int) -> str:
    return f"{name} needs more than {memory / 2**30:.1f} GB to read, this server's limit for one file"


def _parse(sending, source, format: str, name: str, kind: str | None, relation: str | None, memory: int) -> None:
    """In the parse's process: load within ``memory`` more bytes of address space, and send back the
    network or the message of what stopped it."""
    _limit_address_space(memory)
    try:
        sending.send(("network", load(source, format, name=name, kind=kind, relation=relation)))
    except LoadError as error:
        sending.send(("error", str(error)))
    except MemoryError:
        sending.send(("error", _too_large(name, memory)))
    except Exception as error:  # a loader's bug: said as such, logged for whoever runs the server
        logging.getLogger(__name__).exception("reading %s failed", name)
        sending.send(("error", f"{name} could not be read ({type(error).__name__}: {str(error)[:200]})"))
    finally:
        sending.close()


def _limit_address_space(memory: int) -> None:
    """Let this process map at most ``memory`` more bytes than it has now (where the system says how much
    that is: Linux)."""
    import resource

    try:
        with open(f"/proc/{os.getpid()}/statm") as statm:
            now = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = now + memory if hard == resource.RLIM_INFINITY else min(now + memory, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))

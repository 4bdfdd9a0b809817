"""Bounded work per document: each file is parsed in a worker process that is stopped when
it runs past its time budget (a thread cannot be stopped; a parser can loop for minutes on a
hostile file, such as a PDF whose pages share one huge stream).

The worker is a plain ``python -c`` child, started on the first parse and
kept for the life of this process (one per process, parses taken in turn), replaced only
after it was stopped. Being a fresh interpreter, it never re-runs the caller's main script
(as multiprocessing's spawn and forkserver do) and inherits no threads or locks (as fork
would). Messages are pickles over a pair of pipes.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ingest.domain import Domain
from ingest.loaders import LoadError, SourceDocument, parse_file

log = logging.getLogger(__name__)
WORKER = "import sys; from ingest.bounded import serve; serve(int(sys.argv[1]), int(sys.argv[2]))"


@dataclass(frozen=True)
class Limits:
    """How much one file may cost: bytes, chunks, PDF pages and parse seconds."""

    max_bytes: int
    max_chunks: int | None = None
    max_pages: int | None = None
    parse_seconds: float | None = None

    def key(self) -> str:
        """Recorded with a failure: a file refused under other limits is tried again."""
        return f"{self.max_bytes}/{self.max_chunks}/{self.max_pages}/{self.parse_seconds}"


def _parse(job: tuple[Any, ...]) -> tuple[str, Any]:
    data, path, root, limits, domain = job
    try:
        docs = parse_file(
            data,
            Path(path),
            Path(root),
            max_bytes=limits.max_bytes,
            domain=domain,
            max_pages=limits.max_pages,
        )
    except LoadError as exc:
        return "error", str(exc)
    except MemoryError:
        return "error", "needs more memory to parse than is available"
    return "ok", docs


class _Worker:
    """The child process and its two pipe ends."""

    def __init__(self) -> None:
        jobs_r, jobs_w = os.pipe()  # parent -> child
        results_r, results_w = os.pipe()  # child -> parent
        self.proc = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(jobs_r), str(results_w)],
            pass_fds=(jobs_r, results_w),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
        )
        os.close(jobs_r)
        os.close(results_w)
        self.send_conn = Connection(jobs_w, readable=False)
        self.recv_conn = Connection(results_r, writable=False)

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait(timeout=10)
        self.send_conn.close()
        self.recv_conn.close()


_worker: _Worker | None = None
_worker_lock = threading.Lock()  # one parse at a time per process


def _stop_worker() -> None:
    global _worker
    if _worker is not None:
        _worker.stop()
        _worker = None


def parse_in_worker(job: tuple[Any, ...], budget: float) -> tuple[str, Any]:
    """Run ``job`` in the worker; ``("timeout", None)`` after ``budget`` seconds (the worker
    is then stopped), ``("crash", code)`` if it died."""
    global _worker
    with _worker_lock:
        if _worker is None or _worker.proc.poll() is not None:
            if _worker is not None:
                _stop_worker()
            _worker = _Worker()
        try:
            _worker.send_conn.send(job)
            if not _worker.recv_conn.poll(budget):
                _stop_worker()
                return "timeout", None
            return _worker.recv_conn.recv()
        except (EOFError, OSError):
            code = _worker.proc.poll() if _worker is not None else None
            _stop_worker()
            return "crash", code


class BoundedParser:
    """Parses files within ``limits.parse_seconds`` each (in this process when there is
    no budget). A context manager, for the sync that uses it."""

    def __init__(self, limits: Limits, domain: Domain | None = None) -> None:
        self.limits, self.domain = limits, domain
        self.parsed = 0  # files parsed (failures included)

    def __enter__(self) -> BoundedParser:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def parse(self, data: bytes, path: Path, root: Path) -> list[SourceDocument]:
        """The file's documents, or ``LoadError`` with the reason (a timeout included)."""
        self.parsed += 1
        job = (data, str(path), str(root), self.limits, self.domain)
        budget = self.limits.parse_seconds
        started = time.monotonic()
        status, value = _parse(job) if budget is None else parse_in_worker(job, budget)
        log.debug("parsed path=%s status=%s seconds=%.3f", path, status,
                  time.monotonic() - started)  # fmt: skip
        if status == "ok":
            return value
        if status == "timeout":
            raise LoadError(f"took longer than the {budget:g}-second parse budget per file")
        if status == "crash":
            raise LoadError(f"the parser stopped while reading this file (exit code {value})")
        raise LoadError(value)


def serve(read_fd: int, write_fd: int) -> None:
    """The worker's loop: parse each job it is sent until the parent closes the pipe. The
    parent reports each failure; library warnings (pypdf's on broken files) stay quiet."""
    logging.basicConfig(level=logging.ERROR)
    recv, send = Connection(read_fd, writable=False), Connection(write_fd, readable=False)
    while True:
        try:
            job = recv.recv()
        except (EOFError, OSError):
            return
        send.send(_parse(job))

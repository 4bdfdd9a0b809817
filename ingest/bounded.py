"""Bounded work per document: each file is parsed in a worker process that is stopped when
it runs past its time budget (a thread cannot be stopped; a parser can loop for minutes on a
hostile file, such as a PDF whose pages share one huge stream).

The worker is a plain ``python -c`` child, started on the first parse (or when a sync
knows it will parse, so that its start-up overlaps the sync's own) and kept for the life of
this process (one per process, parses taken in turn), replaced only after it was stopped.
Being a fresh interpreter, it never re-runs the caller's main script (as multiprocessing's
spawn and forkserver do) and inherits no threads or locks (as fork would). Messages are
pickles over a pair of pipes: the worker is sent a group of files at once and answers each
as soon as it is parsed, so it parses the next file while the caller chunks the last one
(and no file costs a round trip of its own).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
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
_worker_lock = threading.Lock()  # one group of parses at a time per process


def _stop_worker() -> None:
    global _worker
    if _worker is not None:
        _worker.stop()
        _worker = None


def _running_worker() -> _Worker:
    """The worker, started (again) if there is none or it died. Hold ``_worker_lock``."""
    global _worker
    if _worker is None or _worker.proc.poll() is not None:
        if _worker is not None:
            _stop_worker()
        _worker = _Worker()
    return _worker


def start_worker() -> None:
    """Start the worker now, if it is not running: its interpreter starts while the caller
    does other work, instead of when the first file is handed to it."""
    with _worker_lock:
        _running_worker()


def parse_in_worker(job: tuple[Any, ...], budget: float) -> tuple[str, Any]:
    """Run ``job`` in the worker; ``("timeout", None)`` after ``budget`` seconds (the worker
    is then stopped), ``("crash", code)`` if it died."""
    return next(parse_many_in_worker([job], budget))


def parse_many_in_worker(
    jobs: Sequence[tuple[Any, ...]], budget: float
) -> Iterator[tuple[str, Any]]:
    """Each job's ``(status, value)`` in order, as ``parse_in_worker`` gives it. The jobs go
    to the worker in one message; each has ``budget`` seconds from the moment the one before
    it was answered (when the worker starts on it). After a timeout or a crash the worker is
    replaced and sent the jobs that were still to come."""
    with _worker_lock:
        start = 0
        try:
            while start < len(jobs):
                worker = _running_worker()
                todo = list(jobs[start:])
                try:
                    worker.send_conn.send(todo)
                except OSError:  # it died before it read them: the first one crashed it
                    code = worker.proc.poll()
                    _stop_worker()
                    start += 1
                    yield "crash", code
                    continue
                for _ in todo:
                    try:
                        if not worker.recv_conn.poll(budget):
                            _stop_worker()
                            result: tuple[str, Any] = ("timeout", None)
                        else:
                            result = worker.recv_conn.recv()
                    except (EOFError, OSError):
                        code = worker.proc.poll()
                        _stop_worker()
                        result = ("crash", code)
                    start += 1
                    yield result
                    if result[0] in ("timeout", "crash"):
                        break  # a new worker takes the rest
        finally:
            if start < len(jobs):  # the caller stopped early: the worker still has answers
                _stop_worker()  # for it, which the next caller must not read as its own


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

    def start(self) -> None:
        """Start the worker ahead of the first parse (a sync that will parse files)."""
        if self.limits.parse_seconds is not None:
            start_worker()

    def parse(self, data: bytes, path: Path, root: Path) -> list[SourceDocument]:
        """The file's documents, or ``LoadError`` with the reason (a timeout included)."""
        result = next(self.parse_many([(data, path)], root))
        if isinstance(result, LoadError):
            raise result
        return result

    def parse_many(
        self, files: Sequence[tuple[bytes, Path]], root: Path
    ) -> Iterator[list[SourceDocument] | LoadError]:
        """Each file's documents, or the ``LoadError`` that says why not, in order and as
        soon as each is parsed: every file has its own time budget."""
        jobs = [(data, str(path), str(root), self.limits, self.domain) for data, path in files]
        budget = self.limits.parse_seconds
        results = (
            (_parse(job) for job in jobs) if budget is None else parse_many_in_worker(jobs, budget)
        )
        started = time.monotonic()
        for (_, path), (status, value) in zip(files, results, strict=True):
            self.parsed += 1
            now = time.monotonic()
            log.debug("parsed path=%s status=%s seconds=%.3f", path, status, now - started)
            started = now
            if status == "ok":
                yield value
            elif status == "timeout":
                yield LoadError(f"took longer than the {budget:g}-second parse budget per file")
            elif status == "crash":
                yield LoadError(f"the parser stopped while reading this file (exit code {value})")
            else:
                yield LoadError(value)


def serve(read_fd: int, write_fd: int) -> None:
    """The worker's loop: parse each job it is sent until the parent closes the pipe. The
    parent reports each failure; library warnings (pypdf's on broken files) stay quiet."""
    logging.basicConfig(level=logging.ERROR)
    recv, send = Connection(read_fd, writable=False), Connection(write_fd, readable=False)
    while True:
        try:
            jobs = recv.recv()
        except (EOFError, OSError):
            return
        for job in jobs:
            send.send(_parse(job))

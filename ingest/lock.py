"""One writer per data dir: an advisory ``flock`` on ``<data_dir>/writer.lock``.

Writers hold it only while one sync, compaction or repair runs (a web chat or a watcher
between syncs holds nothing). The kernel drops the lock when its holder exits, even after
``kill -9``, so a crash never leaves a stale lock behind. The holder writes who it is into
the file, so a second writer can say which process is in the way. Readers never take it.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

LOCK_NAME = "writer.lock"
REFUSED = "another sync is writing the index"  # how a refusal begins (benchmarks look for it)
POLL = 0.05  # seconds between two tries while waiting for the lock


class IndexLockedError(RuntimeError):
    """Another process is writing to the same data dir (``holder``: what it wrote)."""

    def __init__(self, message: str, holder: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.holder = holder or {}


def describe_holder(info: dict[str, Any]) -> str:
    if not info:
        return "another process (it did not say which)"
    host = info.get("host")
    where = f" on {host}" if host and host != socket.gethostname() else ""
    return f"pid {info.get('pid')}{where} ({info.get('command', '?')}, since {info.get('since')})"


class _Held:
    """This process's open lock file for one data dir, shared by every ``WriterLock``."""

    def __init__(self, fh: Any) -> None:
        self.fh, self.count = fh, 0


_held: dict[Path, _Held] = {}
_held_guard = threading.Lock()


class WriterLock:
    """Re-entrant within a process, exclusive between processes."""

    def __init__(self, data_dir: Path, *, timeout: float = 1.5, command: str | None = None):
        self.path = data_dir / LOCK_NAME
        self.timeout = timeout
        self.command = command or " ".join(["alliance-assistant", *sys.argv[1:]])[:200]
        self._mine = 0

    def holder(self) -> dict[str, Any]:
        """What the current holder wrote into the lock file ({} if nothing readable)."""
        try:
            return json.loads(self.path.read_text(encoding="utf-8") or "{}")
        except (OSError, ValueError):
            return {}

    def held_by_me(self) -> bool:
        return self._mine > 0

    def busy(self) -> dict[str, Any] | None:
        """What the other process writing right now says about itself, or None when no
        other process holds the lock (this process holding it is not busy)."""
        if self.try_acquire():
            self.release()
            return None
        return self.holder()

    def acquire(self, *, timeout: float | None = None) -> None:
        """Take the lock, waiting at most ``timeout`` seconds, else ``IndexLockedError``."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        key = self.path.resolve()
        with _held_guard:
            held = _held.get(key)
            if held is None:
                held = _Held(self._open_locked(self.timeout if timeout is None else timeout))
                _held[key] = held
            held.count += 1
            self._mine += 1

    def try_acquire(self) -> bool:
        """Take the lock only if it is free right now."""
        try:
            self.acquire(timeout=0)
        except IndexLockedError:
            return False
        return True

    def release(self) -> None:
        if self._mine == 0:
            return
        key = self.path.resolve()
        with _held_guard:
            self._mine -= 1
            held = _held[key]
            held.count -= 1
            if held.count == 0:
                del _held[key]
                fcntl.flock(held.fh, fcntl.LOCK_UN)
                held.fh.close()

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def _open_locked(self, timeout: float) -> Any:
        fh = self.path.open("a+", encoding="utf-8")
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                left = deadline - time.monotonic()
                if left <= 0:
                    fh.close()
                    holder = self.holder()
                    raise IndexLockedError(
                        f"{REFUSED} in {self.path.parent}: {describe_holder(holder)}; "
                        "wait for it to finish, then run this again",
                        holder,
                    ) from None
                time.sleep(min(POLL, left))  # the last try comes when the time is up
        fh.seek(0)
        fh.truncate()
        fh.write(
            json.dumps(
                {
                    "pid": os.getpid(),
                    "host": socket.gethostname(),
                    "command": self.command,
                    "since": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                }
            )
        )
        fh.flush()
        log.debug("writer lock taken path=%s pid=%d", self.path, os.getpid())
        return fh

"""Follow a folder: file events (watchdog) are debounced into a few syncs.

A sync runs once no event has arrived for ``quiet`` seconds, or at the latest ``max_wait``
seconds after the first event of a burst, so a steady stream of events cannot starve it.
Events that arrive while a sync runs start the next round.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def _hidden(rel: str) -> bool:
    return any(part.startswith(".") or part.endswith("~") for part in Path(rel).parts)


class FolderWatcher:
    """Calls ``on_change()`` after each debounced burst of events under ``root``."""

    def __init__(
        self,
        root: Path,
        on_change: Callable[[], Any],
        *,
        quiet: float = 0.5,
        max_wait: float = 5.0,
        ignore: list[Path] | None = None,
        retry_on: tuple[type[BaseException], ...] = (),
    ) -> None:
        self.root = root.resolve()
        self.on_change = on_change
        self.retry_on = retry_on  # errors after which the same burst is synced again
        self.quiet, self.max_wait = quiet, max_wait
        self.ignore = [p.resolve() for p in ignore or []]
        self.syncs = 0  # how many times on_change ran
        self.events = 0  # relevant file events seen
        self._cond = threading.Condition()
        self._first: float | None = None  # monotonic time of the burst's first event
        self._last = 0.0
        self._stopping = False
        self._observer: Any = None
        self._worker: threading.Thread | None = None

    def relevant(self, path: str) -> bool:
        p = Path(path)
        if any(p.is_relative_to(i) for i in self.ignore):
            return False
        try:
            rel = p.relative_to(self.root).as_posix()
        except ValueError:
            return False
        return rel != "." and not _hidden(rel)

    def notify(self, *paths: str) -> None:
        """Record one file event (called from watchdog's thread)."""
        if not any(self.relevant(p) for p in paths if p):
            return
        with self._cond:
            now = time.monotonic()
            self.events += 1
            self._last = now
            if self._first is None:
                self._first = now
            self._cond.notify()

    def start(self) -> FolderWatcher:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: Any) -> None:
                if event.event_type in ("opened", "closed_no_write"):
                    return  # reads, not changes
                if event.is_directory and event.event_type == "modified":
                    return  # a child's own event says what changed
                watcher.notify(event.src_path, getattr(event, "dest_path", ""))

        self._observer = Observer()
        self._observer.schedule(Handler(), str(self.root), recursive=True)
        self._observer.start()
        self._worker = threading.Thread(target=self._run, name="folder-watcher", daemon=True)
        self._worker.start()
        log.info("watching folder=%s quiet=%.2fs max_wait=%.1fs", self.root, self.quiet,
                 self.max_wait)  # fmt: skip
        return self

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
        if self._worker is not None:
            self._worker.join(timeout=60)

    def _due(self) -> float:
        """Seconds until the pending burst should be synced (<= 0: now)."""
        assert self._first is not None
        return min(self._last + self.quiet, self._first + self.max_wait) - time.monotonic()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._stopping and (self._first is None or self._due() > 0):
                    self._cond.wait(None if self._first is None else self._due())
                if self._stopping:
                    return
                self._first = None
            try:
                self.syncs += 1
                self.on_change()
            except self.retry_on as exc:
                log.info("sync postponed, retrying in %.1f s: %s", self.quiet, exc)
                with self._cond:  # the burst is still pending: run it again after `quiet`
                    now = time.monotonic()
                    self._first = self._first or now
                    self._last = max(self._last, now)
            except Exception:  # noqa: BLE001 - keep watching; the next event retries
                log.exception("sync after file events failed")

"""The index generation: a counter that every write which changed the index increments,
kept in the record DB and in the Chroma collection's metadata (where readers on other
machines, sharing a Chroma server, see it too).

A reader compares it before each question (a read of a few tens of microseconds, or one
request to a Chroma server) and, when it moved, catches up: it reopens its embedded Chroma
client (which otherwise keeps the vectors it loaded), or, on a server, rebuilds its own
keyword index from the server. Answering-side caches key on it as well.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from ingest.lock import WriterLock
from ingest.records import GENERATION, RecordStore
from vectorstore.store import VectorIndex

log = logging.getLogger(__name__)

KEYWORD_GENERATION = "keyword_generation"  # meta key: the generation the BM25 index is of


class Generations:
    """Reads, follows and bumps the generation of one data dir's index."""

    def __init__(
        self,
        records: RecordStore,
        index: VectorIndex,
        *,
        rebuild_keywords: Callable[[], None],
        writer_lock: WriterLock,
        writing: Callable[[], bool],
    ) -> None:
        self.records, self.index = records, index
        self.rebuild_keywords = rebuild_keywords
        self.writer_lock = writer_lock
        self.writing = writing  # a write runs in this process: its own view is current
        self.seen: int | None = None  # the generation this process's view is of
        self._lock = threading.Lock()

    def current(self) -> int:
        """The index's generation now: the collection's metadata on a Chroma server, the
        record DB for the embedded store (both hold it)."""
        if self.index.url:
            return self.index.stored_generation()
        return int(self.records.peek_meta(GENERATION, "0") or 0)

    def follow(self, *, force: bool = False) -> int:
        """Catch up with writes made by other processes since this one last looked (or,
        with ``force``, after two indexes disagreed); returns the current generation."""
        now = self.current()
        if now == self.seen and not force:
            return now
        with self._lock:
            if self.writing():  # this process is the writer: nothing to catch up with
                return now
            if self.index.url:
                if not self._follow_keywords(now):
                    return now  # a local writer is at it: the next question tries again
            elif self.seen is not None or force or self.index.is_open:
                self.index.reopen()  # opened before the generation was read: maybe older
            if self.seen is not None:
                log.info("index generation %s -> %s: caught up", self.seen, now)
            self.seen = now
        return now

    def _follow_keywords(self, now: int) -> bool:
        """On a Chroma server each data dir has its own keyword index: rebuild it from the
        server when it is of an older generation. False when a local writer holds the lock
        (the index is left for it, and this view is not yet of ``now``)."""
        if self.records.get_meta(KEYWORD_GENERATION) == str(now):
            return True
        if not self.writer_lock.try_acquire():
            return False
        try:
            self.rebuild_keywords()  # records the generation it was built at
        finally:
            self.writer_lock.release()
        return True

    def bump(self, before: int) -> int:
        """After a write that changed the index (under the writer lock): the next
        generation, recorded in both places; this process's own view is of it."""
        new = max(before, self.current(), self.seen or 0) + 1
        self.records.set_meta(GENERATION, str(new))
        self.records.set_meta(KEYWORD_GENERATION, str(new))
        self.index.record_generation(new)
        self.seen = new
        log.info("index generation now %d", new)
        return new

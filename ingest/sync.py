"""Incremental sync: diff the corpus folder against the record DB by content hash, then add,
replace or delete only what changed, through LangChain's indexing API."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from ingest.audit import repair_stores
from ingest.bounded import BoundedParser, Limits
from ingest.chunking import Chunker
from ingest.domain import Domain
from ingest.loaders import LoadError, read_file
from ingest.records import Failure, RecordStore, SourceRecord
from ingest.scan import CorpusError, file_sha256, file_stamp, removed_sources, scan_corpus

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]


@dataclass
class SyncStats:
    """Document counts of one sync, plus chunk counts and the files that failed."""

    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    chunks_added: int = 0
    chunks_deleted: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    not_retried: int = 0  # of ``failed``: unchanged since they failed, so not parsed again
    recovered: bool = False  # the previous sync had been interrupted and was repaired first
    compacted: bool = False  # deletes had piled up, so the vector store was compacted after

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.deleted)


@dataclass
class _Pending:
    record: SourceRecord
    chunks: list[Any]
    is_new: bool


class Syncer:
    """Keeps one vector store and its record DB in step with one corpus folder."""

    def __init__(
        self,
        vector_store_factory: Callable[[], Any],
        records: RecordStore,
        chunker: Chunker,
        *,
        max_file_bytes: int,
        write_batch_size: int = 1024,
        on_reset: Callable[[], None] | None = None,
        after_change: Callable[[bool], None] | None = None,
        on_written: Callable[[list[str]], None] | None = None,
        domain: Domain | None = None,
        stored_ids: Callable[[], set[str]] | None = None,
        limits: Limits | None = None,
    ) -> None:
        """``on_written(sources)`` follows every write of those sources' chunks (the keyword
        index updates itself); ``after_change(full)`` ends a sync that changed something,
        ``full`` when the stores were reset or repaired behind ``on_written``'s back."""
        self.vector_store_factory = vector_store_factory
        self.records = records
        self.chunker = chunker
        self.max_file_bytes = max_file_bytes
        self.limits = limits or Limits(max_bytes=max_file_bytes)
        self.write_batch_size = write_batch_size
        self.on_reset = on_reset
        self.after_change = after_change
        self.on_written = on_written
        self.stored_ids = stored_ids  # the audit's fast view of the vector store's ids
        self._full = False  # this sync ends with after_change(full=True): skip on_written
        self._restamp: list[SourceRecord] = []  # unchanged files with a new stamp
        self.domain = domain

    def sync(
        self, root: Path, *, rebuild: bool = False, progress: Progress | None = None
    ) -> SyncStats:
        started = time.perf_counter()
        files, bad = scan_corpus(root)
        if not files and not bad:
            raise CorpusError(f"no supported documents in {root}")
        stats = SyncStats(failed=list(bad))
        if rebuild:
            log.info("rebuilding index from scratch corpus=%s", root)
            if self.on_reset:
                self.on_reset()
            self.records.clear()
        elif self.records.get_meta("sync_state") == "running":
            log.warning("the last sync was interrupted; repairing the index first")
            repair_stores(self)
            stats.recovered = True
        self._full = rebuild or stats.recovered
        self._restamp = []
        self.records.set_meta("sync_state", "running")  # cleared only when this sync finishes
        known = self.records.sources()
        failures = self.records.failures()
        batch: list[_Pending] = []
        total = len(files)
        with BoundedParser(self.limits, self.domain) as parser:
            for done, (rel, path) in enumerate(files.items(), start=1):
                pending = self._prepare(rel, path, root, known, failures, stats, parser)
                if pending:
                    batch.append(pending)
                    if sum(len(p.chunks) for p in batch) >= self.write_batch_size:
                        self._flush(batch, stats)
                        batch = []
                if progress:
                    progress(done, total, rel)
        self._flush(batch, stats)
        if self._restamp:
            self.records.put(self._restamp)
        if gone_failures := sorted(set(failures) - set(files)):
            self.records.forget_failures(gone_failures)
        gone = removed_sources(known, files, bad)
        self._delete(gone, stats)
        if (stats.changed or stats.recovered or rebuild) and self.after_change:
            self.after_change(stats.recovered or rebuild)
        self.records.set_meta("last_sync", time.strftime("%Y-%m-%dT%H:%M:%S%z"))
        self.records.set_meta("sync_state", "clean")
        stats.seconds = round(time.perf_counter() - started, 3)
        log.info(
            "sync done added=%d updated=%d deleted=%d unchanged=%d chunks_added=%d "
            "chunks_deleted=%d failed=%d seconds=%.2f",
            stats.added,
            stats.updated,
            stats.deleted,
            stats.unchanged,
            stats.chunks_added,
            stats.chunks_deleted,
            len(stats.failed),
            stats.seconds,
        )
        return stats

    def remembered_failure(self, rel: str, digest: str, failures: dict[str, Failure]) -> str:
        """The reason ``rel`` failed before, if it is unchanged since (same hash, same
        limits); '' when it must be read."""
        failure = failures.get(rel)
        if failure and failure.sha256 == digest and failure.limits == self.limits.key():
            return failure.reason
        return ""

    def load_chunks(
        self, rel: str, path: Path, root: Path, parser: BoundedParser
    ) -> tuple[str, list[Any], list[Any]]:
        """Read, parse (within the time budget) and chunk (within the chunk limit) one file:
        its hash, documents and chunks. A parse or chunk failure is a ``LoadError`` and is
        recorded with the hash of the bytes that failed; a read failure (gone, denied, too
        big: all cheap to find again) is not."""
        data = read_file(path, self.limits.max_bytes)
        digest = hashlib.sha256(data).hexdigest()
        try:
            docs = parser.parse(data, path, root)
            chunks = self.chunker.split_all(docs, self.limits.max_chunks)
        except LoadError as exc:
            self.records.put_failure(Failure(rel, digest, self.limits.key(), str(exc)))
            raise
        return digest, docs, chunks

    def _prepare(
        self,
        rel: str,
        path: str,
        root: Path,
        known: dict[str, SourceRecord],
        failures: dict[str, Failure],
        stats: SyncStats,
        parser: BoundedParser,
    ) -> _Pending | None:
        try:
            stamp = file_stamp(path)
            if rel in known and stamp and known[rel].stamp == stamp:
                stats.unchanged += 1  # same size, times and inode: not even hashed
                return None
            digest = file_sha256(path)
            if rel in known and known[rel].sha256 == digest:
                stats.unchanged += 1
                if stamp != known[rel].stamp:  # touched, not changed: remember the stamp
                    self._restamp.append(replace(known[rel], stamp=stamp))
                return None
            if reason := self.remembered_failure(rel, digest, failures):
                stats.not_retried += 1
                log.info("not parsing again path=%s (unchanged since it failed)", rel)
                stats.failed.append({"path": rel, "reason": reason})
                return None
            digest, docs, chunks = self.load_chunks(rel, Path(path), root, parser)
        except LoadError as exc:
            reason = str(exc)
        except PermissionError:
            reason = "permission denied"
        except FileNotFoundError:
            reason = "file disappeared while it was being read"
        except OSError as exc:
            reason = f"cannot read file: {exc.strerror or exc}"
        else:
            if rel in failures:
                self.records.forget_failures([rel])
            meta = docs[0].metadata
            record = SourceRecord(
                rel, digest, len(chunks), str(meta.get("title", "")), str(meta["doc_type"]), stamp
            )
            return _Pending(record, chunks, is_new=rel not in known)
        log.warning("cannot index path=%s reason=%s", rel, reason)
        stats.failed.append({"path": rel, "reason": reason})
        return None

    def _flush(self, batch: list[_Pending], stats: SyncStats) -> None:
        if not batch:
            return
        from langchain_core.indexing import index

        result = index(
            [c for p in batch for c in p.chunks],
            self.records.manager,
            self.vector_store_factory(),
            cleanup="scoped_full",
            source_id_key="source",
            batch_size=self.write_batch_size,  # one encode call: sorted by length, less padding
            key_encoder="sha256",
        )
        self.records.put([p.record for p in batch])
        self._written([p.record.source for p in batch])
        stats.chunks_added += result["num_added"]
        stats.chunks_deleted += result["num_deleted"]
        stats.added += sum(p.is_new for p in batch)
        stats.updated += sum(not p.is_new for p in batch)

    def _delete(self, gone: list[str], stats: SyncStats) -> None:
        if not gone:
            return
        store = self.vector_store_factory()
        for rel in gone:
            keys = self.records.chunk_keys(rel)
            if keys:
                store.delete(ids=keys)
                self.records.forget_chunks(keys)
            self.records.remove([rel])
            stats.deleted += 1
            stats.chunks_deleted += len(keys)
            log.info("deleted path=%s chunks=%d", rel, len(keys))
        self._written(gone)

    def _written(self, sources: list[str]) -> None:
        if self.on_written is not None and sources and not self._full:
            self.on_written(sources)

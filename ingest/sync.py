"""Incremental sync: diff the corpus folder against the record DB by content hash, then add,
replace or delete only what changed. A changed file's chunks are keyed by a hash of their
text and metadata (the keys LangChain's indexing API gave them), so only the chunks that
changed are embedded again."""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from ingest.audit import repair_stores
from ingest.bounded import BoundedParser, Limits
from ingest.chunking import Chunker
from ingest.domain import Domain
from ingest.loaders import READER_VERSION, LoadError, read_file
from ingest.records import Failure, RecordStore, SourceRecord
from ingest.scan import CorpusError, file_sha256, file_stamp, removed_sources, scan_corpus
from vectorstore.paging import delete_ids

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
READER = "reader"  # meta key: the READER_VERSION of the readers that read the indexed files
PARSE_GROUP = 64  # files handed to the parse worker at once (each has its own budget)
PARSE_GROUP_BYTES = 8 << 20  # ...or fewer, when they hold this many bytes
# new chunks go to the vector store this many at a time, as the encoder hands them back
# (one Chroma write of 1,000 rows costs 0.44 s of CPU, four of 256 0.49 s, 16 of 64 0.68 s)
WRITE_PIECE = 256
# on_written(sources, ids, texts, metadatas): those sources' chunks as the vector store now
# holds them (none for a deleted source)
Written = Callable[[list[str], list[str], list[str], list[dict[str, Any]]], None]


def chunk_key(text: str, metadata: dict[str, Any]) -> str:
    """A chunk's id in the vector store and the record DB: what
    ``langchain_core.indexing.index(..., key_encoder="sha256")`` gives it, so indexes built
    through LangChain keep their ids."""
    content = hashlib.sha256(text.encode("utf-8")).hexdigest()
    meta = hashlib.sha256(json.dumps(metadata, sort_keys=True).encode("utf-8")).hexdigest()
    return hashlib.sha256((content + meta).encode("utf-8")).hexdigest()


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
class _Read:
    """A file that must be parsed: its bytes as read, with their hash."""

    rel: str
    path: str
    stamp: str
    digest: str
    data: bytes


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
        encode: Callable[..., Any] | None = None,
        write_batch_size: int = 1024,
        on_reset: Callable[[], None] | None = None,
        after_change: Callable[[bool], None] | None = None,
        on_written: Written | None = None,
        on_fresh: Callable[[], None] | None = None,
        domain: Domain | None = None,
        stored_ids: Callable[[], set[str]] | None = None,
        limits: Limits | None = None,
    ) -> None:
        """``vector_store_factory()`` is the Chroma collection (``upsert``, ``delete``,
        ``get``); ``encode(texts, tokens)`` their vectors as ``(rows, vectors)`` pieces,
        ``rows`` indexing ``texts``, every text in one piece (``tokens``: each text's word
        pieces, where the chunker kept them, or None): each ``WRITE_PIECE`` rows are
        written while the encoder computes the next (``EmbeddingModel.encode_pieces``).
        ``on_written(sources, ids, texts, metadatas)`` follows every write of those
        sources' chunks (the keyword index updates itself from them); ``after_change(full)``
        ends a sync that changed something, ``full`` when the stores were reset or repaired
        behind ``on_written``'s back.
        ``on_fresh()`` starts a sync into empty stores (a first build, a rebuild): the
        keyword index starts empty too, and every chunk reaches it through ``on_written``."""
        self.vector_store_factory = vector_store_factory
        self.records = records
        self.chunker = chunker
        self.encode = encode
        self.max_file_bytes = max_file_bytes
        self.limits = limits or Limits(max_bytes=max_file_bytes)
        self.write_batch_size = write_batch_size
        self.on_reset = on_reset
        self.after_change = after_change
        self.on_written = on_written
        self.on_fresh = on_fresh
        self.stored_ids = stored_ids  # the audit's fast view of the vector store's ids
        self._full = False  # this sync ends with after_change(full=True): skip on_written
        self._reread = False  # this sync reads every file again (the readers changed)
        self._restamp: list[SourceRecord] = []  # unchanged files with a new stamp
        self._fresh_check = False  # at the first write: are the stores empty?
        self._opening: threading.Thread | None = None  # the vector store, opened ahead
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
        # files read by an older reader are read again; only chunks whose text changed are
        # embedded again (their keys are hashes of their text)
        self._reread = bool(known) and self.records.get_meta(READER) != READER_VERSION
        if self._reread:
            log.info("the readers changed since the last sync: reading every file again")
        parser = BoundedParser(self.limits, self.domain)
        if not known:  # every file will be parsed: the worker starts while the sync scans
            parser.start()
        self._fresh_check = not known and self.on_fresh is not None  # decided at the 1st write
        failures = self.records.failures()
        try:
            self._read_and_write(root, files, known, failures, stats, parser, progress)
        finally:
            if self._opening is not None:
                self._opening.join()
                self._opening = None
        if self._restamp:
            self.records.put(self._restamp)
        if gone_failures := sorted(set(failures) - set(files)):
            self.records.forget_failures(gone_failures)
        gone = removed_sources(known, files, bad)
        self._delete(gone, stats)
        if (stats.changed or stats.recovered or rebuild) and self.after_change:
            self.after_change(self._full)
        self.records.set_meta(READER, READER_VERSION)
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

    def _read_and_write(
        self,
        root: Path,
        files: dict[str, str],
        known: dict[str, SourceRecord],
        failures: dict[str, Failure],
        stats: SyncStats,
        parser: BoundedParser,
        progress: Progress | None,
    ) -> None:
        """Read what changed, parse and chunk it, and write it in batches."""
        batch: list[_Pending] = []
        batch_chunks = 0
        group: list[_Read] = []
        total = len(files)
        for done, (rel, path) in enumerate(files.items(), start=1):
            read = self._read(rel, path, known, failures, stats)
            if read is not None:
                group.append(read)
                self._open_store_early()
            if progress:
                progress(done, total, rel)
            if done == total or len(group) >= PARSE_GROUP or _bytes(group) >= PARSE_GROUP_BYTES:
                for pending in self._parse_group(group, root, parser, known, failures, stats):
                    batch.append(pending)
                    batch_chunks += len(pending.chunks)
                    if batch_chunks >= self.write_batch_size:  # (while the worker parses on)
                        self._flush(batch, stats)
                        batch, batch_chunks = [], 0
                group = []
        self._flush(batch, stats)

    def _open_store_early(self) -> None:
        """Something will be written: open the vector store in a thread while this one
        reads, parses and chunks (a first build creates it, a large index loads)."""
        if self._opening is None:
            self._opening = threading.Thread(target=self._open_store, name="open-store",
                                             daemon=True)  # fmt: skip
            self._opening.start()

    def _open_store(self) -> None:
        try:
            self.vector_store_factory()
        except Exception as exc:  # noqa: BLE001 - the sync's own first use raises it again
            log.debug("opening the vector store ahead failed: %s", exc)

    def remembered_failure(self, rel: str, digest: str, failures: dict[str, Failure]) -> str:
        """The reason ``rel`` failed before, if it is unchanged since (same hash, same
        limits); '' when it must be read."""
        failure = failures.get(rel)
        if failure and failure.sha256 == digest and failure.limits == self.limits.key():
            return failure.reason
        return ""

    def _read(
        self,
        rel: str,
        path: str,
        known: dict[str, SourceRecord],
        failures: dict[str, Failure],
        stats: SyncStats,
    ) -> _Read | None:
        """The file's bytes when it must be parsed; None when it is unchanged (same stamp,
        or same hash: then its new stamp is remembered), failed before with these very
        bytes, or cannot be read (counted in ``stats``)."""
        try:
            stamp = file_stamp(path)
            if self._reread:
                known, failures = {}, {}  # read as if new; replaced where it was known
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
            data = read_file(Path(path), self.limits.max_bytes)  # bounded; the hash is of
            digest = hashlib.sha256(data).hexdigest()  # these bytes, whatever came before
            return _Read(rel, path, stamp, digest, data)
        except LoadError as exc:
            reason = str(exc)
        except PermissionError:
            reason = "permission denied"
        except FileNotFoundError:
            reason = "file disappeared while it was being read"
        except OSError as exc:
            reason = f"cannot read file: {exc.strerror or exc}"
        log.warning("cannot index path=%s reason=%s", rel, reason)
        stats.failed.append({"path": rel, "reason": reason})
        return None

    def _parse_group(
        self,
        group: list[_Read],
        root: Path,
        parser: BoundedParser,
        known: dict[str, SourceRecord],
        failures: dict[str, Failure],
        stats: SyncStats,
    ) -> Iterator[_Pending]:
        """Parse (each within the time budget, in the worker, which parses the next file
        while this one is chunked) and chunk (within the chunk limit) a group of files. A
        parse or chunk failure is recorded with the hash of the bytes that failed."""
        if not group:
            return
        with closing(parser.parse_many([(r.data, Path(r.path)) for r in group], root)) as parsed:
            for read, docs in zip(group, parsed, strict=True):
                try:
                    if isinstance(docs, LoadError):
                        raise docs
                    chunks = self.chunker.split_all(docs, self.limits.max_chunks)
                except LoadError as exc:
                    failure = Failure(read.rel, read.digest, self.limits.key(), str(exc))
                    self.records.put_failure(failure)
                    log.warning("cannot index path=%s reason=%s", read.rel, exc)
                    stats.failed.append({"path": read.rel, "reason": str(exc)})
                    continue
                if read.rel in failures:
                    self.records.forget_failures([read.rel])
                meta = docs[0].metadata
                record = SourceRecord(read.rel, read.digest, len(chunks),
                                      str(meta.get("title", "")), str(meta["doc_type"]),
                                      read.stamp)  # fmt: skip
                yield _Pending(record, chunks, is_new=read.rel not in known)

    def _flush(self, batch: list[_Pending], stats: SyncStats) -> None:
        """Write a batch of files' chunks: embed and store the new ones, record every key,
        then drop the chunks their files no longer have. In this order, ``kill -9`` at any
        point leaves what ``repair_stores`` mends (see ``ingest.audit``)."""
        if not batch:
            return
        keys: list[str] = []
        groups: list[str] = []
        texts: list[str] = []
        metas: list[dict[str, Any]] = []
        tokens: list[list[int] | None] = []
        seen: set[str] = set()
        for pending in batch:
            for chunk in pending.chunks:
                key = chunk_key(chunk.page_content, chunk.metadata)
                if key in seen:  # the same text and metadata twice: one chunk
                    continue
                seen.add(key)
                keys.append(key)
                groups.append(pending.record.source)
                texts.append(chunk.page_content)
                metas.append(chunk.metadata)
                tokens.append(getattr(chunk, "tokens", None))
        collection = self.vector_store_factory()
        if self._fresh_check:  # the first write of a sync that found nothing indexed
            self._fresh_check = False
            if not collection.count():  # the stores are empty: the keyword index follows
                self.on_fresh()  # every write from empty, instead of a rebuild at the end
                self._full = False
        known = self.records.known_keys(keys)
        new = [i for i, key in enumerate(keys) if key not in known]
        if new:
            self._embed_and_write(collection, [keys[i] for i in new], [texts[i] for i in new],
                                  [metas[i] for i in new], [tokens[i] for i in new])  # fmt: skip
        self.records.record_chunks(keys, groups)
        sources = [p.record.source for p in batch]
        before = self.records.keys_of(sources)
        stale = [k for s in sources for k in before.get(s, []) if k not in seen]
        if stale:
            self._delete_vectors(collection, stale)
            self.records.forget_chunks(stale)
        self.records.put([p.record for p in batch])
        self._written(sources, keys, texts, metas)
        stats.chunks_added += len(new)
        stats.chunks_deleted += len(stale)
        stats.added += sum(p.is_new for p in batch)
        stats.updated += sum(not p.is_new for p in batch)

    def _embed_and_write(
        self,
        collection: Any,
        ids: list[str],
        texts: list[str],
        metas: list[dict[str, Any]],
        tokens: list[list[int] | None],
    ) -> None:
        """Embed new chunks and add them to the vector store, ``WRITE_PIECE`` at a time as
        the encoder hands them back, while it computes the next ones (Chroma's write holds
        the GIL, the encoder's threads need none). The store ends with the same rows as one
        write of them all (fewer than ``WRITE_PIECE``: that very write); a crash between two
        pieces leaves orphan chunks, which ``repair_stores`` removes as it does those of a
        crash right after one write."""
        import numpy as np

        if self.encode is None:
            raise RuntimeError("this syncer was made without an encoder")
        rows: list[Any] = []
        vectors: list[Any] = []
        held = 0
        pieces = self.encode(texts, tokens)
        try:
            for piece_rows, piece_vectors in pieces:
                rows.append(piece_rows)
                vectors.append(piece_vectors)
                held += len(piece_rows)
                if held >= WRITE_PIECE:
                    self._write_rows(collection, np.concatenate(rows), np.concatenate(vectors),
                                     ids, texts, metas)  # fmt: skip
                    rows, vectors, held = [], [], 0
        finally:  # a failed write: the encoder stops now, not when the traceback is freed
            if close := getattr(pieces, "close", None):
                close()
        if held:
            self._write_rows(collection, np.concatenate(rows), np.concatenate(vectors), ids,
                             texts, metas)  # fmt: skip

    def _write_rows(
        self,
        collection: Any,
        rows: Any,
        vectors: Any,
        ids: list[str],
        texts: list[str],
        metas: list[dict[str, Any]],
    ) -> None:
        """Write some of the new chunks, in the order the batch holds them (a batch written
        in one piece is written as it was before the encoder handed back pieces)."""
        import numpy as np

        order = np.argsort(rows, kind="stable")
        rows, vectors = rows[order], vectors[order]
        self._write_vectors(collection, [ids[i] for i in rows], vectors,
                            [texts[i] for i in rows], [metas[i] for i in rows])  # fmt: skip

    def _delete_vectors(self, collection: Any, ids: list[str]) -> None:
        """Drop chunks from the vector store (one write step: the crash tests stop here)."""
        delete_ids(collection, ids)

    def _write_vectors(
        self, collection: Any, ids: list[str], vectors: Any, texts: list[str], metas: list[dict]
    ) -> None:
        """Add (or overwrite) chunks in the vector store, in batches it accepts."""
        size = _max_batch(collection)
        for start in range(0, len(ids), size):
            end = start + size
            collection.upsert(ids=ids[start:end], embeddings=vectors[start:end],
                              documents=texts[start:end], metadatas=metas[start:end])  # fmt: skip

    def _delete(self, gone: list[str], stats: SyncStats) -> None:
        if not gone:
            return
        collection = self.vector_store_factory()
        recorded = self.records.keys_of(gone)
        for rel in gone:
            keys = recorded.get(rel, [])
            if keys:
                self._delete_vectors(collection, keys)
                self.records.forget_chunks(keys)
            self.records.remove([rel])
            stats.deleted += 1
            stats.chunks_deleted += len(keys)
            log.info("deleted path=%s chunks=%d", rel, len(keys))
        self._written(gone, [], [], [])

    def _written(
        self, sources: list[str], ids: list[str], texts: list[str], metas: list[dict[str, Any]]
    ) -> None:
        if self.on_written is not None and sources and not self._full:
            self.on_written(sources, ids, texts, metas)


def _bytes(group: list[_Read]) -> int:
    return sum(len(r.data) for r in group)


def _max_batch(collection: Any) -> int:
    """Rows one Chroma write may hold (SQLite's variable limit sets it)."""
    try:
        return max(1, min(int(collection._client.get_max_batch_size()), 4096))
    except Exception:  # noqa: BLE001 - a client that does not say
        return 1000

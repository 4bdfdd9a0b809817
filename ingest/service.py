"""Index maintenance: ``IndexService`` owns the embedding model, the Chroma collection, the
keyword index, the record DB and the writer lock, and offers sync, check, compact, watch and
status. The answering side (``app.core.services``) reads the same model and indexes."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any

from ingest.audit import Drift, audit, repair_stores
from ingest.bounded import Limits
from ingest.chunking import Chunker
from ingest.domain import Domain, load_domain
from ingest.generation import KEYWORD_GENERATION, Generations
from ingest.lock import IndexLockedError, WriterLock, describe_holder
from ingest.records import RecordStore
from ingest.settings import IndexSettings, IngestSettings
from ingest.sync import Progress, Syncer, SyncStats
from ingest.watch import FolderWatcher
from vectorstore.bm25 import BM25Index
from vectorstore.compaction import disk_bytes, vacuum_sqlite
from vectorstore.embeddings import EmbeddingModel
from vectorstore.store import HnswParams, VectorIndex

log = logging.getLogger(__name__)
DELETED_SINCE_COMPACT = "chunks_deleted_since_compaction"  # record DB meta key
INDEX_MODEL = "index_model"  # record DB meta key: [name, dimension, backend] of the vectors


class IndexService:
    """Everything that writes or audits the index of one data dir, built lazily."""

    def __init__(
        self,
        *,
        data_dir: Path,
        corpus_dir: Path,
        index: IndexSettings | None = None,
        ingest: IngestSettings | None = None,
        domain_file: Path | None = None,
        model: EmbeddingModel | None = None,
    ) -> None:
        self.data_dir, self.corpus_dir = Path(data_dir), Path(corpus_dir)
        self.index_settings = index or IndexSettings()
        self.ingest_settings = ingest or IngestSettings()
        self.domain_file = domain_file
        self.sync_lock = threading.Lock()  # one sync at a time within this process
        self._keywords_stale = False  # an incremental keyword update was skipped
        self._in_step: tuple[int, str] | None = None  # (keyword version, sync state) last OK
        if model is not None:  # share one loaded model (tests, benchmarks)
            s = self.index_settings
            if (model.spec, model.backend) != (s.embedding_model, s.embedding_backend):
                raise ValueError("the shared model does not match the configured model")
            self.__dict__["model"] = model

    @classmethod
    def from_settings(cls, settings: Any, *, model: EmbeddingModel | None = None) -> IndexService:
        """From the app's ``Settings`` (duck-typed: ``ingest`` never imports ``app``)."""
        return cls(
            data_dir=settings.data_dir,
            corpus_dir=settings.corpus_dir,
            index=settings.index,
            ingest=settings.ingest,
            domain_file=settings.domain_file,
            model=model,
        )

    @cached_property
    def domain(self) -> Domain:
        return load_domain(self.domain_file)

    @cached_property
    def model(self) -> EmbeddingModel:
        s = self.index_settings
        return EmbeddingModel(
            s.embedding_model,
            backend=s.embedding_backend,
            cache_dir=s.embedding_cache_dir or self.data_dir / "models",
            batch_size=s.embed_batch_size,
        )

    @cached_property
    def index(self) -> VectorIndex:
        s = self.index_settings
        hnsw = HnswParams(s.hnsw_ef_search, s.hnsw_ef_construction, s.hnsw_max_neighbors)
        return VectorIndex(self.chroma_dir, s.collection, self.model, hnsw, url=s.chroma_url)

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def record_db(self) -> Path:
        return self.data_dir / "records.sqlite"

    @cached_property
    def records(self) -> RecordStore:
        return RecordStore(self.record_db, namespace=f"chroma/{self.index_settings.collection}")

    @cached_property
    def chunker(self) -> Chunker:
        return Chunker(
            self.model.count_tokens,
            token_ids=self.model.token_ids,  # the encoder reuses a chunk's word pieces
            chunk_tokens=self.ingest_settings.chunk_tokens,
            overlap_tokens=self.ingest_settings.chunk_overlap_tokens,
            max_tokens=self.model.max_tokens,
        )

    @cached_property
    def syncer(self) -> Syncer:
        return Syncer(
            lambda: self.index.collection,
            self.records,
            self.chunker,
            max_file_bytes=self.ingest_settings.max_file_bytes,
            encode=lambda texts, tokens=None: self.model.encode_pieces(texts, token_ids=tokens),
            write_batch_size=self.index_settings.write_batch_size,
            on_reset=self.index.reset,
            after_change=self._keywords_after_sync,
            on_written=self._keywords_written,
            on_fresh=self._keywords_fresh,
            domain=self.domain,
            stored_ids=self.index.ids,
            limits=self.limits,
        )

    @property
    def limits(self) -> Limits:
        s = self.ingest_settings
        return Limits(
            max_bytes=s.max_file_bytes,
            max_chunks=s.max_chunks_per_document,
            max_pages=s.max_pdf_pages,
            parse_seconds=s.parse_timeout,
        )

    @cached_property
    def bm25(self) -> BM25Index:
        return BM25Index(self.data_dir / "bm25")

    def rebuild_bm25(self) -> None:
        """Rebuild the keyword index from the chunks now in Chroma (no drift possible)."""
        generation = self.generations.current()
        got = self.index.all_chunks()
        self.bm25.rebuild(got["ids"], got["documents"], got["metadatas"])
        self._keywords_stale = False
        self.records.set_meta(KEYWORD_GENERATION, str(generation))

    def _keywords_written(
        self, sources: list[str], ids: list[str], texts: list[str], metas: list[dict[str, Any]]
    ) -> None:
        """The sync wrote (or deleted) these sources' chunks: give the keyword index their
        chunks as Chroma now holds them (the ones just written: a chunk's id is a hash of
        its text and metadata). A missing keyword index is rebuilt whole instead, when the
        sync ends."""
        if self._keywords_stale or not self.bm25.exists():
            self._keywords_stale = True
            return
        self.bm25.replace(sources, ids, texts, metas)

    def _keywords_fresh(self) -> None:
        """A sync into empty stores: the keyword index starts empty and takes each batch of
        chunks as it is written (no read-back of the whole collection at the end)."""
        generation = self.generations.current()
        self.bm25.rebuild([], [], [])
        self._keywords_stale = False
        self.records.set_meta(KEYWORD_GENERATION, str(generation))

    def _keywords_after_sync(self, full: bool) -> None:
        if full or self._keywords_stale or not self.bm25.exists():
            self.rebuild_bm25()

    @cached_property
    def writer_lock(self) -> WriterLock:
        """The data dir's one-writer lock (re-entrant within this process), held only while
        a sync, compaction or repair runs."""
        return WriterLock(self.data_dir, timeout=self.ingest_settings.lock_timeout)

    @cached_property
    def generations(self) -> Generations:
        return Generations(
            self.records,
            self.index,
            rebuild_keywords=self.rebuild_bm25,
            writer_lock=self.writer_lock,
            writing=self.sync_lock.locked,
        )

    def generation(self) -> int:
        """The index generation now (bumped by every sync that changed something)."""
        return self.generations.current()

    def follow(self, *, force: bool = False) -> int:
        """Catch up with syncs made by other processes (cheap when there were none)."""
        return self.generations.follow(force=force)

    def busy(self) -> str:
        """Who is writing the index right now, if another process is ('' otherwise)."""
        holder = self.writer_lock.busy()
        return "" if holder is None else describe_holder(holder)

    def _root(self, corpus_dir: Path | str | None) -> Path:
        return Path(corpus_dir) if corpus_dir is not None else self.corpus_dir

    def sync(
        self,
        corpus_dir: Path | str | None = None,
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
    ) -> SyncStats:
        """Bring the index in step with ``corpus_dir`` (default: the configured corpus).
        Raises ``IndexLockedError`` when another process is writing to the data dir."""
        root = self._root(corpus_dir)
        with self.writer_lock:
            before = self.follow()  # another process may have written since: catch up first
            with self.sync_lock:
                stats = self.syncer.sync(root, rebuild=rebuild, progress=progress)
                m = self.model
                self.records.set_meta(INDEX_MODEL, json.dumps([m.name, m.dimension, m.backend]))
                if stats.changed or stats.recovered or rebuild:
                    before = self.generations.bump(before)
                elif not self.bm25.exists() and self.index.count():
                    # a keyword index of another tokenizer version (or lost): nothing changed
                    # in the corpus, but the words are read anew from the stored chunks
                    self.rebuild_bm25()
                    before = self.generations.bump(before)
            if self._compaction_due(stats.chunks_deleted):
                self.compact()
                stats.compacted = True
        return stats

    def _compaction_due(self, deleted: int) -> bool:
        """Chroma keeps deleted vectors on disk and in memory: count them, and say when
        they outnumber the live chunks by ``compact_after_deleted_ratio``."""
        total = int(self.records.get_meta(DELETED_SINCE_COMPACT, "0") or 0) + deleted
        if deleted:
            self.records.set_meta(DELETED_SINCE_COMPACT, str(total))
        ratio = self.index_settings.compact_after_deleted_ratio
        return ratio > 0 and total > 0 and total > ratio * self.index.count()

    def ensure_indexed(self) -> None:
        """A fresh checkout answers without a manual ingest: sync an empty index first; heal
        an interrupted sync or a keyword index out of step. Skipped, never waited for, while
        another process holds the writer lock: readers are not blocked by a running sync."""
        if self.sync_lock.locked():  # a sync runs in this process (re-index, watch): its
            return  # "running" state and lock are its own, never a reason to wait for it
        self.follow()  # before the first read: the view opened next is of this generation
        # Any sync changes the keyword index's version or leaves "running" behind: while
        # neither moved since the index was last found in step, skip the Chroma count
        # (12 ms of every question at 100,000 chunks).
        seen = (self.bm25.version(), self.records.peek_meta("sync_state"))
        if seen == self._in_step:
            return
        chunks = self.index.count()
        empty = chunks == 0 and not self.records.sources()
        interrupted = seen[1] == "running"
        drifted = self.bm25.count() != chunks
        if not (empty or interrupted or drifted):
            self._in_step = seen
            return
        if not self.writer_lock.try_acquire():
            log.info("another process is writing the index; answering from it as it is")
            return
        try:
            if empty or interrupted:
                log.info("syncing corpus=%s empty=%s interrupted=%s", self.corpus_dir,
                         empty, interrupted)  # fmt: skip
                self.sync()
            if self.bm25.count() != self.index.count():
                log.warning("bm25 index out of step with chroma; rebuilding")
                with self.sync_lock:
                    self.rebuild_bm25()
        finally:
            self.writer_lock.release()

    def check(self, corpus_dir: Path | str | None = None, *, repair: bool = False) -> Drift:
        """Compare the folder, the record store, Chroma and the keyword index; with
        ``repair``, fix what differs first (under the writer lock) and report what is left."""
        root = self._root(corpus_dir)
        syncing = "" if repair else self.busy()  # a sync running now: differences are its work
        if repair:
            with self.writer_lock:
                before = self.follow()
                with self.sync_lock:
                    repair_stores(self.syncer)
                    self.syncer.sync(root)
                    if self._keyword_drift():
                        self.rebuild_bm25()
                    self.generations.bump(before)
        else:
            self.follow()
        drift = audit(self.syncer, root)
        drift.keyword_index = self._keyword_drift()
        if syncing := syncing or self.busy():
            drift.syncing, drift.interrupted = syncing, False
        return drift

    def watch(
        self, corpus_dir: Path | str | None = None, *, on_sync: Callable[[SyncStats], Any] = None
    ) -> FolderWatcher:
        """Sync ``corpus_dir`` after each debounced burst of file events (started watcher)."""
        root = self._root(corpus_dir)
        s = self.ingest_settings

        def run() -> None:
            stats = self.sync(root)
            if on_sync is not None:
                on_sync(stats)

        watcher = FolderWatcher(
            root,
            run,
            quiet=s.watch_quiet_seconds,
            max_wait=s.watch_max_wait_seconds,
            ignore=[self.data_dir],
            retry_on=(IndexLockedError,),  # another process syncs: try again after it
        )
        return watcher.start()

    def _keyword_drift(self) -> str:
        if not self.bm25.exists():
            return "missing" if self.index.count() else ""
        stored, keyword = self.index.ids(), set(self.bm25.ids())
        if stored == keyword:
            return ""
        return f"{len(stored - keyword)} chunks missing, {len(keyword - stored)} extra"

    def compact(self) -> dict[str, int | None]:
        """Rewrite the vector store without what deletes left behind (nothing re-embedded)
        and vacuum the record DB; bytes on disk before and after (None for a server). A
        writer: raises ``IndexLockedError`` when another process is writing the data dir."""
        with self.writer_lock:
            generation = self.follow()
            with self.sync_lock:
                before = (self.index.disk_bytes(), disk_bytes(self.record_db))
                chunks = self.index.compact()
                self.records.set_meta(DELETED_SINCE_COMPACT, "0")
                vacuum_sqlite(self.record_db)
                after = (self.index.disk_bytes(), disk_bytes(self.record_db))
                self.generations.bump(generation)  # readers reopen: the collection is new
        return {
            "chunks": chunks,
            "store_bytes_before": before[0],
            "store_bytes_after": after[0],
            "record_db_bytes_before": before[1],
            "record_db_bytes_after": after[1],
        }

    def status(self) -> dict[str, object]:
        """Documents, chunks, model and last sync, read from the record DB: no model load,
        no Chroma (except a Chroma server, which holds the chunks and is asked for them)."""
        sources = self.records.sources()
        recorded = self.records.get_meta(INDEX_MODEL)
        name, dimension, backend = (
            json.loads(recorded)
            if recorded
            else (self.model.name, self.model.dimension, self.model.backend)
        )
        chunks = self.index.count() if self.index_settings.chroma_url else None
        return {
            "documents": len(sources),
            "chunks": chunks if chunks is not None else self.records.chunk_count(),
            "model": name,
            "dimension": dimension,
            "backend": backend,
            "last_sync": self.records.get_meta("last_sync") or "never",
            "data_dir": str(self.data_dir),
            "corpus_dir": str(self.corpus_dir),
        }

"""Wiring: ``build_services(settings)`` assembles the adapters; nothing global but a cache
of the default services for the plain ``ask()`` entry point."""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any

from app.analysis import QuestionAnalyzer
from app.answer import ExtractiveAnswerer
from app.directory import build_directory
from app.generate import GenerativeAnswerer
from app.llm import build_chat_model
from app.pipeline import AbstainPolicy, Knowledge, Pipeline
from app.safety import has_content
from app.settings import Settings
from app.text import Idf
from app.verify import CitationVerifier
from ingest.audit import Drift, audit, repair_stores, store_ids
from ingest.chunking import Chunker
from ingest.lock import WriterLock
from ingest.records import RecordStore
from ingest.sync import Progress, Syncer, SyncStats
from ingest.watch import FolderWatcher
from vectorstore.bm25 import BM25Index
from vectorstore.bm25 import tokenize as bm25_tokenize
from vectorstore.compaction import disk_bytes, vacuum_sqlite
from vectorstore.embeddings import EmbeddingModel
from vectorstore.retriever import HybridSearch
from vectorstore.store import HnswParams, VectorIndex

log = logging.getLogger(__name__)
DELETED_SINCE_COMPACT = "chunks_deleted_since_compaction"  # record DB meta key
LARGE_DIRECTORY = 5_000  # members; from here on a full garbage collection pauses questions


class Services:
    """Everything a question or a sync needs, built lazily from one ``Settings``."""

    def __init__(self, settings: Settings, *, model: EmbeddingModel | None = None) -> None:
        self.settings = settings
        self._sync_lock = threading.Lock()
        self._knowledge: tuple[int, Knowledge] | None = None
        if model is not None:  # share one loaded model (tests, benchmarks)
            if model.spec != settings.embedding_model:
                raise ValueError("the shared model does not match settings.embedding_model")
            self.__dict__["model"] = model

    @cached_property
    def model(self) -> EmbeddingModel:
        return EmbeddingModel(self.settings.embedding_model)

    @cached_property
    def index(self) -> VectorIndex:
        s = self.settings
        hnsw = HnswParams(s.hnsw_ef_search, s.hnsw_ef_construction, s.hnsw_max_neighbors)
        return VectorIndex(s.chroma_dir, s.collection, self.model, hnsw, url=s.chroma_url)

    @cached_property
    def records(self) -> RecordStore:
        return RecordStore(self.settings.record_db, namespace=f"chroma/{self.settings.collection}")

    @cached_property
    def chunker(self) -> Chunker:
        return Chunker(
            self.model.count_tokens,
            chunk_tokens=self.settings.chunk_tokens,
            overlap_tokens=self.settings.chunk_overlap_tokens,
            max_tokens=self.model.max_tokens,
        )

    @cached_property
    def syncer(self) -> Syncer:
        return Syncer(
            lambda: self.index.store,
            self.records,
            self.chunker,
            max_file_bytes=self.settings.max_file_bytes,
            embed_batch_size=self.settings.embed_batch_size,
            on_reset=self.index.reset,
            after_change=self.rebuild_bm25,
        )

    @cached_property
    def bm25(self) -> BM25Index:
        return BM25Index(self.settings.data_dir / "bm25")

    @cached_property
    def search(self) -> HybridSearch:
        return self.make_search(self.settings.retrieval_mode)

    def make_search(self, mode: str) -> HybridSearch:
        s = self.settings
        return HybridSearch(
            self.index,
            self.bm25,
            mode=mode,  # type: ignore[arg-type]
            rrf_k=s.rrf_k,
            bm25_weight=s.bm25_weight,
            candidates=s.fusion_candidates,
            keep=has_content,
        )

    def rebuild_bm25(self) -> None:
        """Rebuild the keyword index from the chunks now in Chroma (no drift possible)."""
        got = self.index.all_chunks()
        self.bm25.rebuild(got["ids"], got["documents"], got["metadatas"])

    @cached_property
    def pipeline(self) -> Pipeline:
        s = self.settings
        answerer = ExtractiveAnswerer(
            self.model.encode,
            max_sentences=s.max_sentences,
            countries=lambda: self.knowledge().directory.countries,
            idf=lambda: self.knowledge().idf,
        )
        policy = AbstainPolicy(
            min_chunk_score=s.abstain_threshold,
            min_sentence_score=s.abstain_min_sentence_score,
            max_unknown_share=s.abstain_max_unknown_share,
            min_coverage=s.abstain_min_coverage,
        )
        generator = rewriter = None
        if s.llm != "extractive":
            verifier = CitationVerifier(self.model.encode, threshold=s.verify_threshold)
            generator = GenerativeAnswerer(
                lambda: build_chat_model(s), self.search, verifier, label=s.llm
            )
            rewriter = self._rewriter(generator)
        return Pipeline(
            self.search,
            answerer,
            self.knowledge,
            top_k=s.top_k,
            policy=policy,
            generator=generator,
            rewriter=rewriter,
        )

    @staticmethod
    def _rewriter(generator: GenerativeAnswerer):  # noqa: ANN205
        def rewrite(question: str, history: object) -> str:
            from app.followup import previous_questions
            from app.llm import create_rewriter

            turns = "\n".join(f"User: {q}" for q in previous_questions(history)[-3:])
            try:
                text = create_rewriter(generator.llm).invoke(
                    {"history": turns, "question": question}
                )
            except Exception as exc:  # the rewrite is a nicety: keep the question as asked
                log.warning("rewrite failed error=%r", exc)
                return question
            line = text.strip().splitlines()[0].strip() if text.strip() else ""
            return line if 0 < len(line) <= 3 * len(question) + 80 else question

        return rewrite

    def knowledge(self) -> Knowledge:
        """Directory and question analyzer for the index as it is now (cached per version)."""
        version = self.bm25.version()
        cached = self._knowledge
        if cached is None or cached[0] != version:
            got = self.index.all_chunks(where={"doc_type": "member_profile"})
            directory = build_directory(got["metadatas"], got["ids"], got["documents"]).prepare()
            analyzer = QuestionAnalyzer(directory, self.bm25.vocabulary(), bm25_tokenize)
            knowledge = Knowledge(directory, analyzer, Idf(self.bm25.idf()))
            cached = self._knowledge = (version, knowledge)
            if len(directory) >= LARGE_DIRECTORY:
                # a full collection over 100,000 members' objects paused a question for
                # 0.8 s: collect now, then keep these long-lived objects out of later
                # collections (they are still freed by reference counting when replaced)
                gc.collect()
                gc.freeze()
        return cached[1]

    @cached_property
    def writer_lock(self) -> WriterLock:
        """The data dir's one-writer lock (re-entrant within this process)."""
        return WriterLock(self.settings.data_dir, timeout=self.settings.lock_timeout)

    def hold_writer_lock(self) -> None:
        """Keep the writer lock for this process's lifetime (``serve``, ``watch``)."""
        if not self.writer_lock.held_by_me():
            self.writer_lock.acquire()

    def sync(
        self,
        corpus_dir: Path | str | None = None,
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
    ) -> SyncStats:
        """Bring the index in step with ``corpus_dir`` (default: the configured corpus).
        Raises ``IndexLockedError`` when another process is writing to the data dir."""
        root = Path(corpus_dir) if corpus_dir is not None else self.settings.corpus_dir
        with self.writer_lock:
            with self._sync_lock:
                stats = self.syncer.sync(root, rebuild=rebuild, progress=progress)
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
        ratio = self.settings.compact_after_deleted_ratio
        return ratio > 0 and total > 0 and total > ratio * self.index.count()

    def ensure_indexed(self) -> None:
        """A fresh checkout answers without a manual ingest: sync an empty index first; heal
        an interrupted sync or a keyword index out of step. Skipped, never waited for, while
        another process holds the writer lock: readers are not blocked by a running sync."""
        if self._sync_lock.locked():  # a sync runs in this process (re-index, watch): its
            return  # "running" state and lock are its own, never a reason to wait for it
        chunks = self.index.count()  # one count: at 100,000 chunks each costs ~12 ms
        empty = chunks == 0 and not self.records.sources()
        interrupted = self.records.get_meta("sync_state") == "running"
        drifted = self.bm25.count() != chunks
        if not (empty or interrupted or drifted):
            return
        if not self.writer_lock.try_acquire():
            log.info("another process is writing the index; answering from it as it is")
            return
        try:
            if empty or interrupted:
                log.info("syncing corpus=%s empty=%s interrupted=%s", self.settings.corpus_dir,
                         empty, interrupted)  # fmt: skip
                self.sync()
            if self.bm25.count() != self.index.count():
                log.warning("bm25 index out of step with chroma; rebuilding")
                with self._sync_lock:
                    self.rebuild_bm25()
        finally:
            self.writer_lock.release()

    def check(self, corpus_dir: Path | str | None = None, *, repair: bool = False) -> Drift:
        """Compare the folder, the record store, Chroma and the keyword index; with
        ``repair``, fix what differs first (under the writer lock) and report what is left."""
        root = Path(corpus_dir) if corpus_dir is not None else self.settings.corpus_dir
        if repair:
            with self.writer_lock, self._sync_lock:
                repair_stores(self.syncer)
                self.syncer.sync(root)
                if self._keyword_drift():
                    self.rebuild_bm25()
        drift = audit(self.syncer, root)
        drift.keyword_index = self._keyword_drift()
        return drift

    def watch(
        self, corpus_dir: Path | str | None = None, *, on_sync: Callable[[SyncStats], Any] = None
    ) -> FolderWatcher:
        """Sync ``corpus_dir`` after each debounced burst of file events (started watcher)."""
        root = Path(corpus_dir) if corpus_dir is not None else self.settings.corpus_dir
        s = self.settings

        def run() -> None:
            stats = self.sync(root)
            if on_sync is not None:
                on_sync(stats)

        watcher = FolderWatcher(
            root,
            run,
            quiet=s.watch_quiet_seconds,
            max_wait=s.watch_max_wait_seconds,
            ignore=[s.data_dir],
        )
        return watcher.start()

    def _keyword_drift(self) -> str:
        if not self.bm25.exists():
            return "missing" if self.index.count() else ""
        stored, keyword = store_ids(self.index.store), set(self.bm25.ids())
        if stored == keyword:
            return ""
        return f"{len(stored - keyword)} chunks missing, {len(keyword - stored)} extra"

    def compact(self) -> dict[str, int | None]:
        """Rewrite the vector store without what deletes left behind (nothing re-embedded)
        and vacuum the record DB; bytes on disk before and after (None for a server). A
        writer: raises ``IndexLockedError`` when another process is writing the data dir."""
        with self.writer_lock, self._sync_lock:
            before = (self.index.disk_bytes(), disk_bytes(self.settings.record_db))
            chunks = self.index.compact()
            self.records.set_meta(DELETED_SINCE_COMPACT, "0")
            vacuum_sqlite(self.settings.record_db)
            after = (self.index.disk_bytes(), disk_bytes(self.settings.record_db))
        return {
            "chunks": chunks,
            "store_bytes_before": before[0],
            "store_bytes_after": after[0],
            "record_db_bytes_before": before[1],
            "record_db_bytes_after": after[1],
        }

    def status(self) -> dict[str, object]:
        sources = self.records.sources()
        return {
            "documents": len(sources),
            "chunks": self.index.count(),
            "model": self.model.name,
            "dimension": self.model.dimension,
            "last_sync": self.records.get_meta("last_sync") or "never",
            "data_dir": str(self.settings.data_dir),
            "corpus_dir": str(self.settings.corpus_dir),
        }


def build_services(
    settings: Settings | None = None, *, model: EmbeddingModel | None = None
) -> Services:
    return Services(settings or Settings(), model=model)


_default: dict[str, Services] = {}
_default_lock = threading.Lock()


def default_services() -> Services:
    """Services for the current environment, built once per distinct settings."""
    settings = Settings()
    key = settings.model_dump_json()
    with _default_lock:
        if key not in _default:
            _default[key] = build_services(settings)
        return _default[key]

"""Wiring: ``build_services(settings)`` assembles the answering side over the index that
``ingest.service.IndexService`` maintains; nothing global but a cache of the default services
for the plain ``ask()`` entry point."""

from __future__ import annotations

import gc
import logging
import threading
from functools import cached_property

from app.answering.analysis import QuestionAnalyzer
from app.answering.directory import build_directory
from app.answering.extractive import ExtractiveAnswerer
from app.answering.generative import GenerativeAnswerer
from app.answering.pipeline import Knowledge, Pipeline
from app.answering.policy import AbstainPolicy
from app.answering.safety import has_content
from app.answering.text import Idf
from app.answering.verify import CitationVerifier
from app.core.settings import Settings
from ingest.domain import Domain
from ingest.service import IndexService
from vectorstore.bm25 import BM25Index
from vectorstore.embeddings import EmbeddingModel
from vectorstore.retriever import HybridSearch
from vectorstore.store import VectorIndex
from vectorstore.tokenize import tokenize

log = logging.getLogger(__name__)
LARGE_DIRECTORY = 5_000  # members; from here on a full garbage collection pauses questions


class Services:
    """What a question needs, built lazily from one ``Settings``: the retrieval, the
    answerers and the knowledge derived from the index. The index itself is maintained by
    ``self.indexing`` (sync, check, compact, watch, status)."""

    def __init__(self, settings: Settings, *, model: EmbeddingModel | None = None) -> None:
        self.settings = settings
        self.indexing = IndexService.from_settings(settings, model=model)
        self._knowledge: tuple[tuple[int | None, int], Knowledge] | None = None
        self._knowledge_lock = threading.Lock()

    # the index as the answering side reads it (one copy, shared with the maintenance side)
    @property
    def model(self) -> EmbeddingModel:
        return self.indexing.model

    @property
    def index(self) -> VectorIndex:
        return self.indexing.index

    @property
    def bm25(self) -> BM25Index:
        return self.indexing.bm25

    @property
    def domain(self) -> Domain:
        return self.indexing.domain

    def ensure_indexed(self) -> None:
        """Before a question: index a fresh checkout, and catch up with syncs made by other
        processes since the last question (about a millisecond when there were none)."""
        self.indexing.ensure_indexed()

    @cached_property
    def search(self) -> HybridSearch:
        return self.make_search(self.settings.retrieval.retrieval_mode)

    def make_search(self, mode: str) -> HybridSearch:
        r = self.settings.retrieval
        return HybridSearch(
            self.index,
            self.bm25,
            mode=mode,  # type: ignore[arg-type]
            rrf_k=r.rrf_k,
            bm25_weight=r.bm25_weight,
            candidates=r.fusion_candidates,
            keep=has_content,
            on_drift=lambda: self.indexing.follow(force=True),
        )

    @cached_property
    def pipeline(self) -> Pipeline:
        s = self.settings
        answerer = ExtractiveAnswerer(
            self.model.encode,
            max_sentences=s.answer.max_sentences,
            countries=lambda: self.knowledge().directory.countries,
            idf=lambda: self.knowledge().idf,
            cache=self.model.sentence_cache,
        )
        policy = AbstainPolicy(
            min_chunk_score=s.answer.abstain_threshold,
            min_sentence_score=s.answer.abstain_min_sentence_score,
            max_unknown_share=s.answer.abstain_max_unknown_share,
            min_coverage=s.answer.abstain_min_coverage,
        )
        generator = None
        if s.llm.backend != "extractive":
            from app.answering.llm import build_chat_model

            verifier = CitationVerifier(self.model.encode, threshold=s.answer.verify_threshold)
            generator = GenerativeAnswerer(
                lambda: build_chat_model(s.llm), verifier, label=s.llm.backend
            )
        return Pipeline(
            self.search,
            answerer,
            self.knowledge,
            top_k=s.retrieval.top_k,
            policy=policy,
            generator=generator,
            rewriter=generator.rewrite if generator is not None else None,
        )

    def knowledge(self) -> Knowledge:
        """Directory and question analyzer for the index as it is now (cached per index
        generation and keyword index version)."""
        version = (self.indexing.generations.seen, self.bm25.version())
        cached = self._knowledge
        if cached is not None and cached[0] == version:
            return cached[1]
        with self._knowledge_lock:
            cached = self._knowledge
            if cached is None or cached[0] != version:
                got = self.index.all_chunks(where={"doc_type": "member_profile"})
                directory = build_directory(got["metadatas"], got["ids"], got["documents"])
                directory = directory.prepare()
                analyzer = QuestionAnalyzer(
                    directory, self.bm25.vocabulary(), tokenize, self.domain
                )
                knowledge = Knowledge(directory, analyzer, self.domain, Idf(self.bm25.idf()))
                cached = self._knowledge = (version, knowledge)
                if len(directory) >= LARGE_DIRECTORY:
                    # a full collection over 100,000 members' objects paused a question for
                    # 0.8 s: collect now, then keep these long-lived objects out of later
                    # collections (they are still freed by reference counting when replaced)
                    gc.collect()
                    gc.freeze()
        return cached[1]


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

"""Retrieval: dense (Chroma) and BM25, fused by weighted reciprocal rank fusion. The
LangChain ``BaseRetriever`` view of it is ``AllianceRetriever``, loaded on first use."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Literal

from vectorstore.bm25 import BM25Index
from vectorstore.store import IndexDriftError, VectorIndex
from vectorstore.types import Hit

log = logging.getLogger(__name__)
Mode = Literal["hybrid", "dense", "bm25"]


class HybridSearch:
    """Embeds the question once, asks both indexes for candidates and fuses their ranks.

    ``Hit.score`` is always the dense cosine similarity (also for chunks found by BM25 only),
    so the answerer's relevance threshold means the same in every mode; ``Hit.fused`` is the
    fusion score the order comes from.
    """

    def __init__(
        self,
        index: VectorIndex,
        bm25: BM25Index,
        *,
        mode: Mode = "hybrid",
        rrf_k: int = 60,
        bm25_weight: float = 1.0,
        candidates: int = 30,
        keep: Callable[[Hit], bool] | None = None,
        on_drift: Callable[[], None] | None = None,
    ) -> None:
        self.keep = keep  # e.g. drop chunks with nothing but instructions in them
        self.on_drift = on_drift  # catch up with a sync made elsewhere (reopen, reload)
        self.index, self.bm25 = index, bm25
        self.mode, self.rrf_k = mode, rrf_k
        self.bm25_weight, self.candidates = bm25_weight, candidates

    def embed(self, question: str) -> list[float]:
        model = self.index.model
        if hasattr(model, "encode_query"):
            return model.encode_query(question)
        return model.encode([question])[0].tolist()

    def search(
        self,
        question: str,
        k: int,
        filters: dict[str, Any] | None = None,
        vector: list[float] | None = None,
    ) -> list[Hit]:
        vector = vector if vector is not None else self.embed(question)
        try:
            return self._search(question, k, filters, vector, strict=True)
        except IndexDriftError as exc:
            # the two indexes disagree (a sync elsewhere): catch up, retry once, and then
            # answer from what both hold
            log.info("index drift; refreshing and retrying: %s", exc)
            if self.on_drift is not None:
                self.on_drift()
            return self._search(question, k, filters, vector, strict=False)

    def _search(
        self,
        question: str,
        k: int,
        filters: dict[str, Any] | None,
        vector: list[float],
        *,
        strict: bool,
    ) -> list[Hit]:
        n = max(k, self.candidates)
        dense = [] if self.mode == "bm25" else self.index.query(vector, n, filters, strict=strict)
        if self.mode == "dense":
            for hit in dense:
                hit.fused = hit.score
            return self._kept(dense, k)
        keyword = self.bm25.search(question, n, filters)
        fused: dict[str, float] = {}
        for rank, hit in enumerate(dense):
            fused[hit.chunk_id] = 1.0 / (self.rrf_k + rank + 1)
        for rank, (cid, _) in enumerate(keyword):
            fused[cid] = fused.get(cid, 0.0) + self.bm25_weight / (self.rrf_k + rank + 1)
        order = sorted(fused, key=lambda c: fused[c], reverse=True)[: k + 5]
        known = {h.chunk_id: h for h in dense}
        missing = [c for c in order if c not in known]
        known.update({h.chunk_id: h for h in self.index.get(missing, vector, strict=strict)})
        bm25_scores = dict(keyword)
        hits = []
        for cid in order:
            if cid in known:
                hit = known[cid]
                hit.fused, hit.bm25 = fused[cid], bm25_scores.get(cid, 0.0)
                hits.append(hit)
        return self._kept(hits, k)

    def _kept(self, hits: list[Hit], k: int) -> list[Hit]:
        return [h for h in hits if self.keep is None or self.keep(h)][:k]


def __getattr__(name: str) -> Any:
    """``AllianceRetriever`` lives in ``vectorstore.langchain_retriever``: answering a
    question without an LLM needs no langchain import (0.3 to 0.7 s here)."""
    if name == "AllianceRetriever":
        from vectorstore.langchain_retriever import AllianceRetriever

        return AllianceRetriever
    raise AttributeError(name)

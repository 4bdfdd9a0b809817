"""Question -> retrieved evidence -> answer. Composed from the swappable parts in services."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from app.answer import ExtractiveAnswerer
from app.models import Answer
from vectorstore.retriever import HybridSearch


class Pipeline:
    def __init__(
        self,
        search: HybridSearch,
        answerer: ExtractiveAnswerer,
        *,
        top_k: int,
        abstain_threshold: float,
    ) -> None:
        self.search = search
        self.answerer = answerer
        self.top_k = top_k
        self.abstain_threshold = abstain_threshold

    def stream(
        self,
        question: str,
        *,
        history: Any = None,
        filters: dict[str, Any] | None = None,
        k: int | None = None,
    ) -> Iterator[str | Answer]:
        q_vec = np.asarray(self.search.embed(question), dtype=np.float32)
        hits = self.search.search(question, k or self.top_k, filters, vector=q_vec.tolist())
        if not hits or hits[0].score < self.abstain_threshold:
            yield Answer.abstain(question)
            return
        yield from self.answerer.stream(question, q_vec, hits)

"""The extractive answerer: no LLM, the answer is the retrieved sentences that best answer
the question, each followed by the marker of the chunk it came from."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from app.citations import CitationBook
from app.models import Answer
from app.text import content_words, jaccard, overlap, split_sentences
from vectorstore.store import Hit

Encode = Callable[[list[str]], np.ndarray]


@dataclass
class Candidate:
    text: str
    hit: Hit
    rank: int
    position: int
    score: float = 0.0


class ExtractiveAnswerer:
    """Scores every sentence of the retrieved chunks against the question."""

    def __init__(
        self,
        encode: Encode,
        *,
        max_sentences: int = 4,
        keep_ratio: float = 0.85,
        dense_weight: float = 0.6,
    ) -> None:
        self.encode = encode
        self.max_sentences = max_sentences
        self.keep_ratio = keep_ratio
        self.dense_weight = dense_weight

    def candidates(self, question: str, q_vec: np.ndarray, hits: list[Hit]) -> list[Candidate]:
        cands = [
            Candidate(sentence, hit, rank, pos)
            for rank, hit in enumerate(hits)
            for pos, sentence in enumerate(split_sentences(hit.text))
        ]
        if not cands:
            return []
        vecs = self.encode([c.text for c in cands])
        dense = vecs @ np.asarray(q_vec, dtype=np.float32)
        q_words = content_words(question)
        for cand, sim in zip(cands, dense, strict=True):
            lexical = overlap(q_words, cand.text)
            prior = 0.05 * cand.hit.score - 0.01 * cand.rank
            cand.score = self.dense_weight * float(sim) + (1 - self.dense_weight) * lexical + prior
        return cands

    def select(self, cands: list[Candidate]) -> list[Candidate]:
        ranked = sorted(cands, key=lambda c: c.score, reverse=True)
        if not ranked:
            return []
        best = ranked[0].score
        chosen: list[Candidate] = []
        for cand in ranked:
            if len(chosen) >= self.max_sentences or cand.score < self.keep_ratio * best:
                break
            if any(jaccard(cand.text, c.text) > 0.6 for c in chosen):
                continue
            chosen.append(cand)
        # readable order: by the chunk's rank, then the sentence's place in it
        return sorted(chosen, key=lambda c: (c.rank, c.position))

    def stream(self, question: str, q_vec: np.ndarray, hits: list[Hit]) -> Iterator[str | Answer]:
        chosen = self.select(self.candidates(question, q_vec, hits))
        if not chosen:
            yield Answer.abstain(question)
            return
        book = CitationBook()
        parts: list[str] = []
        for cand in chosen:
            n = book.cite(cand.hit, cand.text)
            part = f"{cand.text} [{n}]"
            yield (" " if parts else "") + part
            parts.append(part)
        yield Answer(text=" ".join(parts), citations=book.citations, question=question)

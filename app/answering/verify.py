"""Citation verification for generated answers: every sentence is checked against the
chunks it cites (embedding similarity plus word overlap); markers are renumbered, repaired
or dropped, and a sentence nothing supports is dropped."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from app.answering.citations import CitationBook
from app.answering.safety import clean_source_text
from app.answering.text import content_words, overlap, split_sentences
from app.core.types import Citation, Hit

MARKER = re.compile(r"\s*\[(\d+(?:\s*,\s*\d+)*)\]")


@dataclass
class Verified:
    text: str
    citations: list[Citation]
    report: dict[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.text.strip()


ECHO = re.compile(r"^\s*(?:#|question\s*:|answer\s*:|sources?\s*:|write a short answer)", re.I)


def clean_generated(text: str) -> str:
    """What a small model adds around its answer: tags, headings, echoes of the prompt."""
    text = re.sub(r"<[^>]{0,200}>", " ", text)
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ECHO.match(ln)]
    return " ".join(lines)


def split_claims(text: str) -> list[tuple[str, list[int]]]:
    """Sentences of a generated answer with the marker numbers each carries."""
    out = []
    for sentence in re.split(r"(?<=[.!?\]])\s+(?=[A-Z0-9\"'(])", clean_generated(text)):
        numbers = [
            int(n) for group in MARKER.findall(sentence) for n in re.split(r"\s*,\s*", group)
        ]
        claim = MARKER.sub("", sentence).strip()
        if claim:
            out.append((claim, numbers))
    return out


def specifics(claim: str) -> set[str]:
    """Numbers and names in a claim: what a supporting source must itself contain."""
    numbers = set(re.findall(r"\d[\d,.]*\d|\d", claim))
    words = re.findall(r"\b[A-Za-z][\w&*-]*", claim)
    names = {
        w for i, w in enumerate(words) if i > 0 and w[0].isupper() and w.lower() not in _COMMON
    }
    return numbers | names


_COMMON = {"i", "the", "a", "an", "it", "its", "this", "these", "they", "yes", "no"}


class CitationVerifier:
    def __init__(
        self,
        encode: Callable[[list[str]], np.ndarray],
        *,
        threshold: float = 0.55,
        dense_weight: float = 0.6,
    ) -> None:
        self.encode = encode
        self.threshold = threshold
        self.dense_weight = dense_weight

    def support_matrix(self, claims: list[str], sources: list[Hit]) -> np.ndarray:
        """support[i, j]: how well source j backs claim i (0..1)."""
        texts = [clean_source_text(h.text) for h in sources]
        sentences = [split_sentences(t) or [t] for t in texts]
        flat = [s for group in sentences for s in group]
        vectors = self.encode(claims + flat)
        claim_vecs, sent_vecs = vectors[: len(claims)], vectors[len(claims) :]
        sims = claim_vecs @ sent_vecs.T if flat else np.zeros((len(claims), 0))
        support = np.zeros((len(claims), len(sources)))
        start = 0
        for j, group in enumerate(sentences):
            block = sims[:, start : start + len(group)]
            start += len(group)
            source_lower = texts[j].lower()
            for i, claim in enumerate(claims):
                dense = float(block[i].max()) if block.shape[1] else 0.0
                lexical = overlap(content_words(claim), texts[j])
                score = self.dense_weight * dense + (1 - self.dense_weight) * lexical
                if any(f.lower() not in source_lower for f in specifics(claim)):
                    score *= 0.5  # a number or a name the source does not contain
                support[i, j] = score
        return support

    def verify(self, text: str, sources: list[Hit]) -> Verified:
        claims = split_claims(text)
        report = {"supported": 0, "unsupported": 0, "repaired": 0}
        if not claims or not sources:
            report["unsupported"] = len(claims)
            return Verified("", [], report)
        support = self.support_matrix([c for c, _ in claims], sources)
        book = CitationBook()
        parts: list[str] = []
        for i, (claim, numbers) in enumerate(claims):
            if len(claim.split()) < 3 and not numbers:  # "Yes." / "No." lead-ins stay as said
                parts.append(claim)
                continue
            valid = [n for n in dict.fromkeys(numbers) if 1 <= n <= len(sources)]
            backed = [n for n in valid if support[i, n - 1] >= self.threshold]
            if not backed:
                best = int(np.argmax(support[i]))
                if support[i, best] < self.threshold:
                    report["unsupported"] += 1
                    continue
                backed = [best + 1]
            if backed != numbers:
                report["repaired"] += 1
            report["supported"] += 1
            marks = "".join(f" [{book.cite(sources[n - 1], claim)}]" for n in backed)
            parts.append(claim.rstrip() + marks)
        if not report["supported"]:
            return Verified("", [], report)
        return Verified(" ".join(parts), book.citations, report)

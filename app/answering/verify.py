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
# where one generated sentence ends and the next begins (after its markers, if any)
SENTENCE_BREAK = re.compile(r"(?<=[.!?\]])\s+(?=[A-Z0-9\"'(])")


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
    text = re.sub(r"<[^>]{0,200}>|</?source\b[^>]*", " ", text)  # also a tag cut short
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ECHO.match(ln)]
    return " ".join(lines)


def split_claims(text: str) -> list[tuple[str, list[int]]]:
    """Sentences of a generated answer with the marker numbers each carries."""
    out = []
    for sentence in SENTENCE_BREAK.split(clean_generated(text)):
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

    def session(self, sources: list[Hit]) -> VerifySession:
        """Sentence-by-sentence verification against ``sources`` (for streaming)."""
        return VerifySession(self, sources)

    def support_matrix(self, claims: list[str], sources: list[Hit]) -> np.ndarray:
        """support[i, j]: how well source j backs claim i (0..1)."""
        return self.session(sources).support(claims)

    def verify(self, text: str, sources: list[Hit]) -> Verified:
        session = self.session(sources)
        session.add(text)
        return session.result()


class VerifySession:
    """Claims checked one sentence at a time as a model produces them; a sentence stands
    only when a source backs it, and its citation numbers are the answer's own."""

    def __init__(self, verifier: CitationVerifier, sources: list[Hit]) -> None:
        self.verifier = verifier
        self.sources = sources
        self.texts = [clean_source_text(h.text) for h in sources]
        self.sentences = [split_sentences(t) or [t] for t in self.texts]
        flat = [s for group in self.sentences for s in group]
        self.vectors = verifier.encode(flat) if flat else np.zeros((0, 1))
        self.book = CitationBook()
        self.parts: list[str] = []
        self.report = {"supported": 0, "unsupported": 0, "repaired": 0}

    def support(self, claims: list[str]) -> np.ndarray:
        support = np.zeros((len(claims), len(self.sources)))
        if not claims or not self.sources:
            return support
        sims = self.verifier.encode(claims) @ self.vectors.T
        weight = self.verifier.dense_weight
        start = 0
        for j, group in enumerate(self.sentences):
            block = sims[:, start : start + len(group)]
            start += len(group)
            source_lower = self.texts[j].lower()
            for i, claim in enumerate(claims):
                dense = float(block[i].max()) if block.shape[1] else 0.0
                lexical = overlap(content_words(claim), self.texts[j])
                score = weight * dense + (1 - weight) * lexical
                if any(f.lower() not in source_lower for f in specifics(claim)):
                    score *= 0.5  # a number or a name the source does not contain
                support[i, j] = score
        return support

    def add(self, text: str) -> str:
        """Check the claims in ``text``; returns what stands, with its citation markers
        (empty when nothing does). A bare "Yes." or "No." never stands: whether the
        sources affirm the question cannot be checked against a sentence."""
        said = split_claims(text)
        claims = [(c, n) for c, n in said if len(c.split()) >= 3 or n]
        report = self.report
        report["unsupported"] += len(said) - len(claims)
        if not claims:
            return ""
        support = self.support([c for c, _ in claims])
        kept: list[str] = []
        for i, (claim, numbers) in enumerate(claims):
            valid = [n for n in dict.fromkeys(numbers) if 1 <= n <= len(self.sources)]
            backed = [n for n in valid if support[i, n - 1] >= self.verifier.threshold]
            if not backed:
                best = int(np.argmax(support[i]))
                if support[i, best] < self.verifier.threshold:
                    report["unsupported"] += 1
                    continue
                backed = [best + 1]
            if backed != numbers:
                report["repaired"] += 1
            report["supported"] += 1
            marks = "".join(f" [{self.book.cite(self.sources[n - 1], claim)}]" for n in backed)
            kept.append(claim.rstrip() + marks)
        self.parts += kept
        return " ".join(kept)

    @property
    def empty(self) -> bool:
        return not self.parts

    def result(self) -> Verified:
        if self.empty:
            return Verified("", [], dict(self.report))
        return Verified(" ".join(self.parts), self.book.citations, dict(self.report))


def complete_claims(buffer: str) -> tuple[str, str]:
    """``buffer`` split into its finished sentences (with their markers) and the rest a
    model is still writing: cut where ``split_claims`` would split."""
    ends = list(SENTENCE_BREAK.finditer(buffer))
    if not ends:
        return "", buffer
    cut = ends[-1].end()
    return buffer[:cut], buffer[cut:]

"""The extractive answerer: no LLM. The answer is the retrieved sentences that best answer
the question, picked by what the question asks for (a date, a place, a number, a yes/no),
without near-duplicates, in reading order, each followed by its citation marker."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from app.analysis import Analysis
from app.citations import CitationBook
from app.models import Answer
from app.safety import FAKE_MARKER, is_instruction
from app.text import content_words, jaccard, overlap, split_sentences
from vectorstore.store import Hit

Encode = Callable[[list[str]], np.ndarray]
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
ANSWER_TYPES = {
    "when": re.compile(rf"\b(?:{MONTHS})\b|\b(?:19|20)\d\d\b"),
    # a count is a number that is not a year or a day of the month
    "count": re.compile(
        rf"\b(?!(?:19|20)\d\d\b)\d+\b(?!\s+(?:{MONTHS}))"
        r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen)\b",
        re.I,
    ),
    "amount": re.compile(
        r"[$€£]\s?\d|\b\d[\d,.]*\s*(?:%|percent|hundred|thousand|million|billion|trillion)"
        r"|\b(?:US )?dollars?\b|\beuros?\b",
        re.I,
    ),
    "why": re.compile(r"\b(?:because|since|so that|in order to|due to|aims? to|to help)\b", re.I),
}
ROLE_WORDS = re.compile(
    r"\b(ceo|chief|chair|lead|head|founde|president|director|manager|executive|spokes)"
)
FACT_TYPES = {"when", "where", "count", "amount", "who"}
NEGATION = re.compile(r"\b(?:not|no|never|none|neither|nor|without)\b", re.I)


@dataclass
class Candidate:
    text: str
    hit: Hit
    rank: int
    position: int
    score: float = 0.0
    typed: bool = False
    lexical: float = 0.0
    coverage: float = 0.0
    about: float = 0.0


class SentenceCache:
    """A bounded LRU of sentence vectors: the answerer embeds each sentence once."""

    def __init__(self, encode: Encode, size: int = 20_000) -> None:
        self.encode, self.size = encode, size
        self._store: OrderedDict[str, np.ndarray] = OrderedDict()

    def vectors(self, sentences: list[str]) -> np.ndarray:
        missing = list(dict.fromkeys(s for s in sentences if s not in self._store))
        if missing:
            for sentence, vec in zip(missing, self.encode(missing), strict=True):
                self._store[sentence] = vec
        out = []
        for s in sentences:
            self._store.move_to_end(s)
            out.append(self._store[s])
        while len(self._store) > self.size:
            self._store.popitem(last=False)
        return np.stack(out)


class ExtractiveAnswerer:
    def __init__(
        self,
        encode: Encode,
        *,
        max_sentences: int = 4,
        keep_ratio: float = 0.85,
        dense_weight: float = 0.6,
        type_bonus: float = 0.15,
        countries: Callable[[], list[str]] = list,
        idf: Callable[[], dict[str, float]] = dict,
        rank_prior: float = 0.03,
        max_candidates: int = 16,
        title_weight: float = 0.1,
        profile_penalty: float = 0.05,
    ) -> None:
        self.profile_penalty = profile_penalty
        self.title_weight = title_weight
        self.max_candidates = max_candidates
        self.idf = idf
        self.rank_prior = rank_prior
        self.cache = SentenceCache(encode)
        self.max_sentences = max_sentences
        self.keep_ratio = keep_ratio
        self.dense_weight = dense_weight
        self.type_bonus = type_bonus
        self.countries = countries

    def rank(self, a: Analysis, q_vec: np.ndarray, hits: list[Hit]) -> list[Candidate]:
        """Sentences of the retrieved chunks, scored; best first. A cheap lexical pre-score
        keeps the ``max_candidates`` most promising for the embedding comparison, which
        bounds the cost of a question whatever the size of the chunks."""
        q_words = content_words(a.corrected)
        named = {w for m in a.members for w in content_words(f"{m.name} {m.short_name}")}
        focus = (q_words - named) or q_words  # what is asked about the named member
        idf = self.idf() or None
        typed = self._type_check(a)
        cands = []
        for rank, hit in enumerate(hits):
            # what the document and section are about counts too: a date restated in passing
            # elsewhere should not outrank the announcement that is about the launch
            heading = f"{hit.metadata.get('title', '')} {hit.metadata.get('section', '')}"
            about = self.title_weight * overlap(q_words, heading, idf)
            if not a.members and hit.metadata.get("doc_type") == "member_profile":
                about -= self.profile_penalty  # the alliance's own facts: its announcements
            for pos, raw in enumerate(split_sentences(hit.text)):
                sentence = FAKE_MARKER.sub("", raw).strip()
                if is_instruction(sentence) or not sentence:
                    continue  # sources are data: an instruction in them is never repeated
                cand = Candidate(sentence, hit, rank, pos, about=about)
                cand.lexical = overlap(q_words, sentence, idf)
                cand.coverage = overlap(focus, sentence, idf)
                cand.typed = bool(typed(sentence))
                cand.score = cand.lexical + 0.5 * hit.score - self.rank_prior * rank
                cands.append(cand)
        if not cands:
            return []
        cands = sorted(cands, key=lambda c: c.score, reverse=True)[: self.max_candidates]
        dense = self.cache.vectors([c.text for c in cands]) @ np.asarray(q_vec, dtype=np.float32)
        for cand, sim in zip(cands, dense, strict=True):
            prior = 0.05 * cand.hit.score - self.rank_prior * cand.rank
            bonus = self.type_bonus if cand.typed else 0.0
            cand.score = self.dense_weight * float(sim) + (1 - self.dense_weight) * cand.lexical
            cand.score += prior + bonus + cand.about
        return sorted(cands, key=lambda c: c.score, reverse=True)

    def _type_check(self, a: Analysis) -> Callable[[str], bool]:
        if a.qtype in ANSWER_TYPES:
            return ANSWER_TYPES[a.qtype].search  # type: ignore[return-value]
        if a.qtype == "where":
            places = [c for c in self.countries() if c]
            pattern = re.compile(
                r"\bbased in\b|\blocated in\b" + "".join(f"|\\b{re.escape(p)}\\b" for p in places)
            )
            return pattern.search  # type: ignore[return-value]
        if a.qtype == "who":
            # a name the question does not already contain; a role asked about ("Who leads
            # ...", "Who is the CEO ...") must also be what the sentence talks about
            asked = {w.lower() for w in re.findall(r"\w+", a.corrected)}
            roles = set(ROLE_WORDS.findall(a.corrected.lower()))
            return lambda s: (
                any(w.lower() not in asked for w in re.findall(r"(?<!^)\b[A-Z][A-Za-z]+", s))
                and all(re.search(rf"\b{r}", s, re.I) for r in roles)
            )
        return lambda s: True

    def select(self, a: Analysis, ranked: list[Candidate]) -> list[Candidate]:
        """The best sentence and those close to it; a single fact (a date, a place, a
        number) needs fewer sentences than a description."""
        if not ranked:
            return []
        best = ranked[0].score
        limit = min(self.max_sentences, 2) if a.qtype in FACT_TYPES else self.max_sentences
        chosen: list[Candidate] = []
        for cand in ranked:
            if len(chosen) >= limit or cand.score < self.keep_ratio * best:
                break
            if any(jaccard(cand.text, c.text) > 0.6 for c in chosen):
                continue
            if a.qtype in FACT_TYPES and any(
                _same_fact(a.qtype, cand.text, c.text) for c in chosen
            ):
                continue  # the same date or number again, from another document
            chosen.append(cand)
        return sorted(chosen, key=lambda c: (c.rank, c.position))

    def stream(self, a: Analysis, ranked: list[Candidate]) -> Iterator[str | Answer]:
        chosen = self.select(a, ranked)
        if not chosen:
            yield Answer.abstain(a.question)
            return
        book = CitationBook()
        parts: list[str] = []
        if a.qtype == "yesno":  # the verdict leads; a negated piece of evidence means no
            negated = not NEGATION.search(a.question) and any(
                NEGATION.search(c.text) for c in chosen
            )
            parts.append("No." if negated else "Yes.")
            yield parts[0]
        for cand in chosen:
            part = f"{cand.text} [{book.cite(cand.hit, cand.text)}]"
            yield (" " if parts else "") + part
            parts.append(part)
        yield Answer(text=" ".join(parts), citations=book.citations, question=a.question)


def _same_fact(qtype: str, a: str, b: str) -> bool:
    pattern = ANSWER_TYPES.get(qtype)
    if pattern is None:
        return False
    found_a = {m.group(0).lower() for m in pattern.finditer(a)}
    return bool(found_a) and found_a == {m.group(0).lower() for m in pattern.finditer(b)}

"""Small text helpers shared by the answerers: sentences, content words, overlap."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from functools import cached_property, lru_cache

from rapidfuzz import fuzz, process

from app.answering.language import FIXED_PHRASES, WORD_FORMS
from vectorstore.tokenize import tokenize

_ABBREV = re.compile(
    r"\b(?:e\.g|i\.e|etc|Inc|Ltd|Corp|Co|Mr|Mrs|Ms|Dr|Prof|Sr|Jr|St|vs|No|U\.S|U\.K"
    r"|Sdn|Bhd|Pty|Pvt|Ltda|Cia|Plc|S\.A|N\.V|B\.V|A\.G|S\.p\.A)\.$"  # "Sdn. Bhd."
)


EMPHASIS = re.compile(r"(?:\*\*|__)(.+?)(?:\*\*|__)")
WORD_RUN = re.compile(r"\w+")  # a word as written, not stemmed


def split_sentences(text: str) -> list[str]:
    """Sentences of a chunk, without Markdown headings or list bullets."""
    return [s for s, _ in sentences_in_lines(text)]


# a list item's mark; a number is one of up to three digits (not a year: "2025. Dr. X had")
BULLET = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")


def list_items(text: str) -> set[str]:
    """The list items of a chunk, as ``sentences_in_lines`` gives their lines."""
    items = (raw.strip() for raw in text.splitlines())
    return {EMPHASIS.sub(r"\1", BULLET.sub("", line)) for line in items if BULLET.match(line)}


VERDICTS = {"Yes.", "No.", "Yes!", "No!", "Yes,", "No,"}


def sentences_in_lines(text: str) -> list[tuple[str, str]]:
    """(sentence, the line it stands in) for every sentence of a chunk."""
    out: list[tuple[str, str]] = []
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line or line.startswith("#"):
            continue
        line = BULLET.sub("", line)
        line = EMPHASIS.sub(r"\1", line)  # **bold** and _italic_ are Markdown, not text
        start = 0
        for match in re.finditer(r"[.!?](?=\s+[A-Z0-9\"'(])", line):
            end = match.end()
            if _ABBREV.search(line[start:end]) or line[start:end].strip() in VERDICTS:
                continue  # "Yes. Each mentor receives ...": the answer's verdict goes with it
            out.append((line[start:end].strip(), line))
            start = end
        tail = line[start:].strip()
        if tail:
            out.append((tail, line))
    return [(s, ln) for s, ln in out if len(s.split()) >= 3]


# American and British spellings of one stem ("organiz", "organis") are the same word
_SPELLING = re.compile(r"(?<=[a-z]{3})([iy])z$")
# a compound with a word the forms table maps is one word: "start-up" is no start
MAPPED_COMPOUND = re.compile(
    r"\b(?:\w+-(?:" + "|".join(WORD_FORMS) + r")\w*|(?:" + "|".join(WORD_FORMS) + r")\w*-\w+)\b"
    r"|\b\w+-(?:up|down|out|off|over)\b",  # a noun made of a phrasal verb: "start-up"
    re.I,
)


def words(text: str) -> list[str]:
    """Stemmed content words in order, with the keyword index's own tokenizer; "-ize" and
    "-ise" spellings compare equal, irregular forms meet their verb ("won" and "win"), and
    "founding members" stays one word."""
    return list(_words(text))


@lru_cache(maxsize=1 << 15)
def _words(text: str) -> tuple[str, ...]:
    """``words``, remembered: one answer reads the same sentences many times over (a fifth
    of the time the evaluation took was spent reading them again)."""
    text = FIXED_PHRASES.sub(lambda m: m.group(0).replace(" ", ""), text)
    text = MAPPED_COMPOUND.sub(lambda m: m.group(0).replace("-", ""), text)  # "start-up"
    return tuple(_SPELLING.sub(r"\1s", WORD_FORMS.get(w, w)) for w in tokenize(text))


def other_forms(text: str) -> list[str]:
    """The words the forms table gives for ``text``'s words, where they differ ("goals":
    "objective", "got": "receiv"): searched along with the question, since the keyword
    index knows only the words as written."""
    return sorted({WORD_FORMS[w] for w in tokenize(text) if WORD_FORMS.get(w, w) != w})


def close_match(word: str, choices: Sequence[str], cutoff: float) -> str | None:
    """Exactly ``difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)``, fast on
    100,000 choices: rapidfuzz's ratio (2 x longest common subsequence / total length) is
    never below difflib's, so its survivors at ``cutoff`` hold every difflib match."""
    survivors = process.extract(
        word, choices, scorer=fuzz.ratio, score_cutoff=100 * cutoff - 1e-6, limit=None
    )
    close = difflib.get_close_matches(word, [c for c, _, _ in survivors], n=1, cutoff=cutoff)
    return close[0] if close else None


def content_words(text: str) -> set[str]:
    return set(_words(text))


class Idf(dict[str, float]):
    """A word -> IDF table that knows its largest value (the weight of unknown words)."""

    @cached_property
    def rarest(self) -> float:
        return max(self.values(), default=1.0)


def overlap(question_words: set[str], text: str, idf: dict[str, float] | None = None) -> float:
    """Share of the question's content words found in ``text``, each weighted by its IDF
    when given, so that a rare word ("pool") counts more than "alliance"."""
    if not question_words:
        return 0.0
    found = question_words & content_words(text)
    if idf is None:
        return len(found) / len(question_words)
    # unknown words are the rarest of all
    default = idf.rarest if isinstance(idf, Idf) else max(idf.values(), default=1.0)
    total = sum(idf.get(w, default) for w in question_words)
    return sum(idf.get(w, default) for w in found) / total if total else 0.0


def jaccard(a: str, b: str) -> float:
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)

"""Small text helpers shared by the answerers: sentences, content words, overlap."""

from __future__ import annotations

import re

STOPWORDS = frozenset(
    """a an and are as at be been by can could did do does for from had has have how i in
    into is it its me my of on or our so than that the their them then there these they this
    to was we were what when where which who whom whose why will with would you your about
    tell please any all also much many one ones""".split()
)
_ABBREV = re.compile(r"\b(?:e\.g|i\.e|etc|Inc|Ltd|Corp|Co|Mr|Ms|Dr|St|vs|U\.S|U\.K)\.$")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9*+.&'-]*[A-Za-z0-9*+]|[A-Za-z0-9]")


def split_sentences(text: str) -> list[str]:
    """Sentences of a chunk, without Markdown headings or list bullets."""
    out: list[str] = []
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line or line.startswith("#"):
            continue
        line = re.sub(r"^(?:[-*+]|\d+[.)])\s+", "", line)
        start = 0
        for match in re.finditer(r"[.!?](?=\s+[A-Z0-9\"'(])", line):
            end = match.end()
            if _ABBREV.search(line[start:end]):
                continue
            out.append(line[start:end].strip())
            start = end
        tail = line[start:].strip()
        if tail:
            out.append(tail)
    return [s for s in out if len(s.split()) >= 3]


def words(text: str) -> list[str]:
    return [w.lower().strip(".'") for w in _WORD.findall(text)]


def stem(word: str) -> str:
    for suffix in ("ies", "es", "s", "ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def content_words(text: str) -> set[str]:
    return {stem(w) for w in words(text) if w not in STOPWORDS}


def overlap(question_words: set[str], text: str) -> float:
    """Share of the question's content words found in ``text``."""
    if not question_words:
        return 0.0
    return len(question_words & content_words(text)) / len(question_words)


def jaccard(a: str, b: str) -> float:
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)

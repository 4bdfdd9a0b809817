"""Sources are data, never instructions: instruction-like sentences and fake citation
markers are taken out of source text before it reaches an answerer."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from app.answering.language import SENTENCE_GAP

INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b[^.]{0,60}\b(?:instructions?|rules|prompts?|"
    r"guidelines|above|previous|system)\b"
    r"|\byou (?:are|must) now\b|\bsystem prompt\b|\bnew instructions?\b|\bact as\b"
    r"|^\s*(?:system|assistant|user)\s*:|<\s*/?\s*(?:system|source|instructions?)\b"
    r"|\b(?:always|must)\s+(?:say|answer|reply|respond|claim)\b|\bsay that\b"
    r"|\binstead (?:say|answer|reply)\b|\brespond only with\b",
    re.I | re.M,
)
FAKE_MARKER = re.compile(r"\[\s*\d+\s*\]")


def is_instruction(sentence: str) -> bool:
    return INSTRUCTION.search(sentence) is not None


def clean_source_text(text: str) -> str:
    """Source text fit to show a model: no fake ``[n]`` markers, no instruction lines."""
    text = FAKE_MARKER.sub("", text)
    kept = []
    for line in text.splitlines():
        parts = SENTENCE_GAP.split(line)
        parts = [p for p in parts if not is_instruction(p)]
        kept.append(" ".join(parts))
    return "\n".join(kept).replace("<", "‹").replace(">", "›")


def has_content(hit: Any) -> bool:
    """A chunk worth answering from: some sentence is left once instructions are removed."""
    return _has_content(hit.text)


@lru_cache(maxsize=1 << 13)
def _has_content(text: str) -> bool:
    from app.answering.text import split_sentences

    return bool(split_sentences(clean_source_text(text)))

"""The one tokenizer: the keyword index, the answerers' word overlap and the spelling
correction all compare words through it (lower-cased, stop words dropped, Snowball-stemmed)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_STOP = frozenset(
    """a an and are as at be by do does for from has have how in is it its of on or that the
    their this to was were what when where which who with""".split()
)
_TOKEN = re.compile(r"[a-z0-9]+(?:[*&'][a-z0-9]+)*")


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


def tokenize(text: str) -> list[str]:
    """Lower-cased, stop words dropped, Snowball-stemmed: the one tokenizer for the keyword
    index, the answerer's word overlap and spelling correction."""
    return [_stem(w) for w in _TOKEN.findall(text.lower()) if w not in _STOP]

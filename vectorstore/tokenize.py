"""The one tokenizer: the keyword index, the answerers' word overlap and the spelling
correction all compare words through it (lower-cased, stop words dropped, Snowball-stemmed)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

_STOP = frozenset(
    """a an and are as at be by do does for from has have how in is it its of on or that the
    their this to was were what when where which who with""".split()
)
_TOKEN = re.compile(r"[a-z0-9]+(?:[*&'][a-z0-9]+|\.[0-9]+)*")
# What ``tokenize`` gives for a text: a keyword index built with another version is rebuilt
# (1: ASCII letters only; 2: accents folded, so "Valparaíso" is one word, "valparaiso", and a
# version number is one word: "2.0", not "2" and "0"; 3: letters with no accent to take off
# written as a reader types them, "Tromsø" as "tromso")
VERSION = 3
# letters Unicode does not decompose into a base letter and an accent
_LETTERS = str.maketrans(
    {
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ß": "ss",
        "đ": "d",
        "ł": "l",
        "þ": "th",
        "ð": "d",
        "ı": "i",
        "Ø": "O",
        "Æ": "Ae",
        "Œ": "Oe",
        "Đ": "D",
        "Ł": "L",
        "Þ": "Th",
        "Ð": "D",
    }  # fmt: skip
)


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
    return [_stem(w) for w in _TOKEN.findall(fold(text.lower())) if w not in _STOP]


def fold(text: str) -> str:
    """``text`` without accents ("Zürich", "São Paulo": "Zurich", "Sao Paulo"), as people
    type names: a letter and its accent are one letter to a reader."""
    if text.isascii():
        return text
    parts = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(c for c in parts if not unicodedata.combining(c))

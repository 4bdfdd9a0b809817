"""Visible streaming. The extractive answerer yields whole sentences, all at once, so the
web chat reveals each piece in a few word groups with a short pause between them. The pause
is the UI's (``web.stream_pause_ms``): the library never waits, and the first group is shown
as soon as the library yields it."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
GROUPS_PER_PIECE = 6  # a sentence appears in at most this many steps
_WORDS = re.compile(r"\s*\S+\s*")


def word_groups(piece: str, groups: int = GROUPS_PER_PIECE) -> list[str]:
    """``piece`` cut at word boundaries into at most ``groups`` parts that join back to it."""
    words = _WORDS.findall(piece)
    if "".join(words) != piece:  # leading/trailing whitespace only: keep it whole
        return [piece] if piece else []
    size = max(1, -(-len(words) // groups))
    return ["".join(words[i : i + size]) for i in range(0, len(words), size)]


def reveal(
    pieces: Iterable[str | T],
    pause_s: float,
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[str | T]:
    """Pass ``pieces`` through, text split into word groups with ``pause_s`` between the
    groups of one piece; anything that is not text (the final ``Answer``) passes unchanged."""
    for piece in pieces:
        if not isinstance(piece, str) or pause_s <= 0:
            yield piece
            continue
        for i, group in enumerate(word_groups(piece)):
            if i:
                sleep(pause_s)
            yield group

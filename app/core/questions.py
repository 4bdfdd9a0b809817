"""What a question must be before anything answers it: a ``str``, cleaned of what is not
valid Unicode, not empty and not longer than ``answer.max_question_chars``. Every interface
(Python, CLI, web chat, HTTP API) checks through ``clean_question``."""

from __future__ import annotations

import re
import unicodedata

# lone surrogates: undecodable bytes from a command line (surrogateescape) or a broken
# "\ud800" escape in JSON; they cannot be encoded, so the tokenizer raises on them
_SURROGATES = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # NUL, escapes and the like; not \t \n


class QuestionError(ValueError):
    """A question that cannot be answered as written (empty, too long); the message is one
    sentence for the user."""


def clean_question(question: object, max_chars: int) -> str:
    """``question`` with invalid Unicode and control characters removed, normalised (NFC)
    and stripped. ``TypeError`` for anything but a ``str``; ``QuestionError`` when nothing
    is left or it is longer than ``max_chars`` characters."""
    if not isinstance(question, str):
        hint = ""
        if isinstance(question, bytes | bytearray):
            hint = " (decode it first, e.g. question.decode('utf-8'))"
        raise TypeError(f"the question must be a str, not {type(question).__name__}{hint}")
    text = _CONTROL.sub(" ", _SURROGATES.sub("", question))
    text = unicodedata.normalize("NFC", text).strip()
    if not text:
        raise QuestionError("Please ask a question.")
    if len(text) > max_chars:
        raise QuestionError(
            f"The question is {len(text):,} characters long; the limit is {max_chars:,}. "
            "Please ask it in fewer words."
        )
    return text

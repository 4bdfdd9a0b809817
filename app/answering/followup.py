"""Follow-up questions without an LLM: "and where is it based?" after a question about
Silo AI becomes "where is Silo AI based?" (carry-over of the previous turn's subject)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from app.answering.analysis import Analysis
from app.answering.language import PRONOUN


def previous_questions(history: Any) -> list[str]:
    """User turns from ``[(question, answer), ...]`` or ``[{"role": ..., "content": ...}]``."""
    out: list[str] = []
    for turn in history or []:
        if isinstance(turn, dict):
            if turn.get("role") == "user":
                out.append(str(turn.get("content", "")))
        elif isinstance(turn, list | tuple) and turn:
            out.append(str(turn[0]))
    return out


def carry_over(question: str, history: Any, analyze: Callable[[str], Analysis]) -> str:
    """The question with a pronoun replaced by the subject of the latest earlier question
    that named exactly one member; when none did, the latest earlier question follows in
    brackets, so that "when was that?" is searched with what "that" was about. Unchanged
    when there is nothing to carry over."""
    if not history or not PRONOUN.search(question):
        return question
    current = analyze(question)
    if current.members or current.subject_member or current.group:
        return question
    asked = previous_questions(history)
    for previous in reversed(asked):
        a = analyze(previous)
        member = a.subject_member or (a.members[0] if len(a.members) == 1 else None)
        if member is None:
            continue
        name = member.short_name or member.name

        def replace(match: re.Match[str], name: str = name) -> str:
            word = match.group(0).lower()
            return f"{name}'s" if word in ("its", "their") else name

        rewritten = PRONOUN.sub(replace, question, count=1)
        return re.sub(r"^(?:and|so|but|also)\s+", "", rewritten.strip(), flags=re.I)
    if not asked:
        return question
    standalone = re.sub(r"^(?:and|so|but|also)\s+", "", question.strip(), flags=re.I)
    return f"{standalone} ({asked[-1].strip().rstrip('?')})"

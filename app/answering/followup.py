"""Follow-up questions without an LLM: "and where is it based?" after a question about
Silo AI becomes "where is Silo AI based?" (carry-over of the previous turn's subject)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from app.answering.analysis import Analysis
from app.answering.language import LEADING_THE, PRONOUN
from app.answering.verdict import PERSON


def previous_questions(history: Any) -> list[str]:
    """User turns from ``[(question, answer), ...]`` or ``[{"role": ..., "content": ...}]``."""
    return _turns(history, "user", 0)


def previous_answers(history: Any) -> list[str]:
    """The assistant's turns, from the same forms of history."""
    return _turns(history, "assistant", 1)


def _turns(history: Any, role: str, index: int) -> list[str]:
    out: list[str] = []
    for turn in history or []:
        if isinstance(turn, dict):
            if turn.get("role") == role:
                out.append(str(turn.get("content", "")))
        elif isinstance(turn, list | tuple) and len(turn) > index:
            out.append(str(turn[index] or ""))
    return out


# a question that leans on the one before: "and who came second?", "the next one", "those"
ELLIPTICAL = re.compile(
    r"^(?:and|so|but|also|what about|how about)\b"
    r"|\b(?:the\s+[\w\s-]+?\s+one|those|these|one of them)\b"
    # "how many ppl showed up?": came to what the question before was about
    r"|^how\s+many(?:\s+\w+)?\s+(?:came|showed\s+up|turned\s+up|attended|took\s+part)\s*\??$",
    re.I,
)
# a name as a user writes it: capitalised words after the first ("the Driftwood Summit")
NAME = re.compile(
    r"(?<=\s)(?:[A-Z][\w'-]*\s+)*[A-Z][\w'-]*(?:\s+(?:of|for|on)\s+[A-Z][\w'-]*)*"
    r"(?:\s+(?:19|20)\d\d\b)?"  # "Alliance Open Days 2025": the edition is part of the name
)
THING = re.compile(r"\b(?:it|its)\b", re.I)  # a pronoun for a thing, not for people
ONE = re.compile(r"\b(the\s+(?:[\w-]+\s+){1,3})one\b", re.I)  # "the next one"
SERIES = re.compile(r"\b(?:next|last|previous|first|second|third|latest|upcoming)\s+$", re.I)
WHAT_ABOUT = re.compile(r"^(?:what|how)\s+about\s+(.+?)\s*\??$", re.I)
LEADING_AND = re.compile(r"^(?:and|so|but|also)\s+", re.I)
# "how many are there?": a count of what the question before asked about
BARE_COUNT = re.compile(
    r"^(?:and\s+)?how\s+many(?=\s+(?:are|were|of them|do|did|does)\b|\s*\??$)", re.I
)
ORG_PRONOUN = re.compile(r"\b(?:it|its|they|them|their)\b", re.I)  # with no chat before
# "who are the founders?", "who r the founders lol"
BARE_FOUNDERS = re.compile(
    r"^who\b.*?\b(?:co-?)?founders?(?:\s+(?:lol|lmao|haha))?\s*[?!.]*\s*$", re.I
)
BODY_WORDS = {"group", "alliance", "committee", "board", "council", "panel", "team"}
# a person the question is about ("when did he start?"); not "before her", whose person is
# the one the answer must not be
PERSON_PRONOUNS = {"he", "she", "his"}


def carry_over(question: str, history: Any, analyze: Callable[[str], Analysis]) -> str:
    """The question with a pronoun replaced by the subject of the latest earlier question
    that named exactly one member, or with the name the latest earlier question gave ("and
    who came second?" after "Who won the Sablewing Challenge?" asks about the challenge;
    "the next one" is the next Driftwood Summit); when neither, the latest earlier question
    follows in brackets, so that "when was that?" is searched with what "that" was about.
    Unchanged when there is nothing to carry over."""
    pronoun = PRONOUN.search(question)
    elliptical = bool(ELLIPTICAL.search(question)) or len(question.split()) <= 2
    asked = previous_questions(history)
    if not asked or not (pronoun or elliptical):
        return question
    bare = BARE_COUNT.match(question.strip())
    counted = _plural_noun(asked[-1]) if bare else None
    if bare and counted:  # "how many are there?" after "What are the objectives?"
        question = f"how many {counted}{question.strip()[bare.end() :]}"
    current = analyze(question)
    swap = WHAT_ABOUT.match(LEADING_AND.sub("", question.strip()))
    if swap and (current.members or current.subject_member):  # "what about meta?" after
        other = _with_member(asked[-1], swap.group(1), analyze)  # "was google a member?"
        if other:
            return other
    if current.members or current.subject_member or current.group or NAME.search(question):
        return question
    person = next((m for m in PRONOUN.finditer(question) if m[0].lower() in PERSON_PRONOUNS), None)
    if person:  # "when did he start?" after "who replaced X as chair?": the one answered,
        # asked in the setting of the question before ("the job" is the chair)
        named = _person_answered(asked[-1], previous_answers(history)[-1:], analyze)
        if named:
            named = f"{named}'s" if person[0].lower() == "his" else named
            standalone = f"{question[: person.start()]}{named}{question[person.end() :]}".strip()
            return f"{LEADING_AND.sub('', standalone)} ({asked[-1].strip().rstrip('?')})"
    if pronoun:
        member = _member_asked(asked, analyze)
        if member is not None:
            return LEADING_AND.sub("", _replace_pronoun(question, member, PRONOUN).strip())
    if (not pronoun or THING.search(question)) and len(question.split()) > 2:
        # the latest earlier question that gave a name ("and who won?" gave none)
        before = next((q for q in reversed(asked) if NAME.findall(q.strip())), asked[-1])
        named = _with_name(question, before)  # "since when?" needs the whole question
        if named:
            return named
    standalone = LEADING_AND.sub("", question.strip())
    return f"{standalone} ({asked[-1].strip().rstrip('?')})"


def _with_member(previous: str, name: str, analyze: Callable[[str], Analysis]) -> str | None:
    """The earlier question asked of another member: "was google a founding member?" and
    "what about meta?" ask "was meta a founding member?"."""
    before = analyze(previous)
    members = before.members or ([before.subject_member] if before.subject_member else [])
    if len(members) > 1:
        return None
    names = (members[0].short_name, members[0].name) if members else (before.subject or "",)
    for said in names:
        at = previous.lower().find(said.lower()) if said else -1
        if at >= 0:
            return f"{previous[:at]}{name.rstrip('?').strip()}{previous[at + len(said) :]}"
    return None


def _person_answered(
    question: str, answers: list[str], analyze: Callable[[str], Analysis]
) -> str | None:
    """The person the answer to a who-question named first: not one the question named,
    nor a member organisation."""
    if not answers or not question.lower().lstrip().startswith("who"):
        return None
    asked = question.lower()
    for name in PERSON.findall(f" {answers[0]}"):
        if name.split()[-1].lower() in asked or BODY_WORDS & set(name.lower().split()):
            continue
        found = analyze(name)
        if not (found.members or found.subject_member):
            return name
    return None


def _member_asked(asked: list[str], analyze: Callable[[str], Analysis]) -> str | None:
    """The member the latest earlier question that named exactly one was about."""
    for previous in reversed(asked):
        a = analyze(previous)
        member = a.subject_member or (a.members[0] if len(a.members) == 1 else None)
        if member is not None:
            return member.short_name or member.name
    return None


def _replace_pronoun(question: str, name: str, pronoun: re.Pattern[str]) -> str:
    def replace(match: re.Match[str]) -> str:
        return f"{name}'s" if match.group(0).lower() in ("its", "their") else name

    return pronoun.sub(replace, question, count=1)


def _with_name(question: str, previous: str) -> str | None:
    """ "and who came second?" + "Who won the Sablewing Challenge?" -> "who came second
    in the Sablewing Challenge?"; "who's hosting the next one?" -> "... the next Driftwood
    Summit?"; "what about the portability one?" + "Who leads the X Working Group?" -> "Who
    leads the portability working group?". None when the earlier question gave no name."""
    names = NAME.findall(previous.strip())
    if not names:
        return None
    name = max(names, key=len).strip()
    standalone = LEADING_AND.sub("", question.strip())
    if THING.search(standalone):  # "where was it launched?": where the programme was
        the = "the " if re.search(rf"\bthe\s+{re.escape(name)}", previous) else ""
        return _replace_pronoun(standalone, the + name, THING)
    standalone = ONE.sub(lambda m: f"{m.group(1)}{_one_of(m.group(1), name)}", standalone)
    swap = WHAT_ABOUT.match(standalone)
    if swap:  # the earlier question, asked about something else
        other = LEADING_THE.sub("", swap.group(1).strip())
        return previous.strip().replace(name, other, 1)
    if name in standalone:  # "the next one": the next Driftwood Summit
        return standalone
    return f"{standalone.rstrip('?').strip()} in the {name}?"


def _one_of(before: str, name: str) -> str:
    """What "one" stands for: the same series ("the next one": the next Driftwood Summit),
    or another of its kind ("the portability one": the portability working group)."""
    if SERIES.search(before):
        return name
    words = name.split()
    return " ".join(words[-2:] if words[-2:-1] == ["Working"] else words[-1:]).lower()


def _plural_noun(question: str) -> str | None:
    """The last plural noun of a question ("objectives" in "What are its objectives?")."""
    for word in reversed(question.lower().replace("?", " ").split()):
        if len(word) > 3 and word.isalpha() and word.endswith("s") and not word.endswith("ss"):
            return word
    return None


def about_organisation(question: str, organisation: str, analyze: Callable[[str], Analysis]) -> str:
    """A first question with a pronoun and nothing it could stand for ("Why did they set it
    up?", "Is it a non-profit?"), or asking for founders of nothing named ("who are the
    founders?"), is about the organisation the materials are about."""
    bare = BARE_FOUNDERS.search(question)  # "who are the founders?": of the organisation
    if not bare and not ORG_PRONOUN.search(" ".join(question.split()[:3])):
        return question  # "stabilty ai - what are they known for": "they" is named before
    a = analyze(question)
    if bare and not (a.members or a.group or NAME.search(question)):
        return f"{question[: bare.end()].rstrip(' ?!.')} of the {organisation}?"
    if bare or a.members or a.names_org or a.group or NAME.search(question):
        return question
    return _replace_pronoun(question, f"the {organisation}", ORG_PRONOUN)

"""Exact answers from the member directory: counts, lists and membership, each member cited."""

from __future__ import annotations

import re
from collections.abc import Iterator

from app.answering.analysis import Analysis
from app.answering.citations import CitationBook
from app.answering.directory import Member, MemberDirectory, norm
from app.answering.language import NEGATION
from app.answering.text import split_sentences
from app.core.types import Answer, Hit
from ingest.domain import Domain


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _member_sentence(member: Member) -> str:
    sentences = split_sentences(member.hit.text)
    return next(
        (s for s in sentences if "member" in s.lower()), sentences[0] if sentences else member.label
    )


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def group_answer(a: Analysis, directory: MemberDirectory, domain: Domain) -> Iterator[str | Answer]:
    """ "How many universities ...", "Which members are based in Japan?"."""
    chosen = directory.select(a.kind, a.country)
    total = len(directory)
    n = len(chosen)
    what = domain.plural(a.kind) if a.kind else ""
    if a.kind and n == 1:
        what = f"{_article(a.kind)} {a.kind}"
    where = f"based in {a.country}" if a.country else ""
    desc = " ".join(p for p in (what, where) if p)
    verb = "is" if n == 1 else "are"
    if n == 0:
        text = f"None of the {total} founding members in the materials {verb} {desc}."
        yield text
        yield Answer(text=text, question=a.question)
        return
    book = CitationBook()
    listed = [f"{m.label} [{book.cite(m.hit, _member_sentence(m))}]" for m in chosen]
    text = f"{n} of the {total} founding members in the materials {verb} {desc}: {_join(listed)}."
    yield text
    yield Answer(text=text, citations=book.citations, question=a.question)


def membership_answer(
    a: Analysis, directory: MemberDirectory, announcements: list[Hit]
) -> Iterator[str | Answer]:
    """ "Is Sony a member?" -> yes from its profile; "Is Google a member?" -> no, citing what
    the announcements say about it, or the member list they describe."""
    book = CitationBook()
    member = a.subject_member
    if member is not None:
        sentence = _member_sentence(member)
        text = f"Yes. {sentence} [{book.cite(member.hit, sentence)}]"
    elif a.after_launch:  # not a founding member; whether it joined later is not known
        yield Answer.abstain(
            a.question,
            notice=f"The materials list only the {len(directory)} founding members announced "
            f"at the launch, and {a.subject} is not among them; they do not say whether it "
            "joined later.",
        )
        return
    else:
        subject = a.subject or ""
        said = _statement_about(subject, announcements)
        if said:
            hit, sentence = said
            text = f"No. {sentence} [{book.cite(hit, sentence)}]"
        else:
            text = (
                f"No. {subject} is not among the {len(directory)} founding members listed in the "
                "alliance materials."
            )
            listing = _founding_list(announcements)
            if listing:
                hit, sentence = listing
                text += f" {sentence} [{book.cite(hit, sentence)}]"
    yield text
    yield Answer(text=text, citations=book.citations, question=a.question)


def _statement_about(subject: str, hits: list[Hit]) -> tuple[Hit, str] | None:
    key = norm(subject)
    if len(key) < 2:
        return None
    for hit in hits:
        for sentence in split_sentences(hit.text):
            if key in norm(sentence) and NEGATION.search(sentence):
                return hit, sentence
    return None


def _founding_list(hits: list[Hit]) -> tuple[Hit, str] | None:
    for hit in hits:
        for sentence in split_sentences(hit.text):
            if re.search(r"\b\d+\s+(?:founding members|entries|members)", sentence, re.I):
                return hit, sentence
    return None


def _fact_sentence(member: Member) -> str:
    kind = member.kind or "organisation"
    detail = f" ({member.detail})" if member.detail and member.detail != kind else ""
    where = f" based in {member.country}" if member.country else ""
    return f"{member.label} is {_article(kind)} {kind}{detail}{where}."


def describe_answer(a: Analysis) -> Iterator[str | Answer]:
    """ "What is CERN?", "What kind of organisation is the MOC Alliance?": the profile's
    recorded kind, detail and country, then what the profile itself says."""
    from app.answering.text import jaccard

    member = a.members[0]
    book = CitationBook()
    fact = _fact_sentence(member)
    parts = [f"{fact} [{book.cite(member.hit, fact)}]"]
    said = [fact]
    for sentence in split_sentences(member.hit.text):
        if len(said) >= 3 or "founding member" in sentence.lower():
            continue
        if all(jaccard(sentence, s) < 0.5 for s in said):
            said.append(sentence)
            parts.append(f"{sentence} [{book.cite(member.hit, sentence)}]")
    text = " ".join(parts)
    yield text
    yield Answer(text=text, citations=book.citations, question=a.question)


def attribute_answer(a: Analysis) -> Iterator[str | Answer]:
    """ "Is Sony a Japanese company?": checked against the profile's kind and country."""
    member = a.members[0]
    ok = (a.kind is None or member.kind == a.kind) and (
        a.country is None or member.country == a.country
    )
    book = CitationBook()
    sentence = _fact_sentence(member)
    text = f"{'Yes' if ok else 'No'}. {sentence} [{book.cite(member.hit, sentence)}]"
    yield text
    yield Answer(text=text, citations=book.citations, question=a.question)

"""Answers that follow a document's structure. "What are the objectives?", "How is the
alliance governed?", "What working groups are there?" are answered with the list the
materials give: the subsections of the section whose heading names what was asked, the
sections of the document whose title names it, or the bullets of the section whose heading
names it. Each item carries its own citation; the
sentence that only announces the list is not the answer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from app.answering.analysis import Analysis
from app.answering.citations import CitationBook
from app.answering.language import LIST_QUESTION, ORDINALS
from app.answering.text import BULLET as BULLET_MARK
from app.answering.text import EMPHASIS, content_words, split_sentences, words
from app.core.types import Answer, Hit

BULLET = re.compile(BULLET_MARK.pattern + r"(.*\S)")
NUMBERING = re.compile(r"^\s*\d+[.)]\s+")


@dataclass
class Section:
    heading: str
    hit: Hit  # the chunk where the section starts: what its item cites
    sentences: list[str] = field(default_factory=list)
    bullets: list[tuple[str, Hit]] = field(default_factory=list)
    intro: str = ""  # the sentence just before its first bullet ("... four goals:")
    subsections: list[Section] = field(default_factory=list)  # its third-level headings


@dataclass
class Outline:
    source: str
    title: str
    sections: list[Section] = field(default_factory=list)
    lead: Section | None = None  # what comes before the first second-level heading


def outline(chunks: list[Hit]) -> Outline | None:
    """A document's sections (its second-level headings) in reading order, with their
    sentences and bullets, from its chunks (any order)."""
    if not chunks:
        return None
    chunks = sorted(chunks, key=lambda h: int(h.metadata.get("chunk", 0)))
    meta = chunks[0].metadata
    doc = Outline(str(meta.get("source", "")), str(meta.get("title", "")))
    by_heading: dict[str, Section] = {}
    for hit in chunks:
        path = [p.strip() for p in str(hit.metadata.get("section", "")).split(" > ") if p]
        heading = NUMBERING.sub("", path[1] if len(path) > 1 else "").strip()
        if not heading:
            doc.lead = section = doc.lead or Section(doc.title, hit)
        else:
            section = by_heading.get(heading)
            if section is None:
                section = by_heading[heading] = Section(heading, hit)
                doc.sections.append(section)
        section.sentences += [s for s in split_sentences(hit.text) if s not in section.sentences]
        if len(path) > 2 and heading:  # "The working groups > Lanternfish Working Group"
            sub = next((x for x in section.subsections if x.heading == path[2]), None)
            if sub is None:
                sub = Section(path[2], hit)
                section.subsections.append(sub)
            sub.sentences += [s for s in split_sentences(hit.text) if s not in sub.sentences]
        before = ""
        for line in hit.text.splitlines():
            bullet = BULLET.match(line)
            text = EMPHASIS.sub(r"\1", bullet.group(1)) if bullet else ""
            if text and not section.bullets and before:  # "... four goals:", or the
                # sentence before a table ("The alliance now runs four working groups.")
                section.intro = (split_sentences(before) or [before])[-1]
            if text and text not in [b for b, _ in section.bullets]:
                section.bullets.append((text, hit))
            elif line.strip() and not bullet:
                before = line.strip()
    return doc


def focus_words(a: Analysis, organisation_words: set[str]) -> set[str]:
    """What a list question asks for: its content words without the organisation's name,
    the members it names, numbers and the verbs of asking."""
    named = {w for m in a.members for w in content_words(f"{m.name} {m.short_name}")}
    words = content_words(a.corrected) - organisation_words - named - ASKING
    return {w for w in words if not w.isdigit() and w not in NUMBER_WORDS}


ASKING = content_words(
    "list name tell me about give show please pls supposed planned plan have has had"
)
ORDINAL_OR_NUMBER = set(words(" ".join(ORDINALS)))
NUMBER_WORDS = content_words("two three four five six seven eight nine ten twelve several")


def list_items(a: Analysis, doc: Outline, focus: set[str]) -> tuple[str, list[Section]] | None:
    """The items of ``doc`` that answer a list question about ``focus``: its sections when
    its title names the focus, or one section's bullets when that heading names it."""
    if not focus:
        return None
    others = content_words(a.corrected) - focus
    for section in doc.sections:  # the question names one item: that item, not the list
        if len(content_words(section.heading) & (others | focus) - ASKING) >= 2 and (
            content_words(section.heading) & others
        ):
            return None
    # a document whose title names most of what is asked: its sections are the items,
    # those headed with what is asked when there are several ("... Working Group")
    titled = 2 * len(focus & content_words(doc.title)) >= len(focus) and len(doc.sections) >= 2
    sharing = [s for s in doc.sections if focus & content_words(s.heading)]
    for section in sharing:  # a section headed with what is asked, made of one per item
        if len(section.subsections) >= 2:
            return section.heading, section.subsections
    headed = [s for s in sharing if not s.heading.endswith("?")]  # an FAQ's questions are
    if titled and len(headed) >= 2:  # no items: one of them lists them
        return doc.title, headed
    # else one section headed with what is asked lists it, the one headed with most of it
    # ("Which working groups can we join?", not "How does the process work?")
    for section in sorted(sharing, key=lambda s: -len(focus & content_words(s.heading))):
        if len(section.bullets) >= 2:
            return section.heading, [Section(text, hit) for text, hit in section.bullets]
    if titled:
        return doc.title, doc.sections
    for section in [s for s in (doc.lead, *doc.sections) if s and len(s.bullets) >= 2]:
        if focus & content_words(section.intro):  # "The guild set itself four goals:"
            return section.intro, [Section(text, hit) for text, hit in section.bullets]
    return None


def titled_items(a: Analysis, doc: Outline, focus: set[str]) -> tuple[str, list[Section]] | None:
    """What a document's title names as one word ("What is the alliance's mission?" of "The
    alliance's objectives") is its sections, when it has several."""
    if a.qtype != "what" or len(focus) != 1 or len(doc.sections) < 2:
        return None
    if ORDINAL_OR_NUMBER & set(words(a.corrected)) or any(c.isdigit() for c in a.corrected):
        return None  # "What is objective 5 about?" asks for one of them
    if not focus <= content_words(doc.title):
        return None
    return doc.title, [s for s in doc.sections if not s.heading.endswith("?")]


def is_list_question(a: Analysis) -> bool:
    return a.qtype in ("what", "org", "how", "describe") and bool(LIST_QUESTION.search(a.corrected))


def list_answer(title: str, items: list[Section], question: str) -> Iterator[str | Answer]:
    """One line per item: its heading (or bullet) and what the section says first beyond
    the heading, each cited."""
    book = CitationBook()
    lines = [f"{title.rstrip(':.')}:"]
    yield lines[0]
    for item in items:
        detail = _detail(item, title)
        quote = item.heading if not detail else detail
        n = book.cite(item.hit, quote)
        line = f"- {item.heading}: {detail} [{n}]" if detail else f"- {item.heading} [{n}]"
        yield "\n" + line
        lines.append(line)
    yield Answer(text="\n".join(lines), citations=book.citations, question=question)


def _detail(section: Section, title: str) -> str:
    """The section's first sentence that says more than its heading and the title."""
    known = content_words(f"{section.heading} {title}")
    for sentence in section.sentences:
        if len(content_words(sentence) - known) >= 3:
            return sentence
    return section.sentences[0] if section.sentences else ""


def announced_list(hit: Hit, sentence: str) -> list[str]:
    """The bullets that follow ``sentence`` in its chunk when it announces a list ("Each
    fellow receives, for twelve months:")."""
    if not sentence.rstrip().endswith(":"):
        return []
    lines = hit.text.splitlines()
    start = next((i for i, ln in enumerate(lines) if sentence in ln), None)
    if start is None:
        return []
    out = []
    for line in lines[start + 1 :]:
        bullet = BULLET.match(line)
        if bullet:
            out.append(EMPHASIS.sub(r"\1", bullet.group(1)))
        elif line.strip():
            break
    return out

"""What a fact must be about, and when. A sentence answers a question only if it is about
the thing the question names (its rarest words, found in the sentence or in the paragraph,
section heading or document title around it), the same one of a series ("the first
hackathon" is not "the second"), the same year ("the 2024 hackathon" is not the one planned
for 2026), and in the same tense (a plan does not answer what was done, a past event does
not answer what will happen). When the materials give a changing fact different values,
the question's time decides: the latest for "now", the earliest for "first" or "before",
the one in force at a date it names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from app.answering.language import (
    ASKER_WORDS_TEXT,
    CURRENT,
    EARLIEST,
    ENDED,
    FOUNDER_VERB,
    FOUNDING,
    FOUNDING_STEMS,
    FUTURE_QUESTION,
    INTENT,
    LATEST,
    ORDINALS,
    PAST_QUESTION,
    ROLE_WORDS,
    SERIES,
    SERIES_ORDINALS,
    TABLE_ROW,
    TYPE_WORDS_TEXT,
    WORD_FORMS,
)
from app.answering.text import content_words
from ingest.dates import MONTHS, dates_in, month_number, reported_before
from vectorstore.tokenize import fold

REFERENCE = re.compile(
    r"\b(?:before|after|succeeded|replaced|instead of)\s+((?:[A-Z][\w'-]*\.?\s*)+)"
)
ASKED_VERB = re.compile(  # "Who won", "Who was elected" (a passive: its participle)
    r"^(?:who|what|which\s+\w+|how many\s+\w+)\s+(?:(?:was|were)\s+(?=\w+ed\b))?"
    r"(?:\w+ly\s+)?(\w+)\b",
    re.I,
)
# "How many projects does the alliance host?": a count in the present tense, the latest one
PRESENT_COUNT = re.compile(r"^how many\s+[\w\s-]+?\s+(?:does|do|is|are|has|have)\b", re.I)
# "When was the guide published?", "Where did the summit take place?": when or where
# something happened, which a plan for it does not say
HAPPENED = re.compile(
    r"^(?:when|where|how many(?:\s+[\w-]+){1,3}?)\s+(?:was|were|did)\b(?!.*\b(?:now|today)\b)", re.I
)
AS_OF = re.compile(r"\bas of\b", re.I)
SINCE = re.compile(r"\b(?:since|from|starting|effective)\b", re.I)
UNTIL = re.compile(r"\b(?:until|till|through)\b", re.I)
YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
# "Catalogue 2.0", "version 1.1": which release of a named thing (not "the Apache 2.0 licence")
VERSION = re.compile(r"([\w-]+)\s+v?(\d+\.\d+)(?![\w.])")
MONTH_YEAR = re.compile(rf"\b({MONTHS})\s+((?:19|20)\d\d)\b", re.I)  # "June 2025"
TOKEN = re.compile(r"[A-Za-z0-9]+(?:[*&'][A-Za-z0-9]+)*")  # as the keyword index splits words


def tokens_of(text: str) -> list[str]:
    """The words of ``text`` as written, accents folded as the keyword index folds them."""
    return TOKEN.findall(fold(text))


ORDINAL = re.compile(rf"\b({'|'.join(ORDINALS)})\b", re.I)
TYPE_WORDS = content_words(f"{TYPE_WORDS_TEXT} {' '.join(MONTHS.split('|'))}")
ASKER_WORDS = content_words(ASKER_WORDS_TEXT)
# "Where will the next summit be?": "next" picks one of a series, it does nothing
SERIES_WORDS = content_words(" ".join([*ORDINALS, "next", "last", "upcoming", "previous"]))
# the founding verbs as words (a phrase such as "set up" is matched by ``FOUNDING_VERB``)
FOUNDING_VERBS = content_words(" ".join(s for s in FOUNDING_STEMS if " " not in s) + " founder")
# who did what a "what/how/why did X do" question asks about: X, when it is one word
DOER = re.compile(
    r"^(?:what|how|why|when|where)\s+(?:did|does|do|will|would|has|have|had)\s+"
    r"(?:the\s+)?([a-z][\w-]*)\s+(?:[a-z]+)\b",
    re.I,
)


@dataclass
class Focus:
    """What a question is about, beyond its answer type."""

    anchors: list[str] = field(default_factory=list)  # rarest content words, rarest first
    named: set[str] = field(default_factory=set)  # every word of the names it mentions
    ordinal: str | None = None
    years: set[str] = field(default_factory=set)
    versions: set[str] = field(default_factory=set)  # "2.0" in "When is Atlas 2.0 out?"
    versioned: set[str] = field(default_factory=set)  # ... of "atlas" (or any "version")
    series: dict[str, str] = field(default_factory=dict)  # "round 2": {"round": "2"}
    future: bool = False  # asks what will happen
    past: bool = False  # asks what happened
    earliest: bool = False  # "first", "originally", "before", "previous"
    latest: bool = False  # "now", "currently", "still"
    at: str | None = None  # an ISO date the question asks about ("in April 2024")
    holder: bool = False  # asks who does something now ("Who chairs ...?")
    deed: bool = False  # asks what was done, not what was planned
    asks: set[str] = field(default_factory=set)  # what it asks about the named thing (words)
    places: set[str] = field(default_factory=set)  # words the evidence writes after "in"
    now: str = ""  # the newest date of the documents retrieved: as far as the materials go


def name_words(sentences: list[str], question: str) -> tuple[set[str], str]:
    """The question's words that belong to a name the evidence writes with capitals
    ("open build hackathon" in "the first Open Build Hackathon"; not the first word of a
    sentence), compared without plural or possessive "s"; and the question without them
    (what it asks about the names)."""
    asked = " ".join(_word(w) for w in tokens_of(question))
    residual = f" {asked} "
    found: set[str] = set()
    plain = {_word(w) for s in sentences for w in tokens_of(s) if w[0].islower()}
    for sentence in sentences:
        tokens = tokens_of(sentence)
        run: list[str] = []
        for i, token in enumerate([*tokens, "x"]):
            if i > 0 and token[0].isupper():
                run.append(_word(token))
                continue
            for part in _parts(run):  # the longest part of the name the question has
                if len(part) == 1 and part[0] in plain:
                    continue  # "Applications" of "Applications and Tools" is also a word
                phrase = " ".join(part)
                if phrase in asked and _whole(phrase).search(asked):
                    found.update(part)
                    residual = residual.replace(f" {phrase} ", " ")
                    break
            run = []
    return found, residual


@lru_cache(maxsize=1 << 14)
def _whole(phrase: str) -> re.Pattern[str]:
    """``phrase`` as a whole word or words. Compiled once per phrase: ``re``'s own cache
    holds 512 patterns, fewer than the names of a corpus, and compiling again on every
    question was a third of the time an answer took."""
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")


def title_words(title: str) -> set[str]:
    """A title's words as ``name_words`` compares them."""
    return {_word(w) for w in tokens_of(title)}


def _parts(run: list[str]) -> list[list[str]]:
    """Every run of consecutive words of a name, longest first."""
    n = len(run)
    return [run[i : i + size] for size in range(n, 0, -1) for i in range(n - size + 1)]


def _word(word: str) -> str:
    """A word as names are compared: lower-cased, without a plural or possessive "s" (not
    stemmed: "Enablement" is not "enable")."""
    word = word.lower().removesuffix("'s")
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def focus_of(question: str, idf: dict[str, float], skip: set[str], names: set[str]) -> Focus:
    """The anchor (the rarest of the question's words that the evidence writes as part of a
    name, not in ``skip``: the organisation's and named members' words), and the ordinal,
    years, tense and time the question gives."""
    # "before Tomasz Ferreira-Lund": a name that dates the question is not what it is about
    refs = {_word(w) for m in REFERENCE.finditer(question) for w in tokens_of(m.group(1))}
    asked = [w for w in tokens_of(question) if _word(w) in names - refs]
    words = content_words(" ".join(asked)) - skip - TYPE_WORDS
    rarest = max(idf.values(), default=1.0)
    ranked = sorted(words, key=lambda w: (-idf.get(w, rarest), w))
    f = Focus(anchors=[w for w in ranked if not w.isdigit()][:1], named=words)
    doer = DOER.search(question)  # "What did critics say ...?": about critics
    if doer:
        said = content_words(doer.group(1)) - skip - TYPE_WORDS - ASKER_WORDS - SERIES_WORDS
        f.anchors += sorted(said - set(f.anchors))
    f.ordinal = _series_ordinal(question, words)
    f.years = set(YEAR.findall(question))
    named_versions = VERSION.findall(question)
    f.versions = {number for _, number in named_versions}
    f.versioned = {word.lower() for word, _ in named_versions} | {"version", "release"}
    f.series = {word.lower(): number for word, number in SERIES.findall(question)}
    f.future = bool(FUTURE_QUESTION.search(question))
    f.past = not f.future and bool(PAST_QUESTION.search(question))
    # what happened ("Who won ...?", "How many people attended ...?"), not what was planned
    f.deed = (
        not f.future
        and not INTENT.search(question)
        and (_past_verb(question) or bool(HAPPENED.match(question)))
    )
    f.earliest = bool(EARLIEST.search(question)) or f.ordinal == "first"
    # "How many projects does the alliance host?": how many now, in the present tense
    f.latest = bool(LATEST.search(question)) or bool(
        PRESENT_COUNT.match(question) and not FOUNDING.search(question)
    )  # ... but the founding members are those the alliance started with
    f.holder = (  # "Who chairs the group?": a role held now
        question.lower().startswith("who")
        and bool(ROLE_WORDS.search(question.lower()))
        and not (f.past or f.future or f.earliest or f.deed)  # "Who founded it?": a deed
        and not FOUNDER_VERB.search(question)  # "Who are the founders?": not a role held
    )
    f.at = asked_at(question)
    f.holder = f.holder and not f.at  # "Who chaired it in January 2025?": then, not now
    return f


def asked_at(question: str) -> str | None:
    """The moment the question asks about, as an ISO date: the day it names, the end of the
    month ("in May 2025", the middle for "mid-March 2025") or of the year ("at the end of
    2024")."""
    stated = dates_in(question)
    month = MONTH_YEAR.search(question)
    # "at the end of 2024" is the moment asked about, not in "Why ... rather than at the end
    # of 2024?"
    year_end = None if question.lower().startswith("why") else YEAR_END.search(question)
    if stated:
        return stated[-1].isoformat()
    if month:
        mid = question[: month.start()].lower().rstrip(" -").endswith("mid")  # "mid-March"
        day = 15 if mid else 31
        return f"{month.group(2)}-{month_number(month.group(1)):02d}-{day}"
    if year_end:  # "at the end of 2024"
        return f"{year_end.group(1)}-12-31"
    return None


def _past_verb(question: str) -> bool:
    """The question's verb, right after its question word, is in the past ("Who won",
    "How many people attended")."""
    m = ASKED_VERB.match(question)
    return bool(m) and (m.group(1).lower() in PAST_FORMS or m.group(1).lower().endswith("ed"))


PAST_FORMS = set(WORD_FORMS) - {"get", "winner"}  # "won", "built", "held", ...


def _series_ordinal(question: str, named: set[str]) -> str | None:
    """An ordinal that picks one of a series ("the first hackathon"), not a rank ("came
    second at the hackathon"): it stands right before a name's word."""
    for m in ORDINAL.finditer(question):
        following = question[m.end() :].split()[:3]
        if any(w.lower() in PREPOSITIONS for w in following[:2]):
            continue  # "came second at the hackathon": a rank
        if not named or content_words(" ".join(following)) & named:
            return m.group(1).lower()
    return None


PREPOSITIONS = {"at", "in", "of", "on", "for", "by", "from", "to", "with", "among", "place"}


YEAR_END = re.compile(r"\bend of\s+((?:19|20)\d\d)\b", re.I)


@dataclass
class Context:
    """Where a sentence stands: the sentence, the paragraph or list item it is in, the
    section heading and the document title, and the document's date."""

    sentence: str
    paragraph: str
    heading: str
    title: str
    date: str

    @property
    def around(self) -> str:
        """The sentence with everything around it: paragraph, heading and title."""
        return f"{self.sentence} {self.paragraph} {self.heading} {self.title}"

    def nearest(self, pattern: re.Pattern[str], levels: int = 4) -> set[str]:
        """Matches of ``pattern`` in the closest level of context that has any (of the first
        ``levels``: sentence, paragraph, heading, title)."""
        for text in (self.sentence, self.paragraph, self.heading, self.title)[:levels]:
            found = {m.lower() for m in pattern.findall(text)}
            if found:
                return found
        return set()


def about(focus: Focus, ctx: Context) -> bool:
    """The sentence is about what the question names: its rarest word is in the sentence or
    around it, its ordinal, year and version are not contradicted, and it is in the asked tense."""
    if focus.anchors:
        around = content_words(ctx.around)
        if any(anchor not in around for anchor in focus.anchors):
            return False
        if _held_elsewhere(focus, ctx):
            return False
    if focus.ordinal and focus.ordinal not in ("next", "last"):  # "the last one": any, latest
        ordinals = ctx.nearest(ORDINAL)
        if ordinals and focus.ordinal not in ordinals:
            return False
    if focus.years:  # the year its sentence, paragraph or section names ("How did the 2025
        # round go?"), else its title's or its document's
        years = ctx.nearest(YEAR, levels=3) or (
            ctx.nearest(YEAR) | ({ctx.date[:4]} if ctx.date else set())
        )
        if years and not (years & focus.years):
            return False
    for text in (ctx.sentence, ctx.paragraph, ctx.heading, ctx.title) if focus.versions else ():
        said = {n for word, n in VERSION.findall(text) if word.lower() in focus.versioned}
        if said:  # "When is Catalogue 2.0 coming out?": not when 1.0 did
            if not said & focus.versions:
                return False
            break
    for word, number in focus.series.items():  # "round 2": not what round 1 drew
        if not _of_member(word, number, ctx):
            return False
    if focus.future and not planned(ctx):
        return False  # a past event does not say what will happen
    if focus.future and focus.now and overtaken(ctx, focus.now):
        return False  # "will take place in September 2024", when the newest news is of 2026
    if focus.deed and ahead(ctx):
        return False  # "From 6 to 8 October 2026 in Tallinn", written in May 2026: a plan
    ended = ENDED.search(ctx.sentence) and not CURRENT.search(ctx.sentence)
    if (
        focus.latest
        and (ended or FOUNDING.search(ctx.sentence))
        and not CURRENT.search(ctx.sentence)
    ):
        return False  # "X stepped down", "started with 50 founding members": not the state now
    if focus.holder and ended:
        return False  # "Who chairs ...?" is not answered by who stepped down
    if (
        focus.at
        and ctx.date > focus.at
        and not reported_before(_without_start(ctx.sentence), focus.at, ctx.date)
        and not held_until(ctx.sentence, focus.at)
    ):
        return False  # written after the moment asked about: not what held then
    if focus.at and any(d.isoformat() > focus.at for d in _dates_after(SINCE, ctx.sentence)):
        return False  # "has chaired it since 1 April 2025": not who did in January
    ended_by = _dates_after(UNTIL, ctx.sentence)
    if focus.at and ended_by and all(d.isoformat() < focus.at for d in ended_by):
        return False  # "chaired it until 31 March 2025": not who did in May
    return True


@lru_cache(maxsize=64)
def _series_member(word: str) -> re.Pattern[str]:
    """The members of the series ``word`` a text names: "round 2", "Round No. 2", "the
    second round"."""
    ordinals = "|".join(SERIES_ORDINALS)
    return re.compile(
        rf"\b{word}s?\s+(?:no\.?\s*|number\s+)?\d+(?:\.\d+)?(?![\d.])"
        rf"|\b(?:{ordinals})(?=\s+(?:[\w-]+\s+){{0,3}}?{word}s?\b)",
        re.I,
    )


def series_numbers(word: str, text: str) -> set[str]:
    """The numbers of the members of the series ``word`` that ``text`` names ("the second
    round" is "2")."""
    return {_series_number(m) for m in _series_member(word.lower()).findall(text)}


def _of_member(word: str, number: str, ctx: Context) -> bool:
    """The sentence names the member asked of its series, or names none and what stands
    around it (paragraph, heading, title) names it or no other ("What has changed since
    round 1", under the title "Round 2 Guidelines", is about round 2)."""
    said = series_numbers(word, ctx.sentence)
    if said:
        return number in said
    around = series_numbers(word, f"{ctx.paragraph} {ctx.heading} {ctx.title}")
    return not around or number in around


def _series_number(found: str) -> str:
    number = re.search(r"\d+(?:\.\d+)?$", found)
    return number.group() if number else str(SERIES_ORDINALS.index(found.lower()) + 1)


# where an event was, is or will be: "held in Lisbon", "will take place in Montréal"
HELD_IN = re.compile(
    r"\b(?:held|hosted|hold|host|took place|takes place|take place)\s+in\s+[*_]*([A-Z]\w+)"
)
MONTH_WORDS = content_words(MONTHS.replace("|", " "))
IN_PLACE = re.compile(r"\bin\s+[*_]*([A-Z]\w+)")  # "in **Montréal**" too


def places_in(texts: list[str]) -> set[str]:
    """The words these texts write as a place: after "in" ("in **Montréal**, Canada")."""
    found = {w for t in texts for m in IN_PLACE.findall(fold(t)) for w in content_words(m)}
    return found - MONTH_WORDS  # "in March" is a time


def _held_elsewhere(focus: Focus, ctx: Context) -> bool:
    """ "How many attended the Montreal summit?": a sentence saying its event was held in
    Lisbon is about another event, though the title around it names Montréal."""
    where = {w for m in HELD_IN.findall(fold(ctx.sentence)) for w in content_words(m)}
    asked = (set(focus.anchors) | focus.named) & focus.places
    return bool(where) and bool(asked) and not asked & where


def overtaken(ctx: Context, now: str) -> bool:
    """A plan whose every day has passed by ``now``: no longer what is to come."""
    found = dates_in(ctx.sentence)
    return bool(found) and all(d.isoformat() < now for d in found)


def ahead(ctx: Context) -> bool:
    """Every day (or month) the sentence names comes weeks after its document was written:
    what it says is still to come, whatever its tense. (A day or two later is often reported
    in a document dated by its event: "coverage appeared widely on 6 December", dated the
    5th.)"""
    if not ctx.date:
        return False
    try:
        written = date.fromisoformat(ctx.date[:10])
    except ValueError:
        return False
    found = (
        dates_in(ctx.sentence)
        + [  # a month of a year, not of a day, from its first day
            # ("in Korea in November 2025", written in February)
            date(int(m[2]), month_number(m[1]), 1)
            for m in MONTH_YEAR.finditer(ctx.sentence)
            if not ctx.sentence[: m.start()].rstrip()[-1:].isdigit()
        ]
    )
    return bool(found) and all((d - written).days > AHEAD_DAYS for d in found)


AHEAD_DAYS = 14


def held_until(sentence: str, date: str) -> bool:
    """ "X chaired the group until 31 August 2024": what held up to a date after ``date``."""
    return any(d.isoformat() >= date for d in _dates_after(UNTIL, sentence))


def _dates_after(word: re.Pattern[str], sentence: str) -> list[date]:
    """The dates written right after ``word`` ("as of 1 December 2024", "until 31 August")."""
    return [d for m in word.finditer(sentence) for d in dates_in(sentence[m.end() : m.end() + 30])]


def planned(ctx: Context) -> bool:
    """The sentence states an intention, or stands in a passage of intentions without
    dating itself to before its document was written (a deed reported, not a plan)."""
    if INTENT.search(ctx.sentence) or ahead(ctx):  # "moves to 12 May 2026", in February
        return True
    if not INTENT.search(f"{ctx.paragraph} {ctx.heading}"):
        return False
    return not reported_before(ctx.sentence, ctx.date)


def when_stated(ctx: Context, at: str | None = None) -> str:
    """The date a sentence's fact holds at: the one it gives with "as of" ("as of 1 December
    2024, ... 112 members") or in a table row's first cell, else its document's date (a
    sentence's other dates name other moments as often as its own), unless it dates itself
    to the moment ``at`` asked about ("joined in August", in a September bulletin)."""
    found = _dates_after(AS_OF, ctx.sentence)
    if found:
        return found[0].isoformat()
    first = ctx.sentence.split(";")[0].partition(":")[2] if TABLE_ROW.match(ctx.sentence) else ""
    row = dates_in(first) if first else []
    if len(row) == 1:  # a table's row whose first cell is its date ("Date: 30 June 2024; ...")
        return row[0].isoformat()
    if at and ctx.date > at and reported_before(_without_start(ctx.sentence), at, ctx.date):
        return at
    return ctx.date


# when a running total began: "Since it began in June 2024 the roadshow has reached 1,305
# participants" counts up to when it was written, not to June 2024
STARTED = re.compile(
    rf"\b(?:it|they|which|this|the\s+\w+)\s+(?:began|started)\s+(?:in\s+|on\s+)?"
    rf"(?:(?:\d{{1,2}}\s+)?(?:{MONTHS})\s+)?(?:19|20)\d\d\b",
    re.I,
)


def _without_start(sentence: str) -> str:
    return STARTED.sub(" ", sentence)


def timed(focus: Focus) -> bool:
    """The question says which moment of a changing fact it wants ("Who chairs X?" in the
    present tense: the holder now)."""
    return bool(focus.at or focus.earliest or focus.latest or focus.holder)


def in_force_at(focus: Focus, dated: list[tuple[str, object]]) -> object | None:
    """Of (date, item) pairs stating different values of one fact, the one the question
    asks for: at its date, the earliest, or (by default) the latest."""
    dated = [(d, item) for d, item in dated if d]
    if not dated:
        return None
    if focus.at:
        before = [(d, i) for d, i in dated if d <= focus.at]
        return max(before, key=lambda p: p[0])[1] if before else None
    if focus.earliest:
        return min(dated, key=lambda p: p[0])[1]
    return max(dated, key=lambda p: p[0])[1]


def year_of(text: str) -> set[str]:
    return set(YEAR.findall(text)) | {d.isoformat()[:4] for d in dates_in(text)}

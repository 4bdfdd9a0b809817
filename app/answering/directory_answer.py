"""Exact answers from the member directory: counts, lists and membership, each member cited."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from app.answering.analysis import Analysis
from app.answering.answer_types import (
    LEAVING_WORDS,
    MEMBER_NOUNS,
    count_of,
    states_plan,
    values,
)
from app.answering.citations import CitationBook
from app.answering.directory import Member, MemberDirectory, norm
from app.answering.language import JOIN_QUESTION, MEMBERSHIP_WORDS, NEGATION, PRONOUN_START
from app.answering.subject import asked_at
from app.answering.text import content_words, split_sentences
from app.core.types import Answer, Hit
from ingest.dates import SPAN_WORDS, dates_in, long_date
from ingest.domain import Domain


def _article(word: str) -> str:
    """ "a university", "an agency": by the sound, which "uni-" and "eu-" begin with a y."""
    low = word.lower()
    return "an" if low[:1] in "aeiou" and not low.startswith(("uni", "eu", "one")) else "a"


def _member_sentence(member: Member) -> str:
    sentences = split_sentences(member.hit.text)
    return next(
        (s for s in sentences if "member" in s.lower()), sentences[0] if sentences else member.label
    )


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _population(a: Analysis, directory: MemberDirectory) -> tuple[list[Member], str]:
    """The members a count or list is over, and how the answer names them: the founding
    members when the question says so (or when every member is one), else every member."""
    if a.founding or len(directory.founding) == len(directory):
        return directory.founding or directory.members, "founding members in the materials"
    if a.founding is False:
        later = [m for m in directory.members if m.founding is False]
        return later, "members in the materials that joined after the launch"
    return directory.members, "members in the materials"


def chosen_members(a: Analysis, directory: MemberDirectory) -> list[Member]:
    """The members a group question selects, of the population it is over."""
    pool = MemberDirectory(_population(a, directory)[0])
    return pool.select(a.kind, a.country, countries=a.region_countries, joined=a.joined_span)


def group_answer(
    a: Analysis, directory: MemberDirectory, domain: Domain, said: list[Hit] | None = None
) -> Iterator[str | Answer]:
    """ "How many universities ...", "Which members are based in Japan?", "Which
    organisations joined in 2024?", "Which founding members are in Europe?". When a text of
    ``said`` counts more members joining in the period asked than the profiles give ("During
    2025, 28 organisations joined"), that statement answers "how many" first."""
    population, named = _population(a, directory)
    chosen = chosen_members(a, directory)
    stated = _joined_count(said or [], a, len(chosen)) or _kind_count(said or [], a, domain, chosen)
    if stated is not None:
        book = CitationBook()
        lead = f"{stated[1]} [{book.cite(*stated)}]"
        listed = [f"{_listed(m, a)} [{book.cite(m.hit, _member_sentence(m))}]" for m in chosen]
        text = f"{lead} Of them, {len(chosen)} have a profile in the materials: {_join(listed)}."
        if not chosen:
            text = f"{lead} None of them has a profile in the materials."
        yield text
        yield Answer(text=text, citations=book.citations, question=a.question)
        return
    if a.every:
        yield from every_answer(a, population, chosen, named, domain)
        return
    total, n = len(population), len(chosen)
    what = domain.plural(a.kind) if a.kind else ""
    if a.kind and n == 1:
        what = f"{_article(a.kind)} {a.kind}"
    where = f"based in {a.country or a.region}" if a.country or a.region else ""
    when = f"joined in {a.joined_year}" if a.joined_year else ""
    if a.joined_year and a.joined_year.startswith(SPAN_WORDS):  # "joined since June 2024"
        when = f"joined {a.joined_year}"
    desc = " ".join(p for p in (what, where) if p)
    verb = "is" if n == 1 else "are"
    clause = " and ".join(p for p in (f"{verb} {desc}" if desc else "", when) if p)
    verdict = ("Yes. " if n else "No. ") if a.qtype == "yesno" else ""  # "Is anyone from X?"
    if n == 0:
        text = f"{verdict}None of the {total} {named} {clause}."
        yield text
        yield Answer(text=text, question=a.question)
        return
    book = CitationBook()
    listed = [f"{_listed(m, a)} [{book.cite(m.hit, _member_sentence(m))}]" for m in chosen]
    if clause:
        text = f"{verdict}{n} of the {total} {named} {clause}: {_join(listed)}."
    else:  # "Which organisations joined after the launch?": all of those that did
        text = f"{verdict}{named[0].upper()}{named[1:]} ({n}): {_join(listed)}."
    yield text
    yield Answer(text=text, citations=book.citations, question=a.question)


def kinds_answer(
    a: Analysis, directory: MemberDirectory, domain: Domain, announcements: list[Hit]
) -> Iterator[str | Answer]:
    """ "What kinds of organisations are in the alliance?": the members' kinds, most common
    first, each counted and shown by one of its members, cited; led by the sentence of
    an announcement that names three or more of these kinds, when there is one."""
    population, named = _population(a, directory)
    book = CitationBook()
    lead = ""
    plurals = [content_words(domain.plural(k)) for k in directory.kinds]
    for hit in announcements:
        said = next(
            (
                s
                for s in split_sentences(hit.text)
                if sum(p <= content_words(s) for p in plurals) >= 3
            ),
            None,
        )
        if said:
            lead = f"{said} [{book.cite(hit, said)}] "
            break
    groups = _breakdown(population, lambda m: m.kind or "other organisation", book)
    parts = [
        f"{len(g)} {domain.plural(kind) if len(g) > 1 else kind} ({_such(g)}{shown})"
        for kind, g, shown in groups
    ]
    text = f"{lead}The {len(population)} {named} are of {len(groups)} kinds: {_join(parts)}."
    yield text
    yield Answer(text=text, citations=book.citations, question=a.question)


def countries_answer(
    a: Analysis, directory: MemberDirectory, said: list[Hit] | None = None
) -> Iterator[str | Answer]:
    """ "How many countries are the members from?": the members' countries, most members
    first, each counted and shown by one of its members, cited. When a text of ``said``
    states more countries than the profiles give (the alliance has members without a
    profile here), that statement, the latest, answers first."""
    population, named = _population(a, directory)
    book = CitationBook()
    at = asked_at(a.corrected) or ""  # "as of May 2025": the members then, the count by then
    known = [m for m in population if m.country and not (at and m.joined > at)]
    stated = None
    if not a.founding:
        countries = len({m.country for m in known})  # "143 members from 39 countries", not
        stated = _stated_count(said or [], "countries", countries, at, of_members=True)  # "93
        # applications from 30 countries"
    lead = f"{stated[1]} [{book.cite(*stated)}] " if stated else ""
    if stated:  # the profiles are some of them
        named = named.replace("in the materials", "with a profile in the materials")
    groups = _breakdown(known, lambda m: m.country, book)
    parts = [f"{country}: {len(g)} ({_such(g)}{shown})" for country, g, shown in groups]
    text = f"{lead}The {len(known)} {named} are based in {len(groups)} countries: {_join(parts)}."
    if len(known) < len(population):  # a profile that names no country is not counted
        text = f"{text[:-1]}; {len(population) - len(known)} more name no country."
    yield text
    yield Answer(text=text, citations=book.citations, question=a.question)


def _joined_count(hits: list[Hit], a: Analysis, fewer: int) -> tuple[Hit, str] | None:
    """The sentence (not a profile's) that counts more members joining in the period asked
    (its year named) than ``fewer``: "During 2025, 28 organisations joined the alliance"."""
    if a.qtype != "count" or not a.joined_span or a.kind or a.country or a.region:
        return None
    year = a.joined_span[0][:4]
    joining = [
        (hit, sentence)
        for _, hit, sentence in _counting_more(hits, count_of(MEMBER_NOUNS, {"joined"}), fewer)
        if year in sentence and JOIN_QUESTION.search(sentence)
    ]
    return joining[0] if joining else None


def _kind_count(
    hits: list[Hit], a: Analysis, domain: Domain, chosen: list[Member]
) -> tuple[Hit, str] | None:
    """ "How many companies were members at the end of 2024?": the sentence or table row
    (not a profile's) that counts more of the kind than the profiles give, as of the moment
    asked (the latest one when none is asked)."""
    if a.qtype != "count" or not a.kind or a.country or a.region or a.joined_span:
        return None
    if a.founding:  # the founding members are the profiles the materials give
        return None
    about_members = [  # a count of members of the kind, not of the kind ("18 universities
        # took part in the hackathon")
        h
        for h in hits
        if "member" in f"{h.metadata.get('title', '')} {h.metadata.get('section', '')}".lower()
    ]
    at = asked_at(a.corrected) or ""
    return _stated_count(about_members, domain.plural(a.kind), len(chosen), at)


def _stated_count(
    hits: list[Hit], noun: str, fewer: int, at: str = "", of_members: bool = False
) -> tuple[Hit, str] | None:
    """The sentence of the latest document (not a profile) that counts more ``noun`` than
    ``fewer``: "There are 145 member organisations in 36 countries.". With ``at`` (an ISO
    date the question asks about), the latest count stated as of then: dated by the date
    the sentence gives ("As of 30 November 2024"), else by its document's."""
    noun_counted = count_of({noun}, set())

    def counts(sentence: str) -> bool:  # with ``of_members``: it counts members too
        members = not of_members or bool(MEMBER_NOUNS & content_words(sentence))
        return members and noun_counted(sentence)

    found = [  # a table's rows, one per date, are dated by their own ("Date: 1 March 2025")
        (min(_stated_on(sentence, when), when[:10]), when, hit, sentence)
        for when, hit, sentence in _counting_more(hits, counts, fewer)
    ]
    if at:
        found = [f for f in found if f[0] and f[0] <= at]
    if not found:
        return None
    *_, hit, sentence = max(found, key=lambda f: f[:2])
    return hit, sentence


def _stated_on(sentence: str, document_date: str) -> str:
    """The day a count holds: the latest date its sentence gives, else its document's."""
    days = dates_in(sentence)
    return max(days).isoformat() if days else document_date[:10]


def _counting_more(
    hits: list[Hit], counts: Callable[[str], bool], fewer: int
) -> list[tuple[str, Hit, str]]:
    """(document date, hit, sentence) for each sentence of ``hits`` (not a profile's, whose
    counts are the directory's own) that ``counts`` and states a number above ``fewer``."""
    found = []
    for hit in hits:
        if hit.metadata.get("doc_type") == "member_profile":
            continue
        for sentence in split_sentences(hit.text):
            numbers = [int(v) for v in values("count", sentence) if v.isdigit()]
            if counts(sentence) and any(n > fewer for n in numbers):
                found.append((str(hit.metadata.get("date", "")), hit, sentence))
    return found


def _breakdown(
    members: list[Member], key: Callable[[Member], str], book: CitationBook
) -> list[tuple[str, list[Member], str]]:
    """The members grouped by ``key``, largest group first, each with one of its members
    shown and cited (the profiles are what the count is from)."""
    groups: dict[str, list[Member]] = {}
    for m in members:
        groups.setdefault(key(m), []).append(m)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [
        (value, g, f"{g[0].label} [{book.cite(g[0].hit, _member_sentence(g[0]))}]")
        for value, g in ordered
    ]


def _such(group: list[Member]) -> str:
    return "such as " if len(group) > 1 else ""


def _listed(member: Member, a: Analysis) -> str:
    """A member in a list; with its joining date when the list is about joining."""
    if (a.joined_year or a.founding is False) and member.joined:
        return f"{member.label} (joined {member.joined})"
    return member.label


def every_answer(
    a: Analysis, population: list[Member], chosen: list[Member], named: str, domain: Domain
) -> Iterator[str | Answer]:
    """ "Are all the founding members American?": yes only if every one is; otherwise no,
    with how many are not and the first few of them, cited."""
    others = [m for m in population if m not in chosen]
    what = " ".join(
        p
        for p in (
            domain.plural(a.kind) if a.kind else "",
            f"based in {a.country or a.region}" if a.country or a.region else "",
        )
        if p
    )
    book = CitationBook()
    if not others:
        text = f"Yes. All {len(population)} {named} are {what}."
    else:
        cited = ", ".join(
            f"{m.label} [{book.cite(m.hit, _member_sentence(m))}]" for m in others[:3]
        )
        text = f"No. {len(others)} of the {len(population)} {named} are not {what}: {cited}"
        text += " and others." if len(others) > 3 else "."
    yield text
    yield Answer(text=text, citations=book.citations, question=a.question)


def membership_answer(
    a: Analysis, directory: MemberDirectory, announcements: list[Hit]
) -> Iterator[str | Answer]:
    """ "Is Sony a member?" -> yes from its profile; "Is Hoshizuru a founding member?" -> no
    when its profile says it joined later; "Is Google a member?" -> no, citing what the
    announcements say about it, or the member list they describe."""
    book = CitationBook()
    member = a.subject_member
    # "Is X (still) a member?" after it left; "Was X a member?" and "Is X a founding member?"
    # are not changed by its leaving
    past = a.corrected.lower().startswith(("was ", "were ", "did ", "had "))
    asks_now = member is not None and not past and not a.founding
    left = departure(member, announcements) if asks_now else None
    if left is not None:  # "Is Hallvard still a member?" after it left
        hit, sentence = left
        text = f"No. {sentence} [{book.cite(hit, sentence)}]"
    elif member is not None:
        later = a.founding and member.founding is False
        when = long_date(member.joined) if later else ""
        if a.joined_span and long_date(member.joined):  # "Did SAAC join in 2024?": its date
            inside = a.joined_span[0] <= member.joined[:10] <= a.joined_span[1]
            n = book.cite(member.hit, _joining_sentence(member))
            text = (
                f"{'Yes' if inside else 'No'}. {member.label} joined on "
                f"{long_date(member.joined)}. [{n}]"
            )
        elif when:  # said from the profile's fields, with the profile's own sentence on it
            # cited ("It joined ..." names nobody alone)
            n = book.cite(member.hit, _joining_sentence(member))
            text = f"No. {member.label} joined on {when}; it is not a founding member. [{n}]"
        elif a.member_kind and member.kind and a.member_kind != member.kind:
            # a member, but not of the kind asked: its kind is the answer
            sentences = split_sentences(member.hit.text)
            sentence = next(
                (s for s in sentences if member.kind.lower() in s.lower()), _member_sentence(member)
            )
            text = (
                f"No. {member.label} is a member, but {_article(member.kind)} {member.kind}, not "
                f"{_article(a.member_kind)} {a.member_kind}. {sentence} "
                f"[{book.cite(member.hit, sentence)}]"
            )
        else:
            sentence = _joining_sentence(member) if later else _member_sentence(member)
            text = f"{'No' if later else 'Yes'}. {sentence} [{book.cite(member.hit, sentence)}]"
    elif a.after_launch:  # not a member in the materials; whether it joined later is unknown
        yield Answer.abstain(
            a.question,
            notice=f"The materials list {len(directory)} members, and {a.subject} is not "
            "among them; they do not say whether it joined later.",
        )
        return
    else:
        subject = a.subject or ""
        said = _statement_about(subject, announcements)
        joined = None if said else _joining_statement(subject, announcements)
        if said:
            hit, sentence = said
            text = f"No. {sentence} [{book.cite(hit, sentence)}]"
        elif joined:  # no profile, but a text says it joined: a member, and a later one
            hit, sentence = joined
            text = f"{'No' if a.founding else 'Yes'}. {sentence} [{book.cite(hit, sentence)}]"
        else:
            text = f"No. {subject} is not among the {len(directory)} members in the materials."
            listing = _founding_list(announcements)
            if listing:
                hit, sentence = listing
                text += f" {sentence} [{book.cite(hit, sentence)}]"
    yield text
    yield Answer(text=text, citations=book.citations, question=a.question)


def joined_answer(a: Analysis, domain: Domain) -> Iterator[str | Answer] | None:
    """ "When did Hugging Face join?": the date from the profile's ``joined`` field, and
    whether that made it a founding member, cited to the profile's own sentence on it."""
    member = a.members[0]
    when = long_date(member.joined)
    if not when:
        return None
    book = CitationBook()
    org = domain.organisation
    if member.founding:
        said = _member_sentence(member)
        text = f"{member.label} joined {org} at its launch on {when}, as a founding member."
    else:
        said = _joining_sentence(member)
        text = f"{member.label} joined {org} on {when}."
        if member.founding is False:
            text = f"{text[:-1]}; it is not a founding member."
    text += f" [{book.cite(member.hit, said)}]"

    def answer() -> Iterator[str | Answer]:
        yield text
        yield Answer(text=text, citations=book.citations, question=a.question)

    return answer()


def _joining_sentence(member: Member) -> str:
    """What the profile says about when the member joined (not as a founder)."""
    sentences = split_sentences(member.hit.text)
    for words in (("founding",), ("joined",)):
        at = next((i for i, s in enumerate(sentences) if all(w in s.lower() for w in words)), None)
        if at is not None:  # "It joined ...": with the sentence that says what "it" is
            lead = sentences[at - 1] if at and PRONOUN_START.match(sentences[at]) else ""
            return f"{lead} {sentences[at]}".strip()
    when = f" on {member.joined}" if member.joined else " after the launch"
    return f"{member.label} is a member that joined{when}; it is not a founding member."


def _statement_about(subject: str, hits: list[Hit]) -> tuple[Hit, str] | None:
    key = norm(subject)
    if len(key) < 2:
        return None
    for hit in hits:
        for sentence in split_sentences(hit.text):
            if key in norm(sentence) and NEGATION.search(sentence):
                return hit, sentence
    return None


JOINING_WORDS = content_words("joined joins welcomed new member arrivals")
ALLIANCE_WORDS = content_words("alliance member members membership")


def departure(member: Member, hits: list[Hit]) -> tuple[Hit, str] | None:
    """A sentence of a document later than ``member`` joined (not its profile) saying that
    it left the alliance: "Hallvard ... is no longer a member of the AI Alliance", "Hallvard
    Language Technologies leaves the AI Alliance"."""
    keys = {_tokens(n) for n in (member.short_name, member.name) if len(_tokens(n)) >= 3}
    for hit in hits:
        if hit.metadata.get("doc_type") == "member_profile":
            continue
        if str(hit.metadata.get("date", "")) < (member.joined or "")[:10]:
            continue
        for sentence in split_sentences(hit.text):
            said = content_words(sentence)
            if not any(k in _tokens(sentence) for k in keys) or not said & ALLIANCE_WORDS:
                continue
            no_longer = NEGATION.search(sentence) and "longer" in said
            if said & LEAVING_WORDS or no_longer:
                return hit, sentence
    return None


def _joining_statement(subject: str, hits: list[Hit]) -> tuple[Hit, str] | None:
    """A sentence saying that ``subject``, which has no profile, joined (a newsletter's
    "Two new members joined in August: Brackwater Labs ..."): a member that joined
    after the launch, so not a founding member. A plan to join is not joining."""
    key = _tokens(subject)
    if len(key) < 3:
        return None
    for hit in hits:
        for sentence in split_sentences(hit.text):
            if (
                key in _tokens(sentence)
                and content_words(sentence) & JOINING_WORDS
                and not states_plan(sentence)
            ):
                return hit, " ".join(sentence.split())
    return None


def _tokens(text: str) -> str:
    """Lower-case words between spaces: a name is found as whole words ("Apple" is not in
    "Applied Learning")."""
    return f" {' '.join(''.join(c if c.isalnum() else ' ' for c in text.lower()).split())} "


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
    sentences = split_sentences(member.hit.text)
    if sentences and content_words(fact) <= content_words(sentences[0]):
        fact = sentences[0]  # the profile says it already, and says more
    parts = [f"{fact} [{book.cite(member.hit, fact)}]"]
    # the profile's own sentences are compared with each other, not with the recorded kind
    # and country: "a start-up based in Porto that builds ..." says what it does
    said = [fact] if fact in sentences else []
    for sentence in sentences:
        if len(parts) >= 3 or MEMBERSHIP_WORDS.search(sentence):  # not what it does
            continue
        if sentence != fact and all(jaccard(sentence, s) < 0.5 for s in said):
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

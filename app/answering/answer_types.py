"""What a sentence must contain to answer a question of a given type (a date, a place, a
number, a person or body, an organisation), and where in the sentence it must say it.

A fact mentioned in a leading subordinate clause ("When IBM and Meta launched the AI Alliance
on 5 December 2023, the alliance set out six objectives") or in a trailing non-restrictive
modifier ("X is a founding member of the AI Alliance, the open community that IBM and Meta
launched on 5 December 2023") is background: the sentence's claim is its main clause. Such
restatements do not count as stating the fact, so a date or a name is taken from the
document that states it outright."""

from __future__ import annotations

import re
from collections.abc import Callable

from app.answering.analysis import Analysis
from app.answering.directory import MemberDirectory
from app.answering.language import (
    ANSWER_TYPES,
    AS_PLANNED,
    BODIES,
    CAPITALISED,
    CITY,
    COUNT_OF,
    DATES,
    DEFINITION,
    DONE,
    FOUNDER_QUESTION,
    HOW_MANY,
    INTENT,
    JOINING,
    LEADING_CLAUSE,
    LEADING_TEXT,
    MEMBER_NOUNS_TEXT,
    MONTHS,
    NOT_MEMBERS,
    ORDINALS,
    PEOPLE,
    PEOPLE_NOUNS_TEXT,
    PLACE,
    PLANNED_MODIFIER,
    PROCEDURE,
    ROLE_FORMS,
    ROLE_WORDS,
    SEATS,
    STARTERS,
    TABLE_ROW,
    TRAILING_MODIFIER,
    UNFILLED,
)
from app.answering.text import WORD_RUN, content_words, words
from ingest.dates import YEAR, dates_in
from vectorstore.tokenize import tokenize

MEMBER_NOUNS = set(words(MEMBER_NOUNS_TEXT))
PEOPLE_NOUNS = set(words(PEOPLE_NOUNS_TEXT))

# the values a single-fact answer states, compared across documents
VALUES = {"when": DATES, **{t: ANSWER_TYPES[t] for t in ("count", "amount", "duration")}}
MONTH_NAMES = set(MONTHS.split("|"))
# capitalised words that name nobody: "| First place | USD 25,000 |" says what the winner
# gets, not who won
NOT_NAMES = MONTH_NAMES | {o.capitalize() for o in ORDINALS} | {
    "USD", "EUR", "GBP", "CHF", "JPY", "CAD", "AUD", "Place", "Prize", "Total",
}  # fmt: skip
# a single fact: answered by one sentence, cited from one document
DEPUTY = re.compile(r"\b(?:vice|deputy)\b", re.I)  # not the "vice" of "On-Device"
TOTAL_WORDS = content_words("total all overall combined")  # a table's row of the whole
# leaving an organisation: "quit", "left", "withdrew", "its withdrawal took effect"
LEAVING_WORDS = content_words("leave left quit withdrew withdrawal")  # one form: "leave"
ROLE_STEMS = content_words(
    f"{LEADING_TEXT} chaired chairs leads heads directs founded ceo president manager executive"
)
AGENT = re.compile(r"\b\w+(?:ed|en|wn)\s+by\b")  # "chaired by", "led by"
FACT_TYPES = {"when", "where", "count", "amount", "duration", "who", "org"}
TYPED_QUESTIONS = set(ANSWER_TYPES) | {"where", "who", "org", "how"}


def plan_for_deed(a: Analysis, sentence: str) -> bool:
    """The question asks what has been done; the sentence only says what is intended."""
    q = a.corrected  # its clause that states the value asked ("It covers 52 languages, up
    # from 40, which reached the goal ..." states a deed)
    return bool(DONE.search(q)) and not INTENT.search(q) and states_plan(sentence, q, a.qtype)


def states_plan(sentence: str, asked: str = "", qtype: str = "") -> bool:
    """The sentence's main clause says what is intended ("will take place", "agreed to
    publish"), not what was done ("has set up its working groups, as planned"). With
    ``asked`` (a question of type ``qtype``), the clause read is the one that states the
    value asked for (the date of "When did registration open?"), else the one that says
    most of what it asks."""
    clauses = NEXT_CLAUSE.split(main_clause(AS_PLANNED.sub("", PLANNED_MODIFIER.sub("", sentence))))
    if asked and len(clauses) > 1:
        wanted = content_words(asked)
        clauses = [c for c in clauses if values(qtype, c)] or clauses
        clauses = [max(clauses, key=lambda c: len(wanted & content_words(c)))]
    return bool(INTENT.search(clauses[0]))


# a clause joined after the main one: "Twelve teams received grants, and a second round
# will open in May" states a deed; its plan is the next clause's
# (a table row's "Col: value; Col: value" is one clause)
NEXT_CLAUSE = re.compile(r"[,;]\s+(?:and|but|while|whereas)\s+(?=\w+\s+\w+)")


def main_clause(sentence: str) -> str:
    """The sentence without background: a leading subordinate clause ("When X happened on
    D, ...") and a trailing non-restrictive modifier (", the community launched on D")."""
    rest = TRAILING_MODIFIER.sub("", LEADING_CLAUSE.sub("", sentence, count=1), count=1)
    return rest if len(rest.split()) >= 3 else sentence


def type_check(
    a: Analysis, directory: MemberDirectory | None, countries: list[str]
) -> Callable[[str], tuple[bool, bool]]:
    """A test: does this sentence mention the kind of value the question asks for, and
    does it state it (for a single fact: in its main clause, not in background)?"""
    check = _value_check(a, directory, countries)
    if a.qtype not in FACT_TYPES or (a.members and (JOINING.search(a.corrected) or a.names_org)):
        # "When did Hugging Face join?": "X is a founding member of the AI Alliance, launched
        # on D" answers it, the alliance's launch date being when its founders joined
        return lambda s: (check(s),) * 2

    if a.qtype == "who":
        who = _who_check(a)
        roles = set(ROLE_WORDS.findall(a.corrected.lower()))
        body = content_words(a.corrected) - ROLE_STEMS  # what holds the role: "jury"

        def named(s: str) -> tuple[bool, bool]:
            mentions = who(s)
            return mentions, mentions and (who(main_clause(s), s) or in_role(s))

        def in_role(s: str) -> bool:
            """ "A jury of seven, chaired by Prof. X": the role asked about, done by the
            person the modifier names, of the body the sentence is about (the jury asked
            about, not "a panel ..., chaired by X of IAD" for IAD's director)."""
            modifier = TRAILING_MODIFIER.search(s)
            if not (roles and modifier and AGENT.search(modifier.group())):
                return False
            if not body & content_words(s[: modifier.start()]):
                return False
            return all(
                re.search(rf"\b{ROLE_FORMS.get(r, r)}", modifier.group(), re.I) for r in roles
            )

        return named

    counts = counted_thing(a)
    if counts is not None:  # "38 tasks" states the count wherever it stands in a sentence

        def counted(s: str) -> tuple[bool, bool]:
            return check(s), bool(counts(s))

        return counted

    def both(s: str) -> tuple[bool, bool]:
        mentions = check(s)
        return mentions, mentions and check(main_clause(s))

    return both


def _value_check(
    a: Analysis, directory: MemberDirectory | None, countries: list[str]
) -> Callable[[str], bool]:
    if a.qtype in ANSWER_TYPES:
        check = ANSWER_TYPES[a.qtype].search
    elif a.qtype == "where" and CITY.search(a.corrected):
        check = _city_check(countries)
    elif a.qtype == "where":
        places = "".join(f"|\\b{re.escape(p)}\\b" for p in countries if p)
        check = re.compile(PLACE + places).search
    elif a.qtype == "who":
        check = _who_check(a)
    elif a.qtype == "org":
        check = _org_check(a, directory)
    elif a.qtype == "how":
        check = PROCEDURE.search
    elif a.qtype == "describe":  # the organisation (a member's is its profile's)
        org = a.org_words

        def check(s: str) -> bool:
            return bool(DEFINITION.search(s)) and org <= content_words(s)
    else:
        return lambda s: True
    return lambda s: bool(check(s))


def counted_thing(a: Analysis) -> Callable[[str], bool] | None:
    """For "How many teams ...?": whether a sentence counts teams (``count_of``). Members
    are counted in many words ("50 founding members and collaborators", "57 entries"): any
    of them will do, but a number of something else ("eleven weeks") does not."""
    if a.qtype != "count":
        return None
    counted = HOW_MANY.search(a.corrected) or COUNT_OF.search(a.corrected)
    if not counted:
        return None
    said = counted.group(1).split()
    # the counted noun: a word for members or people wherever it stands ("How many people
    # sit on ...?"), else the last word
    last = next((w for w in said if set(words(w)) & (MEMBER_NOUNS | PEOPLE_NOUNS)), said[-1])
    added = INCREMENT & set(words(a.corrected))  # "How many new members / joined ...?"
    if set(words(last)) & MEMBER_NOUNS:
        return count_of(MEMBER_NOUNS, added)  # "57 entries", "64 members", not "eleven weeks"
    if set(words(last)) & PEOPLE_NOUNS:
        # "How many people came?": "160 participants"; "How many people sit on the board?":
        # "The governing board has 9 members" (a body's members are people, said of it)
        people = count_of(PEOPLE_NOUNS, added)
        bodies = {b.lower() for b in BODIES.findall(a.corrected)}
        if not bodies:
            return people
        seats = count_of(set(words("member members seat seats")), added)
        return lambda s: people(s) or (seats(s) and all(b in s.lower() for b in bodies))
    head = tokenize(last)
    return count_of({head[0]}, added) if head else None


# "two new members": how many were added, not how many there are
INCREMENT = set(words("new more additional further joined"))


def count_of(heads: set[str], added: set[str]) -> Callable[[str], bool]:
    """ "How many teams ...?": a number followed, within three words, by the thing counted
    ("41 teams", "forty-one teams", "96 member organisations", not "three member-driven
    groups"), or a table's cell that gives it ("Member organisations: 119"); "two new
    members" counts only those added, which answers "How many new members ...?"."""
    number = ANSWER_TYPES["count"].pattern
    alternatives = "|".join(sorted({re.escape(h[:5]) for h in heads}))
    counted = re.compile(
        rf"(?:{number})\s+(?:[\w-]+\s+){{0,2}}?(?:{alternatives})\w*\b(?!-)"
        # a table's cell, the row's first words naming it: "Member organisations: 119"
        rf"|(?:^|;\s*)(?:[\w-]+\s+){{0,2}}(?:{alternatives})\w*(?:\s+[\w-]+){{0,8}}:\s*(?:{number})"
        # a row headed by the thing counted: "Kind: Companies; At launch: 25; 2024: 37"
        rf"|^(?:[\w-]+\s+){{0,2}}[\w-]+:\s*(?:{alternatives})\w*(?:\s+[\w-]+){{0,3}}\s*;"
        rf"[^;:]*:\s*(?:{number})"
        # a change: "raised the number of suites from 14 to 22", "members rose to 120"
        rf"|\b(?:{alternatives})\w*(?:\s+[\w-]+){{0,2}}?\s+"
        rf"(?:from\s+(?:{number})\s+)?to\s+(?:{number})"
        # "projects hosted by the alliance rose from 12 at the end of 2024 to 27"
        rf"|\b(?:{alternatives})\w*(?:\s+[\w-]+){{0,6}}?\s+(?:rose|grew|increased|climbed"
        rf"|fell|dropped|declined)\b[^.;]{{0,60}}?\bto\s+(?:{number})",
        re.I,
    )

    def counts(sentence: str) -> bool:
        """... and not only those added ("two new members", "14 organisations joined"),
        unless they are asked."""
        return any(
            added or not INCREMENT & set(words(sentence[m.start() : m.end() + 8]))
            for m in counted.finditer(sentence)
        )

    return counts


# roles a body or an organisation may have too: "Who leads the working groups?" (its members),
# "Who founded it?" (IBM and Meta)
PERSON_OR_BODY_ROLES = {"lead", "founde", "in charge", "head"}


def _who_check(a: Analysis) -> Callable[[str], bool]:
    """A name the question does not already contain, or a body of people; a role asked
    about ("Who leads ...", "Who is the CEO ...") must also be what the sentence talks about."""
    asked = asked_words(a)
    roles = set(ROLE_WORDS.findall(a.corrected.lower()))
    # a title one person holds ("Who is the community manager?"): not the organisation
    # ("The AI Alliance is looking for a Community Manager"), nor a body of people
    titled = bool(roles - PERSON_OR_BODY_ROLES)
    org = a.org_words if a.names_org or titled else set()
    if FOUNDER_QUESTION.search(a.corrected) and a.names_org and not a.members:
        roles = (roles - {"founde"}) | {"founding"}  # named with any verb of founding
    asked_bodies = {b.lower() for b in BODIES.findall(a.corrected)}
    seats = SEATS.search(a.corrected) is not None or FOUNDER_QUESTION.search(a.corrected)
    # a vice-chair or a deputy does not lead, unless one is asked about
    deputy = bool(DEPUTY.search(a.corrected))
    not_deputy = "" if deputy else "(?<!vice-)(?<!vice )(?<!deputy )"

    def check(s: str, full: str | None = None) -> bool:
        """``s`` names someone; ``full`` (the whole sentence, when ``s`` is its main
        clause) says in what role: "..., said Dr. X, who leads the programme"."""
        if deputy and not DEPUTY.search(full or s):
            return False  # "Who is the vice-chair?": not who the chair is
        if seats and not all(_head(b) in s.lower() for b in asked_bodies):
            return False  # names, but not of the body asked about ("the group" is one)
        named = any(  # a title is a person's, not "CV" or "USD"
            not (titled and w.isupper()) for w in _new_names(s, asked, org)
        )
        # "Who sits on the governing board?" is not answered by "a governing board", nor
        # by another body; "Who drives the working groups?" by "its members"
        body = (
            not seats
            and not titled
            and (
                any(b.lower() not in asked_bodies for b in BODIES.findall(s))
                or any(p.lower() not in asked for p in PEOPLE.findall(s))
            )
        )
        # ... or that nobody holds it ("The post of vice-chair stays vacant")
        vacant = titled and UNFILLED.search(s) is not None
        return (named or body or vacant) and all(
            re.search(rf"{not_deputy}\b{ROLE_FORMS.get(r, r)}", full or s, re.I) for r in roles
        )

    return check


def row_cells(row: str) -> list[tuple[str, str]]:
    """A table's row (``TABLE_ROW``) as (column, cell) pairs: "Prize: First place; Amount:
    USD 25,000" -> [("Prize", "First place"), ("Amount", "USD 25,000")]. A cell may hold a
    ";": what follows it has no column ("")."""
    return [
        (column, cell) if sep else ("", column)
        for column, sep, cell in (part.partition(": ") for part in row.split("; "))
    ]


def part_row(row: str, asked: set[str]) -> bool:
    """A table's row that counts a part of the whole, one the question does not name: its
    first cell keys it ("Region: Europe; Members: 38" counts the members in Europe), unless
    that cell is a moment ("Date: 1 March 2025"), a year, or the total."""
    if not TABLE_ROW.match(row):
        return False
    key = row_cells(row)[0][1]
    words = content_words(key)
    return not (dates_in(key) or YEAR.search(key) or words & TOTAL_WORDS or words & asked)


def _new_names(s: str, asked: set[str], org: frozenset[str] | set[str]) -> list[str]:
    """The name words of ``s`` the question does not already contain: not a month ("as of
    30 June 2024" names nobody), an ordinal or a currency, nor the organisation's own words
    ("who founded the alliance": not "AI")."""
    return [
        w
        for w in _name_words(s)
        if w.lower() not in asked and w not in NOT_NAMES and not content_words(w) & org
    ]


def _name_words(s: str) -> list[str]:
    """The capitalised words of ``s`` that could be names: of a sentence, all but its
    first; of a table's row, those of its cells, not of the columns naming them (every
    column and cell starts with a capital: "Amount: USD 25,000" names nobody)."""
    if not TABLE_ROW.match(s):
        return CAPITALISED.findall(s, 1)
    return [w for _, cell in row_cells(s) for w in CAPITALISED.findall(cell)]


def _head(body: str) -> str:
    """A body's head noun, as a later sentence refers to it: "the group" for "the working
    group", "the board" for "the governing board"."""
    return body.lower().split()[-1].rstrip("s")


def asked_words(a: Analysis) -> set[str]:
    return {w.lower() for w in WORD_RUN.findall(a.corrected)}


def _city_check(countries: list[str]) -> Callable[[str], bool]:
    """ "Which city is Keio in?": a place that is not a country ("in Ithaca, New York")."""
    known = {c.lower() for c in countries} | {"the"}

    def check(s: str) -> bool:
        places = re.findall(r"\bin\s+(?:the\s+)?([A-Z][a-z]+(?:\s+[A-Z][a-z]+)*)", s)
        return any(p.lower() not in known and p not in MONTH_NAMES for p in places)

    return check


def _org_check(a: Analysis, directory: MemberDirectory | None) -> Callable[[str], bool]:
    """ "Which organisations ...": the sentence names an organisation the corpus knows (a
    member) that the question does not already name."""
    if directory is None:
        return lambda s: True
    if NOT_MEMBERS.search(a.corrected):  # "Which companies were not members?": non-members
        asked = asked_words(a)
        return lambda s: any(
            w.lower() not in asked and w.lower() not in STARTERS for w in CAPITALISED.findall(s)
        )
    asked = {m.name for m in a.members}
    words_asked = asked_words(a)
    # where or when members joined is asked: a text may name one no profile describes
    joining = bool(a.country or a.region or a.joined_year or "join" in words(a.corrected))

    def named(s: str) -> bool:
        if any(m.name not in asked for m in directory.mentioned(s)):
            return True
        # "Cobaltine Systems, a company in Sao Paulo, ... joined the alliance": a member
        # no profile describes, named where it is said to have joined
        before, joined, _ = s.partition(" joined ")
        return joining and bool(joined) and bool(_new_names(before, words_asked, a.org_words))

    return named


def stated_values(text: str) -> set[str]:
    """The numbers and amounts a sentence states, as written (lower-cased)."""
    return values("count", text) | values("amount", text)


def values(qtype: str, text: str) -> set[str]:
    """The dates or numbers a sentence states, as written (lower-cased)."""
    pattern = VALUES.get(qtype)
    return {m.group(0).lower() for m in pattern.finditer(text)} if pattern else set()


def same_fact(qtype: str, a: str, b: str) -> bool:
    """Both sentences state the same date or number (the same fact, from two documents)."""
    found = values(qtype, a)
    return bool(found) and found == values(qtype, b)

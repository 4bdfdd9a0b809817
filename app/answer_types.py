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

from app.analysis import NOT_MEMBERS, Analysis
from app.directory import MemberDirectory

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
ANSWER_TYPES = {
    "when": re.compile(rf"\b(?:{MONTHS})\b|\b(?:19|20)\d\d\b"),
    # a count is a number that is not a year or a day of the month
    "count": re.compile(
        rf"\b(?!(?:19|20)\d\d\b)\d+\b(?!\s+(?:{MONTHS}))"
        r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen)\b",
        re.I,
    ),
    "amount": re.compile(
        r"[$€£]\s?\d|\b\d[\d,.]*\s*(?:%|percent|hundred|thousand|million|billion|trillion)"
        r"|\b(?:US )?dollars?\b|\beuros?\b",
        re.I,
    ),
    "why": re.compile(r"\b(?:because|since|so that|in order to|due to|aims? to|to help)\b", re.I),
}
# whole dates, so that "5 December 2023" and "6 December 2023" are two facts, not one
DATES = re.compile(
    rf"\b\d{{1,2}}\s+(?:{MONTHS})(?:,?\s+(?:19|20)\d\d)?"
    rf"|\b(?:{MONTHS})\s+\d{{1,2}}(?:,?\s+(?:19|20)\d\d)?"
    rf"|\b(?:{MONTHS})(?:\s+(?:19|20)\d\d)?|\b(?:19|20)\d\d\b"
)
# the values a single-fact answer states, compared across documents
VALUES = {"when": DATES, "count": ANSWER_TYPES["count"], "amount": ANSWER_TYPES["amount"]}
JOINING = re.compile(r"\b(?:join|joined|joining|member|members|membership|alliance)\b", re.I)
CAPITALISED = re.compile(r"\b[A-Z][A-Za-z]+")  # a name, or a sentence's first word
# capitalised only for opening a sentence: not a name
STARTERS = set(
    "the a an when after before while as at in on it its this these those they their there "
    "many some several each every all most no none one".split()
)
CITY = re.compile(r"\b(?:city|town)\b", re.I)
MONTH_NAMES = set(MONTHS.split("|"))
# "where": a place in a sentence (a member's country is added from the directory)
PLACE = (
    r"\b(?:based|located|headquartered|held|hosted|takes place|took place|take place)\s+in\b"
    rf"|\bin\s+(?!(?:{MONTHS})\b)[A-Z][a-z]+"
)
ROLE_WORDS = re.compile(
    r"\b(ceo|chief|chair|lead|head|founde|president|director|manager|executive|spokes)"
)
# "who" is answered by a name or by a body of people ("a technical oversight committee")
BODIES = re.compile(
    r"\b(?:committee|board|council|panel|commission|secretariat|working groups?)s?\b", re.I
)
# groups of people or organisations that answer "who" ("its members", "governments")
PEOPLE = re.compile(
    r"\b(members|governments|researchers|developers|companies|universities|start-ups"
    r"|scientists|engineers|experts)\b",
    re.I,
)
# who holds a seat or a role in a body: answered by names, not by another body
SEATS = re.compile(
    r"^who\s+(?:(?:sits?|serves?)\s+on|chairs?|(?:is|are)\s+(?:on|in)\s+(?:the\s+)?\w+\s+board"
    r"|(?:is|are)\s+(?:the\s+)?members?\s+of)\b",
    re.I,
)
# "How can my company join?": a method or a step, not a mere statement that one can
PROCEDURE = re.compile(
    r"\b(?:by|through|via)\s+\w+ing\b|\b(?:apply|applying|applications?|submit|register"
    r"|sign(?:ing)? up|contact|visit|fill (?:in|out)|steps?|procedures?|process|forms?)\b",
    re.I,
)
# a question about what has been done ("Which benchmarks has it published so far?") ...
DONE = re.compile(
    r"\b(?:has|have)\s+(?:\w+\s+){0,4}?(?:\w+ed|\w+en|made|done|built|set up|won|held|led)\b"
    r"|\bso far\b|\bto date\b|\balready\b"
    r"|\b(?:right now|now|currently|today|at present|nowadays|these days)\b",  # the state now
    re.I,
)
# ... is not answered by a plan or an aim
INTENT = re.compile(
    r"\b(?:aims?|aimed|plans?|planned|planning|intends?|intended|will|meant to|seeks? to"
    r"|wants? to|objectives?|goals?)\b",
    re.I,
)
# a single fact: answered by one sentence, cited from one document
FACT_TYPES = {"when", "where", "count", "amount", "who", "org"}
TYPED_QUESTIONS = set(ANSWER_TYPES) | {"where", "who", "org", "how"}
LEADING_CLAUSE = re.compile(
    r"^(?:when|whenever|after|before|while|since|as soon as|once|although|though|if|until"
    r"|whereas)\b[^,;:]*[,;:]\s*",
    re.I,
)


def plan_for_deed(a: Analysis, sentence: str) -> bool:
    """The question asks what has been done; the sentence only says what is intended."""
    q = a.corrected
    return bool(DONE.search(q)) and not INTENT.search(q) and bool(INTENT.search(sentence))


# a trailing non-restrictive modifier of the last noun: ", the open community that IBM and
# Meta launched on D", ", launched by IBM and Meta on D", ", which ..."
TRAILING_MODIFIER = re.compile(
    r",\s+(?:which|who|whose|where)\b[^,;]*[.!?]?$"
    r"|,\s+(?:the|an?)\s+[^,;]*?\b(?:that|which|who|whose)\b[^,;]*[.!?]?$"
    r"|,\s+(?:(?:the|an?)\s+[^,;]*?\s)?\w+(?:ed|en|wn)\s+by\b[^,;]*[.!?]?$",
    re.I,
)


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
    if a.qtype not in FACT_TYPES or (a.members and JOINING.search(a.corrected)):
        # "When did Hugging Face join?": "X is a founding member of the AI Alliance, launched
        # on D" answers it, the alliance's launch date being when its founders joined
        return lambda s: (check(s),) * 2

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
    else:
        return lambda s: True
    return lambda s: bool(check(s))


def _who_check(a: Analysis) -> Callable[[str], bool]:
    """A name the question does not already contain, or a body of people; a role asked
    about ("Who leads ...", "Who is the CEO ...") must also be what the sentence talks about."""
    asked = asked_words(a)
    roles = set(ROLE_WORDS.findall(a.corrected.lower()))
    asked_bodies = {b.lower() for b in BODIES.findall(a.corrected)}
    seats = SEATS.search(a.corrected) is not None

    def check(s: str) -> bool:
        if seats and not all(b.lower() in s.lower() for b in asked_bodies):
            return False  # names, but not of the body asked about
        named = any(w.lower() not in asked for w in CAPITALISED.findall(s, 1))
        # "Who sits on the governing board?" is not answered by "a governing board", nor
        # by another body; "Who drives the working groups?" by "its members"
        body = not seats and (
            any(b.lower() not in asked_bodies for b in BODIES.findall(s))
            or any(p.lower() not in asked for p in PEOPLE.findall(s))
        )
        return (named or body) and all(re.search(rf"\b{r}", s, re.I) for r in roles)

    return check


def asked_words(a: Analysis) -> set[str]:
    return {w.lower() for w in re.findall(r"\w+", a.corrected)}


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
    return lambda s: any(m.name not in asked for m in directory.mentioned(s))


def values(qtype: str, text: str) -> set[str]:
    """The dates or numbers a sentence states, as written (lower-cased)."""
    pattern = VALUES.get(qtype)
    return {m.group(0).lower() for m in pattern.finditer(text)} if pattern else set()


def same_fact(qtype: str, a: str, b: str) -> bool:
    """Both sentences state the same date or number (the same fact, from two documents)."""
    found = values(qtype, a)
    return bool(found) and found == values(qtype, b)

"""Yes or no from the proposition asked, never from the mere presence of "not".

- A question that names a value ("Was the first hackathon held in Nairobi?", "... launched in
  December 2023?") is asked again without it ("Where was the first hackathon held?"); the
  answer's value is compared with the named one: the same means yes, another means no.
- Otherwise the best sentence about the subject must contain what is predicated (the
  question's words beyond its subject): then it affirms it, or denies it when it negates.
- A sentence that holds only part of the predicate but is close in meaning is shown as
  evidence, without a verdict: it does not affirm or deny what was asked.
- When neither settles it, there is no verdict, and the assistant abstains."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from app.answering.answer_types import NEXT_CLAUSE, row_cells
from app.answering.extractive import PREDICATE_HELD, Candidate
from app.answering.language import LEADING, NEGATION, OBLIGATION, TABLE_ROW, YES_NO_AUX
from app.answering.subject import ASKER_WORDS, MONTH_YEAR, YEAR
from app.answering.text import WORD_RUN, content_words
from ingest.dates import MONTHS, dates_in, month_number
from vectorstore.tokenize import fold

PLACE_VALUE = re.compile(r"\b(?:in|at)\s+((?:[A-Z][\w'-]+)(?:[ ,]+[A-Z][\w'-]+)*)")
PLACE_STATED = re.compile(
    r"\b(?:in|at|to)\s+(?:the\s+)?([A-Z][\w'-]+(?:\s+(?:of\s+)?[A-Z][\w'-]+)*)"
)
MONTH_NAMES = set(MONTHS.lower().split("|"))
DATE_VALUE = re.compile(
    rf"(?:\b(?:in|on)\s+)?(?:\d{{1,2}}\s+)?\b(?:{MONTHS})\b(?:\s+\d{{1,2}},?)?\s+(?:19|20)\d\d"
    rf"|\b(?:in|on)\s+(?:19|20)\d\d\b",  # "launched in 2022?" (not "Ridgeback 2026", a name)
    re.I,
)
# a clause the question takes as given: "Did she leave the group after stepping down?"
PRESUPPOSED = re.compile(r"\s+(?:after|before|while|since|when)\s+\w+ing\b[^,?]*", re.I)
# a person named in a question: two or more capitalised words after the verb, with a title
PERSON = re.compile(
    r"(?<=\s)(?:(?:Dr|Prof|Professor|Mr|Ms|Mrs)\.?\s+)?([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)+)"
)
ROLE = re.compile(rf"\b{LEADING}", re.I)  # the role a person holds
# "Is the AI Alliance a company?", "Is robotics one of the focus areas?" (not "Is it going to
# put together a list")
COPULAR = re.compile(
    r"^(?:is|are|was|were)\s+(?!there\b)((?:[\w&'-]+\s+){0,3}?[\w&'-]+)\s+"
    r"(?:(?:a|an)\s+(?!\w+\s+to\b)[\w-]+(?:\s+[\w-]+){0,2}"
    # "... one of the AI Alliance's focus areas?"
    r"|(?:one\s+of|among)(?:\s+the)?\s+[\w'-]+(?:\s+[\w'-]+){0,4})\s*\??$",
    re.I,
)
NUMBER = re.compile(r"\b\d[\d,.]*\d\b|\b\d\b")
COPULA = re.compile(r"\b(?:is|are|was|were)\b", re.I)
COMPOUND = re.compile(r"\b[A-Za-z]+(?:-[A-Za-z]+)+\b")
# the lead of evidence that neither affirms nor denies what was asked
UNSETTLED = "The materials do not state this outright; the closest they come is this"
# the lead of a why-answer when no sentence gives the reason as one
NO_REASON_GIVEN = (
    "I found no sentence that gives the reason as one; the closest the materials come is this"
)
# "Has the second summit taken place yet?" when the materials give only its plan
HAPPENED_YET = re.compile(
    r"^(?:has|have|did|was|were|is|are)\b.*\b(?:happened|taken place|take place|been held|held"
    r"|occurred|happen|opened|open|started|begun|come out|out yet|been released|been published)\b",
    re.I,
)
ONLY_PLANNED = "No; the materials only say it is planned"
# "Does the alliance have a governing board?" when the materials give only the plan for one
ONLY_A_PLAN = "The materials only say this was planned"
LOOSE_COVERAGE = 0.34  # ... or this much, when the sentence is also close in meaning:
CLOSE = 0.65  # its answer score (embedding similarity and word overlap) at least this


@dataclass
class Slot:
    """A value the yes/no question names, and the question asked without it."""

    qtype: str  # "when", "where" or "who"
    value: str
    question: str


def slot_of(question: str, subject_words: set[str]) -> Slot | None:
    """ "Was X held in Nairobi?" -> (where, Nairobi, "Where was X held?")."""
    aux = YES_NO_AUX.match(question)
    if not aux:
        return None
    person = PERSON.search(question)
    if person and ROLE.search(question):  # "Is Dr. X still the chair of Y?": who chairs Y
        rest = _without(question, person.group(0))
        return Slot("who", person.group(1), f"Who {rest}")
    date = DATE_VALUE.search(question)
    if date:
        rest = _without(question, date.group(0))
        return Slot("when", date.group(0), f"When {rest}")
    for place in PLACE_VALUE.finditer(question):
        if not content_words(place.group(1)) & subject_words:  # not the subject itself
            return Slot("where", place.group(1), f"Where {_without(question, place.group(0))}")
    return None


def _without(question: str, phrase: str) -> str:
    rest = question.replace(phrase, " ").strip().rstrip("?").strip(" ,")
    rest = re.sub(r"\s+,", ",", re.sub(r"\s{2,}", " ", rest))
    return rest[0].lower() + rest[1:] + "?"


# who had the role before: "who took over from Dr. Ingrid Solberg", "succeeding Ana Ruiz"
PREDECESSOR = re.compile(
    r"\b(?:(?:took|takes|taking) over from|succeed(?:ed|s|ing)|replac(?:ed|es|ing)|in place of"
    r"|predecessor)\s+(?:(?:Dr|Prof|Mr|Ms|Mrs)\.?\s+)?[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*"
)


def compare(slot: Slot, answer_text: str) -> str | None:
    """ "Yes" when the answer states the named value, "No" when it states another one, or
    denies the named one ("No Harbourlight hackathon was held in 2025"). Letters are
    compared without their accents: "Montreal" is "Montréal"."""
    slot = replace(slot, value=fold(slot.value), question=fold(slot.question))
    answer_text = fold(answer_text)
    said = _compare(slot, answer_text)
    if said == "Yes" and not NEGATION.search(slot.question):
        # the clause that states the value is the one read: "Chair: Yael Ben-Ami; Previous
        # chairs: none" does not deny that she chairs it
        clauses = [c for part in answer_text.split(";") for c in NEXT_CLAUSE.split(part)]
        holding = [c for c in clauses if _compare(slot, c) == "Yes"] or clauses
        if any(NEGATION.search(c) for c in holding):
            return "No"
    return said


def _compare(slot: Slot, answer_text: str) -> str | None:
    if slot.qtype == "when":
        asked, said = _months(slot.value), _months(answer_text)
        if not asked or not said:
            return None
        return "Yes" if asked & said else "No"
    if slot.qtype == "who":  # the person named, or another in the role (not the one
        surname = slot.value.split()[-1].lower()  # another "took over from")
        holder = PREDECESSOR.sub(" ", answer_text)
        if surname in holder.lower():
            return "Yes"
        if surname in answer_text.lower():
            return "No" if PERSON.findall(f" {holder}") else None
        others = PERSON.findall(f" {answer_text}")
        return "No" if others else None
    named = slot.value.lower()
    stated = [  # the places the answer puts something in, at or to ("moved to X in Porto")
        m.group(1).lower()
        for m in PLACE_STATED.finditer(answer_text)
        if m.group(1).split()[0].lower() not in MONTH_NAMES
    ]
    if stated and not any(named in place for place in stated) and named in answer_text.lower():
        return "No"  # "the Lisbon congress centre closed, so the event moved to ... Porto"
    if named in answer_text.lower():
        return "Yes"
    asked = {w.lower() for w in WORD_RUN.findall(question_text(slot))}
    places = re.findall(r"\b[A-Z][\w'-]+", answer_text)[1:]
    return "No" if any(p.lower() not in asked for p in places) else None


def question_text(slot: Slot) -> str:
    return f"{slot.question} {slot.value}"


def _months(text: str) -> set[tuple[int, int]]:
    """(year, month) pairs a text names; a bare year stands for all of its months."""
    found = {(d.year, d.month) for d in dates_in(text)}
    for m in MONTH_YEAR.finditer(text):
        found.add((int(m.group(2)), month_number(m.group(1))))
    if not found:
        found = {(int(y), m) for y in YEAR.findall(text) for m in range(1, 13)}
    return found


def predicate_verdict(
    question: str,
    subject_words: set[str],
    ranked: list[Candidate],
    idf: dict[str, float],
    loose: frozenset[str] | set[str] = frozenset(),
) -> tuple[str, Candidate] | None:
    """The best sentence about the subject that holds what is predicated: "Yes" when it
    affirms it, "No" when it negates it (and the question does not); "" (no verdict) when
    it is only close to it. A predicate of one or two words must be held whole. What the
    question presupposes ("... after stepping down?") is not part of what it asks."""
    predicate = _words(PRESUPPOSED.sub("", question)) - subject_words - ASKER_WORDS
    if not predicate:
        return None
    needed = 1.0 if len(predicate) <= 2 else PREDICATE_HELD
    obliged = bool(OBLIGATION.search(question))
    copular = COPULAR.match(question)  # "Is the AI Alliance a company?"
    numbers = set(NUMBER.findall(question))  # "more than 100 members": 100 is asked
    for cand in ranked[:3]:
        if not cand.on_subject or (obliged and not OBLIGATION.search(cand.text)):
            continue  # "Do members have to ...?" is settled by what is required
        ctx = cand.context
        said = _words(f"{cand.asked} {cand.text} {ctx.heading} {ctx.title}" if ctx else cand.text)
        if subject_words and not subject_words & said:
            continue  # about someone else ("Y took over as chair" for "Is X still chair?")
        if numbers - set(NUMBER.findall(cand.text)):
            continue  # "more than 50 founding members" does not say "more than 100"
        if copular and not _words(copular.group(1)) <= _words(COPULA.split(cand.text)[0]):
            continue  # "Aitomatic is a company" says nothing of what the alliance is
        cell = _cell_verdict(predicate, subject_words, cand.text, idf)
        if cell:
            return cell, cand
        covered = _covered(predicate, _with_lead(cand), idf)
        if covered >= needed - 1e-9 and not _apart(subject_words, cand.text, loose):
            negated = _negated(predicate, cand.text) and not NEGATION.search(question)
            return ("No" if negated else "Yes"), cand
        if covered >= LOOSE_COVERAGE and cand.score >= CLOSE:
            return "", cand  # related evidence, which neither affirms nor denies it
    return None


YES_NO_CELL = re.compile(r"^(yes|no)\b", re.I)
# an answer that opens with its verdict: "No. Each lead applicant may submit one ..."
ANSWERED = re.compile(r"^(Yes|No)\s*[.,;:!]\s+\S")


def answered_verdict(ranked: list[Candidate], min_score: float) -> tuple[str, Candidate] | None:
    """The materials ask the question and answer it themselves (a FAQ): the best sentence,
    about what is asked, opens with "Yes." or "No." under a heading that is a question."""
    best = ranked[0] if ranked else None
    if best is None or not best.on_subject or best.score < min_score:
        return None
    said = ANSWERED.match(best.text)
    heading = str(best.hit.metadata.get("section", "")).split(" > ")[-1].strip()
    if said is None or not heading.endswith("?"):
        return None
    return said.group(1), best


CELL_HELD = 0.5  # how much of what is predicated a column's name must say


def _cell_verdict(predicate: set[str], subject_words: set[str], row: str, idf: dict) -> str:
    """A table's row about the subject with a Yes or No under a column that says what is
    predicated: "Tier: Contributing; ...; Eligible for a governing board seat: No" answers
    "Can a Contributing member get a seat on the governing board?" with No."""
    if not TABLE_ROW.match(row):
        return ""
    cells = [(column, value) for column, value in row_cells(row) if column]
    best, verdict = CELL_HELD, ""
    for i, (column, value) in enumerate(cells):
        answer = YES_NO_CELL.match(value)
        if not answer:
            continue
        rest = _words(" ".join(v for j, (_, v) in enumerate(cells) if j != i))
        covered = _covered(predicate, column, idf)
        if subject_words & rest and covered >= best:
            best, verdict = covered, answer.group(1).capitalize()
    return verdict


# "Is the Sahel Foundation a company?": what is asked of, and the kind asked
KIND_ASKED = re.compile(r"^(?:is|was)\s+(?P<named>.+?)\s+(?:a|an)\s+(?P<kind>.+?)\s*\??$", re.I)


def kind_verdict(
    question: str, aliases: dict[str, list[str]], ranked: list[Candidate]
) -> tuple[str, Candidate] | None:
    """ "Is the Sahel Foundation a company?" about an organisation with no profile: the kind
    a sentence gives it ("The Sahel Language Technologies Foundation, a non-profit based in
    Dakar"); "Yes" when it is the kind asked, "No" when it is another."""
    m = KIND_ASKED.match(question.strip())
    asked = _first_kind(m.group("kind"), aliases, anchored=False) if m else None
    named = _words(m.group("named")) if m else set()
    if asked is None or not named:
        return None
    for cand in ranked[:3]:
        stated = _first_kind(cand.text, aliases, anchored=True)
        if stated is not None and named <= _words(cand.text[: stated[1]]):
            return ("Yes" if stated[0] == asked[0] else "No"), cand
    return None


def _first_kind(
    text: str, aliases: dict[str, list[str]], *, anchored: bool
) -> tuple[str, int] | None:
    """The kind ``text`` names first, with where; ``anchored``: only a kind given to what
    comes before it (", a non-profit based in", "is a company")."""
    lead = r"(?:,|\b(?:is|was))\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?" if anchored else r"(?<![\w-])"
    found = []
    for kind, parts in aliases.items():
        m = re.search(rf"{lead}(?:{'|'.join(parts)})(?![\w-])", text, re.I)
        if m:
            found.append((m.start(), kind))
    return (min(found)[1], min(found)[0]) if found else None


def _negated(predicate: set[str], sentence: str) -> bool:
    """The clause that says most of what is predicated is negated: "Applicants do not need
    to work at a member, but each fellow is paired with a mentor" does not deny a mentor."""
    clauses = [c for part in sentence.split(";") for c in NEXT_CLAUSE.split(part)]
    held = [len(predicate & _words(c)) for c in clauses]
    return any(NEGATION.search(c) for c, n in zip(clauses, held, strict=True) if n == max(held))


def _apart(subject_words: set[str], sentence: str, loose: set[str]) -> bool:
    """The sentence puts the things the question names in different clauses: "first place
    went to Team Baobab from KUT; ...; third place to Team Gradient Gremlins from NYU" does
    not say that Team Baobab was from NYU (``loose``: words that need not be together, such
    as the organisation's name)."""
    clauses = [_words(c) for c in sentence.split(";")]
    named = (subject_words - loose) & _words(sentence)
    return len(clauses) > 1 and len(named) > 1 and not any(named <= c for c in clauses)


def _words(text: str) -> set[str]:
    """Content words with hyphenated compounds kept whole: "for-profit" is not "non-profit"."""
    return content_words(COMPOUND.sub(lambda m: m.group(0).replace("-", ""), text))


def _covered(predicate: set[str], text: str, idf: dict[str, float]) -> float:
    found = predicate & _words(text)
    rarest = max(idf.values(), default=1.0)
    total = sum(idf.get(w, rarest) for w in predicate)
    return sum(idf.get(w, rarest) for w in found) / total if total else 0.0


def _with_lead(cand: Candidate) -> str:
    ctx = cand.context
    text = f"{cand.asked} {cand.text}"  # an FAQ's answer, with the question it answers
    return f"{text} {ctx.paragraph} {ctx.heading}" if ctx else text

"""When to abstain: the evidence is too weak, states nothing of the kind asked for, or only
a plan where a deed was asked. Thresholds come from settings, chosen on the dev split."""

from __future__ import annotations

from dataclasses import dataclass

from app.answering.analysis import Analysis
from app.answering.answer_types import (
    FACT_TYPES,
    TYPED_QUESTIONS,
    counted_thing,
    plan_for_deed,
    states_plan,
)
from app.answering.extractive import DOERS, PLACE_ASKED, PREDICATE_HELD, Candidate
from app.answering.language import INTENT
from app.answering.text import content_words
from app.answering.verdict import HAPPENED_YET
from app.core.types import Hit


def answer_score(a: Analysis, ranked: list[Candidate]) -> float:
    """How good the sentence the answer leads with is. For a question asking for a date, a
    number, a place... that is the best sentence stating one: among the three best it
    carries the best score (the ranking corroborates it), further down its own."""
    if not ranked:
        return 0.0
    if a.qtype not in TYPED_QUESTIONS:
        return ranked[0].score
    typed = next((c for c in ranked if c.typed), None)
    if typed is None:
        return 0.0
    return ranked[0].score if typed in ranked[:3] else typed.score


# what any date of an event answers: "When was the summit held / did it take place?", "When
# is version 2 coming out?"
EVENT_WORDS = content_words(
    "hold held take took place happen occur last start end begin come out release publish appear"
)


def unsaid(a: Analysis, ranked: list[Candidate]) -> bool:
    """A single fact asked about a thing the question names ("Who won the hackathon in
    Nairobi?"): none of the best sentences stating such a value says what was asked about
    it (they say where it will be held)."""
    if a.members or not a.focus.anchors or not a.focus.asks:
        return False
    if a.qtype not in DOERS and not (a.qtype == "when" and a.focus.asks - EVENT_WORDS):
        return False  # "When was X founded?": a date of something else is no answer
    return _stated_without_what_was_asked(ranked)


def _stated_without_what_was_asked(ranked: list[Candidate]) -> bool:
    """The best sentences that state a value of the kind asked for say nothing of what was
    asked about it."""
    stating = [c for c in ranked if c.typed][:3]
    return bool(stating) and not any(c.predicate > 0 for c in stating)


def elsewhere(a: Analysis, ranked: list[Candidate]) -> bool:
    """A single fact ("Where was the hackathon in October?"): the best sentences that say
    what was asked about state no such value, and those that state one say nothing of
    it (they say where the summit was held)."""
    if a.qtype not in FACT_TYPES or not a.focus.asks or a.members:
        return False
    counts = counted_thing(a)  # "How many people took part?": "brought 412 people" says it
    if counts is not None and any(c.typed and counts(c.text) for c in ranked[:3]):
        return False
    said = [c for c in ranked[:3] if c.predicate >= PREDICATE_HELD and c.on_subject]
    said = [c for c in said if not c.typed and not c.lead]  # "It is ...": the one before
    return bool(said) and _stated_without_what_was_asked(ranked)


@dataclass(frozen=True)
class AbstainPolicy:
    """When the evidence is too weak to answer. Thresholds come from settings, chosen on the
    dev split of the eval set (``python -m bench.calibrate``)."""

    min_chunk_score: float = 0.35
    min_sentence_score: float = 0.0
    max_unknown_share: float = 1.0
    min_coverage: float = 0.0

    def should_abstain(self, a: Analysis, hits: list[Hit], ranked: list[Candidate]) -> bool:
        if not hits or not ranked:
            return True
        if max(h.score for h in hits) < self.min_chunk_score and not self._named(a, ranked):
            return True
        if a.unknown_names:
            return True  # the question names something the materials never mention
        if PLACE_ASKED.search(a.corrected) and not any(c.placed for c in ranked):
            return True  # "what did the runner-up build?": no sentence gives that place
        if a.about_org and any(c.typed for c in ranked[:3]):
            return False  # what the organisation is: a sentence saying so is the answer
        if a.qtype in TYPED_QUESTIONS and not any(c.typed for c in ranked):
            return True  # nothing states the date, number, place... asked for
        if answer_score(a, ranked) < self.min_sentence_score:
            return True
        if unsaid(a, ranked) or elsewhere(a, ranked):
            return True  # the thing named, but not what was asked about it
        typed = [c for c in ranked if c.typed] or ranked[:1]
        # what the answer says: for "When did X take place?", a deed before any plan
        q = a.corrected
        stating = next((c for c in typed if not states_plan(c.text, q, a.qtype)), typed[0])
        happened = a.qtype == "yesno" and HAPPENED_YET.search(a.corrected)  # then: "No"
        if not happened and (
            plan_for_deed(a, ranked[0].text)
            or (a.focus.deed and states_plan(stating.text, q, a.qtype) and not INTENT.search(q))
        ):  # "Who won the 2025 edition?": only its plan is known
            return True  # asked what was done; the best evidence is only a plan
        if a.unknown_share > self.max_unknown_share:
            return True
        if max(c.coverage for c in ranked[:3]) < self.min_coverage:
            return True
        return False

    def _named(self, a: Analysis, ranked: list[Candidate]) -> bool:
        """The best sentence states what was asked about the rare thing the question names
        ("Who released RedPajama?"), though its chunk as a whole is far from the question."""
        best = ranked[0]
        return (
            bool(a.focus.anchors)
            and best.typed
            and best.on_subject
            and (best.score >= self.min_sentence_score)
        )

"""Question -> analysis -> directory answer, or retrieved evidence -> extractive answer,
or an honest abstention. Composed from the swappable parts that ``Services`` builds."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from app.answering.analysis import FOUNDING_WORDS, Analysis, QuestionAnalyzer
from app.answering.answer_types import TYPED_QUESTIONS, counted_thing, states_plan, type_check
from app.answering.directory import MemberDirectory
from app.answering.directory_answer import (
    attribute_answer,
    chosen_members,
    countries_answer,
    describe_answer,
    group_answer,
    joined_answer,
    kinds_answer,
    membership_answer,
)
from app.answering.extractive import PREDICATE_HELD, Candidate, ExtractiveAnswerer, neighbour
from app.answering.followup import (
    BARE_FOUNDERS,
    ORG_PRONOUN,
    about_organisation,
    carry_over,
    previous_questions,
)
from app.answering.generative import GenerativeAnswerer
from app.answering.language import (
    AS_PLANNED,
    FOUNDING_HINT,
    FUTURE_HINT,
    FUTURE_QUESTION,
    INTENT,
    JOIN_QUESTION,
    LATEST,
    NEGATION,
    PAST_QUESTION,
    PLANNED_THINGS,
    SERIES,
    TABLE_ROW,
    TYPE_HINTS,
)
from app.answering.policy import AbstainPolicy, answer_score
from app.answering.structure import (
    focus_words,
    is_list_question,
    list_answer,
    list_items,
    outline,
    titled_items,
)
from app.answering.subject import name_words, series_numbers, title_words
from app.answering.text import content_words, other_forms, split_sentences
from app.answering.verdict import (
    HAPPENED_YET,
    NO_REASON_GIVEN,
    ONLY_A_PLAN,
    ONLY_PLANNED,
    UNSETTLED,
    Slot,
    answered_verdict,
    compare,
    kind_verdict,
    predicate_verdict,
    slot_of,
)
from app.answering.verify import MARKER
from app.core.types import Answer, Citation, Hit
from ingest.domain import Domain
from vectorstore.retriever import HybridSearch

JOINING_WORDS = content_words("join joined joins member members welcome welcomed")

MAX_NAMED_DOCUMENTS = 2  # documents a question names, read whole
MAX_ADDED_CHUNKS = 12  # per such document
PLAN_WORD = re.compile(r"\bplan", re.I)  # a question that asks about plans names them
# "When did X join, and which country is it from?": a second question after "and"
COMPOUND = re.compile(
    r"^(?P<first>.{8,}?)(?:,?\s+and|;)\s+(?P<second>(?:what|when|where|who|which|how|why)\b.{6,})$",
    re.I,
)
NUMBER_WORD = re.compile(r"\b\d+\b")
# what a yes/no question asks has happened: "taken place" (not "second place"), "released"
EVENT_PHRASE = re.compile(
    r"\b(?:(?:taken|take|took) place|(?:been )?(?:held|released|published|opened|started)"
    r"|happened|occurred|begun|come out)(?![\w-])"
)
ORDINALS = content_words("first second third fourth fifth next last latest")
DONE_DEPTH = 6  # how far down a yes/no question of a plan looks for its being done
WIDER = 3  # times top_k: how far a typed question looks when its best chunks state nothing


def compound(question: str) -> tuple[str, str] | None:
    """The two questions of "When did X join, and which country is it from?", each ending
    with a question mark; None for a single question."""
    m = COMPOUND.match(question.strip())
    if not m:
        return None
    first = m.group("first").strip().rstrip(",;") + "?"
    second = m.group("second").strip()
    return first, second if second.endswith("?") else f"{second}?"


def _future(question: str) -> bool:
    """The question asks what will happen ("where will the next one be?")."""
    return bool(FUTURE_QUESTION.search(question)) and not PAST_QUESTION.search(question)


def merge_answers(question: str, answers: list[Answer]) -> Answer:
    """One answer from the answers to the parts of a question: their texts in order, each
    cited chunk numbered once, without a sentence said twice."""
    by_chunk: dict[str, Citation] = {}
    texts: list[str] = []
    for ans in answers:
        renumber: dict[str, str] = {}
        for cit in ans.citations:
            kept = by_chunk.get(cit.chunk_id)
            if kept is None:
                kept = by_chunk[cit.chunk_id] = replace(cit, n=len(by_chunk) + 1, quotes=[])
            kept.quotes += [q for q in cit.quotes if q not in kept.quotes]
            renumber[str(cit.n)] = str(kept.n)
        said = MARKER.sub(lambda m, r=renumber: _renumbered(m, r), ans.text)
        plain = MARKER.sub("", " ".join(texts))
        texts += [x for x in split_sentences(said) if MARKER.sub("", x).strip() not in plain]
    return Answer(
        text=" ".join(texts),
        citations=sorted(by_chunk.values(), key=lambda c: c.n),
        question=question,
        notice=" ".join(a.notice for a in answers if a.notice),
        signals=answers[0].signals,
    )


def _renumbered(marker: re.Match[str], renumber: dict[str, str]) -> str:
    """A citation marker (" [2]", " [1, 3]") with its numbers renumbered."""
    numbers = [n.strip() for n in marker.group(1).split(",")]
    return f" [{', '.join(renumber.get(n, n) for n in numbers)}]"


@dataclass
class Evidence:
    analysis: Analysis
    direct: Iterator[str | Answer] | None = None
    hits: list[Hit] = field(default_factory=list)
    ranked: list[Candidate] = field(default_factory=list)

    @property
    def signals(self) -> dict[str, float]:
        """The numbers abstention is decided on (reported, and used for calibration)."""
        return {
            "chunk_score": round(max((h.score for h in self.hits), default=0.0), 4),
            "sentence_score": round(answer_score(self.analysis, self.ranked), 4),
            "unknown_share": round(self.analysis.unknown_share, 4),
            "typed": float(any(c.typed for c in self.ranked)),
            "coverage": round(max((c.coverage for c in self.ranked[:3]), default=0.0), 4),
        }


@dataclass
class Knowledge:
    """What the pipeline derives from the index as a whole; rebuilt when the index changes."""

    directory: MemberDirectory
    analyzer: QuestionAnalyzer
    domain: Domain
    idf: dict[str, float] = field(default_factory=dict)


def unnamed_in_series(question: str, hits: list[Hit]) -> list[str]:
    """The members of a numbered series the question names ("When does round 3 open?",
    "version 2.0") that none of ``hits`` names, as a number or an ordinal ("the third
    round"): what the materials say of round 2 is not about round 3."""
    return [
        f"{word.lower()} {number}"
        for word, number in SERIES.findall(question)
        if not any(number in series_numbers(word, h.text) for h in hits)
    ]


class Pipeline:
    def __init__(
        self,
        search: HybridSearch,
        answerer: ExtractiveAnswerer,
        knowledge: Callable[[], Knowledge],
        *,
        top_k: int,
        policy: AbstainPolicy,
        generator: GenerativeAnswerer | None = None,
        rewriter: Callable[[str, Any], str] | None = None,
    ) -> None:
        self.generator = generator
        self.rewriter = rewriter
        self.search = search
        self.answerer = answerer
        self.knowledge = knowledge
        self.top_k = top_k
        self.policy = policy

    def analyze(self, question: str) -> Analysis:
        return self.knowledge().analyzer.analyze(question)

    def standalone(self, question: str, history: Any) -> str:
        """A follow-up rewritten to stand alone: by the LLM's rewriter when there is one,
        else by carrying the previous turn's subject over."""
        if not previous_questions(history) and (
            ORG_PRONOUN.search(question) or BARE_FOUNDERS.search(question)
        ):
            organisation = self.knowledge().domain.organisation
            return about_organisation(question, organisation, self.analyze)
        carried = carry_over(question, history, self.analyze)
        if self.rewriter is None or not history or carried != question:
            return carried
        return self.rewriter(question, history) or question

    def stream(
        self,
        question: str,
        *,
        history: Any = None,
        filters: dict[str, Any] | None = None,
        k: int | None = None,
    ) -> Iterator[str | Answer]:
        question = self.standalone(question, history)
        parts = compound(question) if self.generator is None else None
        if parts:  # "When did X join, and which country is it from?": each part answered
            yield from self._compound(question, parts, filters=filters, k=k)
            return
        ev = self.evidence(question, filters=filters, k=k)
        yield from self.respond(ev, question, filters=filters, k=k)

    def _compound(
        self,
        question: str,
        parts: tuple[str, str],
        *,
        filters: dict[str, Any] | None,
        k: int | None,
    ) -> Iterator[str | Answer]:
        """Two questions in one ("Who hosted the clinic, and how many people came?"). The
        whole question is answered as usual (the first part alone when the whole finds
        nothing); when the second asks for a kind of value (a date, a number, a place, a
        name) that answer does not state, the second is answered on its own as a follow-up
        to the first, and the two answers become one. Parts in different times ("Where was
        the last one held, and where will the next one be?") are answered each on its own."""
        if _future(parts[0]) != _future(parts[1]):
            second = self.standalone(parts[1], [(parts[0], "")])
            answers = [self._answer(p, filters=filters, k=k) for p in (parts[0], second)]
            found = [ans for ans in answers if not ans.abstained]
            if found:
                merged = merge_answers(question, found)
                yield merged.text
                yield merged
                return
        ev = self.evidence(question, filters=filters, k=k)
        whole = list(self.respond(ev, question, filters=filters, k=k))
        final = whole[-1]
        second = self.standalone(parts[1], [(parts[0], "")])
        asked = self.analyze(second)  # its evidence is gathered only when it is answered
        if not isinstance(final, Answer):
            yield from whole
            return
        if final.abstained:  # together they find nothing: each on its own may
            first = self._answer(parts[0], filters=filters, k=k)
            if not first.abstained:
                final = first
                whole = [first.text, first]
        if final.abstained:
            yield from whole
            return
        opening = self.analyze(parts[0])  # the whole may answer only the second part
        if opening.qtype in TYPED_QUESTIONS and not self._states(opening, final):
            first = self._answer(parts[0], filters=filters, k=k)
            if not first.abstained:
                final = merge_answers(question, [first, final])
                whole = [final.text, final]
        if asked.qtype in TYPED_QUESTIONS:
            stated = self._states(asked, final)
            added = None if stated else self._answer(second, filters=filters, k=k)
        else:
            added = None  # what kind of answer "what was their project" needs is not checked
        if not isinstance(added, Answer) or added.abstained:
            yield from whole
            return
        merged = merge_answers(question, [final, added])
        yield merged.text
        yield merged

    def _states(self, asked: Analysis, answer: Answer) -> bool:
        """The answer states a value of the kind ``asked`` asks for (a date, a number ...)."""
        typed = type_check(asked, self.knowledge().directory, self.answerer.countries())
        return any(typed(s)[1] for s in split_sentences(MARKER.sub("", answer.text)))

    def _answer(self, question: str, *, filters: dict[str, Any] | None, k: int | None) -> Answer:
        ev = self.evidence(question, filters=filters, k=k)
        final = list(self.respond(ev, question, filters=filters, k=k))[-1]
        return final if isinstance(final, Answer) else Answer.abstain(question)

    def respond(
        self,
        ev: Evidence,
        question: str,
        *,
        filters: dict[str, Any] | None = None,
        k: int | None = None,
        policy: AbstainPolicy | None = None,
    ) -> Iterator[str | Answer]:
        """The answer the evidence gives, or an abstention by ``policy`` (default: the
        configured one; the calibration passes one that never abstains on thresholds).
        With an LLM, a metadata or list answer stands as it is; otherwise the model answers
        from the same evidence and verification decides which of its sentences stand."""
        if ev.direct is not None:
            yield from ev.direct
            return

        def extractive(notice: str = "") -> Iterator[str | Answer]:
            for piece in self._extractive(ev, filters, k, policy or self.policy):
                if isinstance(piece, Answer):
                    piece.notice = notice
                yield piece

        if self.generator is None or not ev.hits:
            yield from extractive()
            return
        a = ev.analysis
        asked = question if a.corrected.lower() == question.lower() else a.corrected
        names = [n for m in a.members for n in dict.fromkeys((m.short_name, m.name)) if n]
        yield from self.generator.stream(
            asked, self.sources(ev, k or self.top_k), fallback=extractive, names=names
        )

    @staticmethod
    def sources(ev: Evidence, k: int) -> list[Hit]:
        """The chunks a model is shown: those of the best-ranked sentences first (a typed
        question may have looked further than the first ``k`` chunks), then the rest."""
        chosen: dict[str, Hit] = {}
        for hit in [c.hit for c in ev.ranked[:k]] + ev.hits:
            chosen.setdefault(hit.chunk_id, hit)
        return list(chosen.values())[:k]

    def _extractive(
        self,
        ev: Evidence,
        filters: dict[str, Any] | None,
        k: int | None,
        policy: AbstainPolicy,
    ) -> Iterator[str | Answer]:
        a = ev.analysis
        slot = slot_of(a.corrected, self._named(a)) if a.qtype == "yesno" else None
        # "Was the summit held in Lisbon?" is decided by where it was held (the slot
        # question passes the policy): not refused for a place the materials never name
        if slot is None and policy.should_abstain(a, ev.hits, ev.ranked):
            said = self._event_of_why(a, ev.ranked, policy)
            if said is not None:  # no reason stated as one: what is said around the event
                yield from self._with_signals(
                    self.answerer.stream(
                        a, ev.ranked, chosen=[said], verdict=NO_REASON_GIVEN, with_next=True
                    ),
                    ev,
                )
                return
            yield Answer.abstain(a.question, signals=ev.signals)
            return
        if a.qtype == "yesno":
            yield from self._yes_no(ev, slot, filters, k, policy)
            return
        yield from self._with_signals(self.answerer.stream(ev.analysis, ev.ranked), ev)

    def _yes_no(
        self,
        ev: Evidence,
        slot: Slot | None,
        filters: dict[str, Any] | None,
        k: int | None,
        policy: AbstainPolicy,
    ) -> Iterator[str | Answer]:
        """Yes or no only when a sentence about the subject affirms or denies the asked
        proposition (``verdict.py``); otherwise an honest abstention. ``slot``: the value
        the question names, if any (``slot_of``)."""
        a = ev.analysis
        subject = self._named(a) | set(a.focus.anchors)
        if slot is not None:
            wh = self.evidence(slot.question, filters=filters, k=k)
            if wh.direct is None and not policy.should_abstain(wh.analysis, wh.hits, wh.ranked):
                chosen = self.answerer.select(wh.analysis, wh.ranked)[:1]
                said = compare(slot, chosen[0].text) if chosen else None
                if (
                    said == "Yes"
                    and not self._asks_plan(a)
                    and self._only_planned(a, chosen[0].text)
                ):
                    said = ONLY_A_PLAN  # "Was it held in Nairobi?": "will take place in Nairobi"
                if said:
                    yield from self._with_signals(
                        self.answerer.stream(a, wh.ranked, chosen=chosen, verdict=said), ev
                    )
                    return
            yield Answer.abstain(a.question, signals=ev.signals)  # the named value: unsettled
            return
        if HAPPENED_YET.search(a.corrected):  # "Has the second summit taken place yet?"
            tops = [c for c in ev.ranked[:3] if c.on_subject]
            # only its plan is known: the best sentence plans it, and none of the others
            # says something of what was asked without planning it ("took place in Tromsø")
            planned = [states_plan(c.text, a.corrected, a.qtype) for c in tops]
            held = PREDICATE_HELD / 2  # says a good part of what was asked
            done = [c for c, p in zip(tops, planned, strict=True) if not p and c.predicate >= held]
            # a later document says it was done ("released Polyglot Bench v1.0 on 10 March
            # 2025"), though the plans for it rank higher: it happened
            did = [
                c
                for c in ev.ranked[:DONE_DEPTH]
                if c.on_subject and self._done(a.corrected, c.text)
            ]
            did = did if any(planned) else []
            if did and not NEGATION.search(a.corrected):
                yield from self._with_signals(
                    self.answerer.stream(a, ev.ranked, chosen=did[:1], verdict="Yes"), ev
                )
                return
            if tops and planned[0] and not done:
                yield from self._with_signals(
                    self.answerer.stream(a, ev.ranked, chosen=tops[:1], verdict=ONLY_PLANNED), ev
                )
                return
        found = answered_verdict(ev.ranked, policy.min_sentence_score)  # "Can I ...?" "No. ..."
        if found is None and not a.members:  # no profile gives its kind: a sentence may
            found = kind_verdict(a.corrected, self.knowledge().domain.kind_words(), ev.ranked)
        found = found or predicate_verdict(
            a.corrected, subject, ev.ranked, self.knowledge().idf, loose=a.org_words
        )
        if found is None:
            yield Answer.abstain(a.question, signals=ev.signals)
            return
        said, cand = found
        if said == "Yes" and not self._asks_plan(a) and self._only_planned(a, cand.text):
            said = ONLY_A_PLAN  # "Does it have a board?": "planned to set up a board"
        yield from self._with_signals(
            self.answerer.stream(a, ev.ranked, chosen=[cand], verdict=said or UNSETTLED), ev
        )

    @staticmethod
    def _event_of_why(
        a: Analysis, ranked: list[Candidate], policy: AbstainPolicy
    ) -> Candidate | None:
        """ "Why was the workshop cancelled?" when no sentence gives a reason as one
        ("because", "so", "as a result"): the best prose sentence that states the event
        asked about, close enough to the question to answer it (its next sentence often
        says why: "... is cancelled. Only 38 people had registered."); none when nothing
        follows it in its chunk."""
        if a.qtype != "why" or any(c.typed for c in ranked[:3]) or NEGATION.search(a.corrected):
            return None  # "Why didn't X join?": an absence, which what surrounds it rarely explains
        return next(
            (
                c
                for c in ranked[:3]
                if c.on_subject
                and not c.item
                and not TABLE_ROW.match(c.text)  # a row's next is another row
                and c.position >= 0
                and c.predicate >= PREDICATE_HELD
                and c.score >= policy.min_sentence_score
                and neighbour(c, [c], 1)  # what it goes on to say: nothing, no answer
            ),
            None,
        )

    @staticmethod
    def _done(question: str, sentence: str) -> bool:
        """The sentence says that what the question asks has happened: its verb ("released"),
        not as a plan nor denied, of the edition the question names ("2026", "second")."""
        verb = EVENT_PHRASE.search(question)
        if verb is None:  # "the Open Models Hackathon", "open-source" are no event
            return False
        said = content_words(sentence)
        event = content_words(verb.group(0)) - content_words("been has have yet")
        named = set(NUMBER_WORD.findall(question)) | (content_words(question) & ORDINALS)
        return (
            bool(event)
            and event <= said
            and named <= said | set(NUMBER_WORD.findall(sentence))
            and not states_plan(sentence, question, "yesno")
            and not NEGATION.search(sentence)
        )

    @staticmethod
    def _planned_into_being(sentence: str) -> bool:
        """ "The alliance planned to set up a governing board": the plan to bring it into
        being (not "The group will look at small models", which exists and plans work)."""
        return states_plan(sentence) and bool(content_words(sentence) & FOUNDING_WORDS)

    def _only_planned(self, a: Analysis, sentence: str) -> bool:
        """The sentence plans what the question asks as done: "Did it reach 150 members by
        the end of 2025?" is not settled by "it aims to pass 150 members by the end of 2025",
        nor "Does it have a board?" by "planned to set up a board"."""
        if self._planned_into_being(sentence):
            return True
        return a.focus.past and states_plan(sentence, a.corrected, "yesno")

    @staticmethod
    def _asks_plan(a: Analysis) -> bool:
        """The question asks about a plan or the future ("Will it ...?", "Does it plan
        to ...?"), which a plan answers."""
        asked = AS_PLANNED.sub("", a.corrected)  # "Was it held in Nairobi as planned?": a deed
        if a.focus.past:  # "Did it do all its planned stops?" (not "Where is the planned venue?")
            asked = PLANNED_THINGS.sub("", asked)
        return a.focus.future or bool(INTENT.search(asked) or PLAN_WORD.search(asked))

    @staticmethod
    def _named(a: Analysis) -> set[str]:
        """The words of what a yes/no question is about: the organisation, its member."""
        if not a.members:
            return a.org_words
        return a.org_words | content_words(f"{a.members[0].name} {a.members[0].short_name}")

    @staticmethod
    def _with_signals(pieces: Iterator[str | Answer], ev: Evidence) -> Iterator[str | Answer]:
        for piece in pieces:
            if isinstance(piece, Answer):
                piece.signals = ev.signals
            yield piece

    def evidence(
        self, question: str, *, filters: dict[str, Any] | None = None, k: int | None = None
    ) -> Evidence:
        """Everything the answer is decided from: the analysis, and either a directory
        answer or the retrieved chunks with their ranked sentences."""
        know = self.knowledge()
        a = know.analyzer.analyze(question)
        direct = self._directory(a, know, filters)
        if direct is not None:
            return Evidence(a, direct=direct)
        k = k or self.top_k
        query, q_vec, hits = self._retrieve(a, k, filters)
        listed = self._structured(a, hits, know)
        if listed is not None:
            return Evidence(a, direct=listed, hits=hits)
        pool, ranks = self._whole_documents(a, hits, q_vec, know)
        ranked = self.answerer.rank(a, q_vec, pool, know.directory, ranks)
        counts = counted_thing(a) or (lambda s: True)
        if (a.qtype in TYPED_QUESTIONS and not any(c.typed and counts(c.text) for c in ranked)) or (
            (a.focus.latest or a.focus.at or self._holder_now(a))
            and a.qtype in ("count", "when", "who")
        ):  # "How many members now / in February?": that statement may rank below others
            # nothing in the best chunks states the date, place, number... asked for: look
            # further before giving up ("founded" ranks "founding members" chunks first)
            # a count now or at a moment may be stated in any later document: look further
            far = 2 * WIDER if a.qtype == "count" and (a.focus.latest or a.focus.at) else WIDER
            wider = self.search.search(
                query, far * k, self._beyond_profiles(a, filters), vector=q_vec.tolist()
            )
            seen = {h.chunk_id for h in hits}
            stated = [c for c in ranked if c.typed and counts(c.text)]
            if stated and self._holder_now(a) and not (a.focus.latest or a.focus.at):
                # "Who chairs X?": a document later than those naming a holder of X (not of
                # another body) may name a newer one; only such documents are added
                most = max(c.predicate for c in stated)
                stated = [c for c in stated if c.predicate >= most / 2]
                newest = max(str(c.hit.metadata.get("date", "")) for c in stated)
                wider = hits + [
                    h
                    for h in wider
                    if h.chunk_id not in seen and str(h.metadata.get("date", "")) > newest
                ]
            pool, ranks = self._whole_documents(a, wider, q_vec, know)
            ranked = self.answerer.rank(a, q_vec, pool, know.directory, ranks)
            hits = hits + [h for h in wider if h.chunk_id not in seen]
        launch_value = a.focus.latest and not LATEST.search(a.corrected)
        if a.qtype == "count" and launch_value and not any(c.typed for c in ranked):
            # "How many members does it have?" when only the count it started with is
            # known: that count, which says it is the one at the start ("today" is asked
            # of a moment the materials do not reach)
            ranked = self.answerer.rank(a, q_vec, pool, know.directory, ranks, launch_value=True)
        return Evidence(a, hits=hits, ranked=ranked)

    def retrieval(
        self, question: str, *, filters: dict[str, Any] | None = None, k: int | None = None
    ) -> Evidence:
        """``evidence`` up to its ranking of the retrieved chunks: a directory or list answer,
        else the chunks the answer is chosen from (their sentences not ranked, the search not
        widened). What the evaluation scores retrieval on."""
        know = self.knowledge()
        a = know.analyzer.analyze(question)
        direct = self._directory(a, know, filters)
        if direct is not None:
            return Evidence(a, direct=direct)
        _, _, hits = self._retrieve(a, k or self.top_k, filters)
        return Evidence(a, direct=self._structured(a, hits, know), hits=hits)

    def _retrieve(
        self, a: Analysis, k: int, filters: dict[str, Any] | None
    ) -> tuple[str, np.ndarray, list[Hit]]:
        """The search query the question makes (its hints added), its vector and its hits."""
        q_vec = np.asarray(self.search.embed(a.corrected), dtype=np.float32)
        query = f"{a.corrected} {TYPE_HINTS[a.qtype]}" if a.qtype in TYPE_HINTS else a.corrected
        if a.founding_asked:  # "started": the materials say "launched", "announced"
            query = f"{query} {FOUNDING_HINT}"
        if FUTURE_QUESTION.search(a.corrected) and not PLAN_WORD.search(a.corrected):
            # "the next summit": "plans to hold the second" (a question of plans has its own)
            query = f"{query} {FUTURE_HINT}"
        query = f"{query} {' '.join(other_forms(a.corrected))}".strip()  # goals: objectives
        hits = self.search.search(query, k, filters, vector=q_vec.tolist())
        for name in unnamed_in_series(a.corrected, hits):  # "round 3": is it named at all?
            if unnamed_in_series(name, self.search.search(name, WIDER * k, filters)):
                a.unknown_names.append(name)  # no text names it: abstain, as for a name
        return query, q_vec, hits

    @staticmethod
    def _holder_now(a: Analysis) -> bool:
        """ "Who chairs X?", "Who is the director of X?": a role held now (not who chaired
        it at an event, nor who founded something)."""
        return a.focus.holder and not a.focus.deed and not a.founding_asked

    def _beyond_profiles(self, a: Analysis, filters: dict[str, Any] | None) -> dict | None:
        """ "How many members does it have now?": the organisation's counts are in its own
        documents; its members' profiles (dozens, each "a founding member of ...") would
        crowd them out of a wider search."""
        if a.qtype != "count" or a.members or (filters or {}).get("doc_type"):
            return filters
        kinds = [t for t in self.search.bm25.field_values("doc_type") if t != "member_profile"]
        return {**(filters or {}), "doc_type": kinds} if kinds else filters

    def _whole_documents(
        self, a: Analysis, hits: list[Hit], q_vec: np.ndarray, know: Knowledge
    ) -> tuple[list[Hit], dict[str, int]]:
        """The retrieved chunks, plus the rest of the documents the question names (their
        title carries every word of the names it asks about): "Who won the Harborlight
        Hackathon?" is answered under "The winners" on the hackathon's page, a section that
        shares no word with the question. An added chunk ranks as its document's best hit."""
        ranks = {h.chunk_id: i for i, h in enumerate(hits)}
        names, _ = name_words([h.text for h in hits], a.corrected)
        names -= name_words([know.domain.organisation], know.domain.organisation)[0]
        if not names:
            return hits, ranks
        extra: list[Hit] = []
        done: set[str] = set()
        for rank, hit in enumerate(hits[: self.top_k]):
            source = str(hit.metadata.get("source", ""))
            if source in done or not names <= title_words(str(hit.metadata.get("title", ""))):
                continue
            done.add(source)
            got = self.search.index.all_chunks(where={"source": source})
            missing = [cid for cid in got["ids"] if cid not in ranks][:MAX_ADDED_CHUNKS]
            for added in self.search.index.get(missing, q_vec.tolist(), strict=False):
                ranks[added.chunk_id] = rank
                extra.append(added)
            if len(done) >= MAX_NAMED_DOCUMENTS:
                break
        return hits + extra, ranks

    def _structured(
        self, a: Analysis, hits: list[Hit], know: Knowledge
    ) -> Iterator[str | Answer] | None:
        """A list question answered with the list a retrieved document gives; "What is the
        alliance's mission?" with the sections of the best document when its title names
        what is asked (its objectives)."""
        focus = focus_words(a, content_words(know.domain.organisation))
        if not is_list_question(a):
            doc = outline(self.document(str(hits[0].metadata.get("source", "")))) if hits else None
            found = titled_items(a, doc, focus) if doc else None
            return list_answer(*found, question=a.question) if found else None
        for source in list(dict.fromkeys(str(h.metadata.get("source", "")) for h in hits))[:3]:
            doc = outline(self.document(source))
            found = list_items(a, doc, focus) if doc else None
            if found:
                return list_answer(*found, question=a.question)
        return None

    def _members_beyond_profiles(
        self, a: Analysis, know: Knowledge, filters: dict[str, Any] | None
    ) -> bool:
        """No profile is from the place asked, but a text says a member from there joined
        ("Andes Digital Cooperative, our first member from Chile"): the profiles are not
        every member, and "none" would be wrong. Founding members all have a profile."""
        if a.founding or not (a.country or a.region) or chosen_members(a, know.directory):
            return False
        geo = know.directory.geography
        for hit in self.search.search(a.corrected, 8, filters):
            if hit.metadata.get("doc_type") == "member_profile":
                continue
            for sentence in split_sentences(hit.text):
                if not content_words(sentence) & JOINING_WORDS:
                    continue
                region = geo.region_in(sentence) if a.region else None
                if (a.country and geo.country_in(sentence) == a.country) or (
                    region and region[0] == a.region
                ):
                    return True
        return False

    def document(self, source: str) -> list[Hit]:
        """Every chunk of one indexed document."""
        got = self.search.index.all_chunks(where={"source": source})
        return [
            Hit(cid, text or "", dict(meta or {}), 1.0)
            for cid, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        ]

    def _directory(
        self, a: Analysis, know: Knowledge, filters: dict[str, Any] | None
    ) -> Iterator[str | Answer] | None:
        directory = know.directory
        doc_type = (filters or {}).get("doc_type")
        if not len(directory) or doc_type not in (None, "", "member_profile"):
            return None
        if a.group and not (a.joined_span and not directory.select(joined=a.joined_span)):
            if self._members_beyond_profiles(a, know, filters):
                return None  # what the text says of them
            # "Which members joined in 2024?" when no profile says so: what the text says
            # a text may count more joiners, or members of a kind, than the profiles give
            counted = a.joined_span or (a.qtype == "count" and a.kind and not a.founding)
            said = self.search.search(a.corrected, 10, filters) if counted else None
            return group_answer(a, directory, know.domain, said)
        if a.kinds:
            kinds = " ".join(know.domain.plural(k) for k in directory.kinds)
            said = self.search.search(kinds, 5, {"doc_type": "announcement"})  # names them
            return kinds_answer(a, directory, know.domain, said)
        if a.countries:  # a text may count more countries than the profiles here give
            said = [] if a.founding else self.search.search(a.corrected, 5, filters)
            return countries_answer(a, directory, said)
        if a.qtype == "membership" and a.subject:
            announcements = self.search.search(
                f"{a.subject} founding members list", 5, {"doc_type": "announcement"}
            )
            # no profile: a newsletter may say it joined; a profile: a later text may say
            # it left
            seen = {h.chunk_id for h in announcements}
            moved = "joined" if a.subject_member is None else "left, no longer a member"
            said = self.search.search(f"{a.subject} {moved}", 5, filters)
            announcements += [h for h in said if h.chunk_id not in seen]
            return membership_answer(a, directory, announcements)
        if a.qtype == "yesno" and len(a.members) == 1 and (a.kind_named or a.country):
            return attribute_answer(a)
        if a.qtype == "describe" and a.members and not a.about_org:
            return describe_answer(a)
        if a.qtype == "when" and len(a.members) == 1 and JOIN_QUESTION.search(a.corrected):
            return joined_answer(a, know.domain)
        return None

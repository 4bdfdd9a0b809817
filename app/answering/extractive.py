"""The extractive answerer: no LLM. The answer is the retrieved sentences that best answer
the question, picked by what the question asks for (a date, a place, a number, a yes/no),
without near-duplicates, in reading order, each followed by its citation marker."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from app.answering.analysis import Analysis
from app.answering.answer_types import (
    CAPITALISED,
    FACT_TYPES,
    asked_words,
    counted_thing,
    part_row,
    same_fact,
    stated_values,
    states_plan,
    type_check,
    values,
)
from app.answering.citations import CitationBook
from app.answering.directory import MemberDirectory
from app.answering.language import (
    AFTER_CAUSE,
    CONSEQUENCE,
    CORRECTED,
    COUNT_OF,
    HOW_MANY,
    LEADING_TEXT,
    PLURAL_ORGS,
    PRONOUN_START,
    PRONOUN_SUBJECT,
    PURPOSE_TO,
    REPORTED_CLAIM,
    RESULT_SO,
    TABLE_ROW,
    TYPE_HINTS,
    UNFILLED,
    opens_with_person,
)
from app.answering.safety import FAKE_MARKER, is_instruction
from app.answering.structure import announced_list
from app.answering.subject import (
    ASKER_WORDS,
    FOUNDING_VERBS,
    TYPE_WORDS,
    Context,
    Focus,
    focus_of,
    in_force_at,
    name_words,
    places_in,
    timed,
    when_stated,
)
from app.answering.subject import about as subject_about
from app.answering.text import (
    WORD_RUN,
    content_words,
    jaccard,
    list_items,
    overlap,
    sentences_in_lines,
    split_sentences,
    words,
)
from app.core.types import Answer, Hit
from ingest.dates import PUBLISHED, YEAR, dates_in, day_in_full, long_date
from vectorstore.embeddings import SentenceCache

PREDICATE_HELD = 0.6  # share of what a question asks that a sentence holds to state it
DOT_LEADER = re.compile(r"(?:\.\s?){4,}|…{2,}")
VERDICT_WORDS = ("Yes. ", "No. ", "Yes, ", "No, ")  # an FAQ's answer opens with one
COUNTED_BONUS = 0.15  # a sentence that counts what was asked ("41 teams")
LEADING_WORDS = content_words(LEADING_TEXT)
# a class of verbs that say the same thing: a question using one of them is matched by a
# sentence using any, through a marker word that stands for the class on both sides
FOUNDING_MARK = "foundingverb"
LEADING_MARK = "leadingverb"
RANKS = content_words("first second third fourth fifth sixth seventh eighth ninth tenth")
RUNNER_UP = content_words("runner-up")  # the second place
PRIZE_WORDS = content_words("award prize")  # "Who won the special award?" is not the first
_RANK = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d(?:st|nd|rd|th))"
PLACE_ASKED = re.compile(
    rf"\b(?:came|come|comes|finish(?:ed|es)?|placed|ranked|won|win)\s+{_RANK}\b"
    rf"|\b{_RANK}\s+(?:place|prize|position)\b|\brunners?[\s-]up\b",
    re.I,
)
LOWER_WORD = re.compile(r"\b[a-z][a-z'-]+\b")
Encode = Callable[[list[str]], np.ndarray]


@dataclass
class Candidate:
    text: str
    hit: Hit
    rank: int
    position: int
    score: float = 0.0
    typed: bool = False  # states the kind of value asked for (a date, a place...)
    mentions: bool = False  # has such a value, perhaps only in background
    lexical: float = 0.0
    coverage: float = 0.0
    about: float = 0.0
    context: Context | None = None
    on_subject: bool = True  # about what the question names (subject.about)
    predicate: float = 0.0  # share of what is asked about the subject that it says
    lead: str = ""  # the sentence before, when this one opens with a pronoun
    corrected: bool = False  # what another text said, which its paragraph says was wrong
    item: str = ""  # the whole list item it is part of, when the item says more
    asked: str = ""  # the question it answers, in a document of questions and answers
    placed: bool = False  # gives the place in a ranking that was asked ("Place: 3rd")


class ExtractiveAnswerer:
    def __init__(
        self,
        encode: Encode,
        *,
        max_sentences: int = 4,
        keep_ratio: float = 0.85,
        dense_weight: float = 0.6,
        type_bonus: float = 0.15,
        countries: Callable[[], list[str]] = list,
        idf: Callable[[], dict[str, float]] = dict,
        rank_prior: float = 0.03,
        max_candidates: int = 16,
        title_weight: float = 0.1,
        profile_penalty: float = 0.05,
        off_subject_penalty: float = 0.2,
        predicate_weight: float = 0.25,
        heading_bonus: float = 0.1,
        cache: SentenceCache | None = None,
    ) -> None:
        self.predicate_weight = predicate_weight
        self.heading_bonus = heading_bonus
        self.off_subject_penalty = off_subject_penalty
        self.profile_penalty = profile_penalty
        self.title_weight = title_weight
        self.max_candidates = max_candidates
        self.idf = idf
        self.rank_prior = rank_prior
        self.cache = cache or SentenceCache(encode)  # shared by answerers of one model
        self.max_sentences = max_sentences
        self.keep_ratio = keep_ratio
        self.dense_weight = dense_weight
        self.type_bonus = type_bonus
        self.countries = countries

    def rank(
        self,
        a: Analysis,
        q_vec: np.ndarray,
        hits: list[Hit],
        directory: MemberDirectory | None = None,
        ranks: dict[str, int] | None = None,
        *,
        launch_value: bool = False,
    ) -> list[Candidate]:
        """Sentences of the retrieved chunks, scored; best first. A cheap lexical pre-score
        keeps the ``max_candidates`` most promising for the embedding comparison, which
        bounds the cost of a question whatever the size of the chunks. ``launch_value``: a
        count asked of now may be answered by the one the organisation started with."""
        q_words = content_words(f"{a.corrected} {TYPE_HINTS.get(a.qtype, '')}")
        named = {w for m in a.members for w in content_words(f"{m.name} {m.short_name}")}
        focus = (q_words - named) or q_words  # what is asked about the named member
        idf = self.idf() or None
        typed = type_check(a, directory, self.countries())
        foreign = _foreign_names(a, directory, q_words)
        names, residual = name_words(
            [s for h in hits for s in split_sentences(h.text)], a.corrected
        )
        subject = focus_of(a.corrected, idf or {}, a.org_words | named, names)
        subject.latest = subject.latest and not launch_value
        subject.places = places_in([h.text for h in hits])
        subject.now = max((str(h.metadata.get("date", "")) for h in hits), default="")
        named_stems = content_words(" ".join(subject.named))
        series = content_words(subject.ordinal or "")  # "the first summit": which one is
        # named, not what is asked about it ("came second" asks a rank)
        predicate = content_words(residual) - named - a.org_words - TYPE_WORDS - ASKER_WORDS
        predicate -= series | MOMENT_WORDS  # "Who is the manager now?": "now" is when
        predicate = {w for w in predicate if not w.isdigit()}
        classes = []
        if a.founding_asked:  # "who started / set up / created it": any verb of founding
            classes.append((FOUNDING_VERBS, FOUNDING_MARK))
        if predicate & LEADING_WORDS:  # "Who leads X?": "Y continues as chair" says so
            classes.append((LEADING_WORDS, LEADING_MARK))
        for verbs, mark in classes:  # "started" is said by "launched" as well
            predicate = (predicate - verbs) | {mark}
            if q_words & verbs:
                q_words = (q_words - verbs) | {mark}
        org_asked = a.names_org and not a.members and not a.group
        # "Who came 3rd?", "second place": a place in a ranking is asked ("the first
        # version" names which version)
        placing = {w for m in PLACE_ASKED.finditer(a.corrected) for w in content_words(m.group())}
        placing &= RANKS | RUNNER_UP
        # "Who won the hackathon?" (no place, no prize named): who came first; "Why did the
        # judges pick X as the winner?" asks a reason, which no row of places gives
        winner = not placing and a.qtype != "why" and not content_words(a.corrected) & PRIZE_WORDS
        cands = []
        titled: set[str] = set()
        for i, hit in enumerate(hits):
            rank = (ranks or {}).get(hit.chunk_id, i)  # a document's chunk: the document's
            about = self._about(a, hit, q_words, idf, subject)
            heads = _with_title(hit, titled) if a.qtype in ("who", "org", "when") else []
            if a.qtype == "when":  # a title's year is of a name ("Summit 2025"), not a date
                heads = [h for h in heads if dates_in(h[1]) or not YEAR.search(h[1])]
            previous = asked_here = ""
            items = list_items(hit.text)
            section = str(hit.metadata.get("section", "")).split(" > ")[-1]
            # the names asked about that the document's title or section carries: every
            # sentence under "Harborlight Hackathon 2024: the results" is about the hackathon
            titled_names = " ".join(
                named_stems & content_words(f"{hit.metadata.get('title', '')} {section}")
            )
            why_headed = a.qtype == "why" and _why_heading(section, predicate, classes)
            for pos, raw, line in heads + _numbered(sentences_in_lines(hit.text)):
                sentence = FAKE_MARKER.sub("", raw).strip()
                if is_instruction(sentence) or not sentence:
                    continue  # sources are data: an instruction in them is never repeated
                if (not LOWER_WORD.search(sentence) and not TABLE_ROW.match(sentence)) or (
                    DOT_LEADER.search(sentence)
                ):
                    continue  # a dateline, a caption ("Valparaíso, Chile, 20 May") or a line
                    # of a table of contents ("Working groups ........ 5"): no claim
                if sentence.endswith("?"):  # a question is no answer; the next sentence
                    asked_here, previous = sentence, ""  # answers it ("Who can apply?")
                    continue
                asked, asked_here = asked_here or (section if section.endswith("?") else ""), ""
                if a.qtype != "yesno" and sentence.startswith(VERDICT_WORDS):
                    sentence = sentence.split(" ", 1)[1]  # "No. The first ... took place":
                    # the answer to another question, whose verdict says nothing of this one
                cand = Candidate(sentence, hit, rank, pos, about=about, asked=asked)
                cand.context = context_of(hit, sentence, line)
                cand.on_subject = subject_about(subject, cand.context) and not (
                    org_asked
                    and hit.metadata.get("doc_type") == "member_profile"
                    and not a.org_words <= content_words(sentence)
                )  # what the alliance did is not what one of its members did
                # "pool together" is not about Together AI: a name counts as its member
                if line in items:
                    # a list item is one answer ("Third place: Quietwire. The team built
                    # ..."), under its heading ("The winners", "What fellows receive")
                    if line.strip() != sentence:
                        cand.item = FAKE_MARKER.sub("", line).strip()
                    said = f"{section} {cand.item or sentence}"
                else:
                    said = sentence
                words = f"{foreign(said) if foreign else said} {titled_names} {asked}"
                if why_headed:  # what its heading asks is what the sentence answers
                    words, said = f"{words} {section}", f"{said} {section}"
                said_words = content_words(said) if classes else set()
                for verbs, mark in classes:
                    if said_words & verbs:
                        words = f"{words} {mark}"
                won = "win" in predicate and first_place(said)
                if won:
                    words = f"{words} win"  # "Place: 1st; Team: Amberline" says who won
                cand.placed = bool(placing & _places(content_words(said))) or (winner and won)
                lead_in = previous
                if not cand.item and PRONOUN_START.match(sentence) and previous:
                    words = f"{previous} {words}"  # "They do this to ...": what "they" and
                    cand.lead = previous  # "this" are counts too
                    if cand.on_subject:  # "It drew 640 people": what "it" is, too
                        lead_ctx = replace(cand.context, sentence=f"{previous} {sentence}")
                        cand.on_subject = subject_about(subject, lead_ctx)
                previous = sentence
                cand.lexical = overlap(q_words, words, idf)
                cand.predicate = overlap(predicate, words, idf) if predicate else 0.0
                # how much of what is asked (beyond the names) the sentence says
                cand.coverage = cand.predicate if predicate else overlap(focus, words, idf)
                cand.mentions, cand.typed = typed(sentence)
                if a.qtype == "count" and cand.typed and part_row(sentence, q_words):
                    cand.typed = False  # "Region: Europe; Members: 38" counts a part
                if a.qtype == "who" and not cand.typed and opens_with_person(sentence):
                    # "He has led the delegation since ...": who "he" is, the sentence before
                    cand.mentions, cand.typed = typed(f"{lead_in} {sentence}")
                if a.qtype in DOERS and not cand.typed and cand.lead and _acting_pronoun(sentence):
                    # "Which member is behind Ray?": "It is known as the company behind
                    # Ray", where "it" is the member the sentence before names
                    cand.mentions, cand.typed = typed(f"{cand.lead} {sentence}")
                if a.qtype == "why" and not cand.typed and cand.predicate >= PREDICATE_HELD:
                    # "Why did X step down?": "X is stepping down ... to lead ...", "X
                    # stepped down after being appointed dean"
                    cand.typed = cand.mentions = bool(
                        PURPOSE_TO.search(sentence) or AFTER_CAUSE.search(sentence)
                    )
                if why_headed and not cand.typed:
                    cand.typed = cand.mentions = True  # under "Why Hallvard is leaving"
                if a.qtype == "why" and not cand.typed and predicate:
                    # "X closed for repairs, so the event moved": why it moved, when what
                    # follows "so" is what was asked
                    result = RESULT_SO.split(sentence, maxsplit=1)
                    if len(result) == 2 and predicate & content_words(result[1]):
                        cand.typed = cand.mentions = True
                if a.qtype == "why" and not cand.typed and cand.on_subject and lead_in:
                    # "The alliance has therefore created X": the reason is the one before
                    if CONSEQUENCE.search(sentence) and not cand.item:
                        cand.typed = cand.mentions = True
                        cand.lead = lead_in
                if cand.typed and not about_member(a, hit, f"{cand.lead} {sentence}"):
                    cand.typed = False  # a fact about another organisation ("Its withdrawal
                    # took effect ...": the sentence before says whose)
                if a.qtype == "when" and _dateline(sentence, predicate):
                    cand.typed = cand.mentions = False  # "Published 10 October 2025 by X"
                cand.corrected = _corrected(a, cand.context)
                if not cand.on_subject or cand.corrected:
                    # about another thing, time or series member; a value said before and
                    # corrected since
                    cand.typed = cand.mentions = False
                if (
                    a.members
                    and not a.names_org
                    and a.qtype == "when"
                    and predicate
                    and not cand.predicate
                ):
                    cand.typed = False  # "When was X founded?": not the date X joined
                bonus = self.type_bonus if cand.typed else 0.0  # keep what answers the type
                cand.score = cand.lexical + 0.5 * hit.score - self.rank_prior * rank + bonus
                cands.append(cand)
        if not cands:
            return []
        _drop_corrected_values(cands)
        _count_what_was_asked(a, cands, idf or {})
        if any(c.placed for c in cands):  # only a sentence giving that place says who took it
            for cand in cands:
                cand.typed = cand.typed and cand.placed
                cand.mentions = cand.mentions and cand.placed
        best_first = sorted(cands, key=lambda c: c.score, reverse=True)
        cands = best_first[: self.max_candidates]
        if timed(subject):  # a changing fact, asked at a moment: each document's own
            # statement of it stays in the running (the latest may be in a lower chunk; a
            # document that is in only by a sentence of another type has none in)
            sources = {_source(c) for c in cands if c.typed}
            for cand in best_first[self.max_candidates :]:  # of what is asked
                if cand.typed and cand.predicate > 0 and _source(cand) not in sources:
                    cands.append(cand)
                    sources.add(_source(cand))
        texts = [c.item or f"{c.asked} {c.lead} {c.text}".strip() for c in cands]
        dense = self.cache.vectors(texts) @ np.asarray(q_vec, dtype=np.float32)
        counts = counted_thing(a)  # "How many members ...?": "Members: 151" counts them
        for cand, sim in zip(cands, dense, strict=True):
            prior = 0.05 * cand.hit.score - self.rank_prior * cand.rank
            bonus = self.type_bonus if cand.mentions else 0.0
            cand.score = self.dense_weight * float(sim) + (1 - self.dense_weight) * cand.lexical
            cand.score += prior + bonus + cand.about
            if subject.anchors:  # what is asked about the thing the question names
                cand.score += self.predicate_weight * cand.predicate
            if cand.placed:  # "what did the runner-up build?": the runner-up's row
                cand.score += self.type_bonus + self.predicate_weight
            if not cand.on_subject or cand.corrected:
                cand.score -= self.off_subject_penalty
            elif counts is not None and cand.typed and cand.predicate > 0:
                if _counting_row(cand.text, counts):  # a table's row, whose words are few
                    cand.score += COUNTED_BONUS
        subject.asks = predicate
        a.focus = subject
        return sorted(cands, key=lambda c: c.score, reverse=True)

    def _about(
        self, a: Analysis, hit: Hit, q_words: set[str], idf: dict | None, subject: Focus
    ) -> float:
        """What the document and section are about counts too: a date restated in passing
        elsewhere should not outrank the announcement that is about the launch, and the
        section headed with the name asked about is about it."""
        heading = f"{hit.metadata.get('title', '')} {hit.metadata.get('section', '')}"
        about = self.title_weight * overlap(q_words, heading, idf)
        section = str(hit.metadata.get("section", "")).split(" > ")[-1]
        if len(subject.named) >= 2 and subject.named <= content_words(section):
            about += self.heading_bonus
        if not a.members and hit.metadata.get("doc_type") == "member_profile":
            # the alliance's own facts: its announcements (which member did something is
            # what its profile says: "Which member operates arXiv?")
            about -= 0.0 if a.qtype == "org" else self.profile_penalty
        return about

    def select(self, a: Analysis, ranked: list[Candidate]) -> list[Candidate]:
        """The best sentence and those close to it, without near-duplicates."""
        ranked = [c for c in ranked if not c.corrected] or ranked  # not what was corrected
        if not ranked:
            return []
        if a.qtype == "org" and PLURAL_ORGS.search(a.corrected):
            ranked = [c for c in ranked if c.typed] or ranked  # a list: the named ones
        elif a.qtype in ("why", "how", "describe"):  # a reason, a procedure, a definition
            ranked = [c for c in ranked if c.typed] or ranked
        elif a.qtype in FACT_TYPES:
            return self._select_fact(a, ranked)
        listing = a.qtype == "org"  # "Google was not ..." and "Microsoft was not ..." differ
        chosen: list[Candidate] = []
        for cand in ranked:
            if len(chosen) >= self.max_sentences or cand.score < self.keep_ratio * ranked[0].score:
                break
            if all(
                jaccard(cand.text, c.text) <= 0.6 or (listing and _names(cand) != _names(c))
                for c in chosen
            ):
                chosen.append(cand)
        return sorted(chosen, key=lambda c: (c.rank, c.position))

    def _select_fact(self, a: Analysis, ranked: list[Candidate]) -> list[Candidate]:
        """A single fact (a date, a place, a number, a name): the value most retrieved
        documents agree on, from the sentence that states it (not in passing) in the
        document most about the question; at most one more sentence from that document,
        with another value. Restatements in other documents are not cited."""
        stated = [c for c in ranked if c.typed] or [c for c in ranked if c.mentions]
        counts = counted_thing(a)
        if counts is not None:  # "How many teams": the sentences that count teams
            stated = [c for c in stated if counts(c.text)] or stated
        stated = stated or ranked[:1]
        if a.focus.deed:  # "When did the summit take place?": not when it was to
            stated = [c for c in stated if not states_plan(c.text, a.corrected, a.qtype)] or stated
        of_member = bool(a.members) and not a.names_org  # "Who bought X?": of the sentences
        if of_member:  # about X, those saying it was bought
            stated = [c for c in stated if _of_member(a, c)] or stated
        most = max(c.predicate for c in stated)
        if most > 0 and (a.focus.anchors or a.focus.holder or of_member):
            # "When was the Cedarline Fellowship launched?": a date of its launch, not of
            # its first cohort (what is asked about the thing named, not only the thing)
            stated = [c for c in stated if c.predicate >= most / 2]
        if not timed(a.focus):  # a holder or a date named, not "to be confirmed"
            stated = [c for c in stated if not UNFILLED.search(c.text)] or stated
        in_force = self._in_force(a, stated)
        agreeing = _agreeing(a.qtype, stated, ranked)
        top = max(c.score for c in agreeing)  # a headline far below the best sentence is out
        best = in_force or max(
            [c for c in agreeing if c.position >= 0 or c.score >= self.keep_ratio * top],
            key=lambda c: (c.about, c.position >= 0 or a.founding_asked, c.score),
        )  # a document's body states a fact its headline (position -1) only announces; who
        # founded it is what a headline says ("IBM and Meta launch the AI Alliance")
        chosen = [best]
        for cand in stated:
            if len(chosen) >= min(self.max_sentences, 2):
                break
            if (
                cand is best
                or _source(cand) != _source(best)
                or cand.score < self.keep_ratio * best.score
                or jaccard(cand.text, best.text) > 0.6
                or same_fact(a.qtype, cand.text, best.text)
            ):
                continue
            chosen.append(cand)
        if in_force is not None:  # the value in force first, another moment's after it
            return chosen
        return sorted(chosen, key=lambda c: (c.rank, c.position))

    def _in_force(self, a: Analysis, stated: list[Candidate]) -> Candidate | None:
        """When the stating sentences give different values of a changing fact and the
        question says which moment it wants, the one in force then (best first per date)."""
        if not timed(a.focus) or len({_value_key(a, c) for c in stated}) < 2:
            return None
        if a.qtype == "who":  # "its chair has not yet been chosen" names no holder
            stated = [c for c in stated if not UNFILLED.search(c.text)] or stated
        named = a.focus.named  # "the Membership Committee": not another committee's chair
        same = [c for c in stated if c.context and named <= content_words(c.context.around)]
        stated = same or stated
        by_date: dict[str, Candidate] = {}
        for cand in stated:  # ranked order: the best sentence of each date, of the latest
            # document that states one (a later report of the same day corrects an earlier)
            date = when_stated(cand.context, a.focus.at) if cand.context else ""
            kept = by_date.setdefault(date, cand)
            if _written(cand) > _written(kept) and cand.predicate >= kept.predicate:
                by_date[date] = cand  # (and says as much of what is asked)
        return in_force_at(a.focus, list(by_date.items()))  # type: ignore[return-value]

    def stream(
        self,
        a: Analysis,
        ranked: list[Candidate],
        *,
        chosen: list[Candidate] | None = None,
        verdict: str | None = None,
        with_next: bool = False,
    ) -> Iterator[str | Answer]:
        """The chosen sentences (by default ``select``'s), each cited; a yes/no answer
        leads with its verdict, decided by ``verdict.py`` from the proposition asked."""
        chosen = self.select(a, ranked) if chosen is None else chosen
        if not chosen:
            yield Answer.abstain(a.question)
            return
        book = CitationBook()
        parts: list[str] = []
        if verdict and not chosen[0].text.lower().startswith(verdict.lower()):
            parts.append(f"{verdict}.")  # not "No. No. Only members can apply."
            yield parts[0]
        told: set[str] = set()
        for cand in chosen:
            if cand.item and not is_instruction(cand.item):
                if cand.item in told:
                    continue  # two sentences of one list item: the item once
                told.add(cand.item)
                part = f"{cand.item} [{book.cite(cand.hit, cand.item)}]"
                yield (" " if parts else "") + part
                parts.append(part)
                continue
            lead = _antecedent(cand, chosen, why=a.qtype == "why")
            if lead:  # "It relates to ..." says what "it" is first: "Advocacy is ... It ..."
                book.cite(cand.hit, lead)
            text = f"{lead} {cand.text}" if lead else cand.text
            listed = announced_list(cand.hit, cand.text)
            if listed:  # "Each fellow receives:" is no answer without what follows
                text += " " + "; ".join(listed)
            follows = _follower(cand, chosen) if a.qtype == "describe" else None
            if with_next and not follows:  # what the sentence goes on to say
                follows = neighbour(cand, chosen, 1)
            if not follows and len(chosen) == 1 and _only_names(a, cand):
                follows = neighbour(cand, chosen, 1)  # "The alliance also planned a
                # technical oversight committee." names it; the next sentence says it
                if follows and not follows.rstrip().endswith((".", "!", ")")):
                    follows = None  # a heading or a caption: not what it is
            if follows:  # "X describes itself as ... Its aim is to ...": what it is, whole
                part = f"{text} {follows} [{book.cite(cand.hit, f'{cand.text} {follows}')}]"
            else:
                part = f"{text} [{book.cite(cand.hit, cand.text)}]"
            if a.qtype == "when" and (full := _in_full(cand)):
                part += f" {full} [{book.cite(cand.hit)}]"
            yield (" " if parts else "") + part
            parts.append(part)
        yield Answer(text=" ".join(parts), citations=book.citations, question=a.question)


def _in_full(cand: Candidate) -> str:
    """A day the sentence names without its year ("opened on 27 February", "met yesterday")
    in full, from the date of its document: "That is 27 February 2024 (the source is dated
    4 March 2024)." Nothing when the document's date is only its file's."""
    meta = cand.hit.metadata
    written = str(meta.get("date", ""))
    if meta.get("date_source") == "file" or not written:
        return ""
    full = day_in_full(cand.text, written, ahead=states_plan(cand.text))
    return f"That is {full} (the source is dated {long_date(written)})." if full else ""


def _places(words: set[str]) -> set[str]:
    """The places in a ranking a text gives: a "runner-up" came second (a "second" may be
    an edition, not a place)."""
    return words | {"second"} if words & RUNNER_UP else words


def first_place(text: str) -> bool:
    """ "Place: 1st", "Place: 1" (a results table's row), "first place", "first prize": a
    winner is named."""
    low = text.lower()
    return (
        "1st" in WORD_RUN.findall(low)
        or "first place" in low
        or "first prize" in low
        or bool(PLACE_ONE.search(low))
    )


PLACE_ONE = re.compile(r"\b(?:place|rank|ranking|position|placing)\s*:\s*1\b")


def _count_what_was_asked(a: Analysis, cands: list[Candidate], idf: dict[str, float]) -> None:
    """ "How many teams took part?": a sentence that counts teams ("41 teams") is preferred
    to one with any other number; when the thing counted is a word the materials never use
    ("How many employees ...?"), only such a sentence states the answer."""
    counts = counted_thing(a)
    if counts is None:
        return
    counted = HOW_MANY.search(a.corrected) or COUNT_OF.search(a.corrected)
    head = words(counted.group(1).split()[-1]) if counted else []
    unknown = bool(head) and head[0] not in idf
    for cand in cands:
        if counts(cand.text):
            cand.score += COUNTED_BONUS
        elif unknown:
            cand.typed = cand.mentions = False


def _with_title(hit: Hit, titled: set[str]) -> list[tuple[int, str, str]]:
    """A document's title is a sentence too, once per document: "IBM and Meta launch the
    AI Alliance" says who launched it. (A member profile's title is only its name.)"""
    source = str(hit.metadata.get("source", ""))
    if source in titled:
        return []
    titled.add(source)
    out = []
    title = str(hit.metadata.get("title", "") or "").strip()
    if len(title.split()) >= 4 and hit.metadata.get("doc_type") != "member_profile":
        out.append((-1, title, ""))  # before the text: no antecedent
    return out


def _numbered(pairs: list[tuple[str, str]]) -> list[tuple[int, str, str]]:
    return [(i, sentence, line) for i, (sentence, line) in enumerate(pairs)]


def _antecedent(cand: Candidate, chosen: list[Candidate], *, why: bool = False) -> str | None:
    """The sentence before ``cand`` in its chunk when ``cand`` opens with a pronoun and that
    sentence is not in the answer already: without it, "It relates to ..." names nothing.
    Asked why, a consequence ("X has therefore ...") comes after its reason, the one before."""
    consequence = why and CONSEQUENCE.search(cand.text)
    if not (_leans(cand.text) or opens_with_person(cand.text) or consequence):
        return None
    before = [neighbour(cand, chosen, -1)]  # ... and back to the sentence that names it, if
    # that one leans on another too ("X is ... It also runs Y. Together with Z, it ...")
    while before[0] and _leans(before[0]) and len(before) < 3:
        before.insert(0, neighbour(cand, chosen, -1 - len(before)))
    return " ".join(s for s in before if s) or None


PUBLISHING = content_words("published publish updated update issued issue")


def _dateline(sentence: str, predicate: set[str]) -> bool:
    """A line dating its document ("Published 10 October 2025 by X, Community Manager"):
    the day of the writing, not of anything it tells, unless the writing is asked about."""
    return bool(PUBLISHED.match(sentence)) and not predicate & PUBLISHING


def _corrected(a: Analysis, ctx: Context) -> bool:
    """A value the sentence says another text gave, which its paragraph then says was wrong."""
    return (
        a.qtype != "why"  # "Why did the report say 401?": what it said is asked about
        and REPORTED_CLAIM.search(ctx.sentence) is not None
        and CORRECTED.search(ctx.paragraph) is not None
    )


def _drop_corrected_values(cands: list[Candidate]) -> None:
    """A sentence whose every number or amount a correction says was wrong ("The newsletter
    said that 221 people took part. That figure was wrong: ...") is corrected too: it states
    no fact. (Not dates: the claim's own dateline would mark every sentence of that day.)"""
    wrong = {v for c in cands if c.corrected for v in stated_values(c.text)}
    for cand in cands if wrong else ():
        found = stated_values(cand.text)
        if found and found <= wrong:
            cand.corrected = True
            cand.typed = cand.mentions = False


def _leans(sentence: str) -> bool:
    """What the sentence is about is named in the one before ("It ...", "..., it ...")."""
    return bool(PRONOUN_START.match(sentence) or PRONOUN_SUBJECT.match(sentence))


DOERS = {"who", "org"}  # asked who did it: what they did is asked
MOMENT_WORDS = content_words("now currently presently today")


def _acting_pronoun(sentence: str) -> bool:
    """The sentence's subject is "it" or "they", who did what it says (not "This page ...")."""
    return sentence.split(maxsplit=1)[0] in ("It", "They")


def _only_names(a: Analysis, cand: Candidate) -> bool:
    """A sentence that says nothing of what it names beyond that it exists or was planned:
    all its content words are the question's."""
    if a.qtype in FACT_TYPES or a.qtype == "yesno" or cand.item or cand.position < 0:
        return False
    return len(content_words(cand.text) - content_words(a.corrected) - ANNOUNCING) <= 1


ANNOUNCING = content_words("also planned plans set up formed created launched has have will")


def _follower(cand: Candidate, chosen: list[Candidate]) -> str | None:
    """The sentence after ``cand`` in its chunk when it opens with a pronoun (it goes on
    about the same thing) and is not in the answer already."""
    if cand.item or cand.position < 0:  # a list item is whole; a title has no next
        return None
    after = neighbour(cand, chosen, 1)
    return after if after and PRONOUN_START.match(after) else None


def neighbour(cand: Candidate, chosen: list[Candidate], step: int) -> str | None:
    """The sentence ``step`` places from ``cand`` in its chunk, unless the answer has it
    already or it is an instruction."""
    at = cand.position + step
    if at < 0 or any(c.hit.chunk_id == cand.hit.chunk_id and c.position == at for c in chosen):
        return None
    sentences = split_sentences(cand.hit.text)
    if at >= len(sentences):
        return None
    said = FAKE_MARKER.sub("", sentences[at]).strip()
    return None if not said or is_instruction(said) else said


def _agreeing(qtype: str, stated: list[Candidate], ranked: list[Candidate]) -> list[Candidate]:
    """The sentences stating the date or number that the most documents mention."""
    support: dict[str, set[str]] = defaultdict(set)
    for cand in ranked:
        for value in values(qtype, cand.text):
            support[value].add(_source(cand))
    found = [v for c in stated for v in values(qtype, c.text)]
    if not found:
        return stated
    top = max(found, key=lambda v: len(support[v]))
    return [c for c in stated if top in values(qtype, c.text)]


def _why_heading(section: str, predicate: set[str], classes: list[tuple[set[str], str]]) -> bool:
    """A section headed "Why ..." that names what is asked ("Why Hallvard is leaving", for
    "Why did Hallvard quit?"): its sentences give the reason."""
    if not predicate or not section.lower().startswith("why "):
        return False
    heading = content_words(section)
    heading |= {mark for verbs, mark in classes if heading & verbs}
    return bool(predicate & heading)


def about_member(a: Analysis, hit: Hit, sentence: str) -> bool:
    """A single fact asked about a member itself ("When was Sakana AI founded?", not "When
    did Sakana AI join the alliance?") is stated in its profile or in a sentence naming it,
    never by a fact about the alliance or another member."""
    if not a.members or a.qtype not in FACT_TYPES or a.names_org:
        return True
    return _names_member(a, hit, sentence)


def _names_member(a: Analysis, hit: Hit, text: str) -> bool:
    """``text`` is in the profile of a member the question names, or names one."""
    source = hit.metadata.get("source")
    return any(m.source == source or m.short_name in text or m.name in text for m in a.members)


def _value_key(a: Analysis, cand: Candidate) -> frozenset[str]:
    """What a stating sentence says the asked value is (dates, numbers, or names)."""
    found = values(a.qtype, cand.text)
    if not found and a.qtype in ("who", "org", "where"):
        asked = asked_words(a)
        found = {n for n in _names(cand) if n.lower() not in asked}
    return frozenset(found)


def _names(cand: Candidate) -> set[str]:
    return set(CAPITALISED.findall(cand.text))


def _counting_row(text: str, counts: Callable[[str], bool]) -> bool:
    """A table's row that gives the number asked under its column ("Date: 1 March 2025;
    Members: 112"): it says as much as a sentence would, in fewer words."""
    return bool(TABLE_ROW.match(text)) and counts(text) and not states_plan(text)


def _of_member(a: Analysis, cand: Candidate) -> bool:
    """The sentence is about a member the question names: in its profile, or naming it (or
    the sentence its pronoun leans on does)."""
    return _names_member(a, cand.hit, f"{cand.lead} {cand.text}")


def _written(cand: Candidate) -> str:
    return str(cand.hit.metadata.get("date", ""))[:10]


def _source(cand: Candidate) -> str:
    return str(cand.hit.metadata.get("source", cand.hit.chunk_id))


def _foreign_names(
    a: Analysis, directory: MemberDirectory | None, q_words: set[str]
) -> NameEraser | None:
    """Member names (as written, capitalised) that share a word with the question but name
    a member the question does not ask about; their words are not evidence of an answer."""
    if directory is None:
        return None
    asked = f" {' '.join(words(a.corrected))} "
    names = {
        alias
        for m, alias in directory.aliases_sharing(q_words)
        if m not in a.members and _stems(alias) not in asked  # "stabil AI": a slip in its name
    }
    return NameEraser(names) if names else None


@lru_cache(maxsize=400_000)
def _stems(name: str) -> str:
    """A name's content words, space-delimited: computed once per name, not per question."""
    return f" {' '.join(words(name))} "


class NameEraser:
    """Replaces whole-word occurrences of ``names`` by a space, longest name first, like
    the regex ``(?<!\\w)(?:name|...)(?!\\w)`` would, without compiling one: a question
    word shared by thousands of member names ("Labs") made that regex take seconds."""

    def __init__(self, names: set[str]) -> None:
        self.by_first: dict[str, list[str]] = {}
        rest = []
        for name in sorted(names, key=lambda n: (-len(n), n)):
            first = WORD_RUN.match(name)
            if first:
                self.by_first.setdefault(first.group(), []).append(name)
            else:
                rest.append(re.escape(name))
        self.rest = re.compile(rf"(?<![\w])(?:{'|'.join(rest)})(?![\w])") if rest else None

    def __call__(self, text: str) -> str:
        if self.rest:
            text = self.rest.sub(" ", text)
        out, last = [], 0
        for word in WORD_RUN.finditer(text):  # each whole word
            if word.start() < last:
                continue
            for name in self.by_first.get(word.group(), ()):
                end = word.start() + len(name)
                if text.startswith(name, word.start()) and not WORD_RUN.match(text, end):
                    out += [text[last : word.start()], " "]
                    last = end
                    break
        return "".join(out) + text[last:]


def context_of(hit: Hit, sentence: str, line: str) -> Context:
    """The paragraph or list item, section heading, title and date around a sentence."""
    meta = hit.metadata
    section = str(meta.get("section", "")).split(" > ")[-1]
    paragraph = line if line.strip() != sentence else ""
    return Context(
        sentence, paragraph, section, str(meta.get("title", "")), str(meta.get("date", ""))
    )

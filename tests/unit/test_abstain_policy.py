"""When the chunks as a whole are far from the question (a profile that says much else, of
which one sentence names the rare thing asked about), the best sentence still answers when it
states what was asked about that thing; with no such sentence the gate holds."""

from __future__ import annotations

from app.answering.analysis import Analysis
from app.answering.extractive import Candidate
from app.answering.policy import AbstainPolicy
from app.answering.subject import Focus
from vectorstore.types import Hit

POLICY = AbstainPolicy(min_chunk_score=0.2, min_sentence_score=0.56)
FAR = Hit("c1", "Together AI ... It has also released the RedPajama project.", {}, score=0.17)


def _asked(anchors: list[str]) -> Analysis:
    a = Analysis(question="Who released RedPajama?", corrected="Who released RedPajama?")
    a.qtype = "who"
    a.focus = Focus(anchors=anchors, named=set(anchors))
    return a


def _best(**kw) -> Candidate:
    values = {"typed": True, "mentions": True, "on_subject": True, "score": 0.9, "predicate": 1.0}
    values.update(kw)
    return Candidate(text="It has also released the RedPajama project.", hit=FAR, rank=0,
                     position=1, **values)  # fmt: skip


def test_a_sentence_stating_what_was_asked_of_a_rare_name_passes_the_chunk_gate():
    assert not POLICY.should_abstain(_asked(["redpajama"]), [FAR], [_best()])


def test_without_such_a_sentence_the_chunk_gate_holds():
    assert POLICY.should_abstain(_asked([]), [FAR], [_best()])  # no rare name asked about
    assert POLICY.should_abstain(_asked(["redpajama"]), [FAR], [_best(on_subject=False)])
    assert POLICY.should_abstain(_asked(["redpajama"]), [FAR], [_best(typed=False)])
    assert POLICY.should_abstain(_asked(["redpajama"]), [FAR], [_best(score=0.4)])

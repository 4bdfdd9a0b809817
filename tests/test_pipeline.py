"""Ingest -> ask end to end on real Chroma with the real embedding model."""

from __future__ import annotations

import re
from pathlib import Path

from app import Answer, Citation
from app.query import ask


def test_ask_answers_a_fact_with_the_right_citation(services):
    answer = ask("Which country is Silo AI based in?", services=services)
    assert isinstance(answer, Answer) and not answer.abstained
    assert "Finland" in answer.text
    assert "[1]" in answer.text
    first = answer.citations[0]
    assert isinstance(first, Citation)
    assert first.n == 1 and first.source == "members/silo-ai.md"
    assert first.chunk_id and first.snippet and first.title


def test_launch_question_answers_with_marker(services):
    answer = ask("When was the AI Alliance launched?", services=services)
    assert not answer.abstained
    assert "5 December 2023" in answer.text and "[1]" in answer.text
    assert answer.citations[0].source.startswith("announcements/")


def test_citations_numbered_in_order_of_first_use_and_each_once(services):
    answer = ask("What did the alliance set out to do at launch?", services=services)
    markers = [int(m) for m in re.findall(r"\[(\d+)\]", answer.text)]
    first_use = list(dict.fromkeys(markers))
    assert first_use == list(range(1, len(first_use) + 1))
    assert [c.n for c in answer.citations] == first_use
    assert len({c.chunk_id for c in answer.citations}) == len(answer.citations)


def test_unrelated_question_abstains(services):
    answer = ask("What is a good recipe for sourdough bread?", services=services)
    assert answer.abstained
    assert answer.citations == []
    assert "could not find" in answer.text


def test_fresh_index_is_synced_on_first_ask(corpus: Path, make_services):
    svc = make_services(corpus)
    assert svc.index.count() == 0
    answer = ask("Which country is Sakana AI based in?", services=svc)
    assert "Japan" in answer.text
    assert svc.status()["documents"] == len(list(corpus.rglob("*.md")))


def test_filters_restrict_the_sources(services):
    answer = ask(
        "What kinds of organisations are members?",
        filters={"doc_type": "announcement"},
        services=services,
    )
    assert answer.citations
    assert all(c.doc_type == "announcement" for c in answer.citations)


def test_empty_question_is_not_an_error(services):
    answer = ask("   ", services=services)
    assert answer.abstained

"""Ingest -> ask end to end on real Chroma with the real embedding model."""

from __future__ import annotations

from app.core.query import ask


def test_empty_question_is_not_an_error(services):
    answer = ask("   ", services=services)
    assert answer.abstained

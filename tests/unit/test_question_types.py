"""What a question asks for, decided without a model or an index."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("question", "qtype"),
    [
        ("Which well-known AI companies were not founding members?", "org"),
        ("Which other organisations joined?", "org"),
        ("What does Cornell University work on?", "describe"),  # "University" is in its name
        ("What type of organisation is NASA?", "describe"),
        ("What is Hugging Face best known for?", "describe"),
        ("What was Cerebras Systems' revenue in 2023?", "amount"),
        ("What is the headcount of Sakana AI?", "count"),
        ("whats the AI Alliance for?", "describe"),  # what the organisation is for
        ("Which city is Cornell in?", "where"),
        ("We are a start-up. What are the steps to apply?", "how"),
    ],
)
def test_question_types(analyzer, question, qtype):
    assert analyzer.analyze(question).qtype == qtype

"""Multi-turn: a follow-up carries the previous turn's subject over."""

from __future__ import annotations

from app.core.query import ask


def test_follow_up_carries_the_subject_over(kb_services):
    history = [("Is Silo AI a founding member?", "Yes. Silo AI is a founding member [1]")]
    answer = ask("and where is it based?", history=history, services=kb_services)
    assert "Finland" in answer.text
    assert answer.citations[0].source == "members/silo-ai.md"
    chat_history = [
        {"role": "user", "content": "Tell me about Sakana AI"},
        {"role": "assistant", "content": "Sakana AI is a company [1]"},
    ]
    answer = ask("Which country is it in?", history=chat_history, services=kb_services)
    assert "Japan" in answer.text


def test_a_question_that_names_its_subject_is_left_alone(kb_services):
    pipeline = kb_services.pipeline
    history = [("Where is Silo AI based?", "Finland [1]")]
    assert pipeline.standalone("Where is Sony based?", history) == "Where is Sony based?"
    # with nothing before, "it" is the organisation the materials are about
    assert pipeline.standalone("Where is it based?", []) == "Where is the AI Alliance based?"
    assert pipeline.standalone("What is its kind?", history) == "What is Silo AI's kind?"

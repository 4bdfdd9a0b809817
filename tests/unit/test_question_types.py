"""What a question asks for, decided without a model or an index."""

from __future__ import annotations

import pytest

from app.answering.pipeline import compound


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
        # a few words, no question word: what the last word names is asked
        ("skills & education wg chair?", "who"),
        ("the trust and safety group lead", "who"),
        ("summit 2025 venue?", "where"),
        ("round 2 deadline?", "when"),
    ],
)
def test_question_types(analyzer, question, qtype):
    assert analyzer.analyze(question).qtype == qtype


@pytest.mark.parametrize(
    ("question", "qtype"),
    [
        ("if a tool is listed in the catalogue does that mean it is certified?", "yesno"),
        ("when I apply, do I need a partner?", "yesno"),
        ("When is the summit?", "when"),  # a question word, not a condition
        ("When and where is the next build week?", "when"),
        ("once the board meets can we attend?", "yesno"),
    ],
)
def test_a_condition_before_the_question_is_not_what_is_asked(analyzer, question, qtype):
    assert analyzer.analyze(question).qtype == qtype


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("hugging face part of the ai alliance?", "is hugging face part of the ai alliance"),
        ("nvidia in the founding lineup?", "is nvidia in the founding lineup"),
        ("sakana ai - member or not?", "is sakana ai a member or not"),
        ("oracle a member??", "is oracle a member"),
        ("Dell - member?", "is dell a member"),
        ("servicenow founding member?", "is servicenow a founding member"),
        ("Databricks in the alliance at launch?", "is databricks in the alliance at launch"),
    ],
)
def test_a_membership_question_without_its_verb_asks_yes_or_no(analyzer, question, asked):
    a = analyzer.analyze(question)
    assert a.qtype == "membership" and a.corrected.lower().startswith(asked), a.corrected


def test_a_question_word_asks_what_it_asks_whatever_the_last_word(analyzer):
    assert analyzer.analyze("What is the role of the chair?").qtype != "who"
    assert analyzer.analyze("is there a deadline?").qtype == "yesno"
    # a question word after the condition: what it asks is no yes or no
    assert analyzer.analyze("If we use the pool, by when do we have to publish?").qtype != "yesno"


@pytest.mark.parametrize(
    ("polite", "plain"),
    [
        ("can you list the members based in Japan?", "list the members based in Japan?"),
        ("Could you please tell me when it was launched?", "when was it launched?"),
        ("do you know who launched the AI Alliance?", "who launched the AI Alliance?"),
    ],
)
def test_a_polite_request_asks_what_follows_it_not_yes_or_no(analyzer, polite, plain):
    asked = analyzer.analyze(polite)
    assert asked.qtype == analyzer.analyze(plain).qtype != "yesno"
    assert analyzer.analyze("Can a start-up join the alliance?").qtype == "yesno"


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "When did Coralline Compute join, and which country are they from?",
            ("When did Coralline Compute join?", "which country are they from?"),
        ),
        (
            "who's the chair of the data group and where does she work",
            ("who's the chair of the data group?", "where does she work?"),
        ),
        (
            "Who hosted the clinic; how many people came?",
            ("Who hosted the clinic?", "how many people came?"),
        ),
        ("Which members are based in Japan and Korea?", None),
        ("What did IBM and Meta launch?", None),
        ("and who came second?", None),
    ],
)
def test_two_questions_in_one_are_split_at_the_second_question_word(question, parts):
    assert compound(question) == parts


def test_a_year_in_a_name_is_no_value_the_question_names():
    from app.answering.verdict import slot_of

    assert slot_of("Do I have to work at a member to enter Ridgeback 2026?", set()) is None
    slot = slot_of("Was the alliance launched in 2022?", {"allianc"})
    assert slot is not None and slot.qtype == "when" and slot.value.endswith("2022")

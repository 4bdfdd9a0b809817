"""What a question must be: every interface checks through ``clean_question``."""

from __future__ import annotations

import pytest

from app.core.questions import QuestionError, clean_question


def test_non_strings_are_a_type_error_that_says_what_to_do():
    with pytest.raises(TypeError, match=r"must be a str, not bytes \(decode it first"):
        clean_question(b"Where is IBM based?", 2000)
    for bad in (None, 42, ["Where is IBM based?"]):
        with pytest.raises(TypeError, match=f"must be a str, not {type(bad).__name__}$"):
            clean_question(bad, 2000)


def test_text_that_is_not_valid_unicode_is_cleaned():
    # lone surrogates: what undecodable command-line bytes and broken JSON escapes become
    assert clean_question("IBM \ud800 where?", 2000) == "IBM  where?"
    assert clean_question("\udcff\udcfe Where is IBM based?", 2000) == "Where is IBM based?"
    assert clean_question("Where\x00 is\x1b IBM?\n", 2000) == "Where  is  IBM?"
    assert clean_question("Cafe\u0301?", 2000) == "Caf\u00e9?"  # NFC


def test_empty_and_over_long_questions_are_one_sentence():
    for empty in ("", "   ", "\ud800", "\x00\n"):
        with pytest.raises(QuestionError, match=r"^Please ask a question\.$"):
            clean_question(empty, 2000)
    assert clean_question("x" * 2000, 2000) == "x" * 2000
    with pytest.raises(QuestionError) as err:
        clean_question("x" * 1_000_000, 2000)
    assert str(err.value) == (
        "The question is 1,000,000 characters long; the limit is 2,000. "
        "Please ask it in fewer words."
    )


def test_an_eval_question_id_used_twice_is_refused(tmp_path):
    import pytest

    from app.evaluation.harness import load_questions

    path = tmp_path / "q.yaml"
    entry = "- id: a\n  split: dev\n  category: x\n  question: q?\n  answers: [y]\n  sources: [s]\n"
    path.write_text(entry + entry)
    with pytest.raises(ValueError, match="'a' is used twice"):
        load_questions(path)
    assert len(load_questions()) == len({i.id for i in load_questions()})

"""What an extractive answer cites and when it abstains: single facts from the document that
states them, answer types stated rather than mentioned in passing, plans are not deeds.

The questions are worded afresh, not taken from the eval set, so they test the mechanisms
rather than repeat the eval."""

from __future__ import annotations

from app.answering.answer_types import main_clause, values

LAUNCH = "announcements/2023-12-05-ai-alliance-launch.md"


def test_a_leading_when_clause_is_background():
    sentence = (
        "When IBM and Meta launched the AI Alliance on 5 December 2023, the alliance set out "
        "six objectives."
    )
    assert main_clause(sentence) == "the alliance set out six objectives."
    assert main_clause("The AI Alliance was announced on 5 December 2023.").startswith("The AI")
    assert main_clause("When asked, no.") == "When asked, no."  # too short to be a clause
    assert values("when", "on Tuesday, 5 December 2023 and 6 December 2023") == {
        "5 december 2023",
        "6 december 2023",
    }


def test_a_trailing_modifier_is_background():
    profile = (
        "Acme is a founding member of the AI Alliance, the open community that IBM and Meta "
        "launched on 5 December 2023."
    )
    assert main_clause(profile) == "Acme is a founding member of the AI Alliance"
    assert main_clause("It joined the AI Alliance, launched by IBM and Meta on 5 December 2023.")
    assert "2023" not in main_clause(
        "It joined the AI Alliance, launched by IBM and Meta on 5 December 2023."
    )
    assert main_clause("The AI Alliance was announced on Tuesday, 5 December 2023.").endswith(
        "5 December 2023."
    )

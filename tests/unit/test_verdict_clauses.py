"""A yes or no from a value's own clause: the negation that counts is in the clause (a table
row's "Column: value" part) that states the value the question names."""

from __future__ import annotations

from app.answering.verdict import Slot, compare

CHAIR = Slot("who", "Yael Ben-Ami", "Who is still chair of the policy group?")


def test_a_negation_in_another_column_does_not_deny():
    row = "Working group: Policy; Chair: Yael Ben-Ami; Previous chairs: none; Members: 24"
    assert compare(CHAIR, row) == "Yes"
    assert compare(CHAIR, "Chair: Yael Ben-Ami; Change in 2025: No change") == "Yes"


def test_a_negation_of_the_value_still_denies():
    assert compare(CHAIR, "Yael Ben-Ami is no longer the chair of the policy group.") == "No"
    held = Slot("where", "Lisbon", "Where was the summit held?")
    assert compare(held, "No summit was held in Lisbon in 2025.") == "No"
    assert compare(held, "The summit was held in Porto, not in Lisbon.") == "No"

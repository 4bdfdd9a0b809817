"""A yes or no from a value's own clause: the negation that counts is in the clause (a table
row's "Column: value" part) that states the value the question names."""

from __future__ import annotations

from app.answering.answer_types import _name_words
from app.answering.verdict import Slot, _cell_verdict, _words, compare

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


def test_a_yes_or_no_cell_answers_under_the_column_that_says_what_is_asked():
    row = "Tier: Partner; Intended for: companies; Votes in panels: Yes; Board seat eligible: No"
    seat = _words("get a board seat")
    assert _cell_verdict(seat, {"partner"}, row, {}) == "No"
    assert _cell_verdict(_words("vote in panels"), {"partner"}, row, {}) == "Yes"
    assert _cell_verdict(seat, {"associate"}, row, {}) == ""  # a row about another tier
    assert _cell_verdict({"budget", "approve"}, {"partner"}, row, {}) == ""  # no such column
    assert _cell_verdict(seat, {"partner"}, "Partners get no board seat.", {}) == ""


def test_a_table_rows_names_are_in_its_cells_not_its_columns():
    assert _name_words("Prize: First place; Amount: USD 25,000") == ["First", "USD"]
    assert _name_words("Group: Data; First chair: to be confirmed") == ["Data"]
    assert _name_words("Place: 1; Team: Team Kiboko") == ["Team", "Kiboko"]
    assert _name_words("Chaired by Ana Reyes: the panel met.") == ["Ana", "Reyes"]


def test_a_value_is_compared_without_its_accents():
    held = Slot("where", "Montreal", "Where is the 2025 summit held?")
    assert compare(held, "The summit will still take place in Montréal, a week later.") == "Yes"
    assert compare(Slot("where", "Zürich", "Where?"), "It met in Zurich.") == "Yes"


def test_a_plan_that_only_names_the_thing_is_not_the_sentences_plan():
    from app.answering.answer_types import states_plan

    assert not states_plan("The workshop planned for 18 March in Singapore is cancelled.")
    assert not states_plan("The summit scheduled for May in Lisbon was moved to Porto.")
    assert states_plan("The workshop planned for March will take place in May.")
    assert states_plan("A second roundtable is planned for Singapore in May 2025.")


def test_one_of_a_set_is_asked_of_the_thing_the_question_names():
    from app.answering.verdict import COPULAR

    for question, subject in [
        ("Is robotics one of the focus areas?", "robotics"),
        ("Is Trust and Safety one of the focus areas?", "Trust and Safety"),
        ("is the Lisbon office among the hubs?", "the Lisbon office"),
        ("Is the AI Alliance a company?", "the AI Alliance"),
    ]:
        m = COPULAR.match(question)
        assert m and m.group(1) == subject, question


def test_a_table_row_of_a_part_does_not_count_the_whole():
    from app.answering.answer_types import part_row
    from app.answering.text import content_words

    asked = content_words("How many members does the alliance have now?")
    assert part_row("Region: Europe; Members: 38", asked)
    assert not part_row("Region: Total; Members: 143", asked)
    assert not part_row("Date: 1 March 2025; Members: 112", asked)
    assert not part_row("Year: 2025; Members: 139", asked)
    assert not part_row("Region: Europe; Members: 38", content_words("members in Europe?"))
    assert not part_row("On 1 March 2025 it had 112 members.", asked)  # not a row


def test_words_for_leaving_and_for_buying_are_one_word_each():
    from app.answering.text import content_words

    assert content_words("left leaving quit withdrew withdrawal") == {"leave"}
    assert content_words("bought acquired acquisition purchased") == {"buy"}


def test_a_role_still_to_be_named_is_unfilled():
    from app.answering.language import UNFILLED

    assert UNFILLED.search("Interim chair: to be named by the technical committee")
    assert UNFILLED.search("Chair: TBC; Members: 9")
    assert not UNFILLED.search("Dr. Ana Ruiz was named chair on 3 May 2025.")


def test_one_who_was_taken_over_from_no_longer_holds_the_role():
    row = (
        "Safety Benchmarks: chair Dr. Rohan Mehta, who took over from Dr. Ingrid Solberg on 1 March"
    )
    still = Slot("who", "Ingrid Solberg", "Who is still chairing the Safety Benchmarks group?")
    assert compare(still, row) == "No"
    holder = Slot("who", "Rohan Mehta", "Who is chairing the Safety Benchmarks group?")
    assert compare(holder, row) == "Yes"

"""The mechanisms issue 13's second round added, on documents written for this test only: an
event's results in a list under "The winners", a chair that changed hands, a member from a
country the launch had none from, the members' kinds, and a misspelt casual question. They
reach the index the way a user's would: copied into the corpus, then a sync."""

from __future__ import annotations

import re

import pytest
from helpers import cited, corpus_with_documents

from app.core.query import ask

LATER = {
    "news/2025-04-14-quorvex-cup-results.md": """---
doc_type: news
title: "Quorvex Robotics Cup 2025: the results"
date: 2025-04-14
---

# Quorvex Robotics Cup 2025: the results

The AI Alliance held the first Quorvex Robotics Cup on 11 and 12 April 2025 in Porto,
Portugal. Twenty-two teams from nine countries built open-source control software for
small warehouse robots.

## The winners

- First place: team Ibis. Three students from Porto built Gannetway, a planner that routes
  robots around people on the warehouse floor.
- Second place: team Marlowe built Tesselate, a simulator for testing robot fleets.
- Third place: team Ostrander built Kestrel Bench, a benchmark for robot grasping.

## What comes next

The second Quorvex Robotics Cup will be held in Lima, Peru, in May 2026.
""",
    "announcements/2024-09-02-robotics-group.md": """---
doc_type: announcement
title: "The Open Robotics Working Group is formed"
date: 2024-09-02
---

# The Open Robotics Working Group is formed

The AI Alliance formed the Open Robotics Working Group in September 2024 to share
open-source software for robots. Its first chair is Dr. Halvard Mirecki of Porto.
""",
    "announcements/2025-06-01-robotics-group-update.md": """---
doc_type: announcement
title: "Open Robotics Working Group: a new chair"
date: 2025-06-01
---

# Open Robotics Working Group: a new chair

Dr. Halvard Mirecki stepped down as chair of the Open Robotics Working Group on 31 May
2025. Dr. Mirecki had chaired the group since it was formed. The group's members have
elected Prof. Yuki Tanabe-Ortiz of Kyoto as the new chair, with effect from 1 June 2025.
""",
    "announcements/2025-05-05-quorvex-sponsors.md": """---
doc_type: announcement
title: "Who did not sponsor the Quorvex Robotics Cup"
date: 2025-05-05
---

# Who did not sponsor the Quorvex Robotics Cup

Several large robot makers were asked to sponsor the first Quorvex Robotics Cup.

## Companies not among the sponsors

- Ardent Motors did not sponsor the cup.
- Velloria Dynamics did not sponsor the cup.
- Pemberton Automation did not sponsor the cup.

## What this means

The cup was paid for by its member organisers alone.
""",
    "announcements/2025-02-10-brightline-fellowship.md": """---
doc_type: announcement
title: "The Brightline Fellowship"
date: 2025-02-10
---

# The Brightline Fellowship

The AI Alliance launched the Brightline Fellowship for robotics researchers on 10 February
2025. Each Brightline fellow receives:

- a stipend of 2,000 euros a month;
- time on a shared robot test floor in Porto;
- a mentor from a member organisation.
""",
    "members/andelic-labs.md": """---
doc_type: member_profile
title: "Andelic Labs"
name: "Andelic Labs"
short_name: "Andelic"
kind: "company"
detail: "robotics software company"
country: "Peru"
founding_member: false
joined: 2025-02-03
---

# Andelic Labs

Andelic Labs is a robotics software company based in Lima, Peru, that writes open-source
navigation software for delivery robots. It joined the AI Alliance on 3 February 2025 and is
not one of the founding members.
""",
}


@pytest.fixture(scope="module")
def later(tmp_path_factory, model, seed_index):
    root = tmp_path_factory.mktemp("later-structure")
    return corpus_with_documents(root, model, seed_index, LATER)


RESULTS = "news/2025-04-14-quorvex-cup-results.md"


def test_a_list_item_under_its_heading_answers_and_is_quoted_whole(later):
    # "The winners" shares no word with the question: the document the question names is
    # read whole, and a list item is scored and quoted with its heading and all its text
    answer = ask("What did team Ibis build at the Quorvex Robotics Cup?", services=later)
    assert "Gannetway" in answer.text and cited(answer) == {RESULTS}, answer.text
    second = ask("Which team came second at the Quorvex Robotics Cup?", services=later)
    assert "Marlowe" in second.text and "Ostrander" not in second.text, second.text


def test_who_holds_a_role_now_is_not_who_stepped_down(later):
    for question in (
        "Who chairs the Open Robotics Working Group?",
        "Who leads the Open Robotics Working Group?",  # a chair leads
        "who's in charge of the open robotics working group",
    ):
        answer = ask(question, services=later)
        assert "Tanabe-Ortiz" in answer.text, (question, answer.text)
        assert "stepped down" not in answer.text and "had chaired" not in answer.text


def test_a_result_of_an_event_not_held_yet_abstains(later):
    answer = ask("Who won the Quorvex Robotics Cup in Lima?", services=later)
    assert answer.abstained, answer.text


def test_anyone_from_a_country_is_a_directory_question(later):
    answer = ask("is there anyone from Peru in it?", services=later)
    assert "Andelic" in answer.text and cited(answer) == {"members/andelic-labs.md"}


def test_the_kinds_of_members_come_from_the_directory(later):
    answer = ask("What kinds of organisations are in the alliance?", services=later)
    counts = dict(
        (kind, int(n)) for n, kind in re.findall(r"(\d+) (companies|universities)\b", answer.text)
    )
    directory = later.knowledge().directory
    assert counts["companies"] == sum(m.kind == "company" for m in directory.members)
    assert "members/andelic-labs.md" not in cited(answer) or "Andelic" in answer.text


def test_a_misspelt_word_is_corrected_to_a_word_not_a_stem(later):
    analysis = later.pipeline.analyze("wen did ibm n meta start the aliance")
    assert "alliance" in analysis.corrected.split() and analysis.names_org, analysis.corrected
    answer = ask("wen did ibm n meta start the aliance", services=later)
    assert "5 December 2023" in answer.text, answer.text


def test_which_x_were_not_is_answered_with_the_list_its_section_gives(later):
    answer = ask("Which companies weren't sponsors of the Quorvex Robotics Cup?", services=later)
    for company in ("Ardent Motors", "Velloria Dynamics", "Pemberton Automation"):
        assert company in answer.text, answer.text


def test_a_name_after_before_dates_the_question(later):
    answer = ask(
        "Who chaired the Open Robotics Working Group before Yuki Tanabe-Ortiz?", services=later
    )
    assert "Mirecki" in answer.text, answer.text


def test_what_fellows_get_is_what_they_receive(later):
    answer = ask("what do brightline fellows actually get?", services=later)
    assert "stipend" in answer.text and "mentor" in answer.text, answer.text


def test_the_organisation_described(later):
    for question in (
        "What is the AI Alliance?",
        "so whats the point of this alliance thing",
        "Why was the AI Alliance set up?",
    ):
        answer = ask(question, services=later)
        assert "open community" in answer.text, (question, answer.text)
        assert "announcements/2023-12-05-ai-alliance-launch.md" in cited(answer)


def test_regions_and_countries_nobody_is_from_have_exact_answers(later):
    south = ask("Any members in South America?", services=later)  # not "America" the country
    assert "Andelic" in south.text and "United States" not in south.text, south.text
    oceania = ask("Is anyone in the alliance from Oceania?", services=later)
    assert oceania.text.startswith("No. None of the"), oceania.text
    chad = ask("is there anyone from Uruguay in it?", services=later)
    assert chad.text.startswith("No. None of the"), chad.text
    europe = ask("european members?", services=later)
    assert "CERN" in europe.text and "based in Europe" in europe.text, europe.text


def test_a_later_member_is_named_and_described_in_its_own_words(later):
    founding = ask("Is Andelic Labs a founding member?", services=later)
    assert founding.text.startswith("No. Andelic Labs (Andelic) joined on 3 February 2025")
    what = ask("What does Andelic do?", services=later)
    assert "navigation software" in what.text, what.text


def test_a_deed_asked_is_answered_by_the_deed_not_refused_for_a_nearby_plan(later):
    # "launched" asks what was done; "... set out six objectives" beside it is no plan
    answer = ask("Who launched the AI Alliance?", services=later)
    assert "IBM" in answer.text and "Meta" in answer.text, answer.text
    future = ask("Who won the Quorvex Robotics Cup in 2026?", services=later)
    assert future.abstained, future.text


def test_a_statement_with_a_question_tag_asks_yes_or_no(later):
    answer = ask("Andelic Labs was a founding member, right?", services=later)
    assert answer.text.startswith("No."), answer.text
    other = ask("Andelic is a member, isn't it?", services=later)
    assert other.text.startswith("Yes."), other.text

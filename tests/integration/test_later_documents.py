"""Documents that arrive after the launch, written for this test only (no rule was written
for them): a member that did not found the alliance, an event held and one planned, a
programme with its own launch date, a list in a document's structure, a count that
changed. They reach the index the way a user's would: copied into the corpus, then a sync.
"""

from __future__ import annotations

import re

import pytest
from helpers import add_documents, cited, corpus_with_seed_index

from app.core.query import ask

LATER = {
    "members/brannholt-analytics.md": """---
doc_type: member_profile
title: "Brannholt Analytics"
name: "Brannholt Analytics"
short_name: "Brannholt"
kind: "company"
detail: "data analytics company"
country: "Iceland"
founding_member: false
joined: 2025-05-20
---

# Brannholt Analytics

Brannholt Analytics is a data analytics company based in Reykjavik, Iceland. It builds
tools that measure the energy use of machine-learning workloads. Brannholt Analytics joined
the AI Alliance on 20 May 2025; it was not one of the founding members.
""",
    "announcements/2025-03-03-tidewater-summit.md": """---
doc_type: announcement
title: "The first Tidewater Summit"
date: 2025-03-03
---

# The first Tidewater Summit

The AI Alliance held its first Tidewater Summit on 3 March 2025 in Montevideo, Uruguay.
About 300 researchers attended the two-day summit on open models for coastal science.
The next Tidewater Summit will be held in Tallinn, Estonia, in the spring of 2026.
""",
    "members/sociedad-lumen.md": """---
doc_type: member_profile
title: "Sociedad Lumen de Datos"
name: "Sociedad Lumen de Datos"
short_name: "SLD"
kind: "non-profit"
detail: "open data society"
country: "Peru"
founding_member: false
joined: 2025-08-01
---

# Sociedad Lumen de Datos

Sociedad Lumen de Datos (SLD), known in English as the Lumen Data Society, is a non-profit
based in Lima, Peru, that publishes open datasets on Andean agriculture.
""",
    "reports/2026-01-30-year-in-review.md": """---
doc_type: report
title: "The year 2025 in review"
date: 2026-01-30
---

# The year 2025 in review

During 2025, 14 organisations joined the alliance.
""",
    "news/korvantic-lens.txt": (
        "Korvantic Lens programme\n\n"
        "The Korvantic Lens programme was launched by the AI Alliance on 14 February 2024 "
        "in Oslo. It funds small teams that audit open datasets for licensing problems.\n"
    ),
    "announcements/2025-01-15-evaluation-guild.md": """---
doc_type: announcement
title: "The Evaluation Guild"
date: 2025-01-15
---

# The Evaluation Guild

In January 2025 the AI Alliance formed the Evaluation Guild, a group of member
organisations that compare how open models are tested. The guild set itself four goals:

- **Shared benchmarks**: publish benchmark suites that any member can run.
- **Open leaderboards**: keep public leaderboards with reproducible scores.
- **Red-team exercises**: organise joint red-team exercises twice a year.
- **Evaluation training**: teach evaluation methods to university students.

The guild is chaired by Ingrid Solvang of Brannholt Analytics.
""",
    "announcements/2025-06-30-membership-update.md": """---
doc_type: announcement
title: "Membership update, June 2025"
date: 2025-06-30
---

# Membership update, June 2025

As of 30 June 2025, the AI Alliance had 141 member organisations, up from the more than 50
founding members that launched it in December 2023.
""",
}


@pytest.fixture(scope="module")
def later(tmp_path_factory, model, seed_index):
    svc = corpus_with_seed_index(tmp_path_factory.mktemp("later"), model, seed_index)
    before = ask("How many founding members does the AI Alliance have?", services=svc)
    add_documents(svc, LATER)
    return svc, before


def test_a_member_that_joined_later_is_not_a_founding_member(later):
    svc, _ = later
    answer = ask("Is Brannholt Analytics a founding member of the AI Alliance?", services=svc)
    assert answer.text.startswith("No"), answer.text
    assert "members/brannholt-analytics.md" in cited(answer)
    joined = ask("Did Brannholt join the alliance at its launch?", services=svc)
    assert not joined.text.startswith("Yes"), joined.text
    when = ask("When did Brannholt Analytics join the AI Alliance?", services=svc)
    assert "2025" in when.text and "members/brannholt-analytics.md" in cited(when)


def test_regions_come_from_the_country(later):
    svc, _ = later
    answer = ask("Which members are based in Iceland?", services=svc)
    assert "Brannholt" in answer.text and "founding members" not in answer.text.split(".")[0]
    nordic = ask("Which members are from Northern Europe?", services=svc)
    assert "Brannholt" in nordic.text and "Silo AI" in nordic.text  # Iceland and Finland


def test_founding_members_stay_counted_apart_from_members(later):
    svc, before = later
    after = ask("How many founding members does the AI Alliance have?", services=svc)
    numbers = re.findall(r"\b\d+\b", after.text)
    assert numbers and numbers[0] in before.text  # the later member changed nothing


def test_a_count_that_changed_gives_the_latest_value_with_its_date(later):
    svc, _ = later
    answer = ask("How many members does the AI Alliance have now?", services=svc)
    assert "141" in answer.text and "2025" in answer.text, answer.text
    assert "announcements/2025-06-30-membership-update.md" in cited(answer)


def test_an_event_date_is_the_events_not_the_launch(later):
    svc, _ = later
    answer = ask("When was the first Tidewater Summit held?", services=svc)
    assert "3 March 2025" in answer.text and "2023" not in answer.text, answer.text
    assert cited(answer) == {"announcements/2025-03-03-tidewater-summit.md"}


def test_a_plan_is_kept_apart_from_what_was_done(later):
    svc, _ = later
    held = ask("Where was the first Tidewater Summit held?", services=svc)
    assert "Montevideo" in held.text and "Tallinn" not in held.text, held.text
    planned = ask("Where will the next Tidewater Summit take place?", services=svc)
    assert "Tallinn" in planned.text and "Montevideo" not in planned.text, planned.text


def test_a_programme_launch_is_not_the_alliances_launch(later):
    svc, _ = later
    answer = ask("When was the Korvantic Lens programme launched?", services=svc)
    assert "14 February 2024" in answer.text and "5 December 2023" not in answer.text
    assert cited(answer) == {"news/korvantic-lens.txt"}


def test_a_listed_structure_is_answered_item_by_item(later):
    svc, _ = later
    answer = ask("What are the goals of the Evaluation Guild?", services=svc)
    for item in ("Shared benchmarks", "Open leaderboards", "Red-team exercises"):
        assert item in answer.text, answer.text
    items = [line for line in answer.text.splitlines() if line.startswith("- ")]
    assert len(items) == 4 and all(re.search(r"\[\d+\]$", line) for line in items)
    chair = ask("Who chairs the Evaluation Guild?", services=svc)
    assert "Ingrid Solvang" in chair.text


def test_a_question_about_what_no_document_says_abstains(later):
    svc, _ = later
    for question in (
        "How much does Brannholt Analytics charge for its tools?",
        "How many employees does Brannholt Analytics have?",
        "When will the Evaluation Guild publish its first leaderboard?",
    ):
        assert ask(question, services=svc).abstained, question


@pytest.mark.parametrize(
    ("period", "listed"),
    [("the first half of 2025", True), ("Q2 2025", True), ("May 2025", True),
     ("the second half of 2025", False), ("Q1 2025", False), ("April 2025", False)],
)  # fmt: skip
def test_members_that_joined_in_a_part_of_a_year(later, period, listed):
    svc, _ = later
    answer = ask(f"Which members joined in {period}?", services=svc)
    assert ("Brannholt" in answer.text) == listed, answer.text


def test_a_text_counting_more_members_joining_than_the_profiles_answers_how_many(later):
    svc, _ = later
    answer = ask("How many organisations joined in 2025?", services=svc)
    assert answer.text.startswith("During 2025, 14 organisations joined"), answer.text
    assert "Brannholt" in answer.text, answer.text  # ... and the one with a profile here


def test_a_member_is_found_by_the_other_name_its_profile_gives(later):
    svc, _ = later
    answer = ask("Was the Lumen Data Society a founding member?", services=svc)
    assert answer.text.startswith("No") and "Sociedad Lumen de Datos" in answer.text, answer.text

"""Issue 13's seventh round: yes or no only from what a sentence says of what was asked, and
a fact of a kind the materials never give is not answered. On documents written for this
test only (none of them from an eval split), added the way a user's would be: copied into
the corpus, then a sync.

- "Did X join in 2024?" is compared with the date X joined (its profile's ``joined``);
- "Is X a company?" about an organisation with no profile: the kind a sentence gives it;
- a sentence that puts two names in different clauses does not say one is the other's;
- "Has X been released yet?": a later document saying it was released settles it, though
  the plans for it rank higher; another edition's being held does not;
- "How old is X?" is not answered with another fact about X;
- "a university", not "an university"."""

from __future__ import annotations

import pytest
from helpers import corpus_with_documents, verdict_of

from app.core.query import ask

LATER = {
    "members/brackenfold-labs.md": """---
doc_type: member_profile
title: "Brackenfold Labs"
name: "Brackenfold Labs"
short_name: "Brackenfold"
kind: "company"
detail: "maker of soil sensors"
country: "Estonia"
founding_member: false
joined: 2025-03-11
---

# Brackenfold Labs

Brackenfold Labs is a company based in Tartu, Estonia, that builds low-cost soil sensors
and open models that forecast crop yields. Brackenfold joined the AI Alliance on 11 March
2025.
""",
    "members/vistula-institute.md": """---
doc_type: member_profile
title: "Vistula Institute of Technology (VIT)"
name: "Vistula Institute of Technology"
short_name: "VIT"
kind: "university"
detail: "technical university"
country: "Poland"
founding_member: false
joined: 2024-06-04
---

# Vistula Institute of Technology (VIT)

The Vistula Institute of Technology (VIT) is a technical university in Warsaw, Poland. It
joined the AI Alliance on 4 June 2024.
""",
    "news/2024-10-01-member-update.txt": """Subject: AI Alliance member update - October 2024
From: AI Alliance Community Team
Date: Tue, 1 Oct 2024

NEW MEMBERS

The Lumbini Open Speech Trust, a non-profit based in Kathmandu, Nepal (joined 12 September
2024), records and publishes open speech corpora for Nepali and Maithili.

TOOLS

The Soil Data working group plans to release Loamkit, its open toolkit for soil-sensor
data, in December 2024. Loamkit will support sensors from six manufacturers.

Dr. Teodor Vilkas chairs the Soil Data working group.
""",
    "news/2025-02-14-datathon-results.md": """---
doc_type: news
title: "Fenland Datathon 2024: the results"
date: 2025-02-14
---

# Fenland Datathon 2024: the results

The first Fenland Datathon took place in Cambridge in November 2024. First place went to
Team Heron from VIT for a flood map; second place to Team Otter from Brackenfold; third
place to Team Kestrel from the Lumbini Open Speech Trust.

The Soil Data working group released Loamkit 1.0 on 3 February 2025, with support for
eight sensor makers.

A second Fenland Datathon is planned for 2026; its dates will be announced later.
""",
}


@pytest.fixture(scope="module")
def later(tmp_path_factory, model, seed_index):
    root = tmp_path_factory.mktemp("later-verdicts")
    return corpus_with_documents(root, model, seed_index, LATER)


def test_a_join_year_is_compared_with_the_date_joined(later):
    assert (
        verdict_of(ask("Did Brackenfold Labs join the AI Alliance in 2024?", services=later))
        == "No"
    )
    assert verdict_of(ask("Did Brackenfold join in 2025?", services=later)) == "Yes"
    said = ask("Did VIT join the alliance in 2024?", services=later)
    assert said.text.startswith("Yes") and "4 June 2024" in said.text, said.text


def test_the_kind_a_sentence_gives_an_organisation_with_no_profile(later):
    company = ask("Is the Lumbini Open Speech Trust a company?", services=later)
    assert verdict_of(company) == "No", company.text
    assert "non-profit" in company.text
    assert company.citations[0].source == "news/2024-10-01-member-update.txt"
    nonprofit = ask("Is the Lumbini Open Speech Trust a non-profit?", services=later)
    assert verdict_of(nonprofit) == "Yes", nonprofit.text


def test_names_in_different_clauses_are_not_said_together(later):
    answer = ask("Was Team Heron from Brackenfold?", services=later)
    assert not answer.text.startswith("Yes"), answer.text


def test_a_later_release_settles_whether_it_happened(later):
    released = ask("Has Loamkit been released yet?", services=later)
    assert released.text.startswith("Yes"), released.text
    assert "3 February 2025" in released.text
    second = ask("Has the second Fenland Datathon taken place yet?", services=later)
    assert not second.text.startswith("Yes"), second.text


def test_an_age_is_not_answered_with_another_fact(later):
    assert ask("How old is Teodor Vilkas?", services=later).abstained


def test_a_university_not_an_university(later):
    answer = ask("Is VIT a university?", services=later)
    assert answer.text.startswith("Yes") and "an university" not in answer.text, answer.text

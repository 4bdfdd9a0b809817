"""Issue 13's eighth round: a yes or no only for what a sentence says, and a count of the
moment asked. On documents written for this test only (none of them from an eval split),
added the way a user's would be: copied into the corpus, then a sync.

- a correctly spelled place is not "corrected" into a member's name that contains it
  ("Tokyo" is not a slip for "UTokyo": a slip keeps the first letter);
- a negation in another clause of the sentence does not deny what was asked;
- a plan does not say that something was done ("aims to train 5,000 teachers by the end of
  2025" does not answer "Did it train ...?" with yes);
- "How many countries in September 2024?" is the count stated as of then, not the latest;
- "Who won X?" is who came first, not a special award's row that ranks higher; "Who won
  the special award?" is still that award's."""

from __future__ import annotations

import pytest
from helpers import corpus_with_documents, verdict_of

from app.answering.verdict import ONLY_A_PLAN
from app.core.query import ask

LATER = {
    "news/2025-05-20-harrowgate-forum.md": """---
doc_type: news
title: "The first Harrowgate Forum"
date: 2025-05-20
---

# The first Harrowgate Forum

The first Harrowgate Forum took place in Osaka on 3 and 4 May 2025, with 240 people from
member organisations. The forum does not charge an entry fee.

Volunteers at the forum do not need a degree, but every volunteer receives a travel
stipend of EUR 500.

The second Harrowgate Forum will take place in person in Lisbon in May 2026.
""",
    "news/2024-07-02-member-count.txt": """Subject: AI Alliance community update - July 2024
From: AI Alliance Community Team
Date: Tue, 2 Jul 2024

MEMBERSHIP

As of 30 June 2024 the alliance has 90 members and collaborators in 21 countries.

TEACHING

The alliance aims to train 5,000 teachers in open AI tools by the end of 2025.
""",
    "news/2025-07-01-member-count.txt": """Subject: AI Alliance community update - July 2025
From: AI Alliance Community Team
Date: Tue, 1 Jul 2025

MEMBERSHIP

As of 30 June 2025 the alliance has 130 members and collaborators in 30 countries.
""",
    "news/2025-10-08-tidewater-results.html": """<html><head><title>Tidewater Datathon 2025:
results</title></head><body>
<h1>Tidewater Datathon 2025: results</h1>
<p>The Tidewater Datathon on coastal flood data took place in Bergen on 4 and 5 October
2025, with 140 people in 31 teams.</p>
<h2>Winners</h2>
<table>
<tr><th>Place</th><th>Team</th><th>Based in</th><th>Project</th><th>Prize</th></tr>
<tr><td>1st</td><td>Team Gannet</td><td>Hamburg, Germany</td><td>A flood-extent map built from
open radar images</td><td>EUR 8,000 in compute credits</td></tr>
<tr><td>2nd</td><td>Team Puffin</td><td>Aberdeen, United Kingdom</td><td>A tide-gauge gap
filler for coastal data</td><td>EUR 4,000 in compute credits</td></tr>
<tr><td>Special award: open hardware</td><td>Team Skua</td><td>Bergen, Norway</td><td>A flood
sensor that runs on a single open microcontroller board</td><td>A sensor kit donated by
a member</td></tr>
</table>
</body></html>
""",
}


@pytest.fixture(scope="module")
def later(tmp_path_factory, model, seed_index):
    root = tmp_path_factory.mktemp("later-claims")
    return corpus_with_documents(root, model, seed_index, LATER)


def test_a_place_is_not_corrected_into_a_members_name(later):
    answer = ask("Did the first Harrowgate Forum take place in Tokyo?", services=later)
    assert verdict_of(answer) == "No" and "Osaka" in answer.text, answer.text
    held = ask("Was the first Harrowgate Forum held in Osaka?", services=later)
    assert verdict_of(held) == "Yes", held.text
    # a slip in a member's name is still read as the name
    member = ask("Is Stabilty AI a founding member?", services=later)
    assert verdict_of(member) == "Yes" and "Stability AI" in member.text, member.text


def test_a_negation_in_another_clause_does_not_deny(later):
    stipend = ask("Do volunteers at the Harrowgate Forum receive a stipend?", services=later)
    assert verdict_of(stipend) == "Yes" and "EUR 500" in stipend.text, stipend.text
    fee = ask("Does the Harrowgate Forum charge an entry fee?", services=later)
    assert verdict_of(fee) == "No", fee.text


def test_a_plan_does_not_say_it_was_done(later):
    answer = ask("Did the alliance train 5,000 teachers by the end of 2025?", services=later)
    assert answer.text.startswith(ONLY_A_PLAN), answer.text
    assert "aims to train" in answer.text
    # the place a question names, found only in a plan: planned, not held there
    for question in (
        "Was the second Harrowgate Forum held in Lisbon?",
        "Was the second Harrowgate Forum held in person in Lisbon as originally planned?",
    ):
        held = ask(question, services=later)
        assert not held.text.startswith("Yes"), held.text
        assert held.abstained or held.text.startswith(ONLY_A_PLAN), held.text


def test_a_count_of_the_moment_asked(later):
    then = ask("In how many countries were the members based in September 2024?", services=later)
    assert "21 countries" in then.text and "30 countries" not in then.text, then.text
    assert then.citations[0].source == "news/2024-07-02-member-count.txt"
    now = ask("How many countries are the members from now?", services=later)
    assert "30 countries" in now.text, now.text


def test_who_won_is_who_came_first(later):
    answer = ask("Who won the Tidewater Datathon?", services=later)
    assert "Team Gannet" in answer.text and "Skua" not in answer.text, answer.text
    award = ask("Who won the special award at the Tidewater Datathon?", services=later)
    assert "Team Skua" in award.text, award.text

"""The mechanisms issue 13's tenth round added, on documents written for this test only (none of
them from an eval split): a numbered member of a series is not another one ("round 2" is not
what round 1 drew), a place a thing moved to is where it took place (not the one it left), a
topic named first and then asked about with a pronoun, the members who joined between two
moments, a count of members of a kind from a table's row, "Who approves new members?" is no
list of members, "Who founded it?" is a deed and not a role held now, a result after its cause
(", so ...") answers why, an e-mail thread's quoted messages read as statements, and a two-word
member name with a slip is found by both words. The documents reach the index the way a user's
would: copied into the corpus, then a sync."""

from __future__ import annotations

import pytest
from helpers import cited, corpus_with_documents, verdict_of

from app.core.query import ask

LATER = {
    "reports/2026-02-02-tessaly-bursaries-report.md": """---
doc_type: report
title: "Tessaly Bursaries: report on the first two rounds"
date: 2026-02-02
---

# Tessaly Bursaries: report on the first two rounds

Round 1 of the Tessaly Bursaries drew 212 applications from 19 countries, and the panel
funded nine of them.

The full membership table is on the members page.
""",
    "news/2025-06-10-marlow-forum-recap.txt": """Marlow Forum 2025: a recap

10 June 2025

The Ghent exhibition hall flooded in early April, so the Marlow Forum moved to the Arenberg
Hall in Leuven. Some 300 participants came on 3 and 4 June 2025.
""",
    "members/vantor-labs.md": """---
doc_type: member_profile
title: "Vantor Labs"
name: "Vantor Labs"
short_name: "Vantor"
kind: "company"
detail: "speech model start-up"
country: "Chile"
founding_member: false
joined: 2024-02-19
---

# Vantor Labs

Vantor Labs is a start-up based in Valdivia, Chile, that builds open speech models for
southern Chilean Spanish. It joined the AI Alliance on 19 February 2024.
""",
    "members/quessa-institute.md": """---
doc_type: member_profile
title: "Quessa Institute"
name: "Quessa Institute"
short_name: "Quessa"
kind: "research institute"
detail: "applied mathematics institute"
country: "Peru"
founding_member: false
joined: 2024-08-30
---

# Quessa Institute

The Quessa Institute is a research institute in Arequipa, Peru. It joined the AI Alliance on
30 August 2024.
""",
    "web/members-by-kind.html": """<!DOCTYPE html>
<html><head><title>Members by kind</title></head><body>
<h1>Members by kind</h1>
<p>Published 15 January 2026.</p>
<table>
<tr><th>Kind</th><th>At launch</th><th>31 December 2025</th></tr>
<tr><td>Companies</td><td>25</td><td>44</td></tr>
<tr><td>Universities</td><td>18</td><td>29</td></tr>
</table>
</body></html>
""",
    "faq/membership-rules.md": """---
doc_type: faq
title: "How membership works"
date: 2025-01-15
---

# How membership works

New members are approved by the membership panel of the governing board, which meets every
two months. Send the application form to the Membership Office.
""",
    "mail/2025-09-re-sprint-venue.txt": """From: Sprint team <sprint@alliance.example>
To: Members <members@alliance.example>
Date: Mon, 15 Sep 2025 10:00:00 +0000
Subject: Re: Kerrow sprint - venue

Dear all,

We confirm the new venue for the Kerrow sprint.

Best,
The sprint team

On Fri, 12 Sep 2025 at 09:15, Ilona Varga <ilona@example.org> wrote:
> Dear sprint team,
>
> The Kerrow sprint can seat at most 48 people in the new
> room, so registrations beyond that go to a waiting list.
>
> Ilona
""",
}


@pytest.fixture(scope="module")
def later(tmp_path_factory, model, seed_index):
    root = tmp_path_factory.mktemp("later-round10")
    return corpus_with_documents(root, model, seed_index, LATER)


def test_one_round_of_a_series_is_not_another(later):
    other = ask("How many applications did round 2 of the Tessaly Bursaries draw?", services=later)
    assert "212" not in other.text  # what round 1 drew
    first = ask("How many applications did round 1 of the Tessaly Bursaries draw?", services=later)
    assert "212" in first.text


def test_a_place_left_is_not_where_it_took_place(later):
    answer = ask("Did the Marlow Forum 2025 take place in Ghent?", services=later)
    assert verdict_of(answer) == "No", answer.text


def test_a_result_after_its_cause_answers_why(later):
    answer = ask("Why did the Marlow Forum move to Leuven?", services=later)
    assert "flooded" in answer.text


def test_a_topic_named_first_is_what_its_pronoun_stands_for(later):
    answer = ask("vantor labs - are they in the alliance?", services=later)
    assert verdict_of(answer) == "Yes", answer.text
    assert "members/vantor-labs.md" in cited(answer)


def test_members_who_joined_between_the_launch_and_a_month(later):
    answer = ask(
        "Which organisations joined between the launch and the end of March 2024?",
        services=later,
    )
    assert "Vantor" in answer.text and "Quessa" not in answer.text


def test_a_count_of_a_kind_at_a_date_is_the_reports_not_the_profiles(later):
    answer = ask("How many companies were members at the end of 2025?", services=later)
    assert "44" in answer.text, answer.text
    assert "web/members-by-kind.html" in cited(answer)


def test_who_approves_new_members_is_not_a_list_of_members(later):
    answer = ask("Who approves new members?", services=later)
    assert "in the materials" not in answer.text and "Vantor" not in answer.text, answer.text


def test_a_quoted_message_of_an_email_thread_is_read_as_a_statement(later):
    answer = ask("How many people can the Kerrow sprint seat?", services=later)
    assert "48" in answer.text and ">" not in answer.text


def test_who_founded_it_is_a_deed_not_a_role_held_now(later):
    # a later document's "who" sentence is not who holds the founding now
    answer = ask("who founded the aliance?", services=later)
    assert "IBM" in answer.text and "Meta" in answer.text, answer.text


def test_a_two_word_name_with_a_slip_is_found_by_both_words(later):
    # "huging" alone reads as "huge" (its stem), which no document has
    answer = ask("what does huging face do", services=later)
    assert "members/hugging-face.md" in cited(answer), answer.text

"""Issue 13's sixth round: the words people use for what the materials say otherwise, and
what a member is beyond being one. On documents written for this test only (none of them
from an eval split), added the way a user's would be: copied into the corpus, then a sync.

- a group the profiles have no member in is not "none" when a text says one joined;
- a cause given as "for family reasons" answers "why";
- "kick off", "sign up", "CTO": the materials say "launched", "joined", "chief technology
  officer";
- "the mission" or "the purpose" of the alliance is its aim, "the governance" its parts;
- "Is X one of the company members?" is answered from X's kind, not only from membership;
- "which Swiss organisations were founders" asks for founding members, "who were the
  founders" for who launched it, even when another text names a company's co-founder."""

from __future__ import annotations

import pytest
from helpers import corpus_with_documents

from app.core.query import ask

LATER = {
    "members/quarrymoor-systems.md": """---
doc_type: member_profile
title: "Quarrymoor Systems"
name: "Quarrymoor Systems"
short_name: "Quarrymoor"
kind: "company"
detail: "maker of agricultural robots"
country: "Ireland"
founding_member: false
joined: 2024-09-17
---

# Quarrymoor Systems

Quarrymoor Systems is a company based in Galway, Ireland, that builds robots for sorting
harvested vegetables. Quarrymoor joined the AI Alliance on 17 September 2024.
""",
    "news/2024-09-20-quarrymoor-welcome.html": """<html><head><title>Quarrymoor joins the AI
Alliance</title></head><body><nav>Home | News | Careers</nav>
<h1>Quarrymoor joins the AI Alliance</h1>
<p>Galway, 20 September 2024. Quarrymoor Systems has joined the AI Alliance.</p>
<p>"Open models let a small team like ours ship safer robots," said Orla Kinsella-Maher,
Quarrymoor's co-founder and chief technology officer.</p>
<p>Quarrymoor sorts about forty tonnes of vegetables a day for farms in Connacht.</p>
<footer>Privacy | Cookies</footer></body></html>
""",
    "news/2025-03-10-harvest-group.md": """---
doc_type: news
title: "New chair for the Harvest Robotics Working Group"
date: 2025-03-10
---

# New chair for the Harvest Robotics Working Group

Declan Ó Faoláin stepped down as chair of the Harvest Robotics Working Group at the end of
February 2025 for family reasons. Aoife Brannagh-Lowe of Quarrymoor succeeds him.
""",
    "news/2025-02-03-member-update.txt": """Subject: AI Alliance member update - February 2025
From: AI Alliance Community Team
Date: Mon, 3 Feb 2025

NEW MEMBERS

Among the newcomers is Cooperativa Tacuarí from Montevideo, our first member from
Uruguay. It joined on 21 January and builds speech tools for rural radio stations.
""",
}


@pytest.fixture(scope="module")
def later(tmp_path_factory, model, seed_index):
    root = tmp_path_factory.mktemp("later-words")
    return corpus_with_documents(root, model, seed_index, LATER)


def _sources(answer) -> set[str]:
    return {c.source for c in answer.citations}


def test_words_people_use_are_read_as_the_materials_words(later):
    kicked = ask("when did the ai alliance kick off?", services=later)
    assert "5 December 2023" in kicked.text, kicked.text
    assert "announcements/2023-12-05-ai-alliance-launch.md" in _sources(kicked)
    signed = ask("When did Quarrymoor Systems sign up?", services=later)
    assert "17 September 2024" in signed.text, signed.text
    cto = ask("Who is Quarrymoor's CTO?", services=later)
    assert "Kinsella-Maher" in cto.text, cto.text
    assert "news/2024-09-20-quarrymoor-welcome.html" in _sources(cto)


def test_the_mission_of_the_alliance_is_its_aim_and_its_governance_the_parts(later):
    for question in ("What's the alliance's mission, basically?", "what is its purpose?"):
        answer = ask(question, services=later)
        assert "responsible innovation" in answer.text, answer.text
        assert _sources(answer) == {"announcements/2023-12-05-ai-alliance-launch.md"}
    # a document whose title names what is asked, in one word: its sections
    governance = ask("What is the governance?", services=later)
    lines = [ln for ln in governance.text.splitlines() if ln.startswith("- ")]
    assert len(lines) == 4, governance.text
    assert _sources(governance) == {"announcements/2023-12-05-governance.md"}
    # one objective asked by its number is that one, not the list
    fifth = ask("what is objective 5 about", services=later)
    assert not [ln for ln in fifth.text.splitlines() if ln.startswith("- ")], fifth.text


def test_a_member_of_another_kind_than_asked_is_no_member_of_that_kind(later):
    nasa = ask("Is NASA one of the company members?", services=later)
    assert nasa.text.startswith("No."), nasa.text
    assert "government agency" in nasa.text, nasa.text
    assert _sources(nasa) == {"members/nasa.md"}
    quarry = ask("Is Quarrymoor a company member?", services=later)
    assert quarry.text.startswith("Yes."), quarry.text
    yale = ask("Is Yale a member?", services=later)
    assert yale.text.startswith("Yes."), yale.text


def test_no_profile_from_a_place_is_not_none_when_a_text_says_one_joined(later):
    # the only member from Uruguay has no profile: a newsletter says it joined
    answer = ask("Which members are based in Uruguay?", services=later)
    assert "None of the" not in answer.text, answer.text
    assert answer.abstained or "Tacuar" in answer.text, answer.text
    # where no text names one either, "none" is the directory's exact answer
    peru = ask("any members from Peru?", services=later)
    assert "None of the" in peru.text, peru.text


def test_a_cause_given_as_reasons_answers_why(later):
    answer = ask("Why did Declan Ó Faoláin step down?", services=later)
    assert "family reasons" in answer.text, answer.text
    assert _sources(answer) == {"news/2025-03-10-harvest-group.md"}


def test_founders_with_a_place_are_founding_members_and_alone_who_launched_it(later):
    swiss = ask("which swiss organisations were founders?", services=later)
    for name in ("CERN", "EPFL", "ETH"):
        assert name in swiss.text, swiss.text
    assert "Quarrymoor" not in swiss.text
    for question in ("Who were the founders?", "who are the alliance's founders"):
        founders = ask(question, services=later)
        assert "IBM" in founders.text and "Meta" in founders.text, founders.text
        assert "Kinsella-Maher" not in founders.text, founders.text
    chair = ask("Who was chairing the Foundation Models working group?", services=later)
    assert "IBM and Meta" not in chair.text, chair.text

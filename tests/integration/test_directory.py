"""Counting, listing and membership answered exactly from the profiles' metadata."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from helpers import DOCS

from app.core.query import ask


def _profiles() -> dict[str, dict]:
    out = {}
    for path in sorted((DOCS / "members").glob("*.md")):
        front = yaml.safe_load(path.read_text().split("---")[1])
        out[f"members/{path.name}"] = front
    return out


def test_count_by_kind_matches_the_profiles(kb_services):
    expected = {s for s, f in _profiles().items() if f["kind"] == "university"}
    answer = ask("How many universities are founding members?", services=kb_services)
    assert answer.text.startswith(f"{len(expected)} of the {len(_profiles())} founding members")
    assert {c.source for c in answer.citations} == expected
    markers = [int(n) for n in re.findall(r"\[(\d+)\]", answer.text)]
    assert markers == list(range(1, len(expected) + 1))  # every listed member cited


def test_list_by_country_names_each_member_with_a_citation(kb_services):
    japan = {s: f for s, f in _profiles().items() if f["country"] == "Japan"}
    answer = ask("Which members are based in Japan?", services=kb_services)
    for front in japan.values():
        assert front["short_name"] in answer.text
    assert {c.source for c in answer.citations} == set(japan)
    swiss = ask("Which Swiss organisations are founding members?", services=kb_services)
    assert {c.source for c in swiss.citations} == {
        s for s, f in _profiles().items() if f["country"] == "Switzerland"
    }


def test_membership_yes_and_no(kb_services):
    yes = ask("Is Sony a founding member of the AI Alliance?", services=kb_services)
    assert yes.text.startswith("Yes.") and yes.citations[0].source == "members/sony.md"
    no = ask("Is Google a member of the AI Alliance?", services=kb_services)
    assert no.text.startswith("No.")
    assert no.citations[0].source == "announcements/2023-12-05-notable-non-members.md"
    unknown = ask("Is Initech part of the AI Alliance?", services=kb_services)
    assert unknown.text.startswith("No. Initech is not among the 57 members")
    assert unknown.citations and unknown.citations[0].doc_type == "announcement"


def test_attribute_questions_are_checked_against_the_profile(kb_services):
    assert ask("Is Sony a Japanese company?", services=kb_services).text.startswith("Yes.")
    assert ask("Is Sony an American company?", services=kb_services).text.startswith("No.")
    what = ask("What kind of organization is the MOC Alliance?", services=kb_services)
    assert (
        "research institute" in what.text and what.citations[0].source == "members/moc-alliance.md"
    )


def test_verbs_other_than_belonging_are_not_directory_questions(kb_services):
    answer = ask("Which companies announced the AI Alliance?", services=kb_services)
    assert "IBM" in answer.text and "Meta" in answer.text
    assert len(answer.citations) < 5


def test_directory_follows_the_corpus(services, corpus: Path):
    (corpus / "members" / "andes-lab.md").write_text(
        "---\nname: Andes Lab\nshort_name: Andes\nkind: research institute\ncountry: Chile\n"
        "---\n\n# Andes Lab\n\nAndes Lab is a research institute based in Chile.\n"
    )
    services.indexing.sync()
    answer = ask("Which members are based in Chile?", services=services)
    # a profile that does not say whether it is a founding member is a member
    assert answer.text.startswith("1 of the 58 members")
    assert answer.citations[0].source == "members/andes-lab.md"


def test_yes_no_questions_lead_with_the_verdict(kb_services):
    answer = ask("Is advocacy one of the AI Alliance's focus areas?", services=kb_services)
    assert answer.text.startswith("Yes.")
    answer = ask("Is open-source development required for membership?", services=kb_services)
    assert answer.text.startswith("No.")

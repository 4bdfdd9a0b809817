"""The mechanisms issue 13's thirteenth round added, on documents written for this test only
(none of them from an eval split): "which member makes X?" is answered by the member whose
profile says so, also when its sentence says "it" ("It is known as the company behind X",
"Together with Y, it helped lead Z"), and a kind word inside a name ("the Ostrava Institute")
asks for no list of institutes; a FAQ that asks the question and answers "No." gives that
verdict; "how many people sit on the panel?" is counted in its members, "ppl" are people and a
year that ended ("ended 2025 with four groups") answers "at the end of 2025"; "who is the
outreach manager?" is a person, not the organisation looking for one, and "who was it
before X?" is who X succeeded; a value another text gave, which a correction says was
wrong, is not given; "came out" is "was released"; a month weeks after the writing is a
plan; "X a founder?" asks yes or no, and "Is X one of the alliance's focus areas?" must be
about X; a sentence opening with "It" names what it is about in the one before, also two
sentences back; "who are the founders?" asks who founded the alliance. The documents reach
the index the way a user's would: copied into the corpus, then a sync."""

from __future__ import annotations

import pytest
from helpers import cited, corpus_with_documents, verdict_of

from app.core.query import ask

LATER = {
    "members/brannock-systems.md": """---
doc_type: member_profile
title: "Brannock Systems Oy (Brannock Systems)"
name: "Brannock Systems Oy"
short_name: "Brannock Systems"
kind: "company"
detail: "developer tools company"
country: "Finland"
founding_member: false
joined: 2024-10-07
---

# Brannock Systems Oy (Brannock Systems)

Brannock Systems is a developer tools company based in Tampere, Finland. It is known as the
company behind Quillfeather, an open-source library for labelling speech data. Brannock
Systems joined the AI Alliance on 7 October 2024.
""",
    "members/halloran-trust.md": """---
doc_type: member_profile
title: "Halloran Science Trust (Halloran Trust)"
name: "Halloran Science Trust"
short_name: "Halloran Trust"
kind: "foundation"
detail: "science foundation"
country: "Ireland"
founding_member: false
joined: 2025-02-11
---

# Halloran Science Trust (Halloran Trust)

The Halloran Science Trust is a foundation based in Cork, Ireland, that funds research in
the natural sciences. It also runs the Ostrava Institute, which studies soil chemistry. It
has also released open datasets, such as the Zumbrota project.
Together with Brannock Systems, it helped lead Tidewrack, an open project on benchmarks for
Irish and Finnish. The Halloran Trust joined the AI Alliance on 11 February 2025.
""",
    "faq/mentoring-faq.md": """---
doc_type: faq
title: "Mentoring call: frequently asked questions"
date: 2025-06-02
---

# Mentoring call: frequently asked questions

## What is the mentoring call?
A call for teams that want a mentor from a member organisation for six months.

## Can a team send more than one proposal?
No. Each team may send only one proposal per call.

## Do mentors get paid?
Yes. Each mentor receives 1,500 EUR for the six months.
""",
    "reports/2025-review.md": """---
doc_type: report
title: "The alliance in 2025"
date: 2026-01-19
---

# The alliance in 2025

## Foreword
The first review panel met in March, and twelve organisations joined the 57 founding members
and collaborators. - Tamsin Vell, Outreach Manager

## Groups
The alliance ended 2025 with four working groups.

## Review panel
The review panel has 7 members. It chose the projects the alliance funded.

## Events
The Gannet meetup took place in Tromso on 4 September 2025, hosted by Brannock Systems.
It brought together 212 participants from nine countries.

## Staff
Tamsin Vell became Outreach Manager on 3 March 2025, succeeding Ivo Drach.

## Plans for 2026
Hold the Gannet meetup 2026 in Oulu in June 2026 (dates to be confirmed).
""",
    "news/2025-12-01-corrections.md": """---
doc_type: erratum
title: "Corrections to the autumn newsletter"
date: 2025-12-01
---

# Corrections to the autumn newsletter

## Attendance at the Gannet meetup

The autumn newsletter said that 221 people took part in the Gannet meetup in Tromso. That
figure was wrong: the correct number is 212 participants.

## The Kittiwake grant

The autumn newsletter stated that the Kittiwake grant was 90,000 EUR. The board in fact
approved 60,000 EUR.
""",
    "news/2025-10-06-autumn-newsletter.md": """---
doc_type: newsletter
title: "Autumn newsletter 2025"
date: 2025-10-06
---

# Autumn newsletter 2025

Published 6 October 2025 by Tamsin Vell, Outreach Manager.

221 people took part in the Gannet meetup in Tromso. The Kittiwake grant, which pays for
field recordings of Sami speech, is 90,000 EUR. Version 2.0 of Quillfeather was released on
14 September 2025. Tamsin Vell, Outreach Manager, opened the meetup.

Marrow Labs, a company in Quito, Ecuador, that builds irrigation models, joined the alliance
on 2 June 2025. It is our first member from Ecuador.

## Plans

A Quillfeather sprint in Bergen in March 2026, so that new contributors can meet the team.
""",
    "news/2025-02-03-new-groups.md": """---
doc_type: news
title: "Two new working groups"
date: 2025-02-03
---

# Two new working groups

| Working group | First chair |
|---|---|
| Soil Data | to be confirmed |
| Tide Models | Bram Okoye |
""",
    "web/groups.html": """<html><head><title>Working groups</title></head><body>
<h1>Working groups</h1>
<p>Page updated 4 June 2025.</p>
<table>
<tr><th>Working group</th><th>Chair</th><th>Since</th></tr>
<tr><td>Soil Data</td><td>Orla Quain</td><td>1 May 2025</td></tr>
<tr><td>Tide Models</td><td>Bram Okoye</td><td>3 February 2025</td></tr>
</table>
<h2>Events in 2026</h2>
<table>
<tr><th>Date</th><th>Event</th><th>Place</th><th>Status</th></tr>
<tr><td>9-10 September 2026</td><td>Gannet meetup 2026</td><td>Oulu</td><td>Confirmed</td></tr>
</table>
</body></html>
""",
    "news/2025-11-12-outreach-notes.txt": """Outreach notes

Published 12 November 2025 by Tamsin Vell, Outreach Manager

The outreach team visited four universities in Lapland.
""",
    "web/2025-01-20-job-outreach-manager.html": """<html><head>
<title>Job opening: Outreach Manager, AI Alliance</title></head><body>
<h1>Job opening: Outreach Manager, AI Alliance</h1>
<p>20 January 2025</p>
<p>The AI Alliance secretariat is looking for an Outreach Manager.</p>
<p>Send a CV and a letter to jobs@example.org with the subject "Outreach Manager".</p>
</body></html>
""",
}


@pytest.fixture(scope="module")
def later(tmp_path_factory, model, seed_index):
    root = tmp_path_factory.mktemp("later-round13")
    return corpus_with_documents(root, model, seed_index, LATER)


def test_which_member_is_the_one_whose_profile_says_it(later):
    behind = ask("Which member is behind Quillfeather?", services=later)
    assert "Brannock Systems" in behind.text, behind.text
    assert cited(behind) == {"members/brannock-systems.md"}
    led = ask("Which members led Tidewrack?", services=later)  # "..., it helped lead"
    assert "Halloran" in led.text and "Brannock" in led.text, led.text


def test_a_kind_word_in_a_name_asks_for_no_list_of_that_kind(later):
    answer = ask("Which member runs the Ostrava Institute?", services=later)
    assert "Halloran" in answer.text, answer.text
    assert cited(answer) == {"members/halloran-trust.md"}


def test_a_faq_that_answers_its_question_gives_the_verdict(later):
    answer = ask("Can one team submit two proposals in the same call?", services=later)
    assert verdict_of(answer) == "No", answer.text
    assert cited(answer) == {"faq/mentoring-faq.md"}
    paid = ask("are mentors paid?", services=later)
    assert verdict_of(paid) == "Yes", paid.text


def test_counts_of_people_and_of_a_year_that_ended(later):
    panel = ask("How many people sit on the review panel?", services=later)
    assert "7 members" in panel.text, panel.text
    came = ask("how many ppl came to the gannet meetup", services=later)
    assert "212" in came.text, came.text
    groups = ask(
        "How many working groups did the alliance have at the end of 2025?", services=later
    )
    assert "four working groups" in groups.text, groups.text


def test_a_title_one_person_holds_is_answered_by_a_person(later):
    for question in ("Who is the outreach manager?", "Who's the outreach manager now?"):
        now = ask(question, services=later)
        assert "Tamsin Vell" in now.text.split("[")[0], (question, now.text)
        assert "looking for" not in now.text
    before = ask("Who was outreach manager before Tamsin Vell?", services=later)
    assert "Ivo Drach" in before.text, before.text


def test_a_value_a_correction_says_was_wrong_is_not_given(later):
    came = ask("How many people took part in the Gannet meetup?", services=later)
    assert "212" in came.text and "221" not in came.text, came.text
    grant = ask("How big is the Kittiwake grant?", services=later)
    assert "60,000 EUR" in grant.text.split("[")[0], grant.text
    assert "90,000" not in grant.text.split("[")[0], grant.text


def test_came_out_is_released_and_a_month_ahead_is_a_plan(later):
    out = ask("When did Quillfeather 2.0 come out?", services=later)
    assert "14 September 2025" in out.text, out.text
    sprint = ask("Did the Quillfeather sprint take place in Bergen?", services=later)
    assert verdict_of(sprint) != "Yes", sprint.text


def test_verbless_founder_and_one_of_a_list_need_their_subject(later):
    amazon = ask("amazon a founder?", services=later)
    assert verdict_of(amazon) == "No", amazon.text
    robotics = ask("Is robotics one of the AI Alliance's focus areas?", services=later)
    assert verdict_of(robotics) != "Yes", robotics.text


def test_founders_of_nothing_named_are_the_alliances(later):
    asked = later.pipeline.standalone("who are the founders?", None)
    assert asked == "who are the founders of the AI Alliance?", asked
    for question in ("who r the founders lol", "who are the founders?"):
        answer = ask(question, services=later)
        head = answer.text.split("[")[0]
        assert "IBM" in head and "Meta" in head, (question, answer.text)


def test_a_holder_named_is_answered_before_a_chair_to_be_confirmed(later):
    for question in ("soil data wg chair?", "Who chairs the Soil Data group at the moment?"):
        answer = ask(question, services=later)
        assert "Orla Quain" in answer.text.split("[")[0], (question, answer.text)


def test_a_date_stated_before_one_to_be_confirmed_and_no_dateline(later):
    when = ask("When is the Gannet meetup 2026?", services=later)
    assert "9-10 September 2026" in when.text.split("[")[0], when.text
    start = ask("When did Tamsin Vell start as Outreach Manager?", services=later)
    assert "3 March 2025" in start.text.split("[")[0], start.text
    assert "October 2025" not in start.text and "November 2025" not in start.text, start.text


def test_a_member_no_profile_describes_is_named_where_it_joined(later):
    answer = ask("Which member is from Ecuador?", services=later)
    assert "Marrow Labs" in answer.text.split("[")[0], answer.text

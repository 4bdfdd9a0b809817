"""The mechanisms issue 13's third round added, on documents written for this test only (none
of them from an eval split): counts of the thing asked at a date, a deed chosen over the
plan for it, a reason given as a purpose, yes/no that does not take a presupposition for
what is asked, follow-ups that lean on the name the question before gave, a list made of a
section's subsections, and a name the materials never mention. The documents reach the
index the way a user's would: copied into the corpus, then a sync."""

from __future__ import annotations

import pytest
from helpers import cited, corpus_with_documents

from app.core.query import ask

LATER = {
    "announcements/2025-03-03-study-circles.md": """---
doc_type: announcement
title: "AI Alliance starts its first study circles"
date: 2025-03-03
---

# AI Alliance starts its first study circles

**3 March 2025**: Thirteen weeks after the new year, the AI Alliance has formed its first
member-run study circles, as planned in last year's programme. Each circle meets monthly.

## The study circles

### Pellucid Optimisation Circle

The Pellucid Optimisation Circle studies how to make open models cheaper to serve. Its
convenor is Dr. Marguerite Olufsen-Baptiste of Tromsø.

### Wrenfield Retrieval Circle

The Wrenfield Retrieval Circle compares search methods for long documents. Its convenor is
Dr. Casimir Adeyemi-Holt of Accra.

## Membership

With these circles under way, the alliance now counts 71 members.
""",
    "news/2025-05-20-halloran-forum-recap.md": """---
doc_type: news
title: "The Halloran Forum: a recap"
date: 2025-05-20
---

# The Halloran Forum: a recap

The first Halloran Forum took place on 16 and 17 May 2025 in Tartu, Estonia. It brought
together 230 participants from 40 member organisations.

## Results

- The Tallowmere Atlas, a map of open evaluation datasets, was presented in draft.
- Nineteen members signed the Quillon pledge on open model cards.

## Dataset prizes

- Place: 1st; Team: Brindle; Dataset: a Sami speech corpus
- Place: 2nd; Team: Osprey; Dataset: an Estonian legal benchmark

## What comes next

The second Halloran Forum will be hosted by the Wrenfield Retrieval Circle in Accra in 2026.
""",
    "news/2025-04-02-atlas-plan.md": """---
doc_type: news
title: "An atlas of evaluation datasets"
date: 2025-04-02
---

# An atlas of evaluation datasets

The Pellucid Optimisation Circle will publish the Tallowmere Atlas in June 2025, and it
agreed to keep the atlas under an open licence.
""",
    "news/2025-07-04-atlas-published.md": """---
doc_type: news
title: "The Tallowmere Atlas is out"
date: 2025-07-04
---

# The Tallowmere Atlas is out

The Pellucid Optimisation Circle published the Tallowmere Atlas 1.0 on 3 July 2025. It lists
412 open evaluation datasets. Version 2.0 is planned for March 2026. "The atlas saves every team weeks of searching," said Dr. Ilka
Brandvold of the circle.

Dr. Marguerite Olufsen-Baptiste is stepping down as convenor of the Pellucid Optimisation
Circle to lead a new serving laboratory in Tromsø. She will remain a member of the circle.
""",
    "announcements/2025-01-15-orchard-grants.md": """---
doc_type: announcement
title: "Orchard Grants for open tooling"
date: 2025-01-15
---

# Orchard Grants for open tooling

The AI Alliance launched the Orchard Grants on 15 January 2025 in Valencia, Spain. The grants
fund small teams that maintain open-source AI tools.

## Frequently asked questions

**Who can apply?**
Any team of two to five people from a member organisation can apply.

**When is the deadline?**
Applications close on 31 March 2025.

**Can non-members apply?**
No. Only teams from member organisations are eligible.
""",
    "news/2025-10-01-circle-conveners.html": """<html><head><title>Study circles and their
conveners</title></head><body>
<h1>Study circles and their conveners</h1>
<p>Published 1 October 2025. The alliance now runs three study circles.</p>
<table>
<tr><th>Study circle</th><th>Topic</th><th>Convenor</th></tr>
<tr><td>Pellucid Optimisation</td><td>serving cost</td><td>Dr. Ilka Brandvold</td></tr>
<tr><td>Wrenfield Retrieval</td><td>search</td><td>Dr. Casimir Adeyemi-Holt</td></tr>
<tr><td>Marram Speech</td><td>speech data</td><td>Noor Achterberg</td></tr>
</table>
<h2>Change of convenor</h2>
<p>Dr. Marguerite Olufsen-Baptiste convened the Pellucid Optimisation Circle until 31 August
2025. Dr. Ilka Brandvold took over as convenor on 1 September 2025.</p>
</body></html>""",
    "reports/2026-01-12-membership-table.html": """<html><head><title>Membership over
2025</title></head><body><h1>Membership over 2025</h1>
<p>Published 12 January 2026. The alliance's members now come from 31 countries.</p>
<p>The number of member organisations at each quarter's end:</p>
<table>
<tr><th>Date</th><th>Member organisations</th></tr>
<tr><td>30 June 2025</td><td>77</td></tr>
<tr><td>30 September 2025</td><td>81</td></tr>
<tr><td>31 December 2025</td><td>86</td></tr>
</table></body></html>""",
    "news/2025-09-20-bulletin.txt": """ALLIANCE BULLETIN -- 20 September 2025

Two new members joined in August: Brackwater Labs (Austria) and Sedgefield AI
(Malaysia). The alliance now runs 11 study projects, up from 7 in June.

The Marram Speech circle recorded its first corpus of 40 hours of speech. The Quarry
Council elected a vice-chair, Ilsabet Rourke of Galway. The Wrenfield
launch party was held at the Velmar Exchange Hall.

The alliance has also set up a Quarry Council. The council reviews every new study
circle before it starts.

Dr. Tobiah Kesterling-Mwangi opened the autumn session in Graz. He has led the
Brackwater Labs delegation since the laboratory joined.
""",
    "news/2024-05-02-loomfield-council.md": """---
doc_type: news
title: "The Loomfield Council meets"
date: 2024-05-02
---

# The Loomfield Council meets

The Loomfield Council met for the first time on 30 April 2024. It has eleven seats, and
Dr. Petra Okonkwo-Lind chairs it. The council keeps 4 working papers on open data.
""",
    "news/2025-12-01-loomfield-changes.md": """---
doc_type: news
title: "Changes at the Loomfield Council"
date: 2025-12-01
---

# Changes at the Loomfield Council

Dr. Petra Okonkwo-Lind chaired the Loomfield Council until 30 June 2025. From 1 July 2025
the council is chaired by Anselm Barrow-Quist. In August 2025 the council grew from eleven
to fifteen seats. A review in October raised the number of working papers from 4 to 9.
The council's On-Device Panel is chaired by Ilka Moreau-Stein. Since then the panel has
met every month in Galway. The Study Council is chaired by Petrus Amadi.
""",
    "news/2025-10-20-kettle-grants.md": """---
doc_type: news
title: "Kettle grants awarded"
date: 2025-10-20
---

# Kettle grants awarded

Twelve teams received Kettle grants in October 2025, and a second round of the grants will
open in March 2026. The Kettle mentoring scheme is capped at 40 mentors, and registration
will open on 1 November 2025. Individuals cannot hold a Kettle grant; only teams can.
No Kettle grants were awarded in 2024.
""",
    "reports/2026-01-10-reading-circles.md": """---
doc_type: report
title: "Reading circles in numbers"
date: 2026-01-10
---

# Reading circles in numbers

- Date: 31 December 2024; Circles: 4
- Date: 31 December 2025; Circles: 13

## Councils

- Council: Wrenfield Council; Chair: Ottilie Brandvold
""",
    "news/2024-03-01-pebble-forum.md": """---
doc_type: news
title: "The Pebble Forum"
date: 2024-03-01
---

# The Pebble Forum

The first Pebble Forum will take place on 3 May 2024 in Oulu, Finland. That plan became
real on 2 February 2024, when the Oulu Forum Board approved it.
""",
    "news/2025-11-20-pebble-forum-two.md": """---
doc_type: news
title: "Pebble Forum: the second edition"
date: 2025-11-20
---

# Pebble Forum: the second edition

The second Pebble Forum will be held on 12 June 2026 in Turku, Finland.
""",
    "announcements/2025-06-01-guild-faq.md": """---
doc_type: announcement
title: "Guild membership: questions and answers"
date: 2025-06-01
---

# Guild membership: questions and answers

## How does a panel sign-up work?

- Write to the guild office.
- The office replies within a week.

## Which guild panels can we join?

- Tideline Panel
- Saltmarsh Panel
- Heronry Panel
""",
    "news/2025-09-01-fjord-meetup.md": """---
doc_type: news
title: "The Fjord Meetup"
date: 2025-09-01
---

# The Fjord Meetup

The Fjord Meetup took place on 30 August 2025 in Tromsø, Norway. The next Fjord Meetup will
be held in Bergen in 2026.
""",
    "news/2025-11-12-corrib-summit-recap.md": """---
doc_type: news
title: "The Corrib Summit: a recap, and on to Bergen"
date: 2025-11-12
---

# The Corrib Summit: a recap, and on to Bergen

The first Corrib Summit was held in Genève, Switzerland, on 6 and 7 November 2025 and drew
310 people in person.

## By the numbers

- 44 teams signed up, of which 37 delivered a prototype
- A jury of five, chaired by Prof. Ondine Vasquez-Lehr

## Next year

The second Corrib Summit will be held in Bergen, Norway, in 2026. The organisers expect
around 500 participants.

Dates: from 14 to 16 September 2026 in Bergen, Norway.
""",
}


@pytest.fixture(scope="module")
def later(tmp_path_factory, model, seed_index):
    root = tmp_path_factory.mktemp("later-time")
    return corpus_with_documents(root, model, seed_index, LATER)


def test_a_count_is_of_the_thing_asked(later):
    # "Thirteen weeks" is a number in the sentence that ranks first; it counts no members
    members = ask("How many members did the alliance have in March 2025?", services=later)
    assert members.abstained or "71" in members.text, members.text
    assert "Thirteen" not in members.text, members.text
    people = ask("How many people came to the Halloran Forum?", services=later)
    assert "230" in people.text, people.text  # people are counted as participants


def test_a_deed_asked_is_answered_by_the_deed_not_by_its_plan(later):
    answer = ask("When was the Tallowmere Atlas published?", services=later)
    assert "3 July 2025" in answer.text and "June" not in answer.text, answer.text
    assert cited(answer) == {"news/2025-07-04-atlas-published.md"}


def test_why_is_answered_by_the_purpose_a_sentence_gives(later):
    answer = ask("Why did Marguerite Olufsen-Baptiste step down as convenor?", services=later)
    assert "serving laboratory" in answer.text, answer.text


def test_yes_no_does_not_take_what_the_question_presupposes_for_what_it_asks(later):
    # the sentence says she is stepping down (presupposed), not that she left the circle
    answer = ask(
        "Did Olufsen-Baptiste leave the Pellucid circle altogether after stepping down?",
        services=later,
    )
    assert not answer.text.startswith("Yes"), answer.text


def test_a_follow_up_leans_on_the_name_the_question_before_gave(later):
    history = [("When was the Halloran Forum held?", "")]
    where = ask("and who's hosting the next one?", history=history, services=later)
    assert "Wrenfield" in where.text, where.text
    came = ask("and how many people came?", history=history, services=later)
    assert "230" in came.text, came.text


def test_what_came_out_of_an_event_is_its_results(later):
    answer = ask("What came out of the Halloran Forum?", services=later)
    assert "Tallowmere" in answer.text and "Quillon" in answer.text, answer.text


def test_a_section_of_subsections_is_the_list(later):
    # the announcement's "The study circles" has one subsection per circle; its other
    # sections ("Membership") are no circles
    answer = ask("Which study circles were formed in March 2025?", services=later)
    assert "Pellucid Optimisation Circle" in answer.text, answer.text
    assert "Wrenfield Retrieval Circle" in answer.text, answer.text
    assert "Membership" not in answer.text, answer.text


def test_who_runs_a_group_is_who_leads_it(later):
    answer = ask("who runs the wrenfield retrieval circle", services=later)
    assert "Adeyemi-Holt" in answer.text, answer.text


def test_a_name_the_materials_never_mention_is_not_answered_with_another(later):
    answer = ask("Who convenes the Zentrophic Reasoning Circle?", services=later)
    assert answer.abstained, answer.text


def test_a_question_in_the_document_is_answered_by_what_follows_it(later):
    # an FAQ: the question line is no answer; the line after it is, whole ("No. Only ...")
    who = ask("Who can apply for the Orchard Grants?", services=later)
    assert "Any team of two to five people" in who.text and "?" not in who.text, who.text
    deadline = ask("When is the Orchard Grants deadline?", services=later)
    assert "31 March 2025" in deadline.text, deadline.text
    non_members = ask("Can non-members apply for the Orchard Grants?", services=later)
    assert non_members.text.startswith("No. Only teams"), non_members.text


def test_the_next_of_a_series_is_its_plan_and_has_not_happened(later):
    where = ask("Where will the next Halloran Forum be held?", services=later)
    assert "Accra" in where.text and "Tartu" not in where.text, where.text
    happened = ask("Has the second Halloran Forum taken place yet?", services=later)
    assert happened.text.startswith("No") and "Accra" in happened.text, happened.text


def test_a_table_after_its_sentence_is_the_list(later):
    answer = ask("list the study circles", services=later)
    for circle in ("Pellucid Optimisation", "Wrenfield Retrieval", "Marram Speech"):
        assert circle in answer.text, answer.text


def test_who_held_a_role_at_a_date_is_who_held_it_until_later(later):
    answer = ask("who convened the pellucid optimisation circle in july 2025?", services=later)
    assert "Olufsen-Baptiste" in answer.text and "Brandvold" not in answer.text, answer.text


def test_a_sentence_that_opens_with_he_or_she_is_shown_after_the_one_naming_them(later):
    answer = ask("who leads the brackwater labs delegation?", services=later)
    assert "Kesterling-Mwangi" in answer.text and "He has led" in answer.text, answer.text


def test_a_member_with_no_profile_that_a_text_says_joined_is_no_founding_member(later):
    answer = ask("Is Brackwater Labs a founding member?", services=later)
    assert answer.text.startswith("No.") and "joined in August" in answer.text, answer.text
    assert cited(answer) == {"news/2025-09-20-bulletin.txt"}
    answer = ask("is sedgefield ai a member of the alliance?", services=later)
    assert answer.text.startswith("Yes.") and "Sedgefield AI" in answer.text, answer.text


def test_two_questions_in_one_are_both_answered_with_one_numbering(later):
    answer = ask(
        "Who convenes the Wrenfield Retrieval Circle, and when did the study circles start?",
        services=later,
    )
    assert "Adeyemi-Holt" in answer.text and "3 March 2025" in answer.text, answer.text
    numbers = [c.n for c in answer.citations]
    assert numbers == list(range(1, len(numbers) + 1)), numbers
    assert len({c.chunk_id for c in answer.citations}) == len(numbers)


def test_two_swapped_letters_are_read_as_the_corpus_word(later):
    corrected = later.pipeline.analyze("whos the conevnor of the wrenfield cirlce").corrected
    assert "convenor" in corrected and "circle" in corrected, corrected
    answer = ask("whos the conevnor of the wrenfield retrieval cirlce?", services=later)
    assert "Adeyemi-Holt" in answer.text, answer.text


def test_a_version_asked_is_not_answered_by_another_version(later):
    answer = ask("When is Tallowmere Atlas 2.0 coming out?", services=later)
    assert "March 2026" in answer.text and "3 July" not in answer.text, answer.text


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("how many members were there at the end of 2025?", "86"),  # the end of a year
        ("How many member organisations did the alliance have in mid-August 2025?", "77"),
        ("how many members did it have in july 2025", "77"),  # a table row holds at its date
    ],
)
def test_a_count_at_a_moment_is_read_from_a_table_of_dates(later, question, value):
    answer = ask(question, services=later)
    assert f"Member organisations: {value}" in answer.text, answer.text


def test_a_pronoun_with_nothing_before_it_is_the_organisation(later):
    assert later.pipeline.standalone("Is it a non-profit?", None) == (
        "Is the AI Alliance a non-profit?"
    )
    named = "stabilty ai - what are they known for"
    assert later.pipeline.standalone(named, None) == named  # "they" is named before


def test_how_many_alone_counts_what_the_question_before_asked_about(later):
    history = [("What are the objectives of the AI Alliance?", "")]
    answer = ask("how many are there?", history=history, services=later)
    assert "six objectives" in answer.text, answer.text


def test_a_text_counting_all_members_countries_is_not_about_the_founding_ones(later):
    founding = ask("how many countries are the founding members from?", services=later)
    assert "31 countries" not in founding.text, founding.text


def test_a_place_is_not_taken_from_a_sentence_about_something_else(later):
    venue = ask("where was the wrenfield launch party held?", services=later)
    assert "Velmar Exchange Hall" in venue.text, venue.text  # "at the ...": a place
    # the sentence about the corpus names no place; those that name one are about others
    answer = ask("Where did the Marram Speech circle record its corpus?", services=later)
    assert answer.abstained, answer.text


def test_a_sentence_that_only_names_the_thing_asked_about_goes_on_to_the_next(later):
    answer = ask("what is the quarry council supposed to do?", services=later)
    assert "reviews every new study circle" in answer.text, answer.text


def test_a_plan_does_not_say_yes_to_what_is_now(later):
    now = ask("does the alliance have a governing board?", services=later)
    assert now.text.startswith("The materials only say this was planned."), now.text
    planned = ask("did the alliance plan a governing board?", services=later)
    assert planned.text.startswith("Yes."), planned.text


def test_an_faq_verdict_is_not_repeated_as_the_answer_to_another_question(later):
    answer = ask("which teams are eligible for the orchard grants?", services=later)
    assert "Only teams from member organisations are eligible" in answer.text, answer.text
    assert "No." not in answer.text, answer.text


def test_a_vice_chair_does_not_lead_and_is_who_a_vice_chair_question_asks_for(later):
    lead = ask("who chairs the quarry council?", services=later)
    assert "Rourke" not in lead.text, lead.text  # the materials name no chair
    vice = ask("who is the vice-chair of the quarry council?", services=later)
    assert "Rourke" in vice.text, vice.text


def test_first_place_names_the_winner_and_a_follow_up_leans_on_the_last_name_given(later):
    history = [("Where did the first Halloran Forum take place?", "")]
    won = ask("and who won?", history=history, services=later)
    assert "Brindle" in won.text and "Osprey" not in won.text, won.text
    history.append(("and who won?", won.text))  # a question that names nothing
    assert later.pipeline.standalone("when is the next one?", history) == (
        "when is the next Halloran Forum?"
    )


def test_other_words_for_what_the_materials_say(later):
    # "goals" are the objectives (a list), "who's behind" asks who launched it, and a
    # capitalised name is not "corrected" into a corpus word ("Apple" is no "applications")
    goals = ask("what are the alliance's goals?", services=later)
    assert goals.text.startswith("The six objectives"), goals.text
    for question in ("who's behind the ai alliance?", "who started the alliance?", "who foundd it"):
        behind = ask(question, services=later)
        assert "IBM" in behind.text and "Meta" in behind.text, (question, behind.text)
    apple = ask("is Apple in the alliance", services=later)
    assert apple.text.startswith("No. Apple is not among"), apple.text


def test_the_members_countries_come_from_the_directory_after_a_text_counting_more(later):
    # the profiles give fewer countries than a later text counts: that text answers first
    answer = ask("how many countries are the members from?", services=later)
    assert answer.text.startswith("The alliance's members now come from 31 countries. [1]")
    members = later.knowledge().directory.members
    countries = {m.country for m in members if m.country}
    assert f"with a profile in the materials are based in {len(countries)} countries" in (
        answer.text
    )
    assert len(answer.citations) == len(countries) + 1, answer.text  # one member shown each


def test_how_long_asks_for_a_span_and_a_date_of_something_else_is_no_answer(later):
    lasted = ask("How long did the Halloran Forum last?", services=later)
    assert "16 and 17 May 2025" in lasted.text, lasted.text
    unstated = ask("How long does an Orchard grant run?", services=later)
    assert unstated.abstained, unstated.text  # no span is given for the grants
    renamed = ask("When was the Wrenfield Retrieval Circle renamed?", services=later)
    assert renamed.abstained, renamed.text  # its dates say when it was formed, not renamed
    hosted = ask("Who hosted the first Halloran Forum?", services=later)
    assert hosted.abstained, hosted.text  # "took place in Tartu" names no host


def test_yes_needs_a_sentence_about_the_subject_and_the_numbers_asked(later):
    still = ask(
        "Is Marguerite Olufsen-Baptiste still the convenor of the Pellucid circle?", services=later
    )
    assert not still.text.startswith("Yes"), still.text  # "Brandvold took over": someone else
    company = ask("Is the AI Alliance a company?", services=later)
    assert not company.text.startswith("Yes"), company.text  # "Aitomatic is a company"
    hundred = ask("Does the alliance have more than 100 members?", services=later)
    assert not hundred.text.startswith("Yes"), hundred.text  # "more than 50" is not 100
    france = ask("Is Hugging Face based in France?", services=later)
    assert france.text.startswith("No. Hugging Face"), france.text  # from its profile


def test_a_named_value_is_checked_even_when_the_materials_never_name_it(later):
    # "Lisbon" and "2022" appear nowhere: the question is decided by where and when
    lisbon = ask("Was the first Halloran Forum held in Lisbon?", services=later)
    assert lisbon.text.startswith("No.") and "Tartu" in lisbon.text, lisbon.text
    year = ask("Was the AI Alliance launched in 2022?", services=later)
    assert year.text.startswith("No.") and "2023" in year.text, year.text


def test_how_it_is_run_and_tell_me_about_the_parts_are_its_lists(later):
    for question in ("how is the alliance run?", "tell me abt the governance"):
        answer = ask(question, services=later)
        assert "Governing board" in answer.text, (question, answer.text)
        assert "Technical oversight committee" in answer.text, (question, answer.text)
    for question in ("tell me about the objectives", "What is the alliance trying to achieve?"):
        objectives = ask(question, services=later)
        assert objectives.text.startswith("The six objectives"), (question, objectives.text)


def test_a_month_without_its_year_is_the_last_one_before_the_document(later):
    # the bulletin of 20 September 2025 says "in August" and "in June": of 2025
    joined = ask("how many members joined in august 2025?", services=later)
    assert "Two new members" in joined.text, joined.text  # no profile says so: the text
    june = ask("How many study projects were there in June 2025?", services=later)
    assert "7 in June" in june.text, june.text


def test_casual_forms_of_membership_and_counts(later):
    tag = ask("nvidia was a founding member right?", services=later)  # a tag without a comma
    assert tag.text.startswith("No."), tag.text
    launch = ask("was amazon part of it at launch", services=later)  # "it": the alliance
    assert launch.text.startswith("No."), launch.text
    prize = ask("what was the prize for the Halloran Forum best paper?", services=later)
    assert prize.abstained, prize.text  # a prize is a sum of money; none is given


def test_a_present_count_is_the_latest(later):
    answer = ask("how many study projects does the alliance run", services=later)
    assert "11 study projects" in answer.text, answer.text


def test_what_someone_said_is_a_quotation_or_nothing(later):
    said = ask("What did Ilka Brandvold say about the Tallowmere Atlas?", services=later)
    assert "saves every team weeks" in said.text, said.text
    unsaid = ask("What did Olufsen-Baptiste think of the Tallowmere Atlas?", services=later)
    assert unsaid.abstained, unsaid.text  # she is named near it, but says nothing of it


def test_a_name_with_accents_is_the_name_typed_without_them(later):
    assert later.bm25.search("geneve", 3)  # the keyword index has the word, unaccented
    answer = ask("when was the summit in geneve?", services=later)
    assert "6 and 7 November 2025" in answer.text, answer.text


def test_an_adverb_is_not_the_thing_counted(later):
    answer = ask("how many teams actually delivered a prototype?", services=later)
    assert "37 delivered a prototype" in answer.text, answer.text


def test_a_role_in_a_modifier_names_who_holds_it(later):
    answer = ask("Who chaired the jury of the first Corrib Summit?", services=later)
    assert "Vasquez-Lehr" in answer.text, answer.text


def test_a_place_in_a_ranking_is_answered_by_that_place_only(later):
    second = ask("who won second prize at the halloran forum", services=later)
    assert "Brindle" not in second.text, second.text  # first place answers another question
    assert "Osprey" in second.text or second.abstained, second.text


def test_an_event_held_in_one_place_is_not_the_one_named_by_another(later):
    here = ask("how many people attended the geneve summit?", services=later)
    assert "310" in here.text, here.text
    there = ask("how many people attended the bergen summit?", services=later)
    assert "310" not in there.text and "500" not in there.text, there.text


def test_an_expected_number_is_not_how_many_came(later):
    answer = ask("how many people attended the second corrib summit", services=later)
    assert "500" not in answer.text and "310" not in answer.text, answer.text


@pytest.mark.parametrize(
    ("month", "holder", "other"),
    [
        ("March 2025", "Okonkwo-Lind", "Barrow-Quist"),
        ("September 2025", "Barrow-Quist", "Okonkwo-Lind"),
    ],
)
def test_who_held_a_role_at_a_moment_is_read_from_since_and_until(later, month, holder, other):
    answer = ask(f"Who chaired the Loomfield Council in {month}?", services=later)
    assert holder in answer.text and other not in answer.text, answer.text


def test_a_count_that_grew_is_the_number_it_grew_to(later):
    answer = ask("How many seats does the Loomfield Council have?", services=later)
    assert "fifteen seats" in answer.text, answer.text  # a teen is a number too
    papers = ask("How many working papers does the Loomfield Council have now?", services=later)
    assert "from 4 to 9" in papers.text, papers.text


def test_a_plan_in_a_later_clause_does_not_make_the_deed_a_plan(later):
    answer = ask("how many teams got a kettle grant?", services=later)
    assert "Twelve teams received Kettle grants" in answer.text, answer.text
    opened = ask("has the second round of kettle grants opened yet?", services=later)
    assert opened.text.startswith("No; the materials only say it is planned"), opened.text
    # ... and a plan in the clause that says what was asked is still a plan
    when = ask("When did registration open for the Kettle mentoring scheme?", services=later)
    assert "1 November 2025" not in when.text, when.text


def test_a_day_weeks_after_its_document_is_to_come_and_the_last_one_is_the_latest_held(later):
    last = ask("Where was the last Corrib Summit held?", services=later)
    assert "Genève" in last.text and "Bergen" not in last.text, last.text
    both = ask(
        "Where was the last Corrib Summit held, and where will the next one be?", services=later
    )
    assert "Genève" in both.text and "Bergen" in both.text, both.text  # each part in its time


def test_a_vice_chair_is_not_found_in_a_word_that_contains_vice(later):
    chair = ask("Who chairs the On-Device Panel?", services=later)
    assert "Moreau-Stein" in chair.text, chair.text
    vice = ask("Who is the vice-chair of the On-Device Panel?", services=later)
    assert "Moreau-Stein" not in vice.text, vice.text  # "On-Device" names no vice-chair


def test_since_then_is_a_time_not_a_reason(later):
    answer = ask("Why does the On-Device Panel meet in Galway?", services=later)
    assert "Since then" not in answer.text, answer.text  # the materials give no reason


def test_a_table_row_of_names_and_numbers_is_a_statement(later):
    answer = ask("What was the reading circle count at the end of 2024?", services=later)
    assert "Circles: 4" in answer.text and "13" not in answer.text, answer.text


def test_cannot_denies(later):
    answer = ask("can an individual hold a kettle grant?", services=later)
    assert answer.text.startswith("No"), answer.text


def test_a_holder_now_is_of_the_body_named_not_of_another_one_listed_later(later):
    answer = ask("Who chairs the Study Council?", services=later)
    assert "Amadi" in answer.text and "Brandvold" not in answer.text, answer.text


def test_a_named_value_that_is_denied_is_a_no(later):
    answer = ask("Were Kettle grants awarded in 2024?", services=later)
    assert answer.text.startswith("No"), answer.text


def test_a_plan_whose_day_has_passed_is_not_what_comes_next(later):
    answer = ask("When is the next Pebble Forum?", services=later)
    assert "12 June 2026" in answer.text and "3 May 2024" not in answer.text, answer.text


def test_a_sentence_counting_the_people_asked_about_answers_how_many_took_part(later):
    answer = ask("how many people took part in the first corrib summit?", services=later)
    assert "310" in answer.text, answer.text


def test_a_plan_named_as_a_noun_does_not_make_a_deed_a_plan(later):
    answer = ask("When was the first Pebble Forum approved?", services=later)
    assert "2 February 2024" in answer.text, answer.text


def test_a_follow_up_keeps_the_edition_the_question_before_named(later):
    history = [("How many people attended the Corrib Summit 2025?", "")]
    assert later.pipeline.standalone("where was it held?", history) == (
        "where was the Corrib Summit 2025 held?"
    )


def test_a_list_is_taken_from_the_section_headed_with_most_of_what_is_asked(later):
    answer = ask("what guild panels are there?", services=later)
    assert "Heronry Panel" in answer.text and "guild office" not in answer.text, answer.text


def test_a_place_no_sentence_gives_is_not_answered(later):
    answer = ask("who came third at the Halloran Forum?", services=later)
    assert answer.abstained, answer.text  # the prizes went to first and second only
    runner = ask("what did the runner-up at the Halloran Forum make?", services=later)
    assert "Brindle" not in runner.text, runner.text


def test_held_is_not_only_planned_when_a_sentence_says_it_took_place(later):
    answer = ask("was the first corrib summit held in geneve?", services=later)
    assert not answer.text.startswith("No; the materials only say"), answer.text


def test_a_place_written_with_a_letter_of_its_own_is_the_place_typed_plainly(later):
    answer = ask("was the fjord meetup held in tromso?", services=later)
    assert answer.text.startswith("Yes"), answer.text  # "Tromsø": no accent to take off

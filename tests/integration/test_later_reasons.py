"""Issue 13's ninth round: reasons told as documents tell them, the holder of a role now, a
results table's winner. On documents written for this test only (none of them from an eval
split), added the way a user's would be: copied into the corpus, then a sync.

- "Why ...?" is answered by a consequence and the sentence before it ("Several members asked
  for ... The alliance has therefore created ..."), by "which is why", and by a cause told as
  what came first ("moved after the hall was closed"); "a year after the group was formed"
  is a time, not a reason;
- "Who chairs X?" is the holder a later document names, though an earlier one ranks higher;
- "Who won X?" is the row of a results table whose place is 1 ("Place: 1"), not the row of
  a prize table that says what first place gets;
- "Which finalist was from Portugal?" asks about finalists, not members (the member
  directory does not answer it);
- "When does round 3 open?" is not answered by what round 2 does, when no text names a
  round 3 ("the first round" names round 1); nor "Who won the hackathon?" when no document
  has a hackathon;
- "wg" is a working group;
- a running total "since it began in May 2024", written in 2026, is not the count at the
  end of 2024."""

from __future__ import annotations

import pytest
from helpers import corpus_with_documents

from app.answering.pipeline import unnamed_in_series
from app.core.query import ask
from app.core.types import Hit

LATER = {
    "announcements/2025-02-03-river-data-group.md": """---
doc_type: announcement
title: "A new working group for river data"
date: 2025-02-03
---

# A new working group for river data

Members who forecast floods have long shared gauge readings by e-mail, and several asked
for a common place to clean and publish them. The alliance has therefore created the River
Data Working Group, chaired by Ana Torvik of Fjordmark University.

The Osprey Fund pays only for work released under an open licence, which is why closed
projects are excluded from it. Round 2 of the Osprey Fund opens on 4 May 2026; the first
round funded 9 projects.

The Kestrel Workshop on flood models was moved to Graz after the planned hall in Linz was
closed for repairs.

Ines Calder stepped down as chair of the Tidal Models Working Group on 1 March 2025, a year
after the group was formed.
""",
    "news/2025-06-16-river-data-update.txt": """Subject: River Data Working Group - June update
From: AI Alliance Community Team
Date: Mon, 16 Jun 2025

The River Data Working Group, chaired by Ana Torvik of Fjordmark University, has published
its first open set of cleaned gauge readings from 140 river stations.

Ana Torvik, who chairs the River Data Working Group, said the group will add readings from
another 60 stations by the end of the year.

The River Data Working Group meets on the first Tuesday of each month, chaired by Ana
Torvik.
""",
    "news/2024-10-30-tour-update.txt": """Subject: Open Tools Tour - October update
From: AI Alliance Community Team
Date: Wed, 30 Oct 2024

The Open Tools Tour has now visited Quito, Tbilisi and Da Nang. The three stops drew 510
participants in total.
""",
    "reports/2026-01-20-tour-review.md": """---
doc_type: report
title: "The Open Tools Tour, 2024-2025"
date: 2026-01-20
---

# The Open Tools Tour, 2024-2025

Since it began in May 2024 the Open Tools Tour has reached 2,140 participants at nine stops.
""",
    "news/2026-05-04-working-groups.html": """<html><head><title>Working groups in May
2026</title></head><body>
<h1>Working groups in May 2026</h1>
<p>The alliance's working groups, their chairs and their size on 1 May 2026.</p>
<table>
<tr><th>Working group</th><th>Chair</th><th>Chair since</th><th>Members taking part</th></tr>
<tr><td>Tidal Models</td><td>Ravi Menon</td><td>April 2025</td><td>12</td></tr>
<tr><td>Glacier Imaging</td><td>Sofia Brandt</td><td>June 2024</td><td>9</td></tr>
<tr><td>River Data</td><td>Piet Huisman</td><td>January 2026</td><td>21</td></tr>
<tr><td>Soil Sensing</td><td>Maya Oduya</td><td>March 2025</td><td>7</td></tr>
<tr><td>Coastal Radar</td><td>Lena Vogt</td><td>May 2025</td><td>11</td></tr>
<tr><td>Drought Indices</td><td>Omar Haddad</td><td>July 2024</td><td>8</td></tr>
<tr><td>Snow Cover</td><td>Elin Strand</td><td>October 2025</td><td>6</td></tr>
<tr><td>Urban Heat</td><td>Carla Ruiz</td><td>February 2025</td><td>14</td></tr>
</table>
<p>Groups meet online once a month; their notes are published on the alliance's website.</p>
</body></html>
""",
    "announcements/2025-03-10-heron-cup.md": """---
doc_type: announcement
title: "The Heron Cup opens"
date: 2025-03-10
---

# The Heron Cup opens

The Heron Cup asks teams to build a flood-warning model that runs on a phone.

| Prize | Amount |
| --- | --- |
| First place | EUR 10,000 |
| Second place | EUR 5,000 |
""",
    "news/2025-10-20-heron-cup-results.html": """<html><head><title>Heron Cup 2025:
results</title></head><body>
<h1>Heron Cup 2025: results</h1>
<p>Forty teams entered the Heron Cup; four reached the final in Graz.</p>
<table>
<tr><th>Place</th><th>Team</th><th>Country</th><th>Score</th></tr>
<tr><td>1</td><td>Team Marram</td><td>Ireland</td><td>91.2</td></tr>
<tr><td>2</td><td>Team Sable</td><td>Portugal</td><td>88.0</td></tr>
<tr><td>3</td><td>Team Dunlin</td><td>Chile</td><td>84.5</td></tr>
<tr><td>4</td><td>Team Avocet</td><td>Kenya</td><td>80.1</td></tr>
</table>
</body></html>
""",
}


@pytest.fixture(scope="module")
def later(tmp_path_factory, model, seed_index):
    root = tmp_path_factory.mktemp("later-reasons")
    return corpus_with_documents(root, model, seed_index, LATER)


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("Why did the alliance create the River Data Working Group?", "common place"),
        ("Why are closed projects excluded from the Osprey Fund?", "open licence"),
        ("Why was the Kestrel Workshop moved?", "closed for repairs"),
    ],
)
def test_a_reason_as_documents_tell_it(later, question, reason):
    answer = ask(question, services=later)
    assert reason in answer.text and answer.citations, answer.text


def test_a_time_is_not_a_reason(later):
    answer = ask("Why did Ines Calder step down as chair?", services=later)
    assert answer.abstained or "a year after" not in answer.text, answer.text


def test_the_holder_now_is_the_one_a_later_document_names(later):
    # few chunks first (k=2): those naming the earlier chair; the later one is further down
    answer = ask("Who chairs the River Data Working Group?", services=later, k=2)
    assert "Piet Huisman" in answer.text, answer.text
    assert answer.citations[0].source == "news/2026-05-04-working-groups.html"


def test_a_results_tables_first_row_won(later):
    answer = ask("Who won the Heron Cup?", services=later)
    assert "Team Marram" in answer.text, answer.text


def test_finalists_are_not_members(later):
    answer = ask("Which Heron Cup finalist was from Portugal?", services=later)
    assert "Team Sable" in answer.text, answer.text


def test_a_numbered_round_no_text_names_is_not_another_round(later):
    answer = ask("When does round 3 of the Osprey Fund open?", services=later)
    assert answer.abstained, answer.text
    second = ask("When does round 2 of the Osprey Fund open?", services=later)
    assert "4 May 2026" in second.text, second.text


def test_a_series_member_is_named_by_its_number_or_its_ordinal():
    hits = [Hit("h", "The first round of the Osprey Fund funded 9 projects.", {}, 1.0)]
    assert unnamed_in_series("When did round 1 of the Osprey Fund close?", hits) == []
    assert unnamed_in_series("When does round 3 open?", hits) == ["round 3"]
    assert unnamed_in_series("Is version 2.0 out?", hits) == ["version 2.0"]


def test_a_kind_of_event_no_document_has_is_not_another_event(later):
    answer = ask("Who won the hackathon at the Heron Cup final?", services=later)
    assert answer.abstained, answer.text


def test_wg_is_a_working_group(later):
    analysis = later.pipeline.analyze("who chairs the tidal models wg?")
    assert "tidal models working group" in analysis.corrected, analysis.corrected
    answer = ask("who chairs the tidal models wg", services=later)
    assert "Ravi Menon" in answer.text, answer.text


def test_a_running_total_is_counted_when_it_was_written(later):
    answer = ask("How many participants had the Open Tools Tour reached by the end of 2024?",
                 services=later)  # fmt: skip
    assert "510 participants" in answer.text and "2,140" not in answer.text, answer.text
    now = ask("How many people has the Open Tools Tour reached?", services=later)
    assert "2,140" in now.text, now.text

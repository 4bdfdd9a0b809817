"""The mechanisms issue 13's eleventh round added, on documents written for this test only (none
of them from an eval split): a Markdown pipe table read as rows naming their columns, as HTML
and PDF tables are; a day written without its year ("opened on 17 March", "met yesterday")
given in full from the date of its document; a Yes or No cell under the column that says what
is asked; a table's column names are no names of people ("Prize: First place" does not say who
won); a telegraphic question ("data panel chair?") is answered by the newer row that names
the chair, not the pending one; a changing count is its newest statement; "why" with no
reason given as one shows what is said around the event, under a lead that says so; "the
workshop planned for 14 July is cancelled" is no plan; "Besancon" is "Besançon"; and an index
made by older readers is read again by the next sync. The documents reach the index the way a
user's would: copied into the corpus, then a sync."""

from __future__ import annotations

import pytest
from helpers import cited, corpus_with_documents, verdict_of

from app.core.query import ask
from ingest.loaders import READER_VERSION
from ingest.sync import READER

LATER = {
    "announcements/2025-03-01-review-panels.md": """---
doc_type: announcement
title: "Three review panels for the Quillon Fund"
date: 2025-03-01
---

# Three review panels for the Quillon Fund

The Quillon Fund's applications are read by three review panels.

| Panel | Chair | Seats |
|---|---|---|
| Ethics | Oona Vey | 7 |
| Data | to be confirmed | 5 |
| Compute | Lars Edvik | 4 |

| Prize | Amount |
|---|---|
| First place | EUR 12,000 |
| Second place | EUR 6,000 |

| Tier | Intended for | Eligible for a review panel seat |
|---|---|---|
| Sponsor | companies funding the fund | Yes |
| Associate | universities and non-profits | No |
""",
    "web/quillon-panels.html": """<html><head><title>Quillon Fund: panels</title></head><body>
<h1>Quillon Fund: panels</h1>
<p>Updated 2 June 2025.</p>
<table>
<tr><th>Panel</th><th>Chair</th><th>Since</th></tr>
<tr><td>Data</td><td>Priya Anand</td><td>20 May 2025</td></tr>
</table>
</body></html>
""",
    "news/2025-04-02-spring-bulletin.txt": """Quillon Spring Bulletin

2 April 2025

SURVEYS

The Quillon survey desk opened on 17 March. It answers members' questions about datasets.

The Quillon Fund counted 14 applications in its first month.
""",
    "news/2025-09-13-lagos-forum.md": """---
doc_type: news
title: "Lagos Open Data Forum"
date: 2025-09-13
---

# Lagos Open Data Forum

LAGOS, 13 September 2025 — Two hundred delegates met yesterday for the first Lagos Open Data
Forum, hosted by the Quillon Fund.
""",
    "minutes/2025-06-02-quillon-board.md": """---
doc_type: minutes
title: "Quillon Fund board: minutes of 2 June 2025"
date: 2025-06-02
---

# Quillon Fund board: minutes of 2 June 2025

## Item 2. Quillon workshop, Tartu

The in-person Quillon workshop planned for 14 July 2025 in Tartu is cancelled. Only 12 people
had registered, against a target of 80.

## Item 3. Quillon Forum

The Quillon Forum will still take place in Besançon, one week later than first announced.
""",
    "news/2025-11-20-quillon-update.md": """---
doc_type: news
title: "Quillon update, November"
date: 2025-11-20
---

# Quillon update, November

## Applications

The Quillon Fund has now counted 61 applications.
""",
}


@pytest.fixture(scope="module")
def later(tmp_path_factory, model, seed_index):
    root = tmp_path_factory.mktemp("later-round11")
    return corpus_with_documents(root, model, seed_index, LATER)


def test_a_pipe_tables_row_answers_who_holds_a_role(later):
    answer = ask("Who chairs the Ethics review panel of the Quillon Fund?", services=later)
    assert "Oona Vey" in answer.text, answer.text
    assert cited(answer) == {"announcements/2025-03-01-review-panels.md"}


def test_a_telegraphic_role_question_is_not_answered_by_a_pending_cell(later):
    answer = ask("quillon data panel chair?", services=later)
    assert "Priya Anand" in answer.text, answer.text
    assert "to be confirmed" not in answer.text.split("[")[0]  # not led by the pending cell


def test_column_names_are_no_winners(later):
    answer = ask("Who won the Quillon Fund's first place?", services=later)
    assert "EUR 12,000" not in answer.text or answer.abstained, answer.text


def test_a_yes_or_no_cell_under_the_asked_column_is_the_verdict(later):
    answer = ask("Can an Associate member get a seat on a Quillon review panel?", services=later)
    assert verdict_of(answer) == "No", answer.text
    answer = ask("Can a Sponsor get a Quillon review panel seat?", services=later)
    assert verdict_of(answer) == "Yes", answer.text


def test_a_day_without_its_year_is_given_in_full(later):
    answer = ask("When did the Quillon survey desk open?", services=later)
    assert "17 March 2025" in answer.text, answer.text
    assert cited(answer) == {"news/2025-04-02-spring-bulletin.txt"}


def test_yesterday_in_a_datelined_story_is_the_day_before_it(later):
    answer = ask("When was the Lagos Open Data Forum held?", services=later)
    assert "12 September 2025" in answer.text, answer.text


def test_the_newest_count_is_in_the_running(later):
    answer = ask("How many applications has the Quillon Fund counted so far?", services=later)
    assert "61" in answer.text, answer.text


def test_why_without_a_reason_given_as_one_shows_what_is_said_around_the_event(later):
    answer = ask("Why was the Quillon workshop in Tartu cancelled?", services=later)
    assert "Only 12 people had registered" in answer.text, answer.text
    assert answer.text.startswith("I found no sentence that gives the reason as one")
    absent = ask("Why didn't the Quillon workshop in Tartu go ahead?", services=later)
    assert not absent.text.startswith("I found no sentence"), absent.text  # an absence


def test_a_plan_that_only_names_the_thing_does_not_make_its_fate_a_plan(later):
    answer = ask("was the Quillon workshop cancelled?", services=later)
    assert verdict_of(answer) == "Yes", answer.text


def test_a_place_is_the_same_without_its_accents(later):
    answer = ask("Will the Quillon Forum take place in Besancon?", services=later)
    assert verdict_of(answer) == "Yes", answer.text


def test_an_index_made_by_older_readers_is_read_again(later):
    records = later.indexing.records
    records.set_meta(READER, "1")  # as an index synced before the pipe tables were rows
    stats = later.indexing.sync()
    assert stats.failed == [] and stats.chunks_added == 0  # read again; nothing to embed
    assert records.get_meta(READER) == READER_VERSION
    assert later.indexing.sync().unchanged >= len(LATER)  # and not read again after

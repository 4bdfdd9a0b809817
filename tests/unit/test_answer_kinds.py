"""What states the kind of answer a question asks for: a title one person holds is held by a
person or stays vacant (not the organisation that looks for one, nor "CV"); people who sit on a
body are counted in its members or seats, but only of that body; the counted noun is the word
for people wherever it stands ("How many people sit on ..."); "succeeding X" says who held it
before; a first question about founders of nothing named asks about the organisation's; "Is X
one of the ... focus areas?" is about X, and "is there ..." or "is it building a ..." asks no
such thing; "come out" is "be released" when a date is asked, "behind" a name other than the
organisation's is not "launched"; "how many ppl showed up?" after a question about an event is
asked of that event; a dateline dates its document, not what it tells."""

from __future__ import annotations

from app.answering.analysis import Analysis, _idiom
from app.answering.answer_types import counted_thing, type_check
from app.answering.followup import about_organisation
from app.answering.language import IDIOM
from app.answering.text import content_words
from app.answering.verdict import COPULAR


def _asked(question: str, qtype: str) -> Analysis:
    a = Analysis(question=question, corrected=question, qtype=qtype)
    a.org_words = frozenset(content_words("AI Alliance"))
    return a


def test_a_title_one_person_holds_is_held_by_a_person_or_vacant():
    states = type_check(_asked("Who is the outreach manager?", "who"), None, [])
    assert states("Tamsin Vell became Outreach Manager on 3 March 2025.") == (True, True)
    assert states("The post of outreach manager stays vacant until June.") == (True, True)
    assert states("The AI Alliance secretariat is looking for an Outreach Manager.")[1] is False
    assert states('Send a CV and a letter with the subject "Outreach Manager".')[1] is False


def test_a_role_a_body_may_hold_is_still_answered_by_a_body():
    states = type_check(_asked("Who leads the working groups?", "who"), None, [])
    assert states("The working groups are led by the members themselves.")[1] is True


def test_people_on_a_body_are_counted_in_its_members_but_only_its_own():
    counts = counted_thing(_asked("How many people sit on the review panel?", "count"))
    assert counts("The review panel has 7 members.")
    assert counts("It brought together 212 participants.")
    assert not counts("The governing board has 9 members.")


def test_succeeding_someone_says_who_held_it_before():
    for said in ("succeeding Ivo Drach", "replaced Ivo Drach", "Ivo Drach, her predecessor"):
        assert "befor" in content_words(said), said


def test_founders_of_nothing_named_are_the_organisations():
    def analyze(question: str) -> Analysis:
        return Analysis(question=question, corrected=question)

    ask = "who are the founders?"
    assert about_organisation(ask, "AI Alliance", analyze) == f"{ask[:-1]} of the AI Alliance?"
    assert about_organisation("amazon a founder?", "AI Alliance", analyze) == "amazon a founder?"


def test_one_of_a_list_is_asked_of_its_subject():
    assert COPULAR.match("Is robotics one of the AI Alliance's focus areas?")[1] == "robotics"
    assert COPULAR.match("is there a focus area for datasets") is None
    assert COPULAR.match("Is the alliance building a catalogue of safety tools?") is None


def test_idioms_in_the_materials_words_where_they_mean_that():
    assert (
        IDIOM.sub(_idiom, "When did Trellis 1.0 come out?") == "When did Trellis 1.0 be released?"
    )
    assert IDIOM.sub(_idiom, "Did it come out on schedule?") == "Did it come out on schedule?"
    assert IDIOM.sub(_idiom, "Who is behind the AI Alliance?") == "Who launched the AI Alliance?"
    assert IDIOM.sub(_idiom, "Which member is behind Ray?") == "Which member is behind Ray?"
    assert IDIOM.sub(_idiom, "Who is the chair at the moment?") == "Who is the chair now?"


def test_a_chat_word_in_any_case():
    from app.answering.analysis import _chat_word
    from app.answering.language import CHAT_WORD

    assert CHAT_WORD.sub(_chat_word, "combined r&d spend") == (
        "combined research and development spend"
    )


def test_a_dateline_dates_its_document_not_what_it_tells():
    from app.answering.extractive import _dateline

    asked = content_words("start")
    assert _dateline("Published 12 November 2025 by Tamsin Vell, Outreach Manager", asked)
    assert not _dateline("Published 12 November 2025 by Tamsin Vell", content_words("publish"))
    assert not _dateline("Tamsin Vell became Outreach Manager on 3 March 2025.", asked)


def test_a_count_of_who_came_follows_the_question_before():
    from app.answering.followup import carry_over

    def analyze(question: str) -> Analysis:
        return Analysis(question=question, corrected=question)

    before = [("where was the first gannet meetup held?", "In Tromso. [1]")]
    assert carry_over("how many ppl showed up", before, analyze) == (
        "how many ppl showed up (where was the first gannet meetup held)"
    )
    assert carry_over("how many ppl showed up", [], analyze) == "how many ppl showed up"

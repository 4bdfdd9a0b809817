"""Every reader sees every sync: a second view of the same index (its own Chroma client, as
in another process) answers from a sync made elsewhere at its next question; a chunk the
keyword index names and its vector view lacks is refreshed and retried, never raised; bad
questions through the Python API get a clear answer or a TypeError."""

from __future__ import annotations

import logging

import pytest

from app.core.query import ask

HACKATHON = "announcements/2024-01-10-hackathon.md"
NOTE = (
    "---\ntitle: January hackathon\ndate: 2024-01-10\n---\n\n# January hackathon\n\n"
    "The alliance's zebra-striped hackathon takes place in {city}.\n"
)
QUESTION = "Where does the zebra-striped hackathon take place?"


def _reader(services, make_services):
    reader = make_services(services.settings.corpus_dir, data_dir=services.settings.data_dir)
    assert "Finland" in ask("Which country is Silo AI based in?", services=reader).text
    return reader  # its vectors are loaded: from now on a stale view unless it catches up


def test_a_reader_answers_from_a_sync_made_elsewhere_at_its_next_question(
    services, corpus, make_services
):
    reader = _reader(services, make_services)
    before = reader.indexing.generation()
    (corpus / HACKATHON).write_text(NOTE.format(city="Reykjavik"))
    assert services.indexing.sync().added == 1
    assert reader.indexing.generation() == before + 1
    answer = ask(QUESTION, services=reader)
    assert "Reykjavik" in answer.text and answer.citations[0].source == HACKATHON

    (corpus / HACKATHON).write_text(NOTE.format(city="Tromso"))  # same chunk count
    services.indexing.sync()
    answer = ask(QUESTION, services=reader)
    assert "Tromso" in answer.text and answer.citations[0].source == HACKATHON
    assert reader.indexing.generation() == before + 2
    assert services.indexing.sync().changed is False
    assert reader.indexing.generation() == before + 2  # nothing changed: nothing to follow


def test_keyword_hits_missing_from_the_vector_view_are_refreshed_not_raised(
    services, corpus, make_services, caplog
):
    reader = _reader(services, make_services)
    (corpus / HACKATHON).write_text(NOTE.format(city="Reykjavik"))
    # the chunks and the keyword index change, but the generation does not move (as while
    # another process's sync is between its writes and its last step): only drift shows it
    services.indexing.syncer.sync(corpus)
    assert reader.indexing.generation() == services.indexing.generation()
    with caplog.at_level(logging.INFO, logger="vectorstore.retriever"):
        answer = ask(QUESTION, services=reader)
    assert "index drift; refreshing and retrying" in caplog.text
    assert "Reykjavik" in answer.text and answer.citations[0].source == HACKATHON


def test_bad_questions_through_the_python_api(kb_services):
    with pytest.raises(TypeError, match=r"must be a str, not bytes \(decode it first"):
        ask(b"Where is IBM based?", services=kb_services)
    with pytest.raises(TypeError, match="must be a str, not NoneType"):
        ask(None, services=kb_services)
    answer = ask("Where is IBM \ud800\udcff based?", services=kb_services)  # lone surrogates
    assert "United States" in answer.text and answer.citations[0].source == "members/ibm.md"
    huge = ask("Where is IBM based? " * 50_000, services=kb_services)  # 1,000,000 characters
    limit = "The question is 999,999 characters long; the limit is 2,000. Please ask it in "
    assert huge.abstained and huge.citations == [] and huge.notice == huge.text
    assert huge.text == limit + "fewer words."
    assert ask("", services=kb_services).notice == "Please ask a question."

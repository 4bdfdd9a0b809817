"""Incremental sync: only what changed is embedded, replaced or deleted."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.query import ask
from ingest.sync import CorpusError


def test_missing_and_empty_corpus_are_user_errors(make_services, tmp_path: Path):
    svc = make_services(tmp_path / "nope")
    with pytest.raises(CorpusError, match="does not exist"):
        svc.indexing.sync()
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CorpusError, match="no supported documents"):
        svc.indexing.sync(empty)


def test_app_sync_entry_point(corpus: Path, tmp_path: Path, monkeypatch):
    import app

    monkeypatch.setenv("ALLIANCE_DATA_DIR", str(tmp_path / "entry"))
    stats = app.sync(corpus)
    assert stats.added == len(list(corpus.rglob("*.md"))) and stats.failed == []
    assert app.sync(corpus).unchanged == stats.added


def test_questions_never_wait_for_a_sync_running_in_the_same_process(services, corpus: Path):
    """The web chat's re-index and ``serve --watch`` sync inside the serving process; an
    ``ask()`` meanwhile answers from the index as it is instead of queueing behind it."""
    import threading

    (corpus / "announcements" / "pause.md").write_text("# Pause\n\nA note that starts a sync.\n")
    answers: list = []

    def progress(done: int, total: int, rel: str) -> None:
        if answers:
            return
        asker = threading.Thread(
            target=lambda: answers.append(
                ask("Which country is Silo AI based in?", services=services)
            )
        )
        asker.start()
        asker.join(timeout=120)  # the sync is paused right here until the answer arrives
        assert not asker.is_alive(), "ask() waited for the running sync"

    stats = services.indexing.sync(progress=progress)
    assert stats.added == 1 and "Finland" in answers[0].text

"""The watched folder: real watchdog events debounced into a few syncs, the index following
created, edited, renamed and deleted files, and `serve --watch` answering from a new file."""

from __future__ import annotations

from pathlib import Path

from helpers import NEW_PROFILE, wait_for


def _answer(svc, question: str):
    from app.core.query import ask

    return ask(question, services=svc)


def _cited(svc, question: str) -> set[str]:
    return {c.source for c in _answer(svc, question).citations}


def test_watch_follows_create_edit_rename_delete(corpus: Path, make_services):
    svc = make_services(corpus)
    svc.indexing.sync()
    syncs: list = []
    watcher = svc.indexing.watch(on_sync=syncs.append)
    try:
        new = corpus / "members" / "zeta-labs.md"
        new.write_text(NEW_PROFILE.format(name="Zeta Labs", country="Norway", what="robots"))
        question = "Where is Zeta Labs based?"
        wait_for(lambda: "members/zeta-labs.md" in _cited(svc, question))

        new.write_text(NEW_PROFILE.format(name="Zeta Labs", country="Chile", what="robots"))
        wait_for(lambda: "Chile" in _answer(svc, question).text)

        renamed = corpus / "members" / "zeta.md"
        new.rename(renamed)
        wait_for(lambda: _cited(svc, question) & {"members/zeta.md"})
        assert "members/zeta-labs.md" not in svc.indexing.records.sources()

        renamed.unlink()
        wait_for(lambda: "members/zeta.md" not in svc.indexing.records.sources())
        assert "members/zeta.md" not in _cited(svc, question)
    finally:
        watcher.stop()
    assert svc.indexing.check().clean
    assert all(not s.failed for s in syncs)

"""Incremental sync: only what changed is embedded, replaced or deleted."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.query import ask
from ingest.sync import CorpusError


def _ids_by_source(svc) -> dict[str, set[str]]:
    got = svc.index.all_chunks()
    out: dict[str, set[str]] = {}
    for cid, meta in zip(got["ids"], got["metadatas"], strict=True):
        out.setdefault(meta["source"], set()).add(cid)
    return out


def test_first_sync_indexes_every_document(services, corpus: Path):
    n_files = len(list(corpus.rglob("*.md")))
    status = services.status()
    assert status["documents"] == n_files
    assert status["chunks"] >= n_files
    assert set(_ids_by_source(services)) == {
        p.relative_to(corpus).as_posix() for p in corpus.rglob("*.md")
    }


def test_second_sync_is_a_no_op(services, corpus: Path):
    before = _ids_by_source(services)
    stats = services.sync()
    assert (stats.added, stats.updated, stats.deleted) == (0, 0, 0)
    assert stats.chunks_added == stats.chunks_deleted == 0
    assert stats.unchanged == len(list(corpus.rglob("*.md")))
    assert _ids_by_source(services) == before


def test_editing_one_file_replaces_only_its_chunks(services, corpus: Path):
    before = _ids_by_source(services)
    path = corpus / "members" / "silo-ai.md"
    path.write_text(path.read_text().replace("Finland", "Finland (Helsinki office)"))
    stats = services.sync()
    assert (stats.added, stats.updated, stats.deleted) == (0, 1, 0)
    assert stats.chunks_added >= 1 and stats.chunks_deleted >= 1
    after = _ids_by_source(services)
    assert after["members/silo-ai.md"].isdisjoint(before["members/silo-ai.md"])
    for source, ids in before.items():
        if source != "members/silo-ai.md":
            assert after[source] == ids, source
    assert "Helsinki" in ask("Where is Silo AI based?", services=services).text


def test_deleting_a_file_removes_its_chunks_and_it_is_never_cited(services, corpus: Path):
    (corpus / "members" / "sakana-ai.md").unlink()
    stats = services.sync()
    assert (stats.added, stats.updated, stats.deleted) == (0, 0, 1)
    assert stats.chunks_deleted >= 1
    assert "members/sakana-ai.md" not in _ids_by_source(services)
    assert "members/sakana-ai.md" not in services.records.sources()
    answer = ask("Which country is Sakana AI based in?", services=services)
    assert all(c.source != "members/sakana-ai.md" for c in answer.citations)


def test_adding_a_file_makes_it_answerable(services, corpus: Path):
    (corpus / "announcements" / "2024-01-10-newsletter.md").write_text(
        "---\ntitle: January newsletter\ndate: 2024-01-10\n---\n\n# January newsletter\n\n"
        "The alliance's quarterly zebra-striped hackathon takes place in Reykjavik.\n"
    )
    stats = services.sync()
    assert (stats.added, stats.updated, stats.deleted) == (1, 0, 0)
    answer = ask("Where does the zebra-striped hackathon take place?", services=services)
    assert "Reykjavik" in answer.text
    cited = answer.citations[0]
    assert cited.source == "announcements/2024-01-10-newsletter.md"
    assert cited.doc_type == "announcement" and cited.date == "2024-01-10"


def test_rebuild_starts_from_scratch(services, corpus: Path):
    n = services.status()["chunks"]
    stats = services.sync(rebuild=True)
    assert stats.added == len(list(corpus.rglob("*.md")))
    assert services.status()["chunks"] == n


def test_missing_and_empty_corpus_are_user_errors(make_services, tmp_path: Path):
    svc = make_services(tmp_path / "nope")
    with pytest.raises(CorpusError, match="does not exist"):
        svc.sync()
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CorpusError, match="no supported documents"):
        svc.sync(empty)


def test_ingest_sync_entry_point(corpus: Path, tmp_path: Path, monkeypatch):
    import ingest

    monkeypatch.setenv("ALLIANCE_DATA_DIR", str(tmp_path / "entry"))
    stats = ingest.sync(corpus)
    assert stats.added == len(list(corpus.rglob("*.md"))) and stats.failed == []
    assert ingest.sync(corpus).unchanged == stats.added


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

    stats = services.sync(progress=progress)
    assert stats.added == 1 and "Finland" in answers[0].text

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


def test_writing_while_encoding_stores_what_one_write_after_encoding_stores(
    make_services, tmp_path: Path, model
):
    """A sync writes its new chunks a piece at a time while the encoder computes the next
    ones; the collection it leaves (ids, vectors, texts, metadata) is the one a sync that
    encodes everything first and writes it in one go leaves, bit for bit."""
    import numpy as np

    from ingest.sync import WRITE_PIECE

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(WRITE_PIECE + 90):  # more chunks than one piece, and a short last piece
        words = " ".join(f"topic{(n * k) % 97}" for k in range(1 + n % 10))  # short: quick
        (corpus / f"m{n:03}.md").write_text(f"# Member {n}\n\nMember {n} works on {words}.\n")

    def one_write(texts, tokens=None):  # the whole batch encoded first, in file order
        return iter([(np.arange(len(texts)), model.encode(texts, token_ids=tokens))])

    pieced, whole = make_services(corpus), make_services(corpus, data_dir=tmp_path / "whole")
    whole.indexing.syncer.encode = one_write
    writes = {"pieced": 0, "whole": 0}
    for name, svc in (("pieced", pieced), ("whole", whole)):
        syncer, original = svc.indexing.syncer, svc.indexing.syncer._write_vectors

        def counted(*args, name=name, original=original):
            writes[name] += 1
            return original(*args)

        syncer._write_vectors = counted
        assert svc.indexing.sync().chunks_added == WRITE_PIECE + 90
    assert writes == {"pieced": 1 if model.backend == "torch" else 2, "whole": 1}
    got = [svc.index.collection.get(include=["embeddings", "documents", "metadatas"])
           for svc in (pieced, whole)]  # fmt: skip
    (a, b) = [sorted(zip(g["ids"], g["documents"], g["metadatas"], g["embeddings"],
                         strict=True), key=lambda row: row[0]) for g in got]  # fmt: skip
    assert [row[:3] for row in a] == [row[:3] for row in b]
    assert np.array_equal(np.array([row[3] for row in a]), np.array([row[3] for row in b]))


def test_a_failed_write_stops_the_bulk_encode_at_once(make_services, tmp_path: Path, model):
    """A write that fails mid-sync closes the encoder's pieces: its requests and its lock
    are free for the next sync in this process, even while the error is still held."""
    from ingest.sync import WRITE_PIECE

    if model.backend != "openvino":
        pytest.skip("only OpenVINO encodes in bulk")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(WRITE_PIECE + 10):
        (corpus / f"m{n:03}.md").write_text(f"# Member {n}\n\nMember {n} builds item{n}.\n")
    svc = make_services(corpus)

    def fail(*args):
        raise OSError("disk full")

    svc.indexing.syncer._write_vectors = fail
    with pytest.raises(OSError, match="disk full") as held:
        svc.indexing.sync()
    assert held.value is not None  # the traceback, and the generator's frame, still alive
    lock = model.client._bulk_lock
    assert lock.acquire(timeout=10), "the bulk encoder was left locked"
    lock.release()
    del svc.indexing.syncer._write_vectors
    assert svc.indexing.sync().chunks_added == WRITE_PIECE + 10


def test_a_keyword_index_of_an_older_tokenizer_is_rebuilt_by_the_next_sync(
    make_services, corpus: Path, tmp_path: Path
):
    import sqlite3

    svc = make_services(corpus, data_dir=tmp_path / "old-words")
    svc.indexing.sync()
    bm25 = svc.indexing.bm25
    with sqlite3.connect(bm25.path) as conn:  # written by a version that split words apart
        conn.execute("UPDATE meta SET value = 1 WHERE key = 'tokenizer'")
    assert not bm25.exists() and svc.indexing.check().keyword_index == "missing"
    stats = svc.indexing.sync()  # nothing in the corpus changed
    assert stats.unchanged and bm25.exists() and svc.indexing.check().keyword_index == ""
    assert sorted(bm25.ids()) == sorted(svc.indexing.index.ids())

"""Bounded work per document, through real syncs: the two hostile uploads (a 4.9 MB text of
one sentence, a PDF page bomb) fail fast with their reason while everything else is indexed;
a failed file is not read or parsed again until it changes; past the chunk limit or the parse
budget a file fails with that reason."""

from __future__ import annotations

from pathlib import Path

from bench.hostile_uploads import one_sentence_text, page_bomb

TEXT, BOMB = "uploads/one-sentence.txt", "uploads/page-bomb.pdf"


def _read_spy(monkeypatch) -> list[str]:
    import ingest.sync

    read: list[str] = []
    real = ingest.sync.read_file

    def spy(path: Path, max_bytes: int) -> bytes:
        read.append(path.name)
        return real(path, max_bytes)

    monkeypatch.setattr(ingest.sync, "read_file", spy)
    return read


def test_hostile_uploads_fail_fast_and_are_not_parsed_again(services, corpus, monkeypatch):
    (corpus / "uploads").mkdir()
    (corpus / TEXT).write_bytes(one_sentence_text())
    (corpus / BOMB).write_bytes(page_bomb())
    read = _read_spy(monkeypatch)

    stats = services.indexing.sync()
    assert {f["path"]: f["reason"] for f in stats.failed} == {
        TEXT: "too long: at least 3765 chunks, over the 1000-chunk limit per document",
        BOMB: "PDF page 1 unpacks to 73400320 bytes of content, over the 10485760-byte limit",
    }
    assert (stats.added, stats.updated, stats.deleted, stats.not_retried) == (0, 0, 0, 0)
    assert sorted(read) == ["one-sentence.txt", "page-bomb.pdf"]

    read.clear()
    again = services.indexing.sync()
    assert again.failed == stats.failed and again.not_retried == 2 and read == []
    drift = services.indexing.check()  # check knows them too, without parsing them
    assert drift.clean and drift.failed == stats.failed and read == []

    (corpus / TEXT).write_text("# Upload note\n\nThe alliance's upload note is about quokkas.\n")
    fixed = services.indexing.sync()  # a new hash: read again, and now indexed
    assert fixed.added == 1 and fixed.not_retried == 1 and read == ["one-sentence.txt"]
    assert [f["path"] for f in fixed.failed] == [BOMB]
    (corpus / BOMB).unlink()
    assert services.indexing.sync().failed == []
    assert services.indexing.records.failures() == {}  # gone from the folder, forgotten


def test_past_the_chunk_limit_or_the_parse_budget_a_file_fails_with_that_reason(
    tmp_path: Path, make_services
):
    corpus = tmp_path / "docs"
    corpus.mkdir()
    (corpus / "note.md").write_text("# Note\n\nThe alliance field team counted seven penguins.\n")
    sections = "".join(f"## Part {i}\n\nThe alliance met in city number {i}.\n\n" for i in range(9))
    (corpus / "sections.md").write_text("# Minutes\n\n" + sections)
    (corpus / "bomb.pdf").write_bytes(page_bomb())
    svc = make_services(  # pages may unpack to 10 GB: only the time budget stops the bomb
        corpus, max_chunks_per_document=3, parse_timeout=2, max_file_bytes=10 * 2**30
    )
    stats = svc.indexing.sync()
    assert {f["path"]: f["reason"] for f in stats.failed} == {
        "sections.md": "too long: more than 3 chunks, over the 3-chunk limit per document",
        "bomb.pdf": "took longer than the 2-second parse budget per file",
    }
    assert stats.added == 1 and set(svc.indexing.records.sources()) == {"note.md"}
    assert svc.indexing.sync().not_retried == 2
    looser = make_services(corpus, data_dir=tmp_path / "data", max_file_bytes=10 * 2**30,
                           max_chunks_per_document=50, parse_timeout=2)  # fmt: skip
    retried = looser.indexing.sync()  # other limits: tried again
    assert retried.added == 1 and retried.not_retried == 0
    assert [f["path"] for f in retried.failed] == ["bomb.pdf"]

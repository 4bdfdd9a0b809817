"""Bounded work per file, without the model: PDF page limits checked before any text is
extracted, and a real worker process stopped at its time budget and replaced after."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.hostile_uploads import page_bomb


def test_a_page_bomb_is_refused_before_its_text_is_extracted(tmp_path: Path):
    from ingest.loaders import LoadError, parse_file

    path = tmp_path / "bomb.pdf"
    with pytest.raises(LoadError, match=r"^PDF page 1 unpacks to 73400320 bytes of content, "
                       r"over the 10485760-byte limit$"):  # fmt: skip
        parse_file(page_bomb(), path, tmp_path, max_bytes=10 * 2**20)
    with pytest.raises(LoadError, match=r"^PDF has 200 pages, over the 150-page limit$"):
        parse_file(page_bomb(), path, tmp_path, max_bytes=10 * 2**30, max_pages=150)


def test_a_parse_past_its_budget_is_stopped_and_the_next_file_parses(tmp_path: Path):
    from ingest.bounded import BoundedParser, Limits
    from ingest.loaders import LoadError

    # the page check lifted (pages may unpack to 10 GB): only the budget stops the parse
    parser = BoundedParser(Limits(max_bytes=10 * 2**30, parse_seconds=2))
    with pytest.raises(LoadError, match=r"^took longer than the 2-second parse budget per file$"):
        parser.parse(page_bomb(), tmp_path / "bomb.pdf", tmp_path)
    note = b"# Field note\n\nThe alliance field team counted seven penguins.\n"
    docs = parser.parse(note, tmp_path / "note.md", tmp_path)
    assert "seven penguins" in docs[0].text and docs[0].metadata["title"] == "Field note"
    assert parser.parsed == 2


def test_a_group_of_files_each_has_its_budget_and_the_rest_survive_a_stop(tmp_path: Path):
    """The worker is handed several files at once: one past its budget is stopped, the
    worker replaced, and the files after it in the group are parsed by the new one."""
    from ingest.bounded import BoundedParser, Limits
    from ingest.loaders import LoadError

    parser = BoundedParser(Limits(max_bytes=10 * 2**30, parse_seconds=2))
    notes = [f"# Note {i}\n\nThe field team counted {i} penguins.\n".encode() for i in range(3)]
    files = [(notes[0], tmp_path / "a.md"), (page_bomb(), tmp_path / "b.pdf"),
             (notes[1], tmp_path / "c.md"), (notes[2], tmp_path / "d.md")]  # fmt: skip
    got = list(parser.parse_many(files, tmp_path))
    assert [type(g).__name__ for g in got] == ["list", "LoadError", "list", "list"]
    assert isinstance(got[1], LoadError) and "2-second parse budget" in str(got[1])
    assert [g[0].metadata["title"] for g in (got[0], got[2], got[3])] == [
        "Note 0", "Note 1", "Note 2"]  # fmt: skip
    early = parser.parse_many(files[2:], tmp_path)
    assert next(early)[0].metadata["title"] == "Note 1"
    early.close()  # stopped early: its worker still had an answer, so it is replaced
    assert parser.parse(notes[0], tmp_path / "e.md", tmp_path)[0].metadata["title"] == "Note 0"

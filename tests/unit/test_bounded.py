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

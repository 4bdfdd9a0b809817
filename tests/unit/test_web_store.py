"""The web chat's feedback store and ``alliance-assistant feedback``, and the path check of
the route that opens a source document (the route itself is tested over HTTP in
tests/system/test_web_documents.py)."""

from __future__ import annotations

import json
import os

import pytest

from app.interfaces.cli.main import main
from app.interfaces.web.feedback import FeedbackStore
from app.interfaces.web.routes import SourceRefused, corpus_file

CITED = [{"n": 1, "source": "members/sony.md", "title": "Sony", "snippet": "long text"}]


def test_feedback_is_stored_rerated_commented_and_exported(tmp_path, capsys):
    store = FeedbackStore.in_data_dir(tmp_path)
    assert store.rows() == []
    first = store.rate(
        turn_id="t1", rating=1, question="Q?", answer="A [1]", citations=CITED, filters=None
    )
    again = store.rate(
        turn_id="t1",
        rating=-1,
        question="Q?",
        answer="A [1]",
        citations=CITED,
        filters={"doc_type": "member_profile"},
    )
    assert first == again  # one row per answer: a second click changes the rating
    assert store.comment("t1", "  wrong member  ") and not store.comment("nope", "x")
    (row,) = store.rows()
    assert row["rating"] == "down" and row["comment"] == "wrong member"
    assert row["citations"] == [{"n": 1, "source": "members/sony.md", "title": "Sony"}]
    assert row["question"] == "Q?" and row["answer"] == "A [1]" and row["filters"] is None
    assert row["time"][:4].isdigit()
    assert main(["--data-dir", str(tmp_path), "feedback", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [row]
    assert main(["--data-dir", str(tmp_path), "feedback"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 ratings: 0 up, 1 down") and "comment: wrong member" in out


def test_the_source_path_check(tmp_path):
    corpus, outside = tmp_path / "docs", tmp_path / "outside"
    (corpus / "members").mkdir(parents=True)
    outside.mkdir()
    (corpus / "members" / "a.md").write_text("# A\n")
    (outside / "secret.md").write_text("secret\n")
    (corpus / "link.md").symlink_to(outside / "secret.md")
    os.symlink(outside, corpus / "folder-link")
    data = corpus / "index"  # a data dir inside the corpus is still never served
    data.mkdir()
    (data / "notes.md").write_text("# inside the data dir\n")
    (corpus / ".hidden.md").write_text("# hidden\n")
    (corpus / "tool.exe").write_bytes(b"MZ")
    assert corpus_file(corpus, data, "members/a.md") == (corpus / "members" / "a.md").resolve()
    for rel in [
        "../outside/secret.md",
        "members/../../outside/secret.md",
        str(outside / "secret.md"),
        "link.md",
        "folder-link/secret.md",
        "index/notes.md",
        ".hidden.md",
        "tool.exe",
        "members/missing.md",
        "members",
        "",
    ]:
        with pytest.raises(SourceRefused):
            corpus_file(corpus, data, rel)

"""The web chat against a real launched Gradio server: gradio_client for the API, and a
real headless Chromium (Debian's package, driven by Playwright) for what a person sees."""

from __future__ import annotations

from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def test_upload_names_cannot_leave_the_corpus(tmp_path):
    from app.interfaces.web.uploads import save_uploads

    corpus = tmp_path / "docs"
    corpus.mkdir()
    src = tmp_path / "x.md"
    src.write_text("# X\n\nText.\n")
    names = ["../../evil.md", "..\\..\\win.md", "/etc/cron.d/job.md", "....md", "ok name.md"]
    result = save_uploads([(n, src) for n in names], corpus, allowed_types=[".md"], max_bytes=1000)
    assert result.saved == [
        "uploads/evil.md",
        "uploads/win.md",
        "uploads/job.md",
        "uploads/ok-name.md",
    ]
    assert [r["path"] for r in result.refused] == ["....md"]
    assert not (tmp_path / "evil.md").exists()
    assert all(p.resolve().is_relative_to(corpus.resolve()) for p in corpus.rglob("*"))
    big = save_uploads([("big.md", src)], corpus, allowed_types=[".md"], max_bytes=3)
    assert "limit" in big.refused[0]["reason"]


def test_a_taken_name_gets_a_new_one_and_a_long_name_keeps_its_type(tmp_path):
    from app.interfaces.web.uploads import save_uploads

    corpus = tmp_path / "docs"
    corpus.mkdir()
    one, two = tmp_path / "one.md", tmp_path / "two.md"
    one.write_text("# One\n\nFirst.\n")
    two.write_text("# Two\n\nSecond.\n")
    save = lambda pairs: save_uploads(pairs, corpus, allowed_types=[".md"], max_bytes=1000)  # noqa: E731
    assert save([("notes.md", one)]).saved == ["uploads/notes.md"]
    result = save([("../notes.md", two)])  # same name after clean-up: never a replacement
    assert result.saved == ["uploads/notes-2.md"]
    assert result.renamed == {"../notes.md": "uploads/notes-2.md"}
    assert (corpus / "uploads" / "notes.md").read_text() == "# One\n\nFirst.\n"
    again = save([("notes.md", two)])  # the very same bytes once more
    assert (
        again.saved == [] and "already uploaded as uploads/notes-2.md" in again.refused[0]["reason"]
    )
    long_name = "quarterly-report-" * 10 + ".md"  # 173 characters
    (stored,) = save([(long_name, one)]).saved
    name = stored.removeprefix("uploads/")
    assert name.endswith(".md") and len(name) <= 120 and name.startswith("quarterly-report-")
    (renamed,) = save([(long_name, two)]).saved  # taken, and still short
    assert renamed.endswith("-2.md") and len(renamed.removeprefix("uploads/")) <= 120


def test_a_long_name_with_an_allowed_type_is_not_refused_for_its_type(tmp_path):
    from app.interfaces.web.uploads import safe_name

    assert (
        safe_name("x" * 300 + ".pdf").endswith(".pdf") and len(safe_name("x" * 300 + ".pdf")) == 120
    )
    assert safe_name("Quokka Summit.md") == "Quokka-Summit.md"

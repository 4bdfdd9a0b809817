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

"""The Documents tab in a real Chromium against a real server: uploads never overwrite,
the table lists and filters the indexed documents, an upload is deleted (file and index
entries) after a confirmation, status and progress are separate lines with readable times;
and the read-only route that opens a source document serves corpus files only."""

from __future__ import annotations

import http.client
import os
import re
from pathlib import Path

import pytest
from webserver import ARTIFACTS, CHROMIUM, ask, browser, launch

QUESTION = "Where did the alliance hold its quokka summit?"
NOTES = """---
title: Quokka summit notes
date: 2024-03-01
---
# Quokka summit notes

The alliance held its first quokka summit in Perth, on Rottnest Island.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory, model, seed_index):
    demo, info = launch(tmp_path_factory.mktemp("web-docs"), model, seed_index)
    yield info
    demo.close()


def get(site, path: str, method: str = "GET") -> http.client.HTTPResponse:
    """A raw request: the path goes out exactly as written (no client-side clean-up)."""
    host, port = site["url"].removeprefix("http://").rstrip("/").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    conn.request(method, path)
    res = conn.getresponse()
    res.body = res.read()  # type: ignore[attr-defined]
    conn.close()
    return res


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="make test installs Debian's chromium")
def test_upload_table_and_delete_in_the_browser(site, tmp_path):
    from playwright.sync_api import sync_playwright

    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    (first / "notes.md").write_text(NOTES)
    (second / "notes.md").write_text(NOTES.replace("Perth", "Fremantle"))  # same name
    long_name = "a-very-long-file-name-" * 8 + "keeps.md"  # 180 characters
    numbat = NOTES.replace("Quokka summit", "Numbat fair").replace("quokka summit", "numbat fair")
    (second / long_name).write_text(numbat)
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = browser(p)
        page = b.new_page(viewport={"width": 1280, "height": 900})
        page.goto(site["url"])
        page.get_by_role("tab", name="Documents").click()
        summary = page.locator("#sync-summary")

        def settled(expect: str) -> str:
            """The summary once it shows ``expect`` and its progress indicator is gone."""
            page.wait_for_function(
                "expect => { const s = document.querySelector('#sync-summary');"
                " const busy = s.querySelector('[data-testid=status-tracker]:not(.hide)');"
                " return !busy && s.innerText.includes(expect); }",
                arg=expect,
                timeout=120_000,
            )
            return summary.inner_text()

        def upload(files: list[Path], expect: str) -> str:
            page.locator("#upload input[type=file]").set_input_files([str(f) for f in files])
            page.locator("#upload-btn").click()
            return settled(expect)

        text = upload([first / "notes.md"], "Saved: uploads/notes.md")
        assert "Saved: uploads/notes.md" in text and "1 added" in text
        lines = [ln for ln in text.splitlines() if ln.strip()]
        assert lines[0].startswith("Saved:") and lines[-1].startswith("Sync finished")
        text = upload([second / "notes.md", second / long_name], "notes-2.md")
        assert "uploads/notes-2.md" in text and "that name was taken" in text
        stored = sorted(p.name for p in (site["corpus"] / "uploads").iterdir())
        assert stored[-1] == "notes.md" and "notes-2.md" in stored
        (shortened,) = [n for n in stored if n.startswith("a-very")]
        assert shortened.endswith(".md") and len(shortened) <= 120  # shorter, still .md
        assert (site["corpus"] / "uploads" / "notes.md").read_text() == NOTES  # not replaced
        text = upload([first / "notes.md"], "already uploaded")
        assert "refused notes.md: already uploaded as uploads/notes.md" in text

        status = page.locator("#docs-status").inner_text()
        assert "last sync just now" in status and not re.search(r"\d{4}-\d\d-\d\dT", status)
        page.locator("#doc-filter textarea, #doc-filter input").first.fill("quokka summit")
        table_shows = (
            "([yes, no]) => { const t = document.querySelector('#doc-table').innerText;"
            " return yes.every(s => t.includes(s)) && !no.some(s => t.includes(s)); }"
        )
        page.wait_for_function(table_shows, arg=[["notes-2.md"], ["members/", "a-very"]])
        rows = page.locator("#doc-table").inner_text()
        assert "uploads/notes.md" in rows and "uploads/notes-2.md" in rows
        assert "Quokka summit notes" in rows and "2024-03-01" in rows
        page.screenshot(path=str(ARTIFACTS / "documents.png"))

        page.get_by_role("tab", name="Chat").click()
        ask(page, QUESTION)
        assert "uploads/notes" in page.locator("#chat .answer").last.text_content()

        page.get_by_role("tab", name="Documents").click()
        page.locator("#delete-choice input").click()
        page.get_by_role("option", name="uploads/notes.md", exact=True).click()
        page.locator("#delete-btn").click()
        page.locator("#confirm-row").wait_for(state="visible", timeout=10_000)
        assert "uploads/notes.md" in page.locator("#confirm-text").inner_text()
        page.locator("#confirm-delete").click()
        assert "1 deleted" in settled("Deleted")
        assert not (site["corpus"] / "uploads" / "notes.md").exists()
        page.wait_for_function(table_shows, arg=[["notes-2.md"], ["uploads/notes.md"]])

        page.get_by_role("tab", name="Chat").click()
        ask(page, QUESTION)
        last = page.locator("#chat .answer").last.text_content()
        assert "uploads/notes.md" not in last  # the deleted upload is never cited again
        b.close()


def test_the_source_route_serves_corpus_files_only(site):
    corpus, data = site["corpus"], site["data"]
    res = get(site, "/source/members/silo-ai.md")
    assert res.status == 200 and res.body.startswith(b"---")
    assert res.getheader("content-type").startswith("text/plain")
    assert "sandbox" in res.getheader("content-security-policy")
    (corpus / "escape.md").symlink_to("/etc/passwd")
    (corpus / "index-secret.md").symlink_to(data / "web-secret")
    (corpus / ".hidden.md").write_text("# hidden\n")
    os.symlink(data, corpus / "data-link")
    for path in [
        "/source/../data/web-secret",
        "/source/%2e%2e/data/records.sqlite",
        "/source/members/..%2f..%2fdata%2frecords.sqlite",
        "/source//etc/passwd",
        "/source/escape.md",
        "/source/index-secret.md",
        "/source/data-link/records.sqlite",
        "/source/.hidden.md",
        "/source/members/no-such-member.md",
    ]:
        res = get(site, path)
        assert res.status == 404, (path, res.status)
        assert b"root:" not in res.body and b"SQLite" not in res.body
    assert get(site, "/source/members/silo-ai.md", method="POST").status == 405  # read-only
    assert get(site, "/source/members/silo-ai.md", method="DELETE").status == 405


def test_the_source_route_needs_the_login_when_there_is_one(tmp_path, model, seed_index):
    demo, info = launch(tmp_path, model, seed_index, auth="ann:secret")
    try:
        assert get(info, "/source/members/silo-ai.md").status == 401
    finally:
        demo.close()

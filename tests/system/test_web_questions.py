"""Bad questions through the web chat never raise: in a real Chromium an empty and a 1 MB
question each get a visible note (and no turn is added); through the Gradio API a question
with lone surrogates (what a broken JSON escape becomes) is cleaned and answered, and a null
question completes without an error."""

from __future__ import annotations

from pathlib import Path

import pytest
from webserver import CHROMIUM, ask, browser, launch


@pytest.fixture(scope="module")
def site(tmp_path_factory, model, seed_index):
    demo, info = launch(tmp_path_factory.mktemp("web-questions"), model, seed_index)
    yield info
    demo.close()


def _raw_chat(url: str, body: str) -> str:
    """POST a chat request as raw JSON (gradio_client cannot send a lone surrogate or a
    null) and return its event stream."""
    import httpx

    queued = httpx.post(f"{url}gradio_api/call/chat", content=body,
                        headers={"content-type": "application/json"}, timeout=60)  # fmt: skip
    with httpx.stream("GET", f"{url}gradio_api/call/chat/{queued.json()['event_id']}",
                      timeout=120) as events:  # fmt: skip
        return "".join(events.iter_text())


def test_lone_surrogates_and_a_null_question_through_the_api(site):
    cleaned = _raw_chat(
        site["url"], '{"data": ["Where is IBM \\ud800 based?", null, "All materials"]}'
    )
    assert "event: complete" in cleaned and "event: error" not in cleaned
    assert "United States" in cleaned and "members/ibm.md" in cleaned
    null = _raw_chat(site["url"], '{"data": [null, null, "All materials"]}')
    assert "event: complete" in null and "event: error" not in null


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="make test installs Debian's chromium")
def test_empty_and_1_mb_questions_get_a_visible_note_in_the_browser(site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = browser(p)
        page = b.new_page(viewport={"width": 1280, "height": 900})
        page.goto(site["url"])
        ask(page, "Where is Sakana AI based?")
        box = page.locator("#question textarea")
        for question, note in (
            ("x" * 1_000_000, "The question is 1,000,000 characters long; the limit is 2,000."),
            ("   ", "Please ask a question."),
        ):
            box.fill(question)
            box.press("Enter")
            toast = page.locator(".toast-body", has_text=note)
            toast.wait_for(state="visible", timeout=60_000)
            assert page.locator("#chat .answer").count() == 1  # no turn was added
        assert len(box.input_value()) == 3  # the text stays, to be shortened
        b.close()

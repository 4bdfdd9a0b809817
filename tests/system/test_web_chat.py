"""The chat as a person uses it, in a real Chromium (Debian's, driven by Playwright) against
a real web chat server: each answer keeps its own sources, copy gives plain text, both
themes are readable, 400 px works, examples send, streaming is visible, regenerate and
feedback work, and the history survives a reload. One server and one browser for the
module; screenshots go to tests/artifacts/."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from webserver import (
    ARTIFACTS,
    CHROMIUM,
    ask,
    browser,
    launch,
    open_source,
    wait_answers,
)

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="make test installs Debian's chromium"
)

LAUNCH_Q = "When was the AI Alliance launched?"
JAPAN_Q = "Which members are based in Japan?"

# Contrast ratio (WCAG 2) of an element's computed text colour on its background colour.
CONTRAST_JS = """
el => {
  const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const st = getComputedStyle(el);
  const [a, b] = [lum(rgb(st.color)), lum(rgb(st.backgroundColor))];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory, model, seed_index):
    demo, info = launch(tmp_path_factory.mktemp("web-chat"), model, seed_index)
    yield info
    demo.close()


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = browser(p)
        yield b
        b.close()


@pytest.fixture(scope="module")
def wide(chromium, site):
    """One wide light page whose conversation the tests below build on, in order."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site["url"])
    page.wait_for_selector("#chat")
    yield page
    context.close()


def test_each_answer_keeps_its_own_sources(wide):
    ask(wide, LAUNCH_Q)
    ask(wide, JAPAN_Q)
    ask(wide, "How do I bake sourdough bread?")  # an abstention: no sources of its own
    answers = wide.locator("#chat .answer")
    assert "No answer in the materials" in answers.nth(2).inner_text()
    assert answers.nth(2).locator(".answer-sources").count() == 0
    oldest = answers.nth(0).locator("a.cite").first  # the oldest answer's [1]
    assert "announcements/2023-12-05-ai-alliance-launch.md" in open_source(wide, oldest)
    japan = answers.nth(1).locator("a.cite").nth(1)  # the Japan answer's [2]
    assert "members/keio.md" in open_source(wide, japan)
    assert wide.locator("#side-sources .source.active mark.hl").count() >= 1
    # every answer carries its own collapsible list, so older markers lead somewhere
    assert "members/fenrir.md" in answers.nth(1).locator(".answer-sources").text_content()
    wide.screenshot(path=str(ARTIFACTS / "chat-light.png"))


def test_copy_puts_plain_text_on_the_clipboard(wide):
    wide.locator("#chat .answer").nth(1).locator(".copy-answer").click()
    copied = wide.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("6 of the") and "[1]" in copied
    assert "\nSources:\n[1] Fenrir" in copied and "(members/fenrir.md)" in copied
    assert "<" not in copied and "&" not in copied
    labels = wide.locator("#chat [data-testid]").evaluate_all(
        "els => els.filter(e => ['bot', 'user'].includes(e.dataset.testid))"
        ".map(e => e.getAttribute('aria-label'))"
    )
    assert len(labels) == 6 and all("<" not in label for label in labels)
    assert any(label.startswith("Assistant: 6 of the") for label in labels)


def test_highlight_is_readable_in_light_and_dark(wide, chromium, site):
    wide.locator("#chat .answer").nth(0).locator("a.cite").first.click()
    light = wide.locator("#side-sources mark.hl").first.evaluate(CONTRAST_JS)
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site["url"])
    page.wait_for_selector("#chat")
    ask(page, JAPAN_Q)
    page.locator("#chat a.cite").first.click()
    dark = page.locator("#side-sources mark.hl").first.evaluate(CONTRAST_JS)
    assert page.evaluate("!!document.querySelector('.dark')")  # the dark theme is on
    page.screenshot(path=str(ARTIFACTS / "chat-dark.png"))
    fonts = page.evaluate("[...new Set([...document.fonts].map(f => f.family))]")
    context.close()
    assert light >= 4.5 and dark >= 4.5, (light, dark)
    # a system font stack: nothing (web fonts included) is fetched from anywhere else
    assert [u for u in requests if not u.startswith((site["url"], "data:", "blob:"))] == []
    assert not any("Plex" in f or "Source Sans" in f for f in fonts), fonts


def test_regenerate_and_feedback_are_stored(wide, site):
    from app.interfaces.cli.main import main
    from app.interfaces.web.feedback import FeedbackStore

    last = wide.locator("#chat .answer").last
    before = last.get_attribute("id")
    wide.locator("#chat button[aria-label='Retry']").click()
    wide.wait_for_function(
        "id => { const a = [...document.querySelectorAll('#chat .answer')];"
        " return a.length === 3 && a[2].id !== id && !a[2].classList.contains('streaming'); }",
        arg=before,
        timeout=60_000,
    )
    assert "No answer in the materials" in wide.locator("#chat .answer").last.inner_text()
    wide.locator("#chat button[aria-label='Like']").nth(1).click()  # the Japan answer
    wide.locator("#comment textarea").fill("Exactly the list I needed.")
    wide.locator("#comment-send").click()
    wide.locator("#feedback-row").wait_for(state="hidden", timeout=10_000)
    store = FeedbackStore.in_data_dir(site["data"])
    rows = [r for r in store.rows() if r["question"] == JAPAN_Q]
    assert len(rows) == 1, store.rows()
    row = rows[0]
    assert row["rating"] == "up" and row["comment"] == "Exactly the list I needed."
    assert row["answer"].startswith("6 of the") and row["filters"] is None
    assert {"n": 1, "source": "members/fenrir.md"}.items() <= row["citations"][0].items()
    assert main(["--data-dir", str(site["data"]), "feedback", "--json"]) == 0


def test_history_survives_a_reload(wide):
    wide.reload()
    wait_answers(wide, 3, timeout=30_000)
    assert JAPAN_Q in wide.locator("#chat").inner_text()
    first = wide.locator("#chat .answer").nth(0).locator("a.cite").first  # still linked
    assert "ai-alliance-launch.md" in open_source(wide, first)
    wide.locator("#new-chat").click()  # a second chat
    wide.wait_for_function("!document.querySelector('#chat .answer')", timeout=10_000)
    assert "appear here" in wide.locator("#side-sources").inner_text()  # sources cleared
    ask(wide, "What are the alliance's objectives?")
    chats = wide.locator("#chat-list label")
    assert chats.count() == 2
    wide.reload()
    wait_answers(wide, 1, timeout=30_000)
    wide.locator("#chat-list label").filter(has_text=LAUNCH_Q).click()
    wait_answers(wide, 3, timeout=30_000)
    wide.locator("#delete-chat").click()  # deletes the first chat; the other one is shown
    wait_answers(wide, 1, timeout=30_000)
    assert wide.locator("#chat-list label").count() == 1
    wide.reload()
    wait_answers(wide, 1, timeout=30_000)
    assert LAUNCH_Q not in wide.locator("#chat-list").inner_text()
    open_source(wide, wide.locator("#chat a.cite").first)
    wide.locator("#chat button[aria-label='Clear']").click()  # the chat's own trash icon
    wide.wait_for_function("!document.querySelector('#chat .answer')", timeout=10_000)
    wide.wait_for_function(
        "!document.querySelector('#side-sources .source')", timeout=10_000
    )  # its sources go with it


def test_an_example_sends_and_the_answer_streams(chromium, site):
    """The examples sit in the empty chat and send on a click; the answer appears in
    steps. Prints the time to the first text and to the full answer."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(
        """
        window.__frames = [];
        new MutationObserver(() => {
          const a = document.querySelector('#chat .answer.streaming .answer-text');
          const done = document.querySelector('#chat .answer:not(.streaming)');
          window.__frames.push([performance.now(), a ? a.textContent.length : -1, !!done]);
        }).observe(document, {childList: true, subtree: true, characterData: true});
        """
    )
    page = context.new_page()
    page.goto(site["url"])
    example = page.locator("#chat button.example").filter(has_text="objectives")
    example.wait_for(timeout=30_000)
    clicked = page.evaluate("performance.now()")
    example.click()
    wait_answers(page, 1)
    frames = page.evaluate("window.__frames")
    sent = page.locator("#chat [data-testid='user']").first.inner_text()
    context.close()
    assert sent == "What are the alliance's objectives?"
    lengths = [n for _, n, _ in frames if n > 0]
    steps = sorted(set(lengths))
    assert len(steps) >= 3, f"the answer appeared in {len(steps)} step(s)"
    first = next(t for t, n, _ in frames if n > 0)
    full = next(t for t, _, done in frames if done)
    report = {"first_text_ms": round(first - clicked), "full_answer_ms": round(full - clicked)}
    report["steps"] = len(steps)
    (ARTIFACTS / "streaming.json").write_text(json.dumps(report))
    print(f"\nstreaming in the browser: {report}")
    assert first < full


def test_at_400px_a_citation_opens_inline_without_a_jump(chromium, site):
    context = chromium.new_context(viewport={"width": 400, "height": 800})
    page = context.new_page()
    page.goto(site["url"])
    page.wait_for_selector("#chat")
    assert page.locator("#sources-col").is_hidden()  # no side panel below the chat
    ask(page, JAPAN_Q)
    scroll_before = page.evaluate("window.scrollY")
    page.locator("#chat .answer a.cite").nth(4).click()  # [5]: far down the list
    card = page.locator("#chat .answer .source.active")
    card.wait_for(timeout=10_000)
    time.sleep(0.8)  # past Gradio's own scroll to the end 300 ms after a message
    assert page.evaluate("window.scrollY") == scroll_before
    assert "members/sony.md" in card.inner_text()
    box, chat, view = card.bounding_box(), page.locator("#chat").bounding_box(), page.viewport_size
    assert box and chat and chat["y"] <= box["y"] < chat["y"] + chat["height"], (box, chat)
    assert 0 <= box["y"] < view["height"], box  # the card is on screen, inside the chat
    assert page.evaluate("document.documentElement.scrollWidth") <= 400  # nothing overflows
    question = page.locator("#question textarea").bounding_box()
    assert question and question["y"] + question["height"] <= view["height"]  # reachable
    for control in page.locator("#scope, #question").all():
        b = control.bounding_box()
        assert b and b["x"] >= 0 and b["x"] + b["width"] <= 400
    page.screenshot(path=str(ARTIFACTS / "chat-mobile.png"))
    context.close()

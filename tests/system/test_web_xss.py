"""HTML from documents or questions is never rendered, in a real Chromium: a document whose
title and body carry <script>, <img onerror>, a beacon image, a password form and
javascript: links is indexed and asked about; the page runs no script (no dialog), fetches
no beacon, and no element arrives from document text: not while the answer streams, not
in the final answer, the source cards, the side panel, the user's own message or the
Documents table."""

from __future__ import annotations

from pathlib import Path

import pytest
from webserver import CHROMIUM, ask, browser, launch, open_source

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="make test installs Debian's chromium"
)

BEACON = "127.0.0.1:9"  # nothing listens there; any request to it is a failure
HOSTILE_MD = """---
title: "Quokka <script>alert('t1')</script><img src=x onerror=alert('t2')> <img src='http://127.0.0.1:9/beacon-title'> <a href='javascript:alert(5)'>t</a>"
date: 2024-05-01
doc_type: announcement
---
# Quokka festival <img src="http://127.0.0.1:9/beacon-h1">

The quokka festival took place on Rottnest Island <script>alert('b1')</script> on 3 May 2024 <img src="http://127.0.0.1:9/beacon"> with <img src=x onerror="alert('b2')"> many guests.
The quokka festival sign-up form was <form action="http://127.0.0.1:9/beacon-form"><input type=password name=pw></form> at the gate.
The quokka festival programme is at <a href="javascript:alert('b3')">this link</a> and [here](javascript:alert('b4')).
"""
# escaped markup in an .html file is decoded to text by the loader: still only text here
HOSTILE_HTML = """<html><head><title>Wombat &lt;script&gt;alert('h2')&lt;/script&gt; parade</title></head>
<body><h1>Wombat parade</h1>
<p>The wombat parade met in Perth &lt;img src="http://127.0.0.1:9/beacon-html" onerror="alert('h1')"&gt; on 4 May 2024.</p>
<p>The wombat parade route is at &lt;a href="javascript:alert('h3')"&gt;the map&lt;/a&gt; &lt;form&gt;&lt;input type=password&gt;&lt;/form&gt;.</p>
</body></html>
"""
# Records every element added to the page that could only have come from document text.
WATCH = """
window.__foreign = [];
new MutationObserver((records) => {
  for (const r of records) for (const node of r.addedNodes) {
    if (node.nodeType !== 1) continue;
    for (const el of [node, ...node.querySelectorAll('*')]) {
      const tag = el.tagName.toLowerCase();
      const inApp = el.closest('#chat, #side-sources, #doc-table');
      const href = (el.getAttribute('href') || '').trim().toLowerCase();
      if ((inApp && ['script', 'img', 'form', 'iframe', 'object', 'embed'].includes(tag))
          || (tag === 'input' && el.type === 'password')
          || href.startsWith('javascript:')
          || [...el.attributes].some(a => a.name.startsWith('on'))) {
        window.__foreign.push(el.outerHTML.slice(0, 200));
      }
    }
  }
}).observe(document, {childList: true, subtree: true});
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory, model, seed_index):
    demo, info = launch(tmp_path_factory.mktemp("web-xss"), model, seed_index)
    (info["corpus"] / "announcements" / "quokka-festival.md").write_text(HOSTILE_MD)
    (info["corpus"] / "announcements" / "wombat-parade.html").write_text(HOSTILE_HTML)
    from gradio_client import Client

    summary, _ = Client(info["url"], verbose=False).predict(api_name="/reindex")
    assert "2 added" in summary
    yield info
    demo.close()


def test_hostile_document_text_never_becomes_markup(site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = browser(p)
        context = b.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(WATCH)
        page = context.new_page()
        dialogs, requests = [], []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(site["url"])
        page.wait_for_selector("#chat")
        ask(page, "Tell me about the quokka festival")
        ask(page, "Where did the wombat parade meet?")
        ask(page, "<b>Who</b> runs the quokka festival? <img src=http://127.0.0.1:9/beacon-q>")
        open_source(page, page.locator("#chat .answer").first.locator("a.cite").first)
        chat = page.locator("#chat").inner_text()
        side = page.locator("#side-sources").inner_text()
        cards = page.locator("#chat .answer-sources").all_text_contents()
        page.get_by_role("tab", name="Documents").click()
        page.locator("#doc-filter textarea").fill("quokka")
        page.wait_for_function(
            "() => document.querySelector('#doc-table').innerText.includes('quokka-festival.md')",
            timeout=10_000,
        )
        table = page.locator("#doc-table").inner_text()
        page.goto(site["url"] + "source/announcements/quokka-festival.md")  # the whole file
        served = page.locator("body").inner_text()
        foreign = page.evaluate("window.__foreign")
        b.close()
    # the text arrived, as text: in the answer, the cards, the panel, the question, the table
    assert "<script>alert('b1')</script>" in chat
    assert '<form action="http://127.0.0.1:9/beacon-form">' in chat
    assert '<img src="http://127.0.0.1:9/beacon-html"' in chat  # decoded from the .html
    assert "<b>Who</b> runs the quokka festival?" in chat
    assert any("Quokka <script>alert('t1')</script>" in c for c in cards)
    assert "javascript:alert('b3')" in side or "javascript:alert('b3')" in chat
    assert "<script>alert('t1')</script>" in table
    assert '<img src="http://127.0.0.1:9/beacon">' in served  # shown as plain text
    # and nothing of it ran or loaded
    assert dialogs == []
    assert [u for u in requests if BEACON in u] == []
    assert foreign == []

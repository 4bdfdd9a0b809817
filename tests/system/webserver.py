"""A real web chat for the browser tests: ``serve()`` on a free loopback port over a private
copy of docs/ and of the session's seed index (no embedding at start), sharing the
session's model; and the Chromium that Playwright drives."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import DOCS, free_port

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def launch(root: Path, model, seed_index: Path | None = None, **overrides):
    """``(demo, info)``: the running server and its url, corpus and data dir."""
    import app.core.services as services_module
    from app.core.settings import Settings
    from app.interfaces.web.server import serve

    corpus, data = root / "docs", root / "data"
    shutil.copytree(DOCS, corpus)
    if seed_index is not None:
        shutil.copytree(seed_index, data)  # the same state a sync of docs/ gives
    settings = Settings(data_dir=data, corpus_dir=corpus, **overrides)
    original = services_module.build_services
    services_module.build_services = lambda s, **kw: original(s, model=model)  # share the model
    try:
        port = free_port()
        demo = serve(settings, host="127.0.0.1", port=port, block=False)
    finally:
        services_module.build_services = original
    url = f"http://127.0.0.1:{port}/"
    return demo, {"url": url, "corpus": corpus, "data": data, "root": root}


def browser(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)


def ask(page, question: str, answers_before: int | None = None, timeout: float = 90_000) -> None:
    """Type ``question``, press Enter and wait until its final answer is shown."""
    if answers_before is None:
        answers_before = page.locator("#chat .answer:not(.streaming)").count()
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")
    wait_answers(page, answers_before + 1, timeout)


def wait_answers(page, count: int, timeout: float = 90_000) -> None:
    page.wait_for_function(
        "n => document.querySelectorAll('#chat .answer:not(.streaming)').length === n"
        " && !document.querySelector('#chat .answer.streaming')",
        arg=count,
        timeout=timeout,
    )


def side_card(page) -> str:
    card = page.locator("#side-sources .source.active")
    card.wait_for(timeout=10_000)
    return card.inner_text()


def open_source(page, cite) -> str:
    """Click a citation and read the card it opens in the side panel. The click is made
    again when no card opened: on a loaded machine the chat may still be re-rendered after
    the answer finished (the panel then shows the latest answer again); a click only ever
    opens a card, so a second one changes nothing once the first has."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(3):
        cite.click()
        try:
            return side_card(page)
        except PlaywrightTimeout:
            continue
    raise AssertionError("no source card opened")

"""The web chat against a real launched Gradio server: gradio_client for the API, and a
real headless Chromium (Debian's package, driven by Playwright) for what a person sees."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import DOCS, cli_env, free_port

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def launch(root: Path, model, **overrides):
    """A real Gradio server on a free loopback port, over a private copy of the corpus."""
    import app.core.services as services_module
    from app.core.settings import Settings
    from app.interfaces.web.server import serve

    corpus = root / "docs"
    shutil.copytree(DOCS, corpus)
    settings = Settings(data_dir=root / "data", corpus_dir=corpus, **overrides)
    original = services_module.build_services
    services_module.build_services = lambda s, **kw: original(s, model=model)  # share the model
    try:
        port = free_port()
        demo = serve(settings, host="127.0.0.1", port=port, block=False)
    finally:
        services_module.build_services = original
    return demo, {"url": f"http://127.0.0.1:{port}/", "corpus": corpus, "root": root}


@pytest.fixture(scope="module")
def server(tmp_path_factory, model):
    demo, info = launch(tmp_path_factory.mktemp("web"), model)
    yield info
    demo.close()


def test_unreachable_llm_shows_a_notice_and_the_extractive_answer(tmp_path, model):
    from gradio_client import Client

    url = f"http://127.0.0.1:{free_port()}/v1"  # nothing listens there
    demo, info = launch(tmp_path, model, llm="openai", llm_base_url=url)
    try:
        history, sources, notice, _ = Client(info["url"], verbose=False).predict(
            "Which country is Silo AI based in?", [], "All materials", api_name="/chat"
        )
    finally:
        demo.close()
    assert "Finland" in _last_text(history) and "members/silo-ai.md" in sources
    assert notice["visible"] is True and "could not be reached" in notice["value"]
    assert "Traceback" not in _last_text(history)


@pytest.fixture
def client(server):
    from gradio_client import Client

    return Client(server["url"], verbose=False)


def _last_text(history) -> str:
    content = history[-1]["content"]
    return " ".join(p["text"] for p in content) if isinstance(content, list) else content


def test_chat_answers_with_a_citation(client):
    history, sources, notice, box = client.predict(
        "Which country is Silo AI based in?", [], "All materials", api_name="/chat"
    )
    text = _last_text(history)
    assert "Finland" in text and 'href="#src-1"' in text
    assert 'id="src-1"' in sources and "members/silo-ai.md" in sources and "<mark>" in sources
    assert notice["visible"] is False and box == ""


def test_abstention_shows_a_notice(client):
    history, sources, notice, _ = client.predict(
        "How do I bake sourdough bread?", [], "All materials", api_name="/chat"
    )
    assert "could not find" in _last_text(history)
    assert notice["visible"] is True and "No answer in the materials" in notice["value"]


def test_scope_filter_restricts_sources(client):
    _, sources, _, _ = client.predict(
        "What are the alliance's objectives?", [], "Announcements only", api_name="/chat"
    )
    assert "members/" not in sources and "announcements/" in sources


def test_multi_turn_history_is_kept(client):
    history, *_ = client.predict("Where is Sakana AI based?", [], "All materials", api_name="/chat")
    history, *_ = client.predict(
        "Is Sony a founding member?", history, "All materials", api_name="/chat"
    )
    assert len(history) == 4 and _last_text(history).startswith("Yes.")


def test_upload_then_reindex_makes_a_document_answerable(client, server, tmp_path):
    from gradio_client import handle_file

    doc = tmp_path / "Quokka Summit.md"
    doc.write_text(
        "---\ntitle: Quokka summit\ndate: 2024-03-01\n---\n\n# Quokka summit\n\n"
        "The alliance held its first quokka summit in Perth.\n"
    )
    bad = tmp_path / "tool.exe"
    bad.write_bytes(b"MZ\x00\x00")
    summary, status, _ = client.predict([handle_file(doc)], api_name="/upload")
    assert "uploads/Quokka-Summit.md" in summary and "1 added" in summary
    with pytest.raises(Exception, match="Invalid file type"):  # the allow-list, before our code
        client.predict([handle_file(bad)], api_name="/upload")
    assert (server["corpus"] / "uploads" / "Quokka-Summit.md").exists()
    history, sources, *_ = client.predict(
        "Where was the quokka summit held?", [], "All materials", api_name="/chat"
    )
    assert "Perth" in _last_text(history) and "uploads/Quokka-Summit.md" in sources
    summary, status = client.predict(api_name="/reindex")
    assert "0 added" in summary and "documents" in status


def test_simultaneous_chats_while_a_sync_of_changed_documents_runs(server):
    """Issue 7's load check, small: 8 chats at once, started while the web chat's own
    re-index of 30 changed documents is iterating over files (the bench runs 32 and 200)."""
    from bench.chat_load import chats_during_sync, index_profiles

    assert "30 added" in index_profiles(server["url"], server["corpus"], 30)
    run = chats_during_sync(server["url"], server["corpus"], clients=8, per_client=1, sync_docs=30)
    assert run.errors == []
    assert len(run.answers) == 8 and all(a.cited for a in run.answers)
    assert "0 added · 30 updated" in run.sync_summary and "0 failed" in run.sync_summary
    assert 0 < run.sync_started <= min(a.at for a in run.answers)  # asked during the sync


def test_only_gradio_files_are_served(server):
    import urllib.error
    import urllib.request

    for target in [
        "/etc/passwd",
        str(server["root"] / "data" / "records.sqlite"),
        str(Path(__file__).resolve()),
    ]:
        url = f"{server['url']}gradio_api/file={target}"
        try:
            code = urllib.request.urlopen(url, timeout=10).status
        except urllib.error.HTTPError as exc:
            code = exc.code
        assert code in (403, 404), (target, code)


def test_exposed_without_login_refuses_to_start(tmp_path):
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "app.interfaces.cli",
            "serve",
            "--host",
            "0.0.0.0",
            "--port",
            str(free_port()),
        ],
        env=cli_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 2
    assert "refusing to listen on 0.0.0.0 without a login" in res.stderr
    from app.core.settings import Settings
    from app.interfaces.web.server import ServeError, check_bind, credentials

    creds = credentials(Settings(auth="ann:secret"))
    assert creds == [("ann", "secret")]
    check_bind("0.0.0.0", creds)  # allowed with a login
    auth_file = tmp_path / "users"
    auth_file.write_text("# team\nann:one\nbob:two\n")
    assert len(credentials(Settings(auth_file=auth_file))) == 2
    auth_file.write_text("nocolon\n")
    with pytest.raises(ServeError, match="user:password"):
        credentials(Settings(auth_file=auth_file))


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="make test installs Debian's chromium")
def test_browser_question_citation_and_source_panel(server):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(server["url"])
        box = page.locator("#question textarea")
        box.fill("Which members are based in Japan?")
        box.press("Enter")
        page.wait_for_selector("#chat a.cite", timeout=60_000)
        assert "6 of the" in page.locator("#chat").inner_text()
        page.locator("#chat a.cite").nth(1).click()
        card = page.locator("#sources .source.active")
        card.wait_for(timeout=10_000)
        assert "members/keio.md" in card.inner_text()
        assert card.locator("mark").count() >= 1  # the cited sentence is highlighted
        page.screenshot(path=str(ARTIFACTS / "chat.png"))
        box.fill("What is the airspeed of an unladen swallow?")
        box.press("Enter")
        page.locator("#notice").wait_for(state="visible", timeout=60_000)
        assert "No answer in the materials" in page.locator("#notice").inner_text()
        page.locator("#new-chat").click()
        page.wait_for_function("!document.querySelector('#chat a.cite')", timeout=10_000)
        browser.close()
    assert (ARTIFACTS / "chat.png").stat().st_size > 10_000

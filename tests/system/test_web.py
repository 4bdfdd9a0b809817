"""The web chat's Gradio API against a real launched server (gradio_client). What a person
sees in a browser is in test_web_chat.py, test_web_documents.py and test_web_xss.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import cli_env, free_port
from webserver import launch


@pytest.fixture(scope="module")
def server(tmp_path_factory, model, seed_index):
    demo, info = launch(tmp_path_factory.mktemp("web"), model, seed_index)
    yield info
    demo.close()


def test_unreachable_llm_shows_a_notice_and_the_extractive_answer(tmp_path, model, seed_index):
    from gradio_client import Client

    url = f"http://127.0.0.1:{free_port()}/v1"  # nothing listens there
    demo, info = launch(tmp_path, model, seed_index, llm="openai", llm_base_url=url)
    try:
        history, *_ = Client(info["url"], verbose=False).predict(
            "Which country is Silo AI based in?", None, "All materials", api_name="/chat"
        )
    finally:
        demo.close()
    text = _last_text(history)
    assert "Finland" in text and "members/silo-ai.md" in text
    assert 'class="notice"' in text and "could not be reached" in text
    assert "Traceback" not in text


@pytest.fixture
def client(server):
    from gradio_client import Client

    return Client(server["url"], verbose=False)


def _last_text(history) -> str:
    content = history[-1]["content"]
    return " ".join(p["text"] for p in content) if isinstance(content, list) else content


def ask(client, question: str, chats=None, scope: str = "All materials"):
    """``(chat messages, conversations state)`` after one question."""
    history, _, chats, _ = client.predict(question, chats, scope, api_name="/chat")
    return history, chats


def test_chat_answers_with_a_citation(client):
    history, chats = ask(client, "Which country is Silo AI based in?")
    text = _last_text(history)
    assert "Finland" in text and 'class="cite"' in text and "members/silo-ai.md" in text
    assert '<mark class="hl">' in text and 'href="/source/members/silo-ai.md"' in text
    (turn,) = chats["chats"][0]["turns"]  # the browser keeps the conversation
    assert turn["question"] == "Which country is Silo AI based in?"
    assert turn["answer"]["citations"][0]["source"] == "members/silo-ai.md"


def test_abstention_shows_a_notice_inside_the_answer(client):
    history, _ = ask(client, "How do I bake sourdough bread?")
    text = _last_text(history)
    assert "could not find" in text and "No answer in the materials" in text


def test_scope_filter_restricts_sources(client):
    history, _ = ask(client, "What are the alliance's objectives?", scope="Announcements only")
    text = _last_text(history)
    assert "members/" not in text and "announcements/" in text


def test_multi_turn_history_is_kept(client):
    _, chats = ask(client, "Where is Sakana AI based?")
    history, chats = ask(client, "Is Sony a founding member?", chats)
    assert len(history) == 4 and "Yes." in _last_text(history)
    assert len(chats["chats"]) == 1 and len(chats["chats"][0]["turns"]) == 2


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
    history, _ = ask(client, "Where was the quokka summit held?")
    assert "Perth" in _last_text(history) and "uploads/Quokka-Summit.md" in _last_text(history)
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
    from app.interfaces.api.passwords import add_user

    auth_file = tmp_path / "users"
    add_user(auth_file, "ann", "one")  # the file holds hashes (alliance-assistant add-user)
    add_user(auth_file, "bob", "two")
    assert len(credentials(Settings(auth_file=auth_file))) == 2
    auth_file.write_text("nocolon\n")
    with pytest.raises(ServeError, match="user:password"):
        credentials(Settings(auth_file=auth_file))

"""The HTTP API against a live `serve` (real uvicorn, the Gradio chat mounted on the same
app, the real model and Chroma): httpx for every endpoint and error, the official openai
SDK, a server-sent-events reader, the web login's protection, and the CLI using the server."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest
from helpers import DOCS, cli_env, free_port, wait_for

KEY = "test-key-0123456789abcdef"
USER, PASSWORD = "ann", "correct horse battery"
SILO = "Which country is Silo AI based in?"
QUOKKA = (
    "---\ntitle: Quokka summit\ndate: 2024-03-01\n---\n\n# Quokka summit\n\n"
    "The alliance held its first quokka summit in Perth.\n"
)


def start(root: Path, seed_index: Path, model, *, wait: bool = True, gate=None, **overrides):
    """`serve` on a free loopback port over private copies of docs/ and the session index."""
    from app.core.services import build_services
    from app.core.settings import Settings
    from app.interfaces.web.server import serve

    shutil.copytree(DOCS, root / "docs")
    shutil.copytree(seed_index, root / "data")
    settings = Settings(data_dir=root / "data", corpus_dir=root / "docs", **overrides)
    services = build_services(settings, model=model)
    if gate is not None:  # hold the index "not ready" until the test opens the gate
        ready = services.ensure_indexed
        services.ensure_indexed = lambda: (gate.wait(60), ready())[1]
    port = free_port()
    running = serve(
        settings, host="127.0.0.1", port=port, block=False, services=services, wait=wait
    )
    return running, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def live(tmp_path_factory, seed_index, model):
    from app.interfaces.api.passwords import add_user

    root = tmp_path_factory.mktemp("api")
    add_user(root / "users", USER, PASSWORD)
    running, url = start(
        root,
        seed_index,
        model,
        api_keys=f"{KEY},second-key-0123456789",
        auth_file=root / "users",
        api_rate_limit=1000,
        upload_max_bytes=64 * 1024,
        login_lockout_seconds=1.0,
    )
    yield {"url": url, "running": running, "root": root}
    running.close()


@pytest.fixture
def api(live):
    with httpx.Client(
        base_url=live["url"], headers={"Authorization": f"Bearer {KEY}"}, timeout=120
    ) as client:
        yield client


def error_of(response: httpx.Response) -> dict:
    assert "Traceback" not in response.text
    return response.json()["error"]


def test_keys_status_documents_and_models(api, live):
    bare = httpx.get(f"{live['url']}/api/v1/status")
    assert bare.status_code == 401 and "Bearer" in error_of(bare)["message"]
    wrong = httpx.get(f"{live['url']}/v1/models", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and error_of(wrong)["type"] == "authentication_error"
    other = httpx.get(
        f"{live['url']}/api/v1/status", headers={"Authorization": "Bearer second-key-0123456789"}
    )
    assert other.status_code == 200

    status = api.get("/api/v1/status").json()
    assert status["ready"] is True and status["documents"] == 62 and status["chunks"] > 62
    assert status["model"] == "all-MiniLM-L6-v2" and status["last_sync"] != "never"
    docs = {d["source"]: d for d in api.get("/api/v1/documents").json()["documents"]}
    assert len(docs) == 62
    silo = docs["members/silo-ai.md"]
    assert silo["title"] == "Silo AI" and silo["doc_type"] == "member_profile"
    assert silo["chunks"] >= 1 and silo["uploaded"] is False
    assert docs["announcements/2023-12-05-ai-alliance-launch.md"]["date"].startswith("2023-12-05")
    models = api.get("/v1/models").json()
    assert models["object"] == "list" and models["data"][0]["id"] == "alliance-assistant"
    missing = api.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and error_of(missing)["code"] == 404
    schema = httpx.get(f"{live['url']}/api/openapi.json").json()
    assert {"/api/v1/ask", "/v1/chat/completions", "/api/v1/documents/{source}"} <= set(
        schema["paths"]
    )
    assert httpx.get(f"{live['url']}/api/docs").status_code == 200


def test_ask_returns_the_answer_and_errors_are_json(api, kb_services):
    from app.core.query import ask

    got = api.post("/api/v1/ask", json={"question": SILO})
    assert got.status_code == 200
    answer = got.json()
    assert "Finland" in answer["text"] and "[1]" in answer["text"]
    assert answer["citations"][0]["source"] == "members/silo-ai.md"
    assert answer["abstained"] is False and {"notice", "verification"} <= set(answer)
    same = ask(SILO, services=kb_services).to_dict()  # the API's JSON is Answer.to_dict()
    assert json.dumps(answer) == json.dumps(same)

    scoped = api.post(
        "/api/v1/ask",
        json={
            "question": "What are the alliance's objectives?",
            "filters": {"doc_type": "announcement"},
            "k": 4,
        },
    ).json()
    assert scoped["citations"] and all(
        c["source"].startswith("announcements/") for c in scoped["citations"]
    )
    follow = api.post(
        "/api/v1/ask",
        json={
            "question": "and where is it based?",
            "history": [{"question": "What is Sakana AI?", "answer": "Sakana AI is a company."}],
        },
    ).json()
    assert "Japan" in follow["text"]

    cases = [
        ({"question": "Who?", "questio": "x"}, "questio"),  # unknown field
        ({"k": 3}, "question"),  # missing
        ({"question": 5}, "question"),  # wrong type
        ({"question": "Who?", "k": 0}, "k"),
        ({"question": "Who?", "history": [{"answer": "no question"}]}, "history[0].question"),
    ]
    for payload, field in cases:
        bad = api.post("/api/v1/ask", json=payload)
        assert bad.status_code == 422, payload
        assert error_of(bad)["param"] == field and field.split(".")[0] in error_of(bad)["message"]
    broken = api.post(
        "/api/v1/ask", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 422 and "JSON" in error_of(broken)["message"]
    json_type = {"Content-Type": "application/json"}  # raw: a lone surrogate escape
    cleaned = api.post("/api/v1/ask", content=rb'{"question": "Where is IBM \ud800 based?"}',
                       headers=json_type)  # fmt: skip
    assert cleaned.status_code == 200 and "United States" in cleaned.json()["text"]
    nothing = api.post("/api/v1/ask", content=rb'{"question": " \udcff "}', headers=json_type)
    assert nothing.status_code == 422 and error_of(nothing)["param"] == "question"
    long = api.post("/api/v1/ask", json={"question": "why " * 501})
    assert long.status_code == 413 and "2000" in error_of(long)["message"]
    huge = api.post("/v1/chat/completions", content=b"x" * (2 * 1024 * 1024))
    assert huge.status_code == 413
    last = api.post(
        "/v1/chat/completions", json={"messages": [{"role": "assistant", "content": "hi"}]}
    )
    assert last.status_code == 422 and error_of(last)["param"] == "messages"


def read_events(response: httpx.Response) -> list[tuple[str, dict]]:
    """A minimal server-sent-events reader: (event, JSON data) per blank-line-ended block."""
    events, event, data = [], "message", []
    for line in response.iter_lines():
        if line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].strip())
        elif not line and data:
            events.append((event, json.loads("\n".join(data))))
            event, data = "message", []
    return events


def test_server_sent_events_end_with_the_verified_answer(api):
    with api.stream("POST", "/api/v1/ask", json={"question": SILO, "stream": True}) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        events = read_events(r)
    kinds = [e for e, _ in events]
    assert kinds[-1] == "answer" and kinds.count("answer") == 1 and "token" in kinds
    assert set(kinds[:-1]) == {"token"}
    final = events[-1][1]
    assert "".join(d["text"] for e, d in events if e == "token") == final["text"]
    assert final["citations"][0]["source"] == "members/silo-ai.md"
    headers = {"Accept": "text/event-stream"}
    with api.stream(
        "POST", "/api/v1/ask", json={"question": "How do I bake bread?"}, headers=headers
    ) as r:
        events = read_events(r)
    assert events[-1][0] == "answer" and events[-1][1]["abstained"] is True


def test_openai_sdk_plain_streaming_and_follow_up(live):
    import openai

    client = openai.OpenAI(base_url=f"{live['url']}/v1", api_key=KEY, max_retries=0)
    assert [m.id for m in client.models.list()] == ["alliance-assistant"]
    done = client.chat.completions.create(
        model="alliance-assistant", messages=[{"role": "user", "content": SILO}]
    )
    content = done.choices[0].message.content
    assert "Finland" in content and "[1]" in content and "members/silo-ai.md" in content
    assert done.choices[0].finish_reason == "stop"
    assert done.model_extra["citations"][0]["source"] == "members/silo-ai.md"

    stream = client.chat.completions.create(
        model="alliance-assistant",
        stream=True,
        messages=[
            {"role": "system", "content": "You are helpful."},
            {"role": "user", "content": "What is Sakana AI?"},
            {"role": "assistant", "content": "Sakana AI is an AI research start-up. [1]"},
            {"role": "user", "content": [{"type": "text", "text": "and where is it based?"}]},
        ],
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert "Japan" in text and "[1]" in text and "members/sakana-ai.md" in text
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert chunks[-1].model_extra["citations"][0]["source"] == "members/sakana-ai.md"

    with pytest.raises(openai.AuthenticationError):
        openai.OpenAI(base_url=f"{live['url']}/v1", api_key="wrong", max_retries=0).models.list()


def test_upload_ask_cites_it_then_delete_and_it_is_gone(api, live):
    question = {"question": "Where was the quokka summit held?"}
    up = api.post("/api/v1/documents", files={"file": ("Quokka Summit.md", QUOKKA.encode())})
    assert up.status_code == 201, up.text
    assert up.json()["saved"] == ["uploads/Quokka-Summit.md"] and up.json()["sync"]["added"] == 1
    cited = api.post("/api/v1/ask", json=question).json()
    assert "Perth" in cited["text"]
    assert "uploads/Quokka-Summit.md" in [c["source"] for c in cited["citations"]]
    listed = api.get("/api/v1/documents").json()["documents"]
    assert {"source": "uploads/Quokka-Summit.md", "uploaded": True}.items() <= next(
        d for d in listed if d["source"] == "uploads/Quokka-Summit.md"
    ).items()

    exe = api.post("/api/v1/documents", files={"file": ("tool.exe", b"MZ\x00\x00")})
    assert exe.status_code == 415 and ".exe" in error_of(exe)["message"]
    big = api.post("/api/v1/documents", files={"file": ("big.md", b"# big\n" + b"a" * 200_000)})
    assert big.status_code == 413
    assert not (live["root"] / "docs" / "uploads" / "tool.exe").exists()
    assert api.delete("/api/v1/documents/members/silo-ai.md").status_code == 403
    assert api.delete("/api/v1/documents/uploads/../members/ibm.md").status_code in (403, 404)

    gone = api.delete("/api/v1/documents/uploads/Quokka-Summit.md")
    assert gone.status_code == 200 and gone.json()["sync"]["deleted"] == 1
    assert not (live["root"] / "docs" / "uploads" / "Quokka-Summit.md").exists()
    after = api.post("/api/v1/ask", json=question).json()
    assert "uploads/Quokka-Summit.md" not in [c["source"] for c in after["citations"]]
    assert api.delete("/api/v1/documents/uploads/Quokka-Summit.md").status_code == 404
    synced = api.post("/api/v1/sync").json()
    assert (synced["added"], synced["deleted"], synced["failed"]) == (0, 0, [])


def test_503_until_ready_then_429_past_the_rate_limit(tmp_path, seed_index, model):
    gate = threading.Event()
    running, url = start(tmp_path, seed_index, model, wait=False, gate=gate, api_rate_limit=5)
    try:
        ask = {"question": SILO}
        chat = {"messages": [{"role": "user", "content": SILO}]}
        for r in (
            httpx.post(f"{url}/api/v1/ask", json=ask),
            httpx.post(f"{url}/v1/chat/completions", json=chat),
        ):
            assert r.status_code == 503 and error_of(r)["type"] == "service_unavailable"
            assert r.headers["Retry-After"]
        assert httpx.get(f"{url}/api/v1/status").json()["ready"] is False
        gate.set()
        assert running.ready.wait(120)
        assert httpx.post(f"{url}/api/v1/ask", json=ask, timeout=120).status_code == 200
        assert httpx.get(f"{url}/api/v1/status").json()["ready"] is True  # the 5th request
        limited = httpx.get(f"{url}/api/v1/status")
        assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
        assert "rate limit of 5" in error_of(limited)["message"]
    finally:
        gate.set()
        running.close()


def test_web_login_is_hashed_throttled_and_hides_the_endpoints(live):
    url = live["url"]
    assert (live["root"] / "users").read_text().startswith(f"{USER}:$argon2")
    page = httpx.get(f"{url}/").text
    assert "window.gradio_api_info = null;" in page and "named_endpoints" not in page
    assert httpx.get(f"{url}/gradio_api/info").status_code == 401

    guesser = {"X-Forwarded-For": "198.51.100.7"}  # the trusted proxy (127.0.0.1) names it
    form = {"username": USER, "password": "wrong"}
    codes = [httpx.post(f"{url}/login", data=form, headers=guesser).status_code for _ in range(7)]
    assert codes == [400] * 5 + [429] * 2
    right = {"username": USER, "password": PASSWORD}
    locked = httpx.post(f"{url}/login", data=right, headers=guesser)
    assert locked.status_code == 429 and "try again" in locked.json()["detail"]
    assert int(locked.headers["Retry-After"]) >= 1
    # other addresses are not locked out; the guesser's lockout (1 s here) ends by itself
    assert (
        httpx.post(
            f"{url}/login", data=right, headers={"X-Forwarded-For": "198.51.100.8"}
        ).status_code
        == 200
    )
    wait_for(
        lambda: httpx.post(f"{url}/login", data=right, headers=guesser).status_code == 200,
        timeout=30,
    )

    plain = httpx.post(f"{url}/login", data=right)
    assert plain.status_code == 200
    assert any("Secure" not in c for c in plain.headers.get_list("set-cookie"))  # plain http
    tls = httpx.post(f"{url}/login", data=right, headers={"X-Forwarded-Proto": "https"})
    cookies = tls.headers.get_list("set-cookie")
    assert len(cookies) == 2 and all(
        c.rstrip().endswith("Secure") or "; Secure" in c for c in cookies
    )
    logged_in = httpx.get(f"{url}/", cookies=plain.cookies).text
    assert '"/chat"' in logged_in and "named_endpoints" in logged_in


def test_the_chat_still_answers_behind_the_login(live):
    from gradio_client import Client

    client = Client(live["url"] + "/", auth=(USER, PASSWORD), verbose=False)
    history, *_ = client.predict(SILO, None, "All materials", api_name="/chat")
    assert "members/silo-ai.md" in str(history[-1]["content"])
    source = httpx.get(f"{live['url']}/source/members/silo-ai.md")  # the chat's own route
    assert source.status_code == 401  # guarded by the web login, not open on the API's app


def test_cli_ask_uses_the_running_server(live, tmp_path, kb_services):
    """Same JSON as in process, without importing torch, Chroma, Gradio or LangChain; a
    server of another index, or a wrong key, is never used silently."""
    from app.core.query import ask
    from app.core.settings import Settings
    from app.interfaces.cli.remote import ServerRefused, ask_remote

    port = live["url"].rsplit(":", 1)[1]
    env = cli_env(
        tmp_path,
        ALLIANCE_PORT=port,
        ALLIANCE_API_KEYS=KEY,
        ALLIANCE_DATA_DIR=str(live["root"] / "data"),
    )
    code = (
        "import sys, json\n"
        "from app.interfaces.cli.main import main\n"
        "rc = main(['ask', sys.argv[1], '--json'])\n"
        "heavy = [m for m in ('torch', 'chromadb', 'gradio', 'langchain_core', 'fastapi', 'sentence_transformers') if m in sys.modules]\n"
        "print(json.dumps(heavy), file=sys.stderr)\n"
        "sys.exit(rc)\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", code, SILO], env=env, capture_output=True, text=True, timeout=120
    )
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stderr.strip().splitlines()[-1]) == []
    assert res.stdout.strip() == json.dumps(ask(SILO, services=kb_services).to_dict())

    data = live["root"] / "data"
    mine = Settings(data_dir=data, port=int(port), api_keys=KEY)
    assert ask_remote(mine, SILO).citations[0].source == "members/silo-ai.md"
    elsewhere = Settings(data_dir=tmp_path / "other", port=int(port), api_keys=KEY)
    assert ask_remote(elsewhere, SILO) is None  # 409 from the server: answer in process
    nobody = Settings(data_dir=data, port=free_port(), api_keys=KEY)
    assert ask_remote(nobody, SILO) is None
    with pytest.raises(ServerRefused, match="API key is wrong"):
        ask_remote(Settings(data_dir=data, port=int(port), api_keys="not-the-key-0123456"), SILO)


def test_simultaneous_clients_all_get_cited_answers(live):
    """The load benchmark's client loop, small: 6 clients for 3 s over both protocols."""
    from bench.api_load import hammer

    for endpoint in ("ask", "chat"):
        load = hammer(live["url"], clients=6, seconds=3, endpoint=endpoint, key=KEY)
        assert load.errors == [] and len(load.ms) >= 6


def test_the_readme_api_examples_run_and_api_md_names_real_settings(live):
    import contextlib
    import io
    import re

    from helpers import REPO

    from app.core.settings import reference

    readme = (REPO / "README.md").read_text()
    section = readme[readme.index("## HTTP API\n") :]
    section = section[: section.index("\n## ")]
    snippets = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(snippets) == 2  # httpx and openai
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for code in snippets:
            code = code.replace("http://127.0.0.1:7860", live["url"]).replace("your-key", KEY)
            exec(compile(code, "README.md", "exec"), {})  # noqa: S102
    printed = out.getvalue()
    assert "Japan" in printed and "members/sakana-ai.md" in printed  # httpx
    assert printed.count("Finland") >= 2 and "members/silo-ai.md" in printed  # openai, both ways
    known = {r["variable"] for r in reference()}
    named = set(re.findall(r"ALLIANCE_[A-Z0-9_]+", (REPO / "API.md").read_text()))
    assert named and named <= known, named - known

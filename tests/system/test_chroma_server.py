"""The same ingest, sync and ask behaviours against a real Chroma server (`chroma run`, shipped
with the chromadb package), the CLI with ALLIANCE_CHROMA_URL, and a server that is down."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
import scenarios
from helpers import DOCS, cli_env, free_port, rewrite_corpus, start_writer, stop_writer

from vectorstore.remote import ChromaServerError, parse_chroma_url

CHROMA = Path(sys.executable).parent / "chroma"


def _wait_for_heartbeat(url: str, proc: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"chroma run exited with {proc.returncode}:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2) as res:
                if res.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"chroma run did not answer within {timeout} s:\n{log.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory) -> str:
    """A real Chroma server on a free loopback port, stopped at the end of the module."""
    root = tmp_path_factory.mktemp("chroma-server")
    port, log = free_port(), root / "server.log"
    cmd = [str(CHROMA), "run", "--path", str(root / "db"), "--host", "127.0.0.1"]
    with log.open("wb") as out:
        proc = subprocess.Popen([*cmd, "--port", str(port)], stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_heartbeat(url, proc, log, timeout=60)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture
def make_services(make_services, chroma_server):
    """Services on the server, each test in its own collection (the record DB stays local)."""

    def make(corpus_dir: Path, **overrides):
        overrides.setdefault("chroma_url", chroma_server)
        overrides.setdefault("collection", f"test-{uuid.uuid4().hex[:12]}")
        return make_services(corpus_dir, **overrides)

    return make


@pytest.fixture
def services(corpus: Path, make_services):
    """Services synced into their own collection on the server."""
    svc = make_services(corpus)
    svc.indexing.sync()
    return svc


@pytest.mark.parametrize("scenario", scenarios.ALL, ids=lambda f: f.__name__)
def test_scenario_on_the_server(scenario, services, corpus, make_services):
    scenario(services, corpus, make_services)


def _server_client(url: str):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    address = parse_chroma_url(url)
    return chromadb.HttpClient(
        host=address.host, port=address.port, settings=ChromaSettings(anonymized_telemetry=False)
    )


def test_the_index_lives_on_the_server(services, chroma_server):
    assert services.index.url == chroma_server
    assert not services.settings.chroma_dir.exists()  # nothing embedded in the data dir
    assert services.settings.record_db.exists() and services.bm25.count() > 0  # these stay local
    collection = _server_client(chroma_server).get_collection(services.settings.index.collection)
    assert collection.count() == services.index.count() > 0


def test_compact_on_the_server_keeps_every_chunk(services, corpus):
    rewrite_corpus(corpus, 1)
    services.indexing.sync()
    got = services.index.all_chunks()
    before = dict(zip(got["ids"], got["documents"], strict=True))
    report = services.indexing.compact()
    assert report["chunks"] == len(before) and report["store_bytes_after"] is None
    got = services.index.all_chunks()
    assert dict(zip(got["ids"], got["documents"], strict=True)) == before
    names = {c.name for c in services.index.client.list_collections()}
    assert not {n for n in names if n.startswith(services.settings.index.collection + ".")}


def test_cli_ingest_and_ask_through_the_server(tmp_path: Path, chroma_server):
    corpus = tmp_path / "docs"
    shutil.copytree(DOCS, corpus)
    name = f"cli-{uuid.uuid4().hex[:12]}"
    env = cli_env(
        tmp_path,
        ALLIANCE_CORPUS_DIR=str(corpus),
        ALLIANCE_CHROMA_URL=chroma_server,
        ALLIANCE_COLLECTION=name,
    )

    def run(*args: str) -> subprocess.CompletedProcess:
        cmd = [sys.executable, "-m", "app.interfaces.cli", *args]
        return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)

    first = run("ingest", "--json")
    assert first.returncode == 0, first.stderr
    stats = json.loads(first.stdout)
    assert stats["added"] == len(list(corpus.rglob("*.md"))) and stats["failed"] == []
    (corpus / "members" / "yale.md").unlink()
    assert json.loads(run("ingest", "--json").stdout)["deleted"] == 1
    answer = json.loads(run("ask", "Which country is Silo AI based in?", "--json").stdout)
    assert "Finland" in answer["text"]
    assert answer["citations"][0]["source"] == "members/silo-ai.md"
    assert not (tmp_path / "cli-data" / "chroma").exists()
    assert _server_client(chroma_server).get_collection(name).count() == stats["chunks_added"] - 1


def test_a_server_that_is_down_is_one_clear_sentence(tmp_path: Path, make_services, corpus):
    url = f"http://127.0.0.1:{free_port()}"
    svc = make_services(corpus, chroma_url=url)
    with pytest.raises(ChromaServerError, match="cannot reach the Chroma server"):
        svc.index.count()
    for args in (["status"], ["ask", "When was the AI Alliance launched?"], ["ingest"]):
        res = subprocess.run(
            [sys.executable, "-m", "app.interfaces.cli", *args],
            env=cli_env(tmp_path, ALLIANCE_CHROMA_URL=url, ALLIANCE_CORPUS_DIR=str(corpus)),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert res.returncode == 2, res.stderr
        assert res.stderr.strip() == (
            f"error: cannot reach the Chroma server at {url} (ALLIANCE_CHROMA_URL); "
            "start it with `chroma run --path ... --host ... --port ...` or fix the URL"
        )


def test_a_malformed_chroma_url_from_the_cli_names_the_variable(tmp_path: Path):
    res = subprocess.run(
        [sys.executable, "-m", "app.interfaces.cli", "status"],
        env=cli_env(tmp_path, ALLIANCE_CHROMA_URL="localhost:8000"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 2
    assert res.stderr.strip() == (
        "error: ALLIANCE_CHROMA_URL: Value error, must start with http:// or https://, "
        "e.g. http://127.0.0.1:8000"
    )


def test_a_replica_sees_each_of_ten_syncs_by_another_app_process(
    tmp_path: Path, chroma_server, make_services
):
    """Two app processes on one Chroma server, each with its own data dir (record DB and
    keyword index): the writer syncs ten times, the replica asks after each sync."""
    corpus = scenarios.small_corpus(DOCS, tmp_path / "docs")
    name = f"follow-{uuid.uuid4().hex[:12]}"
    env = cli_env(
        tmp_path,
        ALLIANCE_CORPUS_DIR=str(corpus),
        ALLIANCE_CHROMA_URL=chroma_server,
        ALLIANCE_COLLECTION=name,
    )
    proc, first, sync = start_writer(env)
    try:
        assert first["added"] == len(scenarios.FOLLOWED)
        replica = make_services(corpus, data_dir=tmp_path / "replica-data", collection=name)
        stats = scenarios.reader_follows_ten_syncs(replica, corpus, sync)
    finally:
        stop_writer(proc)
    assert len(stats) == 10 and replica.indexing.generation() == 11
    assert not (tmp_path / "replica-data" / "chroma").exists()  # its vectors are the server's

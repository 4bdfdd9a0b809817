"""Compaction: rewrites leave deleted vectors behind; ``compact`` drops them without
re-embedding, keeps every chunk as it was, and survives being stopped at any step."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import DOCS, cli_env, rewrite_corpus

QUESTIONS = [
    "Which country is Silo AI based in?",
    "When was the AI Alliance launched?",
    "Which members are based in Japan?",
]


def test_compact_from_the_cli(tmp_path: Path):
    corpus = tmp_path / "docs"
    shutil.copytree(DOCS / "announcements", corpus / "announcements")
    env = cli_env(tmp_path, ALLIANCE_CORPUS_DIR=str(corpus))

    def run(*args: str) -> subprocess.CompletedProcess:
        cmd = [sys.executable, "-m", "app.interfaces.cli", *args]
        return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)

    assert run("ingest", "--json").returncode == 0
    rewrite_corpus(corpus, 1)
    assert json.loads(run("ingest", "--json").stdout)["updated"] == 5
    done = run("compact", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["chunks"] > 0
    assert report["store_bytes_after"] < report["store_bytes_before"]
    answer = json.loads(run("ask", "When was the AI Alliance launched?", "--json").stdout)
    assert "5 December 2023" in answer["text"] and answer["citations"]

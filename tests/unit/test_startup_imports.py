"""Fast start: the commands that need no model load none, and a second writer is refused
before anything heavy is imported. Each case runs the real CLI in a child process and reads
its ``sys.modules`` as it exits."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import DOCS, cli_env, run_cli


def test_help_and_status_import_nothing_heavy(tmp_path: Path):
    env = cli_env(tmp_path, ALLIANCE_CORPUS_DIR=str(DOCS))
    res, loaded = run_cli(["--help"], env)
    assert res.returncode == 0 and "status" in res.stdout
    assert loaded == []
    res, loaded = run_cli(["status", "--json"], env)
    assert res.returncode == 0, res.stderr
    status = json.loads(res.stdout)
    # the model's facts come from its folder's files, not from loading it
    assert (status["model"], status["dimension"]) == ("all-MiniLM-L6-v2", 384)
    assert status["chunks"] == 0 and status["last_sync"] == "never"
    assert loaded == []


def test_a_second_writer_is_refused_before_heavy_imports(tmp_path: Path):
    from ingest.lock import WriterLock

    env = cli_env(tmp_path, ALLIANCE_CORPUS_DIR=str(DOCS))
    with WriterLock(tmp_path / "cli-data", timeout=0, command="the test"):
        res, loaded = run_cli(["ingest"], dict(env, ALLIANCE_LOCK_TIMEOUT="0.2"))
    assert res.returncode == 2
    assert "another sync is writing the index" in res.stderr and "the test" in res.stderr
    assert loaded == []  # refused before the model, Chroma or LangChain were imported

"""The console script through a subprocess, as a user runs it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import DOCS, cli_env

EXE = [sys.executable, "-m", "app.interfaces.cli"]


def run(args, env, **kw):
    return subprocess.run(EXE + args, env=env, capture_output=True, text=True, timeout=300, **kw)


def test_ingest_twice_then_edit_delete_ask_status(tmp_path: Path):
    corpus = tmp_path / "docs"
    shutil.copytree(DOCS, corpus)
    env = cli_env(tmp_path, ALLIANCE_CORPUS_DIR=str(corpus))
    first = run(["ingest", "--json"], env)
    assert first.returncode == 0, first.stderr
    stats = json.loads(first.stdout)
    assert stats["added"] == len(list(corpus.rglob("*.md"))) and stats["failed"] == []
    second = json.loads(run(["ingest", "--json"], env).stdout)
    assert (second["added"], second["updated"], second["deleted"]) == (0, 0, 0)

    profile = corpus / "members" / "ibm.md"
    profile.write_text(profile.read_text() + "\nIBM also likes tea.\n")
    edited = json.loads(run(["ingest", "--json"], env).stdout)
    assert (edited["added"], edited["updated"], edited["deleted"]) == (0, 1, 0)
    (corpus / "members" / "yale.md").unlink()
    removed = json.loads(run(["ingest", "--json"], env).stdout)
    assert (removed["added"], removed["updated"], removed["deleted"]) == (0, 0, 1)

    table = run(["ingest"], env)
    assert "unchanged" in table.stdout and table.returncode == 0

    asked = run(["ask", "When was the AI Alliance launched?", "--json"], env)
    answer = json.loads(asked.stdout)
    assert "[1]" in answer["text"] and answer["citations"][0]["n"] == 1
    assert not answer["abstained"]
    plain = run(["ask", "Where is Silo AI based?"], env)
    assert "Finland" in plain.stdout and "Sources:" in plain.stdout and "[1]" in plain.stdout
    off = json.loads(run(["ask", "How do I change a bicycle tyre?", "--json"], env).stdout)
    assert off["abstained"] and off["citations"] == []

    status = run(["status", "--json"], env)
    info = json.loads(status.stdout)
    assert info["documents"] == len(list(corpus.rglob("*.md")))
    assert info["model"] == "all-MiniLM-L6-v2" and info["last_sync"] != "never"


def test_user_errors_are_one_line_and_non_zero(tmp_path: Path):
    env = cli_env(tmp_path)
    missing = run(["ingest", str(tmp_path / "missing")], env)
    assert missing.returncode == 2
    assert missing.stderr.strip() == f"error: corpus folder {tmp_path / 'missing'} does not exist"
    empty = tmp_path / "empty"
    empty.mkdir()
    res = run(["ingest", str(empty)], env)
    assert res.returncode == 2 and "no supported documents" in res.stderr
    assert "Traceback" not in res.stderr
    bad_model = run(["status"], cli_env(tmp_path, ALLIANCE_EMBEDDING_MODEL="some/hub-id"))
    assert bad_model.returncode == 2 and "not a local folder" in bad_model.stderr
    bad_k = run(["ask", "x"], cli_env(tmp_path, ALLIANCE_TOP_K="many"))
    assert bad_k.returncode == 2 and "ALLIANCE_TOP_K" in bad_k.stderr
    bad_split = run(["eval", "--split", "holdout"], env)
    assert bad_split.returncode == 2 and "'holdout'" in bad_split.stderr
    assert "fresh3" in bad_split.stderr and "Traceback" not in bad_split.stderr


def test_model_mismatch_from_the_cli(tmp_path: Path, model, make_services):
    corpus = tmp_path / "docs"
    shutil.copytree(DOCS / "announcements", corpus / "announcements")
    env = cli_env(tmp_path, ALLIANCE_CORPUS_DIR=str(corpus))
    # indexed with the configured model (in this process: the CLI's own ingest is tested
    # elsewhere), then asked from the CLI with another
    assert make_services(corpus, data_dir=tmp_path / "cli-data").indexing.sync().added == 5
    other = tmp_path / "my-model"
    shutil.copytree(model.path, other)
    env2 = dict(env, ALLIANCE_EMBEDDING_MODEL=str(other))
    if model.backend != "torch":
        # the configured fast backend, in a private cache holding a copy of the session's
        # export of these same weights under the other model's key: exporting it again
        # (tens of seconds) or loading torch (ten seconds a start) is not what is tested
        from vectorstore.onnx_export import export_folder

        cache = tmp_path / "exports"
        shutil.copytree(
            export_folder(model.path, model.cache_dir, model.backend),
            export_folder(other, cache, model.backend),
        )
        env2["ALLIANCE_EMBEDDING_CACHE_DIR"] = str(cache)
    res = run(["ask", "When was the alliance launched?"], env2)
    assert res.returncode == 2
    assert "--rebuild" in res.stderr and "Traceback" not in res.stderr
    rebuilt = run(["ingest", "--rebuild", "--json"], env2)
    assert rebuilt.returncode == 0 and json.loads(rebuilt.stdout)["added"] == 5


def test_bad_questions_from_the_command_line(tmp_path: Path, seed_index: Path):
    shutil.copytree(seed_index, tmp_path / "cli-data")
    env = cli_env(tmp_path, ALLIANCE_CORPUS_DIR=str(DOCS))
    undecodable = subprocess.run(  # a shell's $'\xff\xfe ...': bytes that are not UTF-8
        [*EXE, "ask", b"\xff\xfe Where is IBM based?"], env=env, capture_output=True, timeout=300
    )
    assert undecodable.returncode == 0, undecodable.stderr
    assert b"United States" in undecodable.stdout and b"members/ibm.md" in undecodable.stdout
    for question, message in (
        ("", "error: Please ask a question."),
        ("x" * 100_000, "error: The question is 100,000 characters long; the limit is 2,000. "
         "Please ask it in fewer words."),
    ):  # fmt: skip
        res = run(["ask", question], env)
        assert res.returncode == 2 and res.stderr.strip() == message and res.stdout == ""
    lines = b"\xff\xfe Where is IBM based?\n" + b"x" * 1_000_000 + b"\nWhere is Silo AI based?\n\n"
    chat = subprocess.run([*EXE, "chat"], env=env, input=lines, capture_output=True, timeout=300)
    out = chat.stdout.decode()
    assert chat.returncode == 0 and b"Traceback" not in chat.stderr, chat.stderr
    assert "United States" in out and "Finland" in out
    assert "note: The question is 1,000,000 characters long; the limit is 2,000." in out

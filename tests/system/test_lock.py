"""One writer per data dir: a second writer fails fast naming the holder; readers are never
blocked, not even in the middle of another process's sync."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import DOCS, NEW_PROFILE, cli_env

HOLD = """
import sys, time
from pathlib import Path
from ingest.lock import WriterLock
WriterLock(Path(sys.argv[1]), command="lock-holder test").acquire()
print("held", flush=True)
time.sleep(600)
"""


def _add_profiles(corpus: Path, n: int) -> None:
    folder = corpus / "members" / "bulk"
    folder.mkdir()
    for i in range(n):
        text = NEW_PROFILE.format(name=f"Bulk Member {i}", country="Peru", what=f"tool {i}")
        (folder / f"bulk-{i}.md").write_text(text)


def test_second_writer_fails_and_readers_are_not_blocked(tmp_path: Path, make_services):
    from app.core.query import ask
    from app.interfaces.web.server import serve
    from ingest.lock import IndexLockedError

    corpus, data = tmp_path / "docs", tmp_path / "cli-data"
    shutil.copytree(DOCS, corpus)
    env = cli_env(tmp_path, ALLIANCE_CORPUS_DIR=str(corpus))
    watch = subprocess.Popen(
        [sys.executable, "-m", "app.interfaces.cli", "watch", "--json"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        first = json.loads(watch.stdout.readline())  # the initial sync finished
        assert first["added"] == 62

        second = subprocess.run(
            [sys.executable, "-m", "app.interfaces.cli", "ingest"], env=env, capture_output=True,
            text=True, timeout=300,
        )  # fmt: skip
        assert second.returncode == 2
        assert f"pid {watch.pid}" in second.stderr and "watch" in second.stderr, second.stderr
        assert "Traceback" not in second.stderr

        svc = make_services(corpus, data_dir=data)
        started = time.monotonic()
        with pytest.raises(IndexLockedError, match=f"pid {watch.pid}"):
            svc.indexing.sync()
        waited = time.monotonic() - started
        assert waited < svc.settings.ingest.lock_timeout + 1.0  # fails, does not queue behind it
        with pytest.raises(IndexLockedError):
            serve(svc.settings, host="127.0.0.1", port=1, block=False)

        _add_profiles(corpus, 600)  # the watcher starts a long sync
        asked_during_sync = 0
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and asked_during_sync < 3:
            before = svc.indexing.records.get_meta("sync_state")
            answer = ask("Which country is Silo AI based in?", services=svc)
            after = svc.indexing.records.get_meta("sync_state")
            assert "Finland" in answer.text and answer.citations
            asked_during_sync += before == after == "running"
        assert asked_during_sync >= 3, "no question was answered while the sync ran"

        reader = subprocess.run(
            [sys.executable, "-m", "app.interfaces.cli", "ask", "Where is Sakana AI based?"],
            env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert reader.returncode == 0 and "Japan" in reader.stdout, reader.stderr
    finally:
        watch.send_signal(signal.SIGTERM)
        out, err = watch.communicate(timeout=120)
    assert watch.returncode == 0, err
    assert any(json.loads(line)["added"] > 0 for line in out.splitlines() if line.strip())

"""The watched folder: real watchdog events debounced into a few syncs, the index following
created, edited, renamed and deleted files, and `serve --watch` answering from a new file."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from helpers import wait_for


def test_a_burst_of_100_events_gives_a_handful_of_syncs(tmp_path: Path):
    from ingest.watch import FolderWatcher

    synced_at: list[float] = []
    (tmp_path / "sub").mkdir()
    watcher = FolderWatcher(tmp_path, lambda: synced_at.append(time.monotonic()), quiet=0.5)
    watcher.start()
    try:
        for i in range(100):
            (tmp_path / "sub" / f"note-{i}.md").write_text(f"note {i}")
        for i in range(25):
            (tmp_path / "sub" / f"note-{i}.md").rename(tmp_path / f"moved-{i}.md")
        for i in range(25, 50):
            (tmp_path / "sub" / f"note-{i}.md").unlink()
        (tmp_path / ".hidden.md").write_text("ignored")
        last_event = time.monotonic()
        wait_for(lambda: synced_at and synced_at[-1] > last_event and watcher.events >= 150)
        time.sleep(1.5)  # nothing else is pending: no further sync may start
    finally:
        watcher.stop()
    assert watcher.events >= 150  # each write, rename and delete is at least one event
    assert 1 <= watcher.syncs <= 5, watcher.syncs
    assert len(synced_at) == watcher.syncs


def test_hidden_and_ignored_paths_trigger_nothing(tmp_path: Path):
    from ingest.watch import FolderWatcher

    data = tmp_path / "data"
    data.mkdir()
    watcher = FolderWatcher(tmp_path, lambda: None, ignore=[data])
    assert not watcher.relevant(str(tmp_path / ".git" / "index"))
    assert not watcher.relevant(str(tmp_path / "a.md~"))
    assert not watcher.relevant(str(data / "chroma" / "x.bin"))
    assert watcher.relevant(str(tmp_path / "members" / "a.md"))


def test_a_sync_error_does_not_stop_the_watcher(tmp_path: Path):
    from ingest.watch import FolderWatcher

    calls: list[int] = []
    done = threading.Event()

    def flaky() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("disk full")
        done.set()

    watcher = FolderWatcher(tmp_path, flaky, quiet=0.2).start()
    try:
        (tmp_path / "a.md").write_text("a")
        wait_for(lambda: calls)
        (tmp_path / "b.md").write_text("b")
        assert done.wait(30)
    finally:
        watcher.stop()


def test_a_sync_refused_by_another_writer_runs_again_without_a_new_event(tmp_path: Path):
    from ingest.lock import IndexLockedError
    from ingest.watch import FolderWatcher

    calls: list[int] = []
    done = threading.Event()

    def busy_then_free() -> None:
        calls.append(1)
        if len(calls) < 3:  # another process is syncing: the lock is refused twice
            raise IndexLockedError("another sync is writing the index")
        done.set()

    watcher = FolderWatcher(
        tmp_path, busy_then_free, quiet=0.2, retry_on=(IndexLockedError,)
    ).start()
    try:
        (tmp_path / "a.md").write_text("a")  # one event, nothing after it
        assert done.wait(30)
    finally:
        watcher.stop()
    assert watcher.events >= 1 and len(calls) == 3

"""One writer per data dir: a second writer fails fast naming the holder; readers are never
blocked, not even in the middle of another process's sync."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

HOLD = """
import sys, time
from pathlib import Path
from ingest.lock import WriterLock
WriterLock(Path(sys.argv[1]), command="lock-holder test").acquire()
print("held", flush=True)
time.sleep(600)
"""


def test_lock_names_its_holder_and_dies_with_it(tmp_path: Path):
    from ingest.lock import IndexLockedError, WriterLock

    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        lock = WriterLock(tmp_path, timeout=0.3)
        with pytest.raises(IndexLockedError) as err:
            lock.acquire()
        assert f"pid {holder.pid}" in str(err.value) and "lock-holder test" in str(err.value)
        assert not lock.try_acquire() and not lock.held_by_me()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    lock = WriterLock(tmp_path, timeout=0.3)
    lock.acquire()  # the kernel released it with the killed process
    try:
        again = WriterLock(tmp_path, timeout=0)  # re-entrant inside one process
        again.acquire()
        again.release()
        assert lock.held_by_me()
    finally:
        lock.release()

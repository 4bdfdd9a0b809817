"""``python -m bench.readers_writers``: what the lock per sync and the index generation cost.

1. The second writer: while another process holds the data dir's writer lock, the wall time
   of ``alliance-assistant ingest`` from process start to its refusal (exit 2), with the
   default ``ALLIANCE_LOCK_TIMEOUT`` (the wait for a short sync to end) and with 0 (start-up
   and the refusal alone).
2. Following syncs: a reader's generation check before each question (``follow()``) when
   nothing changed, over ``--calls`` calls, on an embedded index of docs/; and one catch-up
   after a sync made by another view of the same index (reopen included); with ``--chroma``,
   the same on a ``chroma run`` server started on 127.0.0.1 (each view its own data dir, as
   two app processes would have).

Prints a Markdown table and the load average.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HOLD = (
    "import sys, time; from pathlib import Path; from ingest.lock import WriterLock; "
    "WriterLock(Path(sys.argv[1]), command='bench lock holder').acquire(); "
    "print('held', flush=True); time.sleep(600)"
)


def _cli() -> list[str]:
    exe = Path(sys.executable).with_name("alliance-assistant")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "app.interfaces.cli"]


@contextmanager
def holding_lock(data: Path, env: dict[str, str]):
    """Another process holds ``data``'s writer lock (as a long sync would) until the block
    ends."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(data)],
                              env={**env, "PYTHONPATH": str(REPO)}, text=True,
                              stdout=subprocess.PIPE)  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield holder
    finally:
        holder.kill()
        holder.wait()


def refusal_seconds(data: Path, corpus: Path, runs: int, lock_timeout: str | None) -> list[float]:
    """Wall seconds of each refused ``ingest`` (process start included)."""
    from ingest.lock import REFUSED

    env = {**os.environ, "ALLIANCE_DATA_DIR": str(data), "ALLIANCE_CORPUS_DIR": str(corpus)}
    env["PYTHONPATH"] = str(REPO)
    if lock_timeout is not None:
        env["ALLIANCE_LOCK_TIMEOUT"] = lock_timeout
    with holding_lock(data, env):
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            res = subprocess.run([*_cli(), "ingest"], env=env, capture_output=True, text=True)
            times.append(time.perf_counter() - started)
            if res.returncode != 2 or REFUSED not in res.stderr:
                raise SystemExit(f"ingest was not refused: {res.returncode} {res.stderr}")
        return times


def follow_ms(root: Path, corpus: Path, calls: int, url: str | None = None) -> tuple[float, float]:
    """(ms per ``follow()`` with nothing new, ms of one catch-up after a sync elsewhere)."""
    from app.core.query import ask
    from app.core.services import build_services
    from app.core.settings import Settings

    remote = {"chroma_url": url, "collection": "bench_follow"} if url else {}
    writer_dir = root / ("server-writer" if url else "data")
    writer = build_services(Settings(data_dir=writer_dir, corpus_dir=corpus, **remote))
    writer.indexing.sync()
    reader_dir = root / ("replica" if url else "data")
    reader_settings = Settings(data_dir=reader_dir, corpus_dir=corpus, **remote)
    reader = build_services(reader_settings, model=writer.model)
    ask("When was the AI Alliance launched?", services=reader)  # its view is open
    started = time.perf_counter()
    for _ in range(calls):
        reader.indexing.follow()
    quiet = (time.perf_counter() - started) * 1000 / calls
    note = corpus / "members" / "bench-follow.md"
    note.write_text("# Bench Follow Labs\n\nBench Follow Labs is based in Chile.\n")
    writer.indexing.sync()
    started = time.perf_counter()
    reader.indexing.follow()  # on a server: the replica's keyword index rebuilt
    reader.index.count()  # the first read after the catch-up opens the store again
    caught_up = (time.perf_counter() - started) * 1000
    note.unlink()
    return quiet, caught_up


@contextmanager
def chroma_server(root: Path):
    """``chroma run`` (installed with chromadb) on a free loopback port; yields its URL."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).with_name("chroma")
    cmd = [str(exe), "run", "--path", str(root / "chroma-server"), "--host", "127.0.0.1",
           "--port", str(port)]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise SystemExit("chroma run did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.readers_writers", description=__doc__)
    p.add_argument("--runs", type=int, default=5, help="refused ingests per setting")
    p.add_argument("--calls", type=int, default=500, help="follow() calls with nothing new")
    p.add_argument("--chroma", action="store_true", help="also on a local `chroma run` server")
    args = p.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    with tempfile.TemporaryDirectory(prefix="bench-rw-") as tmp:
        corpus, data = Path(tmp) / "docs", Path(tmp) / "data"
        shutil.copytree(REPO / "docs", corpus)
        print(f"load average before: {os.getloadavg()[0]:.2f}")
        print("| measure | runs | median | min | max |\n| --- | --- | --- | --- | --- |")
        for label, timeout in (("default lock timeout", None), ("ALLIANCE_LOCK_TIMEOUT=0", "0")):
            t = refusal_seconds(data, corpus, args.runs, timeout)
            print(f"| second writer refused, {label} (s) | {len(t)} | "
                  f"{statistics.median(t):.2f} | {min(t):.2f} | {max(t):.2f} |")  # fmt: skip
        quiet, catch_up = follow_ms(Path(tmp), corpus, args.calls)
        print(f"| follow() with nothing new, embedded (ms per call) | {args.calls} | "
              f"{quiet:.3f} | | |")  # fmt: skip
        print(f"| catch-up after a sync elsewhere, embedded (ms) | 1 | {catch_up:.1f} | | |")
        if args.chroma:
            with chroma_server(Path(tmp)) as url:
                quiet, catch_up = follow_ms(Path(tmp), corpus, args.calls, url)
            print(f"| follow() with nothing new, Chroma server (ms per call) | {args.calls} | "
                  f"{quiet:.3f} | | |")  # fmt: skip
            print(f"| catch-up after a sync elsewhere, Chroma server replica (ms) | 1 | "
                  f"{catch_up:.1f} | | |")  # fmt: skip
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

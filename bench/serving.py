"""Starting ``serve`` as a child process: seconds until its page answers, and its memory once
it has loaded the model and the index's knowledge in the background ("warm-up done")."""

from __future__ import annotations

import signal
import socket
import subprocess
import threading
import time
import urllib.request
from typing import Any


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status_kib(pid: int, key: str) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _wait_ready(port: int, proc: subprocess.Popen, deadline: float) -> bool:
    while time.perf_counter() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                if r.status == 200:
                    return True
        except OSError:
            time.sleep(0.05)
    return False


def time_serve(cmd: list[str], env: dict[str, str], timeout: float = 180) -> dict[str, Any]:
    """``cmd + [port]`` (a ``serve -v`` command line): wall seconds from spawn to the first
    200 of ``/``; RSS and peak RSS once the background warm-up finished."""
    port = free_port()
    started = time.perf_counter()
    quiet = {"stdout": subprocess.DEVNULL, "stdin": subprocess.DEVNULL}
    proc = subprocess.Popen([*cmd, str(port)], env=env, stderr=subprocess.PIPE, text=True, **quiet)
    lines: list[str] = []
    warm = threading.Event()

    def read() -> None:
        for line in proc.stderr:  # type: ignore[union-attr]
            lines.append(line)
            if "warm-up done" in line or "warm-up failed" in line:
                warm.set()

    threading.Thread(target=read, daemon=True).start()
    ready_s, rss, peak = float("nan"), None, None
    try:
        if _wait_ready(port, proc, started + timeout):
            ready_s = time.perf_counter() - started
            warm.wait(timeout=120)
            rss, peak = _status_kib(proc.pid, "VmRSS"), _status_kib(proc.pid, "VmHWM")
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    result = "ok" if ready_s == ready_s and warm.is_set() else "error: not ready"
    if result != "ok" and lines:
        result = f"error: {lines[-1].strip()[:200]}"
    return {
        "ready_s": ready_s,
        "rss_mib": round(rss / 1024, 1) if rss else None,
        "peak_rss_mib": round(peak / 1024, 1) if peak else None,
        "result": result,
    }

"""Starting ``serve`` as a child process: seconds until its page answers, and its memory."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
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


def time_serve(cmd: list[str], env: dict[str, str], timeout: float = 180) -> dict[str, Any]:
    """``cmd + [port]``: wall seconds from spawn to the first 200 of ``/``, and RSS then."""
    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen([*cmd, str(port)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)  # fmt: skip
    ready, result = float("nan"), "error: not ready"
    try:
        while time.perf_counter() - started < timeout and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                    if r.status == 200:
                        ready, result = time.perf_counter() - started, "ok"
                        break
            except OSError:
                time.sleep(0.05)
        rss, peak = _status_kib(proc.pid, "VmRSS"), _status_kib(proc.pid, "VmHWM")
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            _, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
    if result != "ok" and err:
        result = f"error: {err.decode('utf-8', 'replace').strip().splitlines()[-1][:200]}"
    return {
        "ready_s": ready,
        "rss_mib": round(rss / 1024, 1) if rss else None,
        "peak_rss_mib": round(peak / 1024, 1) if peak else None,
        "result": result,
        "pid_gone": not os.path.exists(f"/proc/{proc.pid}"),
    }

"""``python -m bench.api_load``: simultaneous HTTP API clients against a live ``serve``.

Launches the real server (the web chat and the API on one port) on 127.0.0.1 over a temp
copy of docs/, with an API key and no rate limit. ``--clients`` threads (one keep-alive
httpx connection each) ask the questions of ``bench.chat_load`` in turn for ``--seconds``,
through ``/api/v1/ask``, ``/v1/chat/completions`` or the server-sent-events stream. Errors
count non-200 answers, exceptions and answers without a citation (every question is
answerable). Prints a Markdown table: answers/s, p50/p95/max latency, errors, the load
average. With ``--cli-runs N`` it also times ``alliance-assistant ask`` N times through the
running server and N times ``--local`` (in process), alternating. The server stops at the
end; nothing leaves loopback.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.chat_load import QUESTIONS, REPO

KEY = "bench-key-0123456789abcdef"


@dataclass
class Load:
    ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall_s: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _payload(endpoint: str, question: str) -> tuple[str, dict]:
    if endpoint == "chat":
        return "/v1/chat/completions", {"messages": [{"role": "user", "content": question}]}
    return "/api/v1/ask", {"question": question, "stream": endpoint == "stream"}


def _cited(endpoint: str, response: Any) -> bool:
    if endpoint == "stream":
        final = [ln for ln in response.text.splitlines() if ln.startswith("data: ")][-1]
        return bool(json.loads(final[6:])["citations"])
    return bool(response.json()["citations"])


def _client(
    url: str, endpoint: str, worker: int, deadline: float, load: Load, gate: Any, key: str
) -> None:
    import httpx

    headers = {"Authorization": f"Bearer {key}"}
    with httpx.Client(base_url=url, headers=headers, timeout=120) as client:
        gate.wait()
        i = 0
        while time.perf_counter() < deadline:
            question = QUESTIONS[(worker + i) % len(QUESTIONS)]
            i += 1
            path, body = _payload(endpoint, question)
            started = time.perf_counter()
            try:
                response = client.post(path, json=body)
                ms = (time.perf_counter() - started) * 1000
                problem = "" if response.status_code == 200 else f"HTTP {response.status_code}"
                if not problem and not _cited(endpoint, response):
                    problem = "uncited answer"
            except Exception as exc:  # counted and printed, never hidden
                ms, problem = (time.perf_counter() - started) * 1000, type(exc).__name__
            with load.lock:
                load.ms.append(ms)
                if problem:
                    load.errors.append(f"{question!r}: {problem}")


def hammer(url: str, *, clients: int, seconds: float, endpoint: str, key: str = KEY) -> Load:
    load, gate = Load(), threading.Barrier(clients)
    started = time.perf_counter()
    deadline = started + seconds
    threads = [
        threading.Thread(target=_client, args=(url, endpoint, w, deadline, load, gate, key))
        for w in range(clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 300)
    load.wall_s = time.perf_counter() - started
    return load


def time_cli(url: str, data_dir: Path, corpus: Path, runs: int) -> dict[str, list[float]]:
    """Wall seconds of ``alliance-assistant ask --json`` through the server and in process."""
    port = url.rsplit(":", 1)[1].rstrip("/")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALLIANCE_")}
    env.update(ALLIANCE_PORT=port, ALLIANCE_DATA_DIR=str(data_dir),
               ALLIANCE_CORPUS_DIR=str(corpus), ALLIANCE_API_KEYS=KEY,
               HF_HUB_OFFLINE="1")  # fmt: skip
    exe = [sys.executable, "-m", "app.interfaces.cli", "ask", QUESTIONS[1], "--json"]
    times: dict[str, list[float]] = {"server": [], "local": []}
    for _ in range(runs):
        for mode, extra in (("server", []), ("local", ["--local"])):
            started = time.perf_counter()
            res = subprocess.run(exe + extra, env=env, capture_output=True, text=True, timeout=300)
            times[mode].append(time.perf_counter() - started)
            if res.returncode != 0 or "citations" not in res.stdout:
                raise RuntimeError(f"cli ask ({mode}) failed: {res.stderr.strip()[-300:]}")
    return times


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.api_load", description=__doc__)
    p.add_argument("--clients", type=int, default=16)
    p.add_argument("--seconds", type=float, default=30.0, help="how long the clients ask")
    p.add_argument("--endpoint", choices=["ask", "chat", "stream"], default="ask")
    p.add_argument("--concurrency", type=int, default=4, help="ALLIANCE_API_CONCURRENCY")
    p.add_argument("--cli-runs", type=int, default=0, help="also time the CLI N times each way")
    args = p.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from app.core.settings import Settings
    from app.interfaces.web.server import serve
    from bench.chat_load import _free_port
    from bench.measure import loadavg, percentile

    with tempfile.TemporaryDirectory(prefix="alliance-api-load-") as tmp:
        corpus, data = Path(tmp) / "docs", Path(tmp) / "data"
        shutil.copytree(REPO / "docs", corpus)
        settings = Settings(data_dir=data, corpus_dir=corpus, api_keys=KEY, api_rate_limit=0,
                            api_concurrency=args.concurrency)  # fmt: skip
        port = _free_port()
        running = serve(settings, host="127.0.0.1", port=port, block=False)
        url = f"http://127.0.0.1:{port}"
        try:
            hammer(url, clients=1, seconds=0.1, endpoint=args.endpoint)  # warm-up
            before = loadavg()
            load = hammer(url, clients=args.clients, seconds=args.seconds, endpoint=args.endpoint)
            after = loadavg()
            cli = time_cli(url, data, corpus, args.cli_runs) if args.cli_runs else None
        finally:
            running.close()
    ms = sorted(load.ms) or [0.0]
    print(f"`python -m bench.api_load --clients {args.clients} --seconds {args.seconds:g} "
          f"--endpoint {args.endpoint} --concurrency {args.concurrency}`\n")  # fmt: skip
    print("| clients | endpoint | answers | answers/s | p50 ms | p95 ms | max ms | errors |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    ok = len(load.ms) - len(load.errors)
    print(
        f"| {args.clients} | {args.endpoint} | {ok} | {ok / load.wall_s:.2f} | "
        f"{percentile(ms, 50):.0f} | {percentile(ms, 95):.0f} | {ms[-1]:.0f} | "
        f"{len(load.errors)} |"
    )
    print(f"\nload average before: {before}; after: {after}")
    if cli:
        print("\n| `alliance-assistant ask` | runs | median s | min s | max s |")
        print("| --- | --- | --- | --- | --- |")
        for mode, label in (("server", "through the running server"), ("local", "--local")):
            t = cli[mode]
            print(f"| {label} | {len(t)} | {statistics.median(t):.2f} | {min(t):.2f} | "
                  f"{max(t):.2f} |")  # fmt: skip
    for error in load.errors[:10]:
        print(f"error: {error}")
    if len(load.errors) > 10:
        print(f"... and {len(load.errors) - 10} more errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())

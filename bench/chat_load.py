"""``python -m bench.chat_load``: simultaneous conversations through the web chat.

Launches the real Gradio server on 127.0.0.1 over a temp copy of docs/, then N clients
(gradio_client, one thread each) ask M distinct questions each at the same time; optionally
a sync of changed documents runs meanwhile. Prints a Markdown table: p50/p95/max latency
per answer, errors, and throughput. Bounded in count and time; the server stops at the end.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

QUESTIONS = [
    "When was the AI Alliance launched?",
    "Which country is Silo AI based in?",
    "How many universities are founding members?",
    "Which members are based in Japan?",
    "Is Microsoft a founding member?",
    "What are the alliance's objectives?",
    "What kind of organization is CERN?",
    "Who launched the AI Alliance?",
    "What do members pool together?",
    "Is open-source development required for membership?",
    "Where is Sakana AI based?",
    "What governance did the alliance plan?",
    "Which government agencies are founding members?",
    "What is the capital of Australia?",
    "How much do members spend on research and development?",
    "What are the focus areas?",
]
REPO = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(clients: int, per_client: int, sync_docs: int) -> dict[str, float]:
    from gradio_client import Client

    from app.settings import Settings
    from app.web.server import serve

    with tempfile.TemporaryDirectory(prefix="alliance-load-") as tmp:
        corpus = Path(tmp) / "docs"
        shutil.copytree(REPO / "docs", corpus)
        settings = Settings(data_dir=Path(tmp) / "data", corpus_dir=corpus)
        port = _free_port()
        demo = serve(settings, host="127.0.0.1", port=port, block=False)
        url = f"http://127.0.0.1:{port}/"
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()

        def chat(worker: int) -> None:
            client = Client(url, verbose=False)
            for i in range(per_client):
                question = QUESTIONS[(worker + i) % len(QUESTIONS)]
                started = time.perf_counter()
                try:
                    history, *_ = client.predict(question, [], "All materials", api_name="/chat")
                    assert history and history[-1]["content"]
                    with lock:
                        latencies.append((time.perf_counter() - started) * 1000)
                except Exception as exc:  # counted, reported
                    with lock:
                        errors.append(f"{type(exc).__name__}: {exc}")

        sync_seconds = 0.0
        if sync_docs:
            for i in range(sync_docs):
                (corpus / "announcements" / f"load-{i}.md").write_text(
                    f"# Load note {i}\n\nLoad note {i} records working group item {i}.\n"
                )
        threads = [threading.Thread(target=chat, args=(w,)) for w in range(clients)]
        started = time.perf_counter()
        syncer = None
        if sync_docs:

            def do_sync() -> None:
                nonlocal sync_seconds
                t0 = time.perf_counter()
                Client(url, verbose=False).predict(api_name="/reindex")
                sync_seconds = time.perf_counter() - t0

            syncer = threading.Thread(target=do_sync)
            syncer.start()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=600)
        if syncer:
            syncer.join(timeout=600)
        wall = time.perf_counter() - started
        demo.close()
    ordered = sorted(latencies) or [0.0]
    return {
        "clients": clients,
        "answers": len(latencies),
        "errors": len(errors),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 1),
        "max_ms": round(ordered[-1], 1),
        "answers_per_s": round(len(latencies) / wall, 2),
        "sync_docs": sync_docs,
        "sync_s": round(sync_seconds, 1),
        "first_error": errors[0] if errors else "",
    }


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m bench.chat_load", description=__doc__)
    p.add_argument("--clients", type=int, default=16)
    p.add_argument("--per-client", type=int, default=4)
    p.add_argument("--sync-docs", type=int, default=0, help="changed docs synced meanwhile")
    args = p.parse_args()
    row = run(args.clients, args.per_client, args.sync_docs)
    print(
        "| clients | answers | errors | p50 ms | p95 ms | max ms | answers/s | sync docs | sync s |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    print(
        f"| {row['clients']} | {row['answers']} | {row['errors']} | {row['p50_ms']} | "
        f"{row['p95_ms']} | {row['max_ms']} | {row['answers_per_s']} | {row['sync_docs']} | "
        f"{row['sync_s']} |"
    )
    if row["first_error"]:
        print(f"\nfirst error: {row['first_error']}")


if __name__ == "__main__":
    main()

"""``python -m bench.sync_load``: simultaneous web chats while another process syncs.

Launches the real Gradio server (without ``--watch``) on 127.0.0.1 over a temp copy of docs/
plus ``--rewrite`` extra member profiles. Then ``--clients`` gradio_client clients (one thread
and one connection each) chat without pause while ``alliance-assistant ingest`` runs
``--syncs`` times in its own process; before each sync, the profiles are rewritten (work to
embed) and a new marker member ("Syncmark k Labs") is added. Half the questions ask about the
newest marker whose sync had finished before the question started: such an answer must cite
it (else it counts as stale). Every other question is answerable from docs/ and must be cited.
Prints a Markdown table (latency p50/p95/max, errors, stale answers, answers during syncs) and
the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.chat_load import QUESTIONS, REPO, SCOPE, write_profiles

COUNTRIES = ["Chile", "Kenya", "Norway", "Nepal", "Portugal", "Ghana", "Peru", "Iceland"]


def marker(k: int) -> tuple[str, str, str]:
    """The k-th sync's marker member: its file, its question and the word its answer needs."""
    return (
        f"members/syncmark-{k}.md",
        f"Where is Syncmark {k} Labs based?",
        COUNTRIES[k % len(COUNTRIES)],
    )


def write_marker(corpus: Path, k: int) -> None:
    rel, _, country = marker(k)
    name = f"Syncmark {k} Labs"
    (corpus / rel).write_text(
        f'---\ndoc_type: member_profile\ntitle: "{name}"\nname: "{name}"\nkind: "company"\n'
        f'country: "{country}"\n---\n\n# {name}\n\n{name} is a company based in {country}.\n'
    )


@dataclass
class SyncLoad:
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    fresh_checks: int = 0  # marker questions asked after their sync had finished
    during_sync: int = 0  # answers that started while a sync was running
    syncs: list[dict] = field(default_factory=list)  # each sync's stats and wall seconds

    def row(self, clients: int) -> dict[str, object]:
        from bench.measure import percentile

        ms = sorted(self.latencies_ms) or [0.0]
        return {
            "clients": clients,
            "answers": len(self.latencies_ms),
            "during_sync": self.during_sync,
            "errors": len(self.errors),
            "stale": len(self.stale),
            "fresh_checks": self.fresh_checks,
            "p50_ms": round(percentile(ms, 50)),
            "p95_ms": round(percentile(ms, 95)),
            "max_ms": round(ms[-1]),
            "syncs": len(self.syncs),
            "sync_s": [s["wall_s"] for s in self.syncs],
        }


def _ingest(env: dict[str, str]) -> dict:
    started = time.perf_counter()
    res = subprocess.run(
        [sys.executable, "-m", "app.interfaces.cli", "ingest", "--json"],
        env=env, capture_output=True, text=True, timeout=1800,
    )  # fmt: skip
    if res.returncode != 0:
        raise RuntimeError(f"ingest failed: {res.stderr.strip()}")
    return {**json.loads(res.stdout), "wall_s": round(time.perf_counter() - started, 1)}


def chats_during_syncs(
    url: str, corpus: Path, env: dict[str, str], *, clients: int, syncs: int, rewrite: int
) -> SyncLoad:
    """``clients`` chats without pause while another process runs ``syncs`` syncs."""
    from gradio_client import Client

    result, lock = SyncLoad(), threading.Lock()
    state = {"finished": 0, "running": False, "done": False}  # syncs finished so far
    connections = [Client(url, verbose=False) for _ in range(clients)]

    def chat(worker: int) -> None:
        n = worker
        while not state["done"]:
            n += 1
            finished, running = state["finished"], state["running"]
            if finished and n % 2:
                rel, question, word = marker(finished)
            else:
                rel, question, word = "", QUESTIONS[n % len(QUESTIONS)], ""
            started = time.perf_counter()
            try:
                history, *_ = connections[worker].predict(question, [], SCOPE, api_name="/chat")
                text = str(history[-1]["content"]) if history else ""  # sources included
            except Exception as exc:  # counted and printed, never hidden
                with lock:
                    result.errors.append(f"{question!r}: {type(exc).__name__}: {exc}")
                continue
            ms = (time.perf_counter() - started) * 1000
            with lock:
                result.latencies_ms.append(ms)
                result.during_sync += running
                if not text or 'class="cite"' not in text:
                    result.errors.append(f"empty or uncited answer to {question!r}")
                elif rel:
                    result.fresh_checks += 1
                    if rel not in text or word not in text:
                        result.stale.append(f"{question!r} after sync {finished}")

    threads = [threading.Thread(target=chat, args=(w,)) for w in range(clients)]
    for t in threads:
        t.start()
    try:
        for k in range(1, syncs + 1):
            write_profiles(corpus, rewrite, revision=k + 1)
            write_marker(corpus, k)
            state["running"] = True
            result.syncs.append(_ingest(env))
            state["running"], state["finished"] = False, k
            time.sleep(2.0)  # let every client ask at least once about the new marker
    finally:
        state["done"] = True
        for t in threads:
            t.join(timeout=600)
    return result


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cli_env(data: Path, corpus: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALLIANCE_")}
    env.update(ALLIANCE_DATA_DIR=str(data), ALLIANCE_CORPUS_DIR=str(corpus), HF_HUB_OFFLINE="1")
    return env


def run(clients: int, syncs: int, rewrite: int) -> SyncLoad:
    from app.core.settings import Settings
    from app.interfaces.web.server import serve

    with tempfile.TemporaryDirectory(prefix="alliance-syncload-") as tmp:
        corpus, data = Path(tmp) / "docs", Path(tmp) / "data"
        shutil.copytree(REPO / "docs", corpus)
        write_profiles(corpus, rewrite, revision=1)
        env = _cli_env(data, corpus)
        _ingest(env)
        port = _free_port()
        demo = serve(Settings(data_dir=data, corpus_dir=corpus), port=port, block=False)
        try:
            return chats_during_syncs(f"http://127.0.0.1:{port}/", corpus, env,
                                      clients=clients, syncs=syncs, rewrite=rewrite)  # fmt: skip
        finally:
            demo.close()


def largest_text(words: int = 110_000) -> bytes:
    """A text of varied sentences (856 KB) that makes about 900 chunks: near the most work
    one upload may cause under the default limits (1,000 chunks per document)."""
    import random

    rng = random.Random(7)
    vocab = ["alliance", "open", "model", "research", "safety", "member", "benchmark", "data",
             "community", "hardware", "education", "policy", "tooling", "trust", "agents",
             "science"]  # fmt: skip
    paragraphs = []
    for _ in range(words // 60):
        sentence = " ".join(rng.choice(vocab) for _ in range(12)).capitalize() + "."
        paragraphs.append(" ".join([sentence] * 5))
    return ("# Long report\n\n" + "\n\n".join(paragraphs)).encode()


def chats_during_upload(
    clients: int, files: dict[str, bytes]
) -> tuple[list[float], str, float, int]:
    """Latencies (ms) of ``clients`` chats asked without pause while the web chat's own
    upload of ``files`` is being indexed, the upload's summary, its seconds, and how many
    chats failed ("Something went wrong" in the chat)."""
    from gradio_client import Client, handle_file

    from app.core.settings import Settings
    from app.interfaces.web.chat import FAILED
    from app.interfaces.web.server import serve

    with tempfile.TemporaryDirectory(prefix="alliance-upload-") as tmp:
        corpus, data = Path(tmp) / "docs", Path(tmp) / "data"
        shutil.copytree(REPO / "docs", corpus)
        _ingest(_cli_env(data, corpus))
        port = _free_port()
        demo = serve(Settings(data_dir=data, corpus_dir=corpus), port=port, block=False)
        url, latencies, done = f"http://127.0.0.1:{port}/", [], threading.Event()
        failed: list[str] = []

        def chat(worker: int) -> None:
            client, n = Client(url, verbose=False), worker
            while not done.is_set():
                n += 1
                started = time.perf_counter()
                history, *_ = client.predict(QUESTIONS[n % len(QUESTIONS)], [], SCOPE,
                                             api_name="/chat")  # fmt: skip
                if not done.is_set():
                    latencies.append((time.perf_counter() - started) * 1000)
                    if FAILED in str(history[-1]["content"]):
                        failed.append(QUESTIONS[n % len(QUESTIONS)])

        try:
            paths = []
            for name, data_bytes in files.items():
                (Path(tmp) / name).write_bytes(data_bytes)
                paths.append(handle_file(str(Path(tmp) / name)))
            threads = [threading.Thread(target=chat, args=(w,)) for w in range(clients)]
            for t in threads:
                t.start()
            time.sleep(1.0)
            started = time.perf_counter()
            summary = Client(url, verbose=False).predict(paths, api_name="/upload")[0]
            seconds = time.perf_counter() - started
            done.set()
            for t in threads:
                t.join(timeout=600)
        finally:
            demo.close()
    return latencies, summary, seconds, len(failed)


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m bench.sync_load", description=__doc__)
    p.add_argument("--clients", type=int, default=32)
    p.add_argument("--syncs", type=int, default=5)
    p.add_argument("--rewrite", type=int, default=100, help="profiles rewritten per sync")
    p.add_argument(
        "--upload",
        nargs="?",
        const="hostile",
        choices=["hostile", "largest"],
        help="instead: chats while the web chat indexes the two hostile uploads, or "
        "(largest) a text just within the chunk limit (about 900 chunks to embed)",
    )
    args = p.parse_args()
    from bench.measure import loadavg, percentile

    if args.upload:
        from bench.hostile_uploads import one_sentence_text, page_bomb

        files = {"one-sentence.txt": one_sentence_text(), "page-bomb.pdf": page_bomb()}
        if args.upload == "largest":
            files = {"long-report.txt": largest_text()}
        ms, summary, seconds, failed = chats_during_upload(args.clients, files)
        ms.sort()
        print("| clients | answers during the upload | failed | p50 ms | p95 ms | max ms "
              "| upload s |\n| --- | --- | --- | --- | --- | --- | --- |")  # fmt: skip
        print(f"| {args.clients} | {len(ms)} | {failed} | {round(percentile(ms, 50))} | "
              f"{round(percentile(ms, 95))} | {round(ms[-1])} | {seconds:.1f} |")  # fmt: skip
        print(f"\nupload summary: {' '.join(summary.split())}")
        print(f"load average at the end: {loadavg()}")
        return

    result = run(args.clients, args.syncs, args.rewrite)
    r = result.row(args.clients)
    print(
        "| clients | answers | answered during a sync | errors | stale | fresh checks "
        "| p50 ms | p95 ms | max ms | syncs (s each) |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    print(
        f"| {r['clients']} | {r['answers']} | {r['during_sync']} | {r['errors']} | "
        f"{r['stale']} | {r['fresh_checks']} | {r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} | "
        f"{r['syncs']} ({', '.join(map(str, r['sync_s']))}) |"
    )
    print(f"\nload average at the end: {loadavg()}")
    for line in (result.errors + result.stale)[:10]:
        print(f"problem: {line}")


if __name__ == "__main__":
    main()

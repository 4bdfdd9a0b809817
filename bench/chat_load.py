"""``python -m bench.chat_load``: simultaneous conversations through the web chat while a
sync of changed documents runs.

Launches the real Gradio server on 127.0.0.1 over a temp copy of docs/. With ``--sync-docs N``
it first indexes N extra member profiles, then rewrites all N and starts the web chat's own
re-index (``/reindex``) of those N changed documents; once the server reports that sync
iterating over files, every client (gradio_client, one thread and one connection each) asks
its questions at the same moment. Prints a Markdown table: latency p50/p95/max per answer,
errors (exceptions, empty or uncited answers; every question is answerable), how many answers
arrived while the sync was still running, and the sync's own seconds. The server stops at the
end.
"""

from __future__ import annotations

import argparse
import re
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

QUESTIONS = [  # all answerable from docs/: an answer without a citation counts as an error
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
    "What are the focus areas?",
]
REPO = Path(__file__).resolve().parent.parent
SCOPE = "All materials"
SUMMARY = re.compile(r"Sync finished in ([\d.]+) s:\*\* (\d+) added · (\d+) updated")


def profile(i: int, revision: int) -> str:
    """One synthetic member profile; each revision changes its text (so its hash)."""
    name = f"Loadtest Member {i:03d}"
    return (
        f'---\ndoc_type: member_profile\ntitle: "{name}"\nname: "{name}"\n'
        f'short_name: "LM{i:03d}"\nkind: "company"\ncountry: "Atlantis"\n---\n\n# {name}\n\n'
        f"{name} is a company based in Atlantis. Its profile is at revision {revision}, "
        f"filed under load item {i * 7 + revision}.\n"
    )


def write_profiles(corpus: Path, n: int, revision: int) -> None:
    for i in range(n):
        (corpus / "members" / f"loadtest-{i:03d}.md").write_text(profile(i, revision))


def index_profiles(url: str, corpus: Path, n: int) -> str:
    """Write revision 1 of ``n`` profiles and index them through the web chat; the summary."""
    from gradio_client import Client

    write_profiles(corpus, n, revision=1)
    summary, _ = Client(url, verbose=False).predict(api_name="/reindex")
    return summary


@dataclass
class Answered:
    ms: float
    at: float  # perf_counter when the answer arrived
    cited: bool


@dataclass
class LoadRun:
    answers: list[Answered] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    sync_started: float = 0.0  # when the server reported the sync iterating over files
    sync_ended: float = 0.0  # when the client got the sync's summary
    sync_summary: str = ""
    wall_s: float = 0.0

    def during_sync(self) -> int:
        return sum(self.sync_started <= a.at <= self.sync_ended for a in self.answers)

    def row(self, clients: int) -> dict[str, object]:
        from bench.measure import percentile

        ms = sorted(a.ms for a in self.answers) or [0.0]
        got = SUMMARY.search(self.sync_summary)
        return {
            "clients": clients,
            "answers": len(self.answers),
            "during_sync": self.during_sync(),
            "errors": len(self.errors),
            "p50_ms": round(percentile(ms, 50)),
            "p95_ms": round(percentile(ms, 95)),
            "max_ms": round(ms[-1]),
            "answers_per_s": round(len(self.answers) / self.wall_s, 2) if self.wall_s else 0.0,
            "docs_changed": int(got.group(3)) if got else 0,
            "sync_s": float(got.group(1)) if got else 0.0,
        }


def _ask(client, question: str, run: LoadRun, lock: threading.Lock) -> None:
    started = time.perf_counter()
    try:
        history, *_ = client.predict(question, [], SCOPE, api_name="/chat")
        content = str(history[-1]["content"]) if history else ""
        if not content:
            raise RuntimeError("empty answer")
        done = time.perf_counter()
        answered = Answered((done - started) * 1000, done, 'class="cite"' in content)
        with lock:
            run.answers.append(answered)
            if not answered.cited:
                run.errors.append(f"uncited answer to {question!r}")
    except Exception as exc:  # counted and printed, never hidden
        with lock:
            run.errors.append(f"{question!r}: {type(exc).__name__}: {exc}")


def _start_sync(url: str, run: LoadRun) -> threading.Thread:
    """Submit the re-index, wait until it is iterating over files, watch for its end."""
    from gradio_client import Client
    from gradio_client.utils import Status

    job = Client(url, verbose=False).submit(api_name="/reindex")
    deadline = time.perf_counter() + 300
    while job.status().code != Status.PROGRESS and not job.done():
        if time.perf_counter() > deadline:
            raise RuntimeError("the re-index did not start within 300 s")
        time.sleep(0.02)
    run.sync_started = time.perf_counter()

    def watch() -> None:
        try:
            run.sync_summary = job.result(timeout=1800)[0]
        except Exception as exc:
            run.errors.append(f"sync: {type(exc).__name__}: {exc}")
        run.sync_ended = time.perf_counter()

    watcher = threading.Thread(target=watch)
    watcher.start()
    return watcher


def chats_during_sync(
    url: str, corpus: Path, *, clients: int, per_client: int, sync_docs: int
) -> LoadRun:
    """``clients`` simultaneous chats, started while a sync of ``sync_docs`` changed profiles
    (indexed before with :func:`index_profiles`) runs; ``sync_docs=0``: chats only."""
    from gradio_client import Client

    run, lock = LoadRun(), threading.Lock()
    connections = [Client(url, verbose=False) for _ in range(clients)]
    gate = threading.Barrier(clients)

    def chat(worker: int) -> None:
        gate.wait()  # every client asks at the same moment
        for i in range(per_client):
            question = QUESTIONS[(worker * per_client + i) % len(QUESTIONS)]
            _ask(connections[worker], question, run, lock)

    watcher = None
    if sync_docs:
        write_profiles(corpus, sync_docs, revision=2)
        watcher = _start_sync(url, run)
    started = time.perf_counter()
    threads = [threading.Thread(target=chat, args=(w,)) for w in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=1800)
    run.wall_s = time.perf_counter() - started
    if watcher:
        watcher.join(timeout=1800)
    return run


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(clients: int, per_client: int, sync_docs: int) -> LoadRun:
    from app.core.settings import Settings
    from app.interfaces.web.server import serve

    with tempfile.TemporaryDirectory(prefix="alliance-load-") as tmp:
        corpus = Path(tmp) / "docs"
        shutil.copytree(REPO / "docs", corpus)
        settings = Settings(data_dir=Path(tmp) / "data", corpus_dir=corpus)
        port = _free_port()
        demo = serve(settings, host="127.0.0.1", port=port, block=False)
        url = f"http://127.0.0.1:{port}/"
        try:
            if sync_docs:
                summary = index_profiles(url, corpus, sync_docs)
                if f"{sync_docs} added" not in summary:
                    raise RuntimeError(f"indexing the profiles failed: {summary}")
            return chats_during_sync(
                url, corpus, clients=clients, per_client=per_client, sync_docs=sync_docs
            )
        finally:
            demo.close()


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m bench.chat_load", description=__doc__)
    p.add_argument("--clients", type=int, default=16)
    p.add_argument("--per-client", type=int, default=4)
    p.add_argument("--sync-docs", type=int, default=0, help="changed docs synced meanwhile")
    args = p.parse_args()
    result = run(args.clients, args.per_client, args.sync_docs)
    r = result.row(args.clients)
    print(
        "| clients x questions | answers | answered during sync | errors | p50 ms | p95 ms "
        "| max ms | answers/s | changed docs synced | sync s |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    print(
        f"| {args.clients} x {args.per_client} | {r['answers']} | {r['during_sync']} | "
        f"{r['errors']} | {r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} | "
        f"{r['answers_per_s']} | {r['docs_changed']} | {r['sync_s']} |"
    )
    from bench.measure import loadavg

    print(f"\nload average during the run: {loadavg()}")
    for error in result.errors[:10]:
        print(f"error: {error}")
    if len(result.errors) > 10:
        print(f"... and {len(result.errors) - 10} more errors")


if __name__ == "__main__":
    main()

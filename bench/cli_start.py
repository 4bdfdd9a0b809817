"""Section 5 (and the CLI half of 6): wall time from process start to the first answer of
``python -m app.interfaces.cli ask ... --json``, and each child's own peak RSS
(``os.wait4``)."""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

from bench import corpus
from bench.context import Bench
from bench.measure import ChildRun, median, run_child
from bench.report import Table

log = logging.getLogger("bench")

QUESTION = "When was the AI Alliance launched?"
RUNS = 3
ASK = [sys.executable, "-m", "app.interfaces.cli", "ask", QUESTION, "--json"]
# what `ask` on an existing index imports, eagerly or on first use
IMPORT_LINE = (
    "import app.interfaces.cli.main, app.core.query, chromadb, sentence_transformers, "
    "langchain_chroma, bm25s"
)
IMPORTS = [sys.executable, "-c", IMPORT_LINE]
COLUMNS = ["scenario", "result", "runs", "median s", "min s", "max s", "child peak RSS MiB",
           "RSS source", "answer"]  # fmt: skip


def child_env(data_dir: Path, corpus_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["ALLIANCE_DATA_DIR"] = str(data_dir)
    env["ALLIANCE_CORPUS_DIR"] = str(corpus_dir)
    env.setdefault("TOKENIZERS_PARALLELISM", "false")
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(corpus.REAL_DOCS.parent), env.get("PYTHONPATH", "")) if p
    )
    return env


def answer_summary(run: ChildRun) -> tuple[str, str]:
    """(result, first words of the answer) from a child's stdout and exit code."""
    if run.returncode != 0:
        last = (run.stderr.strip().splitlines() or ["no stderr"])[-1]
        return f"error: exit {run.returncode}: {last[:200]}", ""
    try:
        answer = json.loads(run.stdout)
    except json.JSONDecodeError:
        return "error: stdout is not JSON", run.stdout[:80]
    result = "abstained" if answer.get("abstained") else "ok"
    return result, str(answer.get("text", ""))[:90]


def scenario_row(table: Table, label: str, runs: list[ChildRun], answers: bool = True) -> None:
    """One row per scenario; ``answers=False`` for children that print no Answer JSON."""
    walls = [r.wall for r in runs]
    bad = [r for r in runs if r.returncode != 0]
    if bad:
        result, text = answer_summary(bad[0])
    elif answers:
        result, text = answer_summary(runs[-1])
    else:
        result, text = "ok", runs[-1].stdout.strip()[:90]
    table.add(
        scenario=label,
        result=result,
        runs=len(runs),
        answer=text,
        **{"RSS source": runs[-1].rss_source},
        **{
            "median s": median(walls),
            "min s": min(walls),
            "max s": max(walls),
            "child peak RSS MiB": max(r.maxrss_mib for r in runs),
        },
    )


def imports_only(table: Table, work: Path, env: dict[str, str]) -> None:
    runs = [run_child(IMPORTS, env) for _ in range(RUNS)]
    scenario_row(table, "imports only (no model, no question)", runs, answers=False)


def ingest_docs(table: Table, work: Path, env: dict[str, str]) -> None:
    run = run_child([sys.executable, "-m", "app.interfaces.cli", "ingest", "--json"], env)
    scenario_row(table, "`ingest --json` of docs/ into an empty data dir", [run], answers=False)


def ask_indexed(table: Table, work: Path, env: dict[str, str]) -> None:
    runs = [run_child(ASK, env) for _ in range(RUNS)]
    scenario_row(table, "ask, existing index of docs/", runs)


def ask_empty(table: Table, work: Path, env: dict[str, str]) -> None:
    runs = []
    for i in range(RUNS):
        log.info("cli: ask on an empty data dir, run %d/%d", i + 1, RUNS)
        empty_env = dict(env, ALLIANCE_DATA_DIR=str(work / f"data-empty-{i}"))
        runs.append(run_child(ASK, empty_env))
    scenario_row(table, "ask, empty data dir (includes the first sync)", runs)


SCENARIOS = (
    ("imports only", imports_only),
    ("ingest", ingest_docs),
    ("ask, existing index", ask_indexed),
    ("ask, empty data dir", ask_empty),
)
NOTES = [
    f'`{" ".join(["python", *ASK[1:4]])} "{QUESTION}" --json` with ALLIANCE_DATA_DIR/'
    "ALLIANCE_CORPUS_DIR set; wall seconds from spawn to exit, median of "
    f"{RUNS} runs. `child peak RSS` is the child's own peak RSS, from GNU "
    "`/usr/bin/time -f %M` when present (`RSS source`); plain wait4 would report at "
    "least the bench's own RSS, "
    "since Linux carries the high-water mark of the spawning process over exec.",
    "`ingest`: builds the index the `existing index` runs use (one run).",
    "`empty data dir`: a new empty data dir per run, so the answer includes the "
    "automatic first sync of docs/ (ensure_indexed).",
    "`imports only`: the interpreter plus the heavy imports, no model load, no "
    "question: the floor under every CLI call.",
]


def cli_tables(b: Bench) -> list[Table]:
    table = Table("5. Process start to first answer (CLI, subprocess)", COLUMNS, notes=NOTES)
    work = b.workdir("cli")
    docs = work / "corpus"
    corpus.copy_real_docs(docs)
    env = child_env(work / "data-indexed", docs)
    for label, fn in SCENARIOS:
        log.info("cli: %s", label)
        try:
            fn(table, work, env)
        except Exception as exc:  # noqa: BLE001 - one scenario failing must not hide the rest
            table.error("scenario", label, exc)
    return [table]

"""Section 5 (and the CLI half of 6): wall time of CLI processes, from spawn to exit, with
each child's own peak RSS: ``--help``, ``status``, ``check``, ``ask`` on an existing index,
a second writer refused while the bench holds the data dir's lock, and ``serve`` until its
page answers (and its RSS then)."""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

from bench import corpus
from bench.context import Bench
from bench.measure import ChildRun, loadavg, median, run_child
from bench.report import Table

log = logging.getLogger("bench")

QUESTION = "When was the AI Alliance launched?"
RUNS = 3
CLI = [sys.executable, "-m", "app.interfaces.cli"]
ASK = [*CLI, "ask", QUESTION, "--json"]
# what `ask` on an existing index imports, eagerly or on first use
IMPORT_LINE = (
    "import app.interfaces.cli.main, app.core.query, chromadb, vectorstore.fast_encoder, openvino"
)
IMPORTS = [sys.executable, "-c", IMPORT_LINE]
COLUMNS = ["scenario", "result", "runs", "median s", "min s", "max s", "child peak RSS MiB",
           "RSS source", "load avg", "answer"]  # fmt: skip


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
        **{"RSS source": runs[-1].rss_source, "load avg": loadavg()},
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


def cli_quick(table: Table, work: Path, env: dict[str, str]) -> None:
    """``--help``, ``status`` and ``check``: no model, no torch, no chromadb client."""
    for label, args in (("--help", ["--help"]), ("status", ["status"]), ("check", ["check"])):
        runs = [run_child([*CLI, *args], env) for _ in range(RUNS)]
        scenario_row(table, f"`{label}`, existing index of docs/", runs, answers=False)


def second_writer(table: Table, work: Path, env: dict[str, str]) -> None:
    """``ingest`` while another process holds the data dir's writer lock for the whole
    measurement: refused (exit 2, ``ingest.lock.REFUSED``) after the lock timeout (1.5 s by
    default), process start included."""
    from bench.readers_writers import holding_lock
    from ingest.lock import REFUSED

    with holding_lock(Path(env["ALLIANCE_DATA_DIR"]), env):
        runs = [run_child([*CLI, "ingest"], env) for _ in range(RUNS)]
    refused = all(r.returncode == 2 and REFUSED in r.stderr for r in runs)
    scenario_row(table, "second writer (`ingest`) refused", runs, answers=False)
    if not refused:
        bad = next(r for r in runs if r.returncode != 2 or REFUSED not in r.stderr)
        last = (bad.stderr.strip().splitlines() or ["no stderr"])[-1][:200]
        table.rows[-1]["result"] = f"error: not refused: exit {bad.returncode}: {last}"
    else:
        table.rows[-1]["result"] = "ok (refused)"


def serve_ready(table: Table, work: Path, env: dict[str, str]) -> None:
    """``serve`` on a free loopback port: seconds until its page answers, then its RSS."""
    from bench.serving import time_serve

    result = time_serve([*CLI, "-v", "serve", "--port"], env)
    table.add(scenario="`serve` ready (page answers), existing index", runs=1,
              **{"median s": result["ready_s"], "min s": result["ready_s"],
                 "max s": result["ready_s"], "child peak RSS MiB": result["peak_rss_mib"],
                 "RSS source": "/proc VmHWM after warm-up"},
              result=result["result"], answer=f"RSS now {result['rss_mib']} MiB",
              **{"load avg": loadavg()})  # fmt: skip


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
    ("help, status, check", cli_quick),
    ("ask, existing index", ask_indexed),
    ("second writer", second_writer),
    ("serve", serve_ready),
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
    "`imports only`: the interpreter plus the modules `ask` imports, no model load, no question.",
    "`second writer`: another process holds the data dir's writer lock for the whole "
    "measurement (as a long sync would) while `ingest` starts; it must exit 2 ('another sync "
    "is writing the index') after the lock timeout, start-up included.",
    "`serve`: spawn to the first HTTP 200 of its page on 127.0.0.1; its peak RSS (/proc "
    "VmHWM) once it has loaded the model and the index in the background (warm-up done).",
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

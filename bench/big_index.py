"""``python -m bench.big_index build|measure DIR [--size N]``: ask() latency on a large index,
built once and measured later.

A 100k-chunk build takes about half an hour of embedding on two cores; ``python -m bench``
builds and measures in one go, so a busy moment spoils both. Here ``build`` writes the same
seeded synthetic corpus as ``python -m bench`` (docs/ plus generated member profiles) and
syncs it into ``DIR``; ``measure`` opens that index and times the same distinct questions,
phase by phase, as table 4b. Run ``measure`` on a quiet machine; it prints the load average.
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
from pathlib import Path
from typing import Any

from bench import corpus, questions
from bench.asking import latency_row, time_questions
from bench.context import SEED, Bench, timed_sync
from bench.latency import LATENCY_COLUMNS, build_corpus, real_chunk_count
from bench.measure import loadavg, machine_info, stopwatch
from bench.probe import one_text_ms
from bench.report import Table, render_markdown

log = logging.getLogger("bench")


def _bench(model: Any, root: Path, size: int) -> Bench:
    return Bench(model=model, tmp=root, sizes=[size], seed=SEED)


def _services(b: Bench, root: Path, size: int) -> Any:
    return b.services(f"latency-{size}", root / f"latency-{size}" / "corpus")


def build(root: Path, size: int, model: Any) -> None:
    b = _bench(model, root, size)
    real = real_chunk_count(b)
    corpus_root, _, per_file = build_corpus(b, size, real)
    svc = b.services(f"latency-{size}", corpus_root)
    run = timed_sync(svc, f"size {size}: build", progress=True)
    info = {
        "size": size, "real_chunks": real, "per_file": per_file, "chunks": svc.index.count(),
        "build_s": round(run.wall, 1), "phases": run.phases, "load_avg_end": loadavg(),
    }  # fmt: skip
    (root / "big_index.json").write_text(json.dumps(info, indent=1))
    log.info("built %s", info)


def measure(root: Path, model: Any) -> Table:
    from app.core.query import ask

    info = json.loads((root / "big_index.json").read_text())
    size = info["size"]
    b = _bench(model, root, size)
    svc = _services(b, root, size)
    members = corpus.generate_members(max(size - info["real_chunks"], 0), b.seed + size)
    with stopwatch() as elapsed:
        ask(questions.WARMUP, services=svc)
    first_ms = 1000 * elapsed()
    asked = questions.question_set(members, False, b.seed + size)
    probe = {"probe 1-text ms": one_text_ms(svc.model), "load avg": loadavg()}
    table = Table(
        f"Warm ask() latency on a prebuilt index ({info['chunks']:,} chunks, built in "
        f"{info['build_s']:,.0f} s)",
        LATENCY_COLUMNS,
        notes=["Same questions and phase columns as table 4b of `python -m bench`."],
    )
    table.add(**latency_row(size, svc, first_ms, time_questions(svc, asked)), **probe)
    return table


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("action", choices=["build", "measure"])
    p.add_argument("dir", type=Path, nargs="?", default=Path(tempfile.gettempdir()) / "big-index")
    p.add_argument("--size", type=int, default=100_000, help="target chunks (build)")
    args = p.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: "
                        "%(message)s", datefmt="%H:%M:%S")  # fmt: skip
    from vectorstore.embeddings import EmbeddingModel

    model = EmbeddingModel("all-MiniLM-L6-v2")
    args.dir.mkdir(parents=True, exist_ok=True)
    if args.action == "build":
        build(args.dir, args.size, model)
    else:
        print(render_markdown(machine_info(), [measure(args.dir, model)], []))


if __name__ == "__main__":
    main()

"""``python -m bench embed [--json]``: embedding throughput of torch against the fast backend,
in one process, on the same chunks of the project's chunk size, and how close their vectors
are (the worst chunk's cosine to its torch vector).

The chunks are real: the project's chunker (200 word pieces, 32 overlap) over synthetic
member directories (several profiles per file, so most chunks are full) and docs/. Rounds
alternate torch and the fast backend, so a change in machine load hits both; the ratio is
the median of the per-round ratios.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import statistics
import tempfile
from pathlib import Path
from typing import Any

from bench import corpus
from bench.measure import loadavg, stopwatch
from bench.report import Table

log = logging.getLogger("bench")

CHUNKS = 256
ROUNDS = 3
BATCH = 64
QUESTIONS = [
    "When was the AI Alliance launched?",
    "Which country is Silo AI based in?",
    "Which Japanese organisations are founding members?",
    "What does the alliance do for AI safety?",
]


def project_chunks(model: Any, n: int = CHUNKS, seed: int = 17) -> list[str]:
    """``n`` chunks as the sync makes them, the fullest first."""
    from ingest.chunking import Chunker
    from ingest.loaders import load_file

    chunker = Chunker(model.count_tokens, chunk_tokens=200, overlap_tokens=32,
                      max_tokens=model.max_tokens)  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench-embed-") as tmp:
        root = Path(tmp)
        members = corpus.generate_members(n * 2, seed)
        corpus.write_synthetic(root, members, seed, per_file=12)
        corpus.copy_real_docs(root / "docs")
        files = sorted(root.rglob("*.md"))
        docs = [d for p in files for d in load_file(p, root, max_bytes=1 << 22)]
    texts = [c.page_content for c in chunker.split_all(docs)]
    texts.sort(key=model.count_tokens, reverse=True)
    chosen = texts[:n]
    random.Random(seed).shuffle(chosen)
    return chosen


def compare(backend: str, rounds: int = ROUNDS, batch: int = BATCH) -> dict[str, Any]:
    """Both backends of the packaged model in this process, on the same chunks."""
    import numpy as np

    from vectorstore.embeddings import EmbeddingModel

    cache = Path(tempfile.gettempdir()) / "alliance-bench-models"
    torch_model = EmbeddingModel("all-MiniLM-L6-v2", backend="torch")
    fast = EmbeddingModel("all-MiniLM-L6-v2", backend=backend, cache_dir=cache)
    texts = project_chunks(fast)
    for m in (torch_model, fast):
        m.encode(texts[:batch], batch_size=batch)  # load and warm up
    times: dict[str, list[float]] = {"torch": [], "fast": []}
    loads = []
    vectors: dict[str, Any] = {}
    for _ in range(rounds):
        loads.append(loadavg())
        for key, m in (("torch", torch_model), ("fast", fast)):
            with stopwatch() as elapsed:
                vectors[key] = m.encode(texts, batch_size=batch)
            times[key].append(elapsed())
    ref = np.vstack([vectors["torch"], torch_model.encode(QUESTIONS)])
    got = np.vstack([vectors["fast"], fast.encode(QUESTIONS)])
    cosine = (ref * got).sum(axis=1) / (np.linalg.norm(ref, axis=1) * np.linalg.norm(got, axis=1))
    n = len(texts)
    return {
        "torch_chunks_per_s": round(n / statistics.median(times["torch"]), 2),
        "fast_chunks_per_s": round(n / statistics.median(times["fast"]), 2),
        "backend": f"{backend} ({getattr(fast.client, 'precision', '?')})",
        "ratio": round(statistics.median(t / f for t, f in zip(times["torch"], times["fast"],
                                                                 strict=True)), 3),
        "min_cosine": round(float(cosine.min()), 6),
        "chunks": n,
        "mean_word_pieces": round(statistics.mean(fast.count_tokens(t) for t in texts), 1),
        "batch": batch,
        "rounds": rounds,
        "load_avg": loads,
    }  # fmt: skip


def embed_table(result: dict[str, Any]) -> Table:
    table = Table(
        "E. Embedding throughput: torch and the fast backend, one process, same chunks",
        ["backend", "result", "torch chunks/s", "fast chunks/s", "ratio", "min cosine",
         "chunks", "mean word pieces", "load avg"],
        notes=[__doc__.split("\n\n", 2)[1].replace("\n", " ")],
    )  # fmt: skip
    table.add(
        backend=result["backend"], result="ok", ratio=result["ratio"], chunks=result["chunks"],
        **{"torch chunks/s": result["torch_chunks_per_s"],
           "fast chunks/s": result["fast_chunks_per_s"], "min cosine": result["min_cosine"],
           "mean word pieces": result["mean_word_pieces"],
           "load avg": " / ".join(result["load_avg"])},
    )  # fmt: skip
    return table


def embed_tables(b: Any) -> list[Table]:
    """Section E of ``python -m bench``: the backend the run uses against torch."""
    backend = getattr(b.model, "backend", "openvino")
    return [embed_table(compare(backend if backend != "torch" else "openvino"))]


KEYS = ("torch_chunks_per_s", "fast_chunks_per_s", "backend", "ratio", "min_cosine")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench embed", description=__doc__.split("\n")[0])
    p.add_argument("--backend", default="openvino", choices=["openvino", "onnx"])
    p.add_argument("--rounds", type=int, default=ROUNDS)
    p.add_argument("--json", action="store_true", help="one JSON line")
    p.add_argument("--all", action="store_true", help="with --json: every field, not the five")
    args = p.parse_args(argv)
    result = compare(args.backend, rounds=args.rounds)
    if args.json:
        print(json.dumps(result if args.all else {k: result[k] for k in KEYS}))
    else:
        from bench.report import table_markdown

        print(table_markdown(embed_table(result)))
    return 0

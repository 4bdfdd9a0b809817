"""``python -m bench.growth``: does the index grow when the same corpus is rewritten?

Copies docs/ to a temp corpus and syncs it, then ``--rounds`` times gives every file a new
``revision`` front-matter field (every chunk's metadata changes, so every chunk is deleted
and re-added) and syncs again. After each round it records the bytes on disk of the Chroma
folder (HNSW segment folders and SQLite apart), the record DB and the BM25 index, Chroma's
count, this process's RSS, and the peak RSS of a fresh process that opens the collection and
runs one query (Chroma's memory for the index, without the embedding model). Then it runs
``IndexService.compact()`` and ``sync(rebuild=True)`` and records the same again.

docs/ is only 85 chunks, so a second table (``--synthetic N``) repeats the rewrites with N
random vectors written straight into a collection made like the app's: the size at which
disk and memory growth show.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.measure import current_rss_mib, loadavg, machine_info, run_child, stopwatch
from bench.report import Table, render_json, render_markdown

log = logging.getLogger("bench")
REPO = Path(__file__).resolve().parent.parent
_REVISION = re.compile(r"^revision: .*\n", re.M)
_OPEN_AND_QUERY = """
import sys, chromadb
from chromadb.config import Settings
client = chromadb.PersistentClient(path=sys.argv[1], settings=Settings(anonymized_telemetry=False))
col = client.get_collection(sys.argv[2])
vector = col.get(limit=1, include=["embeddings"])["embeddings"][0]
print(len(col.query(query_embeddings=[vector], n_results=5)["ids"][0]))
"""
COLUMNS = [
    "step",
    "chunks",
    "re-embedded",
    "auto-compacted",
    "chroma MiB",
    "HNSW MiB",
    "chroma.sqlite3 MiB",
    "record DB MiB",
    "BM25 MiB",
    "bench RSS MiB",
    "open+query RSS MiB",
    "seconds",
]


def rewrite_corpus(root: Path, revision: int) -> int:
    """Give every Markdown file front-matter field ``revision: <n>`` (replacing an earlier
    one): the text is unchanged, the metadata of every chunk is new. Returns files changed."""
    changed = 0
    for path in sorted(root.rglob("*.md")):
        text = _REVISION.sub("", path.read_text(encoding="utf-8"), count=1)
        if text.startswith("---\n"):
            text = f"---\nrevision: {revision}\n{text[4:]}"
        else:
            text = f"---\nrevision: {revision}\n---\n{text}"
        path.write_text(text, encoding="utf-8")
        changed += 1
    return changed


def _mib(n: int | None) -> float | None:
    return None if n is None else round(n / 2**20, 2)


def measure_chroma(index: Any) -> dict[str, Any]:
    """Chroma's count, its folder's bytes on disk, and the memory of opening it afresh."""
    from vectorstore.compaction import disk_bytes

    chroma = index.chroma_dir
    segments = sum(disk_bytes(p) for p in chroma.iterdir() if p.is_dir())
    child = run_child(
        [sys.executable, "-c", _OPEN_AND_QUERY, str(chroma), index.name],
        env=dict(os.environ),
        timeout=300,
    )
    if child.returncode != 0:
        log.warning("open+query child failed: %s", child.stderr.strip()[-300:])
    return {
        "chunks": index.count(),
        "chroma MiB": _mib(disk_bytes(chroma)),
        "HNSW MiB": _mib(segments),
        "chroma.sqlite3 MiB": _mib(disk_bytes(chroma / "chroma.sqlite3")),
        "bench RSS MiB": current_rss_mib(),
        "open+query RSS MiB": child.maxrss_mib if child.returncode == 0 else None,
    }


def measure(svc: Any) -> dict[str, Any]:
    """``measure_chroma`` plus the record DB and the BM25 index of ``svc``'s data dir."""
    from vectorstore.compaction import disk_bytes

    return {
        **measure_chroma(svc.index),
        "record DB MiB": _mib(disk_bytes(svc.settings.record_db)),
        "BM25 MiB": _mib(disk_bytes(svc.bm25.directory)),
    }


def run(rounds: int, model: Any, auto_compact: float) -> Table:
    from app.core.services import build_services
    from app.core.settings import Settings

    title = f"Index growth over {rounds} full rewrites of docs/ (auto-compact ratio {auto_compact})"
    table = Table(title, COLUMNS)
    model.encode(["warm-up"])  # load it before the first timed sync
    with tempfile.TemporaryDirectory(prefix="alliance-growth-") as tmp:
        corpus = Path(tmp) / "docs"
        shutil.copytree(REPO / "docs", corpus)
        settings = Settings(data_dir=Path(tmp) / "data", corpus_dir=corpus,
                            compact_after_deleted_ratio=auto_compact)  # fmt: skip
        svc = build_services(settings, model=model)
        with stopwatch() as elapsed:
            stats = svc.indexing.sync()
        table.add(step="first sync", **{"re-embedded": stats.chunks_added},
                  seconds=elapsed(), **measure(svc))  # fmt: skip
        for r in range(1, rounds + 1):
            rewrite_corpus(corpus, r)
            with stopwatch() as elapsed:
                stats = svc.indexing.sync()
            log.info("round %d: updated=%d chunks_added=%d", r, stats.updated, stats.chunks_added)
            table.add(step=f"rewrite {r}", **{"re-embedded": stats.chunks_added,
                      "auto-compacted": "yes" if stats.compacted else ""},
                      seconds=elapsed(), **measure(svc))  # fmt: skip
        with stopwatch() as elapsed:
            svc.indexing.compact()
        table.add(step="compact", **{"re-embedded": 0}, seconds=elapsed(), **measure(svc))
        with stopwatch() as elapsed:
            stats = svc.indexing.sync(rebuild=True)
        table.add(step="ingest --rebuild", **{"re-embedded": stats.chunks_added},
                  seconds=elapsed(), **measure(svc))  # fmt: skip
    table.notes.append(
        "MiB on disk as `du` counts them. HNSW: Chroma's segment folders; open+query: peak RSS "
        "of a fresh Python process that opens the collection and runs one query (no model)."
    )
    return table


def run_synthetic(size: int, rounds: int, model: Any) -> Table:
    """The same rewrites at ``size`` chunks without the embedding model: random unit vectors
    written straight into a collection made like the app's, then ``VectorIndex.compact``."""
    import numpy as np

    from vectorstore.store import HnswParams, VectorIndex

    title = f"Chroma alone: {size:,} random chunks deleted and re-added {rounds} times"
    table = Table(title, [c for c in COLUMNS if c not in ("record DB MiB", "BM25 MiB")])
    rng = np.random.default_rng(20231205)
    with tempfile.TemporaryDirectory(prefix="alliance-growth-") as tmp:
        index = VectorIndex(Path(tmp) / "chroma", "synthetic", model, HnswParams())

        def write(r: int) -> None:
            if r:
                for start in range(0, size, 1000):
                    stop = min(start + 1000, size)
                    index.collection.delete(ids=[f"{r - 1}-{i}" for i in range(start, stop)])
            for start in range(0, size, 1000):
                stop = min(start + 1000, size)
                vectors = rng.standard_normal((stop - start, model.dimension)).astype("float32")
                vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
                index.collection.add(
                    ids=[f"{r}-{i}" for i in range(start, stop)],
                    embeddings=vectors,
                    documents=[f"chunk {i} " + "x" * 800 for i in range(start, stop)],
                    metadatas=[{"source": f"doc-{i // 2}.md"} for i in range(start, stop)],
                )

        for r in range(rounds + 1):
            with stopwatch() as elapsed:
                write(r)
            row = {"step": f"rewrite {r}" if r else "first build", "re-embedded": size}
            table.add(**row, seconds=elapsed(), **measure_chroma(index))
        with stopwatch() as elapsed:
            index.compact()
        table.add(step="compact", **{"re-embedded": 0}, seconds=elapsed(), **measure_chroma(index))
    return table


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.growth", description=__doc__)
    p.add_argument("--rounds", type=int, default=10, help="full rewrites of the corpus")
    p.add_argument(
        "--synthetic",
        type=int,
        default=10_000,
        help="also rewrite this many random chunks in Chroma alone (0: skip)",
    )
    p.add_argument(
        "--auto-compact",
        type=float,
        default=None,
        help="ALLIANCE_COMPACT_AFTER_DELETED_RATIO for the docs/ run (default: the setting's "
        "default; 0: never, to see unbounded growth)",
    )
    p.add_argument("--json", action="store_true", help="one JSON object instead of a table")
    p.add_argument("-v", "--verbose", action="store_true")
    args = p.parse_args(argv)
    for key in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        os.environ.setdefault(key, "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)  # fmt: skip
    log.setLevel(logging.INFO)
    machine = machine_info()
    from vectorstore.embeddings import EmbeddingModel

    model = EmbeddingModel("all-MiniLM-L6-v2")
    from app.core.settings import Settings

    ratio = args.auto_compact
    if ratio is None:
        ratio = Settings.model_fields["compact_after_deleted_ratio"].default
    tables = [run(args.rounds, model, ratio)]
    if args.synthetic:
        tables.append(run_synthetic(args.synthetic, args.rounds, model))
    machine["loadavg_end"] = loadavg()
    render = render_json if args.json else render_markdown
    command = (f"Command: `python -m bench.growth --rounds {args.rounds} "
               f"--synthetic {args.synthetic} --auto-compact {ratio}`")  # fmt: skip
    print(render(machine, tables, [command]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

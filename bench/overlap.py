"""``python -m bench.overlap [--rounds N]``: ingest time / raw encode, with and without
writing to Chroma while encoding, side by side in one process.

For docs/ and the 1,000 synthetic profiles, each round runs two fresh syncs into empty data
dirs, alternating:

- ``one write``: the control. The sync's encoder is replaced by one that encodes every new
  chunk first (the one-stream encoder, ``encode()``) and hands them back as one piece, so
  they go to Chroma in one write after the encoding, as before the overlap.
- ``overlap``: the sync as it is (``EmbeddingModel.encode_pieces``: the bulk encoder, each
  ``WRITE_PIECE`` rows written while the next batches are computed).

Each sync is followed by a raw ``model.encode`` of the indexed chunk texts with the same
encoder settings (``bulk`` as that sync encodes). The first round of each corpus warms the
encoders' kernels for its shapes and is not counted. Other jobs share the machine's two cores,
so single rounds vary by 2x; the table gives each way's fastest sync and fastest raw encode
(the closest to a quiet machine), their ratio, and the spread of the per-round ratios
(each sync over the raw encode run right after it).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

WAYS = ("one write", "overlap")


def one_write(model: Any) -> Any:
    """The control's encoder: everything first, one piece (the rows in order)."""
    import numpy as np

    def encode(texts: list[str], tokens: Any = None) -> Any:
        return iter([(np.arange(len(texts)), model.encode(texts, token_ids=tokens))])

    return encode


def run_round(b: Any, label: str, root: Path, way: str, first: bool) -> tuple[float, float]:
    from bench.context import timed_sync
    from bench.ingest_bench import warm_encoder
    from bench.measure import release_services, stopwatch

    svc = b.services(f"{label}-{way}-{time.monotonic_ns()}", root)
    try:
        if first:
            warm_encoder(b, svc, root)  # compiles both encoders for these shapes
        if way == "one write":
            svc.indexing.syncer.encode = one_write(b.model)
        run = timed_sync(svc, label)
        texts = svc.index.all_chunks()["documents"]
        with stopwatch() as elapsed:
            b.model.encode(texts, batch_size=svc.settings.index.embed_batch_size,
                           bulk=way == "overlap")  # fmt: skip
        return run.wall, elapsed()
    finally:
        release_services(svc)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.overlap", description=__doc__)
    p.add_argument("--rounds", type=int, default=6, help="rounds per corpus (both ways each)")
    p.add_argument("--corpus", choices=("both", "docs", "profiles"), default="both")
    args = p.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from bench import corpus
    from bench.__main__ import load_model
    from bench.context import Bench
    from bench.ingest_bench import synthetic_corpus

    model, _ = load_model()
    with tempfile.TemporaryDirectory(prefix="bench-overlap-") as tmp:
        b = Bench(model=model, tmp=Path(tmp), sizes=[], quick=True)
        docs = b.workdir("docs") / "corpus"
        corpus.copy_real_docs(docs)
        profiles, _ = synthetic_corpus(b, "profiles")
        print("| corpus | way | rounds | fastest sync s | fastest encode s | ratio of the "
              "fastest | ratio per round: min / median / max | load avg (1 min) |\n| --- | "
              "--- | --- | --- | --- | --- | --- | --- |")  # fmt: skip
        corpora = [("docs/", docs), ("1,000 profiles", profiles)]
        if args.corpus != "both":
            corpora = [corpora[args.corpus == "profiles"]]
        for label, root in corpora:
            runs: dict[str, list[tuple[float, float, float]]] = {w: [] for w in WAYS}
            for r in range(args.rounds + 1):  # the first round warms both encoders: not kept
                for way in WAYS:
                    sync_s, encode_s = run_round(b, label, root, way, first=r == 0)
                    if r:
                        runs[way].append((sync_s, encode_s, os.getloadavg()[0]))
            for way, rows in runs.items():
                sync_min, enc_min = min(r[0] for r in rows), min(r[1] for r in rows)
                loads = [r[2] for r in rows]
                ratios = [r[0] / r[1] for r in rows]
                print(f"| {label} | {way} | {len(rows)} | {sync_min:.3f} | {enc_min:.3f} | "
                      f"{sync_min / enc_min:.2f} | {min(ratios):.2f} / "
                      f"{statistics.median(ratios):.2f} / {max(ratios):.2f} | "
                      f"{min(loads):.1f}-{max(loads):.1f} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

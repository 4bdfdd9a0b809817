"""``python -m bench``: run every section, print Markdown tables (or ``--json``) to stdout,
ending with table T: issue 17's targets next to what this run measured.
``python -m bench embed [--json]``: the embedding throughput section alone."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import tempfile
from pathlib import Path

from bench.report import Table, guarded, render_json, render_markdown

log = logging.getLogger("bench")

DEFAULT_SIZES = [1_000, 10_000, 100_000]
QUICK_SIZES = [1_000, 10_000]


def parse_sizes(text: str) -> list[int]:
    sizes = []
    for part in text.split(","):
        part = part.strip().lower().replace("_", "")
        if not part:
            continue
        factor = 1_000 if part.endswith("k") else 1
        value = int(float(part.rstrip("k")) * factor)
        if value < 1:
            raise argparse.ArgumentTypeError(f"size must be positive: {part}")
        sizes.append(value)
    if not sizes:
        raise argparse.ArgumentTypeError("no sizes given")
    return sizes


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument(
        "--sizes",
        type=parse_sizes,
        default=None,
        help="chunk counts for the ask() latency part (default 1000,10000,100000)",
    )
    p.add_argument(
        "--quick",
        action="store_true",
        help="sizes 1000,10000 and fewer questions: a fast smoke run",
    )
    p.add_argument("--json", action="store_true", help="one JSON object instead of tables")
    p.add_argument("--out", type=Path, help="also write the Markdown report to this file")
    p.add_argument(
        "--torch-threads",
        type=int,
        default=None,
        help="torch threads for this process and the CLI children (default: torch's)",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="debug logging (all loggers)")
    return p  # fmt: skip


def setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        datefmt="%H:%M:%S",
        stream=sys.stderr,
    )
    log.setLevel(logging.DEBUG if verbose else logging.INFO)
    if not verbose:  # some libraries set their own loggers to DEBUG (bm25s): keep them quiet
        for handler in logging.getLogger().handlers:
            handler.addFilter(_quiet_libraries)


def _quiet_libraries(record: logging.LogRecord) -> bool:
    return record.name.startswith("bench") or record.levelno >= logging.WARNING


def load_model() -> tuple[object, float]:
    """The configured model and backend (``ALLIANCE_EMBEDDING_BACKEND``), as the app uses."""
    import tempfile

    from app.core.settings import Settings
    from bench.measure import stopwatch
    from vectorstore.embeddings import EmbeddingModel

    s = Settings().index
    cache = s.embedding_cache_dir or Path(tempfile.gettempdir()) / "alliance-bench-models"
    with stopwatch() as elapsed:
        model = EmbeddingModel(s.embedding_model, backend=s.embedding_backend, cache_dir=cache)
        _ = model.client
        model.encode(["warm-up"])
    warm_imports()
    return model, elapsed()


def warm_imports() -> None:
    """What a sync and a question import on first use (1-3 s each on a busy machine): the
    in-process sections measure the work, section 5 measures processes that start cold."""
    import importlib

    for name in ("chromadb", "chromadb.api.rust", "langchain_core.documents",
                 "langchain_text_splitters", "app.core.query"):  # fmt: skip
        importlib.import_module(name)


def run_sections(bench: object) -> list[Table]:
    from bench.cli_start import cli_tables
    from bench.embed import embed_tables
    from bench.importcost import import_tables
    from bench.ingest_bench import ingest_tables
    from bench.latency import latency_tables
    from bench.targets import targets_table

    tables: list[Table] = []
    for title, fn in (
        ("E. Embedding throughput", embed_tables),
        ("1-3. Ingest", ingest_tables),
        ("4. ask() latency", latency_tables),
        ("5-6. CLI start", cli_tables),
        ("5b. CLI imports", import_tables),
    ):
        log.info("=== %s ===", title)
        tables += guarded(title, lambda fn=fn: fn(bench))
    return [targets_table(tables), *tables]


def probe(table: Table, model: object, when: str) -> None:
    from bench.probe import probe_row

    try:
        table.add(**probe_row(model, when))
    except Exception as exc:  # noqa: BLE001
        table.error("when", when, exc)


def set_threads(threads: int | None) -> None:
    """``--torch-threads``: this process and (via OMP_NUM_THREADS) the CLI children."""
    if threads:
        os.environ["OMP_NUM_THREADS"] = str(threads)
        import torch

        torch.set_num_threads(threads)


def _terminate(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds, so the temp dirs are removed


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["embed"]:
        from bench.embed import main as embed_main

        setup_logging("-v" in argv)
        return embed_main([a for a in argv[1:] if a != "-v"])
    signal.signal(signal.SIGTERM, _terminate)
    for key, value in (("HF_HUB_OFFLINE", "1"), ("TRANSFORMERS_OFFLINE", "1"),
                       ("TOKENIZERS_PARALLELISM", "false"), ("HF_HUB_DISABLE_PROGRESS_BARS", "1"),
                       ("TRANSFORMERS_VERBOSITY", "error")):  # fmt: skip
        os.environ.setdefault(key, value)
    args = build_parser().parse_args(argv)
    setup_logging(args.verbose)
    set_threads(args.torch_threads)
    sizes = args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    from bench.context import Bench
    from bench.measure import loadavg, machine_info, peak_rss_mib
    from bench.probe import probe_table

    machine = machine_info()
    log.info("machine: %s", machine)
    model, load_s = load_model()
    contention = probe_table(os.cpu_count() or 0)
    probe(contention, model, "start")
    backend = getattr(model, "backend", "?")
    footer = [f"Embedding model ({backend}) loaded once in {load_s:.1f} s and shared by every "
              "section, with the modules a sync and a question import on first use (not "
              "included in the in-process timings; section 5 starts cold)."]  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="alliance-bench-") as tmp:
        bench = Bench(model=model, tmp=Path(tmp), sizes=sizes, quick=args.quick)
        tables = [contention, *run_sections(bench)]
    probe(contention, model, "end")
    machine["loadavg_end"] = loadavg()
    footer.append(f"Peak RSS of the bench process over the whole run: {peak_rss_mib():,.0f} MiB.")
    footer.append("Benchmarks measure and never assert; CPU may be shared with other work "
                  "(see table 0 and the load averages in the header).")  # fmt: skip
    markdown = render_markdown(machine, tables, footer)
    if args.out:
        args.out.write_text(markdown, encoding="utf-8")
    print(render_json(machine, tables, footer) if args.json else markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())

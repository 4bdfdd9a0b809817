"""Section 0: how busy the machine is. Small torch ops with several threads suffer most when
other processes share the cores, so one-text encode latency at the default thread count and
at one thread, before and after the run, tells how far to trust the other numbers."""

from __future__ import annotations

from typing import Any

from bench.measure import loadavg, median, stopwatch
from bench.report import Table

TEXT = "Which country is the member based in, and when did it join the alliance?"
REPEATS = 10


def one_text_ms(model: Any) -> float:
    model.encode([TEXT])  # warm for this thread count
    times = []
    for i in range(REPEATS):
        with stopwatch() as elapsed:
            model.encode([f"{TEXT} ({i})"])
        times.append(1000 * elapsed())
    return median(times)


def probe_row(model: Any, when: str) -> dict[str, Any]:
    import os

    default = os.cpu_count() or 0
    row: dict[str, Any] = {"when": when, "result": "ok", "load average": loadavg()}
    row[f"1-text encode ms ({default} threads)"] = one_text_ms(model)
    if getattr(model, "backend", "torch") != "torch":
        return row  # the fast backends fix their threads when compiled
    import torch

    try:
        torch.set_num_threads(1)
        row["1-text encode ms (1 thread)"] = one_text_ms(model)
    finally:
        torch.set_num_threads(default)
    return row


def probe_table(default_threads: int) -> Table:
    return Table(
        "0. Machine contention probe",
        ["when", "result", "load average", f"1-text encode ms ({default_threads} threads)",
         "1-text encode ms (1 thread)"],
        notes=[
            f"Median of {REPEATS} one-sentence `model.encode` calls. On an idle 2-core "
            "machine both are a few tens of ms; when other processes hold the cores, torch's "
            "multi-threaded small ops stall on each other (hundreds of ms) while one thread "
            "does not. Every ask() below embeds at least one short text this way.",
        ],
    )  # fmt: skip

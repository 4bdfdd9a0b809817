"""Section 5b: where the CLI's start-up goes, from ``python -X importtime``."""

from __future__ import annotations

import re
import sys

from bench.cli_start import IMPORT_LINE
from bench.context import Bench
from bench.measure import run_child
from bench.report import Table

LINE = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|( *)(\S+)\s*$")
TOP = 10


def package_costs(stderr: str) -> dict[str, float]:
    """Exclusive ("self") import seconds summed per root package, wherever in the import
    tree its modules were loaded: torch counts as torch even when transformers pulls it in."""
    costs: dict[str, float] = {}
    for self_us, _, module in parse(stderr):
        root = module.split(".")[0]
        costs[root] = costs.get(root, 0.0) + self_us / 1e6
    return costs


def parse(stderr: str) -> list[tuple[int, int, str]]:
    """(self microseconds, depth, module) per ``-X importtime`` line, in printed order
    (children before their parent)."""
    rows = []
    for line in stderr.splitlines():
        match = LINE.match(line)
        if match:
            depth = (len(match.group(3)) - 1) // 2
            rows.append((int(match.group(1)), depth, match.group(4)))
    return rows


def first_importer(rows: list[tuple[int, int, str]], package: str) -> str:
    """Who first imported ``package``: the nearest ancestor outside it, and the top-level
    import that chain started from."""
    for i, (_, depth, module) in enumerate(rows):
        if module.split(".")[0] != package:
            continue
        ancestors = []
        for _, d, parent in rows[i + 1 :]:
            if d < depth:
                ancestors.append(parent)
                depth = d
            if d == 0:
                break
        outside = [a for a in ancestors if a.split(".")[0] != package]
        if not outside:
            return "(top level)"
        return outside[0] if outside[0] == outside[-1] else f"{outside[0]} (from {outside[-1]})"
    return ""


def import_tables(b: Bench) -> list[Table]:
    table = Table(
        "5b. CLI start-up: import time by package (python -X importtime, one run)",
        ["package", "result", "import s", "share of imports", "first imported by"],
        notes=[
            f'`python -X importtime -c "{IMPORT_LINE}"`: the modules `ask` loads on an '
            "existing index. Exclusive (self) import time of every module, summed per root "
            "package wherever it was imported from (torch is torch even when transformers "
            "imports it); top packages. The last row is the child's wall time, interpreter "
            "start included.",
        ],
    )
    run = run_child([sys.executable, "-X", "importtime", "-c", IMPORT_LINE], dict(_env()))
    if run.returncode != 0:
        last = (run.stderr.strip().splitlines() or ["no stderr"])[-1]
        table.add(package="all", result=f"error: exit {run.returncode}: {last[:200]}")
        return [table]
    costs = package_costs(run.stderr)
    rows = parse(run.stderr)
    total = sum(costs.values()) or float("nan")
    for name, secs in sorted(costs.items(), key=lambda kv: kv[1], reverse=True)[:TOP]:
        share = f"{100 * secs / total:.0f}%"
        by = first_importer(rows, name)
        table.add(
            package=name,
            result="ok",
            **{"import s": secs, "share of imports": share, "first imported by": by},
        )
    table.add(package="(child wall time)", result="ok", **{"import s": run.wall})
    return [table]


def _env() -> dict[str, str]:
    import os

    return dict(os.environ, HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false")

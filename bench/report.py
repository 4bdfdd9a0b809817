"""Result tables: Markdown for people, one JSON object for machines."""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

log = logging.getLogger("bench")


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, **row: Any) -> dict[str, Any]:
        self.rows.append(row)
        return row

    def error(self, label_column: str, label: str, exc: BaseException) -> None:
        """A row that says what failed, so the other rows and sections still report."""
        log.error("%s / %s failed: %s", self.title, label, exc)
        log.debug("%s", "".join(traceback.format_exception(exc)))
        message = f"error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        row = {label_column: label, self.columns[1]: message[:300]}
        self.rows.append(row)


def guarded(title: str, fn: Callable[[], list[Table]]) -> list[Table]:
    """Run one section; an exception becomes a one-row table instead of ending the run."""
    try:
        return fn()
    except Exception as exc:  # noqa: BLE001 - benchmarks report failures, they do not stop
        table = Table(title, ["section", "result"])
        table.error("section", title, exc)
        return [table]


def fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value != value:  # NaN
            return "n/a"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        return f"{value:.2f}" if abs(value) >= 0.1 else f"{value:.3f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def table_markdown(table: Table) -> str:
    lines = [f"## {table.title}", ""]
    lines.append("| " + " | ".join(table.columns) + " |")
    lines.append("|" + "|".join("---" for _ in table.columns) + "|")
    for row in table.rows:
        lines.append("| " + " | ".join(fmt(row.get(c)) for c in table.columns) + " |")
    if table.notes:
        lines.append("")
        lines.extend(f"- {note}" for note in table.notes)
    return "\n".join(lines)


def header_markdown(machine: dict[str, Any]) -> str:
    return (
        "# Alliance Assistant benchmarks\n\n"
        f"Machine: {machine.get('platform')}; CPU {machine.get('cpu')}; "
        f"os.cpu_count()={machine.get('cpu_count')}; RAM {machine.get('ram_gib')} GiB; "
        f"torch {machine.get('torch')} threads={machine.get('torch_threads')}; "
        f"chromadb {machine.get('chromadb', '?')}; Python {machine.get('python')}; "
        f"load average at start {machine.get('loadavg_start')}, "
        f"at end {machine.get('loadavg_end', '?')}."
    )


def render_markdown(machine: dict[str, Any], tables: list[Table], footer: list[str]) -> str:
    parts = [header_markdown(machine)]
    parts += [table_markdown(t) for t in tables]
    if footer:
        parts.append("\n".join(f"- {line}" for line in footer))
    return "\n\n".join(parts) + "\n"


def render_json(machine: dict[str, Any], tables: list[Table], footer: list[str]) -> str:
    return json.dumps(
        {"machine": machine, "tables": [asdict(t) for t in tables], "notes": footer},
        default=str,
    )

"""Table T: issue 17's targets, each next to what this run measured (picked from the other
tables of the same run) and the load average when it was measured."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bench.report import Table

COLUMNS = ["measurement", "result", "target", "measured", "met", "load avg", "from table"]


def _find(tables: list[Table], title_start: str, **match: Any) -> dict[str, Any] | None:
    for table in tables:
        if table.title.startswith(title_start):
            for row in table.rows:
                if all(str(row.get(k, "")).startswith(str(v)) for k, v in match.items()):
                    return row
    return None


def _num(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if number != number else number  # NaN


def _max_of(row: dict[str, Any], first: str, rest: str) -> float | None:
    values = [_num(row.get(first))]
    values += [_num(v) for v in str(row.get(rest, "")).split("/") if v.strip()]
    known = [v for v in values if v is not None]
    return max(known) if known and len(known) == len(values) else None


Check = tuple[str, str, str, Callable[[list[Table]], tuple[float | None, str, str, str]]]


def _cli(label: str) -> Callable[[list[Table]], tuple[float | None, str, str, str]]:
    def get(tables: list[Table]) -> tuple[float | None, str, str, str]:
        row = _find(tables, "5.", scenario=label)
        if row is None or not str(row.get("result", "")).startswith("ok"):
            return None, "", "5", str(row.get("result")) if row else "not measured"
        return _num(row.get("median s")), str(row.get("load avg", "")), "5", "median of runs"

    return get


def _serve_rss(tables: list[Table]) -> tuple[float | None, str, str, str]:
    row = _find(tables, "5.", scenario="`serve` ready")
    if row is None or row.get("result") != "ok":
        return None, "", "5", "not measured"
    return _num(row.get("child peak RSS MiB")), str(row.get("load avg", "")), "5", "peak RSS"


def _embed(tables: list[Table]) -> tuple[float | None, str, str, str]:
    row = _find(tables, "E.")
    if row is None or row.get("result") != "ok":
        return None, "", "E", "not measured"
    note = f"{row['backend']}, min cosine {row['min cosine']}"
    return _num(row.get("ratio")), str(row.get("load avg", "")), "E", note


def _overhead(label: str) -> Callable[[list[Table]], tuple[float | None, str, str, str]]:
    def get(tables: list[Table]) -> tuple[float | None, str, str, str]:
        row = _find(tables, "1.", corpus=label)
        if row is None or row.get("result") != "ok":
            return None, "", "1", "not measured"
        return _num(row.get("overhead (sync/encode)")), str(row.get("load avg", "")), "1", ""

    return get


def _one_change(size: int) -> Callable[[list[Table]], tuple[float | None, str, str, str]]:
    def get(tables: list[Table]) -> tuple[float | None, str, str, str]:
        row = _find(tables, "4c.", **{"target chunks": size})
        if row is None or row.get("result") != "ok":
            return None, "", "4c", "not measured"
        runs = f"{row.get('one-change s (1st)'):.2f} / {row.get('one-change s (2nd / 3rd)')}"
        worst = _max_of(row, "one-change s (1st)", "one-change s (2nd / 3rd)")
        return worst, str(row.get("load avg", "")), "4c", f"worst of 3 ({runs} s)"

    return get


def _p95(size: int) -> Callable[[list[Table]], tuple[float | None, str, str, str]]:
    def get(tables: list[Table]) -> tuple[float | None, str, str, str]:
        row = _find(tables, "4b.", **{"target chunks": size})
        if row is None or row.get("result") != "ok":
            return None, "", "4b", "not measured"
        return _num(row.get("p95 ms")), str(row.get("load avg", "")), "4b", ""

    return get


CHECKS: list[tuple[str, str, float, str, Callable]] = [
    ("`alliance-assistant --help`", "<=", 1.0, "s", _cli("`--help`")),
    ("`alliance-assistant status`", "<=", 1.0, "s", _cli("`status`")),
    ("`alliance-assistant check`", "<=", 1.0, "s", _cli("`check`")),
    ("`ask` in a fresh process, existing index", "<=", 4.0, "s", _cli("ask, existing index")),
    ("second writer refused, process start included", "<=", 2.0, "s", _cli("second writer")),
    ("`serve` ready", "<=", 8.0, "s", _cli("`serve` ready")),
    ("embedding throughput, fast backend / torch", ">=", 2.5, "x", _embed),
    ("ingest time / raw encode, docs/", "<=", 1.1, "x", _overhead("real docs/")),
    ("ingest time / raw encode, 1,000 profiles", "<=", 1.1, "x", _overhead("synthetic")),
    ("sync after one changed doc, 10k chunks", "<=", 1.0, "s", _one_change(10_000)),
    ("sync after one changed doc, 100k chunks", "<=", 3.0, "s", _one_change(100_000)),
    ("`ask()` p95 at 100k chunks", "<=", 150.0, "ms", _p95(100_000)),
    ("RSS of `serve` with docs/ indexed", "<=", 600.0, "MiB", _serve_rss),
]


def targets_table(tables: list[Table]) -> Table:
    table = Table(
        "T. Issue 17 targets, side by side (this run)",
        COLUMNS,
        notes=["`met` compares the measured value with the target as it is, whatever the load; "
               "`load avg` is the 1/5/15-minute load average when the row was measured (2 "
               "cores: above 2 the measurement shared the CPU)."],
    )  # fmt: skip
    for label, op, target, unit, get in CHECKS:
        try:
            value, load, source, note = get(tables)
        except Exception as exc:  # noqa: BLE001 - one missing row must not hide the rest
            value, load, source, note = None, "", "", f"error: {exc}"
        met = None if value is None else (value <= target if op == "<=" else value >= target)
        measured = "" if value is None else f"{value:.3g} {unit}" + (f" ({note})" if note else "")
        table.add(
            measurement=label, target=f"{op} {target:g} {unit}", measured=measured,
            met="n/a" if met is None else ("yes" if met else "NO"),
            result="ok" if value is not None else note, **{"load avg": load, "from table": source},
        )  # fmt: skip
    return table

"""``python -m bench.watch_latency``: how soon a watched folder's changes are answerable.

Syncs a temp copy of docs/, starts ``Services.watch()`` (real watchdog events), then for each
scenario (create, edit, rename, delete one profile; a burst of N new profiles) records the
seconds from the last file operation to the end of the sync that took it in, how many syncs
the watcher ran for it, and for a created profile the seconds until ``ask()`` cites it.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.measure import loadavg, machine_info
from bench.report import Table, render_markdown

log = logging.getLogger("bench")
REPO = Path(__file__).resolve().parent.parent
PROFILE = """---
title: {name}
doc_type: member_profile
name: {name}
kind: company
country: {country}
---
# {name}

{name} is a member of the AI Alliance based in {country}.
"""


class SyncLog:
    """What the watcher did, observed through its ``on_sync`` callback."""

    def __init__(self) -> None:
        self.ends: list[tuple[float, Any]] = []
        self.cond = threading.Condition()

    def __call__(self, stats: Any) -> None:
        with self.cond:
            self.ends.append((time.monotonic(), stats))
            self.cond.notify_all()

    def wait_settled(self, since: float, quiet: float, timeout: float = 120) -> list[Any]:
        """Syncs ended after ``since``, once none has ended for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while time.monotonic() < deadline:
                after = [(t, s) for t, s in self.ends if t > since]
                if after and time.monotonic() - after[-1][0] > quiet:
                    return after
                self.cond.wait(0.1)
        raise TimeoutError("the watcher did not sync in time")


def _profile(folder: Path, slug: str, country: str = "Peru") -> Path:
    path = folder / f"{slug}.md"
    path.write_text(PROFILE.format(name=slug.replace("-", " ").title(), country=country))
    return path


def scenarios(members: Path, burst: int) -> list[tuple[str, Any]]:
    """(label, action); each action does its file operations."""
    new = members / "zeta-labs.md"
    bulk = members / "bulk"
    return [
        ("create 1 profile", lambda: _profile(members, "zeta-labs")),
        ("edit 1 profile", lambda: _profile(members, "zeta-labs", country="Chile")),
        ("rename 1 profile", lambda: new.rename(members / "zeta.md")),
        ("delete 1 profile", lambda: (members / "zeta.md").unlink()),
        (f"burst: {burst} new profiles", lambda: _burst(bulk, burst)),
    ]


def _burst(folder: Path, n: int) -> None:
    folder.mkdir(exist_ok=True)
    for i in range(n):
        _profile(folder, f"bulk-member-{i}")


def _until_cited(svc: Any, since: float, timeout: float = 60) -> float | str:
    from app.query import ask

    while time.monotonic() - since < timeout:
        answer = ask("Where is Zeta Labs based?", services=svc)
        if any(c.source == "members/zeta-labs.md" for c in answer.citations):
            return round(time.monotonic() - since, 2)
        time.sleep(0.05)
    return "not cited"


def run(burst: int) -> Table:
    from app.query import ask
    from app.services import build_services
    from app.settings import Settings

    table = Table(
        "Watched folder: last file event to synced",
        ["scenario", "syncs", "last event to synced s", "to answerable s", "load avg"],
        notes=[
            "`last event to synced s`: from the last file operation to the end of the sync "
            "that took it in (debounce `ALLIANCE_WATCH_QUIET_SECONDS` included). "
            "`to answerable s`: until `ask()` cites the new profile (create only)."
        ],
    )
    with tempfile.TemporaryDirectory(prefix="bench-watch-") as tmp:
        corpus = Path(tmp) / "docs"
        shutil.copytree(REPO / "docs", corpus)
        svc = build_services(Settings(data_dir=Path(tmp) / "data", corpus_dir=corpus))
        svc.sync()
        ask("When was the AI Alliance launched?", services=svc)  # warm
        log_ = SyncLog()
        watcher = svc.watch(on_sync=log_)
        try:
            for label, action in scenarios(corpus / "members", burst):
                action()
                last = time.monotonic()
                answerable = _until_cited(svc, last) if label.startswith("create") else ""
                synced = log_.wait_settled(last, quiet=2 * svc.settings.watch_max_wait_seconds)
                table.add(
                    scenario=label,
                    syncs=len(synced),
                    **{"last event to synced s": round(synced[-1][0] - last, 2),
                       "to answerable s": answerable, "load avg": loadavg()},
                )  # fmt: skip
        finally:
            watcher.stop()
    return table


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--burst", type=int, default=100, help="files written in the burst")
    args = p.parse_args()
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        datefmt="%H:%M:%S",
    )
    print(render_markdown(machine_info(), [run(args.burst)], []))


if __name__ == "__main__":
    main()

"""``watch`` and ``check``: the index-keeping subcommands of ``alliance-assistant``."""

from __future__ import annotations

import argparse
import json
import signal
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the parser is built for every command: keep LangChain out of it
    from ingest.sync import SyncStats


def stats_line(stats: SyncStats) -> str:
    line = (
        f"synced: added {stats.added}, updated {stats.updated}, deleted {stats.deleted}, "
        f"unchanged {stats.unchanged}, failed {len(stats.failed)} ({stats.seconds:.2f} s)"
    )
    failed = "".join(f"\n  failed: {f['path']}: {f['reason']}" for f in stats.failed)
    return line + failed


def printer(as_json: bool) -> Callable[[SyncStats], None]:
    def show(stats: SyncStats) -> None:
        print(json.dumps(stats.to_dict()) if as_json else stats_line(stats), flush=True)

    return show


def cmd_watch(args: argparse.Namespace, indexing: Any) -> int:
    """Sync once, then after every burst of file events (each sync takes the writer lock
    for its own duration; one that finds another process syncing tries again after it)."""
    show = printer(args.json)
    show(indexing.sync(args.path))
    watcher = indexing.watch(args.path, on_sync=show)
    if not args.json:
        print(f"watching {watcher.root} (Ctrl-C to stop)", flush=True)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop cleanly on SIGTERM too
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        return 0
    finally:
        watcher.stop()
    return 0  # pragma: no cover - the wait above only ends by an interrupt


def cmd_check(args: argparse.Namespace, indexing: Any) -> int:
    """Exit 0 when the index matches the folder, 1 when it drifted (after ``--repair``:
    when something could not be repaired)."""
    drift = indexing.check(args.path, repair=args.repair)
    if args.json:
        print(json.dumps(drift.to_dict()))
    else:
        status = indexing.status()
        if drift.clean:
            print(
                f"in step: {status['documents']} documents, {status['chunks']} chunks match "
                f"{status['corpus_dir'] if args.path is None else args.path}"
            )
        for problem in drift.problems():
            print(f"drift: {problem}")
        for f in drift.failed:
            print(f"  cannot index: {f['path']}: {f['reason']}")
        if drift.syncing:
            print(f"a sync is running now: {drift.syncing}")
        if not drift.clean and not args.repair:
            if drift.syncing:  # --repair would be refused: it needs the writer lock
                print("run `alliance-assistant check` again when that sync has finished")
            else:
                print("run `alliance-assistant check --repair` to fix it")
    return 0 if drift.clean else 1


def add_commands(sub: Any, indexing: Callable[[argparse.Namespace], Any]) -> None:
    """Register ``watch`` and ``check`` on the CLI's subparsers (``indexing(args)`` builds
    the ``IndexService``)."""

    def bind(cmd: Callable[[argparse.Namespace, Any], int]) -> Callable[..., int]:
        return lambda args: cmd(args, indexing(args))

    p = sub.add_parser("watch", help="sync the corpus folder whenever files change")
    p.add_argument("path", nargs="?", help="folder to follow (default: ALLIANCE_CORPUS_DIR)")
    p.add_argument("--json", action="store_true", help="one JSON SyncStats line per sync")
    p.set_defaults(func=bind(cmd_watch))

    p = sub.add_parser("check", help="compare the index with the folder; --repair fixes drift")
    p.add_argument("path", nargs="?", help="corpus folder (default: ALLIANCE_CORPUS_DIR)")
    p.add_argument("--repair", action="store_true", help="fix what differs, then re-check")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=bind(cmd_check))

"""``alliance-assistant``: a thin layer over the Python API that renders what it returns."""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from app.core.types import Answer

# The errors a user can fix, printed as one line (exit 2), by defining module and name: an
# exception of one of these classes implies its module is loaded, so the check imports
# nothing (a refused second writer exits without loading what it never used).
USER_ERRORS = (
    ("ingest.scan", "CorpusError"),
    ("vectorstore.store", "ModelMismatchError"),
    ("vectorstore.embeddings", "EmbeddingModelError"),
    ("pydantic_core._pydantic_core", "ValidationError"),
    ("builtins", "FileNotFoundError"),
    ("app.interfaces.web.server", "ServeError"),
    ("vectorstore.remote", "ChromaServerError"),
    ("vectorstore.compaction", "CompactionError"),
    ("ingest.lock", "IndexLockedError"),
    ("ingest.domain", "DomainError"),
    ("app.interfaces.cli.remote", "ServerRefused"),
    ("app.interfaces.api.common", "KeyFileError"),
    ("app.interfaces.api.passwords", "LoginError"),
    ("app.core.questions", "QuestionError"),
)


def _user_errors() -> tuple[type[BaseException], ...]:
    """The classes of ``USER_ERRORS`` whose modules are loaded (the only ones an exception
    raised in this process can be an instance of)."""
    loaded = (sys.modules.get(module) for module, _ in USER_ERRORS)
    return tuple(
        getattr(module, name)
        for module, (_, name) in zip(loaded, USER_ERRORS, strict=True)
        if module is not None
    )


def _settings(args: argparse.Namespace) -> Any:
    from app.core.settings import Settings

    return Settings(**_overrides(args))


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    return {"data_dir": args.data_dir} if getattr(args, "data_dir", None) else {}


def _services(args: argparse.Namespace) -> Any:
    """Everything a question needs (the answering side loads its modules on demand)."""
    from app.core.services import build_services

    return build_services(_settings(args))


def _indexing(args: argparse.Namespace) -> Any:
    """The index maintenance service alone: what ingest, status, check, compact and watch
    need, without the answering side's imports."""
    from ingest.service import IndexService

    return IndexService.from_settings(_settings(args))


WRITERS = {"ingest", "compact"}  # watch and serve --watch take the lock per sync


def _writer_lock(args: argparse.Namespace) -> AbstractContextManager[Any]:
    """A one-shot writer (ingest, compact, check --repair) holds the data dir's lock while
    it runs, taken before the model and the index are imported and loaded: a second writer
    is refused as soon as it has started (plus ALLIANCE_LOCK_TIMEOUT). The lock is
    re-entrant: the index service takes it again for its sync."""
    if args.command not in WRITERS and not (args.command == "check" and args.repair):
        return nullcontext()
    from app.core.writer_env import writer_target
    from ingest.lock import WriterLock

    target = writer_target(getattr(args, "data_dir", None))
    if target is None:  # a spelling only Settings reads
        settings = _settings(args)
        target = settings.data_dir, settings.ingest.lock_timeout
    return WriterLock(target[0], timeout=target[1])


def _filters(args: argparse.Namespace) -> dict[str, Any] | None:
    filters = {
        "doc_type": getattr(args, "type", None),
        "kind": getattr(args, "kind", None),
        "country": getattr(args, "country", None),
    }
    return {k: v for k, v in filters.items() if v} or None


def render_answer(answer: Answer) -> str:
    lines = [answer.text]
    if answer.notice:
        lines.append(f"({answer.notice})")
    if answer.citations:
        lines.append("")
        lines.append("Sources:")
        for c in answer.citations:
            when = f", {c.date}" if c.date else ""
            lines.append(f"  [{c.n}] {c.title} ({c.source}{when})")
    return "\n".join(lines)


def render_table(rows: list[tuple[str, Any]]) -> str:
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k.ljust(width)}  {v}" for k, v in rows)


def cmd_ingest(args: argparse.Namespace) -> int:
    indexing = _indexing(args)
    bar = None
    progress: Callable[[int, int, str], None] | None = None
    if not args.json and sys.stderr.isatty() or args.progress:
        from tqdm import tqdm

        def progress(done: int, total: int, path: str) -> None:
            nonlocal bar
            if bar is None:
                bar = tqdm(total=total, unit="file", desc="syncing", file=sys.stderr)
            bar.update(done - bar.n)

    stats = indexing.sync(args.path, rebuild=args.rebuild, progress=progress)
    if bar is not None:
        bar.close()
    if args.json:
        print(json.dumps(stats.to_dict()))
    else:
        print(
            render_table(
                [
                    ("added", stats.added),
                    ("updated", stats.updated),
                    ("deleted", stats.deleted),
                    ("unchanged", stats.unchanged),
                    ("chunks added", stats.chunks_added),
                    ("chunks deleted", stats.chunks_deleted),
                    ("failed", len(stats.failed)),
                    ("seconds", stats.seconds),
                ]
            )
        )
        for f in stats.failed:
            print(f"  failed: {f['path']}: {f['reason']}")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from app.core.questions import clean_question

    settings = _settings(args)
    question = clean_question(args.question, settings.answer.max_question_chars)  # first
    answer = None
    if not args.local:  # a running server answers without loading anything here
        from app.interfaces.cli.remote import ask_remote

        answer = ask_remote(settings, question, filters=_filters(args), k=args.k)
    if answer is None:
        from app.core.query import ask

        answer = ask(question, filters=_filters(args), k=args.k, services=_services(args))
    print(json.dumps(answer.to_dict()) if args.json else render_answer(answer))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    status = _indexing(args).status()
    print(json.dumps(status) if args.json else render_table(list(status.items())))
    return 0


def cmd_compact(args: argparse.Namespace) -> int:
    report = _indexing(args).compact()
    print(json.dumps(report) if args.json else render_table(list(report.items())))
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    """An interactive question loop in the terminal."""
    from app.core.query import ask_stream
    from app.core.questions import QuestionError, clean_question

    svc = _services(args)
    svc.ensure_indexed()
    if hasattr(sys.stdin, "reconfigure"):  # bytes that are not UTF-8: removed, not a crash
        sys.stdin.reconfigure(errors="surrogateescape")
    history: list[tuple[str, str]] = []
    print("Ask about the AI Alliance (empty line or Ctrl-D to quit).")
    while True:
        try:
            question = input("\n> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not question:
            return 0
        try:
            question = clean_question(question, svc.settings.answer.max_question_chars)
        except QuestionError as exc:
            print(f"note: {exc}")
            continue
        for piece in ask_stream(question, history=history, filters=_filters(args), services=svc):
            if isinstance(piece, Answer):
                print("\n" + render_answer(piece).split("\n", 1)[-1] if piece.citations else "")
                if piece.abstained:
                    print(piece.text)
                history.append((question, piece.text))
            else:
                print(piece, end="", flush=True)


def cmd_eval(args: argparse.Namespace) -> int:
    from app.evaluation import harness as evaluation

    questions = args.questions or evaluation.DEFAULT_QUESTIONS
    if args.split != "all":
        splits = sorted({i.split for i in evaluation.load_questions(questions)})
        if args.split not in splits:
            print(
                f"error: {questions} has no split {args.split!r}; its splits: {', '.join(splits)}",
                file=sys.stderr,
            )
            return 2
    if args.calibrate:
        result = evaluation.run_calibration(k=args.k, questions=questions)
        print(json.dumps(result) if args.json else render_table(list(result["thresholds"].items())))
        return 0
    report = evaluation.run(k=args.k, questions=questions, split=args.split)
    print(json.dumps(report) if args.json else evaluation.render(report))
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    """Every setting with its variable, default and meaning (the CONFIGURATION.md text)."""
    from app.core.settings import reference, reference_markdown

    print(json.dumps(reference()) if args.json else reference_markdown(), end="")
    return 0


def cmd_add_user(args: argparse.Namespace) -> int:
    """Store a user's password hash in the web login file (ALLIANCE_AUTH_FILE or --file)."""
    from app.core.settings import Settings
    from app.interfaces.api.passwords import LoginError, add_user

    path = args.file or Settings().web.auth_file
    if path is None:
        raise LoginError("no login file: set ALLIANCE_AUTH_FILE or pass --file")
    if sys.stdin.isatty():
        import getpass

        password = getpass.getpass(f"password for {args.user}: ")
        if getpass.getpass("again: ") != password:
            raise LoginError("the two passwords differ")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    is_new = add_user(Path(path), args.user, password)
    print(f"{'added' if is_new else 'updated'} user {args.user} in {path}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from app.core.settings import Settings
    from app.interfaces.web.server import serve

    settings = Settings(**_overrides(args))
    running = serve(settings, host=args.host, port=args.port, watch=args.watch, block=False)
    print(f"Serving on {running.url.rstrip('/')}", flush=True)  # listening, index ready
    if args.watch:
        print(f"Watching {settings.corpus_dir} for changes (indexed as you save)", flush=True)
    print("Press Ctrl-C to stop", flush=True)
    # Ctrl-C stops it even when started where SIGINT is ignored (a shell's background job:
    # Python then installs no handler of its own), and SIGTERM stops it cleanly too
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        while running.thread is not None and running.thread.is_alive():
            running.thread.join(timeout=0.5)
    except KeyboardInterrupt:
        pass
    finally:
        running.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="alliance-assistant", description="Answers about the AI Alliance, with citations."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress (INFO)")
    parser.add_argument("--data-dir", help="override ALLIANCE_DATA_DIR")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="sync a corpus folder into the index")
    p.add_argument("path", nargs="?", help="corpus folder (default: ALLIANCE_CORPUS_DIR)")
    p.add_argument("--rebuild", action="store_true", help="drop the index and build it anew")
    p.add_argument("--json", action="store_true", help="print the SyncStats as one JSON object")
    p.add_argument("--progress", action="store_true", help="force the progress bar")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("ask", help="answer one question")
    p.add_argument("question")
    p.add_argument("--json", action="store_true")
    p.add_argument("--k", type=int, default=None, help="chunks to retrieve")
    p.add_argument("--local", action="store_true", help="answer in process, not via a server")
    _add_filter_args(p)
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("status", help="documents, chunks, model and last sync")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("eval", help="run the evaluation set against a fresh index")
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--json", action="store_true")
    p.add_argument("--split", default="all", help="a split of the question file, or all")
    p.add_argument("--questions", type=Path, default=None)
    p.add_argument(
        "--calibrate",
        action="store_true",
        help="choose the abstention thresholds on the dev split and print them",
    )
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("serve", help="start the web chat")
    p.add_argument("--host", default=None, help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="port (default 7860)")
    p.add_argument("--watch", action="store_true", help="also sync the corpus as files change")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("add-user", help="add or update a web login (password stored hashed)")
    p.add_argument("user")
    p.add_argument("--file", type=Path, help="login file (default: ALLIANCE_AUTH_FILE)")
    p.set_defaults(func=cmd_add_user)

    p = sub.add_parser("compact", help="shrink the index: drop what deletes left behind")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_compact)

    p = sub.add_parser("config", help="list every setting: variable, default, meaning")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_config)

    p = sub.add_parser("chat", help="interactive question loop in the terminal")
    _add_filter_args(p)
    p.set_defaults(func=cmd_chat)

    from app.interfaces.cli.feedback_command import add_command as add_feedback
    from app.interfaces.cli.index_commands import add_commands

    add_commands(sub, _indexing)
    add_feedback(sub)
    return parser


def _add_filter_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--type", choices=["announcement", "member_profile", "other"])
    p.add_argument("--kind", help="member kind, e.g. university")
    p.add_argument("--country", help="member country, e.g. Japan")


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    args = build_parser().parse_args(argv)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    # quiet by default, libraries included (bm25s sets its own logger to DEBUG); -v shows
    # our progress (INFO) and whatever libraries log at their own levels
    handler.setLevel(logging.DEBUG if args.verbose else logging.WARNING)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        handlers=[handler])  # fmt: skip
    try:
        with _writer_lock(args):
            return int(args.func(args) or 0)
    except _user_errors() as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if type(exc).__name__ == "ValidationError":
            errors = exc.errors()  # type: ignore[attr-defined]
            from app.core.settings import variable

            message = "; ".join(f"{variable(e['loc'])}: {e['msg']}" for e in errors)
        print(f"error: {message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

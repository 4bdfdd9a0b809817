"""What several test modules share: paths, a free port, a clean CLI environment, and the
documents and edits the scenarios are made of. (Fixtures are in conftest.py.)"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
# exports of the fast embedding backend, keyed by model and backend: shared by every test
MODEL_CACHE = Path(tempfile.gettempdir()) / "alliance-test-models"

NEW_PROFILE = """---
title: {name}
doc_type: member_profile
name: {name}
kind: company
country: {country}
---
# {name}

{name} is a founding member of the AI Alliance based in {country}. It builds {what}.
"""


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALLIANCE_")}
    env.update({"ALLIANCE_DATA_DIR": str(tmp_path / "cli-data"), "HF_HUB_OFFLINE": "1"})
    env["ALLIANCE_EMBEDDING_CACHE_DIR"] = str(MODEL_CACHE)
    env.update(extra)
    return env


def wait_for(predicate, timeout: float = 60.0, every: float = 0.2):
    """Poll until ``predicate()`` is truthy (returned), or fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"condition not met within {timeout} s")


def rewrite_corpus(root: Path, revision: int) -> None:
    """A new front-matter field in every file: same text, new metadata in every chunk (as
    ``python -m bench.growth`` does)."""
    for path in root.rglob("*.md"):
        text = re.sub(r"^revision: .*\n", "", path.read_text(), count=1, flags=re.M)
        body = text.removeprefix("---\n")  # every file in docs/ has front matter
        path.write_text(f"---\nrevision: {revision}\n{body}")


# what a command that loads no model must not import (``run_cli`` reports which it did)
HEAVY = ("torch", "transformers", "sentence_transformers", "scipy", "chromadb", "gradio",
         "langchain_core", "langchain_chroma", "langchain_classic", "bm25s", "openvino",
         "onnxruntime", "pypdf", "bs4")  # fmt: skip
PROBE = """
import atexit, json, sys
heavy = {heavy!r}
atexit.register(lambda: print("MODULES " + json.dumps(sorted(m for m in heavy if m in sys.modules)),
                              file=sys.stderr))
from app.interfaces.cli.main import main
sys.exit(main({args!r}))
"""


def run_cli(args: list[str], env: dict[str, str]) -> tuple[subprocess.CompletedProcess, list]:
    """The CLI in a child process: its result and which of ``HEAVY`` it had imported."""
    code = PROBE.format(heavy=HEAVY, args=args)
    res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         timeout=120)  # fmt: skip
    line = [ln for ln in res.stderr.splitlines() if ln.startswith("MODULES ")]
    assert line, res.stderr
    return res, json.loads(line[-1].removeprefix("MODULES "))


class BackgroundEval:
    """``alliance-assistant eval --json`` over docs/ in a child process at a lower priority,
    started when the tests are collected: the evaluation of every question takes minutes on
    one core, and runs beside the rest of the suite on the other. With ``announce``, a
    thread writes the child's exit code to ``rc`` in its folder when it ends, for other
    processes (pytest-xdist's workers) to wait on (``report_in``)."""

    def __init__(self, folder: Path | None = None, announce: bool = False) -> None:
        self.folder = folder or self.new_folder()
        env = cli_env(self.folder, ALLIANCE_CORPUS_DIR=str(DOCS))
        self.out = (self.folder / "report.json").open("w")
        self.err = (self.folder / "stderr.txt").open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "app.interfaces.cli", "eval", "--json"],
            cwd=REPO, env=env, stdout=self.out, stderr=self.err, preexec_fn=lambda: os.nice(5),
        )  # fmt: skip
        if announce:
            threading.Thread(target=self._announce, daemon=True).start()

    @staticmethod
    def new_folder() -> Path:
        return Path(tempfile.mkdtemp(prefix="alliance-eval-run-"))

    def _announce(self) -> None:
        code = self.proc.wait()
        self.out.close()
        self.err.close()
        (self.folder / "rc.tmp").write_text(str(code))
        os.replace(self.folder / "rc.tmp", self.folder / "rc")

    def report(self, timeout: float = 1800) -> dict:
        code = self.proc.wait(timeout=timeout)
        self.out.close()
        self.err.close()
        return self.read(self.folder, code)

    @classmethod
    def report_in(cls, folder: Path, timeout: float = 1800) -> dict:
        """The report of the evaluation another process started in ``folder``."""
        rc = folder / "rc"
        wait_for(rc.exists, timeout=timeout, every=1.0)
        return cls.read(folder, int(rc.read_text()))

    @staticmethod
    def read(folder: Path, code: int) -> dict:
        err = (folder / "stderr.txt").read_text()
        assert code == 0, f"eval exited with {code}: {err[-3000:]}"
        return json.loads((folder / "report.json").read_text())

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def start_writer(env: dict[str, str]):
    """A writer process (tests/system/sync_child.py) that has made its first sync, its
    stats, and a ``sync()`` that makes it sync once more and returns that sync's stats."""
    child = REPO / "tests" / "system" / "sync_child.py"
    proc = subprocess.Popen([sys.executable, str(child)], env=env, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)  # fmt: skip
    first = json.loads(proc.stdout.readline())

    def sync() -> dict:
        proc.stdin.write("sync\n")
        proc.stdin.flush()
        return json.loads(proc.stdout.readline())

    return proc, first, sync


def stop_writer(proc) -> None:
    proc.stdin.close()
    assert proc.wait(timeout=60) == 0


def corpus_with_seed_index(root: Path, model, seed_index: Path):
    """Services over a copy of docs/ and of the session's seed index, under ``root``."""
    from app.core.services import build_services
    from app.core.settings import Settings

    corpus, data = root / "corpus", root / "data"
    shutil.copytree(DOCS, corpus)
    shutil.copytree(seed_index, data)
    return build_services(Settings(corpus_dir=corpus, data_dir=data), model=model)


def corpus_with_documents(root: Path, model, seed_index: Path, documents: dict[str, str]):
    """``corpus_with_seed_index`` with ``documents`` then added by a sync."""
    svc = corpus_with_seed_index(root, model, seed_index)
    add_documents(svc, documents)
    return svc


def add_documents(svc, documents: dict[str, str]) -> None:
    """Write ``documents`` (path -> text) into the services' corpus and sync them in, as a
    user's later documents arrive."""
    corpus = svc.settings.corpus_dir
    for name, text in documents.items():
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_text(text)
    stats = svc.indexing.sync()
    assert stats.failed == [] and stats.added == len(documents)


def cited(answer) -> set[str]:
    """The sources an answer cites."""
    return {c.source for c in answer.citations}


def verdict_of(answer) -> str:
    """The answer's first sentence: its verdict ("Yes", "No", ...) when it gives one."""
    return answer.text.split(".")[0]

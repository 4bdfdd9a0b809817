"""The console script through a subprocess, as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import cli_env

EXE = [sys.executable, "-m", "app.interfaces.cli"]


def test_import_has_no_side_effects(tmp_path: Path):
    code = (
        "import sys, app, ingest, vectorstore, prompts\n"
        "from app import Answer, Citation, ask\n"
        "heavy = [m for m in ('torch', 'chromadb', 'sentence_transformers') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    env = cli_env(tmp_path, ALLIANCE_DATA_DIR=str(tmp_path / "never"))
    res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "[]"
    assert not (tmp_path / "never").exists()

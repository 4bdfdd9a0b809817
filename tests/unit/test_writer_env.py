"""A one-shot writer reads its data dir and lock timeout without pydantic: the same values
``Settings`` reads, or None (then the CLI builds ``Settings``); and a user error is told
apart without importing the modules it could have come from."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest

CASES = [
    {},
    {"ALLIANCE_DATA_DIR": "/tmp/a"},
    {"alliance_data_dir": "/tmp/b"},  # Settings matches ALLIANCE_* names in any case
    {"ALLIANCE_DATA_DIR": "relative/dir"},
    {"ALLIANCE_LOCK_TIMEOUT": "0"},
    {"ALLIANCE_LOCK_TIMEOUT": "2.25"},
    {"ALLIANCE_LOCK_TIMEOUT": ".5"},
    {"alliance_lock_timeout": "7"},  # the flat name of a group field: upper case only
    {"ALLIANCE_INGEST__LOCK_TIMEOUT": "3", "ALLIANCE_LOCK_TIMEOUT": "9"},  # nested wins
    {"Alliance_Ingest__Lock_Timeout": "4.5"},
    {"ALLIANCE_LOCK_TIMEOUT": "1e1"},
    {"ALLIANCE_LOCK_TIMEOUT": " 2 "},
    {"ALLIANCE_INGEST": '{"lock_timeout": 6}'},
    {"ALLIANCE_DATA_DIR": ""},
    {"ALLIANCE_TOP_K": "3", "ALLIANCE_CHUNK_TOKENS": "180"},  # other settings: not read
]
FAST = [CASES[i] for i in (0, 1, 2, 3, 4, 5, 6, 8, 9, 14)]


@pytest.mark.parametrize("env", CASES, ids=[repr(c) for c in CASES])
@pytest.mark.parametrize("cli_dir", [None, "/tmp/from-cli"])
def test_writer_target_is_what_settings_reads(env, cli_dir, monkeypatch):
    from app.core.settings import Settings
    from app.core.writer_env import writer_target

    for key in [k for k in os.environ if k.upper().startswith("ALLIANCE_")]:
        monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    got = writer_target(cli_dir)
    try:
        settings = Settings(**({"data_dir": cli_dir} if cli_dir else {}))
    except Exception:  # noqa: BLE001 - an invalid value: only Settings may say so
        assert got is None
        return
    if got is not None:
        assert got == (settings.data_dir, settings.ingest.lock_timeout)
    if env in FAST:
        assert got is not None  # the usual spellings take the fast path


def test_each_user_error_is_named_by_the_module_that_defines_it():
    """An exception's class implies its defining module is loaded: that is what lets the
    CLI check for user errors among loaded modules only."""
    from app.interfaces.cli.main import USER_ERRORS

    for module, name in USER_ERRORS:
        cls = getattr(importlib.import_module(module), name)
        assert issubclass(cls, BaseException) and cls.__module__ == module, (module, name)


def test_a_refused_writer_never_imports_the_settings(tmp_path: Path):
    import json
    import subprocess
    import sys

    from helpers import DOCS, PROBE, cli_env

    from ingest.lock import REFUSED, WriterLock

    env = cli_env(tmp_path, ALLIANCE_CORPUS_DIR=str(DOCS), ALLIANCE_LOCK_TIMEOUT="0")
    code = PROBE.format(heavy=("pydantic", "pydantic_settings", "yaml"), args=["ingest"])
    with WriterLock(tmp_path / "cli-data", timeout=0, command="the test"):
        res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, timeout=120)  # fmt: skip
    assert res.returncode == 2 and REFUSED in res.stderr, res.stderr
    line = [ln for ln in res.stderr.splitlines() if ln.startswith("MODULES ")][-1]
    assert json.loads(line.removeprefix("MODULES ")) == []

"""Chats during syncs by another process, small (``python -m bench.sync_load`` runs 32 clients
and 5 syncs): every question gets a cited answer, and every question asked after a sync has
finished sees what that sync added."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import DOCS, cli_env, free_port


def test_chats_during_syncs_by_another_process_see_each_finished_sync(
    tmp_path: Path, seed_index, model
):
    import app.core.services as services_module
    from app.core.settings import Settings
    from app.interfaces.web.server import serve
    from bench.sync_load import chats_during_syncs

    corpus, data = tmp_path / "docs", tmp_path / "data"
    shutil.copytree(DOCS, corpus)
    shutil.copytree(seed_index, data)
    original = services_module.build_services
    services_module.build_services = lambda s, **kw: original(s, model=model)  # share the model
    try:
        port = free_port()
        demo = serve(Settings(data_dir=data, corpus_dir=corpus), port=port, block=False)
    finally:
        services_module.build_services = original
    env = cli_env(tmp_path, ALLIANCE_DATA_DIR=str(data), ALLIANCE_CORPUS_DIR=str(corpus))
    try:
        run = chats_during_syncs(
            f"http://127.0.0.1:{port}/", corpus, env, clients=4, syncs=2, rewrite=10
        )
    finally:
        demo.close()
    assert run.errors == [] and run.stale == []
    assert [s["added"] for s in run.syncs] == [11, 1] and run.syncs[1]["updated"] == 10
    assert run.fresh_checks >= 4 and run.during_sync >= 1

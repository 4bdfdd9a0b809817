"""Every reader sees every sync: this process asks one question after each of ten syncs
made by another process on the same embedded index (adds, edits that keep the chunk count,
a rename, deletes), and every answer shows the change (the same against a Chroma server with
two app processes is in test_chroma_server.py)."""

from __future__ import annotations

from pathlib import Path

import scenarios
from helpers import DOCS, cli_env, start_writer, stop_writer


def test_a_reader_process_sees_each_of_ten_syncs_by_another_process(tmp_path: Path, make_services):
    corpus = scenarios.small_corpus(DOCS, tmp_path / "docs")
    data = tmp_path / "data"
    env = cli_env(tmp_path, ALLIANCE_CORPUS_DIR=str(corpus), ALLIANCE_DATA_DIR=str(data))
    proc, first, sync = start_writer(env)
    try:
        assert first["added"] == len(scenarios.FOLLOWED)
        reader = make_services(corpus, data_dir=data)
        stats = scenarios.reader_follows_ten_syncs(reader, corpus, sync)
    finally:
        stop_writer(proc)
    assert len(stats) == 10
    assert reader.indexing.generation() == 11  # the first sync and ten more

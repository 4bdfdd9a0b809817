"""``status`` and ``check`` on a real index without loading the model or importing chromadb;
the check's direct read of Chroma's file agrees with chromadb; unchanged files are skipped
by their stamp, changed ones are never."""

from __future__ import annotations

import os

from helpers import cli_env, run_cli


def test_status_reads_the_index_without_the_model(services):
    from ingest.service import IndexService

    fresh = IndexService.from_settings(services.settings)
    status = fresh.status()
    assert "model" not in fresh.__dict__  # never even built
    assert status["chunks"] == services.index.count() and status["documents"] == 62
    model = services.model
    assert (status["model"], status["dimension"], status["backend"]) == (
        model.name, model.dimension, model.backend,
    )  # fmt: skip


def test_check_imports_no_model_and_no_chromadb(services, corpus, tmp_path):
    env = cli_env(tmp_path, ALLIANCE_DATA_DIR=str(services.settings.data_dir),
                  ALLIANCE_CORPUS_DIR=str(corpus))  # fmt: skip
    res, loaded = run_cli(["check"], env)
    assert res.returncode == 0 and "in step" in res.stdout, res.stdout + res.stderr
    assert loaded == []  # of HEAVY: no torch, no chromadb, no langchain


def test_chroma_file_ids_equal_chromadbs(services, corpus):
    from vectorstore.chroma_files import collection_ids, collection_metadata

    profile = corpus / "members" / "ibm.md"
    profile.write_text(profile.read_text() + "\nIBM also runs a quokka lab.\n")
    (corpus / "members" / "yale.md").unlink()
    services.indexing.sync()
    index = services.index
    assert collection_ids(index.chroma_dir, index.name) == set(
        index.collection.get(include=[])["ids"]
    )
    assert collection_metadata(index.chroma_dir, index.name) == index.collection.metadata
    assert collection_ids(index.chroma_dir, "no-such-collection") is None


def test_unchanged_files_are_skipped_and_changed_ones_found(services, corpus):
    profile = corpus / "members" / "silo-ai.md"
    old = profile.stat()
    os.utime(profile, ns=(old.st_atime_ns, old.st_mtime_ns - 10**10))  # touched, 10 s older
    stats = services.indexing.sync()
    assert not stats.changed  # hashed once, same content: unchanged, its stamp renewed
    text = profile.read_text()
    edited = text.replace("Finland", "Estonia", 1)
    assert len(edited) == len(text) and edited != text
    before = profile.stat()
    profile.write_text(edited)  # same size ...
    os.utime(profile, ns=(before.st_atime_ns, before.st_mtime_ns))  # ... same mtime
    stats = services.indexing.sync()  # the change time and the stamp give it away
    assert stats.updated == 1
    hits = services.make_search("bm25").search("Silo AI Estonia", 3)
    assert hits and hits[0].metadata["source"] == "members/silo-ai.md"

"""Compaction: rewrites leave deleted vectors behind; ``compact`` drops them without
re-embedding, keeps every chunk as it was, and survives being stopped at any step."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import numpy as np
import pytest
from helpers import rewrite_corpus

from app.core.query import ask
from vectorstore import compaction
from vectorstore.compaction import BUILDING, REPLACED, disk_bytes

QUESTIONS = [
    "Which country is Silo AI based in?",
    "When was the AI Alliance launched?",
    "Which members are based in Japan?",
]


class Snapshot:
    """Every chunk's document, metadata and embedding, by id."""

    def __init__(self, svc) -> None:
        got = svc.index.all_chunks(include_embeddings=True)
        ids, vectors = got["ids"], np.asarray(got["embeddings"], dtype=np.float32)
        pairs = zip(got["documents"], got["metadatas"], strict=True)
        self.chunks = dict(zip(ids, pairs, strict=True))
        self.vectors = dict(zip(ids, vectors, strict=True))

    def __eq__(self, other: object) -> bool:
        """Same ids, documents and metadatas; same embeddings up to float32 rounding (Chroma
        re-normalises cosine vectors on insert, which can move their last bit)."""
        assert isinstance(other, Snapshot)
        return self.chunks == other.chunks and all(
            np.allclose(v, other.vectors[cid], rtol=0, atol=1e-6) for cid, v in self.vectors.items()
        )

    def __len__(self) -> int:
        return len(self.chunks)


def _cited(svc) -> list[list[str]]:
    return [[c.source for c in ask(q, services=svc).citations] for q in QUESTIONS]


def _segment_dirs(chroma: Path) -> set[str]:
    return {p.name for p in chroma.iterdir() if p.is_dir()}


def _live_segments(chroma: Path) -> set[str]:
    with closing(sqlite3.connect(chroma / "chroma.sqlite3")) as conn:
        return {row[0] for row in conn.execute("SELECT id FROM segments WHERE scope = 'VECTOR'")}


def _names(svc) -> set[str]:
    return {c.name for c in svc.index.client.list_collections()}


def _fresh_index(seed_index: Path, tmp_path: Path) -> Path:
    """A copy of the session's index of docs/: what a first sync of ``corpus`` leaves."""
    data = tmp_path / "data"
    shutil.copytree(seed_index, data)
    return data


def test_compact_after_rewrites_keeps_every_chunk_and_shrinks_the_store(
    make_services, corpus, monkeypatch, seed_index, tmp_path
):
    data = _fresh_index(seed_index, tmp_path)
    services = make_services(corpus, data_dir=data, compact_after_deleted_ratio=0)  # by hand
    assert not services.indexing.sync().changed
    fresh = disk_bytes(services.settings.chroma_dir)
    for revision in range(1, 4):
        rewrite_corpus(corpus, revision)
        assert services.indexing.sync().chunks_added == services.index.count()
    grown = disk_bytes(services.settings.chroma_dir)
    assert grown > fresh  # the deletes of three rewrites are still on disk
    before, cited = Snapshot(services), _cited(services)
    config = services.index.collection.configuration_json["hnsw"]
    meta = services.index.collection.metadata

    with monkeypatch.context() as patch:  # nothing is re-embedded
        patch.setattr(services.model, "encode", lambda *a, **k: pytest.fail("re-embedded"))
        report = services.indexing.compact()

    assert report["chunks"] == len(before)
    assert report["store_bytes_before"] == grown
    assert report["store_bytes_after"] < report["store_bytes_before"]
    assert report["record_db_bytes_after"] <= report["record_db_bytes_before"]
    assert Snapshot(services) == before  # ids, documents, metadatas, embeddings
    assert services.index.collection.configuration_json["hnsw"] == config
    after = dict(services.index.collection.metadata)
    assert after.pop("generation") == meta.pop("generation") + 1  # readers reopen the new one
    assert after == meta
    assert _names(services) == {services.settings.index.collection}
    chroma = services.settings.chroma_dir
    assert _segment_dirs(chroma) == _live_segments(chroma)  # the old segment files are gone
    assert _cited(services) == cited
    assert services.indexing.sync().changed is False  # the record DB still matches the store
    profile = corpus / "members" / "silo-ai.md"
    profile.write_text(profile.read_text().replace("Finland", "Finland (Espoo office)"))
    assert services.indexing.sync().updated == 1
    assert "Espoo" in ask("Where is Silo AI based?", services=services).text


def test_deletes_piling_up_trigger_a_compaction_after_the_sync(
    make_services, corpus, seed_index, tmp_path
):
    data = _fresh_index(seed_index, tmp_path)
    svc = make_services(corpus, data_dir=data, compact_after_deleted_ratio=1.5)
    assert not svc.indexing.sync().changed
    live = svc.index.count()
    rewrite_corpus(corpus, 1)
    first = svc.indexing.sync()  # one rewrite: deleted == live, under the ratio
    assert first.chunks_deleted == live and not first.compacted
    grown = disk_bytes(svc.settings.chroma_dir)
    before = Snapshot(svc)
    rewrite_corpus(corpus, 2)
    second = svc.indexing.sync()  # two rewrites: 2 x live deleted > 1.5 x live
    assert second.compacted
    assert disk_bytes(svc.settings.chroma_dir) < grown  # the second rewrite's deletes and
    assert len(Snapshot(svc)) == len(before) == live  # the first's are gone, chunks are not
    assert svc.indexing.records.get_meta("chunks_deleted_since_compaction") == "0"
    assert not svc.indexing.sync().compacted and svc.indexing.check().clean
    assert "members/silo-ai.md" in _cited(svc)[0]


def test_a_copy_that_stops_half_way_leaves_the_index_as_it_was(services, monkeypatch):
    before = Snapshot(services)
    original = compaction._copy

    def copy_then_die(source, target, batch_size):
        original(source, target, batch_size)
        raise KeyboardInterrupt  # Ctrl-C after the copy, before the swap

    monkeypatch.setattr(compaction, "_copy", copy_then_die)
    with pytest.raises(KeyboardInterrupt):
        services.indexing.compact()
    assert _names(services) == {services.settings.index.collection}
    assert Snapshot(services) == before


def test_a_process_killed_at_each_step_of_the_swap_recovers(services, make_services, corpus):
    name = services.settings.index.collection
    before, cited = Snapshot(services), _cited(services)
    client = services.index.client

    # killed while copying: a partial copy is left next to the intact collection
    partial = client.create_collection(name + BUILDING)
    partial.add(ids=["x"], embeddings=[[0.1] * services.model.dimension], documents=["x"])
    assert _cited(make_services(corpus)) == cited  # readers ignore it
    # killed between the two renames: only the renamed original is left
    client.get_collection(name).modify(name=name + REPLACED)
    reopened = make_services(corpus)
    assert Snapshot(reopened) == before and _cited(reopened) == cited
    assert name + REPLACED not in _names(reopened)
    # the next compaction drops the stale partial copy and finishes
    assert reopened.indexing.compact()["chunks"] == len(before)
    assert _names(reopened) == {name}
    # killed after the swap, before the original was dropped: the leftover goes on open
    leftover = reopened.index.client.create_collection(name + REPLACED)
    leftover.add(ids=["y"], embeddings=[[0.2] * services.model.dimension], documents=["y"])
    last = make_services(corpus)
    assert Snapshot(last) == before and _names(last) == {name}


def test_rebuild_leaves_no_dropped_segment_files(services):
    chroma = services.settings.chroma_dir
    services.indexing.sync(rebuild=True)
    services.indexing.sync(rebuild=True)
    assert _segment_dirs(chroma) == _live_segments(chroma)
    assert len(_live_segments(chroma)) == 1

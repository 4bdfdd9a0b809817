"""The collection records its model; HNSW search returns the exact top-k on the corpus."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
import yaml

from app.evaluation.harness import DEFAULT_QUESTIONS
from vectorstore.store import ModelMismatchError


def test_collection_records_model_and_cosine_space(kb_services):
    col = kb_services.index.collection
    assert col.metadata["embedding_model"] == "all-MiniLM-L6-v2"
    assert col.metadata["embedding_dim"] == 384
    hnsw = col.configuration_json["hnsw"]
    assert hnsw["space"] == "cosine"
    assert hnsw["ef_search"] >= kb_services.index.count()


def test_opening_with_another_model_is_a_clear_error(services, make_services, corpus, tmp_path):
    other = tmp_path / "other-minilm"
    shutil.copytree(services.model.path, other)
    svc = make_services(corpus, embedding_model=str(other))
    with pytest.raises(ModelMismatchError, match="--rebuild"):
        svc.index.count()
    stats = svc.indexing.sync(rebuild=True)
    assert stats.added > 0
    assert svc.index.collection.metadata["embedding_model"] == "other-minilm"


def test_hnsw_top_k_equals_exact_top_k(kb_services):
    got = kb_services.index.all_chunks(include_embeddings=True)
    ids = np.array(got["ids"])
    matrix = np.asarray(got["embeddings"], dtype=np.float32)
    # every fifth eval question (about 500): the whole set only re-asks the same kinds
    questions = [q["question"] for q in yaml.safe_load(DEFAULT_QUESTIONS.read_text())][::5]
    k = 10
    vectors = kb_services.model.encode(questions)
    for question, vec in zip(questions, vectors, strict=True):
        exact = ids[np.argsort(-(matrix @ vec), kind="stable")[:k]]
        hits = kb_services.index.query(vec.tolist(), k)
        assert [h.chunk_id for h in hits] == list(exact), question


def test_get_all_reads_every_row_in_pages(kb_services):
    """One unpaged get() of ~100k chunks fails in Chroma (too many SQL variables)."""
    from vectorstore.paging import get_all

    col = kb_services.index.collection
    whole = col.get(include=["documents", "metadatas"])
    paged = get_all(col, ["documents", "metadatas"], page=7)
    assert len(paged["ids"]) == len(whole["ids"]) > 7
    as_dict = lambda got: dict(zip(got["ids"], got["documents"], strict=True))  # noqa: E731
    assert as_dict(paged) == as_dict(whole)
    profiles = get_all(col, ["metadatas"], where={"doc_type": "member_profile"}, page=10)
    assert {m["doc_type"] for m in profiles["metadatas"]} == {"member_profile"}
    assert len(profiles["ids"]) == len(col.get(where={"doc_type": "member_profile"})["ids"])


def test_one_model_encodes_and_counts_tokens_from_two_threads_at_once(model):
    """A web chat embeds questions while its own sync (an upload) chunks and embeds a file
    with the same model: the tokenizer's per-call padding state must not leak between them
    (it did: "Unable to create tensor" in about 1 chat in 100 during an upload)."""
    import itertools
    import threading
    import time

    sentences = [("open models " * n).strip() for n in range(1, 17)]  # need padding
    errors: list[BaseException] = []
    done = threading.Event()

    def count() -> None:  # what the chunker does, thousands of times per file
        try:
            while not done.is_set():
                model.count_tokens("The alliance met to discuss open models.")
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion below
            errors.append(exc)

    counter = threading.Thread(target=count)
    counter.start()
    try:
        until = time.monotonic() + 5  # about 1 chat in 100 failed: give it many batches
        for n in itertools.count():
            assert model.encode(sentences).shape == (16, model.dimension)
            if n >= 3 and time.monotonic() > until:
                break
    finally:
        done.set()
        counter.join(timeout=60)
    assert errors == []

"""The fast embedding backend against torch: the same vectors (to bf16/int8 precision) and
the same word pieces; the index records its backend and refuses another until a rebuild."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from helpers import DOCS

from vectorstore.store import ModelMismatchError

MIN_COSINE = {"openvino": 0.999, "onnx": 0.99, "torch": 0.99999}  # measured: 0.99998, 0.994


@pytest.fixture(scope="module")
def torch_model():
    from vectorstore.embeddings import EmbeddingModel

    m = EmbeddingModel("all-MiniLM-L6-v2", backend="torch")
    _ = m.client
    return m


def test_fast_vectors_match_torch_vectors(kb_services, model, torch_model):
    texts = kb_services.index.all_chunks()["documents"]
    texts += ["When was the AI Alliance launched?", "Which country is Silo AI based in?"]
    fast, ref = model.encode(texts), torch_model.encode(texts)
    cosine = (fast * ref).sum(axis=1)  # both unit length
    assert np.allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-4)
    assert cosine.min() >= MIN_COSINE[model.backend], (model.backend, float(cosine.min()))


def test_word_pieces_are_the_models_own(model, torch_model):
    """The chunker counts with ``tokenizers`` alone; torch's tokenizer must agree."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(DOCS.rglob("*.md"))]
    texts = [t[i : i + 400] for t in texts for i in range(0, len(t), 350)]
    texts += ["naïve café — 東京 😀", "", "a" * 3000, "https://thealliance.ai/members?x=1"]
    counted = [model.count_tokens(t) for t in texts]
    assert counted == [len(torch_model.client.tokenizer.tokenize(t)) for t in texts]


def test_word_pieces_kept_by_the_chunker_give_the_same_vectors(kb_services, model):
    """A sync hands the encoder each chunk's word pieces (the chunker measured it in them):
    the vectors are those of the texts, bit for bit."""
    texts = kb_services.index.all_chunks()["documents"][:40] + ["a" * 3000, ""]
    pieces = [model.token_ids(t) for t in texts]
    pieces[1] = None  # some unknown: tokenized by the encoder as usual
    assert np.array_equal(model.encode(texts), model.encode(texts, token_ids=pieces))


def test_another_backend_is_refused_until_rebuild(tmp_path, model, torch_model):
    from app.core.services import build_services
    from app.core.settings import Settings

    corpus = tmp_path / "corpus"
    shutil.copytree(DOCS / "announcements", corpus / "announcements")
    data = tmp_path / "data"
    first = build_services(Settings(data_dir=data, corpus_dir=corpus), model=model)
    first.indexing.sync()
    other = "torch" if model.backend != "torch" else "openvino"
    assert torch_model.backend == "torch" or other != "torch"
    settings = Settings(data_dir=data, corpus_dir=corpus, embedding_backend=other)
    svc = build_services(settings, model=torch_model if other == "torch" else None)
    with pytest.raises(ModelMismatchError, match=f"backend {model.backend}.*--rebuild"):
        svc.index.count()
    assert svc.indexing.sync(rebuild=True).added == 5
    assert svc.index.collection.metadata["embedding_backend"] == other
    assert svc.indexing.status()["backend"] == other
    assert svc.search.search("When was the AI Alliance launched?", 3)  # answers again


def test_bulk_encoding_gives_the_same_vectors_piece_by_piece(kb_services, model):
    """A sync encodes in bulk (OpenVINO: one single-threaded stream per core, batches
    submitted ahead) and takes the vectors piece by piece, writing each while the next are
    computed: every text once, and the vectors of a plain ``encode``, bit for bit."""
    from vectorstore.fast_encoder import BULK_MIN_BATCHES

    chunks = kb_services.index.all_chunks()["documents"]
    texts = chunks + [t[:n] for n in (40, 160, 600) for t in chunks]  # batches of every width
    assert len(texts) >= 64 * BULK_MIN_BATCHES
    plain = model.encode(texts)
    pieces = list(model.encode_pieces(texts))
    rows = np.concatenate([r for r, _ in pieces])
    assert sorted(rows.tolist()) == list(range(len(texts)))
    got = np.zeros_like(plain)
    for r, v in pieces:
        got[r] = v
    assert np.array_equal(got, plain)
    assert np.array_equal(model.encode(texts, bulk=True), plain)
    if model.backend == "openvino":
        assert len(pieces) == -(-len(texts) // model.batch_size)  # one per batch, as computed

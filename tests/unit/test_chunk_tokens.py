"""The chunker's shortcuts change nothing: a text that fits whole is not handed to the
splitter, a chunk keeps the word pieces it was measured in, and the encoder's batches made
from those word pieces are the ones it makes from the texts. Tokenizer files only, no
model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from helpers import DOCS

from bench import corpus
from ingest.chunking import Chunker
from ingest.loaders import LoadError, parse_file, read_file
from ingest.scan import scan_corpus
from vectorstore.embeddings import EmbeddingModel

LATER = Path(__file__).resolve().parents[2] / "app" / "evaluation" / "later"


@pytest.fixture(scope="module")
def model() -> EmbeddingModel:
    return EmbeddingModel("all-MiniLM-L6-v2")


def _chunkers(model: EmbeddingModel) -> tuple[Chunker, Chunker, Chunker]:
    def make(**extra) -> Chunker:
        return Chunker(model.count_tokens, chunk_tokens=200, overlap_tokens=32,
                       max_tokens=model.max_tokens, **extra)  # fmt: skip

    plain = make()  # the splitter on every text, as before the shortcut
    plain._pieces = lambda text: [(p, None) for p in plain.splitter.split_text(text)]
    return make(token_ids=model.token_ids), make(), plain


def _corpora(tmp_path: Path) -> list[Path]:
    synthetic = tmp_path / "synthetic"
    corpus.write_synthetic(synthetic, corpus.generate_members(300, 7), 7)
    roots = [DOCS, synthetic, *(p for p in sorted(LATER.iterdir()) if p.is_dir())]
    hard = tmp_path / "hard"  # no separators, long words, blank sections, a long section
    hard.mkdir()
    (hard / "a.md").write_text("# A\n\n" + "x" * 3000 + "\n\n## B\n\n   \n\n## C\n\nshort.\n")
    (hard / "b.md").write_text("# B\n\n" + "word, " * 600 + "\n\nend " * 50)
    return [*roots, hard]


def test_shortcuts_make_the_splitters_chunks_and_keep_their_word_pieces(model, tmp_path):
    with_ids, counting, plain = _chunkers(model)
    for root in _corpora(tmp_path):
        files, _ = scan_corpus(root)
        assert files, root
        for path in files.values():
            try:
                docs = parse_file(read_file(Path(path), 10 << 20), Path(path), root,
                                  max_bytes=10 << 20)  # fmt: skip
            except LoadError:
                continue
            got = with_ids.split_all(docs)
            want = [(c.page_content, c.metadata) for c in plain.split_all(docs)]
            assert [(c.page_content, c.metadata) for c in got] == want, path
            assert [(c.page_content, c.metadata) for c in counting.split_all(docs)] == want
            for chunk in got:
                if chunk.tokens is not None:
                    assert chunk.tokens == model.token_ids(chunk.page_content), path
            if root.name != "hard":  # only a text cut by _fit lacks its word pieces
                assert all(c.tokens is not None for c in got), path


def test_batches_from_word_pieces_equal_batches_from_texts(model):
    pieces = model.word_pieces
    texts = ["The AI Alliance was launched in 2023.", "", "x" * 3000, "word " * 400,
             "# Title > Section\nÉcole Polytechnique fédérale 東京 — ok", "a"]  # fmt: skip
    ids, mask = pieces.batch(texts)
    ids2, mask2 = pieces.pad([model.token_ids(t) for t in texts])
    assert np.array_equal(ids, ids2) and np.array_equal(mask, mask2)


def test_chunk_keys_are_the_keys_langchain_gave_them():
    """Indexes built through LangChain's ``index(..., key_encoder="sha256")`` keep their
    chunk ids: a sync after this change re-embeds nothing that did not change."""
    from langchain_core.documents import Document
    from langchain_core.indexing.api import _get_document_with_hash

    from ingest.sync import chunk_key

    for text, meta in [("The AI Alliance was launched.", {"source": "a.md", "chunk": 0}),
                       ("", {}), ("naïve café 東京", {"b": [1, 2], "a": None, "x": 1.5})]:  # fmt: skip
        want = _get_document_with_hash(Document(page_content=text, metadata=meta),
                                       key_encoder="sha256").id  # fmt: skip
        assert chunk_key(text, meta) == want

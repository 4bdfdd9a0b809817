"""Every chunk fits the model's 256 word-piece window: nothing is silently truncated."""

from __future__ import annotations

from ingest.chunking import Chunker
from ingest.loaders import SourceDocument


def _chunker(model, size=200):
    return Chunker(
        model.count_tokens, chunk_tokens=size, overlap_tokens=32, max_tokens=model.max_tokens
    )


def test_model_window_is_256_word_pieces(model):
    assert model.client.max_seq_length == 256  # the loaded model's window, any backend
    assert model.max_tokens == 254  # read from the model folder, [CLS] and [SEP] excluded


def test_corpus_chunks_fit_the_model(kb_services, model):
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model.path / "tokenizer.json"))
    tokenizer.no_truncation()
    got = kb_services.index.all_chunks()
    assert got["documents"]
    for text in got["documents"]:
        ids = tokenizer.encode(text).ids  # with [CLS] and [SEP], nothing cut off
        assert len(ids) <= model.client.max_seq_length, text[:80]


def test_long_and_unbroken_text_is_split_not_truncated(model):
    chunker = _chunker(model)
    long_md = "# Title\n\n## Part\n\n" + " ".join(
        f"Sentence number {i} about the alliance." for i in range(400)
    )
    no_spaces = "alliance-" * 800  # one "word" of 1,600 word pieces
    for text in (long_md, no_spaces):
        chunks = chunker.split(SourceDocument(text, {"source": "a.md", "doc_type": "other"}))
        assert len(chunks) > 1
        for chunk in chunks:
            assert model.count_tokens(chunk.page_content) <= model.max_tokens
    joined = "".join(
        c.page_content for c in _chunker(model, 100).split(SourceDocument(no_spaces, {}))
    )
    assert joined.count("alliance") >= 800  # split, nothing dropped


def test_header_sections_are_kept_with_their_metadata(model):
    doc = SourceDocument(
        "# Doc\n\nIntro text.\n\n## Goals\n\nGoal text here.\n", {"source": "d.md"}
    )
    chunks = _chunker(model).split(doc)
    assert [c.metadata["chunk"] for c in chunks] == list(range(len(chunks)))
    goal = next(c for c in chunks if "Goal text" in c.page_content)
    assert goal.metadata["section"] == "Doc > Goals"
    assert goal.metadata["source"] == "d.md"

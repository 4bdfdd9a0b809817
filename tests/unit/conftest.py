"""Unit fixtures: nothing here loads the embedding model or opens Chroma."""

from __future__ import annotations

import pytest
from helpers import DOCS


@pytest.fixture(scope="session")
def analyzer():
    """The question analyzer over docs/, built from the files themselves: the member
    directory from the profiles' front matter, the vocabulary from their words."""
    from app.answering.analysis import QuestionAnalyzer
    from app.answering.directory import build_directory
    from ingest.domain import load_domain
    from ingest.loaders import load_file
    from vectorstore.tokenize import tokenize

    docs = [
        doc
        for path in sorted(DOCS.rglob("*.md"))
        for doc in load_file(path, DOCS, max_bytes=1 << 20)
    ]
    metas = [dict(d.metadata, chunk=0) for d in docs]
    texts = [d.text for d in docs]
    ids = [m["source"] for m in metas]
    directory = build_directory(metas, ids, texts).prepare()
    vocabulary = {t for text in texts for t in tokenize(text)}
    return QuestionAnalyzer(directory, vocabulary, tokenize, load_domain())

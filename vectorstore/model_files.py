"""What a local sentence-transformers folder says about itself, read from its small files:
the output dimension, the input limit and the word-piece tokenizer. No torch, no model load:
``status``, ``check`` and the chunker only need these facts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _modules(folder: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [m for m in data if isinstance(m, dict)] if isinstance(data, list) else []


def module_types(folder: Path) -> list[str]:
    """The pipeline's module classes, last part only: ['Transformer', 'Pooling', 'Normalize']."""
    return [str(m.get("type", "")).rpartition(".")[2] for m in _modules(folder)]


def output_dimension(folder: Path) -> int | None:
    """The sentence vector's length: the last Dense layer's ``out_features``, else the pooled
    word-embedding size, else the transformer's hidden size; None when the files do not say."""
    dense = [
        read_json(folder / str(m.get("path", "")) / "config.json").get("out_features")
        for m in _modules(folder)
        if str(m.get("type", "")).endswith(".Dense")
    ]
    if dense and dense[-1]:
        return int(dense[-1])
    for module in _modules(folder):
        if str(module.get("type", "")).endswith(".Pooling"):
            size = read_json(folder / str(module.get("path", "")) / "config.json").get(
                "word_embedding_dimension"
            )
            if size:
                return int(size)
    hidden = read_json(folder / "config.json").get("hidden_size")
    return int(hidden) if hidden else None


def max_seq_length(folder: Path) -> int | None:
    """Word pieces one input may hold, [CLS] and [SEP] included (sentence-transformers'
    ``max_seq_length``, else the transformer's position limit)."""
    configured = read_json(folder / "sentence_bert_config.json").get("max_seq_length")
    if configured:
        return int(configured)
    positions = read_json(folder / "config.json").get("max_position_embeddings")
    return int(positions) if positions else None


class WordPieces:
    """The model's fast tokenizer (``tokenizers``, no torch): ``count`` as
    ``len(SentenceTransformer.tokenizer.tokenize(text))``; ``batch`` pads to the longest text
    and truncates at ``max_length`` as sentence-transformers does; ``pad`` makes the same
    batch from word pieces counted before (``ids``), so a text is tokenized once."""

    def __init__(self, tokenizer_json: Path, max_length: int) -> None:
        from tokenizers import Tokenizer

        self.max_length = max_length
        self._plain = Tokenizer.from_file(str(tokenizer_json))
        self._plain.no_truncation()  # the shipped file may carry a fixed truncation/padding
        self._plain.no_padding()
        self._batch = Tokenizer.from_file(str(tokenizer_json))
        self._batch.enable_truncation(max_length=max_length)
        pad = "[PAD]" if self._batch.token_to_id("[PAD]") is not None else "<pad>"
        self.pad_id = self._batch.token_to_id(pad) or 0
        self._batch.enable_padding(pad_id=self.pad_id, pad_token=pad)
        self._around = _specials(self._plain)

    def ids(self, text: str) -> list[int]:
        """Word pieces of ``text`` without [CLS]/[SEP], untruncated."""
        return self._plain.encode(text, add_special_tokens=False).ids

    def ids_of(self, texts: list[str]) -> list[list[int]]:
        """``ids`` of each text, in one call."""
        return [e.ids for e in self._plain.encode_batch(texts, add_special_tokens=False)]

    def count(self, text: str) -> int:
        """Word pieces of ``text`` without [CLS]/[SEP], untruncated."""
        return len(self.ids(text))

    @property
    def pads(self) -> bool:
        """``pad`` can stand in for ``batch`` (the special tokens only go around the text)."""
        return self._around is not None

    def pad(self, pieces: list[list[int]]) -> tuple[Any, Any]:
        """What ``batch`` gives for texts whose ``ids`` these are: each truncated and put
        between its special tokens, padded to the longest."""
        import numpy as np

        assert self._around is not None, "this tokenizer adds more than a prefix and a suffix"
        before, after = self._around
        room = self.max_length - len(before) - len(after)
        rows = [before + p[:room] + after for p in pieces]
        width = max(map(len, rows), default=0)
        ids = np.full((len(rows), width), self.pad_id, dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for i, row in enumerate(rows):
            ids[i, : len(row)] = row
            mask[i, : len(row)] = 1
        return ids, mask

    def batch(self, texts: list[str]) -> tuple[Any, Any]:
        """(input ids, attention mask) as int64 arrays of one padded batch."""
        import numpy as np

        encoded = self._batch.encode_batch(texts)
        ids = np.asarray([e.ids for e in encoded], dtype=np.int64)
        mask = np.asarray([e.attention_mask for e in encoded], dtype=np.int64)
        return ids, mask


def _specials(tokenizer: Any) -> tuple[list[int], list[int]] | None:
    """The special tokens the tokenizer puts before and after a text ([CLS], [SEP]), or None
    when it adds anything else."""
    bare = tokenizer.encode("a b c", add_special_tokens=False).ids
    full = tokenizer.encode("a b c", add_special_tokens=True).ids
    for start in range(len(full) - len(bare) + 1):
        if full[start : start + len(bare)] == bare:
            return full[:start], full[start + len(bare) :]
    return None

"""The model's facts come from its folder's files: no model load, no torch."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from vectorstore.embeddings import EmbeddingModel, EmbeddingModelError
from vectorstore.model_files import WordPieces, max_seq_length, module_types, output_dimension


def test_the_packaged_models_facts_without_loading_it():
    model = EmbeddingModel("all-MiniLM-L6-v2", backend="openvino")
    assert (model.name, model.dimension, model.max_tokens) == ("all-MiniLM-L6-v2", 384, 254)
    assert model.count_tokens("The AI Alliance was launched in 2023.") == 9  # 2023: 2 pieces
    assert model.identity == ("all-MiniLM-L6-v2", "openvino")
    assert not model.loaded
    assert module_types(model.path) == ["Transformer", "Pooling", "Normalize"]


def test_a_dense_layer_sets_the_dimension(tmp_path: Path):
    folder = tmp_path / "model"
    shutil.copytree(EmbeddingModel("all-MiniLM-L6-v2").path, folder)
    modules = json.loads((folder / "modules.json").read_text())
    modules.insert(2, {"idx": 2, "name": "2", "path": "2_Dense",
                       "type": "sentence_transformers.models.Dense"})  # fmt: skip
    (folder / "modules.json").write_text(json.dumps(modules))
    (folder / "2_Dense").mkdir()
    (folder / "2_Dense" / "config.json").write_text('{"in_features": 384, "out_features": 128}')
    (folder / "sentence_bert_config.json").write_text('{"max_seq_length": 128}')
    assert output_dimension(folder) == 128 and max_seq_length(folder) == 128
    assert EmbeddingModel(str(folder)).max_tokens == 126


def test_batches_pad_to_the_longest_and_cut_at_the_limit():
    path = EmbeddingModel("all-MiniLM-L6-v2").path
    pieces = WordPieces(path / "tokenizer.json", max_length=16)
    ids, mask = pieces.batch(["short", "a much longer sentence " * 10])
    assert ids.shape == mask.shape == (2, 16)  # the shipped file's fixed 128 is not used
    assert mask[0].sum() == 3 and mask[1].sum() == 16  # [CLS] short [SEP]; cut at 16
    assert pieces.count("a much longer sentence " * 10) == 40  # counting never cuts


def test_an_unknown_backend_is_one_clear_sentence():
    with pytest.raises(EmbeddingModelError, match="not one of torch, onnx, openvino"):
        EmbeddingModel("all-MiniLM-L6-v2", backend="tpu")


def test_openvino_is_imported_without_its_telemetry(tmp_path: Path):
    """Importing openvino sends a usage event and writes ~/intel; the fast backend's import
    must do neither (HOME is a fresh folder here)."""
    import os
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from vectorstore.fast_encoder import import_openvino\n"
        "ov = import_openvino()\n"
        "assert ov.Core is not None\n"
        "print(sorted(m for m in sys.modules if m.startswith('openvino_telemetry')))\n"
    )
    env = dict(os.environ, HOME=str(tmp_path))
    res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         timeout=120)  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "[]"
    assert not (tmp_path / "intel").exists()

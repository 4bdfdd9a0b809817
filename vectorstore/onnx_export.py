"""The fast backends' model files, exported once from the local model folder into a cache
folder (by default ``<data dir>/models``), never from a hub.

- ``openvino``: the transformer as an OpenVINO IR (fp32 weights). OpenVINO runs it in bf16
  on CPUs with AVX-512 BF16 or AMX (cosine to torch about 0.9999), else in fp32.
- ``onnx``: an ONNX graph fused by onnxruntime's transformer optimizer (attention, layer norm,
  GELU) and dynamically quantised to int8 with per-channel weights, keeping the word
  embeddings and the first layer's FFN output in fp32 (the two places where int8 cost the
  most cosine on this corpus). ``optimum`` would do the same but needs transformers 4.x.

Exporting needs torch and transformers (and openvino, or onnx and onnxruntime); running the
export needs neither torch nor transformers (``vectorstore.fast_encoder``). Research behind
the choices, measured on this project's machine: /work/scratch/onnx (issue 17).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

from vectorstore.model_files import max_seq_length, module_types, output_dimension, read_json

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
BACKENDS = ("onnx", "openvino")
MARKER = "export.json"  # written last: a folder without it is an unfinished export
COPIED = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt",
          "config.json", "sentence_bert_config.json", "modules.json")  # fmt: skip
# nodes whose int8 version cost the most cosine (measured node by node on the corpus)
KEEP_FP32 = ("EmbedLayerNormalization_0", "/m/encoder/layer.0/output/dense/MatMul")


class ExportError(RuntimeError):
    """The model cannot be exported for the fast backend (one sentence, for the user)."""


def _fingerprint(model_path: Path, backend: str) -> str:
    """Cache key: the small files' bytes, the weights' size and first and last MiB."""
    digest = hashlib.sha256(f"{FORMAT_VERSION}/{backend}".encode())
    for name in (*COPIED, "1_Pooling/config.json"):
        path = model_path / name
        if path.is_file():
            digest.update(name.encode() + b"\0" + path.read_bytes())
    weights = next(
        (model_path / n for n in ("model.safetensors", "pytorch_model.bin")
         if (model_path / n).is_file()),
        None,
    )  # fmt: skip
    if weights is not None:
        size = weights.stat().st_size
        digest.update(f"{weights.name}:{size}".encode())
        with weights.open("rb") as fh:
            digest.update(fh.read(1 << 20))
            fh.seek(max(0, size - (1 << 20)))
            digest.update(fh.read(1 << 20))
    return digest.hexdigest()[:16]


def export_folder(model_path: Path, cache_dir: Path, backend: str) -> Path:
    return cache_dir / f"{model_path.name}-{backend}-{_fingerprint(model_path, backend)}"


def is_exported(folder: Path) -> bool:
    return (folder / MARKER).is_file()


def _check_supported(model_path: Path) -> None:
    types = module_types(model_path)
    pooling = read_json(model_path / "1_Pooling" / "config.json")
    if types[:2] != ["Transformer", "Pooling"] or not set(types[2:]) <= {"Normalize"}:
        raise ExportError(
            f"the fast embedding backends run Transformer + mean Pooling models; {model_path} "
            f"has {types}: set ALLIANCE_EMBEDDING_BACKEND=torch"
        )
    if not pooling.get("pooling_mode_mean_tokens", False):
        raise ExportError(
            f"{model_path} does not use mean pooling: set ALLIANCE_EMBEDDING_BACKEND=torch"
        )


def _export_onnx_fp32(model_path: Path, out: Path) -> None:
    """torch -> ONNX (opset 17) with dynamic batch and sequence axes; output: the token
    embeddings (pooling runs outside the graph)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from transformers import AutoModel

    # eager attention: the graph onnxruntime's BERT fusions and OpenVINO recognise
    model = AutoModel.from_pretrained(
        str(model_path), local_files_only=True, attn_implementation="eager"
    ).eval()

    class Wrapped(torch.nn.Module):
        def __init__(self, m: Any) -> None:
            super().__init__()
            self.m = m  # the name appears in the node names KEEP_FP32 refers to

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.m(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    ids = torch.randint(1000, 2000, (2, 16))
    mask = torch.ones_like(ids)
    mask[1, 10:] = 0  # trace with padding so the mask path is kept
    names = ["input_ids", "attention_mask", "token_type_ids"]
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Wrapped(model),
            (ids, mask, torch.zeros_like(ids)),
            str(out),
            dynamo=False,
            input_names=names,
            output_names=["token_embeddings"],
            opset_version=17,
            dynamic_axes={n: {0: "batch", 1: "seq"} for n in [*names, "token_embeddings"]},
            do_constant_folding=True,
        )


def _build_openvino(model_path: Path, tmp: Path) -> dict[str, Any]:
    from vectorstore.openvino_runtime import import_openvino

    ov = import_openvino()
    raw = tmp / "model_fp32.onnx"
    _export_onnx_fp32(model_path, raw)
    model = ov.Core().read_model(str(raw))  # OpenVINO's ONNX frontend (no telemetry)
    ov.save_model(model, str(tmp / "openvino_model.xml"), compress_to_fp16=False)
    raw.unlink()
    return {"model_file": "openvino_model.xml", "openvino": ov.__version__}


def _build_onnx(model_path: Path, tmp: Path) -> dict[str, Any]:
    import onnx
    import onnxruntime
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers import optimizer

    config = read_json(model_path / "config.json")
    raw, fused = tmp / "model_fp32.onnx", tmp / "model_fused.onnx"
    _export_onnx_fp32(model_path, raw)
    optimized = optimizer.optimize_model(
        str(raw),
        model_type="bert",
        num_heads=int(config["num_attention_heads"]),
        hidden_size=int(config["hidden_size"]),
        opt_level=0,
        use_gpu=False,
    )
    fused_ops = {k: v for k, v in optimized.get_fused_operator_statistics().items() if v}
    optimized.save_model_to_file(str(fused))
    quantize_dynamic(
        str(fused),
        str(tmp / "model_int8.onnx"),
        weight_type=QuantType.QInt8,
        per_channel=True,
        reduce_range=False,
        nodes_to_exclude=list(KEEP_FP32),
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )
    raw.unlink()
    fused.unlink()
    return {"model_file": "model_int8.onnx", "onnxruntime": onnxruntime.__version__,
            "fused_ops": fused_ops}  # fmt: skip


def ensure_export(model_path: Path, cache_dir: Path, backend: str) -> Path:
    """The export folder of ``model_path`` for ``backend``, exported first if missing. Safe
    when several processes export at once: each builds in a temp folder and renames it."""
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {BACKENDS}")
    final = export_folder(model_path, cache_dir, backend)
    if is_exported(final):
        return final
    _check_supported(model_path)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.", dir=cache_dir))
    log.info("exporting embedding model path=%s backend=%s into=%s", model_path, backend, final)
    started = time.perf_counter()
    try:
        build = _build_openvino if backend == "openvino" else _build_onnx
        try:
            info = build(model_path, tmp)
        except ImportError as exc:
            raise ExportError(
                f"the {backend} embedding backend needs `pip install {exc.name}` "
                "(or set ALLIANCE_EMBEDDING_BACKEND=torch)"
            ) from exc
        for name in COPIED:
            if (model_path / name).is_file():
                shutil.copy2(model_path / name, tmp / name)
        meta = {
            "format": FORMAT_VERSION, "backend": backend, "source": str(model_path),
            "max_seq_length": max_seq_length(model_path),
            "dimension": output_dimension(model_path),
            "export_seconds": round(time.perf_counter() - started, 2), **info,
        }  # fmt: skip
        (tmp / MARKER).write_text(json.dumps(meta, indent=1), encoding="utf-8")
        os.chmod(tmp, 0o755)  # mkdtemp made it private
        try:
            os.rename(tmp, final)
        except OSError:  # another process finished first (or left a broken folder)
            if not is_exported(final):
                shutil.rmtree(final, ignore_errors=True)
                os.rename(tmp, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log.info("exported embedding model backend=%s seconds=%.1f", backend, meta["export_seconds"])
    return final

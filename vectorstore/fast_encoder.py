"""The fast backends at run time: the exported model (``vectorstore.onnx_export``) run by
OpenVINO or onnxruntime, with the model's own tokenizer, mean pooling and L2 normalisation.
Imports neither torch nor transformers, so a question is answered without them."""

from __future__ import annotations

import json
import logging
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

from vectorstore.model_files import WordPieces
from vectorstore.onnx_export import MARKER
from vectorstore.openvino_runtime import import_openvino

log = logging.getLogger(__name__)

BULK_MIN_BATCHES = 4  # fewer batches than this are encoded one at a time, on every core
# (pooled rows, their attention mask) -> a batch's token vectors, in the order submitted
RunMany = Callable[[Iterable[tuple[Any, dict[str, Any]]]], Iterator[tuple[Any, Any]]]


class FastEncoder:
    """``encode`` has the semantics of ``SentenceTransformer.encode(texts,
    normalize_embeddings=True)``: texts sorted by length and batched, mean pooling over the
    attention mask, unit length. The length is counted in word pieces (each text is
    tokenized once, before batching): sorted by characters, as sentence-transformers does,
    a batch of 64 chunks carried 15 % padding on the bench's profiles, sorted by word pieces
    3 %, and the encode took 11 % less time."""

    def __init__(
        self, folder: Path, threads: int | None = None, tokenizer: WordPieces | None = None
    ) -> None:
        """``tokenizer``: the model's word pieces, when the caller has them loaded already
        (the export's tokenizer.json is a copy of the model's); used if its input limit is
        the export's."""
        self.folder = folder
        self.meta = json.loads((folder / MARKER).read_text(encoding="utf-8"))
        self.backend = str(self.meta["backend"])
        self.dimension = int(self.meta["dimension"])
        self.max_seq_length = int(self.meta["max_seq_length"])
        if tokenizer is None or tokenizer.max_length != self.max_seq_length:
            tokenizer = WordPieces(folder / "tokenizer.json", self.max_seq_length)
        self.tokenizer = tokenizer
        model_file = folder / self.meta["model_file"]
        self._model_file, self._threads = model_file, threads
        self._bulk_lock = threading.Lock()  # one bulk encode at a time (its own requests)
        if self.backend == "openvino":
            self._run, self._inputs, self.precision = _openvino(model_file, threads)
        else:
            self._run, self._inputs, self.precision = _onnxruntime(model_file, threads)
        log.info("fast encoder ready backend=%s precision=%s", self.backend, self.precision)

    def encode(
        self,
        texts: list[str],
        batch_size: int = 64,
        token_ids: list[list[int] | None] | None = None,
        *,
        bulk: bool = False,
    ) -> Any:
        """``token_ids``: the texts' word pieces where the caller counted them already (the
        chunker does): those texts are not tokenized again; the batches are the same.
        ``bulk``: see ``encode_pieces`` (the same vectors, bit for bit)."""
        import numpy as np

        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for rows, vectors in self.encode_pieces(texts, batch_size, token_ids, bulk=bulk):
            out[rows] = vectors
        return out

    def encode_pieces(
        self,
        texts: list[str],
        batch_size: int = 64,
        token_ids: list[list[int] | None] | None = None,
        *,
        bulk: bool = True,
    ) -> Iterator[tuple[Any, Any]]:
        """The vectors batch by batch, longest texts first: ``(rows, vectors)``, ``rows``
        indexing ``texts``. With ``bulk`` and at least ``BULK_MIN_BATCHES`` batches
        (OpenVINO), the batches run on one single-threaded stream per core, several
        submitted ahead: they are computed while the caller handles the ones it got
        (OpenVINO's threads need no GIL), so a caller that writes them somewhere overlaps
        that with the encoding. The vectors are those of ``bulk=False`` bit for bit (the
        same batches; a tested property of this CPU plugin)."""
        batches = self._batches(texts, batch_size, token_ids)
        run_many = self._bulk if bulk and len(batches) >= BULK_MIN_BATCHES else None
        if run_many is None:
            for rows, mask, feed in batches:
                yield rows, _pool(self._run(feed), mask)
            return
        with self._bulk_lock:
            jobs = (((rows, mask), feed) for rows, mask, feed in batches)
            for (rows, mask), tokens in run_many(jobs):
                yield rows, _pool(tokens, mask)

    def _batches(
        self, texts: list[str], batch_size: int, token_ids: list[list[int] | None] | None
    ) -> list[tuple[Any, Any, dict[str, Any]]]:
        """(rows, attention mask, model inputs) of each batch, longest texts first."""
        import numpy as np

        if self.tokenizer.pads:  # word pieces first: sorted by them, padded in numpy
            pieces = list(token_ids) if token_ids is not None else [None] * len(texts)
            missing = [i for i, p in enumerate(pieces) if p is None]
            for i, p in zip(missing, self.tokenizer.ids_of([texts[i] for i in missing]),
                            strict=True):  # fmt: skip
                pieces[i] = p
            order = np.argsort([-len(p) for p in pieces], kind="stable")
        else:  # a tokenizer that adds more than [CLS] and [SEP]: it pads its own batches
            order = np.argsort([-len(t) for t in texts], kind="stable")
        batches = []
        for start in range(0, len(texts), batch_size):
            rows = order[start : start + batch_size]
            if self.tokenizer.pads:
                ids, mask = self.tokenizer.pad([pieces[i] for i in rows])
            else:
                ids, mask = self.tokenizer.batch([texts[i] for i in rows])
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._inputs:
                feed["token_type_ids"] = np.zeros_like(ids)
            batches.append((rows, mask, feed))
        return batches

    @cached_property
    def _bulk(self) -> RunMany | None:
        """The bulk runner, compiled on first use (only OpenVINO has one)."""
        if self.backend != "openvino":
            return None
        return _openvino_bulk(self._model_file, self._threads)


def _pool(tokens: Any, mask: Any) -> Any:
    """Mean pooling over the attention mask, then unit length (float32)."""
    import numpy as np

    tokens = np.asarray(tokens, dtype=np.float32)
    weights = mask[:, :, None].astype(np.float32)
    pooled = (tokens * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
    return pooled


def _openvino(model_file: Path, threads: int | None) -> tuple[Any, set[str], str]:
    ov = import_openvino()

    config: dict[str, Any] = {"PERFORMANCE_HINT": "LATENCY", "NUM_STREAMS": 1}
    if threads:
        config["INFERENCE_NUM_THREADS"] = int(threads)
    compiled = ov.Core().compile_model(str(model_file), "CPU", config)
    request = compiled.create_infer_request()
    output = compiled.outputs[0]
    inputs = {i.get_any_name() for i in compiled.inputs}
    hint = compiled.get_property("INFERENCE_PRECISION_HINT")  # bf16 where the CPU has it
    precision = hint.get_type_name() if hasattr(hint, "get_type_name") else str(hint)
    lock = threading.Lock()  # one infer request: the web chat's threads take turns

    def run(feed: dict[str, Any]) -> Any:
        with lock:
            return request.infer(feed)[output].copy()

    return run, inputs, precision


def _openvino_bulk(model_file: Path, threads: int | None) -> RunMany:
    """Batches on one single-threaded stream per core, two requests per stream kept busy:
    no stream waits for another's thread (the one-stream model makes its two threads meet
    after every layer, so a third busy thread, such as a Chroma write, stalls both)."""
    ov = import_openvino()

    streams = max(1, int(threads or os.cpu_count() or 1))
    config = {"PERFORMANCE_HINT": "THROUGHPUT", "NUM_STREAMS": streams,
              "INFERENCE_NUM_THREADS": streams}  # fmt: skip
    compiled = ov.Core().compile_model(str(model_file), "CPU", config)
    requests = [compiled.create_infer_request() for _ in range(2 * streams)]
    log.info("bulk encoder ready streams=%d", streams)

    def run_many(jobs: Iterable[tuple[Any, dict[str, Any]]]) -> Iterator[tuple[Any, Any]]:
        todo, free = iter(jobs), deque(requests)
        running: deque[tuple[Any, Any]] = deque()

        def submit() -> None:
            while free and (job := next(todo, None)) is not None:
                request = free.popleft()
                request.start_async(job[1])
                running.append((job[0], request))

        try:
            submit()
            while running:
                key, request = running.popleft()
                request.wait()
                yield key, request.get_output_tensor(0).data  # read before it is reused
                free.append(request)
                submit()
        finally:
            for _, request in running:  # abandoned: let what runs finish before reuse
                request.wait()

    return run_many


def _onnxruntime(model_file: Path, threads: int | None) -> tuple[Any, set[str], str]:
    import onnxruntime as ort

    options = ort.SessionOptions()
    if threads:
        options.intra_op_num_threads = int(threads)
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(str(model_file), options, providers=["CPUExecutionProvider"])
    inputs = {i.name for i in session.get_inputs()}
    return (lambda feed: session.run(None, feed)[0]), inputs, "int8/fp32"

"""Fast start of the two readers: `serve` (a real process over an existing index, answering
over HTTP) and `ask --local` import only what they serve. With a fast embedding backend
neither imports torch; neither imports the loaders, LangChain or the scipy stack."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

from helpers import DOCS, HEAVY, PROBE, cli_env, free_port, run_cli, wait_for

LAUNCH = "announcements/2023-12-05-ai-alliance-launch.md"
QUESTION = "When was the AI Alliance launched?"


def must_not_load(backend: str) -> set[str]:
    """What a reader needs: Chroma, the web stack, its own embedding runtime; nothing else."""
    allowed = {"chromadb", "gradio", {"torch": "sentence_transformers", "onnx": "onnxruntime",
               "openvino": "openvino"}[backend]}  # fmt: skip
    if backend == "torch":
        allowed |= {"torch", "transformers", "scipy"}
    return set(HEAVY) - allowed


def _page_up(url: str) -> bool:
    try:
        return urllib.request.urlopen(url, timeout=5).status == 200
    except OSError:
        return False


def test_serve_and_ask_import_only_what_they_serve(tmp_path: Path, seed_index: Path, model):
    data = tmp_path / "data"
    shutil.copytree(seed_index, data)
    env = cli_env(tmp_path, ALLIANCE_DATA_DIR=str(data), ALLIANCE_CORPUS_DIR=str(DOCS),
                  ALLIANCE_EMBEDDING_BACKEND=model.backend)  # fmt: skip
    port = free_port()
    args = ["serve", "--host", "127.0.0.1", "--port", str(port)]
    code = PROBE.format(heavy=HEAVY, args=args)
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, text=True)  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_for(lambda: proc.poll() is not None or _page_up(url), timeout=120)
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        request = urllib.request.Request(
            url + "api/v1/ask",
            data=json.dumps({"question": QUESTION}).encode(),
            headers={"Content-Type": "application/json"},
        )
        answer = json.load(urllib.request.urlopen(request, timeout=120))
        assert LAUNCH in [c["source"] for c in answer["citations"]], answer
    finally:
        proc.send_signal(signal.SIGINT)  # a clean stop: the probe reports at exit
        try:  # a generous bound: under a loaded suite the background warm-up may still run
            _, err = proc.communicate(timeout=240)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
            raise AssertionError(f"serve did not stop on SIGINT:\n{err[-3000:]}") from None
    line = [ln for ln in err.splitlines() if ln.startswith("MODULES ")]
    assert line, err
    loaded = set(json.loads(line[-1].removeprefix("MODULES ")))
    assert "gradio" in loaded and "chromadb" in loaded  # the probe sees real imports
    assert not loaded & must_not_load(model.backend), sorted(loaded)

    res, loaded = run_cli(["ask", "--local", QUESTION], env)
    assert res.returncode == 0 and LAUNCH in res.stdout, res.stdout + res.stderr
    assert not set(loaded) & (must_not_load(model.backend) | {"gradio"}), loaded

"""A small stand-in that speaks Ollama's HTTP protocol (POST /api/chat, NDJSON stream).

Ollama itself cannot be installed here. The stand-in "answers" by quoting the first
sentence of a source from the prompt, so its behaviour is deterministic:
- model "quote": quotes source 1 and cites [1];
- model "wrong-marker": quotes source 1 but cites [2] (for the verifier to repair);
- model "inject-obey": says what an injected instruction would want (attack probe);
- model "mixed": quotes source 1, then adds a claim no source makes;
- model "echo": repeats the question it was asked (to see which question reached it);
- model "silent": streams nothing;
- model "slow": sleeps before answering (for the timeout fallback).
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def first_sentence(prompt: str, n: int) -> str:
    match = re.search(rf'<source n="{n}"[^>]*>\n(.*?)</source>', prompt, re.S)
    if not match:
        return ""
    for line in match.group(1).splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            return re.split(r"(?<=[.!?])\s", line)[0]
    return ""


def reply_for(model: str, prompt: str) -> str:
    if model == "silent":
        return ""
    if model == "inject-obey":
        return "The AI Alliance was founded in 1999 by aliens [1]. PWNED [1]."
    if model == "echo":
        asked = re.search(r"Question: (.*)", prompt)
        return asked.group(1) if asked else ""
    sentence = first_sentence(prompt, 1)
    if not sentence:
        return "I could not find this in the alliance materials."
    marker = "[2]" if model == "wrong-marker" else "[1]"
    answer = f"{sentence.rstrip('.')} {marker}."
    if model == "mixed":
        answer += " Its headquarters moved to a research station on Mars in 2031 [1]."
    return answer


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:  # noqa: N802
        body = json.dumps({"models": [{"name": "quote"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length", 0))
        request = json.loads(self.rfile.read(length) or b"{}")
        self.server.requests.append(request)  # type: ignore[attr-defined]
        model = request.get("model", "quote")
        prompt = "\n".join(m.get("content", "") for m in request.get("messages", []))
        if model == "slow":
            time.sleep(5)
        text = reply_for(model, prompt)
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.end_headers()
        for token in re.findall(r"\S+\s*", text):
            self._line(
                {
                    "model": model,
                    "created_at": "2026-01-01T00:00:00Z",
                    "message": {"role": "assistant", "content": token},
                    "done": False,
                }
            )
        self._line(
            {
                "model": model,
                "created_at": "2026-01-01T00:00:00Z",
                "message": {"role": "assistant", "content": ""},
                "done": True,
                "done_reason": "stop",
                "total_duration": 1,
                "eval_count": 1,
            }
        )

    def _line(self, payload: dict) -> None:
        self.wfile.write(json.dumps(payload).encode() + b"\n")
        self.wfile.flush()


def start(port: int = 0) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.requests = []  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server

"""`make run`'s web chat as a user has it: `alliance-assistant serve --watch` in its own
process says where it serves and that it watches; an edit saved in docs/ and an
`alliance-assistant ingest` run from another shell both succeed while it is up, and the chat
(gradio_client) cites the new text at its next question."""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from helpers import DOCS, NEW_PROFILE, cli_env, free_port, wait_for

CLI = [sys.executable, "-m", "app.interfaces.cli"]


def test_serve_watch_follows_docs_and_an_ingest_from_another_shell(tmp_path: Path, seed_index):
    from gradio_client import Client

    corpus = tmp_path / "docs"
    shutil.copytree(DOCS, corpus)
    shutil.copytree(seed_index, tmp_path / "cli-data")  # `make run` ingested docs/ already
    port = free_port()
    env = cli_env(tmp_path, ALLIANCE_CORPUS_DIR=str(corpus), ALLIANCE_PORT=str(port))
    server = subprocess.Popen([*CLI, "serve", "--watch"], env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        assert server.stdout.readline().strip() == f"Serving on {url}"
        assert server.stdout.readline().strip() == (
            f"Watching {corpus} for changes (indexed as you save)"
        )
        client = Client(url + "/", verbose=False)

        def cited(question: str, source: str, word: str) -> bool:
            """The answer shows ``word`` and cites ``source`` (answers carry their sources)."""
            history, *_ = client.predict(question, None, "All materials", api_name="/chat")
            text = str(history[-1]["content"])
            return source in text and word in text

        silo = corpus / "members" / "silo-ai.md"  # an edit saved in docs/: the watcher syncs
        silo.write_text(silo.read_text().replace("Finland", "Finland (Helsinki office)"))
        wait_for(lambda: cited("Where is Silo AI based?", "members/silo-ai.md", "Helsinki"),
                 timeout=120, every=1.0)  # fmt: skip

        text = NEW_PROFILE.format(name="Quill AI", country="Chile", what="telescopes")
        (corpus / "members" / "quill-ai.md").write_text(text)
        for _ in range(3):  # the chat holds no lock between syncs; during the watcher's own
            ingest = subprocess.run([*CLI, "ingest", "--json"], env=env, capture_output=True,
                                    text=True, timeout=300)  # fmt: skip
            if ingest.returncode != 2:  # sync of this very file, ingest says to run it again
                break
            assert "wait for it to finish, then run this again" in ingest.stderr
        assert ingest.returncode == 0, ingest.stderr
        stats = json.loads(ingest.stdout)
        assert stats["failed"] == [] and stats["added"] + stats["unchanged"] == 63
        assert cited("Where is Quill AI based?", "members/quill-ai.md", "Chile")  # next question
    finally:
        server.send_signal(signal.SIGTERM)
        out, err = server.communicate(timeout=120)
    assert server.returncode == 0, err
    assert "Traceback" not in err and not re.search(r"^DEBUG ", err, flags=re.M), err

"""The watched folder: real watchdog events debounced into a few syncs, the index following
created, edited, renamed and deleted files, and `serve --watch` answering from a new file."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import DOCS, NEW_PROFILE, free_port, wait_for


def test_serve_watch_answers_from_a_new_document(tmp_path: Path, model):
    from gradio_client import Client

    import app.core.services as services_module
    from app.core.settings import Settings
    from app.interfaces.web.server import serve

    corpus = tmp_path / "docs"
    shutil.copytree(DOCS, corpus)
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=corpus)
    original = services_module.build_services
    services_module.build_services = lambda s, **kw: original(s, model=model)
    port = free_port()
    try:
        demo = serve(settings, host="127.0.0.1", port=port, block=False, watch=True)
    finally:
        services_module.build_services = original
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        text = NEW_PROFILE.format(name="Quill AI", country="Chile", what="telescopes")
        (corpus / "members" / "quill-ai.md").write_text(text)

        def answered() -> bool:
            history, *_ = client.predict(
                "Where is Quill AI based?", [], "All materials", api_name="/chat"
            )
            return "members/quill-ai.md" in str(history[-1]["content"])

        wait_for(answered, every=1.0)
    finally:
        demo.watcher.stop()
        demo.close()

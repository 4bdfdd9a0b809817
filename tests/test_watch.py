"""The watched folder: real watchdog events debounced into a few syncs, the index following
created, edited, renamed and deleted files, and `serve --watch` answering from a new file."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

from conftest import DOCS, free_port
from test_crash import NEW_PROFILE


def wait_for(predicate, timeout: float = 60.0, every: float = 0.2):
    """Poll until ``predicate()`` is truthy (returned), or fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"condition not met within {timeout} s")


def test_a_burst_of_100_events_gives_a_handful_of_syncs(tmp_path: Path):
    from ingest.watch import FolderWatcher

    synced_at: list[float] = []
    (tmp_path / "sub").mkdir()
    watcher = FolderWatcher(tmp_path, lambda: synced_at.append(time.monotonic()), quiet=0.5)
    watcher.start()
    try:
        for i in range(100):
            (tmp_path / "sub" / f"note-{i}.md").write_text(f"note {i}")
        for i in range(25):
            (tmp_path / "sub" / f"note-{i}.md").rename(tmp_path / f"moved-{i}.md")
        for i in range(25, 50):
            (tmp_path / "sub" / f"note-{i}.md").unlink()
        (tmp_path / ".hidden.md").write_text("ignored")
        last_event = time.monotonic()
        wait_for(lambda: synced_at and synced_at[-1] > last_event and watcher.events >= 150)
        time.sleep(1.5)  # nothing else is pending: no further sync may start
    finally:
        watcher.stop()
    assert watcher.events >= 150  # each write, rename and delete is at least one event
    assert 1 <= watcher.syncs <= 5, watcher.syncs
    assert len(synced_at) == watcher.syncs


def test_hidden_and_ignored_paths_trigger_nothing(tmp_path: Path):
    from ingest.watch import FolderWatcher

    data = tmp_path / "data"
    data.mkdir()
    watcher = FolderWatcher(tmp_path, lambda: None, ignore=[data])
    assert not watcher.relevant(str(tmp_path / ".git" / "index"))
    assert not watcher.relevant(str(tmp_path / "a.md~"))
    assert not watcher.relevant(str(data / "chroma" / "x.bin"))
    assert watcher.relevant(str(tmp_path / "members" / "a.md"))


def _answer(svc, question: str):
    from app.query import ask

    return ask(question, services=svc)


def _cited(svc, question: str) -> set[str]:
    return {c.source for c in _answer(svc, question).citations}


def test_watch_follows_create_edit_rename_delete(corpus: Path, make_services):
    svc = make_services(corpus)
    svc.sync()
    syncs: list = []
    watcher = svc.watch(on_sync=syncs.append)
    try:
        new = corpus / "members" / "zeta-labs.md"
        new.write_text(NEW_PROFILE.format(name="Zeta Labs", country="Norway", what="robots"))
        question = "Where is Zeta Labs based?"
        wait_for(lambda: "members/zeta-labs.md" in _cited(svc, question))

        new.write_text(NEW_PROFILE.format(name="Zeta Labs", country="Chile", what="robots"))
        wait_for(lambda: "Chile" in _answer(svc, question).text)

        renamed = corpus / "members" / "zeta.md"
        new.rename(renamed)
        wait_for(lambda: _cited(svc, question) & {"members/zeta.md"})
        assert "members/zeta-labs.md" not in svc.records.sources()

        renamed.unlink()
        wait_for(lambda: "members/zeta.md" not in svc.records.sources())
        assert "members/zeta.md" not in _cited(svc, question)
    finally:
        watcher.stop()
    assert svc.check().clean
    assert all(not s.failed for s in syncs)


def test_serve_watch_answers_from_a_new_document(tmp_path: Path, model):
    from gradio_client import Client

    import app.services as services_module
    from app.settings import Settings
    from app.web.server import serve

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
            _, sources, _, _ = client.predict(
                "Where is Quill AI based?", [], "All materials", api_name="/chat"
            )
            return "members/quill-ai.md" in sources

        wait_for(answered, every=1.0)
    finally:
        demo.watcher.stop()
        demo.close()


def test_a_sync_error_does_not_stop_the_watcher(tmp_path: Path):
    from ingest.watch import FolderWatcher

    calls: list[int] = []
    done = threading.Event()

    def flaky() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("disk full")
        done.set()

    watcher = FolderWatcher(tmp_path, flaky, quiet=0.2).start()
    try:
        (tmp_path / "a.md").write_text("a")
        wait_for(lambda: calls)
        (tmp_path / "b.md").write_text("b")
        assert done.wait(30)
    finally:
        watcher.stop()

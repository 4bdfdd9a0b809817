"""Scenarios run against every vector store backend: the embedded store
(integration/test_scenarios.py) and a real Chroma server (system/test_chroma_server.py).
Each takes ``(services, corpus, make_services)``: synced services over a private corpus copy,
that copy, and the factory for fresh services."""

from __future__ import annotations

import re
from pathlib import Path

from app import Answer, Citation
from app.core.query import ask


def ask_answers_a_fact_with_the_right_citation(services, corpus: Path, make_services):
    answer = ask("Which country is Silo AI based in?", services=services)
    assert isinstance(answer, Answer) and not answer.abstained
    assert "Finland" in answer.text
    assert "[1]" in answer.text
    first = answer.citations[0]
    assert isinstance(first, Citation)
    assert first.n == 1 and first.source == "members/silo-ai.md"
    assert first.chunk_id and first.snippet and first.title


def launch_question_answers_with_marker(services, corpus: Path, make_services):
    answer = ask("When was the AI Alliance launched?", services=services)
    assert not answer.abstained
    assert "5 December 2023" in answer.text and "[1]" in answer.text
    assert answer.citations[0].source.startswith("announcements/")


def citations_numbered_in_order_of_first_use_and_each_once(services, corpus: Path, make_services):
    answer = ask("What did the alliance set out to do at launch?", services=services)
    markers = [int(m) for m in re.findall(r"\[(\d+)\]", answer.text)]
    first_use = list(dict.fromkeys(markers))
    assert first_use == list(range(1, len(first_use) + 1))
    assert [c.n for c in answer.citations] == first_use
    assert len({c.chunk_id for c in answer.citations}) == len(answer.citations)


def unrelated_question_abstains(services, corpus: Path, make_services):
    answer = ask("What is a good recipe for sourdough bread?", services=services)
    assert answer.abstained
    assert answer.citations == []
    assert "could not find" in answer.text


def fresh_index_is_synced_on_first_ask(services, corpus: Path, make_services):
    svc = make_services(corpus, data_dir=corpus.parent / "first-ask")
    assert svc.index.count() == 0
    answer = ask("Which country is Sakana AI based in?", services=svc)
    assert "Japan" in answer.text
    assert svc.indexing.status()["documents"] == len(list(corpus.rglob("*.md")))


def filters_restrict_the_sources(services, corpus: Path, make_services):
    answer = ask(
        "What kinds of organisations are members?",
        filters={"doc_type": "announcement"},
        services=services,
    )
    assert answer.citations
    assert all(c.doc_type == "announcement" for c in answer.citations)


def _ids_by_source(svc) -> dict[str, set[str]]:
    got = svc.index.all_chunks()
    out: dict[str, set[str]] = {}
    for cid, meta in zip(got["ids"], got["metadatas"], strict=True):
        out.setdefault(meta["source"], set()).add(cid)
    return out


def first_sync_indexes_every_document(services, corpus: Path, make_services):
    n_files = len(list(corpus.rglob("*.md")))
    fresh = make_services(corpus, data_dir=corpus.parent / "first-sync")
    stats = fresh.indexing.sync()
    assert stats.added == n_files and stats.failed == []
    status = fresh.indexing.status()
    assert status["documents"] == n_files
    assert status["chunks"] >= n_files
    assert set(_ids_by_source(fresh)) == {
        p.relative_to(corpus).as_posix() for p in corpus.rglob("*.md")
    }


def second_sync_is_a_no_op(services, corpus: Path, make_services):
    before = _ids_by_source(services)
    stats = services.indexing.sync()
    assert (stats.added, stats.updated, stats.deleted) == (0, 0, 0)
    assert stats.chunks_added == stats.chunks_deleted == 0
    assert stats.unchanged == len(list(corpus.rglob("*.md")))
    assert _ids_by_source(services) == before


def editing_one_file_replaces_only_its_chunks(services, corpus: Path, make_services):
    before = _ids_by_source(services)
    path = corpus / "members" / "silo-ai.md"
    path.write_text(path.read_text().replace("Finland", "Finland (Helsinki office)"))
    stats = services.indexing.sync()
    assert (stats.added, stats.updated, stats.deleted) == (0, 1, 0)
    assert stats.chunks_added >= 1 and stats.chunks_deleted >= 1
    after = _ids_by_source(services)
    assert after["members/silo-ai.md"].isdisjoint(before["members/silo-ai.md"])
    for source, ids in before.items():
        if source != "members/silo-ai.md":
            assert after[source] == ids, source
    assert "Helsinki" in ask("Where is Silo AI based?", services=services).text


def deleting_a_file_removes_its_chunks_and_it_is_never_cited(services, corpus: Path, make_services):
    (corpus / "members" / "sakana-ai.md").unlink()
    stats = services.indexing.sync()
    assert (stats.added, stats.updated, stats.deleted) == (0, 0, 1)
    assert stats.chunks_deleted >= 1
    assert "members/sakana-ai.md" not in _ids_by_source(services)
    assert "members/sakana-ai.md" not in services.indexing.records.sources()
    answer = ask("Which country is Sakana AI based in?", services=services)
    assert all(c.source != "members/sakana-ai.md" for c in answer.citations)


def adding_a_file_makes_it_answerable(services, corpus: Path, make_services):
    (corpus / "announcements" / "2024-01-10-newsletter.md").write_text(
        "---\ntitle: January newsletter\ndate: 2024-01-10\n---\n\n# January newsletter\n\n"
        "The alliance's quarterly zebra-striped hackathon takes place in Reykjavik.\n"
    )
    stats = services.indexing.sync()
    assert (stats.added, stats.updated, stats.deleted) == (1, 0, 0)
    answer = ask("Where does the zebra-striped hackathon take place?", services=services)
    assert "Reykjavik" in answer.text
    cited = answer.citations[0]
    assert cited.source == "announcements/2024-01-10-newsletter.md"
    assert cited.doc_type == "announcement" and cited.date == "2024-01-10"


def rebuild_starts_from_scratch(services, corpus: Path, make_services):
    n = services.indexing.status()["chunks"]
    stats = services.indexing.sync(rebuild=True)
    assert stats.added == len(list(corpus.rglob("*.md")))
    assert services.indexing.status()["chunks"] == n


PIPELINE = [
    ask_answers_a_fact_with_the_right_citation,
    launch_question_answers_with_marker,
    citations_numbered_in_order_of_first_use_and_each_once,
    unrelated_question_abstains,
    fresh_index_is_synced_on_first_ask,
    filters_restrict_the_sources,
]
SYNC = [
    first_sync_indexes_every_document,
    second_sync_is_a_no_op,
    editing_one_file_replaces_only_its_chunks,
    deleting_a_file_removes_its_chunks_and_it_is_never_cited,
    adding_a_file_makes_it_answerable,
    rebuild_starts_from_scratch,
]
ALL = PIPELINE + SYNC


# -- a reader process following syncs made by another process ------------------------------

FOLLOWED = ["members/silo-ai.md", "members/sakana-ai.md", "members/ibm.md",
            "announcements/2023-12-05-ai-alliance-launch.md"]  # fmt: skip
HACKATHON = (
    "---\ntitle: January hackathon\ndate: 2024-01-10\n---\n\n# January hackathon\n\n"
    "The alliance's zebra-striped hackathon takes place in {city}.\n"
)


def small_corpus(docs: Path, dest: Path) -> Path:
    """A few real documents: the writer's first sync embeds little."""
    for rel in FOLLOWED:
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_bytes((docs / rel).read_bytes())
    return dest


def _member(name: str, country: str) -> str:
    return (
        f"---\ntitle: {name}\ndoc_type: member_profile\nname: {name}\nkind: company\n"
        f"country: {country}\n---\n# {name}\n\n{name} is a member of the AI Alliance based "
        f"in {country}. It builds telescopes.\n"
    )


def reader_follows_ten_syncs(reader, corpus: Path, sync) -> list[dict]:
    """Ten edits, each synced by another process (``sync()`` returns its stats), each followed
    by one question in this one; every answer must show the edit. Returns the stats."""
    hackathon = corpus / "announcements" / "2024-01-10-hackathon.md"
    renamed = corpus / "announcements" / "2024-01-10-hackathon-moved.md"
    silo = corpus / "members" / "silo-ai.md"
    where_hackathon = "Where does the zebra-striped hackathon take place?"
    steps = [  # (edit, question, expected word, source cited / never cited)
        (lambda: (corpus / "members" / "quill-ai.md").write_text(_member("Quill AI", "Chile")),
         "Where is Quill AI based?", "Chile", "members/quill-ai.md", None),
        (lambda: (corpus / "members" / "quill-ai.md").write_text(_member("Quill AI", "Peru")),
         "Where is Quill AI based?", "Peru", "members/quill-ai.md", None),  # same chunk count
        (lambda: hackathon.write_text(HACKATHON.format(city="Reykjavik")),
         where_hackathon, "Reykjavik", "announcements/2024-01-10-hackathon.md", None),
        (lambda: hackathon.write_text(HACKATHON.format(city="Tromso")),
         where_hackathon, "Tromso", "announcements/2024-01-10-hackathon.md", None),
        (lambda: hackathon.rename(renamed), where_hackathon, "Tromso",
         "announcements/2024-01-10-hackathon-moved.md", "announcements/2024-01-10-hackathon.md"),
        (lambda: (corpus / "members" / "quill-ai.md").unlink(),
         "Where is Quill AI based?", None, None, "members/quill-ai.md"),
        (lambda: silo.write_text(silo.read_text().replace("Finland", "Finland (Helsinki office)")),
         "Where is Silo AI based?", "Helsinki", "members/silo-ai.md", None),
        (lambda: (corpus / "members" / "orca.md").write_text(_member("Orca Robotics", "Norway")),
         "Where is Orca Robotics based?", "Norway", "members/orca.md", None),
        (lambda: (corpus / "members" / "orca.md").write_text(_member("Orca Robotics", "Iceland")),
         "Where is Orca Robotics based?", "Iceland", "members/orca.md", None),  # same count
        (lambda: renamed.unlink(), where_hackathon, None, None,
         "announcements/2024-01-10-hackathon-moved.md"),
    ]  # fmt: skip
    all_stats = []
    for n, (edit, question, word, cited, never) in enumerate(steps, start=1):
        edit()
        stats = sync()
        assert stats["failed"] == [] and (stats["added"] or stats["updated"] or stats["deleted"])
        all_stats.append(stats)
        answer = ask(question, services=reader)  # one question: it must already see the edit
        sources = [c.source for c in answer.citations]
        if word is not None:
            assert word in answer.text and cited in sources, (n, answer.text, sources)
        if never is not None:
            assert never not in sources, (n, answer.text, sources)
    return all_stats

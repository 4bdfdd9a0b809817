"""``python -m bench.hostile_uploads``: what two hostile uploads cost a sync.

Both fit the web chat's 5 MB upload limit: a text file that repeats one sentence (4.9 MB), and
a PDF page bomb (200 pages that all draw one compressed stream of 70 MB of blanks; 103 KB on
disk). Each is synced into a fresh index next to one small document, then synced again with
nothing changed. Prints a Markdown table: seconds of the first sync and of the rerun, what
became of the file, and whether the rerun parsed it again. ``--limits off`` lifts the
per-document limits (chunks, pages, parse time) to show the cost without them.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import zlib
from pathlib import Path

SENTENCE = "The AI Alliance was launched by IBM and Meta in December 2023 to advance open AI. "
SMALL = "# Field note\n\nThe alliance field team counted seven penguins in Ushuaia.\n"


def one_sentence_text(size: int = 4_900_000) -> bytes:
    """``size`` bytes of one sentence repeated (the 5 MB one-sentence upload)."""
    return (SENTENCE * (size // len(SENTENCE) + 1)).encode()[:size]


def page_bomb(pages: int = 200, stream_mb: int = 70) -> bytes:
    """A valid PDF whose ``pages`` pages all draw the same Flate stream of ``stream_mb`` MB
    of blanks: about 100 KB on disk, ``pages`` x ``stream_mb`` MB of content to extract."""
    stream = zlib.compress(b" " * (stream_mb * 1024 * 1024), 9)
    kids = " ".join(f"{5 + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 3 0 R >> >> >>"
    )
    objects += [page] * pages
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


UPLOADS = {
    "uploads/one-sentence.txt": one_sentence_text,
    "uploads/page-bomb.pdf": page_bomb,
}


def measure(rel: str, data: bytes, limits: bool) -> dict[str, object]:
    from app.core.services import build_services
    from app.core.settings import Settings

    with tempfile.TemporaryDirectory(prefix="alliance-hostile-") as tmp:
        corpus = Path(tmp) / "docs"
        (corpus / "uploads").mkdir(parents=True)
        (corpus / "field-note.md").write_text(SMALL)
        (corpus / rel).write_bytes(data)
        extra = {} if limits else {
            "max_chunks_per_document": 10**9, "max_pdf_pages": 10**9, "parse_timeout": 10**6,
            "max_file_bytes": 10**10,
        }  # fmt: skip
        svc = build_services(Settings(data_dir=Path(tmp) / "data", corpus_dir=corpus, **extra))
        _ = svc.model.dimension  # load the model before timing
        started = time.perf_counter()
        first = svc.indexing.sync()
        first_s = time.perf_counter() - started
        started = time.perf_counter()
        again = svc.indexing.sync()
        again_s = time.perf_counter() - started
    failed = {f["path"]: f["reason"] for f in first.failed}
    return {
        "file": rel,
        "bytes": len(data),
        "first_sync_s": round(first_s, 2),
        "result": f"failed: {failed[rel]}" if rel in failed else f"{first.chunks_added} chunks",
        "rerun_s": round(again_s, 2),
        "parsed_again": "no" if again.not_retried else "yes",
    }


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m bench.hostile_uploads", description=__doc__)
    p.add_argument("--limits", choices=["on", "off"], default="on")
    p.add_argument("--only", choices=sorted(UPLOADS), help="measure one upload")
    args = p.parse_args()
    from bench.measure import loadavg

    print("| upload | bytes | first sync s | result | rerun s | parsed again |")
    print("| --- | --- | --- | --- | --- | --- |")
    for rel, make in UPLOADS.items():
        if args.only and rel != args.only:
            continue
        r = measure(rel, make(), args.limits == "on")
        print(
            f"| {r['file']} | {r['bytes']:,} | {r['first_sync_s']} | {r['result']} | "
            f"{r['rerun_s']} | {r['parsed_again']} |",
            flush=True,
        )
    print(f"\nload average: {loadavg()}")


if __name__ == "__main__":
    main()

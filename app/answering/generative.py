"""Generative answers: the LCEL chain writes an answer over the pipeline's own evidence
(no second retrieval), and each sentence is verified against the sources as it is
completed; only sentences that stand are shown. A model that is down, slow, silent, or
whose every sentence fails verification gives the extractive answer with a notice."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

from app.answering.verify import CitationVerifier, complete_claims
from app.core.types import Answer, Hit

log = logging.getLogger(__name__)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    name = type(exc).__name__
    if "timeout" in name.lower() or "timed out" in text.lower():
        return "it did not answer in time"
    if "connect" in (name + text).lower() or "refused" in text.lower():
        return "it could not be reached"
    return f"{name}: {text[:120]}" if text else name


class GenerativeAnswerer:
    def __init__(
        self,
        llm_factory: Callable[[], Any],
        verifier: CitationVerifier,
        *,
        label: str,
    ) -> None:
        self.llm_factory = llm_factory
        self.verifier = verifier
        self.label = label
        self._llm: Any = None

    def rewrite(self, question: str, history: object) -> str:
        """A follow-up rewritten by the model to stand alone (the question as asked when the
        model fails or rambles)."""
        from app.answering.followup import previous_questions
        from app.answering.llm import create_rewriter

        turns = "\n".join(f"User: {q}" for q in previous_questions(history)[-3:])
        try:
            text = create_rewriter(self.llm).invoke({"history": turns, "question": question})
        except Exception as exc:  # the rewrite is a nicety: keep the question as asked
            log.warning("rewrite failed error=%r", exc)
            return question
        line = text.strip().splitlines()[0].strip() if text.strip() else ""
        return line if 0 < len(line) <= 3 * len(question) + 80 else question

    @property
    def llm(self) -> Any:
        if self._llm is None:
            self._llm = self.llm_factory()
        return self._llm

    def stream(
        self,
        question: str,
        sources: list[Hit],
        *,
        fallback: Callable[[str], Iterator[str | Answer]],
        names: list[str] | None = None,
    ) -> Iterator[str | Answer]:
        """The model's answer over ``sources``: verified sentences as they are completed,
        then the final ``Answer``; ``fallback(notice)`` gives the extractive answer. When
        the question names someone (``names``), an answer that never does is about
        something else, however well supported."""
        from langchain_core.documents import Document

        from app.answering.llm import create_chain

        docs = [Document(page_content=h.text, metadata=dict(h.metadata)) for h in sources]
        session = self.verifier.session(sources)
        written = pending = ""
        try:
            chain = create_chain(self.llm)
            for piece in chain.stream({"question": question, "docs": docs}):
                written += piece
                done, pending = complete_claims(pending + piece)
                shown = session.add(done) if done else ""
                if shown:
                    yield shown + " "
        except Exception as exc:  # any backend failure falls back, never a traceback
            log.warning("llm failed backend=%s error=%r", self.label, exc)
            notice = f"The language model ({self.label}) failed: {_reason(exc)}. "
            yield from fallback(notice + "This is the extractive answer.")
            return
        if not written.strip():
            yield from fallback(
                f"The language model ({self.label}) returned no answer. "
                "This is the extractive answer."
            )
            return
        shown = session.add(pending) if pending.strip() else ""
        if shown:
            yield shown
        verified = session.result()
        log.info("verified backend=%s %s", self.label, verified.report)
        said = verified.text.lower()
        if names and not verified.empty and not any(n.lower() in said for n in names):
            yield from fallback(
                f"The language model's ({self.label}) answer does not speak of {names[0]}. "
                "This is the extractive answer."
            )
            return
        if verified.empty:
            yield from fallback(
                f"No sentence of the language model's ({self.label}) answer is supported "
                "by the sources. This is the extractive answer."
            )
            return
        yield Answer(
            text=verified.text,
            citations=verified.citations,
            question=question,
            verification=verified.report,
        )

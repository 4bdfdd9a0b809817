"""Generative answers: the LCEL chain streams an LLM's answer over the retrieved sources,
then every sentence is verified against what it cites. A model that is down, slow or
returns nothing usable gives a visible notice and the extractive answer instead."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

from app.answering.verify import CitationVerifier
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
        search: Any,
        verifier: CitationVerifier,
        *,
        label: str,
    ) -> None:
        self.llm_factory = llm_factory
        self.search = search
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
        *,
        k: int,
        filters: dict[str, Any] | None,
        fallback: Callable[[str], Iterator[str | Answer]],
    ) -> Iterator[str | Answer]:
        from app.answering.llm import create_chain
        from vectorstore.retriever import AllianceRetriever

        docs: list[Any] = []
        text = ""
        try:
            retriever = AllianceRetriever(search=self.search, k=k, filters=filters)
            for chunk in create_chain(self.llm, retriever).stream({"question": question}):
                docs = chunk.get("docs", docs)
                piece = chunk.get("answer")
                if piece:
                    text += piece
                    yield piece
        except Exception as exc:  # any backend failure falls back, never a traceback
            log.warning("llm failed backend=%s error=%r", self.label, exc)
            notice = f"The language model ({self.label}) failed: {_reason(exc)}. "
            yield from fallback(notice + "This is the extractive answer.")
            return
        if not text.strip():
            yield from fallback(
                f"The language model ({self.label}) returned no answer. "
                "This is the extractive answer."
            )
            return
        hits = [
            Hit(
                str(d.id or d.metadata.get("chunk_id")),
                d.page_content,
                dict(d.metadata),
                float(d.metadata.get("score", 0.0)),
            )
            for d in docs
        ]
        verified = self.verifier.verify(text, hits)
        log.info("verified backend=%s %s", self.label, verified.report)
        if verified.empty:
            answer = Answer.abstain(question)
            answer.verification = verified.report
            answer.notice = "No sentence of the model's answer is supported by the sources."
            yield answer
            return
        yield Answer(
            text=verified.text,
            citations=verified.citations,
            question=question,
            verification=verified.report,
        )

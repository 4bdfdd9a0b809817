"""The Chat tab's event handlers. Each one calls ``ask_stream`` or the feedback store and
renders what comes back; the conversations live in the browser (``conversations.py``)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import gradio as gr

from app.core.query import ask_stream
from app.core.questions import QuestionError, clean_question
from app.core.services import Services
from app.core.types import Answer
from app.interfaces.web import conversations as conv
from app.interfaces.web.feedback import FeedbackStore
from app.interfaces.web.render import question_html, streaming_html
from app.interfaces.web.streaming import reveal

log = logging.getLogger(__name__)
SCOPES = {
    "All materials": None,
    "Announcements only": {"doc_type": "announcement"},
    "Member profiles only": {"doc_type": "member_profile"},
}
FAILED = "Something went wrong while answering; please try again."


def chat_list(state: dict[str, Any]) -> Any:
    return gr.update(choices=conv.choices(state), value=state["current"])


class ChatHandlers:
    """Outputs of the answering events, in order: chatbot, question box, conversations
    (browser state), list of chats."""

    def __init__(self, services: Services, feedback: FeedbackStore) -> None:
        self.services = services
        self.feedback = feedback
        self.pause_s = services.settings.web.stream_pause_ms / 1000

    def respond(self, message: str, state: Any, scope: str) -> Iterator[tuple]:
        try:
            message = clean_question(message, self.services.settings.answer.max_question_chars)
        except (TypeError, QuestionError) as exc:  # a visible sentence, never a traceback
            gr.Warning(str(exc) if isinstance(exc, QuestionError) else "Please type a question.")
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip()  # the text stays, to shorten it
            return
        yield from self._answer(message, scope, conv.clean(state))

    def example(self, selected: gr.SelectData, state: Any, scope: str) -> Iterator[tuple]:
        """An example in the empty chat is asked at once."""
        value = selected.value
        text = value.get("text", "") if isinstance(value, dict) else str(value or "")
        yield from self.respond(text, state, scope)

    def regenerate(self, _: gr.RetryData, state: Any, scope: str) -> Iterator[tuple]:
        """Ask the last question again, replacing its answer."""
        state = conv.clean(state)
        turns = conv.turns(state)
        if not turns:
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        last = turns[-1]
        scope = last.get("scope") if last.get("scope") in SCOPES else scope
        yield from self._answer(str(last["question"]), scope, conv.drop_last_turn(state))

    def _answer(self, question: str, scope: str, state: dict[str, Any]) -> Iterator[tuple]:
        prior = conv.turns(state)
        shown = [*conv.messages(prior), {"role": "user", "content": question_html(question)}]
        yield shown, "", gr.skip(), gr.skip()
        text, final = "", None
        pieces = ask_stream(
            question,
            history=conv.pairs(prior),
            filters=SCOPES.get(scope),
            services=self.services,
        )
        try:
            for piece in reveal(pieces, self.pause_s):
                if isinstance(piece, Answer):
                    final = piece
                    break
                text += piece
                partial = [*shown, {"role": "assistant", "content": streaming_html(text)}]
                yield partial, gr.skip(), gr.skip(), gr.skip()
        except Exception:  # shown as one sentence in the chat, logged with its traceback
            log.exception("answering failed question=%r", question)
            final = Answer.abstain(question, notice=FAILED)
        if final is None:
            final = Answer.abstain(question, notice=FAILED)
        state = conv.add_turn(state, conv.make_turn(question, scope, final))
        yield conv.messages(conv.turns(state)), gr.skip(), state, chat_list(state)

    # conversations
    def restore(self, state: Any) -> tuple:
        state = conv.clean(state)
        return conv.messages(conv.turns(state)), state, chat_list(state)

    def new_chat(self, state: Any) -> tuple:
        state = conv.select(conv.clean(state), None)
        return [], state, chat_list(state), gr.update(visible=False)

    def select_chat(self, chat_id: str | None, state: Any) -> tuple:
        state = conv.select(conv.clean(state), chat_id)
        return conv.messages(conv.turns(state)), state, chat_list(state), gr.update(visible=False)

    def delete_chat(self, state: Any) -> tuple:
        state = conv.delete_current(conv.clean(state))
        return conv.messages(conv.turns(state)), state, chat_list(state), gr.update(visible=False)

    # feedback
    def rate(self, liked: gr.LikeData, state: Any) -> tuple:
        """Store a thumbs up/down with the turn it rates; offer a comment box."""
        turns = conv.turns(conv.clean(state))
        index = liked.index if isinstance(liked.index, int) else liked.index[0]
        if not 0 <= index // 2 < len(turns) or liked.liked not in (True, False):
            return gr.skip(), gr.skip(), gr.skip()
        turn = turns[index // 2]
        answer = turn["answer"]
        self.feedback.rate(
            turn_id=str(turn.get("id", "")),
            rating=1 if liked.liked else -1,
            question=str(turn.get("question", "")),
            answer=str(answer.get("text", "")),
            citations=[c for c in answer.get("citations") or [] if isinstance(c, dict)],
            filters=SCOPES.get(str(turn.get("scope", ""))),
        )
        thanks = "Thanks! Add a comment (optional):"
        return str(turn.get("id", "")), gr.update(visible=True), gr.update(value="", label=thanks)

    def comment(self, text: str, turn_id: str) -> tuple:
        if turn_id and (text or "").strip():
            self.feedback.comment(turn_id, text)
        return gr.update(visible=False), gr.update(value="")

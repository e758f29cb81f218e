"""Generation backends behind one seam: an async stream of text chunks for a list of chat messages.

- ``OpenAIBackend``: any OpenAI-compatible server through the ``openai`` SDK, streaming (OpenAI, vLLM,
  llama.cpp server, Ollama). Base URL, model and key from arguments or ``OPENAI_BASE_URL``,
  ``OPENAI_MODEL`` (or ``PERSONA_LLM_MODEL``), ``OPENAI_API_KEY``.
- ``LangChainBackend``: any LangChain chat model (``BaseChatModel.astream``).
- ``make_backend(name, config)``: ``embedded`` (None: the realizer speaks), ``openai``, ``langchain``.

Every failure surfaces as :class:`agent.errors.BackendError` (translated here, at the boundary).
Cancelling the iteration closes the HTTP stream.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from typing import Any, Protocol

from agent.errors import BackendError

Message = dict[str, str]  # {"role": "system" | "user" | "assistant", "content": str} - content a plain string


class ChatBackend(Protocol):
    name: str

    def stream(
        self, messages: list[Message], *, max_tokens: int = 120, temperature: float = 0.7
    ) -> AsyncIterator[str]:
        """Text chunks as they arrive."""
        ...


class OpenAIBackend:
    def __init__(
        self,
        base_url: str | None = None,
        model: str | None = None,
        api_key: str | None = None,
        timeout_s: float = 30.0,
        **extra: Any,
    ) -> None:
        import openai

        self.base_url = base_url or os.environ.get("OPENAI_BASE_URL")
        self.model = (
            model or os.environ.get("PERSONA_LLM_MODEL") or os.environ.get("OPENAI_MODEL") or "gpt-4o-mini"
        )
        key = api_key or os.environ.get("OPENAI_API_KEY") or "sk-no-key"  # local servers ignore it
        self.name = f"openai:{self.model}"
        self.extra = extra
        self._client = openai.AsyncOpenAI(
            base_url=self.base_url, api_key=key, timeout=timeout_s, max_retries=0
        )

    async def stream(
        self, messages: list[Message], *, max_tokens: int = 120, temperature: float = 0.7
    ) -> AsyncIterator[str]:
        try:
            resp = await self._client.chat.completions.create(
                model=self.model,
                messages=messages,  # type: ignore[arg-type]
                max_tokens=max_tokens,
                temperature=temperature,
                stream=True,
                **self.extra,
            )
            try:
                async for chunk in resp:  # type: ignore[union-attr]
                    if chunk.choices and chunk.choices[0].delta.content:
                        yield chunk.choices[0].delta.content
            finally:
                await resp.close()  # type: ignore[union-attr]  # also when the consumer stops early
        except Exception as exc:  # openai.*Error, httpx2 transport errors: one boundary
            raise BackendError(f"{self.name}: {type(exc).__name__}: {exc}") from exc

    async def warm(self, messages: list[Message]) -> None:
        """Have the server read ``messages`` now, off the hot path (one token generated, then closed): a
        llama.cpp server keeps the prompt it last read, so the turn that later sends the same prompt (or
        one that starts the same) has its first token without reading it again. Errors: ``BackendError``."""
        async for _ in self.stream(messages, max_tokens=1, temperature=0.0):
            pass

    async def aclose(self) -> None:
        await self._client.close()


class LangChainBackend:
    """Wraps any LangChain ``BaseChatModel``."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.name = f"langchain:{type(model).__name__}"

    async def stream(
        self, messages: list[Message], *, max_tokens: int = 120, temperature: float = 0.7
    ) -> AsyncIterator[str]:
        from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

        kinds: dict[str, type[BaseMessage]] = {
            "system": SystemMessage,
            "user": HumanMessage,
            "assistant": AIMessage,
        }
        lc = [kinds[m["role"]](content=m["content"]) for m in messages]
        try:
            async for chunk in self.model.astream(lc):
                content = chunk.content
                if isinstance(content, str):
                    if content:
                        yield content
                else:
                    yield "".join(p if isinstance(p, str) else str(p.get("text", "")) for p in content)
        except Exception as exc:
            raise BackendError(f"{self.name}: {type(exc).__name__}: {exc}") from exc


def make_backend(name: str | None, config: dict[str, Any] | None = None) -> ChatBackend | None:
    """``embedded``/None -> None; ``openai`` -> OpenAIBackend(**config); ``langchain`` -> LangChainBackend.

    For ``langchain``, ``config["model"]`` is a chat model instance; without one,
    ``langchain_openai.ChatOpenAI`` is built from the same keys as ``openai`` (base_url, model, api_key).
    """
    config = dict(config or {})
    if name in (None, "", "embedded"):
        return None
    if name == "openai":
        return OpenAIBackend(**config)
    if name == "langchain":
        model = config.pop("model", None)
        if model is None or isinstance(model, str):
            from langchain_openai import ChatOpenAI
            from pydantic import SecretStr

            model = ChatOpenAI(
                model=model
                or os.environ.get("PERSONA_LLM_MODEL")
                or os.environ.get("OPENAI_MODEL")
                or "gpt-4o-mini",
                base_url=config.get("base_url") or os.environ.get("OPENAI_BASE_URL"),
                api_key=SecretStr(config.get("api_key") or os.environ.get("OPENAI_API_KEY") or "sk-no-key"),
                streaming=True,
                max_retries=0,
            )
        return LangChainBackend(model)
    raise BackendError(f"unknown dialogue backend {name!r}; choose embedded, openai or langchain")

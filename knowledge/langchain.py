"""A LangChain ``BaseRetriever`` over a knowledge base, so it drops into LangChain chains.

    retriever = kb.retriever(k=4, modality="text")
    docs = retriever.invoke("who won the women's slalom?")   # list[Document], metadata has source and span

Only this module imports LangChain's core; the rest of the package does not need it.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from knowledge.types import Hit


def hit_to_document(hit: Hit) -> Document:
    metadata = {k: v for k, v in hit.metadata.items() if k != "context"}
    metadata.update(
        chunk_id=hit.chunk_id, source=hit.source, span=hit.span, modality=hit.modality, score=hit.score
    )
    return Document(page_content=hit.text, metadata=metadata, id=hit.chunk_id)


class KnowledgeRetriever(BaseRetriever):
    """Retrieves chunks with :meth:`knowledge.KnowledgeBase.search` (``filters``: modality, source,
    time_range). Async calls run the search in a worker thread (LangChain's default), which is safe: the base
    serializes access with its lock."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    kb: Any
    k: int = 5
    filters: dict[str, Any] = Field(default_factory=dict)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        return [hit_to_document(h) for h in self.kb.search(query, self.k, **self.filters)]

"""knowledge: retrieval-based multimodal QA with citations and calibrated abstention.

Floor 1 of persona: it imports nothing else of ours and is usable alone::

    from knowledge import KnowledgeBase

    kb = KnowledgeBase.open(".kb")
    kb.ingest(["docs/", "catalog/"])
    kb.search("who won the men's downhill", k=5)
    kb.answer("When did the Beijing 2022 Games open?")      # Answer(text, abstained, confidence, citations)
    KnowledgeBase.open_sample().answer("How much is the Panda Beanie?")
"""

from knowledge.errors import IndexCorrupt, KnowledgeError, LoaderError, ReadOnlyBase, UnsupportedFile
from knowledge.ingest import Progress
from knowledge.kb import KnowledgeBase
from knowledge.types import MODALITIES, Answer, Chunk, Citation, Hit, IngestReport, Skipped

__all__ = [
    "MODALITIES",
    "Answer",
    "Chunk",
    "Citation",
    "Hit",
    "IndexCorrupt",
    "IngestReport",
    "KnowledgeBase",
    "KnowledgeError",
    "LoaderError",
    "Progress",
    "ReadOnlyBase",
    "Skipped",
    "UnsupportedFile",
]

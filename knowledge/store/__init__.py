"""The knowledge base on disk: FAISS for vectors, SQLite for documents and chunks, one npz of derived arrays.

Layout of a base directory::

    kb.sqlite              documents, chunks (text, span, metadata as JSON), meta (format, model, generation),
                           acronyms (each document's (initials, phrase) counts, written with its chunks)
    vectors-<gen>.faiss    the vector index of generation <gen> (IndexFlatIP, or IndexHNSWFlat when large)
    aux-<gen>.npz          per-vector arrays (alive, modality, source, times), image hashes, BM25 postings
    sources.json           the paths ingested, so ``persona ingest --rebuild`` can start from nothing

Every chunk row carries a checksum of its content (``checksum``), verified whenever the row is read: an
edited or damaged row is an :class:`~knowledge.errors.IndexCorrupt` naming ``kb.sqlite``, never a cited wrong
answer. ``aux-<gen>.npz`` records the base's id, so a ``kb.sqlite`` copied in from another base is blamed on
itself, not on the index files beside it.

Nothing is pickled. A save writes the new generation's files (temporary file, fsync, rename) and then commits
the SQLite transaction that names them: SQLite's commit is the single atomic switch, so a crash at any point
leaves the previous generation whole. Opening checks the format, the embedder, the files' sizes and digests
and the counts, and raises :class:`~knowledge.errors.IndexCorrupt` naming the file, so nothing half-written or
foreign is ever loaded.

Each chunk's BM25 tokens (``nlp.tokenize`` of its heading path and text) are stored in the aux file, and the
meta table records ``tokens_version`` (``nlp.tokens_version()``) beside them. A base opened under another
tokenizer (one saved before a change to ``nlp.stem``, or before the version was recorded at all) would
silently miss every query word whose token changed, so its tokens are made again from the chunks' stored
text at open (a log line says so and how long it took; see :mod:`knowledge.store.tokens`). A writable open
then saves them once (:meth:`Store.save_tokens`: a new aux file, switched in by the meta table's commit like
any save); a read-only open writes nothing and its log line names ``persona ingest --upgrade --kb DIR``.

Vector ids (``vid``) are row positions in the FAISS index. Removing a document tombstones its rows; a save
compacts them away (always for the exact index, past 20% dead for HNSW, which cannot remove in place).

The package's modules, by what they do: :mod:`~knowledge.store.files` (writes that are whole or absent, file
digests), :mod:`~knowledge.store.layout` (the tables and their rows, the row checksum),
:mod:`~knowledge.store.vectors` (the FAISS index and the dense search), :mod:`~knowledge.store.tokens` (stale
search tokens made again), :mod:`~knowledge.store.checks` (what an open verifies before it trusts a base),
:mod:`~knowledge.store.generations` (a generation's files written and recorded, earlier ones removed),
:mod:`~knowledge.store.phrases` (the acronym counts stored per document; a base saved before them counted
once),
:mod:`~knowledge.store.base` (the :class:`Store` that opens, reads and saves).
"""

from knowledge.store.base import Store
from knowledge.store.files import atomic_write, file_digest, fsync_dir
from knowledge.store.layout import (
    DB_FILE,
    FORMAT,
    FORMAT_VERSION,
    SCHEMA,
    SOURCES_FILE,
    ChunkRow,
    DocumentRow,
    DocumentUpdate,
    recorded_embedder,
    row_checksum,
)
from knowledge.store.tokens import RETOKENIZE_BATCH
from knowledge.store.vectors import (
    EXACT_SUBSET,
    HNSW_EF_CONSTRUCTION,
    HNSW_EF_SEARCH,
    HNSW_M,
    HNSW_THRESHOLD,
)

__all__ = [
    "DB_FILE",
    "EXACT_SUBSET",
    "FORMAT",
    "FORMAT_VERSION",
    "HNSW_EF_CONSTRUCTION",
    "HNSW_EF_SEARCH",
    "HNSW_M",
    "HNSW_THRESHOLD",
    "RETOKENIZE_BATCH",
    "SCHEMA",
    "SOURCES_FILE",
    "ChunkRow",
    "DocumentRow",
    "DocumentUpdate",
    "Store",
    "atomic_write",
    "file_digest",
    "fsync_dir",
    "recorded_embedder",
    "row_checksum",
]

"""A base's search tokens made again from its stored text, when they were saved by another tokenizer.

Each chunk's BM25 tokens (``nlp.tokenize`` of its heading path and text) are stored in the aux file, and the
meta table records ``tokens_version`` (``nlp.tokens_version()``) beside them. A base opened under another
tokenizer (one saved before a change to ``nlp.stem``, or before the version was recorded at all) would
silently miss every query word whose token changed, so its tokens are made again from the chunks' stored
text at open (:func:`remade_lexical`).

Paid once: a writable open then saves them (:meth:`knowledge.store.Store.save_tokens`, a new aux file beside
the same index file, switched in by the meta table's commit like any save). A read-only open (the shared
sample base, read-only media, ``read_only=True``) keeps them in memory, and its log line names the command
that saves them: ``persona ingest --upgrade --kb DIR``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from knowledge import nlp
from knowledge.errors import IndexCorrupt
from knowledge.lexical import LexicalIndex
from knowledge.store.layout import DB_FILE, ChunkRow

log = logging.getLogger(__name__)

#: chunk rows read (and checked) at a time when a base's stale tokens are made again; progress is told after
#: each batch
RETOKENIZE_BATCH = 10_000

#: ``progress(done, total)``: chunk rows whose tokens are made again so far, of all
TokensProgress = Callable[[int, int], None]

UPGRADE_COMMAND = "persona ingest --upgrade --kb {directory}"


def fate(directory: Path, saving: bool | None) -> str:
    """What becomes of the tokens made again, for the log line: saved by this open (``saving``), kept in
    memory by an open that writes nothing (with the command that saves them), or (None) by the next save."""
    if saving is None:
        return "kept in memory; the next save writes them"
    if saving:
        return "saved once made, so later opens do not pay for them"
    command = UPGRADE_COMMAND.format(directory=directory)
    return f"kept in memory: this open writes nothing, so every open pays this until `{command}` saves them"


def remade_lexical(
    directory: Path,
    rows_between: Callable[[int, int], list[ChunkRow]],
    alive: np.ndarray,
    n_rows: int,
    recorded: str | None,
    becomes: str | None = None,
    progress: TokensProgress | None = None,
) -> LexicalIndex:
    """Every chunk's BM25 tokens made again from its stored heading path and text, as a save would
    (``nlp.tokenize(f"{context} {text}")``): the base in ``directory`` was saved by another tokenizer
    (``recorded``; None for a base saved before versions were recorded). ``rows_between(lo, hi)`` reads the
    chunk rows with ``lo <= vid < hi``, each checked against its checksum, so a damaged row is an
    :class:`IndexCorrupt` naming ``kb.sqlite``; nothing on disk is touched. Rows are read
    :data:`RETOKENIZE_BATCH` at a time, with ``progress(done, n_rows)`` and a log line after each batch on a
    base that large; ``becomes`` (:func:`fate`) ends the first log line."""
    t0 = time.perf_counter()
    db = directory / DB_FILE
    log.warning(
        "%s: its search tokens were made by another tokenizer (%s, this one %s); making them again from "
        "the stored text of %d chunks (%s)",
        directory,
        recorded or "unrecorded",
        nlp.tokens_version(),
        n_rows,
        becomes or fate(directory, None),
    )
    ntotal = len(alive)
    lexical = LexicalIndex()
    done = 0
    for lo in range(0, ntotal, RETOKENIZE_BATCH):
        rows = rows_between(lo, lo + RETOKENIZE_BATCH)
        for r in rows:
            if not (0 <= r.vid < ntotal and alive[r.vid]):
                raise IndexCorrupt(db, f"chunk row {r.vid} has no live vector", directory)
        lexical.add([r.vid for r in rows], [nlp.tokenize(f"{r.context} {r.text}") for r in rows])
        done += len(rows)
        if progress is not None:
            progress(done, n_rows)
        if n_rows > RETOKENIZE_BATCH:
            log.info("%s: tokens made again for %d of %d chunks", directory, done, n_rows)
    if done != n_rows:
        raise IndexCorrupt(db, f"{done} chunk rows read where it counts {n_rows}", directory)
    doc_len = np.zeros(ntotal, dtype=np.float32)
    doc_len[: len(lexical.doc_len)] = lexical.doc_len
    lexical.set_doc_len(doc_len)
    log.warning("%s: tokens of %d chunks made again in %.1f s", directory, n_rows, time.perf_counter() - t0)
    return lexical

"""``KnowledgeBase``: the public face of the package."""

from __future__ import annotations

import ctypes
import errno
import hashlib
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from knowledge import shop_answer
from knowledge.answer import Answerer, Calibration
from knowledge.cache import cache_root, mark_used, prune_stale
from knowledge.embed import Embedder, default_embedder, minilm_name, minilm_precision
from knowledge.errors import KnowledgeError, ReadOnlyBase
from knowledge.imaging import ImageInput
from knowledge.ingest import Ingestor, Progress, ProgressFn, record_roots, recorded_roots
from knowledge.retrieve import Retriever
from knowledge.store import DB_FILE, FORMAT_VERSION, SOURCES_FILE, Store, fsync_dir, recorded_embedder
from knowledge.types import MODALITIES, Answer, Hit, IngestReport

SAMPLE_DIR = Path(__file__).resolve().parent / "sample"


class KnowledgeBase:
    """A knowledge base on disk: ingest files, search them, answer questions with citations.

    Every method may be called from worker threads (``asyncio.to_thread``): one re-entrant lock serializes
    access to the index and the database; ingest loads and embeds outside it and holds it only to apply.
    """

    def __init__(
        self,
        directory: Path,
        store: Store,
        embedder: Embedder,
        read_only: bool = False,
        calibration: Calibration | None = None,
    ) -> None:
        self.directory = directory
        self.read_only = read_only
        self._store = store
        self._embedder = embedder
        self._lock = threading.RLock()
        self._retriever = Retriever(store, embedder)
        self._answerer = Answerer(self._retriever, calibration)

    # --- opening ----------------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        directory: str | Path,
        *,
        embedder: Embedder | None = None,
        precision: str | None = None,
        read_only: bool = False,
        calibration: Calibration | None = None,
        create: bool | None = None,
        progress: ProgressFn | None = None,
    ) -> KnowledgeBase:
        """Open the base in ``directory``, created empty if there is none when ``create`` (default: unless
        ``read_only``). Read paths pass ``create=False``: a missing base is then an error, not an empty base.

        A base saved by another tokenizer has its search tokens made again at open (``progress`` is told, as
        phase "tokens"); unless ``read_only``, they are saved then, once, so later opens do not pay for them
        (``persona ingest --upgrade`` does it for a base that is otherwise opened read-only).

        Without an ``embedder`` the base gets the built-in MiniLM at the precision it was built with, or, for
        a new base, at ``precision`` ('fp32', the default, or 'int8': about twice the ingest speed, vectors
        within cosine ~0.99 of fp32; ``PERSONA_EMBED_PRECISION`` sets the default). A ``precision`` that
        contradicts an existing base's is an error, like any other embedder mismatch.

        Raises :class:`knowledge.errors.IndexCorrupt` for a truncated, foreign or mismatched base; its message
        names the file and says to run ``persona ingest --rebuild``.
        """
        directory = Path(directory).expanduser().resolve()
        if embedder is None:
            built = minilm_precision(recorded_embedder(directory))
            embedder = default_embedder(
                precision or built or os.environ.get("PERSONA_EMBED_PRECISION", "fp32")
            )
        elif precision is not None:
            raise ValueError("give an embedder or a precision, not both")
        store = Store.open(
            directory,
            embedder.dim,
            embedder.name,
            create=not read_only if create is None else create,
            upgrade=not read_only,
            progress=None if progress is None else _tokens_progress(progress),
        )
        return cls(directory, store, embedder, read_only=read_only, calibration=calibration)

    @classmethod
    def rebuild(
        cls,
        directory: str | Path,
        paths: Sequence[str | Path] | None = None,
        *,
        embedder: Embedder | None = None,
        precision: str | None = None,
        progress: ProgressFn | None = None,
    ) -> tuple[KnowledgeBase, IngestReport]:
        """Ingest ``paths`` (default: what the base was built from) into a new base built beside the old one,
        then swap it in with one atomic exchange of the two folders: a crash or SIGKILL at any point leaves
        the old base or the new one, never none and never a mix.

        Works on a corrupt base: the list of ingested paths is kept outside the database.
        """
        directory = Path(directory).expanduser().resolve()
        if embedder is None and precision is None:  # keep the precision it was built with, when readable
            precision = minilm_precision(recorded_embedder(directory))
        paths = list(paths) if paths else recorded_roots(directory)
        if not paths:
            raise KnowledgeError(f"{directory}: nothing recorded to rebuild from; give the paths to ingest")
        directory.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_builds(directory)
        tmp = Path(tempfile.mkdtemp(prefix=f".{directory.name}.rebuild-{os.getpid()}-", dir=directory.parent))
        try:
            with cls.open(tmp, embedder=embedder, precision=precision) as fresh:
                report = fresh.ingest(paths, progress=progress)
            for f in tmp.glob(f"{DB_FILE}-*"):  # WAL leftovers: the database is closed and checkpointed
                f.unlink()
            fsync_dir(tmp)
            swap_in(tmp, directory)  # tmp now holds the old base (if any)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return cls.open(directory, embedder=embedder, precision=precision, create=False), report

    @classmethod
    def open_sample(cls, precision: str = "fp32") -> KnowledgeBase:
        """The sample base shipped with the project (winter sports, Beijing 2022, the merchandise catalog, a
        video, a podcast, the gesture catalog), embedded at ``precision``.

        Built on first use into ``~/.cache/persona/kb-<content hash>`` (``PERSONA_CACHE_DIR`` overrides the
        folder) and reused after; one shared, read-only instance per process and precision.
        """
        with _sample_lock:
            if precision not in _samples:
                _samples[precision] = cls.open(_build_sample(precision), precision=precision, read_only=True)
            return _samples[precision]

    def close(self) -> None:
        with self._lock:
            self._store.close()

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing ----------------------------------------------------------------------------------------

    def ingest(
        self,
        paths: Sequence[str | Path] | str | Path,
        prune: bool = False,
        progress: ProgressFn | None = None,
    ) -> IngestReport:
        """Add or update files and folders. Unreadable or unsupported files are reported by name and skipped.

        ``progress`` is called with :class:`knowledge.ingest.Progress` (phase, done, total, item).
        """
        if self.read_only:
            raise ReadOnlyBase(
                f"{self.directory} is read-only (the shared sample base); open a base of your own"
            )
        path_list = [paths] if isinstance(paths, str | Path) else list(paths)
        existing = [p for p in path_list if Path(p).expanduser().exists()]
        if existing:
            record_roots(self.directory, existing)
        return Ingestor(self._store, self._embedder, self._lock).run(
            path_list, prune=prune, progress=progress
        )

    # --- reading ----------------------------------------------------------------------------------------

    def search(
        self,
        query: str,
        k: int = 5,
        *,
        modality: str | None = None,
        source: str | None = None,
        time_range: tuple[float, float] | None = None,
    ) -> list[Hit]:
        """Hybrid (dense + BM25) search. ``modality="motion"`` finds gesture clips by meaning; ``source`` is
        an exact source, a folder prefix or a glob; ``time_range`` (seconds) keeps audio and video chunks that
        overlap it."""
        with self._lock:
            return self._retriever.search(query, k, modality=modality, source=source, time_range=time_range)

    def search_image(self, image: ImageInput, k: int = 5) -> list[Hit]:
        """Images and video frames like ``image`` (bytes, path or PIL image): perceptual hash, then OCR."""
        with self._lock:
            return self._retriever.search_image(image, k)

    def answer(
        self, question: str, image: ImageInput | None = None, *, shop: shop_answer.Reply = shop_answer.UNREAD
    ) -> Answer:
        """A one-sentence answer from the evidence with its citations, or an abstention. ``shop``: the
        catalogue entry reader's reply to ``question`` (``shop_attributes.find_reply`` on this base) where
        the caller has read it already, so it is not read again (``shop_answer.settle``)."""
        with self._lock:
            found = self._answerer.answer(question, image)
            if image is not None:
                return found
            # the shop's catalogue entry where the sentence path abstains (session 18, brief C)
            return shop_answer.settle(self._retriever, question, found, shop)

    def evidence(self, question: str, hint: str = "") -> Any:
        """The evidence sentence ``answer`` would use and the features its confidence is computed from
        (:class:`knowledge.answer.Evidence`, or None): for calibration, evals and debugging."""
        with self._lock:
            return self._answerer.evidence(question, hint=hint)

    @property
    def calibration(self) -> Calibration:
        return self._answerer.calibration

    @property
    def answer_threshold(self) -> float:
        """The confidence at and above which ``answer`` answers rather than abstains, for the answer path in
        use: the neural reader's fitted threshold (``PERSONA_READER=neural``), the span reader's
        (``PERSONA_READER=1``), else the calibration's. ``Answer.abstained`` is this threshold saying no
        (or, on the default path, the typed gate)."""
        answerer = self._answerer
        if answerer.neural is not None:
            return float(answerer.neural.calibration.threshold)
        if answerer.reader is not None:
            return float(answerer.reader.threshold)
        return float(answerer.calibration.threshold)

    def retriever(self, k: int = 5, **filters: Any) -> Any:
        """A LangChain ``BaseRetriever`` over this base (see :mod:`knowledge.langchain`)."""
        from knowledge.langchain import KnowledgeRetriever

        return KnowledgeRetriever(kb=self, k=k, filters=filters)

    def warm(self, ingest: bool = False) -> None:
        """Load the embedding model and touch the indexes, so the first question pays no start-up cost;
        with ``ingest``, also what embedding many chunks at once uses (the bulk sessions, their threads)."""
        with self._lock:
            self._retriever.embed_query("warm up")
            if self._answerer.neural is not None:  # its first forward pass sets up the int8 kernels
                self._answerer.neural.spans("warm up?", ["Warm up."])
            short = self._answerer.short_reader() if self._answerer.short_mode != "rules" else None
            if short is not None:  # the reader of the default path's short answers (loaded once a process)
                short.spans("warm up?", ["Warm up."])
        if ingest:
            self._embedder.embed(["warm up the bulk path"] * 64)

    def stats(self) -> dict[str, Any]:
        with self._lock:
            store = self._store
            alive = store.alive
            by_modality = {m: int(((store.modality == i) & alive).sum()) for i, m in enumerate(MODALITIES)}
            return {
                "directory": str(self.directory),
                "documents": len(store.documents()),
                "chunks": int(alive.sum()),
                "by_modality": by_modality,
                "index": store.kind,
                "generation": store.generation,
                "memory_bytes": store.nbytes,
                "embedder": self._embedder.name,
            }

    def __len__(self) -> int:
        with self._lock:
            return int(self._store.alive.sum())

    @property
    def store(self) -> Store:
        """The underlying store, for benchmarks and tools (hold no reference across ingests)."""
        return self._store

    @property
    def lock(self) -> threading.RLock:
        return self._lock


def _tokens_progress(progress: ProgressFn) -> Callable[[int, int], None]:
    return lambda done, total: progress(Progress("tokens", done, total))


# --- rebuilding -------------------------------------------------------------------------------------------

_RENAME_EXCHANGE = 2


def swap_in(new: Path, directory: Path) -> None:
    """Put the folder ``new`` at ``directory`` in one atomic step; the old folder (if any) ends up at ``new``.

    Linux's ``renameat2(RENAME_EXCHANGE)`` swaps the two names at once, so every instant sees either the old
    base or the new one. Where it is unavailable (another OS, a filesystem without it) the fallback is two
    renames, and a crash between them leaves the old base at ``new``'s name (``.NAME.rebuild-*``), not lost.
    """
    if directory.exists():
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = getattr(libc, "renameat2", None)
        if renameat2 is not None:
            at_cwd = -100
            if renameat2(at_cwd, os.fsencode(new), at_cwd, os.fsencode(directory), _RENAME_EXCHANGE) == 0:
                fsync_dir(directory.parent)
                return
            err = ctypes.get_errno()
            if err not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
                raise OSError(err, os.strerror(err), str(directory))
        parked = new.with_name(new.name + ".old")
        os.rename(directory, parked)
        os.rename(new, directory)
        os.rename(parked, new)
    else:
        os.rename(new, directory)
    fsync_dir(directory.parent)


def _remove_stale_builds(directory: Path) -> None:
    """Delete the half-built folders of rebuilds that were killed (their process is gone); an old base a
    crash left parked by the two-rename fallback of :func:`swap_in` is put back first."""
    if not directory.exists():
        for parked in directory.parent.glob(f".{directory.name}.rebuild-*.old"):
            os.rename(parked, directory)
            break
    for stale in directory.parent.glob(f".{directory.name}.rebuild-*"):
        try:
            pid = int(stale.name.removeprefix(f".{directory.name}.rebuild-").split("-")[0])
            os.kill(pid, 0)
            if pid != os.getpid():
                continue  # another rebuild is running right now
        except (ValueError, ProcessLookupError):
            pass
        except PermissionError:
            continue
        shutil.rmtree(stale, ignore_errors=True)


# --- the sample base --------------------------------------------------------------------------------------

_samples: dict[str, KnowledgeBase] = {}
_sample_lock = threading.Lock()


def sample_digest(sample_dir: Path = SAMPLE_DIR, precision: str = "fp32") -> str:
    """Hash of the sample's files, its location, the model and this package's code: a change to any of them
    rebuilds the cached base (the code, because a loader or tokenizer change changes what gets indexed)."""
    package = Path(__file__).resolve().parent
    h = hashlib.sha256(f"{FORMAT_VERSION}|{minilm_name(precision)}|{sample_dir}".encode())
    indexing: tuple[str, ...] = ("ingest.py", "lexical.py", "nlp.py", "imaging.py", "embed.py")
    indexing += ("name_forms.py", "name_forms.txt")  # the nationality words nlp.stem reads (session 19, I2)
    files = [*sample_dir.rglob("*"), *(package / n for n in indexing), *package.glob("loaders/*.py")]
    files += package.glob("store/*.py")
    for f in sorted(p for p in files if p.is_file()):
        h.update(f.as_posix().encode() + b"\x00")
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _build_sample(precision: str = "fp32") -> Path:
    """The cached sample base's folder, built if needed. Builds go to a temporary folder that is renamed into
    place, so concurrent processes never see (or load) a half-built base."""
    target = cache_root() / f"kb-{sample_digest(precision=precision)}"
    if (target / DB_FILE).exists():
        return _in_use(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".kb-build-", dir=target.parent))
    try:
        with KnowledgeBase.open(tmp, precision=precision) as kb:
            report = kb.ingest([SAMPLE_DIR])
            if report.skipped:
                raise KnowledgeError(f"the sample base did not build cleanly: {report.skipped}")
        (tmp / SOURCES_FILE).unlink(missing_ok=True)
        for f in tmp.glob(f"{DB_FILE}-*"):  # WAL leftovers: the database is closed and checkpointed
            f.unlink()
        try:
            os.rename(tmp, target)
        except OSError:
            if not (target / DB_FILE).exists():  # lost a race to another process, which is fine
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return _in_use(target)


def _in_use(sample: Path) -> Path:
    """``sample``, marked as used; sample bases of other versions nobody used for a month are deleted."""
    mark_used(sample)
    prune_stale(sample.parent, "kb-*", keep={sample})
    return sample

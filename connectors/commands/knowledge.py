"""`persona ingest` and `persona ask`: the knowledge base from the command line.

    persona ingest PATH... [--kb DIR] [--prune] [--rebuild] [--precision fp32|int8]
    persona ingest --upgrade [--kb DIR]     # save a base's search tokens made again by this tokenizer, once
    persona ask "QUESTION" [--kb DIR] [--image FILE] [--json]
    persona ask --batch FILE --json           # one question per line in, one JSON answer per line out

Without ``--kb``, ``ingest`` writes to ``./.kb`` and ``ask`` reads ``./.kb`` when it exists, else the shipped
sample base. Registration is cheap; the knowledge package is imported inside the handlers.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

DEFAULT_KB = Path(".kb")


def register_ingest(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "ingest",
        help="add files and folders to a knowledge base (text, PDF, HTML, images, audio/video, gestures)",
        description="Ingest files into a knowledge base. Unchanged files are skipped, changed ones replaced; "
        "unreadable or unsupported files are reported by name and skipped.",
    )
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders (recursively)")
    p.add_argument(
        "--kb", type=Path, default=DEFAULT_KB, metavar="DIR", help="the base's folder (default ./.kb)"
    )
    p.add_argument("--prune", action="store_true", help="remove documents whose file no longer exists")
    p.add_argument(
        "--rebuild",
        action="store_true",
        help="start from nothing: delete the index and ingest PATHs (default: what the base was built from)",
    )
    p.add_argument(
        "--precision",
        choices=("fp32", "int8"),
        help="MiniLM precision of a new (or --rebuild) base: fp32 (default; PERSONA_EMBED_PRECISION sets it) "
        "or int8 (about 2x the ingest speed on CPUs with int8 dot products, vectors within cosine ~0.99; "
        "an existing base keeps the precision it was built with)",
    )
    p.add_argument(
        "--upgrade",
        action="store_true",
        help="no PATH: make the base's search tokens again with this version's tokenizer and save them, once "
        "(a base saved by another version pays for this at every read-only open until then)",
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=_ingest)


def register_ask(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "ask",
        help="answer a question from a knowledge base, with citations (or say it does not know)",
        description="Answer from the knowledge base with citations, or abstain.",
    )
    p.add_argument("question", nargs="?", help="the question")
    p.add_argument(
        "--kb", type=Path, metavar="DIR", help="the base's folder (default ./.kb, else the sample base)"
    )
    p.add_argument("--image", type=Path, metavar="FILE", help="a picture the question is about")
    p.add_argument("--batch", type=Path, metavar="FILE", help="one question per line ('-' for stdin)")
    p.add_argument("--json", action="store_true", help="print JSON (one object per line with --batch)")
    p.set_defaults(func=_ask)


def _err(message: str) -> int:
    print(f"persona: {message}", file=sys.stderr)
    return 2


def _ingest(args: argparse.Namespace) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bar

    from knowledge import IndexCorrupt, KnowledgeBase, KnowledgeError, Progress

    if args.upgrade and (args.paths or args.rebuild or args.prune):
        return _err("ingest --upgrade takes no PATH, --rebuild or --prune: it saves the base as it is")
    if not args.paths and not args.rebuild and not args.upgrade:
        return _err("ingest: give at least one PATH (or --rebuild to rebuild from the recorded sources)")
    with Bar(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[item]}"),
        transient=True,
        disable=args.json or not sys.stderr.isatty(),
        console=_stderr_console(),
    ) as bar:
        tasks: dict[str, Any] = {}

        def progress(p: Progress) -> None:
            if p.phase not in tasks:
                tasks[p.phase] = bar.add_task(p.phase, total=max(p.total, 1), item="")
            name = Path(p.item).name if p.item else ""
            bar.update(tasks[p.phase], completed=p.done, total=max(p.total, 1), item=name)

        try:
            report = None
            if args.upgrade:
                kb = KnowledgeBase.open(args.kb, create=False, progress=progress)
            elif args.rebuild:
                kb, report = KnowledgeBase.rebuild(
                    args.kb, args.paths or None, precision=args.precision, progress=progress
                )
            else:
                kb = KnowledgeBase.open(args.kb, precision=args.precision)
                report = kb.ingest(args.paths, prune=args.prune, progress=progress)
        except IndexCorrupt as exc:
            return _err(str(exc))
        except KnowledgeError as exc:
            return _err(str(exc))
    if report is None:
        return _upgraded(args, kb)
    stats = kb.stats()
    kb.close()
    if args.json:
        print(json.dumps({**report.to_dict(), "kb": stats}, indent=2))
    else:
        print(
            f"{args.kb}: {len(report.added)} added, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged, {len(report.removed)} removed; "
            f"{report.chunks_added} chunks in {report.seconds:.1f} s ({report.chunks_per_s:.0f} chunks/s); "
            f"{stats['chunks']} chunks in the base ({stats['index']} index)"
        )
        for s in report.skipped:
            print(f"  skipped {s.path}: {s.reason}", file=sys.stderr)
        for w in report.warnings:
            print(f"  warning: {w}", file=sys.stderr)
    return 0


def _upgraded(args: argparse.Namespace, kb: Any) -> int:
    """Report what ``ingest --upgrade``'s open did: nothing (the tokens were current), or tokens made again
    and saved, or made again and not saved (the store logged why), and whether the acronym counts of a base
    saved before them were read and saved (``knowledge/store/phrases.py``); closes ``kb``."""
    from knowledge import nlp

    store = kb.store
    stats = kb.stats()
    kb.close()
    made_from, saved = store.retokenized_from, store.tokens_saved
    if args.json:
        tokens = {"version": nlp.tokens_version(), "made_again_from": made_from, "saved": saved}
        acronyms = {"saved": store.acronyms_saved}
        print(json.dumps({"tokens": tokens, "acronyms": acronyms, "kb": stats}, indent=2))
    elif made_from is None and not store.acronyms_saved:
        print(f"{args.kb}: its search tokens are this version's ({nlp.tokens_version()}); nothing to do")
    elif saved:
        print(
            f"{args.kb}: search tokens of {stats['chunks']} chunks made again by this version's tokenizer "
            f"({nlp.tokens_version()}; the base had {made_from}) and saved; opening it no longer makes them"
        )
    if store.acronyms_saved and not args.json:
        print(
            f"{args.kb}: the acronym counts of its documents read and saved; a question no longer reads them"
        )
    if made_from is not None and not saved:
        return _err(f"{args.kb}: the search tokens were made again but could not be saved (see above)")
    return 0


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def _open_for_ask(kb_dir: Path | None) -> Any:
    from knowledge import KnowledgeBase

    if kb_dir is not None:
        if not kb_dir.exists():
            raise FileNotFoundError(f"{kb_dir}: no knowledge base there (create one with `persona ingest`)")
        return KnowledgeBase.open(kb_dir, create=False)  # a read: never leaves an empty base behind
    if DEFAULT_KB.is_dir():
        return KnowledgeBase.open(DEFAULT_KB, create=False)
    print("persona: no ./.kb here; answering from the sample knowledge base", file=sys.stderr)
    return KnowledgeBase.open_sample()


def _print_answer(answer: Any, as_json: bool, question: str) -> None:
    if as_json:
        print(json.dumps({"question": question, **answer.to_dict()}, ensure_ascii=False), flush=True)
        return
    print(answer.text)
    for c in answer.citations:
        print(f"  [{c.source}{' ' + c.span if c.span else ''}]")
    print(f"  (confidence {answer.confidence:.2f}{', abstained' if answer.abstained else ''})")


def _ask(args: argparse.Namespace) -> int:
    from knowledge import KnowledgeError

    if args.batch is None and not args.question and args.image is None:
        return _err("ask: give a QUESTION, --image FILE, or --batch FILE")
    try:
        kb = _open_for_ask(args.kb)
    except (KnowledgeError, FileNotFoundError) as exc:
        return _err(str(exc))
    image = None
    if args.image is not None:
        try:
            image = args.image.read_bytes()
        except OSError as exc:
            return _err(f"{args.image}: cannot read ({exc.strerror})")
    if args.batch is None:
        try:
            answer = kb.answer(args.question or "", image=image)
        except KnowledgeError as exc:
            return _err(str(exc))
        _print_answer(answer, args.json, args.question or "")
        return 0
    try:
        lines = sys.stdin if str(args.batch) == "-" else args.batch.open(encoding="utf-8")
    except OSError as exc:
        return _err(f"{args.batch}: cannot read ({exc.strerror})")
    failed = 0
    with lines:
        for number, line in enumerate(lines, 1):
            question = line.strip()
            if not question:
                continue
            try:
                answer = kb.answer(question, image=image)
            except KnowledgeError as exc:  # one bad line must not end the batch: report it and go on
                failed += 1
                print(f"persona: {args.batch} line {number}: {exc}", file=sys.stderr)
                if args.json:
                    print(json.dumps({"question": question, "line": number, "error": str(exc)}), flush=True)
                else:
                    print(f"error (line {number}): {exc}", flush=True)
                continue
            _print_answer(answer, args.json, question)
    return 1 if failed else 0

"""Text documents: Markdown, plain text, HTML and PDF, chunked with their heading path, lines or page.

LangChain's loaders read the files (``TextLoader``, ``PyPDFLoader``) and its splitters cut them
(``MarkdownHeaderTextSplitter`` for the heading path, ``RecursiveCharacterTextSplitter`` for size). HTML is
turned into Markdown with BeautifulSoup first: LangChain's ``BSHTMLLoader`` drops the headings and
``HTMLHeaderTextSplitter`` reorders inline markup ("Body <b>bold</b> text" becomes "Body text. bold"), and the
heading path is what a citation needs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from knowledge.errors import LoaderError
from knowledge.nlp import clean_inline
from knowledge.types import Chunk

CHUNK_CHARS = 280  # one or two sentences: a precise citation, and an embedding that is about one thing
_HEADERS = [("#", "h1"), ("##", "h2"), ("###", "h3"), ("####", "h4")]
_PARA = "\ue000"  # a paragraph break inside a section, where the size splitter cuts first


def _splitter() -> Any:
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    return RecursiveCharacterTextSplitter(
        chunk_size=CHUNK_CHARS,
        chunk_overlap=0,
        separators=[_PARA, "\n", ". ", "; ", ", ", " ", ""],
        keep_separator="end",
        strip_whitespace=True,
    )


def _read(path: Path) -> str:
    from langchain_community.document_loaders import TextLoader

    try:
        return "\n".join(d.page_content for d in TextLoader(str(path), encoding="utf-8").load())
    except Exception as exc:  # TextLoader wraps decode and OS errors in RuntimeError
        raise LoaderError(f"{path}: cannot read as UTF-8 text ({exc.__cause__ or exc})") from exc


def _paragraph_text(piece: str) -> str:
    paragraphs = [clean_inline(p.replace("\n", " ")) for p in piece.split(_PARA)]
    return "\n".join(p for p in paragraphs if p)


def markdown_chunks(markdown: str, title: str = "") -> list[Chunk]:
    """Chunks of a Markdown document; span and context are the heading path ("Games > Medal table")."""
    from langchain_text_splitters import MarkdownHeaderTextSplitter

    sections = MarkdownHeaderTextSplitter(_HEADERS, strip_headers=True).split_text(markdown)
    splitter = _splitter()
    chunks = []
    for section in sections:
        heads = [clean_inline(section.metadata[key]) for _, key in _HEADERS if key in section.metadata]
        heading = " > ".join(heads) or title
        # the header splitter marks a blank line with "  \n"; other newlines only wrap a paragraph's lines
        content = section.page_content.replace("  \n", _PARA).replace("\n", " ")
        for piece in splitter.split_text(content):
            text = _paragraph_text(piece)
            if text:
                chunks.append(
                    Chunk(
                        text=text,
                        modality="text",
                        span=heading,
                        context=heading,
                        metadata={"heading": heading},
                    )
                )
    return chunks


def load_markdown(path: Path) -> list[Chunk]:
    return markdown_chunks(_read(path), title=path.stem)


def _title_and_body(lines: list[str]) -> tuple[str, int]:
    """A short first line without closing punctuation, followed by a blank line, is a title."""
    if len(lines) >= 2 and lines[0].strip() and not lines[1].strip():
        first = lines[0].strip()
        if len(first) <= 80 and not first.endswith((".", "!", "?", ":", ";", ",")):
            return first, 2
    return "", 0


def load_plain(path: Path) -> list[Chunk]:
    """Plain text: paragraphs at blank lines; the span is the line range."""
    lines = _read(path).splitlines()
    title, first = _title_and_body(lines)
    chunks = []
    para: list[tuple[int, str]] = []

    def flush() -> None:
        if not para:
            return
        text = " ".join(t.strip() for _, t in para)
        start_line = para[0][0]
        for piece in _splitter().split_text(text):
            chunks.append(
                Chunk(
                    text=piece,
                    modality="text",
                    span=f"lines {start_line}-{para[-1][0]}",
                    context=title,
                    metadata={"line_start": start_line, "line_end": para[-1][0]},
                )
            )
        para.clear()

    for number, line in enumerate(lines[first:], start=first + 1):
        if line.strip():
            para.append((number, line))
        else:
            flush()
    flush()
    return chunks


_BLOCKS = {"p", "li", "blockquote", "pre", "figcaption", "dd", "dt", "td", "th", "caption", "summary"}
_SKIP = {"script", "style", "noscript", "template", "nav", "head"}


def html_to_markdown(html: str) -> tuple[str, str]:
    """(title, markdown) of an HTML page: headings become #-headings, block elements paragraphs."""
    from bs4 import BeautifulSoup
    from bs4.element import NavigableString, Tag

    soup = BeautifulSoup(html, "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    out: list[str] = []

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                text = str(child).strip()
                if text and node.name in ("body", "div", "section", "article", "main"):
                    out.append(text)
                continue
            if not isinstance(child, Tag) or child.name in _SKIP:
                continue
            if re.fullmatch(r"h[1-6]", child.name or ""):
                out.append("#" * int(child.name[1]) + " " + child.get_text(" ", strip=True))
            elif child.name in _BLOCKS:
                text = re.sub(r"\s+", " ", child.get_text(" ", strip=True)).strip()
                text = re.sub(r" ([,.;:!?])", r"\1", text)  # "the <b>Ice Cube</b> ." spacing
                if text:
                    out.append(("- " if child.name == "li" else "") + text)
            else:
                walk(child)

    walk(soup.body or soup)
    return title, "\n\n".join(out) + "\n"


def load_html(path: Path) -> list[Chunk]:
    title, markdown = html_to_markdown(_read(path))
    return markdown_chunks(markdown, title=title or path.stem)


def load_pdf(path: Path) -> list[Chunk]:
    """PDF pages through LangChain's ``PyPDFLoader``; the span is the page ("page 2")."""
    from langchain_community.document_loaders import PyPDFLoader

    try:
        pages = PyPDFLoader(str(path)).load()
    except Exception as exc:  # pypdf raises many kinds for a broken file
        raise LoaderError(f"{path}: cannot read as PDF ({type(exc).__name__}: {exc})") from exc
    splitter = _splitter()
    chunks = []
    for page in pages:
        number = int(page.metadata.get("page", 0)) + 1
        lines = [ln.strip() for ln in page.page_content.splitlines() if ln.strip()]
        if not lines:
            continue
        title = ""
        if len(lines) > 1 and len(lines[0]) <= 60 and not lines[0].endswith((".", "!", "?", ":")):
            title, lines = lines[0], lines[1:]
        # PDF text comes as layout lines: a line much shorter than the page's longest ends a paragraph
        width = max(len(ln) for ln in lines)
        paragraphs, current = [], []
        for line in lines:
            current.append(line)
            if len(line) < 0.7 * width:
                paragraphs.append(" ".join(current))
                current = []
        if current:
            paragraphs.append(" ".join(current))
        for piece in splitter.split_text(_PARA.join(paragraphs)):
            text = _paragraph_text(piece)
            if text:
                chunks.append(
                    Chunk(
                        text=text,
                        modality="text",
                        span=f"page {number}",
                        context=title,
                        metadata={"page": number, "title": title},
                    )
                )
    return chunks

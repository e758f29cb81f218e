"""An LLM reply on its way: the request under way (``LLMStream``) and the text helpers that cut a streamed
reply into what the voice says (the opening phrase, sentences, what the lead already said).

Used by the composer's LLM path (``DialogueComposer._produce``, ``_llm_sentences``); moved out of
``composer.py`` (session 19, brief R), unchanged.
"""

from __future__ import annotations

import asyncio
import re

BOUNDARY = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])")
_CLAUSE = re.compile(r"(?<=[,;:])\s+|(?<=[，；：])")  # the first clause goes to the voice as soon as it ends
_WEAK_LAST = set(
    "a an the of in on at to for and or but with by from as is was are were be has had have my your our "
    "their his her its this these those that who which".split()
)  # a phrase cut after one of these sounds unfinished


class LLMStream:
    """An LLM request under way: its prompt, the queue its sentences wait in, the task reading it."""

    def __init__(
        self,
        messages: list[dict[str, str]],
        queue: asyncio.Queue[str | BaseException | None],
        task: asyncio.Task[None],
        read: asyncio.Event | None = None,
    ) -> None:
        self.messages = messages
        self.queue = queue
        self.task = task
        self.cancelled = False
        self.read = read

    async def prompt_read(self, wait_s: float) -> bool:
        """Waits until the server has read the prompt (its first token came), the request ended, or
        ``wait_s`` seconds passed; True when the prompt was read or the request is over."""
        if self.read is None or self.read.is_set() or self.task.done():
            return True
        waiter = asyncio.ensure_future(self.read.wait())
        done, _ = await asyncio.wait({waiter, self.task}, timeout=wait_s, return_when=asyncio.FIRST_COMPLETED)
        waiter.cancel()
        return bool(done)

    async def cancel(self) -> None:
        """Stops the request (idempotent); what it had produced is never read."""
        if not self.task.done():
            self.cancelled = True
        self.task.cancel()
        try:
            await self.task
        except (asyncio.CancelledError, Exception):
            pass


def opening_phrase(buf: str, lead_words: int) -> str | None:
    """The opening phrase of a streamed reply, as soon as it can go to the voice: the first clause once it
    ends (2 to ``lead_words + 2`` words), else the first ``lead_words`` words, or the nearest shorter (down
    to 2) or longer (up to 2 more) cut that does not fall after an article, a preposition or a linking
    word; None while neither is there yet. The
    last word of ``buf`` may be half a token, so only the words before it count."""
    head, *rest = _CLAUSE.split(buf, maxsplit=1)
    if rest and 2 <= len(head.split()) <= lead_words + 2:
        return head
    words = buf.split()[:-1]
    if len(words) < lead_words:
        return None
    order = [lead_words, *range(lead_words - 1, 1, -1), lead_words + 1, lead_words + 2]
    k = next(
        (k for k in order if k <= len(words) and words[k - 1].lower().strip(",") not in _WEAK_LAST), None
    )
    if k is None:
        return None
    m = re.match(rf"\s*(?:\S+\s+){{{k}}}", buf)
    return m.group(0).rstrip() if m else None


def after_lead(piece: str, lead: str, name: str | None) -> str:
    """A model's first words with what the lead already said taken off: the lead itself ("snowfox, the
    ice dance:") or the asker's name as a vocative ("snowfox, ...")."""
    words = re.findall(r"[\w'-]+", lead.lower())
    pattern = r"\W*".join(re.escape(w) for w in words)
    out = re.sub(rf"^\W*{pattern}\W*", "", piece, flags=re.I) if words else piece
    if name:
        out = re.sub(rf"^\W*{re.escape(name)}\s*[,:!.]\s*", "", out, flags=re.I)
    out = out.strip()
    return out[:1].upper() + out[1:] if out else ""


def clean_sentence(sentence: str) -> str:
    s = sentence.strip().strip('"').strip()
    return re.sub(r"\s+", " ", s)


__all__ = ["BOUNDARY", "LLMStream", "after_lead", "clean_sentence", "opening_phrase"]

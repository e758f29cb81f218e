"""When the take-up lines run out (session 27, issue 14, brief C): the host says the line said longest ago
rather than nothing, and never a line said in the last ``REUSE_TURNS`` turns.

The realizer's window (``realizer.REPEAT_S``, 10 minutes) counts time, and a chat can send more comments in
10 minutes than there are take-up lines: a one-to-one chat (``persona chat``) then went silent after its
fifth comment, and a viewer's ``"i lost my job today"`` at line 30 got nothing. Time alone also let a line
come back within a few turns once its 10 minutes were over (a slow viewer heard the same question twice in
four lines). So, for the acts in ``REUSED``: a line whose template was said in the last ``REUSE_TURNS`` turns
of the realizer is never chosen, fresh or not; when no fresh line is left, the template said longest ago of
the others is; when every one was said in the last ``REUSE_TURNS`` turns, nothing (as before). Pure: the
realizer passes its memory in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

#: acts whose lines are reused after the window runs out: the realizer's take-up of a comment (``reply``)
REUSED = frozenset({"reply"})
REUSE_TURNS = 10  # no take-up line again within this many of the realizer's turns


def reusable(
    key: str,
    filled: list[str],
    fresh: list[str],
    template_of: Mapping[str, str],
    said_turn: Mapping[str, int],
    said_at: Callable[[str], float],
    turn: int,
) -> list[str]:
    """The lines ``Realizer._pick`` chooses among for ``key`` ("reply:en:casual"): ``fresh`` unchanged for
    an act outside ``REUSED``; else the fresh lines whose template was not said in the last ``REUSE_TURNS``
    turns, or, none left, the one line of ``filled`` said longest ago (``said_at`` of its template) of those
    not said in the last ``REUSE_TURNS`` turns; [] when there is none."""
    if key.split(":")[0] not in REUSED:
        return fresh

    def recent(line: str) -> bool:
        t = said_turn.get(template_of[line])
        return t is not None and turn - t <= REUSE_TURNS

    kept = [f for f in fresh if not recent(f)]
    if kept:
        return kept
    older = [f for f in filled if not recent(f)]
    return [min(older, key=lambda f: said_at(template_of[f]))] if older else []


__all__ = ["REUSED", "REUSE_TURNS", "reusable"]

"""Phonemes (IPA, as espeak-ng reports them) -> the 15-viseme set of protocol v1.

The set is the Oculus/Meta lip-sync set, which most avatar rigs (VRM, Ready Player Me, ARKit-driven faces
through a small remap) already carry:

| viseme | mouth | IPA phonemes (English) |
|---|---|---|
| sil | closed, at rest | pauses ("" events), ʔ |
| PP | lips pressed | p b m |
| FF | lower lip under upper teeth | f v |
| TH | tongue between teeth | θ ð |
| DD | tongue on ridge, jaw a little open | t d ɾ |
| kk | back of tongue up, jaw open | k ɡ g x h |
| CH | lips forward, teeth close | tʃ dʒ ʃ ʒ |
| SS | teeth close, lips spread | s z |
| nn | tongue on ridge, nasal / lateral | n l ɫ ŋ |
| RR | lips a little rounded | ɹ r ɻ ɚ ɝ ɜ |
| aa | jaw wide open | ɑ a æ ʌ ɐ ɒ ə (schwa at half weight) |
| E | mid open, spread | ɛ e |
| ih | narrow, spread | ɪ i ᵻ j |
| oh | rounded, open | ɔ o |
| ou | rounded, narrow | ʊ u w ʍ |

espeak-ng marks stress (ˈ primary, ˌ secondary) and length (ː) inside the phoneme text; we strip them but
keep the stress for the weight (stressed vowels 1.0, unstressed 0.75, schwa 0.5, consonants 0.85).
Diphthongs (aɪ, aʊ, eɪ, oʊ, ɔɪ, ...) become two visemes: the first element at the onset, the second at
60% of the phoneme's span. ``h`` has no mouth shape of its own: it takes the next vowel's shape at 0.4.

The mapping is a pure function of the phoneme timings: no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal, cast

from agent.events import Viseme
from agent.expression.types import PhonemeTiming

VisemeName = Literal["sil", "PP", "FF", "TH", "DD", "kk", "CH", "SS", "nn", "RR", "aa", "E", "ih", "oh", "ou"]
VISEMES: tuple[str, ...] = (
    "sil",
    "PP",
    "FF",
    "TH",
    "DD",
    "kk",
    "CH",
    "SS",
    "nn",
    "RR",
    "aa",
    "E",
    "ih",
    "oh",
    "ou",
)

#: One IPA segment (stress and length marks removed) -> viseme. Multi-character keys are matched first.
PHONEME_TO_VISEME: dict[str, str] = {
    # consonants
    "p": "PP", "b": "PP", "m": "PP", "ɱ": "PP",
    "f": "FF", "v": "FF",
    "θ": "TH", "ð": "TH",
    "t": "DD", "d": "DD", "ɾ": "DD", "ʈ": "DD", "ɖ": "DD",
    "k": "kk", "ɡ": "kk", "g": "kk", "x": "kk", "h": "kk", "ɣ": "kk", "q": "kk", "ç": "kk",
    "tʃ": "CH", "dʒ": "CH", "ʃ": "CH", "ʒ": "CH", "ɕ": "CH", "ʑ": "CH",
    "s": "SS", "z": "SS", "ts": "SS", "dz": "SS",
    "n": "nn", "l": "nn", "ɫ": "nn", "ŋ": "nn", "ɲ": "nn", "ʎ": "nn",
    "ɹ": "RR", "r": "RR", "ɻ": "RR", "ʁ": "RR", "ɚ": "RR", "ɝ": "RR", "ɜ": "RR",
    "j": "ih", "w": "ou", "ʍ": "ou",
    "ʔ": "sil",
    # vowels
    "ɑ": "aa", "a": "aa", "æ": "aa", "ʌ": "aa", "ɐ": "aa", "ɒ": "aa", "ə": "aa", "ᵊ": "aa",
    "ɛ": "E", "e": "E", "œ": "E",
    "ɪ": "ih", "i": "ih", "ᵻ": "ih", "y": "ih", "ɨ": "ih",
    "ɔ": "oh", "o": "oh", "ø": "oh",
    "ʊ": "ou", "u": "ou", "ɯ": "ou",
}  # fmt: skip

_VOWELS = frozenset("ɑaæʌɐɒəᵊɛeœɪiᵻyɨɔoøʊuɯɚɝɜ")
_MARKS = str.maketrans("", "", "ˈˌːˑ‿̩̯͡-")
_MAX_KEY = max(len(k) for k in PHONEME_TO_VISEME)


def _segments(ipa: str) -> list[str]:
    """Split one phoneme's IPA into known segments, longest match first (``tʃ`` before ``t``)."""
    s = ipa.translate(_MARKS)
    out: list[str] = []
    i = 0
    while i < len(s):
        for n in range(min(_MAX_KEY, len(s) - i), 0, -1):
            if s[i : i + n] in PHONEME_TO_VISEME:
                out.append(s[i : i + n])
                i += n
                break
        else:
            i += 1  # an unknown symbol (a tone mark, a language's rare letter): no shape of its own
    return out


def _weight(seg: str, stressed: bool) -> float:
    if seg in ("ə", "ᵊ"):
        return 0.5
    if seg in _VOWELS:
        return 1.0 if stressed else 0.75
    if seg == "ʔ":
        return 1.0
    return 0.85


def _shape(p: PhonemeTiming) -> list[tuple[int, str, float]]:
    """One phoneme -> [(t_ms, viseme, weight)]; a diphthong gives two."""
    if p.phoneme == "":
        return [(p.start_ms, "sil", 1.0)]
    stressed = "ˈ" in p.phoneme or "ˌ" in p.phoneme
    segs = _segments(p.phoneme)
    if not segs:
        return []
    first = segs[0]
    out = [(p.start_ms, PHONEME_TO_VISEME[first], _weight(first, stressed))]
    vowels = [s for s in segs if s in _VOWELS]
    if len(vowels) >= 2 or (len(segs) >= 2 and first in _VOWELS):
        second = segs[1]
        t = p.start_ms + int(0.6 * (p.end_ms - p.start_ms))
        if PHONEME_TO_VISEME[second] != PHONEME_TO_VISEME[first] and t > p.start_ms:
            out.append((t, PHONEME_TO_VISEME[second], _weight(second, stressed) * 0.8))
    return out


def visemes_from_phonemes(phonemes: Sequence[PhonemeTiming], end_ms: int | None = None) -> tuple[Viseme, ...]:
    """Viseme onsets for a run of timed phonemes, ending in ``sil`` when the speech ends.

    Consecutive repeats of the same viseme are merged (the mouth holds the shape). ``end_ms`` is where the
    last phoneme stops (defaults to the last phoneme's end).
    """
    shapes: list[tuple[int, str, float]] = []
    for i, p in enumerate(phonemes):
        got = _shape(p)
        if got and p.phoneme.translate(_MARKS) == "h":
            nxt = next((_shape(q) for q in phonemes[i + 1 : i + 3] if q.phoneme and _shape(q)), None)
            if nxt:
                got = [(p.start_ms, nxt[0][1], 0.4)]
        shapes.extend(got)
    last = end_ms if end_ms is not None else (phonemes[-1].end_ms if phonemes else 0)
    if not shapes or shapes[-1][1] != "sil":
        shapes.append((max(last, shapes[-1][0] if shapes else 0), "sil", 1.0))
    return tuple(_merge(shapes))


def _merge(shapes: Iterable[tuple[int, str, float]]) -> list[Viseme]:
    out: list[Viseme] = []
    for t, v, w in shapes:
        if out and out[-1].viseme == v:
            continue
        if out and t <= out[-1].t_ms:
            # Two onsets at the same millisecond: the later phoneme wins.
            out[-1] = Viseme(t_ms=out[-1].t_ms, viseme=cast(VisemeName, v), weight=round(w, 3))
            continue
        out.append(Viseme(t_ms=max(0, t), viseme=cast(VisemeName, v), weight=round(w, 3)))
    return out


def viseme_at(visemes: Sequence[Viseme], t_ms: float) -> str:
    """The viseme showing at ``t_ms`` (the last onset at or before it)."""
    current = "sil"
    for v in visemes:
        if v.t_ms > t_ms:
            break
        current = v.viseme
    return current

"""espeak-ng through ctypes: the light voice, and the phoneme timings every voice is lip-synced with.

``espeakng-loader`` ships ``libespeak-ng`` and its data. We drive it in synchronous mode with a synth
callback that collects PCM16 audio and the synthesis events: word events (type 1, ``text_position`` is the
1-based character offset of the word, ``length`` its characters) and phoneme events (type 7, IPA text in
``id.string``); both carry ``audio_position`` in milliseconds from the start of the text.

The C library is one global state machine (one voice, one callback, one set of parameters), so every
call into it holds ``_LOCK``: ``EspeakVoice`` may be used from several threads, one synthesis at a time.
"""

from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass

from agent.errors import EspeakError
from agent.expression.types import PhonemeTiming, Prosody, Synthesis, WordTiming

_LOCK = threading.Lock()

# espeak_EVENT_TYPE
_EV_LIST_TERMINATED = 0
_EV_WORD = 1
_EV_END = 5
_EV_PHONEME = 7
# espeak_AUDIO_OUTPUT / espeakINITIALIZE_* / flags / espeak_PARAMETER
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INIT_PHONEME_EVENTS = 0x0001
_INIT_PHONEME_IPA = 0x0002
_CHARS_UTF8 = 1
_PARAM_RATE, _PARAM_VOLUME, _PARAM_PITCH, _PARAM_RANGE = 1, 2, 3, 4

DEFAULT_RATE_WPM = 175
DEFAULT_PITCH = 50
DEFAULT_RANGE = 50
DEFAULT_VOLUME = 100


class _EventId(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8)]


class _Event(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", _EventId),
    ]


_SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event)
)


@dataclass
class _Collector:
    pcm: bytearray
    words: list[tuple[int, int, int]]  # (text_position 1-based, length, audio ms)
    phonemes: list[tuple[str, int]]  # (ipa, audio ms); "" is a pause
    end_ms: int = 0


class _Engine:
    """The loaded library. One per process; only touched under ``_LOCK``."""

    def __init__(self) -> None:
        import espeakng_loader

        try:
            lib = ctypes.CDLL(espeakng_loader.get_library_path())
        except OSError as exc:
            raise EspeakError(f"cannot load libespeak-ng: {exc}") from exc
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_Synth.argtypes = [
            ctypes.c_char_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
        ]
        lib.espeak_Synth.restype = ctypes.c_int
        data = espeakng_loader.get_data_path().encode()
        sample_rate = lib.espeak_Initialize(
            _AUDIO_OUTPUT_SYNCHRONOUS, 0, data, _INIT_PHONEME_EVENTS | _INIT_PHONEME_IPA
        )
        if sample_rate <= 0:
            raise EspeakError(f"espeak_Initialize failed ({sample_rate})")
        self.lib = lib
        self.sample_rate = int(sample_rate)
        self.voice: str | None = None
        self.collector: _Collector | None = None
        self._callback = _SynthCallback(self._on_synth)  # keep a reference: C holds the pointer
        lib.espeak_SetSynthCallback(self._callback)

    def _on_synth(self, wav: ctypes._Pointer[ctypes.c_short], n: int, events: ctypes._Pointer[_Event]) -> int:
        c = self.collector
        if c is None:
            return 1
        if n > 0:
            c.pcm.extend(ctypes.string_at(wav, n * 2))
        i = 0
        while events[i].type != _EV_LIST_TERMINATED:
            ev = events[i]
            if ev.type == _EV_WORD:
                c.words.append((ev.text_position, ev.length, ev.audio_position))
            elif ev.type == _EV_PHONEME:
                ipa = bytes(ev.id.string).split(b"\0", 1)[0].decode("utf-8", "replace")
                c.phonemes.append((ipa, ev.audio_position))
            elif ev.type == _EV_END:
                c.end_ms = max(c.end_ms, ev.audio_position)
            i += 1
        return 0

    def run(self, text: str, voice: str, prosody: Prosody) -> _Collector:
        if voice != self.voice:
            if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
                raise EspeakError(f"unknown espeak-ng voice {voice!r}")
            self.voice = voice
        p = espeak_parameters(prosody)
        self.lib.espeak_SetParameter(_PARAM_RATE, p["rate"], 0)
        self.lib.espeak_SetParameter(_PARAM_PITCH, p["pitch"], 0)
        self.lib.espeak_SetParameter(_PARAM_RANGE, p["range"], 0)
        self.lib.espeak_SetParameter(_PARAM_VOLUME, p["volume"], 0)
        self.collector = _Collector(bytearray(), [], [])
        try:
            data = text.encode("utf-8")
            rc = self.lib.espeak_Synth(data, len(data) + 1, 0, 0, 0, _CHARS_UTF8, None, None)
            if rc != 0:
                raise EspeakError(f"espeak_Synth failed ({rc})")
            return self.collector
        finally:
            self.collector = None


_engine: _Engine | None = None


def _get_engine() -> _Engine:
    """The process-wide engine; the caller holds ``_LOCK``."""
    global _engine
    if _engine is None:
        _engine = _Engine()
    return _engine


def espeak_parameters(prosody: Prosody) -> dict[str, int]:
    """Relative prosody -> espeak-ng parameters (rate in words/min, pitch and range 0-100, volume 0-200)."""
    return {
        "rate": int(min(450, max(80, round(DEFAULT_RATE_WPM * prosody.rate)))),
        "pitch": int(min(100, max(0, round(DEFAULT_PITCH * prosody.pitch)))),
        "range": int(min(100, max(0, round(DEFAULT_RANGE * (0.5 + 0.5 * prosody.pitch))))),
        "volume": int(min(200, max(0, round(DEFAULT_VOLUME * prosody.volume)))),
    }


def _timings(
    text: str, c: _Collector, duration_ms: int
) -> tuple[tuple[WordTiming, ...], tuple[PhonemeTiming, ...]]:
    """Turn event onsets into spans: each ends where the next event starts (or at the end of the audio)."""
    # Group word events by written word: espeak-ng speaks "2026" or "twenty-one" as several words inside
    # one written word (no whitespace between their positions).
    groups: list[list[int]] = []  # [first_char, start_ms, end_ms]
    for i, (pos, _length, start) in enumerate(c.words):
        end = c.words[i + 1][2] if i + 1 < len(c.words) else duration_ms
        # A word ends at its last phoneme, not at the next word: a pause after it belongs to nobody.
        end = max(start, next((t for ipa, t in c.phonemes if ipa == "" and start < t < end), end))
        first = max(0, pos - 1)
        if groups and not any(ch.isspace() for ch in text[groups[-1][0] : first]):
            groups[-1][2] = max(groups[-1][2], end)
            continue
        groups.append([first, start, end])
    # A word's text runs to the next word event: it keeps its punctuation ("there," "go!") and the little
    # words espeak-ng runs into it ("for the" is one word event), so spoken_text reads like the line.
    words: list[WordTiming] = []
    for i, (first, start, end) in enumerate(groups):
        stop = groups[i + 1][0] if i + 1 < len(groups) else len(text)
        words.append(WordTiming(text[first:stop].strip(), start, end))
    phonemes: list[PhonemeTiming] = []
    for i, (ipa, start) in enumerate(c.phonemes):
        end = c.phonemes[i + 1][1] if i + 1 < len(c.phonemes) else duration_ms
        phonemes.append(PhonemeTiming(ipa, start, max(start, end)))
    return tuple(words), tuple(phonemes)


class EspeakVoice:
    """The espeak-ng voice (formant synthesis: robotic, tiny and very fast). Thread-safe."""

    name = "espeak"

    def __init__(self, voice: str = "en-us") -> None:
        self.voice = voice
        with _LOCK:
            self.sample_rate = _get_engine().sample_rate

    def synthesize(self, text: str, prosody: Prosody | None = None) -> Synthesis:
        prosody = prosody or Prosody()
        with _LOCK:
            c = _get_engine().run(text, self.voice, prosody)
        pcm = bytes(c.pcm)
        duration_ms = int(len(pcm) // 2 * 1000 / self.sample_rate)
        words, phonemes = _timings(text, c, duration_ms)
        return Synthesis(pcm=pcm, sample_rate=self.sample_rate, words=words, phonemes=phonemes)


def phoneme_timings(text: str, prosody: Prosody | None = None, voice: str = "en-us") -> Synthesis:
    """espeak-ng's own synthesis of ``text``: used by other voices for word and phoneme timings."""
    return EspeakVoice(voice).synthesize(text, prosody)

"""Phoneme -> viseme mapping: every symbol espeak-ng uses maps into the 15-viseme set."""

from __future__ import annotations

from agent.expression import VISEMES, EspeakVoice, Prosody, visemes_from_phonemes
from agent.expression.types import PhonemeTiming
from agent.expression.visemes import PHONEME_TO_VISEME, viseme_at


def _p(*items: tuple[str, int]) -> list[PhonemeTiming]:
    out = []
    for i, (ipa, t) in enumerate(items):
        end = items[i + 1][1] if i + 1 < len(items) else t + 100
        out.append(PhonemeTiming(ipa, t, end))
    return out


def test_mapping_targets_only_the_protocol_set() -> None:
    assert set(PHONEME_TO_VISEME.values()) <= set(VISEMES)
    assert len(VISEMES) == 15


def test_known_words() -> None:
    # "map": m -> PP, æ -> aa, p -> PP; ends in silence
    v = visemes_from_phonemes(_p(("m", 0), ("ˈæ", 80), ("p", 200)))
    assert [x.viseme for x in v] == ["PP", "aa", "PP", "sil"]
    assert v[-1].t_ms == 300
    # "five": f ˈaɪ v -> FF, aa then ih (diphthong), FF
    v = visemes_from_phonemes(_p(("f", 0), ("ˈaɪ", 100), ("v", 300)))
    assert [x.viseme for x in v] == ["FF", "aa", "ih", "FF", "sil"]
    assert v[2].t_ms == 100 + int(0.6 * 200)
    # "church", "think", "shoes"
    assert [x.viseme for x in visemes_from_phonemes(_p(("tʃ", 0), ("ˈɜː", 90), ("tʃ", 200)))][:2] == [
        "CH",
        "RR",
    ]
    assert visemes_from_phonemes(_p(("θ", 0)))[0].viseme == "TH"
    assert visemes_from_phonemes(_p(("s", 0)))[0].viseme == "SS"


def test_stress_sets_weight_and_h_takes_next_vowel() -> None:
    v = visemes_from_phonemes(_p(("h", 0), ("ˈɛ", 50), ("l", 150), ("oʊ", 200)))
    assert (v[0].viseme, v[0].weight) == ("E", 0.4)
    # h then the same shape merges: the mouth simply holds it
    assert [x.viseme for x in v] == ["E", "nn", "oh", "ou", "sil"]
    stressed = visemes_from_phonemes(_p(("ˈɑː", 0)))[0]
    unstressed = visemes_from_phonemes(_p(("ɑː", 0)))[0]
    assert stressed.weight > unstressed.weight


def test_pauses_become_silence_and_repeats_merge() -> None:
    v = visemes_from_phonemes(_p(("p", 0), ("b", 60), ("", 120), ("m", 300)))
    assert [(x.t_ms, x.viseme) for x in v] == [(0, "PP"), (120, "sil"), (300, "PP"), (400, "sil")]
    assert viseme_at(v, 130) == "sil" and viseme_at(v, 310) == "PP"


def test_every_phoneme_espeak_emits_for_english_has_a_shape() -> None:
    text = (
        "The quick brown fox jumps over the lazy dog. She sells sea shells; a judge's thin "
        "vision of your pleasure, though, is why we sing and hum. Church bells ring at noon!"
    )
    s = EspeakVoice().synthesize(text, Prosody())
    shapes = {p.phoneme: visemes_from_phonemes([PhonemeTiming(p.phoneme, 0, 100)]) for p in s.phonemes}
    unknown = {ipa for ipa, v in shapes.items() if ipa and v[0].viseme == "sil"}
    assert not unknown
    vis = visemes_from_phonemes(s.phonemes)
    assert {x.viseme for x in vis} >= {
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
        "ih",
        "oh",
        "ou",
    }
    assert [x.t_ms for x in vis] == sorted(x.t_ms for x in vis)

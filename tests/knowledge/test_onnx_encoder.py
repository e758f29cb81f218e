"""MiniLM on ONNX Runtime gives PyTorch's vectors, and a broken cached graph is rebuilt, never used."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from knowledge import onnx_encoder
from knowledge.embed import SentenceTransformerEmbedder, _minilm_dir, shared_minilm

TEXTS = [
    "Who won the women's big air?",
    "冬奥会的吉祥物是什么？",
    "Bing Dwen Dwen, the panda in a shell of ice, sold out in Beijing.",
    "ok",
    " ".join(["a text longer than the model's 256-token window"] * 60),
]


@pytest.fixture(scope="module")
def graph_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("onnx-cache")


@pytest.fixture(autouse=True)
def fresh_process_state() -> Iterator[None]:
    """Each test loads the graph as a new process would (the module keeps one encoder per model)."""
    model_dir = Path(_minilm_dir()[0])
    kept = onnx_encoder._loaded.pop(model_dir, None)
    yield
    onnx_encoder._loaded.pop(model_dir, None)
    if kept is not None:
        onnx_encoder._loaded[model_dir] = kept


def test_vectors_match_pytorch(graph_dir: Path) -> None:
    model_dir, _ = _minilm_dir()
    encoder = onnx_encoder.load(Path(model_dir), graph_dir, shared_minilm)
    mine = encoder.encode(TEXTS)
    theirs = shared_minilm().encode(TEXTS, normalize_embeddings=True)
    assert mine.shape == (len(TEXTS), 384) and mine.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(mine, axis=1), 1.0, atol=1e-5)
    assert np.min(np.sum(mine * theirs, axis=1)) > 0.9999
    assert list(graph_dir.glob("minilm-*.onnx")), "the graph is cached for the next process"


def test_a_truncated_cached_graph_is_rejected_and_rebuilt(tmp_path: Path) -> None:
    model_dir, _ = _minilm_dir()
    key = onnx_encoder._cache_key(Path(model_dir))
    broken = tmp_path / f"minilm-{key}.onnx"
    broken.write_bytes(b"\x08\x07 not a whole graph")
    with pytest.raises(onnx_encoder.OnnxUnavailable, match=str(broken)):
        onnx_encoder.OnnxMiniLM(Path(model_dir), broken)
    encoder = onnx_encoder.load(Path(model_dir), tmp_path, shared_minilm)  # exported afresh
    assert broken.stat().st_size > 1_000_000
    assert np.sum(encoder.encode(["hello"]) * shared_minilm().encode(["hello"])) > 0.9999


def test_the_torch_backend_can_be_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PERSONA_EMBED_BACKEND", "torch")
    embedder = SentenceTransformerEmbedder()
    vectors = embedder.embed(TEXTS[:2])
    assert embedder.backend == "torch"
    monkeypatch.delenv("PERSONA_EMBED_BACKEND")
    onnx = SentenceTransformerEmbedder()
    assert np.min(np.sum(onnx.embed(TEXTS[:2]) * vectors, axis=1)) > 0.9999
    assert onnx.backend == "onnx"

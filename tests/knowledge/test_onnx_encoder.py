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
    keys = [(model_dir, precision) for precision in onnx_encoder.PRECISIONS]
    kept = {key: onnx_encoder._loaded.pop(key) for key in keys if key in onnx_encoder._loaded}
    yield
    for key in keys:
        onnx_encoder._loaded.pop(key, None)
    onnx_encoder._loaded.update(kept)


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


def test_int8_is_quantized_close_to_pytorch_and_cached(graph_dir: Path) -> None:
    model_dir, _ = _minilm_dir()
    fp32 = onnx_encoder.load(Path(model_dir), graph_dir, shared_minilm)
    int8 = onnx_encoder.load(Path(model_dir), graph_dir, shared_minilm, "int8")
    mine, exact = int8.encode(TEXTS), fp32.encode(TEXTS)
    theirs = shared_minilm().encode(TEXTS, normalize_embeddings=True)
    assert mine.shape == (len(TEXTS), 384) and mine.dtype == np.float32
    agreement = np.sum(mine * theirs, axis=1)
    assert np.min(agreement) > onnx_encoder.INT8_AGREEMENT
    assert np.max(np.sum(mine * exact, axis=1)) < 0.9999, "int8 vectors are not the fp32 ones"
    (cached,) = graph_dir.glob("minilm-*-int8.onnx")
    (full,) = (g for g in graph_dir.glob("minilm-*.onnx") if not g.name.endswith("-int8.onnx"))
    # the layers' weights become int8; the 47 MB token-embedding table (a lookup, not a MatMul) stays fp32
    assert cached.stat().st_size < 0.7 * full.stat().st_size


def test_a_truncated_int8_graph_is_rebuilt(tmp_path: Path, graph_dir: Path) -> None:
    import shutil

    model_dir, _ = _minilm_dir()
    key = onnx_encoder._cache_key(Path(model_dir))
    shutil.copy(graph_dir / f"minilm-{key}.onnx", tmp_path)  # a good fp32 graph, so only int8 is rebuilt
    broken = tmp_path / f"minilm-{key}-int8.onnx"
    broken.write_bytes(b"\x08\x07 half a graph")
    encoder = onnx_encoder.load(Path(model_dir), tmp_path, shared_minilm, "int8")
    assert broken.stat().st_size > 1_000_000
    assert np.sum(encoder.encode(["hello"]) * shared_minilm().encode(["hello"])) > 0.97


def test_many_batches_side_by_side_give_the_one_at_a_time_vectors(graph_dir: Path) -> None:
    model_dir, _ = _minilm_dir()
    encoder = onnx_encoder.load(Path(model_dir), graph_dir, shared_minilm)
    texts = [f"Sentence number {i} about {w} at the Games." for i, w in enumerate(["curling", "luge"] * 40)]
    together = encoder.encode(texts, batch_size=16)  # five batches: the bulk path
    alone = np.concatenate([encoder.encode([t]) for t in texts])  # one batch each: the query path
    assert onnx_encoder.BULK_WORKERS == 1 or encoder._bulk is not None
    np.testing.assert_allclose(together, alone, atol=2e-5)


def test_an_unknown_precision_is_refused(graph_dir: Path) -> None:
    model_dir, _ = _minilm_dir()
    with pytest.raises(ValueError, match="int8"):
        onnx_encoder.load(Path(model_dir), graph_dir, shared_minilm, "int4")


def test_a_cached_int8_graph_is_used_without_the_fp32_one(tmp_path: Path, graph_dir: Path) -> None:
    import shutil

    model_dir, _ = _minilm_dir()
    onnx_encoder.load(Path(model_dir), graph_dir, shared_minilm, "int8")  # both graphs cached there
    (cached,) = graph_dir.glob("minilm-*-int8.onnx")
    shutil.copy(cached, tmp_path)  # only the int8 graph in this cache
    onnx_encoder._loaded.clear()
    encoder = onnx_encoder.load(Path(model_dir), tmp_path, shared_minilm, "int8")
    assert [p.name for p in tmp_path.iterdir()] == [cached.name]
    assert (Path(model_dir), "fp32") not in onnx_encoder._loaded
    assert np.sum(encoder.encode(["hello"]) * shared_minilm().encode(["hello"])) > 0.97

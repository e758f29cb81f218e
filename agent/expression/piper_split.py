"""Piper's VITS graph cut in two, the second half decoded over time windows on two threads: same audio.

A piper model is one ONNX graph: text encoder, duration predictor and noise (the FRONT, phoneme ids ->
the latent frames ``z_p`` and their mask, one frame per ``hop`` samples), then the reverse flow and the
HiFi-GAN decoder (the BACK, latent frames -> audio), which take about 85% of the time. The BACK is
deterministic and its receptive field is a few dozen frames, so it can run on time windows of the latent,
each with ``PAD_FRAMES`` of context on both sides, the padded samples dropped: the windows join into the
same audio (measured: SNR ~90 dB against the whole model with 24 frames of context). One ONNX Runtime
session runs concurrently from several threads (it releases the GIL), so a line's windows are decoded in
parallel on a small thread pool: with 2 cores free, 1.3x (a lead phrase) to 1.6x (a 9 s sentence) faster
than the whole model on one thread; with the other core taken by another job, no faster.

The two graphs are extracted once from the installed model (``onnx.utils.extract_model``) into the user
cache, keyed by the model file and the library versions, and written atomically (temporary file, fsync,
rename). Before first use (once per process) the windowed decoder is checked against the whole model on a
probe sentence with the noise off: equal length and SNR >= ``AGREEMENT_DB``. Any failure (another model
whose tensors are named otherwise, ``onnx`` missing, a check that disagrees) raises
:class:`SplitUnavailable`, and the voice runs the whole model as before.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from agent.errors import SplitUnavailable
from knowledge.cache import cache_root, derived_key, mark_used, prune_stale

#: The FRONT's outputs in piper's VITS export (``z_p`` with the noise added, and the frame mask).
FRONT_OUTPUTS = ("/Add_output_0", "/Cast_2_output_0")
#: Latent frames of context decoded on each side of a window and dropped. Measured against the whole BACK
#: on a 7 s sentence: 8 frames -> SNR 12 dB (audible clicks), 16 -> 45 dB, 24 -> ~90 dB (float noise).
PAD_FRAMES = 24
#: Longest window, frames (one frame = 256 samples, 11.6 ms). A line is cut into the fewest near-equal
#: windows of at most this length whose number is a multiple of the decoder threads: a lead phrase
#: (~110 frames) or a 3 s line into two, a 9 s sentence into four. Every cut costs 2 * PAD_FRAMES of
#: context decoded twice, and the BACK's cost per frame is flat in the window length (measured 0.84-0.94
#: ms/frame for 48-400 frames, 1.06 at 800), so fewer windows are faster. Measured medians on 2 free cores,
#: x real time, lead phrase (1.3 s) / 2.8 s line / 9.6 s sentence: whole model 10.0 / 9.8 / 9.6; windows
#: of at most 64 frames 12.6-12.9 / 12.2 / 11.6; 100 frames 12.6-12.8 / 12.1 / 12.9; 400 frames 12.6-12.8 /
#: 14.9 / 15.4.
WINDOW_FRAMES = 400
#: Below this many frames a line's BACK runs whole: each half would be more than 80% of it.
MIN_SPLIT_FRAMES = 3 * PAD_FRAMES
#: Minimum SNR of the windowed audio against the whole model's on the probe (noise off), dB.
AGREEMENT_DB = 60.0
#: Spoken with the noise off by both sessions before first use (411 frames, 4.8 s: two windows, one cut).
PROBE = "Welcome back to the show, everyone: today we are talking about the Beijing Winter Games."
FORMAT = "piper-split-v1"


def _cache_key(model_path: Path) -> str:
    from importlib.metadata import PackageNotFoundError

    try:
        return derived_key(model_path, ("onnx", "onnxruntime"), FORMAT)
    except PackageNotFoundError as e:
        raise SplitUnavailable(f"{e.name} is not installed") from e


def _extract(model_path: Path, target: Path, inputs: Sequence[str], outputs: Sequence[str]) -> None:
    """The subgraph of ``model_path`` from ``inputs`` to ``outputs``, written atomically to ``target``."""
    from onnx.utils import extract_model

    from knowledge.store import atomic_write  # faiss and sqlite: only when a graph is written

    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, lambda tmp: extract_model(str(model_path), str(tmp), list(inputs), list(outputs)))


def graph_paths(model_path: Path | str, cache_dir: Path | str) -> tuple[Path, Path]:
    """Where :func:`split_graphs` keeps the FRONT and BACK of ``model_path``."""
    model_path = Path(model_path)
    stem = f"piper-{model_path.stem}-{_cache_key(model_path)}"
    return Path(cache_dir) / f"{stem}-front.onnx", Path(cache_dir) / f"{stem}-back.onnx"


def split_graphs(model_path: Path | str, cache_dir: Path | str) -> tuple[Path, Path]:
    """The FRONT (model inputs -> ``FRONT_OUTPUTS``) and BACK (``FRONT_OUTPUTS`` -> the model's audio
    output) of a piper model, extracted into ``cache_dir`` unless already there.

    Raises :class:`SplitUnavailable` when the model has no such tensors or ``onnx`` is missing.
    """
    model_path = Path(model_path)
    front, back = graph_paths(model_path, cache_dir)
    if front.exists() and back.exists():
        return front, back
    try:
        import onnx

        graph = onnx.load(str(model_path), load_external_data=False).graph
        inputs = [i.name for i in graph.input]
        outputs = [o.name for o in graph.output]
        missing = set(FRONT_OUTPUTS) - {name for node in graph.node for name in node.output}
        del graph
        if missing:  # not piper's VITS export, or another version of it
            raise SplitUnavailable(f"{model_path.name} has no tensor {', '.join(sorted(missing))}")
        if len(outputs) != 1:  # e.g. a model patched for alignments: the windows give audio only
            raise SplitUnavailable(f"{model_path.name}: {len(outputs)} outputs, expected the audio alone")
        _extract(model_path, front, inputs, FRONT_OUTPUTS)
        _extract(model_path, back, FRONT_OUTPUTS, outputs)
    except SplitUnavailable:
        raise
    except Exception as e:  # onnx missing, tensor names that do not exist in this model, a full disk...
        raise SplitUnavailable(f"splitting {model_path.name} failed: {type(e).__name__}: {e}") from e
    return front, back


_pool_lock = threading.Lock()
_pools: dict[int, ThreadPoolExecutor] = {}


def _pool(workers: int) -> ThreadPoolExecutor:
    """The process's decoder threads (shared by every voice with this many workers; idle ones sleep)."""
    with _pool_lock:
        if workers not in _pools:
            _pools[workers] = ThreadPoolExecutor(workers, thread_name_prefix="piper-decode")
        return _pools[workers]


def windows(frames: int, workers: int = 2, window: int = WINDOW_FRAMES) -> list[tuple[int, int]]:
    """[start, end) of near-equal windows covering ``frames`` in order: the fewest of at most ``window``
    frames whose number is a multiple of ``workers``; one window below ``MIN_SPLIT_FRAMES``."""
    if frames < MIN_SPLIT_FRAMES or workers < 2:
        n = 1
    else:
        n = workers * max(1, math.ceil(frames / (workers * window)))
    bounds = [round(i * frames / n) for i in range(n + 1)]
    return list(zip(bounds, bounds[1:], strict=False))


class WindowedSession:
    """Stands in for piper's ``onnxruntime.InferenceSession``: ``run`` gives the whole model's audio, the
    BACK decoded over windows in parallel. Thread-safe."""

    def __init__(
        self,
        front: Any,
        back: Any,
        workers: int = 2,
        window: int = WINDOW_FRAMES,
        pad: int = PAD_FRAMES,
    ) -> None:
        self.front, self.back = front, back
        self.workers, self.window, self.pad = workers, window, pad
        self.output_name = back.get_outputs()[0].name
        self._back_inputs = [i.name for i in back.get_inputs()]
        if sorted(self._back_inputs) != sorted(FRONT_OUTPUTS):
            raise SplitUnavailable(f"the BACK takes {self._back_inputs}, expected {list(FRONT_OUTPUTS)}")

    def _decode(self, z: np.ndarray, mask: np.ndarray, start: int, end: int) -> np.ndarray:
        """The BACK's output for frames [start, end), decoded with ``pad`` frames of context each side."""
        frames = z.shape[2]
        a0, a1 = max(0, start - self.pad), min(frames, end + self.pad)
        feeds = {FRONT_OUTPUTS[0]: z[:, :, a0:a1], FRONT_OUTPUTS[1]: mask[:, :, a0:a1]}
        y = self.back.run([self.output_name], feeds)[0]
        hop, rest = divmod(y.shape[-1], a1 - a0)
        if rest:
            raise SplitUnavailable(f"{y.shape[-1]} samples for {a1 - a0} frames: not a whole hop per frame")
        return y[..., (start - a0) * hop : (end - a0) * hop]

    def decode(self, z: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """The BACK's output (the model's: (1, 1, 1, samples) for piper) for the latent ``z``
        (1, channels, frames) and its ``mask`` (1, 1, frames), its windows joined in order."""
        spans = windows(z.shape[2], self.workers, self.window)
        if len(spans) == 1:
            return np.asarray(
                self.back.run([self.output_name], {FRONT_OUTPUTS[0]: z, FRONT_OUTPUTS[1]: mask})[0]
            )
        parts = list(_pool(self.workers).map(lambda span: self._decode(z, mask, *span), spans))
        return np.concatenate(parts, axis=-1)

    def run(
        self, output_names: Sequence[str] | None, feeds: dict[str, Any], run_options: Any = None
    ) -> list[Any]:
        """``InferenceSession.run`` for the model's one output, the audio: ``[audio]``."""
        if output_names is not None and list(output_names) != [self.output_name]:
            raise ValueError(f"only {self.output_name!r} is computed, not {list(output_names)}")
        z, mask = self.front.run(list(FRONT_OUTPUTS), feeds)
        return [self.decode(z, mask)]


def snr_db(audio: np.ndarray, reference: np.ndarray) -> float:
    """Signal-to-noise ratio of ``audio`` against ``reference`` (same length), dB; inf when identical."""
    err = float(np.sum((np.asarray(audio, np.float64) - np.asarray(reference, np.float64)) ** 2))
    sig = float(np.sum(np.asarray(reference, np.float64) ** 2))
    return math.inf if err == 0 else 10 * math.log10(max(sig, 1e-30) / err)


def check(windowed: Any, whole: Any, config: Any) -> float:
    """SNR of ``windowed`` against ``whole`` (both sessions) on ``PROBE`` with the noise off.

    Raises :class:`SplitUnavailable` when the lengths differ or the SNR is below ``AGREEMENT_DB``.
    """
    from piper import PiperVoice as _Piper
    from piper import SynthesisConfig

    quiet = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0, length_scale=1.0)
    ref_voice = _Piper(session=whole, config=config)
    ids = ref_voice.phonemes_to_ids([p for sentence in ref_voice.phonemize(PROBE) for p in sentence])
    ref = np.asarray(ref_voice.phoneme_ids_to_audio(ids, quiet)).reshape(-1)
    got = np.asarray(_Piper(session=windowed, config=config).phoneme_ids_to_audio(ids, quiet)).reshape(-1)
    if got.shape != ref.shape:
        raise SplitUnavailable(f"windowed audio is {got.size} samples, the whole model's {ref.size}")
    snr = snr_db(got, ref)
    if snr < AGREEMENT_DB:
        raise SplitUnavailable(f"windowed audio differs from the whole model's (SNR {snr:.1f} dB)")
    return snr


def load(
    model_path: Path | str, whole: Any, config: Any, workers: int, cache_dir: Path | str | None = None
) -> WindowedSession:
    """A checked :class:`WindowedSession` for ``model_path``; ``whole`` is the model's own session (the
    reference for the check), ``config`` its ``PiperConfig``. Graphs are cached in ``cache_dir`` (default:
    the package cache). A cached graph that fails to load or to pass the check is extracted again, once.

    Raises :class:`SplitUnavailable` when the split cannot be made or does not reproduce the model.
    """
    import onnxruntime

    from agent.expression.piper import session_options

    if cache_dir is None:
        cache_dir = cache_root()
    for attempt in range(2):
        cached = all(p.exists() for p in graph_paths(model_path, cache_dir))
        front_path, back_path = split_graphs(model_path, cache_dir)
        try:
            front, back = (
                onnxruntime.InferenceSession(
                    str(p), sess_options=session_options(1), providers=["CPUExecutionProvider"]
                )
                for p in (front_path, back_path)
            )
            session = WindowedSession(front, back, workers=workers)
            check(session, whole, config)
            mark_used(front_path, back_path)
            prune_stale(Path(cache_dir), "piper-*.onnx", keep={front_path, back_path})
            return session
        except Exception as e:  # a truncated or foreign cache entry, or graphs that disagree
            front_path.unlink(missing_ok=True)
            back_path.unlink(missing_ok=True)
            if attempt or not cached:  # freshly extracted and still wrong: this model does not split
                if isinstance(e, SplitUnavailable):
                    raise
                raise SplitUnavailable(f"{type(e).__name__}: {e}") from e
    raise AssertionError("unreachable")

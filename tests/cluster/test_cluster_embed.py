from __future__ import annotations

import numpy as np

from cluster.embed import ChineseVectorizer, Embedder

ZH_TEXTS = [
    "我在吃华法林，可以同时吃阿司匹林吗？",
    "华法林和阿司匹林一起吃有出血风险吗？",
    "帮我预约下周二心内科门诊",
    "把皮肤科预约改到周五",
    "三岁孩子对乙酰氨基酚吃多少剂量？",
]


def test_embed_shape_and_unit_norm(embedder: Embedder) -> None:
    texts = ["warfarin and aspirin together?", "can I take aspirin with warfarin", "book a dermatology visit"]
    vectors = embedder.embed(texts)
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_embed_empty(embedder: Embedder) -> None:
    assert embedder.embed([]).shape == (0, 384)


def test_chinese_vectorizer_is_deterministic_and_normalised() -> None:
    first = ChineseVectorizer(seed=3).fit_transform(ZH_TEXTS)
    second = ChineseVectorizer(seed=3).fit_transform(list(ZH_TEXTS))
    np.testing.assert_array_equal(first, second)
    np.testing.assert_allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    # Same theme (warfarin + aspirin) is closer than another theme.
    assert first[0] @ first[1] > first[0] @ first[2]


def test_chinese_vectorizer_edge_cases() -> None:
    assert ChineseVectorizer().fit_transform([]).shape[0] == 0
    assert ChineseVectorizer().fit_transform(["  ", ""]).shape[0] == 2
    one = ChineseVectorizer().fit_transform(["只有一条"])
    assert one.shape[0] == 1 and np.isclose(np.linalg.norm(one), 1.0)

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from cluster.describe import class_keywords, exemplars, growth, kind_shares, label_from, tokenize


def test_tokenize_drops_pseudonyms_and_stop_words() -> None:
    en = tokenize("Phone <PERSON_3f2a91> at <PHONE_0b71c2> about the warfarin dose", "en")
    assert en == ["phone", "warfarin", "dose"]
    zh = tokenize("帮<PERSON_aa12bc>预约心内科门诊，电话<PHONE_0b71c2>", "zh")
    assert "预约" in zh
    assert not [t for t in zh if "person" in t or "phone" in t or "aa12bc" in t]


def test_keywords_are_distinctive_and_exclude_tags() -> None:
    docs = [
        [
            tokenize("<PERSON_3f2a91> warfarin aspirin bleeding interaction", "en"),
            tokenize("<PERSON_11aa22> warfarin interaction missed", "en"),
        ],
        [
            tokenize("<PERSON_3f2a91> appointment booking failed", "en"),
            tokenize("<PHONE_0b71c2> appointment cancel error", "en"),
        ],
    ]
    keywords = class_keywords(docs)
    assert keywords[0][:2] == ["interaction", "warfarin"]
    assert keywords[1][0] == "appointment"
    flat = [k for ks in keywords for k in ks]
    assert not [k for k in flat if k in {"person", "phone"} or "3f2a91" in k]
    assert label_from(keywords[1], "en").startswith("appointment, ")
    assert label_from(["预约", "失败"], "zh") == "预约、失败"
    assert label_from([], "en") == "(no keywords)"


def test_exemplars_are_central_and_diverse() -> None:
    a, b, c = np.array([1.0, 0.0]), np.array([0.6, 0.8]), np.array([0.8, -0.6])
    vectors = np.vstack([a, a, a, b, c])
    picks = exemplars(vectors, k=3)
    assert picks[0] == 0  # the first of the dominant rows nearest the centroid
    assert sorted(picks[1:]) == [3, 4]  # other directions before copies of `a`
    assert sorted(exemplars(vectors, k=5)) == [0, 1, 2, 3, 4]  # copies only when nothing else is left
    assert exemplars(vectors[:2], k=5) == [0, 1]


def test_kind_shares() -> None:
    assert kind_shares(["bad_case", "tool_error", "bad_case", "bad_case"]) == {"bad_case": 0.75, "tool_error": 0.25}
    assert kind_shares([]) == {}


def test_growth_counts_new_items_per_day_over_7_and_28_days() -> None:
    as_of = datetime(2025, 3, 29, 12, 0, tzinfo=UTC)
    times = [as_of - timedelta(days=d) for d in (0, 1, 6.9, 7.5, 20, 27.9, 40)]
    result = growth(times, as_of)
    assert result.per_day_7d == round(3 / 7, 4)
    assert result.per_day_28d == round(6 / 28, 4)
    assert growth([], as_of).per_day_7d == 0.0


def test_each_exemplar_is_the_medoid_of_its_part_of_the_cluster() -> None:
    rng = np.random.default_rng(3)
    centres = np.eye(8)[:3] * 4
    sizes = [40, 25, 10]
    vectors = np.vstack([c + rng.normal(scale=0.6, size=(m, 8)) for c, m in zip(centres, sizes, strict=True)])
    parts = np.repeat(np.arange(3), sizes)
    picks = exemplars(vectors, k=3)
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    for pick, part in zip(picks, range(3), strict=True):  # largest part first
        members = np.flatnonzero(parts == part)
        distances = 1 - unit[members] @ unit[members].T
        assert pick == members[int(np.argmin(distances.sum(axis=1)))]


def test_exemplars_with_fewer_sampled_rows_than_exemplars() -> None:
    vectors = np.random.default_rng(1).normal(size=(50, 4))
    picks = exemplars(vectors, k=5, build_rows=3)
    assert len(picks) == 3 and len(set(picks)) == 3

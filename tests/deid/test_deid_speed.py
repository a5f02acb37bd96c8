"""The shortcuts taken for speed find exactly what the plain computation finds."""

from __future__ import annotations

import random
import re
from pathlib import Path

import jieba
import jieba.posseg
import pytest
import spacy
from phonenumbers import PhoneNumberMatcher

from benchmarks.bench_deid import messages
from ingest.deid import Deidentifier
from ingest.deid.analyze.analysis import Analyzer
from ingest.deid.analyze.clinical_terms import CN_CLINICAL_TERMS, starts_cn_clinical_term
from ingest.deid.analyze.recognizers.cn import address as cn_address
from ingest.deid.analyze.recognizers.cn import name as cn_name
from ingest.deid.analyze.recognizers.cn.name import _given_ok
from ingest.deid.analyze.recognizers.cn.surnames import surname_length
from ingest.deid.analyze.recognizers.phone import ShortRunSkippingMatcher, min_valid_phone_digits
from ingest.deid.analyze.spacy_engine import _EXCLUDED, model_path
from ingest.deid.evaluate.metrics import LabelledText, load_dataset
from tests.deid_data.generate import generate

MEDICAL_SET = Path(__file__).resolve().parents[1] / "deid_data" / "medical_set.jsonl"
HELD_OUT_SEED = 20261123


@pytest.fixture(scope="module")
def texts() -> list[LabelledText]:
    held_out = [LabelledText(str(r["text"]), [], language=str(r["language"])) for r in generate(HELD_OUT_SEED)]
    return load_dataset(MEDICAL_SET, "jsonl") + held_out


def _key(analyzer: Analyzer, text: str) -> list[tuple[str, int, int, float]]:
    return sorted((r.entity_type, r.start, r.end, r.score) for r in analyzer.analyze(text))


def test_fast_pattern_analysis_finds_what_presidio_finds(deidentifier: Deidentifier, texts: list[LabelledText]) -> None:
    for fast in (deidentifier.engines.ner, deidentifier.engines.patterns):
        plain = Analyzer(fast.recognizers, fast.threshold, fast=False)
        assert sum(f is not None for _, f in fast._runs) >= 10
        for item in texts:
            assert _key(fast, item.text) == _key(plain, item.text)


def _entities(docs: list[spacy.tokens.Doc]) -> list[list[tuple[int, int, str]]]:
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in docs]


@pytest.fixture(scope="module")
def plain_nlp() -> spacy.language.Language:
    return spacy.load(model_path(), exclude=_EXCLUDED)


@pytest.mark.parametrize("batch_size", [1, 7, 64])
def test_entity_decoding_finds_what_spacy_pipe_finds(
    deidentifier: Deidentifier, plain_nlp: spacy.language.Language, texts: list[LabelledText], batch_size: int
) -> None:
    """The engine's own decoding loop and OpenBLAS products against a plainly loaded model's `nlp.pipe`."""
    rng = random.Random(batch_size)
    samples = [item.text for item in texts]
    samples += ["", " ", "\n\n", "ok", "王小明 住在 北京", "😀" * 50 + " call Mary Smith", "...", "a" * 3000]
    samples += [" ".join(rng.choice(samples[:200]).split()[:40]) for _ in range(100)]
    rng.shuffle(samples)
    found = list(deidentifier.engines.spacy.entity_docs(samples, batch_size))
    assert [doc.text for doc in found] == samples
    expected = _entities(list(plain_nlp.pipe(samples, batch_size=batch_size)))
    assert sum(map(len, expected)) > 500
    assert _entities(found) == expected


def _phone_like(rng: random.Random) -> str:
    pieces = []
    for _ in range(rng.randint(1, 6)):
        pieces.append(rng.choice(["", "+", "(", "+86 ", "00", "tel ", "x", " ext. "]))
        pieces.append("".join(rng.choice("0123456789") for _ in range(rng.randint(1, 12))))
        pieces.append(rng.choice([" ", "-", ".", ") ", "/", " x", "abc", "号", "，", "  ", ""]))
    return "".join(pieces)


@pytest.mark.parametrize("region", ["US", "GB", "CN", "DE"])
@pytest.mark.parametrize("leniency", [1, 2])
def test_short_run_skipping_matcher_finds_what_phonenumbers_finds(
    region: str, leniency: int, texts: list[LabelledText]
) -> None:
    rng = random.Random(7)
    samples = [_phone_like(rng) for _ in range(1500)] + [item.text for item in texts[::3]]
    minimum = min_valid_phone_digits([region])
    assert 3 <= minimum <= 7
    for text in samples:
        expected = [(m.start, m.end) for m in PhoneNumberMatcher(text, region, leniency=leniency)]
        found = [(m.start, m.end) for m in ShortRunSkippingMatcher(text, region, leniency, minimum)]
        assert found == expected


def test_cn_address_scan_skips_only_positions_where_no_address_starts(
    monkeypatch: pytest.MonkeyPatch, texts: list[LabelledText]
) -> None:
    recognizer = cn_address.CnAddressRecognizer("xx")
    rng = random.Random(3)
    parts = ["北京市", "朝阳区", "建国路", "88号", "3栋", "2单元", "501室", "幸福小区", "我住在", "，", "三号楼"]
    parts += ["A座", "路口", "香港特别行政区", "中关村南大街", "临时"]
    samples = [item.text for item in texts if item.language == "zh"]
    samples += ["".join(rng.choice(parts) for _ in range(rng.randint(1, 8))) for _ in range(500)]
    skipping = [recognizer.analyze(text, ["STREET_ADDRESS"]) for text in samples]
    monkeypatch.setattr(cn_address, "_START", re.compile("", re.DOTALL))  # try every position
    every = [recognizer.analyze(text, ["STREET_ADDRESS"]) for text in samples]
    assert [[(r.start, r.end) for r in found] for found in skipping] == [[(r.start, r.end) for r in e] for e in every]


def _jieba_names_whole_text(text: str) -> list[tuple[int, int]]:
    """The name search on jieba's cut of the whole text, as it was before cutting only some runs."""
    tags = jieba.posseg.dt.word_tag_tab
    spans = []
    offset = 0
    for word in jieba.dt.cut(text, HMM=True):
        start = offset
        offset += len(word)
        if not 2 <= len(word) <= 5 or not surname_length(word, 0) or tags.get(word, "nr") != "nr":
            continue
        for title in cn_name._TRAILING_TITLES:
            if word.endswith(title):
                word = word[: -len(title)]
                break
        if len(word) >= 2 and all(_given_ok(char) for char in word[surname_length(word, 0) :]):
            spans.append((start, start + len(word)))
    return spans


def test_jieba_on_runs_with_a_surname_finds_what_jieba_on_the_whole_text_finds(
    deidentifier: Deidentifier, texts: list[LabelledText]
) -> None:
    samples = [item.text for item in texts if item.language == "zh"] + ["欧阳娜娜说 王医生，\r\n李 明 x-12 张三丰。"]
    for text in samples:
        assert cn_name.CnNameRecognizer._jieba_names(text) == _jieba_names_whole_text(text)


def test_chinese_clinical_term_lookup_matches_a_scan_of_all_terms() -> None:
    text = "".join(sorted(CN_CLINICAL_TERMS)) + "患者张伟高血压"
    for start in range(len(text) + 1):
        expected = any(text.startswith(term, start) for term in CN_CLINICAL_TERMS)
        assert starts_cn_clinical_term(text, start) == expected


def test_benchmark_texts_are_distinct() -> None:
    """The de-identifier analyses identical texts of a batch once: repeats would inflate its rate."""
    sample = messages(load_dataset(MEDICAL_SET, "jsonl"), 600)
    assert len({text for text, _ in sample}) == 600

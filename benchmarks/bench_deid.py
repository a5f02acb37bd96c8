"""De-identification: throughput on ~300-character mixed English/Chinese messages, ours vs vanilla
Presidio (`AnalyzerEngine.analyze` one text at a time, default recognizers, same spaCy model), in the
same run; and precision/recall/F2, value-disappears recall of direct identifiers and clinical terms lost of
both on presidio-synth (whole, and its fixed tune and held-out splits apart), on the project's medical set
and on the consumer set (tune and held-out splits apart: rules are tuned on `tune` only). `headline`
gathers the figures the goals are stated in."""

from __future__ import annotations

import os
import random
import statistics
import time
from pathlib import Path
from typing import Any

from benchmarks.common import SHARED_DATA, peak_rss_mib
from infra.settings import DeidSettings, Settings
from ingest.deid import Deidentifier
from ingest.deid.deidentifier import TextJob
from ingest.deid.evaluate.baseline import vanilla_analyzer, vanilla_detect
from ingest.deid.evaluate.metrics import LabelledText, evaluate, load_dataset, select_split
from ingest.deid.evaluate.predictors import ours_predictor

KEY = "bench-key"
TARGET_CHARS = 300
# Rounds of (vanilla, ours) timed alternately; the median round counts. Other load on the machine moves
# single timings a lot, and alternating exposes both systems to it alike.
ROUNDS = 3
MEDICAL_SET = Path(__file__).resolve().parents[1] / "tests" / "deid_data" / "medical_set.jsonl"
CONSUMER_SET = Path(__file__).resolve().parents[1] / "tests" / "deid_data" / "consumer_set.jsonl"
SYNTH = SHARED_DATA / "presidio-synth" / "synth_dataset_v2.json"


def messages(items: list[LabelledText], n: int, seed: int = 5) -> list[tuple[str, str]]:
    """`n` distinct messages of about TARGET_CHARS characters, alternating English and Chinese.

    Distinct, because the de-identifier analyses identical texts of a batch once.
    """
    rng = random.Random(seed)
    by_lang = {lang: [i.text for i in items if i.language == lang] for lang in ("en", "zh")}
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    while len(out) < n:
        lang = "en" if len(out) % 2 == 0 else "zh"
        parts: list[str] = []
        while sum(len(p) for p in parts) < TARGET_CHARS - 40:
            parts.append(rng.choice(by_lang[lang]))
        text = ("" if lang == "zh" else " ").join(parts)[: TARGET_CHARS + 60]
        if text not in seen:
            seen.add(text)
            out.append((text, lang))
    return out


def _rate(count: int, seconds: float) -> float:
    return round(count / seconds, 1)


def _summary(scores: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for view in ("all_labels", "safe_harbor"):
        v = scores[view]
        out[view] = {
            "overall": v["overall"],
            "direct_identifiers": v["direct_identifiers"],
            "per_type": {t: {k: x[k] for k in ("precision", "recall", "f2", "gold")} for t, x in v["per_type"].items()},
            "recall_by_gold_label": v["recall_by_gold_label"],
        }
        out[view]["value_disappears"] = v["value_disappears"]
        if "clinical_terms" in v:
            out[view]["clinical_terms"] = v["clinical_terms"]
    if "by_language" in scores:
        out["by_language"] = scores["by_language"]
    return out


def run(quick: bool) -> dict[str, Any]:
    os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
    medical = load_dataset(MEDICAL_SET, "jsonl")
    n_texts = 120 if quick else 600
    texts = messages(medical, n_texts)

    started = time.perf_counter()
    # No detection cache: every round analyses every text, as vanilla does (the cache would serve the later
    # rounds from memory).
    ours = Deidentifier(KEY, settings=DeidSettings(detection_cache_size=0))
    ours.setup()
    ours_setup_s = time.perf_counter() - started
    started = time.perf_counter()
    vanilla = vanilla_analyzer()
    vanilla_setup_s = time.perf_counter() - started

    vanilla_detect(vanilla, [t for t, _ in texts[:10]])  # warm-up, both
    ours.deidentify_jobs([TextJob(t, lang) for t, lang in texts[:10]])

    rounds = 1 if quick else ROUNDS
    vanilla_rates, batch_rates, single_rates = [], [], []
    for _ in range(rounds):
        started = time.perf_counter()
        vanilla_detect(vanilla, [t for t, _ in texts])
        vanilla_rates.append(_rate(len(texts), time.perf_counter() - started))
        started = time.perf_counter()
        for text, lang in texts:
            ours.deidentify_text(text, lang)
        single_rates.append(_rate(len(texts), time.perf_counter() - started))
        started = time.perf_counter()
        ours.deidentify_jobs([TextJob(t, lang) for t, lang in texts])
        batch_rates.append(_rate(len(texts), time.perf_counter() - started))

    ray_result = _ray_throughput(texts, rounds)

    vanilla_rate = statistics.median(vanilla_rates)
    batch_rate = statistics.median(batch_rates)
    throughput: dict[str, Any] = {
        "texts": len(texts),
        "distinct_texts": len(set(texts)),
        "mean_chars": round(sum(len(t) for t, _ in texts) / len(texts), 1),
        "languages": {"en": sum(lang == "en" for _, lang in texts), "zh": sum(lang == "zh" for _, lang in texts)},
        "rounds": rounds,
        "vanilla_one_at_a_time_texts_per_s": vanilla_rate,
        "ours_one_at_a_time_texts_per_s": statistics.median(single_rates),
        "ours_batched_in_process_texts_per_s": batch_rate,
        "ratio_ours_batched_vs_vanilla": round(batch_rate / vanilla_rate, 2),
        "per_round": {"vanilla": vanilla_rates, "ours_one_at_a_time": single_rates, "ours_batched": batch_rates},
        "ratio_ours_batched_vs_vanilla_per_round": [
            round(b / v, 2) for b, v in zip(batch_rates, vanilla_rates, strict=True)
        ],
        "ours_setup_s": round(ours_setup_s, 2),
        "vanilla_setup_s": round(vanilla_setup_s, 2),
        **ray_result,
    }
    if "ray_texts_per_s" in ray_result:
        throughput["ratio_ray_vs_vanilla"] = round(ray_result["ray_texts_per_s"] / vanilla_rate, 2)

    synth = load_dataset(SYNTH, "presidio")
    consumer = load_dataset(CONSUMER_SET, "jsonl")
    if quick:
        synth, medical = synth[:300], medical[:200]
    sets = {
        "presidio_synth": synth,
        # The fixed split of `load_presidio`: rules are tuned on `tune` only.
        "presidio_synth_tune": select_split(synth, "tune"),
        "presidio_synth_heldout": select_split(synth, "heldout"),
        "medical_set": medical,
        "consumer_tune": select_split(consumer, "tune"),
        "consumer_heldout": select_split(consumer, "heldout"),
    }

    def vanilla_predict(items: Any) -> Any:
        return vanilla_detect(vanilla, [i.text for i in items])

    quality = {
        name: {
            "ours": _summary(evaluate(items, ours_predictor(ours))),
            "vanilla": _summary(evaluate(items, vanilla_predict)),
        }
        for name, items in sets.items()
    }
    return {
        "quick": quick,
        "headline": headline(throughput, quality),
        "throughput": throughput,
        "quality": quality,
        "peak_rss_mib": peak_rss_mib(),
    }


def headline(throughput: dict[str, Any], quality: dict[str, Any]) -> dict[str, Any]:
    """Per set and system: precision, recall, direct-identifier recall (span and value-disappears), clinical
    terms lost; and the throughput ratio."""
    out: dict[str, Any] = {
        "throughput_ratio_ours_batched_vs_vanilla": throughput["ratio_ours_batched_vs_vanilla"],
        "ours_batched_texts_per_s": throughput["ours_batched_in_process_texts_per_s"],
        "vanilla_texts_per_s": throughput["vanilla_one_at_a_time_texts_per_s"],
    }
    for name, systems in quality.items():
        for system, scores in systems.items():
            view = scores["all_labels"]
            out[f"{name}/{system}"] = {
                "precision": view["overall"]["precision"],
                "recall": view["overall"]["recall"],
                "direct_precision": view["direct_identifiers"]["precision"],
                "direct_recall": view["direct_identifiers"]["recall"],
                "direct_value_disappears_recall": view["value_disappears"]["direct_identifiers"]["recall"],
                "clinical_terms_lost_rate": view.get("clinical_terms", {}).get("lost_rate"),
            }
    return out


def _ray_throughput(texts: list[tuple[str, str]], rounds: int = 1) -> dict[str, Any]:
    from infra.ray import ensure_ray, shutdown_ray
    from ingest.deid.ray_pool import RayDeidentifierPool

    settings = Settings()
    deid_settings = DeidSettings(batch_size=32, ray_actors=2, detection_cache_size=0)
    ensure_ray(settings)
    try:
        started = time.perf_counter()
        with RayDeidentifierPool(KEY, deid_settings) as pool:
            setup_s = time.perf_counter() - started
            pool.deidentify_texts(texts[: 4 * deid_settings.batch_size])  # warm-up: batches for both actors
            rates = []
            for _ in range(rounds):
                started = time.perf_counter()
                pool.deidentify_texts(texts)
                rates.append(_rate(len(texts), time.perf_counter() - started))
    finally:
        shutdown_ray()
    return {
        "ray_actors": 2,
        "ray_texts_per_s": statistics.median(rates),
        "ray_texts_per_s_per_round": rates,
        "ray_setup_s": round(setup_s, 2),
    }

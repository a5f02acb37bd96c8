"""Root-cause analysis: taxonomy, evidence rules (EN and ZH), cluster aggregation, evaluation, learning."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest

from triage.rootcause import (
    Cause,
    Confirmed,
    EvaluationError,
    RootCauseAnalyzer,
    aggregate,
    evaluate,
    evaluate_csv,
    load_taxonomy,
)
from triage.rootcause.taxonomy import AXES, FIX_KINDS, HARMS, REQUIRED_IDS, TaxonomyError, parse_taxonomy

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def analyzer() -> RootCauseAnalyzer:
    return RootCauseAnalyzer()


def event(user: str, answer: str, **fields: Any) -> dict[str, Any]:
    return {"messages": [{"role": "user", "content": user}], "model_output": answer, "model_version": "m1", **fields}


# -- taxonomy --------------------------------------------------------------------------------------------------------
def test_taxonomy_loads_with_every_required_cause_and_field() -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.version == "1"
    assert set(REQUIRED_IDS) <= set(taxonomy.ids)
    for cause in taxonomy.causes:
        assert cause.definition
        assert len(cause.examples_en) >= 3 and len(cause.examples_zh) >= 3
        assert all(CJK.search(e) for e in cause.examples_zh)
        assert not any(CJK.search(e) for e in cause.examples_en)
        assert cause.healthbench_axis in AXES
        assert cause.default_harm in HARMS
        assert cause.fix_kind in FIX_KINDS
    assert taxonomy.get("missed_red_flag").default_harm == "severe"
    with pytest.raises(KeyError, match="unknown root cause"):
        taxonomy.get("bad_vibes")


def test_taxonomy_errors_name_the_cause_and_field() -> None:
    bad = {
        "version": "x",
        "causes": [
            {"id": "dose_or_unit_error", "definition": "d", "examples_en": ["a", "b", "c"],
             "examples_zh": ["甲", "乙", "丙"], "healthbench_axis": "vibes", "default_harm": "none",
             "fix_kind": "training_data"},
        ],
    }  # fmt: skip
    with pytest.raises(TaxonomyError, match="'dose_or_unit_error'.*healthbench_axis"):
        parse_taxonomy(bad)


# -- per-event causes ------------------------------------------------------------------------------------------------
def test_structured_tool_timeout_wins_over_the_words(analyzer: RootCauseAnalyzer) -> None:
    payload = event(
        "what does my blood report say?",
        "Sorry, I could not read it. Also, too much jargon ahead.",
        tool="ocr.read",
        arguments={"file_id": "f-1"},
        error="TimeoutError: upstream OCR did not answer in 30 s",
        feedback="too much jargon and it told me to go to the ER",
    )
    cause = analyzer.predict("tool_error", "en", payload)
    assert cause.cause_id == "tool_failure"
    assert "tool_error:ocr.read.timeout" in cause.evidence
    assert cause.method == "rules" and cause.confidence >= 0.9


def test_tool_call_with_invalid_arguments_is_misuse(analyzer: RootCauseAnalyzer) -> None:
    payload = event(
        "dose for 30 kg?", "Something went wrong.", tool="dose_calc", error="ValidationError: 'weight' must be a number"
    )
    cause = analyzer.predict("tool_error", "en", payload)
    assert cause.cause_id == "tool_misuse"
    assert "tool_error:dose_calc.invalid_arguments" in cause.evidence


def test_correction_changing_the_dose_number_is_a_dose_error(analyzer: RootCauseAnalyzer) -> None:
    payload = event(
        "how much cetirizine syrup for my daughter?",
        "Give her 7.5 mL once a day.",
        correction="For her age it is 2.5 mL once a day.",
        corrector_role="pharmacist",
    )
    cause = analyzer.predict("correction", "en", payload)
    assert cause.cause_id == "dose_or_unit_error"
    assert "correction:number_changed" in cause.evidence


def test_correction_changing_unit_and_chinese_dose(analyzer: RootCauseAnalyzer) -> None:
    en = analyzer.predict("correction", "en", event("b12 dose?", "Take 1000 mg daily.", correction="1000 mcg daily."))
    assert (en.cause_id, "correction:unit_changed" in en.evidence) == ("dose_or_unit_error", True)
    zh = analyzer.predict(
        "correction",
        "zh",
        event("孩子发烧吃多少退烧药", "每次吃2片，一天三次。", correction="按体重应每次1片，一天三次。"),
    )
    assert zh.cause_id == "dose_or_unit_error"
    assert "correction:number_changed" in zh.evidence


def test_correction_adding_a_drug_pair_or_emergency_advice(analyzer: RootCauseAnalyzer) -> None:
    pair = analyzer.predict(
        "correction",
        "en",
        event("can I start erythromycin? I take atorvastatin", "Yes, erythromycin is fine.",
              correction="Erythromycin raises atorvastatin levels: interaction, risk of myopathy."),
    )  # fmt: skip
    assert pair.cause_id == "interaction_missed" and "correction:drug_pair_added" in pair.evidence
    flag = analyzer.predict(
        "correction",
        "zh",
        event("突然说话不清，一边手没力气", "休息一下就好。", correction="疑似卒中，应立即拨打120去急诊。"),
    )
    assert flag.cause_id == "missed_red_flag" and "correction:emergency_added" in flag.evidence


def test_follow_up_reminding_of_an_earlier_fact_is_a_context_lapse(analyzer: RootCauseAnalyzer) -> None:
    payload = event("what antibiotic for my sinus infection?", "Amoxicillin for 7 days is usual.")
    payload["messages"] += [
        {"role": "assistant", "content": payload["model_output"]},
        {"role": "user", "content": "I told you last week I'm allergic to penicillin!"},
    ]
    cause = analyzer.predict("follow_up", "en", payload)
    assert cause.cause_id == "context_lapse"
    assert "followup:reference_back" in cause.evidence
    zh = event("鼻窦炎吃什么抗生素", "一般用头孢呋辛。")
    zh["messages"] += [
        {"role": "assistant", "content": zh["model_output"]},
        {"role": "user", "content": "我上个月就跟你说过我对头孢过敏"},
    ]
    assert analyzer.predict("follow_up", "zh", zh).cause_id == "context_lapse"


def test_citation_patterns_and_answer_shapes(analyzer: RootCauseAnalyzer) -> None:
    fabricated = analyzer.predict(
        "bad_case",
        "en",
        event("does fish oil cure eczema?", "Yes, see Okafor et al., JAMA Derm 2022;58(3):301.",
              feedback="that paper doesnt exist, I searched everywhere", rating=1),
    )  # fmt: skip
    assert fabricated.cause_id == "fabricated_evidence"
    refusal = analyzer.predict(
        "low_confidence", "zh", event("尿酸正常值是多少？", "抱歉，我不能提供医疗建议，请咨询医生。", confidence=0.2)
    )
    assert refusal.cause_id == "over_refusal" and "answer:refusal" in refusal.evidence


def test_free_text_transcript_and_determinism(analyzer: RootCauseAnalyzer) -> None:
    text = (
        "user: how much amoxicillin for 20 kg?\n"
        "assistant: 1000 mg twice a day.\n"
        "correction (physician): 500 mg twice a day."
    )
    first = analyzer.predict_text(text)
    assert first.cause_id == "dose_or_unit_error"
    assert analyzer.predict_text(text) == first
    assert analyzer.predict_text("the app logs me out every time, please fix").cause_id == "other"


# -- cluster aggregation ---------------------------------------------------------------------------------------------
def test_cluster_cause_counts_evidence_over_members() -> None:
    timeout = Cause("tool_failure", 0.95, ("tool_error:ocr.timeout",), "rules")
    unread = Cause("tool_failure", 0.6, ("feedback:tool_failure", "similarity:0.41"), "rules+similarity")
    other = Cause("communication", 0.7, ("feedback:communication",), "rules")
    members = [other] + [timeout] * 31 + [unread] * 4 + [other] * 4
    cluster = aggregate(members)
    assert cluster.cause_id == "tool_failure"
    assert (cluster.members, cluster.agreeing) == (40, 35)
    assert "31 of 40 signals carry tool_error ocr.timeout" in cluster.summary
    assert "35 of 40 signals are tool_failure" in cluster.summary
    assert dict(cluster.evidence_counts)["tool_error:ocr.timeout"] == 31
    assert "similarity:0.41" not in dict(cluster.evidence_counts)
    assert 0 < cluster.confidence < 1
    with pytest.raises(ValueError, match="empty cluster"):
        aggregate([])


# -- evaluation ------------------------------------------------------------------------------------------------------
def test_evaluate_scores_and_names_a_bad_label() -> None:
    rows = [
        {"text": "it said 50 mg but the box says 5 mg, wrong dose", "label": "dose_or_unit_error"},
        {"text": "the bot refuses to tell me what a normal blood pressure is", "label": "over_refusal"},
        {"text": "我上周就告诉过你我对青霉素过敏，你还推荐阿莫西林", "label": "context_lapse", "language": "zh"},
    ]
    result = evaluate(rows)
    assert result["n"] == 3 and result["accuracy"] == 1.0 and result["macro_f1"] == 1.0
    assert result["per_cause"]["over_refusal"]["recall"] == 1.0
    assert result["confusion"]["context_lapse"] == {"context_lapse": 1}
    assert set(result["by_language"]) == {"en", "zh"}
    bad = [*rows, {"id": "sig-77", "text": "whatever", "label": "bad_vibes"}]
    with pytest.raises(EvaluationError, match=r"row 3 \(id 'sig-77'\).*'bad_vibes'"):
        evaluate(bad)


def test_evaluate_csv_reads_columns_and_names_missing_ones(tmp_path: Path) -> None:
    path = tmp_path / "signals.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["message", "cause", "lang", "kind"])
        writer.writerow(["tool: ocr.read: 503 Service Unavailable\nuser: read my report", "tool_failure", "en", ""])
        writer.writerow(["回答全是专业术语，看不懂", "communication", "zh", "bad_case"])
    result = evaluate_csv(path, "message", "cause", language_col="lang", kind_col="kind")
    assert result["accuracy"] == 1.0 and result["source"] == str(path)
    with pytest.raises(EvaluationError, match="no column 'label'.*message, cause"):
        evaluate_csv(path, "message", "label")
    path.write_text("message,cause\nhello,not_a_cause\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match="row 0 \\(id 'line 2'\\)"):
        evaluate_csv(path, "message", "cause")
    # A quoted field over three lines: the next row starts on line 5 of the file, and is named so.
    path.write_text('message,cause\n"tool: ocr\n503\nread it",tool_failure\nhello,not_a_cause\n', encoding="utf-8")
    with pytest.raises(EvaluationError, match="row 1 \\(id 'line 5'\\)"):
        evaluate_csv(path, "message", "cause")


# -- learning from clinicians ----------------------------------------------------------------------------------------
MYTHS = [
    "cracking knuckles causes arthritis", "we only use 10 percent of our brains", "sugar makes children hyperactive",
    "most body heat is lost through the head", "shaving makes hair grow back thicker", "dim light ruins eyes",
    "you must wait an hour after eating to swim", "cold weather gives you a cold", "eating carrots gives night vision",
    "chocolate causes acne", "hair and nails keep growing after death", "blood is blue inside the veins",
    "antiperspirants cause breast cancer", "swallowed gum stays for seven years", "microwaves make food radioactive",
    "you should not wake a sleepwalker", "eggs raise heart attack risk for everyone", "vitamin c cures colds",
    "a runny green nose means bacteria", "fever must always be brought down", "detox teas clean the liver",
    "carbs at night cause weight gain", "you need eight glasses of water exactly", "sitting close to the tv hurts eyes",
    "stretching before running prevents injury", "brown eggs are healthier than white", "honey is safe for newborns",
    "feed a cold starve a fever", "alcohol warms you up", "you lose all immunity after a cold",
]  # fmt: skip


def myth(claim: str) -> Confirmed:
    payload = event(
        "quick health question", "Well, it is widely accepted.", feedback=f"the bot insisted {claim}", rating=2
    )
    return Confirmed("bad_case", "en", payload, "knowledge_error")


def outage(n: int) -> Confirmed:
    payload = event("book me in", "Booking failed.", tool="scheduler.book", error=f"HTTP 503 Service Unavailable ({n})")
    return Confirmed("tool_error", "en", payload, "tool_failure")


def test_classifier_learns_a_pattern_rules_do_not_know() -> None:
    train = [myth(c) for c in MYTHS[:24]] + [outage(n) for n in range(10)]
    test = [myth(c) for c in MYTHS[24:]]
    zero = RootCauseAnalyzer()
    before = sum(zero.predict(t.kind, t.language, t.payload).cause_id == "knowledge_error" for t in test)
    trained = RootCauseAnalyzer().fit(train)
    causes = trained.predict_many([(t.kind, t.language, t.payload) for t in test])
    after = sum(c.cause_id == "knowledge_error" for c in causes)
    assert trained.confirmations == {"en": 34} and trained.classifier_weights["en"] > 0
    assert after > before and after >= len(test) - 1
    assert any(e.startswith("classifier:p=") for e in causes[0].evidence)
    # Structured evidence still decides after training.
    assert trained.predict("tool_error", "en", outage(99).payload).cause_id == "tool_failure"
    with pytest.raises(ValueError, match="'bad_vibes' is not in taxonomy"):
        RootCauseAnalyzer().fit([Confirmed("bad_case", "en", {}, "bad_vibes")])

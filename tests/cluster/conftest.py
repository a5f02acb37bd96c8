"""Fixtures for the clustering tests: the MiniLM embedder (loaded once) and a small hand-made event set
with three themes per language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from cluster.embed import Embedder
from infra.records import EventRow

ThemeEvents = Callable[..., tuple[list[EventRow], dict[str, str]]]


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    model = Embedder()
    model.setup()
    return model


@pytest.fixture(scope="session")
def theme_events() -> ThemeEvents:
    return _theme_events


BASE_TIME = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)

EN_THEMES: dict[str, list[tuple[str, str, str]]] = {
    "dosage": [
        (
            "What dose of amoxicillin should my <PERSON_3f2a91> take, she weighs 14 kg?",
            "Give 500 mg three times a day.",
            "The dose is an adult dose, far too high for a 14 kg child.",
        ),
        (
            "How much paracetamol can a 3 year old have?",
            "Up to 1 g every 4 hours.",
            "Paediatric paracetamol dosing must be weight-based; 1 g is an overdose for a toddler.",
        ),
        (
            "Ibuprofen dose for my son, 20 kg?",
            "400 mg every 4 hours is fine.",
            "Weight-based dosing is 10 mg/kg; 400 mg is double the child's dose.",
        ),
        (
            "Children's dose of cetirizine for a 4 year old?",
            "10 mg twice daily.",
            "The paediatric cetirizine dose was wrong: 2.5 mg to 5 mg once daily for that age.",
        ),
    ],
    "interaction": [
        (
            "I take warfarin, can I also take aspirin for my headache?",
            "Yes, aspirin is fine for headaches.",
            "Missed the bleeding risk: warfarin plus aspirin is a dangerous drug interaction.",
        ),
        (
            "Is it safe to combine sertraline with tramadol?",
            "Yes, they can be taken together.",
            "Serotonin syndrome risk: sertraline and tramadol interaction was not mentioned.",
        ),
        (
            "Can I take clarithromycin while on simvastatin?",
            "Yes, no problem.",
            "Clarithromycin with simvastatin raises statin levels; interaction warning missing.",
        ),
        (
            "Can I drink grapefruit juice with my amlodipine and atorvastatin?",
            "Sure, grapefruit is healthy.",
            "Grapefruit interacts with atorvastatin; the drug interaction was missed.",
        ),
    ],
    "appointment": [
        (
            "Book me an appointment with cardiology next Tuesday, call me at <PHONE_0b71c2>",
            "Your appointment is booked.",
            "The booking tool failed, no appointment exists in the calendar.",
        ),
        (
            "Reschedule my dermatology appointment to Friday",
            "Done, moved to Friday.",
            "Appointment scheduling error: the slot was not changed.",
        ),
        (
            "Cancel my appointment with Dr. <PERSON_aa12bc> tomorrow",
            "Cancelled.",
            "The appointment system returned an error; cancellation never happened.",
        ),
        (
            "Can I get an appointment slot for a blood test this week?",
            "Booked for Thursday 9am.",
            "Scheduling tool timeout: no appointment slot was actually reserved.",
        ),
    ],
}

ZH_THEMES: dict[str, list[tuple[str, str, str]]] = {
    "dosage": [
        ("我女儿14公斤，阿莫西林吃多少？", "每次500毫克，每天三次。", "这是成人剂量，儿童剂量过高。"),
        ("三岁孩子对乙酰氨基酚吃多少剂量？", "每四小时1克。", "儿童剂量应按体重计算，1克严重过量。"),
        ("儿子20公斤，布洛芬剂量是多少？", "每次400毫克。", "按体重计算儿童剂量，400毫克过量。"),
        ("四岁儿童西替利嗪剂量？", "每天两次，每次10毫克。", "儿童剂量错误，应减半。"),
    ],
    "interaction": [
        ("我在吃华法林，可以同时吃阿司匹林吗？", "可以。", "华法林和阿司匹林有药物相互作用，出血风险。"),
        ("舍曲林和曲马多能一起吃吗？", "可以一起吃。", "遗漏了药物相互作用：血清素综合征风险。"),
        ("吃辛伐他汀期间能用克拉霉素吗？", "没问题。", "克拉霉素与辛伐他汀存在药物相互作用。"),
        ("吃阿托伐他汀能喝西柚汁吗？", "可以喝。", "西柚汁与阿托伐他汀有药物相互作用，回答遗漏。"),
    ],
    "appointment": [
        ("帮我预约下周二心内科门诊，电话<PHONE_0b71c2>", "已为您预约。", "预约系统出错，没有成功挂号。"),
        ("把皮肤科预约改到周五", "已改到周五。", "预约改期失败，系统报错。"),
        ("取消明天<PERSON_aa12bc>医生的预约", "已取消。", "预约系统返回错误，取消没有成功。"),
        ("这周能预约抽血吗？", "已预约周四上午。", "预约工具超时，实际没有预约成功。"),
    ],
}


def _payload(language: str, question: str, answer: str, feedback: str, n: int) -> dict[str, Any]:
    return {
        "event_id": f"{language}-{n:04d}",
        "kind": "bad_case",
        "language": language,
        "messages": [{"role": "user", "content": question}, {"role": "assistant", "content": answer}],
        "model_output": answer,
        "rating": 1,
        "feedback": feedback,
    }


def _theme_events(repeats: int = 1) -> tuple[list[EventRow], dict[str, str]]:
    """Rows and each row's true theme (`<language>:<theme>`); `repeats` copies each example."""
    rows: list[EventRow] = []
    truth: dict[str, str] = {}
    n = 0
    for language, themes in (("en", EN_THEMES), ("zh", ZH_THEMES)):
        for theme, examples in themes.items():
            for _ in range(repeats):
                for question, answer, feedback in examples:
                    n += 1
                    payload = _payload(language, question, answer, feedback, n)
                    kind = ("bad_case", "correction", "tool_error")[n % 3]
                    rows.append(EventRow(payload["event_id"], kind, language, BASE_TIME + timedelta(hours=n), payload))
                    truth[payload["event_id"]] = f"{language}:{theme}"
    return rows, truth

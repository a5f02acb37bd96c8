"""Seeded generator of the labelled root-cause benchmark: `python -m benchmarks.rca_data.generate`.

Writes `rca_signals.jsonl` (id, language, kind, payload, text, label, split) and `rca_signals.csv`
(text, label, language, kind) beside this file. English and Chinese, 14 causes, `ROWS_PER_CAUSE` rows
per cause and language, signal kinds mixed (and free-text-only rows, kind "unknown"). The held-out
split (about 30 %) is drawn from separate phrasing templates and slot pools (`phrases_*.py`: each list
is a `(tune, heldout)` pair), so held-out wording was never seen while tuning. Consumer noise (no
capitals, misspellings, dropped punctuation; colloquial and homophone slips in Chinese) is applied to
text that users type.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from pathlib import Path
from types import ModuleType
from typing import Any

from benchmarks.rca_data import phrases_en, phrases_zh

HERE = Path(__file__).resolve().parent
JSONL_PATH = HERE / "rca_signals.jsonl"
CSV_PATH = HERE / "rca_signals.csv"
SEED = 20260301
ROWS_PER_CAUSE = 50
HELDOUT_PER_CAUSE = 15
FREE_TEXT_KIND = "unknown"
PHRASES: dict[str, ModuleType] = {"en": phrases_en, "zh": phrases_zh}

# Which signal kinds each cause arrives as, with relative weights.
KINDS: dict[str, dict[str, float]] = {
    "missed_red_flag": {"correction": 3, "bad_case": 3, "follow_up": 2, "low_confidence": 1, FREE_TEXT_KIND: 1.5},
    "dose_or_unit_error": {"correction": 4, "bad_case": 2, "follow_up": 2, FREE_TEXT_KIND: 1.5},
    "interaction_missed": {"correction": 3, "bad_case": 2, "follow_up": 2, "low_confidence": 1, FREE_TEXT_KIND: 1.5},
    "insufficient_history": {"correction": 3, "bad_case": 2, "follow_up": 2, "low_confidence": 1, FREE_TEXT_KIND: 1.5},
    "context_lapse": {"follow_up": 4, "bad_case": 2, "correction": 2, FREE_TEXT_KIND: 1.5},
    "fabricated_evidence": {"correction": 3, "bad_case": 2, "follow_up": 2, "low_confidence": 1, FREE_TEXT_KIND: 1.5},
    "tool_failure": {"tool_error": 5, "bad_case": 1.5, "follow_up": 1.5, FREE_TEXT_KIND: 1.5},
    "tool_misuse": {"tool_error": 4, "correction": 2, "bad_case": 1.5, FREE_TEXT_KIND: 1.5},
    "knowledge_error": {"correction": 3, "bad_case": 2, "follow_up": 2, "low_confidence": 1, FREE_TEXT_KIND: 1.5},
    "outdated_guidance": {"correction": 3, "bad_case": 2, "follow_up": 2, FREE_TEXT_KIND: 1.5},
    "communication": {"bad_case": 3, "correction": 2, "follow_up": 2, FREE_TEXT_KIND: 1.5},
    "over_refusal": {"bad_case": 2.5, "follow_up": 2, "correction": 1.5, "low_confidence": 1.5, FREE_TEXT_KIND: 1.5},
    "off_topic_output": {"bad_case": 3, "follow_up": 2, "low_confidence": 1.5, FREE_TEXT_KIND: 1.5},
    "other": {"bad_case": 4, "follow_up": 1.5, FREE_TEXT_KIND: 2},
}
# Causes whose failure shows in the question and answer alone: their bad cases may carry a rating only.
VISIBLE_IN_ANSWER = {"missed_red_flag", "over_refusal", "off_topic_output"}
MODEL_VERSIONS = ("medassist-2025.11", "medassist-2026.01", "medassist-2026.02-rc")


class Draw:
    """One row's random choices, restricted to the tune or the held-out half of every list."""

    def __init__(self, rng: random.Random, phrases: ModuleType, cause: str, heldout: bool) -> None:
        self.rng = rng
        self.phrases = phrases
        self.cause = cause
        self.side = 1 if heldout else 0
        self.slots: dict[str, str] = {}
        for name, pair in phrases.POOLS.get(cause, {}).items():
            entry = rng.choice(pair[self.side])
            self.slots.update(entry if isinstance(entry, dict) else {name: entry})

    def has(self, part: str, cause: str | None = None) -> bool:
        return part in self.phrases.TEMPLATES.get(cause or self.cause, {})

    def part(self, part: str, cause: str | None = None) -> str:
        template = self.rng.choice(self.phrases.TEMPLATES[cause or self.cause][part][self.side])
        return template.format(**self.slots)

    def pick(self, pair: tuple[list[str], list[str]]) -> str:
        return str(self.rng.choice(pair[self.side]))


def _noise_en(text: str, rng: random.Random, misspellings: dict[str, str]) -> str:
    if rng.random() < 0.35:
        for right, wrong in misspellings.items():
            if rng.random() < 0.7:
                text = re.sub(rf"\b{re.escape(right)}\b", wrong, text, flags=re.IGNORECASE)
    if rng.random() < 0.35:
        text = text.lower()
    if rng.random() < 0.25:
        text = text.rstrip(".?!")
    if rng.random() < 0.1:
        words = text.split()
        long_words = [i for i, w in enumerate(words) if len(w) > 5 and w.isalpha()]
        if long_words:
            i = rng.choice(long_words)
            w = words[i]
            j = rng.randrange(1, len(w) - 2)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
            text = " ".join(words)
    return text


def _noise_zh(text: str, rng: random.Random, misspellings: dict[str, str]) -> str:
    if rng.random() < 0.3:
        for right, wrong in misspellings.items():
            if rng.random() < 0.6:
                text = text.replace(right, wrong)
    if rng.random() < 0.3:
        text = re.sub(r"[，。？！、]", " ", text).strip()
    if rng.random() < 0.1:
        text += rng.choice(["啊", "呢", "哈", "。。。"])
    return text


def _consumer(text: str, language: str, draw: Draw) -> str:
    noise = _noise_zh if language == "zh" else _noise_en
    return noise(text, draw.rng, draw.phrases.MISSPELLINGS)


def _answer(draw: Draw, kind: str) -> str:
    cause = draw.cause
    if cause == "off_topic_output":
        return draw.slots["bad_output"]
    if kind == "tool_error" or (cause == "tool_failure" and not draw.has("answer")):
        return draw.part("answer", "tool_failure")
    if kind == "low_confidence" and draw.has("low_answer"):
        return draw.part("low_answer")
    return draw.part("answer")


def _messages(draw: Draw, language: str) -> list[dict[str, str]]:
    messages: list[dict[str, str]] = []
    if draw.cause == "context_lapse" and draw.rng.random() < 0.6:
        messages.append({"role": "user", "content": _consumer(draw.part("earlier"), language, draw)})
        messages.append({"role": "assistant", "content": draw.pick(draw.phrases.ACKNOWLEDGE)})
    messages.append({"role": "user", "content": _consumer(draw.part("question"), language, draw)})
    return messages


def build_payload(draw: Draw, kind: str, language: str) -> dict[str, Any]:
    rng = draw.rng
    if kind == FREE_TEXT_KIND:
        return {"text": _consumer(draw.part("free"), language, draw)}
    messages = _messages(draw, language)
    answer = _answer(draw, kind)
    payload: dict[str, Any] = {
        "messages": messages,
        "model_output": answer,
        "model_version": rng.choice(MODEL_VERSIONS),
    }
    if kind == "bad_case":
        payload["rating"] = rng.choice([1, 1, 2])
        if draw.cause not in VISIBLE_IN_ANSWER or rng.random() < 0.8:
            payload["feedback"] = _consumer(draw.part("feedback"), language, draw)
    elif kind == "follow_up":
        part = "followup" if draw.has("followup") else "feedback"
        messages.append({"role": "assistant", "content": answer})
        messages.append({"role": "user", "content": _consumer(draw.part(part), language, draw)})
    elif kind == "correction":
        payload["correction"] = draw.part("correction")
        payload["corrector_role"] = draw.pick(draw.phrases.CORRECTOR_ROLES)
    elif kind == "low_confidence":
        payload["confidence"] = round(rng.uniform(0.05, 0.45), 2)
    elif kind == "tool_error":
        tool, error = draw.slots["tool"], draw.slots["error"]
        query = draw.slots.get("upload") or draw.slots.get("asked") or ""
        payload["tool"] = tool
        payload["arguments"] = {"query": query, "request_id": f"r-{rng.randrange(10**6):06d}"}
        payload["error"] = error
        messages.append({"role": "tool", "content": f"{tool}: {error}"})
    return payload


def render_text(kind: str, payload: dict[str, Any]) -> str:
    """A free-text rendering of a signal, for CSV use: one 'role: content' line per part."""
    if kind == FREE_TEXT_KIND:
        return str(payload["text"])
    lines = [f"{m['role']}: {m['content']}" for m in payload["messages"]]
    if not any(m["role"] == "assistant" and m["content"] == payload["model_output"] for m in payload["messages"]):
        lines.append(f"assistant: {payload['model_output']}")
    if payload.get("feedback"):
        lines.append(f"feedback: {payload['feedback']}")
    elif "rating" in payload:
        lines.append(f"rating: {payload['rating']}/5")
    if payload.get("correction"):
        lines.append(f"correction ({payload['corrector_role']}): {payload['correction']}")
    if "confidence" in payload:
        lines.append(f"confidence: {payload['confidence']}")
    return "\n".join(lines)


def generate(
    seed: int = SEED, rows_per_cause: int = ROWS_PER_CAUSE, heldout_per_cause: int = HELDOUT_PER_CAUSE
) -> list[dict]:
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    for language, phrases in PHRASES.items():
        for cause, kinds in KINDS.items():
            names, weights = list(kinds), list(kinds.values())
            for i in range(rows_per_cause):
                heldout = i < heldout_per_cause
                kind = rng.choices(names, weights)[0]
                draw = Draw(rng, phrases, cause, heldout)
                payload = build_payload(draw, kind, language)
                rows.append(
                    {
                        "language": language,
                        "kind": kind,
                        "payload": payload,
                        "text": render_text(kind, payload),
                        "label": cause,
                        "split": "heldout" if heldout else "tune",
                    }
                )
    rng.shuffle(rows)
    return [{"id": f"rca-{n:05d}", **row} for n, row in enumerate(rows)]


def write(rows: list[dict[str, Any]], jsonl_path: Path = JSONL_PATH, csv_path: Path = CSV_PATH) -> None:
    with jsonl_path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    with csv_path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["text", "label", "language", "kind"])
        for row in rows:
            kind = "" if row["kind"] == FREE_TEXT_KIND else row["kind"]
            writer.writerow([row["text"], row["label"], row["language"], kind])


def load(path: Path = JSONL_PATH) -> list[dict[str, Any]]:
    """The benchmark rows; generated (and written) first if the file is missing."""
    if not path.exists():
        write(generate())
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    rows = generate(args.seed)
    write(rows)
    heldout = sum(r["split"] == "heldout" for r in rows)
    print(f"{len(rows)} rows ({heldout} held out) -> {JSONL_PATH.name}, {CSV_PATH.name}")


if __name__ == "__main__":
    main()

"""One signal as root-cause analysis reads it: the event's kind and language and the parts of its payload
(question, answer, correction, feedback, follow-up, tool error) that carry evidence.

Structured events arrive as `(kind, language, payload)` with the signal event's fields. A free-text
signal (kind unknown, e.g. a CSV row) is `payload={"text": ...}`; if that text is a transcript of
`role: content` lines, the roles are recovered so structured evidence still applies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from triage.rootcause.lexicon import ERROR_SHAPE

FREE_TEXT_KIND = "unknown"
KINDS = ("bad_case", "follow_up", "correction", "low_confidence", "tool_error")

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_TOOL_LINE = re.compile(r"^\s*([a-z][\w\-]*[._][\w.\-]*)\s*:\s*(.+)$", re.IGNORECASE | re.DOTALL)

# Transcript line prefixes (English and Chinese) -> the part of a signal they fill.
_ROLE_PREFIXES: dict[str, str] = {
    "user": "user",
    "patient": "user",
    "用户": "user",
    "患者": "user",
    "assistant": "assistant",
    "bot": "assistant",
    "model": "assistant",
    "answer": "assistant",
    "助手": "assistant",
    "回答": "assistant",
    "clinician": "correction",
    "correction": "correction",
    "physician": "correction",
    "doctor": "correction",
    "pharmacist": "correction",
    "nurse": "correction",
    "纠正": "correction",
    "医生": "correction",
    "feedback": "feedback",
    "comment": "feedback",
    "反馈": "feedback",
    "评价": "feedback",
    "tool": "tool",
    "error": "tool",
    "工具": "tool",
    "system": "system",
    "rating": "rating",
    "confidence": "confidence",
}
_PREFIX_RE = re.compile(
    r"^\s*(?P<role>" + "|".join(sorted(map(re.escape, _ROLE_PREFIXES), key=len, reverse=True)) + r")"
    r"(?:\s*\([^)]{0,40}\))?\s*[:：]\s?(?P<content>.*)$",
    re.IGNORECASE,
)


def detect_language(text: str) -> str:
    """'zh' when there is at least one Chinese character per ten Latin letters, else 'en'."""
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    return "zh" if cjk and cjk * 10 >= latin else "en"


def normalise_language(language: str | None, text: str) -> str:
    if language:
        lowered = language.strip().lower()
        if lowered.startswith("zh") or lowered in {"chinese", "cn", "中文"}:
            return "zh"
        if lowered.startswith("en") or lowered == "english":
            return "en"
    return detect_language(text)


@dataclass(frozen=True)
class Signal:
    """The parts of one signal that root-cause rules read. Text fields are '' when absent."""

    kind: str
    language: str
    question: str  # the user's turns up to the answer
    earlier: str  # user turns before the last question (facts given earlier)
    answer: str
    followup: str  # the user's turn after the answer
    feedback: str
    correction: str
    corrector_role: str
    confidence: float | None
    tool: str
    error: str
    tool_messages: str
    free_text: str  # a free-text signal's own text (no transcript structure found)
    rating: int | None = None

    @property
    def complaint(self) -> str:
        """What says how the answer failed: correction, feedback, follow-up and free text."""
        return "\n".join(t for t in (self.correction, self.feedback, self.followup, self.free_text) if t)

    @property
    def is_free_text(self) -> bool:
        return bool(self.free_text)

    def render(self) -> str:
        """All the signal's text in a fixed order (what the classifier and similarity read)."""
        parts = [
            self.free_text,
            self.earlier,
            self.question,
            self.answer,
            self.followup,
            self.feedback,
            self.correction,
            f"{self.tool} {self.error}".strip(),
            self.tool_messages,
        ]
        return "\n".join(p for p in parts if p)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _split_messages(messages: list[dict[str, Any]], answer: str) -> tuple[str, str, str, str, str]:
    """(earlier user turns, question, answer, follow-up, tool messages) of a conversation."""
    user_before: list[str] = []
    followups: list[str] = []
    tools: list[str] = []
    clinician: list[str] = []
    answer_seen = False
    for message in messages:
        if not isinstance(message, dict):
            continue
        role, content = message.get("role"), _text(message.get("content"))
        if not content:
            continue
        if role == "assistant":
            if answer and content == answer:
                answer_seen = True
            elif not answer:
                answer, answer_seen = content, True
        elif role == "user":
            (followups if answer_seen else user_before).append(content)
        elif role == "tool":
            tools.append(content)
        elif role == "clinician":
            clinician.append(content)
    # Without the answer among the messages, a last user turn after an assistant turn is a follow-up.
    if not answer_seen and len(user_before) > 1 and messages and messages[-1].get("role") == "user":
        roles = [m.get("role") for m in messages if isinstance(m, dict)]
        if "assistant" in roles[:-1]:
            followups.append(user_before.pop())
    question = user_before[-1] if user_before else ""
    earlier = "\n".join(user_before[:-1])
    return earlier, question, answer, "\n".join(followups), "\n".join(tools + clinician)


def _parse_transcript(text: str) -> dict[str, Any] | None:
    """A payload from `role: content` lines, or None when fewer than two lines carry a known role."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return None
    messages: list[dict[str, str]] = []
    payload: dict[str, Any] = {}
    recognised = 0
    for line in lines:
        match = _PREFIX_RE.match(line)
        if not match:
            if messages:
                messages[-1]["content"] += "\n" + line.strip()
            continue
        recognised += 1
        role = _ROLE_PREFIXES[match.group("role").lower()]
        content = match.group("content").strip()
        if role in {"user", "assistant", "tool", "system"}:
            messages.append({"role": role, "content": content})
        elif role == "correction":
            payload["correction"] = (payload.get("correction", "") + "\n" + content).strip()
        elif role == "feedback":
            payload["feedback"] = (payload.get("feedback", "") + "\n" + content).strip()
        elif role == "confidence":
            number = re.search(r"\d*\.?\d+", content)
            if number:
                payload["confidence"] = float(number.group())
        elif role == "rating":
            number = re.search(r"\d+", content)
            if number:
                payload["rating"] = int(number.group())
    if recognised < 2 or not any(m["role"] == "user" for m in messages):
        return None
    payload["messages"] = messages
    return payload


def from_event(kind: str | None, language: str | None, payload: dict[str, Any]) -> Signal:
    """A `Signal` from an event's kind, language and JSON payload (unknown fields are ignored)."""
    kind = (kind or "").strip() or FREE_TEXT_KIND
    free_text = _text(payload.get("text"))
    if free_text and not payload.get("messages"):
        parsed = _parse_transcript(free_text)
        if parsed is not None:
            payload, free_text = {**payload, **parsed}, ""
    messages = payload.get("messages") if isinstance(payload.get("messages"), list) else []
    answer = _text(payload.get("model_output"))
    earlier, question, answer, followup, tool_messages = _split_messages(messages or [], answer)
    confidence = payload.get("confidence")
    rating = payload.get("rating")
    tool = _text(payload.get("tool"))
    error = _text(payload.get("error"))
    if (
        not error
        and tool_messages
        and (kind == "tool_error" or (kind == FREE_TEXT_KIND and ERROR_SHAPE.search(tool_messages)))
    ):
        named = _TOOL_LINE.match(tool_messages)
        tool, error = (tool or named.group(1), named.group(2)) if named else (tool, tool_messages)
    all_text = " ".join([free_text, question, answer, followup, _text(payload.get("feedback"))])
    return Signal(
        kind=kind,
        language=normalise_language(language, all_text),
        question=question,
        earlier=earlier,
        answer=answer,
        followup=followup,
        feedback=_text(payload.get("feedback")),
        correction=_text(payload.get("correction")),
        corrector_role=_text(payload.get("corrector_role")),
        confidence=float(confidence) if isinstance(confidence, int | float) else None,
        tool=tool,
        error=error,
        tool_messages=tool_messages,
        free_text=free_text,
        rating=rating if isinstance(rating, int) else None,
    )


def from_text(text: str, language: str | None = None, kind: str | None = None) -> Signal:
    """A free-text signal (kind unknown unless given)."""
    return from_event(kind, language, {"text": text})

"""Evidence rules: each finding names a cause, a weight in (0, 1] and a machine-readable evidence string.

Tiers, strongest first: (0) structured fields (tool error class, corrector role), (1) what a correction
changed against the answer, (2) what the user or clinician said afterwards (follow-up, feedback, the
correction's wording, a free-text report), (3) citation patterns, (4) the shape of the question and
answer alone (a refusal, garbled output, red-flag symptoms left unaddressed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from triage.rootcause import lexicon
from triage.rootcause.compare import correction_changes, frequencies, quantities
from triage.rootcause.drugs import drugs_in
from triage.rootcause.signal import Signal

STRUCTURED, CORRECTION, STATEMENT, CITATION, SHAPE = 0, 1, 2, 3, 4


@dataclass(frozen=True)
class Finding:
    cause_id: str
    weight: float
    evidence: str
    tier: int


# Correction diffs -> (cause, weight).
_DIFFS: dict[str, tuple[str, float]] = {
    "correction:number_changed": ("dose_or_unit_error", 0.92),
    "correction:unit_changed": ("dose_or_unit_error", 0.92),
    "correction:frequency_changed": ("dose_or_unit_error", 0.88),
    "correction:dose_stated": ("dose_or_unit_error", 0.6),
    "correction:drug_pair_added": ("interaction_missed", 0.9),
    "correction:drug_pair_named": ("interaction_missed", 0.75),
    "correction:emergency_added": ("missed_red_flag", 0.9),
}

# Cue in what someone said about the answer -> (cause, weight).
_STATEMENT_CUES: tuple[tuple[str, str, float], ...] = (
    ("reference_back", "context_lapse", 0.85),
    ("outdated", "outdated_guidance", 0.8),
    ("history", "insufficient_history", 0.72),
    ("off_topic", "off_topic_output", 0.78),
    ("communication", "communication", 0.7),
    ("refusal_complaint", "over_refusal", 0.7),
    ("tool_misuse", "tool_misuse", 0.7),
    ("tool_failure", "tool_failure", 0.6),
    ("other", "other", 0.6),
    ("knowledge", "knowledge_error", 0.5),
)
# How much a zone's author is believed: a clinician's correction over a user's words over an unknown report.
_ZONE_TRUST = {"correction": 1.0, "feedback": 0.9, "followup": 0.9, "report": 0.85}

_REPEAT = re.compile(r"(\b\S+\b)(?:\W+\1\b){3,}|(.)\2{3,}|#{3,}|\[INST\]|<\|[a-z_]+\|>|\{[a-z_]+\}", re.IGNORECASE)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_EN_FUNCTION_WORDS = re.compile(
    r"\b(?:the|a|an|and|or|is|are|you|your|to|of|in|for|it|this|that|with|be|can|i|my|on|if|not|do|have)\b",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"[.!?。！？…)\]）”\"']\s*$")


def _wrong_language(answer: str, language: str) -> bool:
    letters = re.findall(r"[^\W\d_]", answer)
    if len(letters) < 12:
        return False
    cjk = len(_CJK.findall(answer))
    if language == "zh":
        return cjk < 0.1 * len(letters)
    if cjk > 0.3 * len(letters):
        return True
    words = re.findall(r"[^\W\d_]+", answer)
    return len(words) >= 6 and len(_EN_FUNCTION_WORDS.findall(answer)) < 0.1 * len(words)


def _truncated(answer: str) -> bool:
    stripped = answer.strip()
    return (
        len(stripped) > 15
        and not _TERMINAL.search(stripped)
        and bool(re.search(r"(?:\d\.|[:：])\s*\S{0,12}$", stripped))
    )


_EN_STOP = frozenset(
    (
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "about",
        "from",
        "by",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "i",
        "me",
        "my",
        "you",
        "your",
        "he",
        "she",
        "his",
        "her",
        "we",
        "our",
        "they",
        "them",
        "their",
        "what",
        "which",
        "who",
        "how",
        "when",
        "where",
        "why",
        "can",
        "could",
        "should",
        "would",
        "will",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "not",
        "no",
        "yes",
        "any",
        "some",
        "more",
        "most",
        "very",
        "just",
        "so",
        "than",
        "then",
        "there",
        "here",
        "as",
        "up",
        "down",
        "out",
        "over",
        "also",
        "please",
        "thanks",
        "hi",
        "hello",
        "question",
        "know",
        "help",
    )
)


def _content(text: str, language: str) -> set[str]:
    if language == "zh":
        chars = re.sub(r"[^\u4e00-\u9fff]", "", text)
        return {chars[i : i + 2] for i in range(len(chars) - 1)} - {"我的", "什么", "一下", "可以", "您的", "问题"}
    return {w for w in re.findall(r"[a-z]{3,}", text.lower()) if w not in _EN_STOP}


def _no_overlap(question: str, answer: str, language: str) -> bool:
    """The answer shares no content word (Chinese: character pair) with a question that has some."""
    asked, said = _content(question, language), _content(answer, language)
    return len(asked) >= 2 and len(said) >= 4 and not asked & said


def structured_findings(signal: Signal) -> list[Finding]:
    found: list[Finding] = []
    if signal.kind == "tool_error" or signal.error:
        error_class = lexicon.error_class(signal.error)
        tool = signal.tool or "tool"
        if error_class in lexicon.MISUSE_ERRORS:
            found.append(Finding("tool_misuse", 0.95, f"tool_error:{tool}.{error_class}", STRUCTURED))
        elif error_class in lexicon.FAILURE_ERRORS:
            found.append(Finding("tool_failure", 0.95, f"tool_error:{tool}.{error_class}", STRUCTURED))
        elif signal.kind == "tool_error":
            found.append(Finding("tool_failure", 0.6, f"tool_error:{tool}.unclassified", STRUCTURED))
    role = signal.corrector_role.lower()
    if role == "pharmacist":
        found.append(Finding("dose_or_unit_error", 0.15, "corrector:pharmacist", STRUCTURED))
        found.append(Finding("interaction_missed", 0.15, "corrector:pharmacist", STRUCTURED))
    return found


def correction_findings(signal: Signal) -> list[Finding]:
    if not signal.correction:
        return []
    changes = correction_changes(
        signal.answer, signal.correction, signal.question + "\n" + signal.earlier, signal.language
    )
    return [Finding(*_DIFFS[e], e, CORRECTION) for e in changes]


def _zones(signal: Signal) -> list[tuple[str, str]]:
    zones = [("correction", signal.correction), ("feedback", signal.feedback), ("followup", signal.followup)]
    zones.append(("report", signal.free_text))
    return [(name, text) for name, text in zones if text]


def statement_findings(signal: Signal) -> list[Finding]:
    lang = signal.language
    found: list[Finding] = []
    context = "\n".join((signal.question, signal.earlier, signal.answer))
    for zone, text in _zones(signal):
        trust = _ZONE_TRUST[zone]
        for cue_name, cause, weight in _STATEMENT_CUES:
            if lexicon.has(cue_name, text, lang):
                found.append(Finding(cause, weight * trust, f"{zone}:{cue_name}", STATEMENT))
        if lexicon.has("fabricated", text, lang):
            sourced = lexicon.has("source_word", text, lang) or lexicon.has(
                "citation", text + "\n" + signal.answer, lang
            )
            found.append(
                Finding(
                    "fabricated_evidence", (0.9 if sourced else 0.55) * trust, f"{zone}:source_not_found", STATEMENT
                )
            )
        if zone != "correction" and lexicon.has("emergency", text, lang):
            found.append(Finding("missed_red_flag", 0.75 * trust, f"{zone}:emergency", STATEMENT))
        if zone == "report" and lexicon.has("red_flag_symptom", text, lang):
            found.append(Finding("missed_red_flag", 0.55 * trust, f"{zone}:red_flag_symptom", STATEMENT))
        doses = quantities(text, lang)
        if len(doses) >= 2 or (doses and (lexicon.has("dose_word", text, lang) or len(frequencies(text, lang)) >= 2)):
            found.append(Finding("dose_or_unit_error", 0.82 * trust, f"{zone}:dose_quantities", STATEMENT))
        elif zone != "correction" and (doses or lexicon.has("dose_word", text, lang)):
            found.append(Finding("dose_or_unit_error", 0.45 * trust, f"{zone}:dose_word", STATEMENT))
        if zone != "correction" and (
            lexicon.has("interaction", text, lang) or lexicon.has("warning_missed", text, lang)
        ):
            drugs = drugs_in(text, lang) | drugs_in(context, lang)
            if len(drugs) >= 2:
                found.append(Finding("interaction_missed", 0.72 * trust, f"{zone}:drug_pair", STATEMENT))
        elif zone != "correction" and len(drugs_in(text, lang)) >= 2:
            found.append(Finding("interaction_missed", 0.55 * trust, f"{zone}:drug_pair_named", STATEMENT))
        error_class = lexicon.error_class(text) if zone == "report" and lexicon.ERROR_SHAPE.search(text) else None
        if error_class in lexicon.MISUSE_ERRORS:
            found.append(Finding("tool_misuse", 0.85 * trust, f"{zone}:error.{error_class}", STATEMENT))
        elif error_class in lexicon.FAILURE_ERRORS:
            found.append(Finding("tool_failure", 0.8 * trust, f"{zone}:error.{error_class}", STATEMENT))
        if zone == "report" and lexicon.has("guideline_year", text, lang):
            found.append(Finding("outdated_guidance", 0.45 * trust, f"{zone}:dated_guideline", STATEMENT))
    return found


def citation_findings(signal: Signal) -> list[Finding]:
    lang = signal.language
    found: list[Finding] = []
    if lexicon.has("guideline_year", signal.answer, lang):
        found.append(Finding("outdated_guidance", 0.35, "answer:dated_guideline", CITATION))
    elif lexicon.has("citation", signal.answer, lang):
        found.append(Finding("fabricated_evidence", 0.45, "answer:citation", CITATION))
    return found


def shape_findings(signal: Signal) -> list[Finding]:
    lang = signal.language
    answer = signal.answer
    found: list[Finding] = []
    if not answer:
        return found
    if lexicon.has("refusal", answer, lang) and len(answer) < (120 if lang == "zh" else 320):
        found.append(Finding("over_refusal", 0.75, "answer:refusal", SHAPE))
    if _REPEAT.search(answer):
        found.append(Finding("off_topic_output", 0.85, "answer:garbled", SHAPE))
    elif _wrong_language(answer, lang):
        found.append(Finding("off_topic_output", 0.85, "answer:wrong_language", SHAPE))
    elif _truncated(answer):
        found.append(Finding("off_topic_output", 0.6, "answer:truncated", SHAPE))
    asked = "\n".join((signal.earlier, signal.question))
    if lexicon.has("red_flag_symptom", asked, lang) and not lexicon.has("emergency", answer, lang):
        found.append(Finding("missed_red_flag", 0.6, "question:red_flag_unaddressed", SHAPE))
    if len(drugs_in(signal.question, lang)) >= 2 and not lexicon.has("warning", answer, lang):
        found.append(Finding("interaction_missed", 0.4, "question:drug_pair_unwarned", SHAPE))
    if not found and _no_overlap(signal.question, answer, lang):
        found.append(Finding("off_topic_output", 0.3, "answer:no_overlap", SHAPE))
    if signal.earlier and lexicon.has("personal_fact", signal.earlier, lang):
        found.append(Finding("context_lapse", 0.3, "conversation:fact_given_earlier", SHAPE))
    return found


def findings(signal: Signal) -> list[Finding]:
    """Every rule finding of a signal, strongest tier first."""
    out = structured_findings(signal) + correction_findings(signal) + statement_findings(signal)
    out += citation_findings(signal) + shape_findings(signal)
    return sorted(out, key=lambda f: (f.tier, -f.weight))

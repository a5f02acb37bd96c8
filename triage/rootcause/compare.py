"""What a clinician's correction changed compared with the answer: dose numbers or units, frequency,
an added drug pair with an interaction warning, added emergency advice. Returns evidence strings."""

from __future__ import annotations

import re

from triage.rootcause import lexicon
from triage.rootcause.drugs import drugs_in

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?|[一二两三四五六七八九十半]+")
_ZH_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "半": 0.5,
}
_UNIT_ALIASES = {
    "micrograms": "mcg", "microgram": "mcg", "µg": "mcg", "ug": "mcg", "微克": "mcg",
    "milligrams": "mg", "milligram": "mg", "毫克": "mg",
    "grams": "g", "gram": "g", "克": "g",
    "milliliters": "ml", "milliliter": "ml", "millilitres": "ml", "millilitre": "ml", "毫升": "ml",
    "units": "unit", "iu": "unit", "单位": "unit", "国际单位": "unit",
    "tablets": "tablet", "tabs": "tablet", "tab": "tablet", "片": "tablet",
    "capsules": "capsule", "caps": "capsule", "cap": "capsule", "粒": "capsule",
    "teaspoons": "tsp", "teaspoon": "tsp", "勺": "tsp", "tablespoons": "tbsp", "tablespoon": "tbsp",
    "drops": "drop", "滴": "drop", "puffs": "puff", "patches": "patch", "贴": "patch",
}  # fmt: skip


def _number(token: str) -> float | None:
    token = token.replace(",", "")
    try:
        return float(token)
    except ValueError:
        pass
    if token and all(ch in _ZH_DIGITS for ch in token):
        return float(sum(_ZH_DIGITS[ch] for ch in token))
    return None


def quantities(text: str, language: str) -> set[tuple[float, str]]:
    """(number, unit) pairs of the dose quantities in `text`; "5万" counts as 50000."""
    found: set[tuple[float, str]] = set()
    for match in lexicon.cue("dose_quantity", language).finditer(text or ""):
        raw = match.group(0)
        number_match = _NUMBER.search(raw)
        if not number_match:
            continue
        value = _number(number_match.group(0))
        if value is None:
            continue
        if "万" in raw:
            value *= 10000
        unit = raw[number_match.end() :].replace("万", "").strip().lower()
        unit = re.sub(r"\s", "", unit)
        base, _, per = unit.partition("/")
        base = _UNIT_ALIASES.get(base, base)
        if raw.startswith("每公斤"):
            per = "kg"
        found.add((value, f"{base}/{per}" if per else base))
    return found


def frequencies(text: str, language: str) -> set[str]:
    return {re.sub(r"\s+", " ", m.group(0).lower()) for m in lexicon.cue("frequency", language).finditer(text or "")}


def correction_changes(answer: str, correction: str, question: str, language: str) -> list[str]:
    """Evidence strings for what `correction` changed in `answer` (most specific first)."""
    evidence: list[str] = []
    fixed, given = quantities(correction, language), quantities(answer, language)
    if fixed:
        numbers_given = {n for n, _ in given}
        units_given = {(n, u) for n, u in given}
        if given and any(n not in numbers_given for n, _ in fixed):
            evidence.append("correction:number_changed")
        elif given and any((n, u) not in units_given for n, u in fixed):
            evidence.append("correction:unit_changed")
        elif not given:
            evidence.append("correction:dose_stated")
    freq_fixed, freq_given = frequencies(correction, language), frequencies(answer, language)
    if freq_fixed and freq_given and not freq_fixed <= freq_given and (fixed or given):
        evidence.append("correction:frequency_changed")
    drugs = drugs_in(correction, language)
    if len(drugs) >= 2 and lexicon.has("interaction", correction, language):
        named_before = drugs & (drugs_in(question, language) | drugs_in(answer, language))
        evidence.append("correction:drug_pair_added" if named_before else "correction:drug_pair_named")
    if lexicon.has("emergency", correction, language) and not lexicon.has("emergency", answer, language):
        evidence.append("correction:emergency_added")
    return evidence

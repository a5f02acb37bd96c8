"""Scoring a de-identifier against labelled spans: per-type precision, recall and F2.

Matching rule (coverage-based, type-mapped). Gold labels and predicted entity types are first mapped
to one category (`CATEGORIES`: PERSON, ADDRESS, ZIP, DATE, AGE, PHONE, EMAIL, ID, URL, IP). A gold span
is *found* when predictions of a compatible category (`COMPATIBLE`) cover at least half of its
non-space characters; a prediction is *correct* when at least half of its non-space characters lie in
gold spans of a compatible category. Half coverage rather than any overlap: redacting "Springfield"
out of "1450 Oak Street, Springfield, IL 62704" does not count as redacting the address.

Labels that are not identifiers under HIPAA Safe Harbor (ORGANIZATION, TITLE, NRP in presidio-synth)
are not scored; predictions that touch them are neither right nor wrong. Predictions of such types
(vanilla Presidio's ORGANIZATION, NRP) are dropped for every system alike.

The `safe_harbor` view additionally drops gold spans that Safe Harbor allows to keep: a bare year
("in 1977") and ages up to 89. Both views are reported side by side.

Two more figures read what a reader of the output would see:

- `value_disappears`: a gold identifier is caught when its value (trimmed) no longer appears in the output,
  the text with every prediction replaced (case-insensitive). Its `direct_identifiers` are names, phones,
  e-mails, ID numbers, street addresses and postcodes (`VALUE_DIRECT`); cities and countries (GPE,
  LOCATION) are reported per label only, as Safe Harbor keeps states and countries.
- `clinical_terms.lost_rate`: the share of clinical terms (`keep` spans) that a prediction touches.

JSONL sets may carry a `split` field (tune / heldout); `select_split` keeps one. presidio-synth has none:
`load_presidio` gives each sentence a fixed one by the consumer set's rule (`split_of`, on the sentence's
index in the file), so rules can be tuned on its `tune` part and checked on its `heldout` part.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ingest.deid.model import Entity

CATEGORIES: dict[str, str] = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "PATIENT": "PERSON",
    "STREET_ADDRESS": "ADDRESS",
    "ADDRESS": "ADDRESS",
    "LOCATION": "ADDRESS",
    "GPE": "ADDRESS",
    "ZIP_CODE": "ZIP",
    "ZIP": "ZIP",
    "DATE_TIME": "DATE",
    "DATE": "DATE",
    "AGE": "AGE",
    "PHONE_NUMBER": "PHONE",
    "PHONE": "PHONE",
    "EMAIL_ADDRESS": "EMAIL",
    "EMAIL": "EMAIL",
    "URL": "URL",
    "DOMAIN_NAME": "URL",
    "IP_ADDRESS": "IP",
    "IP": "IP",
}
# Every other identifier type (SSN, MRN, card, IBAN, passport, licence, plate, insurance ...) is an ID.
_NOT_IDENTIFIERS = frozenset({"ORGANIZATION", "ORG", "TITLE", "NRP", "NORP"})
# Gold category -> predicted categories that redact it.
COMPATIBLE: dict[str, frozenset[str]] = {
    "ADDRESS": frozenset({"ADDRESS", "ZIP"}),
    "ZIP": frozenset({"ZIP", "ADDRESS"}),
    # spaCy tags "79 year old" as DATE: a date detection over an age redacts it.
    "AGE": frozenset({"AGE", "DATE"}),
}
DIRECT = frozenset({"PERSON", "PHONE", "EMAIL", "ID", "ADDRESS"})
# Gold labels whose value must vanish from the output, by value-disappears category. Cities and countries
# (GPE, LOCATION) are reported per label but not in the direct identifiers.
_VALUE_CITY_LABELS = frozenset({"GPE", "LOCATION"})
VALUE_DIRECT = frozenset({"PERSON", "PHONE", "EMAIL", "ID", "ADDRESS", "ZIP"})
MIN_COVERAGE = 0.5

_BARE_YEAR = re.compile(r"^\s*(?:in\s+)?(?:1[89]|20)\d{2}s?\s*$")
_NUMBER = re.compile(r"\d+")


def category(entity_type: str) -> str | None:
    """The scoring category of a label or entity type; None for types that are not identifiers."""
    if entity_type.upper() in _NOT_IDENTIFIERS:
        return None
    return CATEGORIES.get(entity_type.upper(), "ID")


@dataclass(frozen=True)
class Span:
    label: str
    start: int
    end: int


@dataclass
class LabelledText:
    text: str
    spans: list[Span]
    language: str = "en"
    # Clinical terms that must survive (start, end); empty for sets that do not list them.
    keep: list[Span] = field(default_factory=list)
    id: str = ""
    split: str = ""


HELDOUT_PERCENT = 30


def split_of(item_id: str) -> str:
    """`heldout` for about HELDOUT_PERCENT % of ids (by a hash of the id, fixed across runs), else `tune`."""
    bucket = int(hashlib.sha256(item_id.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "heldout" if bucket < HELDOUT_PERCENT else "tune"


def load_presidio(path: str | Path) -> list[LabelledText]:
    """presidio-research's JSON list of {"full_text", "spans"}; ids are line indexes, splits by `split_of`."""
    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    return [
        LabelledText(
            text=row["full_text"],
            spans=[Span(s["entity_type"], s["start_position"], s["end_position"]) for s in row["spans"]],
            id=str(n),
            split=split_of(str(n)),
        )
        for n, row in enumerate(rows)
    ]


def load_jsonl(path: str | Path) -> list[LabelledText]:
    """Lines of {"text", "language", "spans": [{"type","start","end"}], "keep": [...]} (the medical set)."""
    out = []
    with Path(path).open(encoding="utf-8") as f:
        for n, line in enumerate(f):
            if not line.strip():
                continue
            row = json.loads(line)
            out.append(
                LabelledText(
                    text=row["text"],
                    language=row.get("language", "en"),
                    spans=[Span(s["type"], s["start"], s["end"]) for s in row.get("spans", [])],
                    keep=[Span(s.get("type", "CLINICAL"), s["start"], s["end"]) for s in row.get("keep", [])],
                    id=str(row.get("id", n)),
                    split=str(row.get("split") or ""),
                )
            )
    return out


def select_split(items: Sequence[LabelledText], split: str | None) -> list[LabelledText]:
    """The items of one split (None: all); a set without a `split` field has none to select."""
    if split is None:
        return list(items)
    if not any(i.split for i in items):
        raise ValueError("this dataset has no `split` field")
    return [i for i in items if i.split == split]


def load_dataset(path: str | Path, fmt: Literal["presidio", "jsonl"] | None = None) -> list[LabelledText]:
    fmt = fmt or ("jsonl" if str(path).endswith(".jsonl") else "presidio")
    return load_jsonl(path) if fmt == "jsonl" else load_presidio(path)


def safe_harbor_allows(text: str, span: Span) -> bool:
    """True for a gold span Safe Harbor lets a release keep: a bare year, or an age of 89 or less."""
    value = text[span.start : span.end]
    cat = category(span.label)
    if cat == "DATE":
        return _BARE_YEAR.match(value) is not None
    if cat == "AGE":
        numbers = [int(n) for n in _NUMBER.findall(value)]
        return bool(numbers) and max(numbers) <= 89
    return False


def _solid(text: str, start: int, end: int) -> list[int]:
    return [i for i in range(start, end) if not text[i].isspace()]


def _coverage(text: str, start: int, end: int, covered: set[int]) -> float:
    solid = _solid(text, start, end)
    return sum(i in covered for i in solid) / len(solid) if solid else 1.0


@dataclass
class Tally:
    gold: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    correct: Counter[str] = field(default_factory=Counter)
    gold_by_label: Counter[str] = field(default_factory=Counter)
    found_by_label: Counter[str] = field(default_factory=Counter)
    keep_total: int = 0
    keep_redacted: int = 0
    redacted_terms: Counter[str] = field(default_factory=Counter)
    value_gold: Counter[str] = field(default_factory=Counter)
    value_gone: Counter[str] = field(default_factory=Counter)
    value_missed: Counter[str] = field(default_factory=Counter)

    def add(self, item: LabelledText, predictions: Iterable[Entity], *, safe_harbor: bool) -> None:
        text = item.text
        preds = [(cat, p) for p in predictions if (cat := category(p.entity_type)) is not None]
        scored = [s for s in item.spans if category(s.label) is not None]
        ignored = [s for s in item.spans if category(s.label) is None]
        if safe_harbor:
            allowed = [s for s in scored if safe_harbor_allows(text, s)]
            scored = [s for s in scored if not safe_harbor_allows(text, s)]
            ignored += allowed
        pred_chars: dict[str, set[int]] = {}
        for cat, p in preds:
            pred_chars.setdefault(cat, set()).update(range(p.start, p.end))
        gold_chars: dict[str, set[int]] = {}
        for s in scored:
            gold_chars.setdefault(category(s.label) or "", set()).update(range(s.start, s.end))
        ignored_chars = {i for s in ignored for i in range(s.start, s.end)}

        for s in scored:
            cat = category(s.label) or ""
            accepted = COMPATIBLE.get(cat, frozenset({cat}))
            covered = set().union(*(pred_chars.get(c, set()) for c in accepted))
            hit = _coverage(text, s.start, s.end, covered) >= MIN_COVERAGE
            self.gold[cat] += 1
            self.gold_by_label[s.label] += 1
            if hit:
                self.found[cat] += 1
                self.found_by_label[s.label] += 1
        for cat, p in preds:
            in_gold = set().union(
                *(chars for gold_cat, chars in gold_chars.items() if cat in COMPATIBLE.get(gold_cat, {gold_cat}))
            )
            if _coverage(text, p.start, p.end, in_gold) >= MIN_COVERAGE:
                self.predicted[cat] += 1
                self.correct[cat] += 1
            elif _coverage(text, p.start, p.end, ignored_chars) > 0:
                continue
            else:
                self.predicted[cat] += 1
        output = replaced(text, [p for _, p in preds]).casefold()
        for s in scored:
            value = text[s.start : s.end].strip()
            if not value:
                continue
            self.value_gold[s.label] += 1
            if _appears(value.casefold(), output):
                self.value_missed[value] += 1
            else:
                self.value_gone[s.label] += 1
        for term in item.keep:
            self.keep_total += 1
            if any(p.start < term.end and term.start < p.end for _, p in preds):
                self.keep_redacted += 1
                self.redacted_terms[text[term.start : term.end]] += 1


def replaced(text: str, predictions: Iterable[Entity], mark: str = "\x00") -> str:
    """`text` with every predicted span (overlaps merged) replaced by `mark`."""
    parts: list[str] = []
    position = 0
    for p in sorted(predictions, key=lambda e: (e.start, -e.end)):
        if p.end <= position:
            continue
        parts += [text[position : max(p.start, position)], mark]
        position = p.end
    parts.append(text[position:])
    return "".join(parts)


def _appears(value: str, output: str) -> bool:
    """`value` occurs in `output` as a whole (not inside a longer word or number)."""
    return re.search(rf"(?<!\w){re.escape(value)}(?!\w)", output) is not None


def value_category(label: str) -> str | None:
    """The value-disappears category of a gold label (None: not counted in the direct identifiers)."""
    if label.upper() in _VALUE_CITY_LABELS:
        return None
    cat = category(label)
    return cat if cat in VALUE_DIRECT else None


def f_beta(precision: float, recall: float, beta: float = 2.0) -> float:
    b2 = beta * beta
    return (1 + b2) * precision * recall / (b2 * precision + recall) if precision + recall else 0.0


def _prf(found: int, gold: int, correct: int, predicted: int) -> dict[str, Any]:
    recall = found / gold if gold else None
    precision = correct / predicted if predicted else None
    f2 = f_beta(precision, recall) if precision is not None and recall is not None else None
    return {
        "precision": _round(precision),
        "recall": _round(recall),
        "f2": _round(f2),
        "gold": gold,
        "found": found,
        "predicted": predicted,
        "correct": correct,
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def report(tally: Tally) -> dict[str, Any]:
    cats = sorted(set(tally.gold) | set(tally.predicted))
    per_type = {c: _prf(tally.found[c], tally.gold[c], tally.correct[c], tally.predicted[c]) for c in cats}

    def total(selected: Iterable[str]) -> dict[str, Any]:
        s = list(selected)
        return _prf(
            sum(tally.found[c] for c in s),
            sum(tally.gold[c] for c in s),
            sum(tally.correct[c] for c in s),
            sum(tally.predicted[c] for c in s),
        )

    out: dict[str, Any] = {
        "overall": total(cats),
        "direct_identifiers": total(c for c in cats if c in DIRECT),
        "per_type": per_type,
        "recall_by_gold_label": {
            label: _round(tally.found_by_label[label] / n) for label, n in sorted(tally.gold_by_label.items())
        },
    }
    direct_gold = sum(n for label, n in tally.value_gold.items() if value_category(label))
    direct_gone = sum(n for label, n in tally.value_gone.items() if value_category(label))
    out["value_disappears"] = {
        "direct_identifiers": {
            "recall": _round(direct_gone / direct_gold) if direct_gold else None,
            "gold": direct_gold,
            "gone": direct_gone,
        },
        "recall_by_gold_label": {
            label: _round(tally.value_gone[label] / n) for label, n in sorted(tally.value_gold.items())
        },
        "most_missed": dict(tally.value_missed.most_common(15)),
    }
    if tally.keep_total:
        rate = _round(tally.keep_redacted / tally.keep_total)
        out["clinical_terms"] = {
            "total": tally.keep_total,
            "lost": tally.keep_redacted,
            "lost_rate": rate,
            "wrongly_redacted": tally.keep_redacted,
            "wrongly_redacted_rate": rate,
            "most_redacted": dict(tally.redacted_terms.most_common(10)),
        }
    return out


Predictor = Callable[[Sequence[LabelledText]], list[list[Entity]]]


def evaluate(dataset: Sequence[LabelledText], predict: Predictor) -> dict[str, Any]:
    """Scores of `predict` (a batch of items in, their detections out) on `dataset`, both views."""
    predictions = predict(dataset)
    full, safe = Tally(), Tally()
    for item, found in zip(dataset, predictions, strict=True):
        full.add(item, found, safe_harbor=False)
        safe.add(item, found, safe_harbor=True)
    by_language: dict[str, Tally] = {}
    for item, found in zip(dataset, predictions, strict=True):
        by_language.setdefault(item.language[:2], Tally()).add(item, found, safe_harbor=False)
    result = {"texts": len(dataset), "all_labels": report(full), "safe_harbor": report(safe)}
    if len(by_language) > 1:
        result["by_language"] = {
            lang: {k: v for k, v in report(t).items() if k in ("overall", "direct_identifiers")}
            for lang, t in sorted(by_language.items())
        }
    return result

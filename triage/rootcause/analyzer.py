"""Per-event root cause: rules first, then what clinicians confirmed, then similarity to the taxonomy.

For each signal the score of a cause is

    rule score (noisy-or of its findings)  +  w_lang * classifier probability  +  w_sim * similarity share

A finding from structured fields or from a correction's diff at or above `decisive_weight` decides
alone: the strongest evidence wins. `fit(confirmed)` trains one classifier per language and chooses
its weight `w_lang` by cross-validation on those confirmations (the weight, among `CLASSIFIER_WEIGHTS`,
under which held-back confirmations are predicted best; ties go to the smaller weight), so a few
confirmations cannot outvote the rules until they have shown that they predict better.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from triage.rootcause.cause import Cause, Confirmed
from triage.rootcause.classifier import MIN_EXAMPLES, LanguageClassifier, SingleClass, train
from triage.rootcause.rules import CORRECTION, Finding, findings
from triage.rootcause.signal import Signal, from_event, from_text
from triage.rootcause.similarity import EmbeddingSimilarity, ExampleSimilarity, distribution
from triage.rootcause.taxonomy import Taxonomy, load_taxonomy

Event = tuple[str | None, str | None, dict[str, Any]]
CLASSIFIER_WEIGHTS = (0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0)
CV_FOLDS = 5
SEED = 29


def _similarity_text(signal: Signal) -> str:
    return signal.complaint or "\n".join(t for t in (signal.question, signal.answer, signal.error) if t)


@dataclass(frozen=True)
class _Prior:
    """What is known about signals before any classifier: rule findings and scores, similarity."""

    found: list[list[Finding]]
    rules: np.ndarray
    features: list[dict[str, float]]
    sim_raw: np.ndarray
    sim_share: np.ndarray


class RootCauseAnalyzer:
    def __init__(
        self,
        taxonomy: Taxonomy | None = None,
        *,
        similarity: ExampleSimilarity | EmbeddingSimilarity | None = None,
        similarity_weight: float = 0.3,
        decisive_weight: float | None = 0.85,
    ) -> None:
        self.taxonomy = taxonomy or load_taxonomy()
        self.ids = self.taxonomy.ids
        self._index = {cause_id: i for i, cause_id in enumerate(self.ids)}
        self.similarity = similarity or ExampleSimilarity(self.taxonomy)
        self.similarity_weight = similarity_weight
        self.decisive_weight = decisive_weight
        self._classifiers: dict[str, LanguageClassifier | SingleClass] = {}
        self.classifier_weights: dict[str, float] = {}
        self.confirmations: dict[str, int] = {}

    # -- evidence before learning ---------------------------------------------------------------------------------
    def _rule_matrix(self, found: Sequence[list[Finding]]) -> np.ndarray:
        scores = np.zeros((len(found), len(self.ids)))
        for row, items in enumerate(found):
            for item in items:
                col = self._index[item.cause_id]
                scores[row, col] = 1.0 - (1.0 - scores[row, col]) * (1.0 - item.weight)
        return scores

    def _prior(self, signals: Sequence[Signal]) -> _Prior:
        found = [findings(s) for s in signals]
        rules = self._rule_matrix(found)
        features: list[dict[str, float]] = []
        for signal, items, row in zip(signals, found, rules, strict=True):
            feature: dict[str, float] = {f"kind:{signal.kind}": 1.0}
            for item in items:
                feature[item.evidence] = max(feature.get(item.evidence, 0.0), item.weight)
            for col in np.flatnonzero(row):
                feature[f"rule:{self.ids[col]}"] = float(row[col])
            features.append(feature)
        sim_raw = np.zeros((len(signals), len(self.ids)))
        for language, rows in self._rows_by_language(signals).items():
            sim_raw[rows] = self.similarity.scores([_similarity_text(signals[r]) for r in rows], language)
        return _Prior(found, rules, features, sim_raw, distribution(sim_raw))

    @staticmethod
    def _rows_by_language(signals: Sequence[Signal]) -> dict[str, list[int]]:
        rows: dict[str, list[int]] = defaultdict(list)
        for row, signal in enumerate(signals):
            rows[signal.language].append(row)
        return rows

    def _decisive(self, items: list[Finding]) -> Finding | None:
        if self.decisive_weight is None:
            return None
        strong = [f for f in items if f.tier <= CORRECTION and f.weight >= self.decisive_weight]
        return max(strong, key=lambda f: (f.weight, -f.tier)) if strong else None

    def _combined(self, prior: _Prior, proba: np.ndarray, weights: np.ndarray) -> np.ndarray:
        return prior.rules + weights[:, None] * proba + self.similarity_weight * prior.sim_share

    def _top(self, prior: _Prior, combined: np.ndarray) -> np.ndarray:
        top = combined.argmax(axis=1)
        for row, items in enumerate(prior.found):
            decisive = self._decisive(items)
            if decisive is not None:
                top[row] = self._index[decisive.cause_id]
        return top

    def _probabilities(
        self, model: LanguageClassifier | SingleClass, signals: Sequence[Signal], features: list
    ) -> np.ndarray:
        out = np.zeros((len(signals), len(self.ids)))
        out[:, [self._index[c] for c in model.classes_]] = model.predict_proba([s.render() for s in signals], features)
        return out

    # -- learning -------------------------------------------------------------------------------------------------
    def fit(self, confirmed: Iterable[Confirmed]) -> RootCauseAnalyzer:
        """Retrain from every confirmed (event, cause) pair so far; a cause outside the taxonomy is an error."""
        by_language: dict[str, list[tuple[Signal, str]]] = defaultdict(list)
        for number, item in enumerate(confirmed):
            if item.cause_id not in self._index:
                raise ValueError(
                    f"confirmation {number}: root cause {item.cause_id!r} is not in taxonomy v{self.taxonomy.version} "
                    f"({', '.join(self.ids)})"
                )
            signal = from_event(item.kind, item.language, item.payload)
            by_language[signal.language].append((signal, item.cause_id))
        self._classifiers, self.classifier_weights, self.confirmations = {}, {}, {}
        for language, pairs in sorted(by_language.items()):
            signals = [s for s, _ in pairs]
            labels = [c for _, c in pairs]
            prior = self._prior(signals)
            self.confirmations[language] = len(pairs)
            model = train(language, [s.render() for s in signals], prior.features, labels)
            if model is not None:
                self._classifiers[language] = model
                self.classifier_weights[language] = self._cross_validated_weight(language, signals, labels, prior)
        return self

    def _cross_validated_weight(self, language: str, signals: list[Signal], labels: list[str], prior: _Prior) -> float:
        order = list(range(len(signals)))
        random.Random(SEED).shuffle(order)
        folds = [sorted(order[k::CV_FOLDS]) for k in range(CV_FOLDS)]
        proba = np.zeros((len(signals), len(self.ids)))
        for held in folds:
            kept = sorted(set(order) - set(held))
            model = train(language, [signals[i].render() for i in kept], [prior.features[i] for i in kept],
                          [labels[i] for i in kept])  # fmt: skip
            if model is None or len(kept) < MIN_EXAMPLES:
                continue
            proba[held] = self._probabilities(model, [signals[i] for i in held], [prior.features[i] for i in held])
        gold = np.asarray([self._index[c] for c in labels])
        best_weight, best_hits = 0.0, -1
        for weight in CLASSIFIER_WEIGHTS:
            hits = int((self._top(prior, self._combined(prior, proba, np.full(len(signals), weight))) == gold).sum())
            if hits > best_hits:
                best_weight, best_hits = weight, hits
        return best_weight

    # -- prediction -----------------------------------------------------------------------------------------------
    def predict_signals(self, signals: Sequence[Signal]) -> list[Cause]:
        if not signals:
            return []
        prior = self._prior(signals)
        proba = np.zeros((len(signals), len(self.ids)))
        weights = np.zeros(len(signals))
        for language, rows in self._rows_by_language(signals).items():
            model = self._classifiers.get(language)
            if model is not None and self.classifier_weights.get(language, 0.0) > 0:
                proba[rows] = self._probabilities(model, [signals[r] for r in rows], [prior.features[r] for r in rows])
                weights[rows] = self.classifier_weights[language]
        combined = self._combined(prior, proba, weights)
        tops = self._top(prior, combined)
        causes: list[Cause] = []
        for row, items in enumerate(prior.found):
            top = int(tops[row])
            parts = {
                "rules": prior.rules[row, top],
                "classifier": weights[row] * proba[row, top],
                "similarity": self.similarity_weight * prior.sim_share[row, top],
            }
            if self._decisive(items) is not None:
                confidence, method = float(prior.rules[row, top]), "rules"
            else:
                total = float(combined[row].sum())
                confidence = float(combined[row, top] / total) if total > 0 else 0.0
                method = (
                    "+".join(name for name, value in parts.items() if value >= 0.25 * combined[row, top])
                    or "similarity"
                )
            evidence = [f.evidence for f in items if f.cause_id == self.ids[top]]
            if parts["classifier"] > 0:
                evidence.append(f"classifier:p={proba[row, top]:.2f}")
            if "similarity" in method:
                evidence.append(f"similarity:{prior.sim_raw[row, top]:.2f}")
            causes.append(
                Cause(self.ids[top], round(min(max(confidence, 0.0), 1.0), 3), tuple(dict.fromkeys(evidence)), method)
            )
        return causes

    def predict(self, kind: str | None, language: str | None, payload: dict[str, Any]) -> Cause:
        """The cause of one de-identified signal event (`payload`: the event's JSON fields)."""
        return self.predict_signals([from_event(kind, language, payload)])[0]

    def predict_many(self, events: Iterable[Event]) -> list[Cause]:
        """Causes of many `(kind, language, payload)` events at once (vectorised: use this for batches)."""
        return self.predict_signals([from_event(kind, language, payload) for kind, language, payload in events])

    def predict_text(self, text: str, language: str | None = None, kind: str | None = None) -> Cause:
        """The cause of a free-text signal (kind unknown unless given)."""
        return self.predict_signals([from_text(text, language, kind)])[0]

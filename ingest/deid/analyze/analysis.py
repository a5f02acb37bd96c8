"""One text's detections: every recognizer's results, context-boosted, thresholded and de-duplicated.

This is what `AnalyzerEngine.analyze` does for the de-identifier's configuration, without its per-text
overhead: the engine deep-copies every result for context enhancement and walks every token of the
spaCy doc for lemmas and stop words. Here spaCy's entities become results directly, and context is
looked up only for results below the threshold whose recognizer lists context words (the only results
it can turn into detections), in the words of the text before them, as Presidio's lemma enhancer does
with its defaults (five words before, stop words skipped, a context word may be part of a word). Not
needing spaCy tokens, it works on Chinese text too. Last, postcodes and names are looked for where the
other detections point to them (`address_block`: a postcode ending an address block; `names_in_context`:
a name line above an address, a found name mentioned again).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NerModelConfiguration
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from ingest.deid.analyze.address_block import postcodes_after_streets
from ingest.deid.analyze.filters import is_public_reference
from ingest.deid.analyze.names_in_context import (
    coordinated_names,
    name_lines,
    names_in_addresses,
    repeated_names,
    surnames_after_names,
)
from ingest.deid.analyze.person_gate import gate, trim
from ingest.deid.analyze.recognizers.gates import FastAnalyze, fast_analyze_for
from ingest.deid.analyze.recognizers.given_name import NAME_SLOT_RULES

NER_RECOGNIZER = "SpacyRecognizer"
# Presidio's `ContextAwareEnhancer` defaults.
CONTEXT_BOOST = 0.35
MIN_SCORE_WITH_CONTEXT = 0.4
CONTEXT_WORDS_BEFORE = 5
_CONTEXT_CHARS = 120
_WORD = re.compile(r"\w+")


@dataclass
class Analyzer:
    recognizers: Sequence[EntityRecognizer]
    threshold: float
    # Presidio's plain pattern recognizers through `ingest.deid.analyze.recognizers.gates` (same results, faster).
    fast: bool = True
    entities: list[str] = field(init=False)
    _context: dict[str, tuple[str, ...]] = field(init=False)
    _runs: list[tuple[EntityRecognizer, FastAnalyze | None]] = field(init=False)
    _context_only: set[str] = field(init=False)

    def __post_init__(self) -> None:
        for recognizer in self.recognizers:
            if not recognizer.is_loaded:
                recognizer.load()
                recognizer.is_loaded = True
        self.entities = sorted({entity for r in self.recognizers for entity in r.supported_entities})
        self._context = {
            r.id: tuple(word.lower() for word in r.context) for r in self.recognizers if getattr(r, "context", None)
        }
        self._runs = [(r, fast_analyze_for(r) if self.fast else None) for r in self.recognizers]
        self._context_only = {r.id for r in self.recognizers if self._needs_context(r)}

    def _needs_context(self, recognizer: EntityRecognizer) -> bool:
        """Every result of this recognizer is under the threshold until a context word boosts it: plain
        patterns all scored below it, and no validation that could raise a score."""
        if not isinstance(recognizer, PatternRecognizer) or not self._context.get(recognizer.id):
            return False
        if type(recognizer).validate_result is not PatternRecognizer.validate_result:
            return False
        patterns: list[Pattern] = getattr(recognizer, "patterns", [])
        return all(p.score < self.threshold for p in patterns)

    def analyze(self, text: str, ner: list[RecognizerResult] | None = None) -> list[RecognizerResult]:
        results = list(ner or [])
        lowered = text.lower()
        for recognizer, fast in self._runs:
            # A context word must occur in the text (as part of a word, as `_boosted` reads it) for any of
            # such a recognizer's results to pass: without one, it need not run.
            if recognizer.id in self._context_only and not any(w in lowered for w in self._context[recognizer.id]):
                continue
            # No NLP artifacts: none of the recognizers needs them.
            found = fast(text) if fast is not None else recognizer.analyze(text, self.entities, None)  # type: ignore[arg-type]
            for result in found:
                metadata = result.recognition_metadata
                if metadata is None:
                    result.recognition_metadata = metadata = {}
                metadata.setdefault(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY, recognizer.id)
                metadata.setdefault(RecognizerResult.RECOGNIZER_NAME_KEY, str(getattr(recognizer, "name", "")))
                results.append(result)
        results = [g for r in results if (g := _gated(text, r)) is not None]
        kept = [r for r in results if r.score >= self.threshold or self._boosted(text, r)]
        kept = _rules_over_model_persons(_outside_public_pages(text, kept))
        kept += postcodes_after_streets(text, kept)
        kept += name_lines(text, kept) + names_in_addresses(text, kept)
        kept += coordinated_names(text, kept)
        kept += surnames_after_names(text, kept)
        kept += repeated_names(text, kept)
        return EntityRecognizer.remove_duplicates(kept)

    def _boosted(self, text: str, result: RecognizerResult) -> bool:
        """Raise a weak result's score when a context word of its recognizer is among the words before it."""
        recognizer_id = (result.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY)
        context = self._context.get(str(recognizer_id))
        if not context:
            return False
        before = _WORD.findall(text[max(0, result.start - _CONTEXT_CHARS) : result.start].lower())
        window = [word for word in before if word not in STOP_WORDS][-CONTEXT_WORDS_BEFORE:]
        window.append(text[result.start : result.end].lower())
        if not any(word in candidate for word in context for candidate in window):
            return False
        result.score = min(max(result.score + CONTEXT_BOOST, MIN_SCORE_WITH_CONTEXT), 1.0)
        return result.score >= self.threshold


def _rules_over_model_persons(results: list[RecognizerResult]) -> list[RecognizerResult]:
    """Without the model's PERSON where a rule found a place of the very same extent: the city after a sign-off
    ("-- greg, Oulu") is read from its position, the model only guesses."""
    places = {(r.start, r.end) for r in results if r.entity_type == "LOCATION" and not _from_model(r)}
    if not places:
        return results
    return [r for r in results if not (r.entity_type == "PERSON" and _from_model(r) and (r.start, r.end) in places)]


def _from_model(result: RecognizerResult) -> bool:
    return (result.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY) == NER_RECOGNIZER


def _outside_public_pages(text: str, results: list[RecognizerResult]) -> list[RecognizerResult]:
    """Without the detections inside the address of a public reference page (the page id "a682291" of
    medlineplus.gov/druginfo/meds/a682291.html is no file of anyone's); the URL itself is dropped later."""
    pages = [(r.start, r.end) for r in results if r.entity_type == "URL" and is_public_reference(text[r.start : r.end])]
    if not pages:
        return results
    return [
        r
        for r in results
        if r.entity_type == "URL" or not any(start <= r.start and r.end <= end for start, end in pages)
    ]


def _gated(text: str, result: RecognizerResult) -> RecognizerResult | None:
    """A PERSON narrowed to its name part, or None when it is not a name (`person_gate`: the model's
    detections pass `gate`, the rules' `trim`)."""
    if result.entity_type != "PERSON":
        return result
    metadata = result.recognition_metadata or {}
    if metadata.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY) == NER_RECOGNIZER:
        span = gate(text, result.start, result.end)
    else:
        rule = str(metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY, "")).rpartition(":")[2]
        span = trim(text, result.start, result.end, name_slot=rule in NAME_SLOT_RULES)
    if span is None:
        return None
    result.start, result.end = span
    return result


def ner_results(
    doc: Doc, configuration: NerModelConfiguration, entities: Sequence[str], offset: int = 0
) -> list[RecognizerResult]:
    """spaCy's entities of the wanted types, labels mapped to Presidio's, at the configured score; `offset`
    is where the document's text starts in the text analysed."""
    mapping = configuration.model_to_presidio_entity_mapping or {}
    ignored = configuration.labels_to_ignore or ()
    score = configuration.default_score if configuration.default_score is not None else 0.85
    out = []
    for ent in doc.ents:
        label = mapping.get(ent.label_, ent.label_)
        if label in entities and ent.label_ not in ignored:
            out.append(
                RecognizerResult(
                    label,
                    ent.start_char + offset,
                    ent.end_char + offset,
                    score,
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: NER_RECOGNIZER,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: NER_RECOGNIZER,
                    },
                )
            )
    return out

"""The de-identification stage: free text and signal events in, tagged text and events out."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from ingest.deid.arguments import deidentify_arguments
from ingest.deid.engines import PATTERN_LANGUAGE, Engines, build_engines
from ingest.deid.filters import outside_tags, refine
from ingest.deid.log_guard import guard_presidio_logs
from ingest.deid.model import DeidentificationError, DeidText, Entity
from ingest.deid.pseudonym import Pseudonymizer
from ingest.deid.routing import route
from ingest.deid.spacy_engine import LANGUAGE as NER_LANGUAGE
from ingest.deid.spans import merge_overlaps, replace
from ingest.deid.surrogates import SurrogateStyle, make_surrogates
from ingest.event import SignalEvent

logger = logging.getLogger(__name__)

PATIENT_REF = "PATIENT"


class Deidentifier:
    """Finds identifiers with Presidio and replaces them with keyed, typed tags.

    Construction is cheap; `setup()` loads the models once per worker (the spaCy NER pipeline,
    jieba's dictionary) and must be called before anything else.
    """

    def __init__(self, key: str, *, surrogate_style: SurrogateStyle = "tag") -> None:
        self._pseudonymizer = Pseudonymizer(key)
        self._surrogate = make_surrogates(surrogate_style, self._pseudonymizer)
        self._engines: Engines | None = None

    def __repr__(self) -> str:
        return f"Deidentifier(ready={self._engines is not None})"

    def setup(self) -> None:
        if self._engines is None:
            guard_presidio_logs()
            self._engines = build_engines()
            logger.info("de-identifier ready")

    @property
    def engines(self) -> Engines:
        if self._engines is None:
            raise RuntimeError("Deidentifier.setup() has not been called; call it once per worker first")
        return self._engines

    def pseudonym(self, entity_type: str, value: str) -> str:
        return self._pseudonymizer.tag(entity_type, value)

    def deidentify_text(self, text: str, language: str = "en") -> DeidText:
        return self._deidentify(text, language)

    def deidentify_event(self, event: SignalEvent) -> SignalEvent:
        language = event.language

        def text(value: str | None) -> str | None:
            return None if value is None else self._deidentify(value, language).text

        def argument_text(context: str, value: str) -> str:
            return self._deidentify(value, language, context=context).text

        update: dict[str, Any] = {
            "messages": [m.model_copy(update={"content": text(m.content)}) for m in event.messages],
            "model_output": text(event.model_output),
            "feedback": text(event.feedback),
            "correction": text(event.correction),
            "error": text(event.error),
            "patient_ref": None if event.patient_ref is None else self.pseudonym(PATIENT_REF, event.patient_ref),
        }
        if event.arguments is not None:
            update["arguments"] = deidentify_arguments(event.arguments, argument_text, self.pseudonym)
        return event.model_copy(update=update, deep=True)

    def deidentify_events(self, events: Sequence[SignalEvent]) -> list[SignalEvent | DeidentificationError]:
        """De-identify a batch; a failure is returned in the event's place, never raised for the batch."""
        out: list[SignalEvent | DeidentificationError] = []
        for event in events:
            try:
                out.append(self.deidentify_event(event))
            except Exception as exc:  # one bad event must not stop the batch; the message holds no text
                out.append(exc if isinstance(exc, DeidentificationError) else DeidentificationError(type(exc).__name__))
        return out

    def _deidentify(self, text: str, language: str, *, context: str = "") -> DeidText:
        """De-identify `text`; `context` (e.g. an argument's key) is analysed in front of it, never returned."""
        if not isinstance(text, str):
            raise TypeError(f"expected text as str, got {type(text).__name__}")
        if not any(char.isalnum() for char in text):
            return DeidText(text, [])
        prefix = f"{context}: " if context else ""
        entities = [
            shifted
            for entity in self._analyze(prefix + text, language)
            if (shifted := _shift(entity, len(prefix), len(text))) is not None
        ]
        return DeidText(replace(text, entities, self._surrogate), entities)

    def _analyze(self, text: str, language: str) -> list[Entity]:
        engines = self.engines
        use_ner = route(text, language).ner
        try:
            if use_ner:
                results = engines.ner.analyze(text, language=NER_LANGUAGE)
            else:
                results = engines.patterns.analyze(text, language=PATTERN_LANGUAGE)
        except Exception as exc:
            # The original message may quote the text: keep only its type.
            raise DeidentificationError(
                f"analysis failed with {type(exc).__name__} on a text of {len(text)} characters"
            ) from None
        detections = [Entity(r.entity_type, r.start, r.end, r.score) for r in results]
        detections = [part for e in outside_tags(text, detections) for part in refine(text, e)]
        return merge_overlaps(detections)


def _shift(entity: Entity, offset: int, length: int) -> Entity | None:
    start, end = max(entity.start - offset, 0), min(entity.end - offset, length)
    if end <= start:
        return None
    return Entity(entity.entity_type, start, end, entity.score)

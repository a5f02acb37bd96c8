"""The de-identification stage: free text and signal events in, de-identified text and events out."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from presidio_analyzer import RecognizerResult

from infra.settings import DeidSettings
from ingest.deid.analyze.analysis import ner_results
from ingest.deid.analyze.engines import NER_ENTITIES, Engines, build_engines
from ingest.deid.analyze.filters import outside_tags, refine
from ingest.deid.analyze.routing import ner_pieces, route
from ingest.deid.analyze.spans import merge_overlaps
from ingest.deid.arguments import deidentify_arguments
from ingest.deid.cache import DetectionCache
from ingest.deid.log_guard import guard_presidio_logs
from ingest.deid.model import DeidentificationError, DeidentificationTimeout, DeidText, Entity
from ingest.deid.normalize import normalise
from ingest.deid.replace.date_shift import DateShifter
from ingest.deid.replace.pseudonym import Pseudonymizer, tag_type
from ingest.deid.replace.surrogates import SurrogateStyle, make_surrogates
from ingest.event import SignalEvent

logger = logging.getLogger(__name__)

PATIENT_REF = "PATIENT"
# Ages above this are identifiers (HIPAA Safe Harbor) and become OLDEST_AGE; younger ages are kept.
MAX_KEPT_AGE = 89
OLDEST_AGE = "90+"
# Dates of texts that belong to no patient share one deployment-wide offset.
NO_PATIENT = ""


@dataclass(frozen=True)
class TextJob:
    """One text to de-identify; `context` (e.g. an argument's key) is analysed in front of it, never returned."""

    text: str
    language: str = "en"
    context: str = ""
    patient_key: str = NO_PATIENT


class Deidentifier:
    """Finds identifiers with Presidio and replaces them with keyed surrogates.

    Construction is cheap; `setup()` loads the models once per worker (the spaCy NER pipeline,
    jieba's dictionary) and must be called before anything else.
    """

    def __init__(
        self, key: str, *, surrogate_style: SurrogateStyle | None = None, settings: DeidSettings | None = None
    ) -> None:
        self.settings = settings or DeidSettings()
        style = surrogate_style or self.settings.surrogate_style
        self._pseudonymizer = Pseudonymizer(key)
        self._surrogate = make_surrogates(style, self._pseudonymizer, key)
        self._shifter = (
            DateShifter(key.encode("utf-8"), self.settings.max_date_shift_days) if self.settings.shift_dates else None
        )
        self._engines: Engines | None = None
        self._recent = DetectionCache(self.settings.detection_cache_size)

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

    def date_offset_days(self, patient_key: str) -> int | None:
        return None if self._shifter is None else self._shifter.offset(patient_key)

    # Free text.

    def deidentify_text(self, text: str, language: str | None = "en", *, patient_key: str = NO_PATIENT) -> DeidText:
        return self.deidentify_jobs([TextJob(text, language or "en", patient_key=patient_key)])[0]

    def deidentify_texts(self, texts: Sequence[tuple[str, str]], *, patient_key: str = NO_PATIENT) -> list[DeidText]:
        """De-identify (text, language) pairs in one batch (spaCy runs them through `nlp.pipe`)."""
        return self.deidentify_jobs([TextJob(text, language, patient_key=patient_key) for text, language in texts])

    def deidentify_jobs(self, jobs: Sequence[TextJob]) -> list[DeidText]:
        for job in jobs:
            if not isinstance(job.text, str):
                raise TypeError(f"expected text as str, got {type(job.text).__name__}")
        detections = self.detect_jobs(jobs)
        return [self._replace(job, found) for job, found in zip(jobs, detections, strict=True)]

    def detect(self, text: str, language: str = "en") -> list[Entity]:
        """Every detection in `text`, ages that are kept included (what `deidentify_text` acts on)."""
        return self.detect_jobs([TextJob(text, language)])[0]

    def detect_jobs(self, jobs: Sequence[TextJob]) -> list[list[Entity]]:
        """Detections per job, spans indexing the job's text; identical texts are analysed once, and a
        text seen recently (a conversation's earlier turns, repeated with each later signal) not again."""
        keys = [(f"{job.context}: " if job.context else "", job.text, job.language) for job in jobs]
        unique = list(dict.fromkeys(k for k in keys if any(ch.isalnum() for ch in k[1])))
        found = {k: hit for k in unique if (hit := self._recent.get(k)) is not None}
        new = [k for k in unique if k not in found]
        analysed = self._analyze_many([(p + t, lang) for p, t, lang in new])
        for k, entities in zip(new, analysed, strict=True):
            found[k] = entities
            self._recent.put(k, entities)
        out: list[list[Entity]] = []
        for prefix, text, language in keys:
            entities = found.get((prefix, text, language), [])
            out.append([s for e in entities if (s := _shift(e, len(prefix), len(text))) is not None])
        return out

    def _replace(self, job: TextJob, entities: list[Entity]) -> DeidText:
        parts: list[str] = []
        replaced: list[Entity] = []
        position = 0
        for entity in entities:
            surrogate = self._surrogate_for(entity, job.text[entity.start : entity.end], job.patient_key)
            if surrogate is None:
                continue
            parts += [job.text[position : entity.start], surrogate]
            position = entity.end
            replaced.append(entity)
        parts.append(job.text[position:])
        return DeidText("".join(parts), replaced)

    def _surrogate_for(self, entity: Entity, value: str, patient_key: str) -> str | None:
        """The replacement of one detection, or None when it is kept (an age of 89 or less)."""
        if entity.entity_type == "AGE":
            digits = "".join(ch for ch in value if ch.isdigit())
            return OLDEST_AGE if digits and int(digits) > MAX_KEPT_AGE else None
        if tag_type(entity.entity_type) == "DATE" and self._shifter is not None:
            shifted = self._shifter.shift(value, patient_key)
            if shifted is not None:
                return shifted
        return self._surrogate(entity.entity_type, value)

    # Signal events.

    def deidentify_event(self, event: SignalEvent) -> SignalEvent:
        result = self.deidentify_events([event])[0]
        if isinstance(result, DeidentificationError):
            raise result
        return result

    def deidentify_events(self, events: Sequence[SignalEvent]) -> list[SignalEvent | DeidentificationError]:
        """De-identify a batch; a failure is returned in the event's place, never raised for the batch.

        An event with more than `HEAVY_EVENT_CHARS` of text is analysed on its own, within
        `deid.max_event_seconds` (and its texts' budgets): one record of many long texts (up to the record
        limit) would otherwise hold its whole batch for as long as its texts' budgets add up to.
        """
        per_event = [_event_jobs(event) for event in events]
        sizes = [sum(len(job.text) + len(job.context) for job in jobs) for jobs in per_event]
        heavy = {i for i, size in enumerate(sizes) if size > HEAVY_EVENT_CHARS}
        if not heavy:
            return self._deidentify_light(events, per_event)
        rest = [i for i in range(len(events)) if i not in heavy]
        light = iter(self._deidentify_light([events[i] for i in rest], [per_event[i] for i in rest]))
        return [self._deidentify_heavy(e, per_event[i]) if i in heavy else next(light) for i, e in enumerate(events)]

    def _deidentify_heavy(self, event: SignalEvent, jobs: list[TextJob]) -> SignalEvent | DeidentificationError:
        budgets = [b for b in (self.settings.max_event_seconds, self.settings.max_text_seconds * len(jobs)) if b > 0]
        try:
            with _time_budget(min(budgets, default=0.0)):
                return next(self._events_batched([event], [jobs]))
        except Exception as exc:  # the message holds no text
            return _error(exc)

    def _deidentify_light(
        self, events: Sequence[SignalEvent], per_event: Sequence[list[TextJob]]
    ) -> list[SignalEvent | DeidentificationError]:
        try:
            return list(self._events_batched(events, per_event))
        except Exception:  # isolate the failing event(s) one at a time
            if len(events) == 1:
                return [self._as_error(events[0])]
            out: list[SignalEvent | DeidentificationError] = []
            for event in events:
                try:
                    out.extend(self._events_batched([event]))
                except Exception as exc:  # the message holds no text
                    out.append(_error(exc))
            return out

    def _as_error(self, event: SignalEvent) -> DeidentificationError:
        try:
            list(self._events_batched([event]))
        except Exception as exc:
            return _error(exc)
        return DeidentificationError("de-identification failed")

    def _events_batched(
        self, events: Sequence[SignalEvent], per_event: Sequence[list[TextJob]] | None = None
    ) -> Iterator[SignalEvent]:
        # Every text of the batch, arguments' keys and values included, goes through one `nlp.pipe`.
        if per_event is None:
            per_event = [_event_jobs(event) for event in events]
        jobs = [job for fields in per_event for job in fields]
        results = iter(self.deidentify_jobs(jobs))
        for event, fields in zip(events, per_event, strict=True):
            texts = [next(results).text for _ in fields]
            yield self._rebuild(event, texts)

    def _rebuild(self, event: SignalEvent, texts: list[str]) -> SignalEvent:
        n = len(event.messages)
        update: dict[str, Any] = {
            "messages": [m.model_copy(update={"content": t}) for m, t in zip(event.messages, texts[:n], strict=True)],
            "model_output": texts[n],
        }
        rest = iter(texts[n + 1 :])
        for name in _OPTIONAL_TEXT_FIELDS:
            if getattr(event, name) is not None:
                update[name] = next(rest)
        if event.patient_ref is not None:
            update["patient_ref"] = self.pseudonym(PATIENT_REF, event.patient_ref)
        if event.arguments is not None:
            # The rest are the argument texts, in the order `_argument_jobs` found them.
            done = {(job.context, job.text): next(rest) for job in _argument_jobs(event)}

            update["arguments"] = deidentify_arguments(
                event.arguments, lambda context, value: done[(context, value)], self.pseudonym
            )
        return event.model_copy(update=update, deep=True)

    # Analysis.

    def _analyze_many(self, originals: list[tuple[str, str]]) -> list[list[Entity]]:
        """Detections per text, indexing the original text (the recognizers read its normalised copy)."""
        normalised = [normalise(text) for text, _ in originals]
        items = [(n.text, language) for n, (_, language) in zip(normalised, originals, strict=True)]
        found = self._analyze_normalised(items)
        return [[n.to_original(e) for e in spans] for n, spans in zip(normalised, found, strict=True)]

    def _analyze_normalised(self, items: list[tuple[str, str]]) -> list[list[Entity]]:
        engines = self.engines
        pieces = [ner_pieces(text) if route(text, language).ner else [] for text, language in items]
        ner_texts = [text[start:end] for (text, _), cuts in zip(items, pieces, strict=True) for start, end in cuts]
        try:
            docs = engines.spacy.entity_docs(ner_texts, self.settings.batch_size)
            configuration = engines.spacy.ner_model_configuration
            results: list[list[RecognizerResult]] = []
            with _time_budget(self.settings.max_text_seconds * len(items)):
                for (text, _), cuts in zip(items, pieces, strict=True):
                    if cuts:
                        found = [r for at, _ in cuts for r in ner_results(next(docs), configuration, NER_ENTITIES, at)]
                        results.append(engines.ner.analyze(text, found))
                    else:
                        results.append(engines.patterns.analyze(text))
        except DeidentificationTimeout:
            raise DeidentificationTimeout(
                f"analysis of {len(items)} text(s) took over {self.settings.max_text_seconds:g} s per text"
            ) from None
        except Exception as exc:
            # The original message may quote the text: keep only its type.
            raise DeidentificationError(f"analysis failed with {type(exc).__name__} on {len(items)} text(s)") from None
        out = []
        for (text, _), found in zip(items, results, strict=True):
            detections = [Entity(r.entity_type, r.start, r.end, r.score) for r in found]
            detections = [part for e in outside_tags(text, detections) for part in refine(text, e)]
            out.append(merge_overlaps(detections))
        return out


_OPTIONAL_TEXT_FIELDS = ("feedback", "correction", "error")
# Text (characters, arguments' keys and values included) past which an event is de-identified on its own.
HEAVY_EVENT_CHARS = 32_768


@contextmanager
def _time_budget(seconds: float) -> Iterator[None]:
    """Raise DeidentificationTimeout in this thread after `seconds` (an interval timer, SIGALRM).

    Only the main thread of a process receives signals, and a timer already set by someone else is left
    alone: elsewhere (a Ray actor's worker thread) the budget is not enforced and the body just runs.
    """
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    )
    if not usable:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise DeidentificationTimeout("de-identification time budget exceeded")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _event_jobs(event: SignalEvent) -> list[TextJob]:
    """Every text of the event, arguments' keys and values included, in the order `_rebuild` puts them back."""
    return _text_fields(event) + _argument_jobs(event)


def _patient_key(event: SignalEvent) -> str:
    return event.patient_ref or f"conversation:{event.conversation_id}"


def _text_fields(event: SignalEvent) -> list[TextJob]:
    key = _patient_key(event)
    texts = [m.content for m in event.messages] + [event.model_output]
    texts += [value for name in _OPTIONAL_TEXT_FIELDS if (value := getattr(event, name)) is not None]
    return [TextJob(text, event.language, patient_key=key) for text in texts]


def _argument_jobs(event: SignalEvent) -> list[TextJob]:
    """The free texts (keys and values) inside the event's arguments, each once, in the walk's order."""
    if event.arguments is None:
        return []
    key = _patient_key(event)
    found: dict[tuple[str, str], None] = {}

    def collect(context: str, value: str) -> str:
        found[(context, value)] = None
        return value

    deidentify_arguments(event.arguments, collect, lambda _entity_type, value: value)
    return [TextJob(value, event.language, context=context, patient_key=key) for context, value in found]


def _error(exc: Exception) -> DeidentificationError:
    return exc if isinstance(exc, DeidentificationError) else DeidentificationError(type(exc).__name__)


def _shift(entity: Entity, offset: int, length: int) -> Entity | None:
    start, end = max(entity.start - offset, 0), min(entity.end - offset, length)
    if end <= start:
        return None
    return Entity(entity.entity_type, start, end, entity.score)

"""De-identification of text typed by reviewers (reference answers, notes) before it is stored.

A reviewer may paste an identifier from memory or another system; what they write is exported to the
trainer, so it passes through the same de-identifier, key and settings as ingested signals.
"""

from __future__ import annotations

import threading
from typing import Protocol

from infra.settings import DeidSettings
from ingest.deid import Deidentifier


class TextScrubber(Protocol):
    def __call__(self, text: str, language: str) -> tuple[str, int]:
        """The text with identifiers replaced, and how many were replaced."""
        ...


class ReviewerTextScrubber:
    """Builds the de-identifier on first use (loading the NLP model takes seconds), once per app."""

    def __init__(self, key: str, settings: DeidSettings) -> None:
        self._key = key
        self._settings = settings
        self._deidentifier: Deidentifier | None = None
        self._lock = threading.Lock()

    def warm(self) -> None:
        with self._lock:
            self._engine()

    def _engine(self) -> Deidentifier:
        if self._deidentifier is None:
            deidentifier = Deidentifier(self._key, settings=self._settings)
            deidentifier.setup()
            self._deidentifier = deidentifier
        return self._deidentifier

    def __call__(self, text: str, language: str) -> tuple[str, int]:
        # One text at a time: the spaCy pipeline is not documented as safe across threads.
        with self._lock:
            result = self._engine().deidentify_text(text, language)
        return result.text, len(result.entities)

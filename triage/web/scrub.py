"""De-identification of text typed by reviewers (reference answers, notes) before it is stored.

A reviewer may paste an identifier from memory or another system; what they write is exported to the
trainer, so it passes through the same de-identifier, key and settings as ingested signals.
"""

from __future__ import annotations

import re
import threading
from typing import Protocol

from infra.settings import DeidSettings
from ingest.deid import Deidentifier
from ingest.deid.analyze.routing import has_cjk


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
        """Scrubbed for every language the text contains, whatever the item's language: a reviewer may type
        an English name and phone number on a Chinese item. De-identified text passes a second run unchanged,
        so each language's pass keeps what the previous one replaced."""
        replaced = 0
        # One text at a time: the spaCy pipeline is not documented as safe across threads.
        with self._lock:
            for each in languages_in(text, language):
                result = self._engine().deidentify_text(text, each)
                text, replaced = result.text, replaced + len(result.entities)
        return text, replaced


_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def languages_in(text: str, language: str) -> list[str]:
    """The item's language first, then Chinese and English where the text has Han characters or Latin words."""
    found = [language or "en"]
    primary = found[0].split("-")[0].lower()
    if has_cjk(text) and primary != "zh":
        found.append("zh")
    if _LATIN_WORD.search(text) and primary == "zh":
        found.append("en")
    return found

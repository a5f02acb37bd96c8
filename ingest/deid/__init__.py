"""De-identification of signal events: Presidio recognizers, keyed pseudonym tags, no raw PHI out."""

from __future__ import annotations

from ingest.deid.deidentifier import Deidentifier
from ingest.deid.model import DeidentificationError, DeidText, Entity

__all__ = ["DeidText", "DeidentificationError", "Deidentifier", "Entity"]

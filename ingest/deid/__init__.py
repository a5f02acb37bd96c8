"""De-identification of signal events: detection (`analyze/`), replacement (`replace/`) and evaluation
(`evaluate/`). Public: `Deidentifier` (load once with `setup()`, then `deidentify_events` / texts),
`DeidText`, `Entity`, `DeidentificationError`; `ray_pool.RayDeidentifierPool` runs it in Ray actors."""

from __future__ import annotations

from ingest.deid.deidentifier import Deidentifier
from ingest.deid.model import DeidentificationError, DeidText, Entity

__all__ = ["DeidText", "DeidentificationError", "Deidentifier", "Entity"]

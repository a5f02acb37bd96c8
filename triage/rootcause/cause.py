"""What root-cause analysis says about one event (`Cause`) and what a clinician confirmed (`Confirmed`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Cause:
    """The root cause of one signal.

    `evidence` holds short machine-readable strings, strongest first ("tool_error:ocr.read.timeout",
    "correction:number_changed", "classifier:p=0.81"); `method` says which sources decided it
    ("rules", "rules+classifier", "similarity", ...).
    """

    cause_id: str
    confidence: float
    evidence: tuple[str, ...]
    method: str


@dataclass(frozen=True)
class Confirmed:
    """A clinician-confirmed (event, cause) pair: what the classifier learns from."""

    kind: str
    language: str
    payload: dict[str, Any] = field(hash=False)
    cause_id: str

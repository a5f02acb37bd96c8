"""The signal event contract (schema version 1) and its JSON Schema."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = 1
SCHEMA_PATH = Path(__file__).parent / "schemas" / f"signal_event.v{SCHEMA_VERSION}.json"


class Kind(StrEnum):
    BAD_CASE = "bad_case"
    FOLLOW_UP = "follow_up"
    CORRECTION = "correction"
    LOW_CONFIDENCE = "low_confidence"
    TOOL_ERROR = "tool_error"


Role = Literal["user", "assistant", "system", "tool", "clinician"]


class Message(BaseModel):
    model_config = ConfigDict(extra="ignore")

    role: Role
    content: str


class SignalEvent(BaseModel):
    """One weak signal from the assistant in production.

    Unknown fields are dropped on parse: the pipeline keeps only what the contract names, so an
    unexpected free-text field can never carry identifiers past de-identification.
    """

    model_config = ConfigDict(extra="ignore", use_enum_values=False)

    event_id: str = Field(min_length=1, max_length=128)
    schema_version: int = Field(ge=1, le=SCHEMA_VERSION)
    kind: Kind
    occurred_at: AwareDatetime
    conversation_id: str = Field(min_length=1, max_length=256)
    patient_ref: str | None = None
    language: str = Field(default="en", min_length=2, max_length=16)
    messages: list[Message] = Field(min_length=1)
    model_output: str
    model_version: str = Field(min_length=1, max_length=128)
    rating: int | None = Field(default=None, ge=1, le=5)
    feedback: str | None = None
    correction: str | None = None
    corrector_role: str | None = None
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    tool: str | None = None
    arguments: dict[str, Any] | None = None
    error: str | None = None

    @model_validator(mode="after")
    def _kind_fields(self) -> SignalEvent:
        required: dict[Kind, tuple[str, ...]] = {
            Kind.CORRECTION: ("correction", "corrector_role"),
            Kind.LOW_CONFIDENCE: ("confidence",),
            Kind.TOOL_ERROR: ("tool", "error"),
        }
        missing = [name for name in required.get(self.kind, ()) if getattr(self, name) is None]
        if self.kind is Kind.BAD_CASE and self.rating is None and self.feedback is None:
            missing.append("rating or feedback")
        if missing:
            raise ValueError(f"kind {self.kind.value!r} requires {', '.join(missing)}")
        return self

    def text_fields(self) -> list[str]:
        """Every free-text value of the event, in a fixed order."""
        texts = [m.content for m in self.messages] + [self.model_output]
        texts += [t for t in (self.feedback, self.correction, self.error) if t]
        return texts

    def to_json(self) -> str:
        return self.model_dump_json(exclude_none=True)

    def canonical_json(self) -> str:
        """Every field, keys sorted: the same event always gives the same text (what its content hash reads)."""
        return json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)


def json_schema() -> dict[str, Any]:
    schema = SignalEvent.model_json_schema()
    schema["$id"] = f"https://outerloop.dev/schemas/signal_event.v{SCHEMA_VERSION}.json"
    schema["title"] = f"SignalEvent v{SCHEMA_VERSION}"
    return schema


def write_json_schema(path: Path = SCHEMA_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")
    return path

"""The versioned root-cause taxonomy: `load_taxonomy()` reads `taxonomy.v<N>.json` into frozen dataclasses."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

TAXONOMY_VERSION = "1"
TAXONOMY_PATH = Path(__file__).with_name(f"taxonomy.v{TAXONOMY_VERSION}.json")

AXES = ("accuracy", "completeness", "communication_quality", "context_awareness", "instruction_following")
HARMS = ("none", "minor", "moderate", "severe")
FIX_KINDS = ("training_data", "eval_regression", "tool_engineering", "knowledge_update", "prompt_policy")
REQUIRED_IDS = (
    "missed_red_flag",
    "dose_or_unit_error",
    "interaction_missed",
    "insufficient_history",
    "context_lapse",
    "fabricated_evidence",
    "tool_failure",
    "tool_misuse",
    "knowledge_error",
    "outdated_guidance",
    "communication",
    "over_refusal",
    "off_topic_output",
    "other",
)
FALLBACK_ID = "other"


class TaxonomyError(ValueError):
    """The taxonomy file is malformed; the message names the cause and the field."""


@dataclass(frozen=True)
class CauseDefinition:
    id: str
    definition: str
    examples_en: tuple[str, ...]
    examples_zh: tuple[str, ...]
    healthbench_axis: str
    default_harm: str
    fix_kind: str

    def examples(self, language: str) -> tuple[str, ...]:
        """The examples in `language` ("zh*" -> Chinese, anything else -> English)."""
        return self.examples_zh if language.lower().startswith("zh") else self.examples_en


@dataclass(frozen=True)
class Taxonomy:
    version: str
    causes: tuple[CauseDefinition, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.causes)

    def get(self, cause_id: str) -> CauseDefinition:
        for cause in self.causes:
            if cause.id == cause_id:
                return cause
        raise KeyError(f"unknown root cause {cause_id!r}; taxonomy v{self.version} has {', '.join(self.ids)}")

    def __contains__(self, cause_id: object) -> bool:
        return cause_id in self.ids


def _strings(raw: Any, where: str, minimum: int) -> tuple[str, ...]:
    if not isinstance(raw, list) or len(raw) < minimum or not all(isinstance(s, str) and s.strip() for s in raw):
        raise TaxonomyError(f"{where} must be a list of at least {minimum} non-empty strings")
    return tuple(raw)


def _choice(raw: Any, where: str, allowed: tuple[str, ...]) -> str:
    if raw not in allowed:
        raise TaxonomyError(f"{where} is {raw!r}; allowed: {', '.join(allowed)}")
    return str(raw)


def parse_taxonomy(data: dict[str, Any]) -> Taxonomy:
    version = data.get("version")
    if not isinstance(version, str) or not version:
        raise TaxonomyError("taxonomy needs a top-level string 'version'")
    causes: list[CauseDefinition] = []
    for index, raw in enumerate(data.get("causes") or []):
        cause_id = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(cause_id, str) or not cause_id:
            raise TaxonomyError(f"causes[{index}] needs a string 'id'")
        where = f"cause {cause_id!r}"
        definition = raw.get("definition")
        if not isinstance(definition, str) or not definition.strip():
            raise TaxonomyError(f"{where}: 'definition' must be a non-empty string")
        causes.append(
            CauseDefinition(
                id=cause_id,
                definition=definition,
                examples_en=_strings(raw.get("examples_en"), f"{where}: 'examples_en'", 3),
                examples_zh=_strings(raw.get("examples_zh"), f"{where}: 'examples_zh'", 3),
                healthbench_axis=_choice(raw.get("healthbench_axis"), f"{where}: 'healthbench_axis'", AXES),
                default_harm=_choice(raw.get("default_harm"), f"{where}: 'default_harm'", HARMS),
                fix_kind=_choice(raw.get("fix_kind"), f"{where}: 'fix_kind'", FIX_KINDS),
            )
        )
    ids = [c.id for c in causes]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise TaxonomyError(f"duplicate cause ids: {', '.join(duplicates)}")
    missing = [i for i in REQUIRED_IDS if i not in ids]
    if missing:
        raise TaxonomyError(f"taxonomy v{version} lacks required causes: {', '.join(missing)}")
    return Taxonomy(version=version, causes=tuple(causes))


@cache
def load_taxonomy(path: Path = TAXONOMY_PATH) -> Taxonomy:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise TaxonomyError(f"cannot read the root-cause taxonomy at {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise TaxonomyError(f"{path}: the taxonomy must be a JSON object")
    return parse_taxonomy(data)

"""What the written dataset versions hold: a listing with counts and parents, and the difference of two."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from curation.records import DATA_FILES


@dataclass(frozen=True)
class VersionSummary:
    version: str
    created_at: str
    parent_version: str | None
    counts: dict[str, int]
    split: dict[str, Any]


@dataclass(frozen=True)
class VersionDiff:
    older: str
    newer: str
    added: dict[str, list[str]]  # file -> event ids present in `newer` only
    removed: dict[str, list[str]]  # file -> event ids present in `older` only


def summaries(recorded: list[tuple[str, dict[str, Any]]]) -> list[VersionSummary]:
    return [
        VersionSummary(
            version,
            str(manifest.get("created_at", "")),
            manifest.get("parent_version"),
            dict(manifest.get("counts", {})),
            dict(manifest.get("split", {})),
        )
        for version, manifest in recorded
    ]


def _event_ids(version_dir: Path, name: str) -> set[str]:
    path = version_dir / name
    if not path.is_file():
        return set()
    ids = set()
    for line in path.read_text("utf-8").splitlines():
        row = json.loads(line)
        metadata = row.get("metadata") or {}
        ids.add(str(metadata.get("event_id") or row.get("prompt_id") or row.get("event_id")))
    return ids


def diff(dataset_dir: Path, older: str, newer: str) -> VersionDiff:
    """Per file, which events were added and removed between two versions."""
    for version in (older, newer):
        if not (dataset_dir / version).is_dir():
            raise FileNotFoundError(f"no version {version!r} under {dataset_dir.name}; `outerloop datasets` lists them")
    added: dict[str, list[str]] = {}
    removed: dict[str, list[str]] = {}
    for name in DATA_FILES:
        before, after = _event_ids(dataset_dir / older, name), _event_ids(dataset_dir / newer, name)
        added[name] = sorted(after - before)
        removed[name] = sorted(before - after)
    return VersionDiff(older, newer, added, removed)

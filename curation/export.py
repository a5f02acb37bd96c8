"""Export accepted review items as an immutable, versioned dataset directory.

`<out_dir>/<name>/<version>/` holds eval.jsonl, sft.jsonl, preference.jsonl, manifest.json and a
README.md dataset card. A version is written into a temporary directory and renamed into place, so
it appears complete or not at all; an export whose data equals the latest version's writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from curation.card import dataset_card
from curation.records import DATA_FILES, EVAL, build_records

if TYPE_CHECKING:
    from infra.store import Store

SCHEMA = "outerloop.dataset/v2"
MANIFEST = "manifest.json"
CARD = "README.md"
_VERSION = re.compile(r"^v(\d{4,})$")


@dataclass(frozen=True)
class ExportResult:
    name: str
    version: str
    path: Path
    created: bool
    parent_version: str | None
    counts: dict[str, int]
    content_sha256: str
    skipped_item_ids: list[str]


def _jsonl(rows: list[dict[str, Any]]) -> bytes:
    return b"".join(
        (json.dumps(r, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8") for r in rows
    )


def _content_hash(file_hashes: dict[str, str]) -> str:
    text = SCHEMA + "\n" + "".join(f"{name} {file_hashes[name]}\n" for name in DATA_FILES)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _version_number(version: str) -> int | None:
    match = _VERSION.match(version)
    return int(match.group(1)) if match else None


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _read_manifest(version_dir: Path) -> dict[str, Any] | None:
    try:
        manifest: dict[str, Any] = json.loads((version_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest


def _result(name: str, path: Path, manifest: dict[str, Any], created: bool) -> ExportResult:
    return ExportResult(
        name=name,
        version=manifest["version"],
        path=path,
        created=created,
        parent_version=manifest.get("parent_version"),
        counts=dict(manifest["counts"]),
        content_sha256=manifest["content_sha256"],
        skipped_item_ids=list(manifest.get("skipped_item_ids", [])),
    )


def export_datasets(store: Store, out_dir: Path, name: str = "outerloop-review") -> ExportResult:
    """Write the accepted items as a new dataset version, unless the latest version has the same data."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}", name):
        raise ValueError(f"dataset name {name!r} must be letters, digits, '.', '_' or '-'")
    records = build_records(store.accepted_items())
    data = {f: _jsonl(records.rows[f]) for f in DATA_FILES}
    file_hashes = {f: hashlib.sha256(b).hexdigest() for f, b in data.items()}
    content_sha256 = _content_hash(file_hashes)

    dataset_dir = Path(out_dir) / name
    recorded = store.dataset_versions(name)
    latest = recorded[-1] if recorded else None
    if latest is not None and latest[1].get("content_sha256") == content_sha256:
        return _result(name, dataset_dir / latest[0], latest[1], created=False)

    # A version renamed into place whose recording did not happen (a crash in between) is adopted
    # if it holds this very content; otherwise its number is skipped, never overwritten.
    known = {v for v, _ in recorded}
    on_disk = (
        sorted(p for p in dataset_dir.iterdir() if p.is_dir() and _version_number(p.name) is not None)
        if dataset_dir.is_dir()
        else []
    )
    for orphan in (p for p in on_disk if p.name not in known):
        manifest = _read_manifest(orphan)
        if manifest is not None and manifest.get("content_sha256") == content_sha256:
            store.record_dataset(name, orphan.name, str(orphan), manifest)
            return _result(name, orphan, manifest, created=True)

    numbers = [n for n in (_version_number(v) for v in known | {p.name for p in on_disk}) if n is not None]
    version = f"v{max(numbers, default=0) + 1:04d}"
    manifest = {
        "schema": SCHEMA,
        "name": name,
        "version": version,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "parent_version": latest[0] if latest else None,
        "content_sha256": content_sha256,
        "counts": {f: len(records.rows[f]) for f in DATA_FILES},
        "sha256": file_hashes,
        "source_event_ids": sorted(records.event_ids),
        "cluster_ids": sorted(records.cluster_ids),
        "reviewers": sorted(records.reviewers),
        "skipped_item_ids": records.skipped_item_ids,
        "left_out": dict(sorted(records.left_out.items())),
        "languages": sorted({str(r["metadata"]["language"]) for r in records.rows[EVAL] if r["metadata"]["language"]}),
    }

    dataset_dir.mkdir(parents=True, exist_ok=True)
    final = dataset_dir / version
    tmp = dataset_dir / f".tmp-{version}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        for f, payload in data.items():
            _write_file(tmp / f, payload)
        manifest_text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
        _write_file(tmp / MANIFEST, manifest_text.encode("utf-8"))
        _write_file(tmp / CARD, dataset_card(manifest).encode("utf-8"))
        for written in tmp.iterdir():
            written.chmod(0o444)
        _fsync_dir(tmp)
        tmp.rename(final)  # fails rather than replace if the version already exists
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _fsync_dir(dataset_dir)
    store.record_dataset(name, version, str(final), manifest)
    store.audit("curation", "dataset.exported", {"name": name, "version": version, "counts": manifest["counts"]})
    return _result(name, final, manifest, created=True)

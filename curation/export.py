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
from curation.leakage import EvalIndex, prompt_text
from curation.records import DATA_FILES, EVAL, KTO, PREFERENCE, SFT, Records, build_records
from curation.split import DEFAULT_EVAL_SHARE, EVAL_SPLIT, TRAIN_SPLIT, assign_split, group_keys, key_hash
from infra.records import ReviewItem

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


def _earlier_eval(
    dataset_dir: Path, recorded: list[tuple[str, dict[str, Any]]]
) -> tuple[dict[str, set[str]], list[str]]:
    """Split key hashes and eval prompts of every recorded version."""
    keys: dict[str, set[str]] = {EVAL_SPLIT: set(), TRAIN_SPLIT: set()}
    prompts: list[str] = []
    for version, manifest in recorded:
        for split, hashes in (manifest.get("split_keys") or {}).items():
            keys.setdefault(split, set()).update(hashes)
        path = dataset_dir / version / EVAL
        if path.is_file():
            prompts += [
                prompt_text(json.loads(line).get("prompt") or []) for line in path.read_text("utf-8").splitlines()
            ]
    keys[TRAIN_SPLIT] -= keys[EVAL_SPLIT]
    return keys, prompts


def _leaked(records: Records, items: list[ReviewItem], eval_keys: set[str], eval_prompts: list[str]) -> int:
    """Training rows whose group was ever eval, or whose prompt nearly repeats an eval prompt: must be 0."""
    by_event = {i.event_id: i for i in items}
    index = EvalIndex(eval_prompts)
    leaked = 0
    for name in (SFT, PREFERENCE, KTO):
        for row in records.rows[name]:
            item = by_event[row["metadata"]["event_id"]]
            prompt = row.get("prompt") or row["messages"][:-1]
            if {key_hash(k) for k in group_keys(item)} & eval_keys or index.near(prompt_text(prompt)):
                leaked += 1
    return leaked


def export_datasets(
    store: Store, out_dir: Path, name: str = "outerloop-review", *, eval_share: float = DEFAULT_EVAL_SHARE
) -> ExportResult:
    """Write the accepted items as a new dataset version, unless the latest version has the same data."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}", name):
        raise ValueError(f"dataset name {name!r} must be letters, digits, '.', '_' or '-'")
    dataset_dir = Path(out_dir) / name
    recorded = store.dataset_versions(name)
    decisions = store.complete_decisions(status=None)
    items = [d.item for d in decisions if d.final.unusable is None]
    earlier_keys, earlier_prompts = _earlier_eval(dataset_dir, recorded)
    split = assign_split(items, earlier_keys, eval_share)
    records = build_records(decisions, split.of_item, earlier_prompts)
    eval_prompts = earlier_prompts + [prompt_text(r["prompt"]) for r in records.rows[EVAL]]
    leaked = _leaked(records, items, set(split.keys[EVAL_SPLIT]), eval_prompts)
    if leaked:
        raise RuntimeError(f"{leaked} training rows overlap the evaluation split; nothing written")
    data = {f: _jsonl(records.rows[f]) for f in DATA_FILES}
    file_hashes = {f: hashlib.sha256(b).hexdigest() for f, b in data.items()}
    content_sha256 = _content_hash(file_hashes)

    latest = recorded[-1] if recorded else None
    if latest is None and not any(records.rows.values()):
        # Nothing reviewed yet (or a data directory other than the pipeline's): no empty first version.
        return ExportResult(name, "", dataset_dir, False, None, {f: 0 for f in DATA_FILES}, "", [])
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
        "split": {
            "by": ["cluster", "conversation", "patient"],
            "eval_share": eval_share,
            "items": split.counts(),
            "near_duplicates_removed": records.left_out.get("near_duplicate_of_eval", 0),
            "leaked": leaked,
        },
        "split_keys": dict(split.keys),
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

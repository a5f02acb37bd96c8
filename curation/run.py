"""The curation stage's front door: accepted review items -> a new immutable dataset version."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from curation import versions
from curation.export import ExportResult, export_datasets
from infra.settings import Settings
from infra.store import pipeline_store, review_store

log = logging.getLogger(__name__)

DEFAULT_NAME = "outerloop-review"


def run(settings: Settings, name: str = DEFAULT_NAME) -> ExportResult:
    started = datetime.now(UTC)
    # Complete decisions are read, and the version recorded, in the review file; the run in the pipeline's.
    result = export_datasets(review_store(settings), settings.exports_dir, name)
    pipeline_store(settings).record_run("export", started, {"name": name, "version": result.version})
    log.info("export: %s %s", name, result.version)
    return result


def list_versions(settings: Settings, name: str = DEFAULT_NAME) -> list[versions.VersionSummary]:
    return versions.summaries(review_store(settings).dataset_versions(name))


def diff_versions(settings: Settings, older: str, newer: str, name: str = DEFAULT_NAME) -> versions.VersionDiff:
    return versions.diff(settings.exports_dir / name, older, newer)

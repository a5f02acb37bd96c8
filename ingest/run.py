"""The ingest stage's front door: Kafka -> validate -> de-identify -> DuckDB, in one or N consumer processes."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from infra.settings import Settings
from infra.store import Store
from ingest.consumer import Ingestor, IngestReport
from ingest.deid import Deidentifier
from ingest.faults import Faults
from ingest.workers import Progress, run_consumers

log = logging.getLogger(__name__)


def run(
    settings: Settings,
    *,
    max_records: int | None = None,
    consumers: int | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest with `consumers` processes of one consumer group (default `settings.ingest.consumers`)."""
    started = datetime.now(UTC)
    count = consumers or settings.ingest.consumers
    report = run_consumers(consume, settings, count, max_records=max_records, progress=progress)
    Store(settings.db_path).record_run("ingest", started, {**report.as_dict(), "consumers": count})
    log.info("ingest: %s", report.as_dict())
    return report


def consume(settings: Settings, *, max_records: int | None = None, progress: Progress | None = None) -> IngestReport:
    """One consumer in this process: the store, the de-identifier (loaded once) and the fault hook."""
    store = Store(settings.db_path)
    deidentifier = Deidentifier(settings.secret("deid_key"), settings=settings.deid)
    deidentifier.setup()
    return Ingestor(settings, store, deidentifier, progress=progress, faults=Faults.from_env()).run(
        max_records=max_records
    )

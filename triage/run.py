"""The triage stage's front door: one review item per cluster exemplar, queued with its priority."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from infra.settings import Settings
from infra.store import Store
from triage.priority import build_review_items

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TriageReport:
    items: int
    new_items: int

    def as_dict(self) -> dict[str, Any]:
        return {"items": self.items, "new_items": self.new_items}


def run(settings: Settings) -> TriageReport:
    started = datetime.now(UTC)
    store = Store(settings.db_path)
    clusters = store.clusters()
    exemplars = store.events_by_id([eid for c in clusters for eid in c.exemplar_ids])
    items = build_review_items(clusters, exemplars)
    report = TriageReport(len(items), store.add_review_items(items))
    store.record_run("triage", started, report.as_dict())
    log.info("triage: %s", report.as_dict())
    return report

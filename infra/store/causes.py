"""Root causes: one per event and one per cluster (with its priority factors), replaced by each triage run."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

import duckdb

from infra.records import ClusterCause, EventCause, EventRow
from infra.store.connection import StoreBase, columns_of, now, rows_as

CLUSTER_CAUSE_JSON = ("summary", "shares", "priority_factors", "judge")
CLUSTER_CAUSE_SELECT = (
    "SELECT cluster_id, cause_id, confidence, members, agreeing, summary, shares, priority_factors, "
    "fix_kind, default_harm, judge FROM cluster_causes"
)


class CausesSQL(StoreBase):
    def save_causes(self, events: Sequence[EventCause], clusters: Sequence[ClusterCause]) -> None:
        """Replace every stored cause with these, in one transaction."""
        at = now()
        with self.transaction() as con:
            con.execute("DELETE FROM event_causes")
            con.execute("DELETE FROM cluster_causes")
            self._insert_causes(con, events, clusters, at)

    def _insert_causes(
        self,
        con: duckdb.DuckDBPyConnection,
        events: Sequence[EventCause],
        clusters: Sequence[ClusterCause],
        at: datetime,
    ) -> None:
        if events:
            columns = columns_of(events, EventCause)
            columns["evidence"] = [json.dumps(e, ensure_ascii=False) for e in columns["evidence"]]
            self._insert(con, "event_causes", {**columns, "analyzed_at": [at] * len(events)})
        if clusters:
            columns = columns_of(clusters, ClusterCause)
            for name in CLUSTER_CAUSE_JSON:
                columns[name] = [json.dumps(v, ensure_ascii=False) for v in columns[name]]
            self._insert(con, "cluster_causes", {**columns, "analyzed_at": [at] * len(clusters)})

    def event_causes(self) -> dict[str, EventCause]:
        with self.connect() as con:
            cursor = con.execute("SELECT event_id, cause_id, confidence, evidence, method FROM event_causes")
            found = rows_as(cursor, EventCause, json_columns=("evidence",))
        return {c.event_id: c for c in found}

    def cluster_causes(self) -> dict[str, ClusterCause]:
        with self.connect() as con:
            cursor = con.execute(CLUSTER_CAUSE_SELECT)
            found = rows_as(cursor, ClusterCause, json_columns=CLUSTER_CAUSE_JSON)
        return {c.cluster_id: c for c in found}

    def tool_failure_events(
        self, causes: Sequence[str] = ("tool_failure", "tool_misuse")
    ) -> list[tuple[EventRow, str | None]]:
        """Events of kind tool_error and events whose stored cause is one of `causes`, oldest first, each
        with its stored cause (None before the first triage run)."""
        with self.connect() as con:
            cursor = con.execute(
                "SELECT e.event_id, e.kind, e.language, e.occurred_at, e.payload, c.cause_id FROM events e "
                "LEFT JOIN event_causes c ON c.event_id = e.event_id "
                "WHERE e.kind = 'tool_error' OR list_contains(?, c.cause_id) ORDER BY e.occurred_at, e.event_id",
                [list(causes)],
            )
            return rows_as(cursor, lambda cause_id, **row: (EventRow(**row), cause_id), json_columns=("payload",))

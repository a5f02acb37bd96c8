"""The triage stage's handoff from the pipeline's file to the review file.

The pipeline's side reads what the review page will need (`handoff_events`, `handoff_assignments`); the
review side takes it in one transaction (`hand_over`): the copies of the events, clusters, causes and
assignments the page shows are replaced or added, items whose cluster disappeared are reconciled, the
selected items are queued (an item already queued keeps its status, decisions and lease) and the
dashboard's daily counts are replaced. A run handed over twice, or a run older than the last one handed
over, changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import datetime

import duckdb

from infra.records import Assignment, Cluster, DailySignals, Handoff, HandoffResult, StoredEvent
from infra.store.causes import CausesSQL
from infra.store.clustering import ClusteringSQL
from infra.store.connection import columns_of, now, rows_as
from infra.store.review import ReviewSQL

_STORED_EVENT_SELECT = (
    "SELECT event_id, content_hash, kind, language, occurred_at, conversation_id, patient_ref, model_version, "
    "payload, source_topic, source_partition, source_offset FROM events"
)


class HandoffSQL(ClusteringSQL, CausesSQL, ReviewSQL):
    # ---- the pipeline's side -----------------------------------------------------------------------

    def handoff_events(self, event_ids: Collection[str]) -> list[StoredEvent]:
        """Whole stored events (payload as JSON text), to be copied into the review file."""
        if not event_ids:
            return []
        with self.connect() as con:
            cursor = con.execute(
                _STORED_EVENT_SELECT + " WHERE event_id IN (SELECT unnest(?)) ORDER BY event_id", [list(event_ids)]
            )
            return rows_as(cursor, StoredEvent)

    def handoff_assignments(self, event_ids: Collection[str], members_per_cluster: int) -> list[Assignment]:
        """The assignments of `event_ids` and of each cluster's `members_per_cluster` most probable members
        (the review page shows an item's cluster's most probable other members)."""
        with self.connect() as con:
            cursor = con.execute(
                "SELECT event_id, cluster_id, probability FROM cluster_assignments "
                "WHERE event_id IN (SELECT unnest(?)) "
                "UNION "
                "SELECT event_id, cluster_id, probability FROM cluster_assignments WHERE cluster_id IS NOT NULL "
                "QUALIFY row_number() OVER (PARTITION BY cluster_id ORDER BY probability DESC, event_id) <= ? "
                "ORDER BY event_id",
                [list(event_ids), members_per_cluster],
            )
            return rows_as(cursor, Assignment)

    # ---- the review side ---------------------------------------------------------------------------

    def hand_over(self, handoff: Handoff) -> HandoffResult:
        """Take the triage stage's handoff in one transaction, committed when this returns."""
        at = now()
        with self.transaction() as con:
            row = con.execute(
                "SELECT count(*) FROM handoffs WHERE run_id = ? OR taken_at > ?", [handoff.run_id, handoff.taken_at]
            ).fetchone()
            if row and row[0]:
                return HandoffResult(False, 0, {})
            self._copy_events(con, handoff.events, at)
            self._replace_clustering(con, handoff.run_id, handoff.clusters, handoff.assignments, at)
            con.execute("DELETE FROM cluster_causes")
            if handoff.event_causes:
                con.execute(
                    "DELETE FROM event_causes WHERE event_id IN (SELECT unnest(?))",
                    [[c.event_id for c in handoff.event_causes]],
                )
            self._insert_causes(con, handoff.event_causes, handoff.cluster_causes, at)
            reconciled = self._reconcile(con, at)
            new_items = self._add_review_items(con, handoff.items, at)
            self._replace_daily(con, handoff.daily)
            stats = {"items": len(handoff.items), "new_items": new_items, "events": len(handoff.events)}
            con.execute(
                "INSERT INTO handoffs (run_id, taken_at, handed_at, signals, clustered, stats) VALUES (?,?,?,?,?,?)",
                [handoff.run_id, handoff.taken_at, at, handoff.signals, handoff.clustered, json.dumps(stats)],
            )
        return HandoffResult(True, new_items, reconciled)

    def _copy_events(self, con: duckdb.DuckDBPyConnection, events: Sequence[StoredEvent], at: datetime) -> None:
        """Events are immutable by id: copies already here stay as they are."""
        if not events:
            return
        known = {
            r[0]
            for r in con.execute(
                "SELECT event_id FROM events WHERE event_id IN (SELECT unnest(?))", [[e.event_id for e in events]]
            ).fetchall()
        }
        new = [e for e in events if e.event_id not in known]
        if new:
            columns = columns_of(new, StoredEvent, skip=("size_bytes",))
            columns["payload"] = [
                p if isinstance(p, str) else json.dumps(p, ensure_ascii=False) for p in columns["payload"]
            ]
            self._insert(con, "events", {**columns, "ingested_at": [at] * len(new)})

    def _replace_clustering(
        self,
        con: duckdb.DuckDBPyConnection,
        run_id: str,
        clusters: Sequence[Cluster],
        assignments: Sequence[Assignment],
        at: datetime,
    ) -> None:
        con.execute("DELETE FROM clusters")
        con.execute("DELETE FROM cluster_assignments")
        self._insert_clusters(con, run_id, clusters, assignments, at, clusters_keep_run_ids=True)

    def _replace_daily(self, con: duckdb.DuckDBPyConnection, daily: Sequence[DailySignals]) -> None:
        con.execute("DELETE FROM handoff_daily_signals")
        if daily:
            self._insert(con, "handoff_daily_signals", columns_of(daily, DailySignals))

    def handoffs(self) -> list[tuple[str, datetime, dict[str, int]]]:
        """(run id, when the pipeline's state was read, stats) of every handoff this file took, oldest first."""
        with self.connect() as con:
            rows = con.execute("SELECT run_id, taken_at, stats FROM handoffs ORDER BY handed_at, run_id").fetchall()
        return [(r[0], r[1], json.loads(r[2])) for r in rows]

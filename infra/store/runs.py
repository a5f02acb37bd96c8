"""Read-only views for operators: the stages' runs, the latest dataset, signals per model version and
group (`outerloop report fixes`), and the dashboard's aggregates. Nothing here writes."""

from __future__ import annotations

import json
from typing import Any

import duckdb

from infra.records import (
    Cluster,
    DailySignals,
    DashboardData,
    DatasetRecord,
    Funnel,
    Latency,
    RunRecord,
    VersionSignals,
    VersionSpan,
)
from infra.store.clustering import _CLUSTER_DEFAULTS, _CLUSTER_JSON, _CLUSTER_SELECT
from infra.store.connection import StoreBase, rows_as

_GROUP_COLUMNS = {
    "theme": ("coalesce(nullif(c.theme_id, ''), c.cluster_id)", "coalesce(nullif(c.theme_label, ''), c.label)"),
    "cluster": ("c.cluster_id", "c.label"),
}


class RunsSQL(StoreBase):
    def recent_runs(self, limit: int = 10) -> list[RunRecord]:
        with self.connect() as con:
            cursor = con.execute(
                "SELECT run_id, stage, started_at, finished_at, stats FROM runs ORDER BY finished_at DESC LIMIT ?",
                [limit],
            )
            return rows_as(cursor, RunRecord, json_columns=("stats",))

    def last_run_per_stage(self) -> list[RunRecord]:
        with self.connect() as con:
            cursor = con.execute(
                "SELECT run_id, stage, started_at, finished_at, stats FROM runs "
                "QUALIFY row_number() OVER (PARTITION BY stage ORDER BY finished_at DESC) = 1 ORDER BY stage"
            )
            return rows_as(cursor, RunRecord, json_columns=("stats",))

    def latest_dataset(self) -> DatasetRecord | None:
        with self.connect() as con:
            row = con.execute(
                "SELECT name, version, created_at, manifest FROM datasets ORDER BY created_at DESC LIMIT 1"
            ).fetchone()
        if row is None:
            return None
        return DatasetRecord(row[0], row[1], row[2], dict(json.loads(row[3]).get("counts") or {}))

    def signals_by_version(self, group_by: str = "theme") -> list[VersionSignals]:
        """Signals per (group, model version): group_by "cause" (each event's root cause, from triage), or
        "theme" / "cluster" (clustered signals only)."""
        if group_by == "cause":
            with self.connect() as con:
                cursor = con.execute(
                    "SELECT c.cause_id AS group_id, c.cause_id AS group_label, e.model_version, count(*) AS signals "
                    "FROM events e JOIN event_causes c USING (event_id) GROUP BY ALL ORDER BY group_id, e.model_version"
                )
                return rows_as(cursor, VersionSignals)
        if group_by not in _GROUP_COLUMNS:
            raise ValueError(f"group_by must be cause or one of {sorted(_GROUP_COLUMNS)}, not {group_by!r}")
        gid, glabel = _GROUP_COLUMNS[group_by]
        with self.connect() as con:
            cursor = con.execute(
                f"SELECT {gid} AS group_id, any_value({glabel}) AS group_label, e.model_version, "
                "count(*) AS signals FROM events e JOIN cluster_assignments a USING (event_id) "
                "JOIN clusters c ON c.cluster_id = a.cluster_id GROUP BY ALL ORDER BY group_id, e.model_version"
            )
            return rows_as(cursor, VersionSignals)

    def has_causes(self) -> bool:
        """Whether triage has stored root causes (then fixes are reported per cause)."""
        with self.connect() as con:
            return self._count(con, "event_causes") > 0

    def version_spans(self) -> list[VersionSpan]:
        """Each model version's first and last signal and its signal count (all signals), oldest first."""
        with self.connect() as con:
            cursor = con.execute(
                "SELECT model_version, min(occurred_at) AS first_seen, max(occurred_at) AS last_seen, "
                "count(*) AS signals FROM events GROUP BY model_version ORDER BY first_seen, model_version"
            )
            return rows_as(cursor, VersionSpan)

    def daily_signals(self, days: int = 28) -> list[DailySignals]:
        """Signals per day, failure theme and kind over the last `days` days of data."""
        with self.connect() as con:
            return self._daily(con, days)

    def funnel(self) -> Funnel:
        with self.connect() as con:
            return self._funnel(con)

    def dataset_latency(self) -> Latency:
        with self.connect() as con:
            return self._latency(con)

    def dashboard_data(
        self, days: int = 28, exemplars_per_cluster: int = 2, unless: tuple[Any, ...] | None = None
    ) -> DashboardData | None:
        """Everything the dashboard shows; None when the store still has the fingerprint `unless` (nothing
        stored, clustered, queued, decided or exported since)."""
        with self.connect() as con:
            fingerprint = self._fingerprint(con)
            if unless is not None and fingerprint == unless:
                return None
            clusters = rows_as(
                con.execute(_CLUSTER_SELECT + " ORDER BY size DESC, cluster_id"),
                Cluster,
                json_columns=_CLUSTER_JSON,
                defaults=_CLUSTER_DEFAULTS,
            )
            ids = [e for c in clusters for e in c.exemplar_ids[:exemplars_per_cluster]]
            return DashboardData(
                self._daily(con, days),
                clusters,
                self._funnel(con),
                self._latency(con),
                self._payloads(con, ids),
                dict(con.execute("SELECT cluster_id, cause_id FROM cluster_causes").fetchall()),
                fingerprint,
            )

    @staticmethod
    def _fingerprint(con: duckdb.DuckDBPyConnection) -> tuple[Any, ...]:
        """Changes whenever events, the clustering, review items (a decision moves updated_at or version),
        the audit log or dataset versions change."""
        row = con.execute(
            "SELECT (SELECT count(*) FROM events), (SELECT max(ingested_at) FROM events), "
            "(SELECT count(*) FROM runs), (SELECT max(finished_at) FROM runs), "
            "(SELECT count(*) FROM review_items), (SELECT max(updated_at) FROM review_items), "
            "(SELECT sum(version) FROM review_items), (SELECT max(seq) FROM audit_log), "
            "(SELECT count(*) FROM datasets), (SELECT max(handed_at) FROM handoffs)"
        ).fetchone()
        return tuple(row or ())

    @staticmethod
    def _daily(con: duckdb.DuckDBPyConnection, days: int) -> list[DailySignals]:
        """Counted in this file's events; in the review file (which holds copies of a few events only), as the
        last handoff counted them in the pipeline's file (its DASHBOARD_DAYS days)."""
        if RunsSQL._count(con, "handoffs"):
            return rows_as(
                con.execute("SELECT day, theme, kind, signals FROM handoff_daily_signals ORDER BY day, theme, kind"),
                DailySignals,
            )
        cursor = con.execute(
            "WITH newest AS (SELECT max(occurred_at) AS t FROM events) "
            "SELECT date_trunc('day', e.occurred_at) AS day, "
            "coalesce(nullif(c.theme_label, ''), c.label, '(not clustered)') AS theme, e.kind, "
            "count(*) AS signals FROM events e LEFT JOIN cluster_assignments a USING (event_id) "
            "LEFT JOIN clusters c ON c.cluster_id = a.cluster_id, newest "
            "WHERE e.occurred_at > newest.t - to_days(?) GROUP BY ALL ORDER BY day, theme, e.kind",
            [days],
        )
        return rows_as(cursor, DailySignals)

    @staticmethod
    def _funnel(con: duckdb.DuckDBPyConnection) -> Funnel:
        row = con.execute(
            "WITH last AS (SELECT signals, clustered FROM handoffs ORDER BY handed_at DESC LIMIT 1) "
            "SELECT coalesce((SELECT signals FROM last), (SELECT count(*) FROM events)), "
            "coalesce((SELECT clustered FROM last), "
            "(SELECT count(*) FROM cluster_assignments WHERE cluster_id IS NOT NULL)), "
            "(SELECT count(*) FROM review_items), "
            "(SELECT count(*) FROM review_items WHERE status <> 'pending'), "
            "(SELECT count(*) FROM review_items WHERE status = 'accepted'), "
            "(SELECT count(DISTINCT x) FROM (SELECT unnest(CAST(json_extract(manifest, '$.source_event_ids') "
            "AS VARCHAR[])) AS x FROM datasets))"
        ).fetchone()
        return Funnel(*(int(v or 0) for v in (row or (0,) * 6)))

    @staticmethod
    def _latency(con: duckdb.DuckDBPyConnection) -> Latency:
        row = con.execute(
            "WITH firsts AS (SELECT x AS event_id, min(created_at) AS exported_at FROM "
            "(SELECT unnest(CAST(json_extract(manifest, '$.source_event_ids') AS VARCHAR[])) AS x, created_at "
            "FROM datasets) GROUP BY x), "
            "h AS (SELECT epoch(f.exported_at - e.occurred_at) / 3600.0 AS hours FROM firsts f "
            "JOIN events e USING (event_id)) "
            "SELECT count(*), quantile_cont(hours, 0.5), quantile_cont(hours, 0.9), max(hours) FROM h"
        ).fetchone()
        if row is None or not row[0]:
            return Latency(0, None, None, None)
        return Latency(int(row[0]), float(row[1]), float(row[2]), float(row[3]))

    @staticmethod
    def _payloads(con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> dict[str, dict[str, Any]]:
        if not event_ids:
            return {}
        # Row ids first, then those rows' payloads: a filter on event_id alone reads every payload (the widest
        # column) of the table.
        found = con.execute("SELECT rowid FROM events WHERE event_id IN (SELECT unnest(?))", [event_ids]).fetchall()
        rows = con.execute(
            "SELECT event_id, payload FROM events WHERE rowid IN (SELECT unnest(?))", [[r[0] for r in found]]
        ).fetchall()
        return {r[0]: json.loads(r[1]) for r in rows}

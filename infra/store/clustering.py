"""Clusters, each event's assignment and the lineage of cluster ids across refits."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

import duckdb

from infra.records import Assignment, Cluster, LineageRecord
from infra.store.connection import StoreBase, columns_of, now, rows_as

_CLUSTER_JSON = ("keywords", "kind_shares", "exemplar_ids")
_CLUSTER_SELECT = (
    "SELECT cluster_id, run_id, language, label, keywords, size, kind_shares, exemplar_ids, "
    "first_seen, last_seen, growth_7d, growth_28d, theme_id, theme_label FROM clusters"
)
_CLUSTER_DEFAULTS = {"theme_id": "", "theme_label": ""}


class ClusteringSQL(StoreBase):
    def save_clustering(
        self,
        run_id: str,
        clusters: Sequence[Cluster],
        assignments: Sequence[Assignment],
        lineage: Sequence[LineageRecord] = (),
    ) -> None:
        """Replace the current clustering with this run's (a full fit), and append its lineage."""
        at = now()
        with self.transaction() as con:
            con.execute("DELETE FROM clusters")
            con.execute("DELETE FROM cluster_assignments")
            if lineage:
                con.executemany(
                    "INSERT INTO cluster_lineage VALUES (?,?,?,?,?,?)",
                    [(run_id, r.event, r.cluster_id, r.parent_id, r.share, at) for r in lineage],
                )
            self._insert_clusters(con, run_id, clusters, assignments, at)

    def update_clustering(self, run_id: str, clusters: Sequence[Cluster], assignments: Sequence[Assignment]) -> None:
        """An incremental run: replace the given clusters' rows and upsert the given assignments."""
        at = now()
        with self.transaction() as con:
            if clusters:
                con.executemany("DELETE FROM clusters WHERE cluster_id = ?", [[c.cluster_id] for c in clusters])
            if assignments:
                con.executemany(
                    "DELETE FROM cluster_assignments WHERE event_id = ?", [[a.event_id] for a in assignments]
                )
            self._insert_clusters(con, run_id, clusters, assignments, at)

    def cluster_lineage(self) -> list[LineageRecord]:
        with self.connect() as con:
            cursor = con.execute(
                "SELECT event, cluster_id, parent_id, share, run_id FROM cluster_lineage "
                "ORDER BY recorded_at, run_id, cluster_id, event, parent_id"
            )
            return rows_as(cursor, LineageRecord)

    def cluster_ids_ever(self) -> set[str]:
        """Every cluster id in use now or recorded in the lineage (ids are never reused)."""
        with self.connect() as con:
            rows = con.execute(
                "SELECT cluster_id FROM clusters UNION SELECT cluster_id FROM cluster_lineage "
                "UNION SELECT parent_id FROM cluster_lineage WHERE parent_id IS NOT NULL"
            ).fetchall()
        return {r[0] for r in rows}

    def _insert_clusters(
        self,
        con: duckdb.DuckDBPyConnection,
        run_id: str,
        clusters: Sequence[Cluster],
        assignments: Sequence[Assignment],
        at: datetime,
        *,
        clusters_keep_run_ids: bool = False,
    ) -> None:
        """Clusters and assignments of `run_id`; with `clusters_keep_run_ids`, each cluster keeps the id of the
        clustering run that made it (a copy handed over)."""
        if clusters:
            columns = columns_of(clusters, Cluster)
            for name in _CLUSTER_JSON:
                columns[name] = [json.dumps(v, ensure_ascii=False) for v in columns[name]]
            if not clusters_keep_run_ids:
                columns["run_id"] = [run_id] * len(clusters)
            columns["created_at"] = [at] * len(clusters)
            self._insert(con, "clusters", columns)
        if assignments:
            columns = columns_of(assignments, Assignment)
            columns["run_id"] = [run_id] * len(assignments)
            self._insert(con, "cluster_assignments", columns)

    def clusters(self) -> list[Cluster]:
        with self.connect() as con:
            cursor = con.execute(_CLUSTER_SELECT + " ORDER BY size DESC, cluster_id")
            return rows_as(cursor, Cluster, json_columns=_CLUSTER_JSON, defaults=_CLUSTER_DEFAULTS)

    def cluster(self, cluster_id: str) -> Cluster | None:
        with self.connect() as con:
            found = rows_as(
                con.execute(_CLUSTER_SELECT + " WHERE cluster_id = ?", [cluster_id]),
                Cluster,
                json_columns=_CLUSTER_JSON,
                defaults=_CLUSTER_DEFAULTS,
            )
        return found[0] if found else None

    def assignments(self) -> dict[str, str | None]:
        with self.connect() as con:
            return dict(con.execute("SELECT event_id, cluster_id FROM cluster_assignments").fetchall())

"""Review items, decisions with optimistic concurrency, the append-only audit log and reviewer accounts."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import duckdb

from infra.records import (
    REVIEW_STATUSES,
    AuditEntry,
    NewReviewItem,
    NotFoundError,
    ReviewItem,
    VersionConflictError,
)
from infra.store.connection import StoreBase, now, rows_as

_ITEM_SELECT = (
    "SELECT r.item_id, r.event_id, r.cluster_id, coalesce(c.label, r.cluster_id) AS cluster_label, r.priority, "
    "r.status, r.reference_answer, r.note, r.version, r.updated_at, r.updated_by, e.payload AS event, "
    "coalesce(c.theme_id, '') AS theme_id, coalesce(c.theme_label, '') AS theme_label "
    "FROM review_items r JOIN events e USING (event_id) LEFT JOIN clusters c USING (cluster_id)"
)


def _items(cursor: duckdb.DuckDBPyConnection) -> list[ReviewItem]:
    return rows_as(cursor, ReviewItem, json_columns=("event",))


def _audit_entries(cursor: duckdb.DuckDBPyConnection) -> list[AuditEntry]:
    return rows_as(cursor, AuditEntry, json_columns=("detail",))


class ReviewSQL(StoreBase):
    def add_review_items(self, items: Sequence[NewReviewItem]) -> int:
        """Queue items; an item already queued keeps its status and decisions (priority is refreshed)."""
        if not items:
            return 0
        at = now()
        with self.transaction() as con:
            before = self._count(con, "review_items")
            con.executemany(
                "INSERT INTO review_items VALUES (?,?,?,?,'pending',NULL,NULL,1,?,?,NULL) "
                "ON CONFLICT (item_id) DO UPDATE SET priority = excluded.priority, cluster_id = excluded.cluster_id",
                [(i.item_id, i.event_id, i.cluster_id, i.priority, at, at) for i in items],
            )
            return self._count(con, "review_items") - before

    def review_queue(self, status: str | None = "pending", limit: int = 200) -> list[ReviewItem]:
        with self.connect() as con:
            return self._review_queue(con, status, limit)

    def _review_queue(self, con: duckdb.DuckDBPyConnection, status: str | None, limit: int) -> list[ReviewItem]:
        sql = _ITEM_SELECT
        params: list[Any] = []
        if status is not None:
            sql += " WHERE r.status = ?"
            params.append(status)
        sql += " ORDER BY r.priority DESC, r.item_id LIMIT ?"
        params.append(limit)
        return _items(con.execute(sql, params))

    def queue_with_counts(
        self, status: str | None = "pending", limit: int = 200
    ) -> tuple[list[ReviewItem], dict[str, int]]:
        """The queue and the count per status, read on one connection."""
        with self.connect() as con:
            counts = self._review_counts(con)
            return self._review_queue(con, status, limit), counts

    def accepted_items(self) -> list[ReviewItem]:
        with self.connect() as con:
            return _items(con.execute(_ITEM_SELECT + " WHERE r.status = 'accepted' ORDER BY r.event_id, r.item_id"))

    def review_item(self, item_id: str) -> ReviewItem:
        with self.connect() as con:
            return self._review_item(con, item_id)

    def _review_item(self, con: duckdb.DuckDBPyConnection, item_id: str) -> ReviewItem:
        found = _items(con.execute(_ITEM_SELECT + " WHERE r.item_id = ?", [item_id]))
        if not found:
            raise NotFoundError(f"no review item {item_id!r}")
        return found[0]

    def item_with_context(self, item_id: str) -> tuple[ReviewItem, list[str], list[AuditEntry]]:
        """An item, its cluster's keywords and its audit history, read on one connection."""
        with self.connect() as con:
            item = self._review_item(con, item_id)
            row = con.execute("SELECT keywords FROM clusters WHERE cluster_id = ?", [item.cluster_id]).fetchone()
            return item, json.loads(row[0]) if row else [], self._audit_log(con, item_id)

    def decide(
        self,
        item_id: str,
        *,
        reviewer: str,
        status: str,
        expected_version: int,
        reference_answer: str | None = None,
        note: str | None = None,
    ) -> ReviewItem:
        """Record a decision if the item is still at `expected_version`; audit it in the same transaction."""
        if status not in REVIEW_STATUSES:
            raise ValueError(f"status must be one of {REVIEW_STATUSES}, not {status!r}")
        at = now()
        try:
            self._decide(
                item_id=item_id,
                reviewer=reviewer,
                status=status,
                expected_version=expected_version,
                reference_answer=reference_answer,
                note=note,
                at=at,
            )
        except duckdb.TransactionException as exc:
            if "conflict" not in str(exc).lower():
                raise
            raise VersionConflictError(
                f"item {item_id} was changed by someone else at the same moment; reload it and decide again"
            ) from None
        return self.review_item(item_id)

    def _decide(
        self,
        *,
        item_id: str,
        reviewer: str,
        status: str,
        expected_version: int,
        reference_answer: str | None,
        note: str | None,
        at: datetime,
    ) -> None:
        with self.transaction() as con:
            row = con.execute(
                "SELECT version, status, reference_answer FROM review_items WHERE item_id = ?", [item_id]
            ).fetchone()
            if row is None:
                raise NotFoundError(f"no review item {item_id!r}")
            if row[0] != expected_version:
                raise VersionConflictError(
                    f"item {item_id} was changed by someone else (now version {row[0]}, you had "
                    f"{expected_version}); reload it and decide again"
                )
            con.execute(
                "UPDATE review_items SET status = ?, reference_answer = ?, note = ?, version = version + 1, "
                "updated_at = ?, updated_by = ? WHERE item_id = ?",
                [status, reference_answer, note, at, reviewer, item_id],
            )
            detail = {
                "from_status": row[1],
                "to_status": status,
                "version": expected_version + 1,
                "reference_answer_changed": reference_answer != row[2],
                "note": note,
            }
            self._append_audit(con, at, reviewer, f"decision.{status}", item_id, detail)

    @staticmethod
    def _append_audit(
        con: duckdb.DuckDBPyConnection,
        at: datetime,
        actor: str,
        action: str,
        item_id: str | None,
        detail: dict[str, Any],
    ) -> None:
        con.execute(
            "INSERT INTO audit_log (logged_at, actor, action, item_id, detail) VALUES (?,?,?,?,?)",
            [at, actor, action, item_id, json.dumps(detail, ensure_ascii=False)],
        )

    def audit(self, actor: str, action: str, detail: dict[str, Any], item_id: str | None = None) -> None:
        with self.connect() as con:
            self._append_audit(con, now(), actor, action, item_id, detail)

    def audit_log(self, item_id: str | None = None) -> list[AuditEntry]:
        with self.connect() as con:
            return self._audit_log(con, item_id)

    @staticmethod
    def _audit_log(con: duckdb.DuckDBPyConnection, item_id: str | None) -> list[AuditEntry]:
        sql = "SELECT seq, logged_at AS at, actor, action, item_id, detail FROM audit_log"
        params: list[Any] = []
        if item_id is not None:
            sql += " WHERE item_id = ?"
            params.append(item_id)
        return _audit_entries(con.execute(sql + " ORDER BY seq", params))

    def review_counts(self) -> dict[str, int]:
        with self.connect() as con:
            return self._review_counts(con)

    @staticmethod
    def _review_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
        return dict(con.execute("SELECT status, count(*) FROM review_items GROUP BY status").fetchall())

    def add_reviewer(self, username: str, password_hash: str) -> None:
        with self.connect() as con:
            con.execute(
                "INSERT INTO reviewers VALUES (?,?,?) ON CONFLICT (username) DO UPDATE "
                "SET password_hash = excluded.password_hash",
                [username, password_hash, now()],
            )

    def reviewer_password_hash(self, username: str) -> str | None:
        with self.connect() as con:
            row = con.execute("SELECT password_hash FROM reviewers WHERE username = ?", [username]).fetchone()
        return row[0] if row else None

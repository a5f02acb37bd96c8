"""Review items, structured decisions (append-only, per reviewer) with optimistic concurrency, double review
and adjudication, leases, the append-only audit log, reviewer accounts, roles and server-side sessions.

An item's status is derived from its decisions (`derive_status`) and cached on the item row in the same
transaction as the decision, so the queue can filter on it."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

import duckdb

from infra.records import (
    REVIEW_ROLES,
    AuditEntry,
    ClusterCause,
    CompleteDecision,
    NewReviewItem,
    NotFoundError,
    QueueFilter,
    ReviewDecision,
    ReviewerAccount,
    ReviewItem,
    ReviewRuleError,
    VersionConflictError,
)
from infra.store.causes import CLUSTER_CAUSE_JSON, CLUSTER_CAUSE_SELECT
from infra.store.connection import StoreBase, now, rows_as

# The suggested root cause: the item's own, else the one the triage stage stored for its event.
_CAUSE_JOIN = "LEFT JOIN event_causes ec ON ec.event_id = r.event_id"
_SUGGESTED = "coalesce(r.suggested_cause, ec.cause_id)"

_ITEM_SELECT = (
    "SELECT r.item_id, r.event_id, r.cluster_id, coalesce(c.label, r.cluster_id) AS cluster_label, r.priority, "
    "r.status, r.reference_answer, r.note, r.version, r.updated_at, r.updated_by, e.payload AS event, "
    "coalesce(c.theme_id, '') AS theme_id, coalesce(c.theme_label, '') AS theme_label, "
    "coalesce(r.suggested_cause, ec.cause_id) AS suggested_cause, r.suggested_harm, "
    "coalesce(r.double_review, false) AS double_review, r.lease_by, "
    "r.lease_until, r.retired_reason, coalesce(c.size, 0) AS cluster_size "
    "FROM review_items r JOIN events e USING (event_id) LEFT JOIN clusters c USING (cluster_id) "
    f"{_CAUSE_JOIN}"
)


def _items(cursor: duckdb.DuckDBPyConnection) -> list[ReviewItem]:
    return rows_as(cursor, ReviewItem, json_columns=("event",))


def _audit_entries(cursor: duckdb.DuckDBPyConnection) -> list[AuditEntry]:
    return rows_as(cursor, AuditEntry, json_columns=("detail",))


HARM_LEVELS = ("none", "minor", "moderate", "severe")
COMPLETE = ("accepted", "rejected")
OPEN_FOR_REVIEW = ("pending", "second_review")
_LEAD_ROLES = ("lead", "admin")
_TAKE_ATTEMPTS = 8

_DECISION_COLUMNS = (
    "decision_id, item_id, reviewer, kind, verdict, harm, root_cause, reference_answer, rubric, note, unusable, "
    "item_version, decided_at"
)


def _decisions(cursor: duckdb.DuckDBPyConnection) -> list[ReviewDecision]:
    return rows_as(cursor, ReviewDecision, json_columns=("rubric",), defaults={"rubric": []})


def harm_at_least(harm: str | None, level: str) -> bool:
    return harm in HARM_LEVELS and HARM_LEVELS.index(harm) >= HARM_LEVELS.index(level)


def _agree(a: ReviewDecision, b: ReviewDecision) -> bool:
    return (a.verdict, a.root_cause, a.unusable) == (b.verdict, b.root_cause, b.unusable)


def _complete_status(d: ReviewDecision) -> str:
    return "accepted" if d.unusable is None and d.verdict in ("wrong", "partly_wrong") else "rejected"


def counted_reviews(decisions: Sequence[ReviewDecision]) -> list[ReviewDecision]:
    """Each reviewer's latest review (not adjudication), in the order the reviewers first decided."""
    first: dict[str, int] = {}
    latest: dict[str, ReviewDecision] = {}
    for d in sorted(decisions, key=lambda d: d.decision_id):
        if d.kind != "review":
            continue
        first.setdefault(d.reviewer, d.decision_id)
        latest[d.reviewer] = d
    return [latest[r] for r in sorted(latest, key=lambda r: first[r])]


def derive_status(
    decisions: Sequence[ReviewDecision], double_review: bool
) -> tuple[str, ReviewDecision | None, list[ReviewDecision]]:
    """(status, the decision that counts or None, the decisions that count) of an item's decisions.

    A lead's latest adjudication settles the item. Otherwise the reviewers' latest reviews: one suffices
    unless double review is required (`double_review`, or a harm of moderate or worse in the first
    review); then the first two reviewers must agree on verdict, root cause and unusable."""
    adjudications = [d for d in decisions if d.kind == "adjudication"]
    reviews = counted_reviews(decisions)
    if adjudications:
        final = max(adjudications, key=lambda d: d.decision_id)
        return _complete_status(final), final, [*reviews[:2], final]
    if not reviews:
        return "pending", None, []
    if not (double_review or harm_at_least(reviews[0].harm, "moderate")):
        return _complete_status(reviews[-1]), reviews[-1], [reviews[-1]]
    if len(reviews) < 2:
        return "second_review", None, reviews
    a, b = reviews[0], reviews[1]
    if _agree(a, b):
        return _complete_status(b), b, [a, b]
    return "disputed", None, [a, b]


def _filter_sql(f: QueueFilter | None) -> tuple[str, list[Any]]:
    if f is None:
        return "", []
    clauses: list[str] = []
    params: list[Any] = []
    for value, column in (
        (f.language, "e.language"),
        (f.kind, "e.kind"),
        (f.cause, _SUGGESTED),
        (f.theme, "c.theme_id"),
        (f.cluster, "r.cluster_id"),
    ):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    return "".join(f" AND {c}" for c in clauses), params


_SHARED = threading.local()


class ReviewSQL(StoreBase):
    @contextmanager
    def reading(self) -> Iterator[None]:
        """Let the review reads inside share one connection (opening one costs tens of milliseconds): a page
        reads everything it shows on one. Per thread and file; writes keep their own transactions."""
        shared: dict[str, duckdb.DuckDBPyConnection] = _SHARED.__dict__.setdefault("cons", {})
        key = str(self.path)
        if key in shared:
            yield
            return
        with self.connect() as con:
            shared[key] = con
            try:
                yield
            finally:
                del shared[key]

    @contextmanager
    def _use(self) -> Iterator[duckdb.DuckDBPyConnection]:
        shared = _SHARED.__dict__.get("cons", {}).get(str(self.path))
        if shared is not None:
            yield shared
        else:
            with self.connect() as con:
                yield con

    def add_review_items(self, items: Sequence[NewReviewItem]) -> int:
        """Queue items; an item already queued keeps its status and decisions (priority, cluster and the
        suggestion are refreshed; a retired item that is queued again is pending again)."""
        if not items:
            return 0
        with self.transaction() as con:
            return self._add_review_items(con, items, now())

    def _add_review_items(self, con: duckdb.DuckDBPyConnection, items: Sequence[NewReviewItem], at: datetime) -> int:
        if not items:
            return 0
        before = self._count(con, "review_items")
        # One statement over whole columns: a handoff queues hundreds of items while the review file waits.
        con.execute(
            "INSERT INTO review_items (item_id, event_id, cluster_id, priority, status, reference_answer, note, "
            "version, created_at, updated_at, updated_by, suggested_cause, suggested_harm) "
            "SELECT item_id, event_id, cluster_id, priority, 'pending', NULL, NULL, 1, $7, $7, NULL, "
            "CAST(suggested_cause AS VARCHAR), CAST(suggested_harm AS VARCHAR) FROM (SELECT unnest($1) AS item_id, "
            "unnest($2) AS event_id, unnest($3) AS cluster_id, unnest($4) AS priority, unnest($5) AS suggested_cause, "
            "unnest($6) AS suggested_harm) "
            "ON CONFLICT (item_id) DO UPDATE SET priority = excluded.priority, cluster_id = excluded.cluster_id, "
            "suggested_cause = coalesce(excluded.suggested_cause, review_items.suggested_cause), "
            "suggested_harm = coalesce(excluded.suggested_harm, review_items.suggested_harm), "
            "status = CASE WHEN review_items.status = 'retired' THEN 'pending' ELSE review_items.status END, "
            "retired_reason = NULL",
            [
                [i.item_id for i in items],
                [i.event_id for i in items],
                [i.cluster_id for i in items],
                [float(i.priority) for i in items],
                [i.suggested_cause for i in items],
                [i.suggested_harm for i in items],
                at,
            ],
        )
        return self._count(con, "review_items") - before

    def review_item_event_ids(self) -> set[str]:
        """The events of every review item (the triage stage hands their cluster assignments over again)."""
        with self._use() as con:
            return {r[0] for r in con.execute("SELECT DISTINCT event_id FROM review_items").fetchall()}

    def review_queue(
        self, status: str | None = "pending", limit: int = 200, offset: int = 0, queue: QueueFilter | None = None
    ) -> list[ReviewItem]:
        with self._use() as con:
            return self._review_queue(con, status, limit, offset, queue)

    def _review_queue(
        self,
        con: duckdb.DuckDBPyConnection,
        status: str | None,
        limit: int,
        offset: int = 0,
        queue: QueueFilter | None = None,
    ) -> list[ReviewItem]:
        where, params = self._queue_where(status, queue)
        sql = _ITEM_SELECT + where + " ORDER BY r.priority DESC, r.item_id LIMIT ? OFFSET ?"
        return _items(con.execute(sql, [*params, limit, offset]))

    @staticmethod
    def _queue_where(status: str | None, queue: QueueFilter | None) -> tuple[str, list[Any]]:
        where = " WHERE true"
        params: list[Any] = []
        if status is not None:
            where += " AND r.status = ?"
            params.append(status)
        extra, extra_params = _filter_sql(queue)
        return where + extra, params + extra_params

    def queue_total(self, status: str | None = "pending", queue: QueueFilter | None = None) -> int:
        where, params = self._queue_where(status, queue)
        with self._use() as con:
            row = con.execute(
                "SELECT count(*) FROM review_items r JOIN events e USING (event_id) "
                f"LEFT JOIN clusters c USING (cluster_id) {_CAUSE_JOIN}" + where,
                params,
            ).fetchone()
        return int(row[0]) if row else 0

    def queue_with_counts(
        self, status: str | None = "pending", limit: int = 200, offset: int = 0, queue: QueueFilter | None = None
    ) -> tuple[list[ReviewItem], dict[str, int]]:
        """The queue and the count per status, read on one connection."""
        with self._use() as con:
            counts = self._review_counts(con)
            return self._review_queue(con, status, limit, offset, queue), counts

    def queue_facets(self) -> dict[str, list[str]]:
        """The values the queue can be filtered by: languages, kinds, suggested causes, themes, clusters."""
        out: dict[str, list[str]] = {name: [] for name in ("language", "kind", "cause", "theme", "cluster")}
        with self._use() as con:
            rows = con.execute(
                "WITH q AS (SELECT e.language, e.kind, CAST(" + _SUGGESTED + " AS VARCHAR) AS cause, "
                "c.theme_id AS theme, r.cluster_id AS cluster FROM review_items r JOIN events e USING (event_id) "
                f"LEFT JOIN clusters c USING (cluster_id) {_CAUSE_JOIN}) "
                "SELECT DISTINCT name, value FROM (UNPIVOT q ON language, kind, cause, theme, cluster "
                "INTO NAME name VALUE value) WHERE value <> '' ORDER BY name, value"
            ).fetchall()
        for name, value in rows:
            out[name].append(str(value))
        return out

    def accepted_items(self) -> list[ReviewItem]:
        """Items whose review is complete and usable as gold; reference_answer / note / updated_by are
        those of the decision that counts."""
        with self._use() as con:
            return _items(con.execute(_ITEM_SELECT + " WHERE r.status = 'accepted' ORDER BY r.event_id, r.item_id"))

    def complete_decisions(self, status: str | None = "accepted") -> list[CompleteDecision]:
        """Items whose review is complete (`status` accepted, rejected, or None for both), each with the
        decision that counts, the decisions behind it (reviewers, verdicts, harms, causes, rubrics) and
        whether a lead adjudicated; ordered by event id."""
        wanted = COMPLETE if status is None else (status,)
        with self._use() as con:
            items = _items(
                con.execute(
                    _ITEM_SELECT + " WHERE list_contains(?, r.status) ORDER BY r.event_id, r.item_id", [list(wanted)]
                )
            )
            by_item: dict[str, list[ReviewDecision]] = {}
            for d in _decisions(
                con.execute(
                    f"SELECT {_DECISION_COLUMNS} FROM review_decisions WHERE list_contains(?, item_id) "
                    "ORDER BY decision_id",
                    [[i.item_id for i in items]],
                )
            ):
                by_item.setdefault(d.item_id, []).append(d)
        out: list[CompleteDecision] = []
        for item in items:
            found = by_item.get(item.item_id, [])
            state, final, counted = derive_status(found, item.double_review)
            if final is not None and state in COMPLETE:
                out.append(CompleteDecision(item, final, counted, final.kind == "adjudication"))
        return out

    def review_item(self, item_id: str) -> ReviewItem:
        with self._use() as con:
            return self._review_item(con, item_id)

    def _review_item(self, con: duckdb.DuckDBPyConnection, item_id: str) -> ReviewItem:
        found = _items(con.execute(_ITEM_SELECT + " WHERE r.item_id = ?", [item_id]))
        if not found:
            raise NotFoundError(f"no review item {item_id!r}")
        return found[0]

    def item_with_context(self, item_id: str) -> tuple[ReviewItem, list[str], list[AuditEntry]]:
        """An item, its cluster's keywords and its audit history, read on one connection."""
        with self._use() as con:
            item = self._review_item(con, item_id)
            row = con.execute("SELECT keywords FROM clusters WHERE cluster_id = ?", [item.cluster_id]).fetchone()
            return item, json.loads(row[0]) if row else [], self._audit_log(con, item_id)

    def item_decisions(self, item_id: str) -> list[ReviewDecision]:
        with self._use() as con:
            return _decisions(
                con.execute(
                    f"SELECT {_DECISION_COLUMNS} FROM review_decisions WHERE item_id = ? ORDER BY decision_id",
                    [item_id],
                )
            )

    def cluster_members(self, cluster_id: str, exclude_event_id: str, limit: int = 5) -> list[dict[str, Any]]:
        """Payloads of up to `limit` other events of a cluster, most probable members first."""
        with self._use() as con:
            rows = con.execute(
                "SELECT e.payload FROM cluster_assignments a JOIN events e USING (event_id) "
                "WHERE a.cluster_id = ? AND a.event_id <> ? ORDER BY a.probability DESC, a.event_id LIMIT ?",
                [cluster_id, exclude_event_id, limit],
            ).fetchall()
        return [json.loads(r[0]) for r in rows]

    def cluster_cause_of(self, cluster_id: str) -> ClusterCause | None:
        """The cause the triage stage counted for a cluster, with its evidence and priority factors."""
        with self._use() as con:
            found = rows_as(
                con.execute(CLUSTER_CAUSE_SELECT + " WHERE cluster_id = ?", [cluster_id]),
                ClusterCause,
                json_columns=CLUSTER_CAUSE_JSON,
            )
        return found[0] if found else None

    def queue_position(self, item_id: str) -> tuple[int, int]:
        """(n, N): the item's place among the items of its status, by priority."""
        with self._use() as con:
            row = con.execute(
                "WITH q AS (SELECT item_id, row_number() OVER (ORDER BY priority DESC, item_id) AS n, "
                "count(*) OVER () AS total FROM review_items "
                "WHERE status = (SELECT status FROM review_items WHERE item_id = ?)) "
                "SELECT n, total FROM q WHERE item_id = ?",
                [item_id, item_id],
            ).fetchone()
        return (int(row[0]), int(row[1])) if row else (0, 0)

    def queue_neighbours(
        self, item_id: str, status: str | None, queue: QueueFilter | None = None
    ) -> tuple[str | None, str | None]:
        """(previous, next) item ids around `item_id` in the queue of `status` and `queue`, by priority."""
        where, params = self._queue_where(status, queue)
        with self._use() as con:
            row = con.execute(
                "WITH q AS (SELECT r.item_id, lag(r.item_id) OVER w AS prev, lead(r.item_id) OVER w AS next "
                "FROM review_items r JOIN events e USING (event_id) LEFT JOIN clusters c USING (cluster_id) "
                f"{_CAUSE_JOIN}"
                f"{where} WINDOW w AS (ORDER BY r.priority DESC, r.item_id)) SELECT prev, next FROM q "
                "WHERE item_id = ?",
                [*params, item_id],
            ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    # ---- decisions ---------------------------------------------------------------------------------

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
        """The legacy decision (accepted / rejected): accepted is verdict wrong with the given reference,
        rejected is an unusable item (reason other)."""
        if status not in COMPLETE:
            raise ValueError(f"status must be one of {COMPLETE}, not {status!r}")
        return self.record_decision(
            item_id,
            reviewer=reviewer,
            role=self.reviewer_role(reviewer) or "reviewer",
            expected_version=expected_version,
            verdict="wrong" if status == "accepted" else None,
            reference_answer=reference_answer if status == "accepted" else None,
            note=note,
            unusable=None if status == "accepted" else "other",
        )

    def record_decision(
        self,
        item_id: str,
        *,
        reviewer: str,
        role: str,
        expected_version: int,
        verdict: str | None,
        harm: str | None = None,
        root_cause: str | None = None,
        reference_answer: str | None = None,
        rubric: Sequence[dict[str, Any]] = (),
        note: str | None = None,
        unusable: str | None = None,
        double_review_priority: float | None = None,
    ) -> ReviewItem:
        """Append `reviewer`'s decision if the item is still at `expected_version` and the review rules allow
        it; derive the item's status; audit it; all in one transaction, committed before this returns.

        Raises VersionConflictError (the item changed), ReviewRuleError (not allowed now), NotFoundError."""
        at = now()
        try:
            with self.transaction() as con:
                self._record_decision(
                    con,
                    item_id,
                    at=at,
                    reviewer=reviewer,
                    role=role,
                    expected_version=expected_version,
                    values={
                        "verdict": verdict,
                        "harm": harm,
                        "root_cause": root_cause,
                        "reference_answer": reference_answer,
                        "rubric": json.dumps(list(rubric), ensure_ascii=False),
                        "note": note,
                        "unusable": unusable,
                    },
                    double_review_priority=double_review_priority,
                )
        except duckdb.TransactionException as exc:
            if "conflict" not in str(exc).lower():
                raise
            raise VersionConflictError(
                f"item {item_id} was changed by someone else at the same moment; reload it and decide again"
            ) from None
        return self.review_item(item_id)

    def _record_decision(
        self,
        con: duckdb.DuckDBPyConnection,
        item_id: str,
        *,
        at: datetime,
        reviewer: str,
        role: str,
        expected_version: int,
        values: dict[str, Any],
        double_review_priority: float | None,
    ) -> None:
        row = con.execute(
            "SELECT version, status, reference_answer, priority, suggested_harm, coalesce(double_review, false), "
            "lease_by, lease_until FROM review_items WHERE item_id = ?",
            [item_id],
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no review item {item_id!r}")
        version, status, old_reference, priority, suggested_harm, double, lease_by, lease_until = row
        if version != expected_version:
            raise VersionConflictError(
                f"item {item_id} was changed by someone else (now version {version}, you had "
                f"{expected_version}); reload it and decide again"
            )
        if lease_by and lease_by != reviewer and lease_until is not None and lease_until > at:
            raise ReviewRuleError(f"item {item_id} is being reviewed by {lease_by}; take another item")
        existing = _decisions(
            con.execute(
                f"SELECT {_DECISION_COLUMNS} FROM review_decisions WHERE item_id = ? ORDER BY decision_id", [item_id]
            )
        )
        kind = self._decision_kind(item_id, status, reviewer, role, counted_reviews(existing))
        double = bool(
            double
            or harm_at_least(suggested_harm, "moderate")
            or (double_review_priority is not None and priority >= double_review_priority)
        )
        decision_id = con.execute("SELECT nextval('decision_seq')").fetchone()[0]  # type: ignore[index]
        con.execute(
            f"INSERT INTO review_decisions ({_DECISION_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                decision_id,
                item_id,
                reviewer,
                kind,
                values["verdict"],
                values["harm"],
                values["root_cause"],
                values["reference_answer"],
                values["rubric"],
                values["note"],
                values["unusable"],
                expected_version + 1,
                at,
            ],
        )
        decided = _decisions(
            con.execute(
                f"SELECT {_DECISION_COLUMNS} FROM review_decisions WHERE item_id = ? ORDER BY decision_id", [item_id]
            )
        )
        new_status, final, _ = derive_status(decided, double)
        reviews = counted_reviews(decided)
        double = double or bool(reviews and harm_at_least(reviews[0].harm, "moderate"))
        # The text of a decision shows on the item only once the review is complete: a second reviewer
        # must not see the first one's answer.
        reference = final.reference_answer if final is not None else None
        note = final.note if final is not None else None
        con.execute(
            "UPDATE review_items SET status = ?, reference_answer = ?, note = ?, version = version + 1, "
            "updated_at = ?, updated_by = ?, double_review = ?, lease_by = NULL, lease_until = NULL "
            "WHERE item_id = ?",
            [new_status, reference, note, at, reviewer, double, item_id],
        )
        detail = {
            "decision_id": decision_id,
            "kind": kind,
            "from_status": status,
            "to_status": new_status,
            "version": expected_version + 1,
            "verdict": values["verdict"],
            "harm": values["harm"],
            "root_cause": values["root_cause"],
            "unusable": values["unusable"],
            "double_review": double,
            "reference_answer_changed": values["reference_answer"] != old_reference,
            "note": values["note"],
        }
        self._append_audit(con, at, reviewer, f"decision.{new_status}", item_id, detail)

    @staticmethod
    def _decision_kind(item_id: str, status: str, reviewer: str, role: str, reviews: list[ReviewDecision]) -> str:
        """review or adjudication, or ReviewRuleError when `reviewer` may not decide the item now."""
        lead = role in _LEAD_ROLES
        mine = any(d.reviewer == reviewer for d in reviews)
        if status == "retired":
            raise ReviewRuleError(f"item {item_id} was retired (its cluster is gone); nothing to decide")
        if status in OPEN_FOR_REVIEW:
            return "review"
        if status == "disputed":
            if mine:
                raise ReviewRuleError(f"item {item_id} is disputed; a lead who did not review it adjudicates")
            if not lead:
                raise ReviewRuleError(f"item {item_id} is disputed; only a lead can adjudicate it", forbidden=True)
            return "adjudication"
        if lead and not mine:
            return "adjudication"
        if mine:
            return "review"
        raise ReviewRuleError(f"item {item_id} is already {status}; only a lead can change it", forbidden=True)

    # ---- leases ------------------------------------------------------------------------------------

    def take_next(
        self,
        reviewer: str,
        *,
        role: str = "reviewer",
        queue: QueueFilter | None = None,
        adjudication: bool = False,
        lease_s: float = 20 * 60,
        skip: Sequence[str] = (),
    ) -> ReviewItem | None:
        """Lease the next item `reviewer` may decide to them for `lease_s` seconds and return it; None when
        the queue is empty. An item leased to someone else is skipped; one of theirs comes first, then second
        reviews, then by priority. `adjudication`: disputed items this lead did not review. `skip`: item ids
        the reviewer passed over (their leases are released)."""
        taken = self.lease_next(reviewer, role=role, queue=queue, adjudication=adjudication, lease_s=lease_s, skip=skip)
        return None if taken is None else self.review_item(taken)

    def lease_next(
        self,
        reviewer: str,
        *,
        role: str = "reviewer",
        queue: QueueFilter | None = None,
        adjudication: bool = False,
        lease_s: float = 20 * 60,
        skip: Sequence[str] = (),
    ) -> str | None:
        """As `take_next`, returning the leased item's id only (its transaction is then short)."""
        if adjudication and role not in _LEAD_ROLES:
            raise ReviewRuleError("only a lead can adjudicate", forbidden=True)
        at = now()
        extra, params = _filter_sql(queue)
        not_mine = "NOT EXISTS (SELECT 1 FROM review_decisions d WHERE d.item_id = r.item_id AND d.reviewer = ?)"
        if adjudication:
            where = f"r.status = 'disputed' AND {not_mine}"
        else:
            where = f"(r.status = 'pending' OR (r.status = 'second_review' AND {not_mine}))"
        # The joins only when the queue is filtered on what they bring.
        joins = f"JOIN events e USING (event_id) LEFT JOIN clusters c USING (cluster_id) {_CAUSE_JOIN} "
        joins = joins if extra else ""
        sql = (
            f"SELECT r.item_id FROM review_items r {joins}"
            f"WHERE {where} AND (r.lease_by IS NULL OR r.lease_by = ? OR r.lease_until < ?)"
            f"{extra} AND NOT list_contains(?, r.item_id) "
            "ORDER BY (r.lease_by IS NOT DISTINCT FROM ?) DESC, (r.status = 'second_review') DESC, "
            "r.priority DESC, r.item_id LIMIT 1"
        )
        # Reviewers taking items at the same moment (from two processes, or without the page's one-at-a-time
        # writer) may pick the same one: DuckDB lets the first update win and fails the other's, which then
        # takes the next.
        for attempt in range(_TAKE_ATTEMPTS):
            try:
                with self.transaction() as con:
                    if skip:
                        con.execute(
                            "UPDATE review_items SET lease_by = NULL, lease_until = NULL "
                            "WHERE list_contains(?, item_id) AND lease_by = ?",
                            [list(skip), reviewer],
                        )
                    row = con.execute(sql, [reviewer, reviewer, at, *params, list(skip), reviewer]).fetchone()
                    if row is None:
                        return None
                    con.execute(
                        "UPDATE review_items SET lease_by = ?, lease_until = ? WHERE item_id = ?",
                        [reviewer, at + timedelta(seconds=lease_s), row[0]],
                    )
                    self._append_audit(con, at, reviewer, "item.taken", row[0], {"lease_s": lease_s})
                return str(row[0])
            except duckdb.TransactionException as exc:
                if "conflict" not in str(exc).lower() or attempt == _TAKE_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def release(self, item_id: str, reviewer: str) -> None:
        with self.connect() as con:
            con.execute(
                "UPDATE review_items SET lease_by = NULL, lease_until = NULL WHERE item_id = ? AND lease_by = ?",
                [item_id, reviewer],
            )

    def review_progress(self, reviewer: str, queue: QueueFilter | None = None) -> dict[str, Any]:
        """Decisions today (UTC) by `reviewer` and by everyone per reviewer, and the items left in the queue
        that `reviewer` could take (pending, or a second review of someone else's)."""
        at = now()
        midnight = at.replace(hour=0, minute=0, second=0, microsecond=0)
        extra, params = _filter_sql(queue)
        with self._use() as con:
            per_reviewer = dict(
                con.execute(
                    "SELECT reviewer, count(*) FROM review_decisions WHERE decided_at >= ? GROUP BY reviewer "
                    "ORDER BY reviewer",
                    [midnight],
                ).fetchall()
            )
            left = con.execute(
                "SELECT count(*) FROM review_items r JOIN events e USING (event_id) LEFT JOIN clusters c "
                f"USING (cluster_id) {_CAUSE_JOIN} "
                "WHERE (r.status = 'pending' OR (r.status = 'second_review' AND NOT EXISTS "
                "(SELECT 1 FROM review_decisions d WHERE d.item_id = r.item_id AND d.reviewer = ?)))" + extra,
                [reviewer, *params],
            ).fetchone()
            disputed = con.execute("SELECT count(*) FROM review_items WHERE status = 'disputed'").fetchone()
        return {
            "done_today": int(per_reviewer.get(reviewer, 0)),
            "left": int(left[0]) if left else 0,
            "disputed": int(disputed[0]) if disputed else 0,
            "per_reviewer_today": {k: int(v) for k, v in per_reviewer.items()},
        }

    def agreement_ratings(self) -> dict[str, dict[str, ReviewDecision]]:
        """Per item with at least two reviewers: each reviewer's latest review (adjudications excluded)."""
        with self._use() as con:
            decisions = _decisions(
                con.execute(
                    f"SELECT {_DECISION_COLUMNS} FROM review_decisions WHERE kind = 'review' ORDER BY decision_id"
                )
            )
        by_item: dict[str, list[ReviewDecision]] = {}
        for d in decisions:
            by_item.setdefault(d.item_id, []).append(d)
        out: dict[str, dict[str, ReviewDecision]] = {}
        for item_id, found in by_item.items():
            reviews = counted_reviews(found)
            if len(reviews) >= 2:
                out[item_id] = {d.reviewer: d for d in reviews}
        return out

    # ---- re-clustering -----------------------------------------------------------------------------

    def reconcile_review_items(self) -> dict[str, int]:
        """After a clustering run: an item whose cluster no longer exists is re-attached to the cluster that
        now holds its event (decided items keep their decisions and are re-labelled so); a pending item
        whose event is in no cluster is retired with a reason; a decided one keeps its decision and cluster
        id. Every change is audited. Returns counts: reattached, relabelled, retired, kept."""
        with self.transaction() as con:
            return self._reconcile(con, now())

    def _reconcile(self, con: duckdb.DuckDBPyConnection, at: datetime) -> dict[str, int]:
        counts = {"reattached": 0, "relabelled": 0, "retired": 0, "kept": 0}
        rows = con.execute(
            "SELECT r.item_id, r.cluster_id, r.status, c2.cluster_id AS now_cluster, "
            "(SELECT count(*) FROM review_decisions d WHERE d.item_id = r.item_id) AS decided "
            "FROM review_items r LEFT JOIN cluster_assignments a USING (event_id) "
            "LEFT JOIN clusters c2 ON c2.cluster_id = a.cluster_id "
            "WHERE r.status <> 'retired' AND r.cluster_id NOT IN (SELECT cluster_id FROM clusters) "
            "ORDER BY r.item_id"
        ).fetchall()
        for item_id, old_cluster, status, new_cluster, decided in rows:
            if new_cluster is not None:
                con.execute("UPDATE review_items SET cluster_id = ? WHERE item_id = ?", [new_cluster, item_id])
                action = "item.relabelled" if decided else "item.reattached"
                counts["relabelled" if decided else "reattached"] += 1
                detail: dict[str, Any] = {"from_cluster": old_cluster, "to_cluster": new_cluster}
            elif not decided and status == "pending":
                reason = f"cluster {old_cluster} disappeared and the event is in no cluster now"
                con.execute(
                    "UPDATE review_items SET status = 'retired', retired_reason = ?, lease_by = NULL, "
                    "lease_until = NULL, version = version + 1, updated_at = ? WHERE item_id = ?",
                    [reason, at, item_id],
                )
                action, detail = "item.retired", {"from_cluster": old_cluster, "reason": reason}
                counts["retired"] += 1
            else:
                counts["kept"] += 1
                continue
            self._append_audit(con, at, "triage", action, item_id, detail)
        return counts

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
        with self._use() as con:
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
        with self._use() as con:
            return self._review_counts(con)

    @staticmethod
    def _review_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
        return dict(con.execute("SELECT status, count(*) FROM review_items GROUP BY status").fetchall())

    # ---- accounts and sessions ----------------------------------------------------------------------

    def add_reviewer(self, username: str, password_hash: str, role: str | None = None) -> None:
        """Create an account (role `reviewer` unless given), or set a new password (and role, if given)
        for an existing one; a new password ends the account's sessions."""
        if role is not None and role not in REVIEW_ROLES:
            raise ValueError(f"role must be one of {', '.join(REVIEW_ROLES)}, not {role!r}")
        at = now()
        with self.transaction() as con:
            con.execute(
                "INSERT INTO reviewers (username, password_hash, created_at, role, disabled) VALUES (?,?,?,?,false) "
                "ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, "
                "role = CASE WHEN ? THEN excluded.role ELSE reviewers.role END",
                [username, password_hash, at, role or "reviewer", role is not None],
            )
            con.execute(
                "UPDATE review_sessions SET ended_at = ? WHERE username = ? AND ended_at IS NULL", [at, username]
            )

    def reviewer_password_hash(self, username: str) -> str | None:
        """The hash of an enabled account; None for an unknown or disabled one."""
        with self.connect() as con:
            row = con.execute(
                "SELECT password_hash FROM reviewers WHERE username = ? AND NOT coalesce(disabled, false)",
                [username],
            ).fetchone()
        return row[0] if row else None

    def reviewer_exists(self, username: str) -> bool:
        with self._use() as con:
            return con.execute("SELECT 1 FROM reviewers WHERE username = ?", [username]).fetchone() is not None

    def reviewer_role(self, username: str) -> str | None:
        with self._use() as con:
            row = con.execute(
                "SELECT coalesce(role, 'reviewer') FROM reviewers WHERE username = ?", [username]
            ).fetchone()
        return str(row[0]) if row else None

    def reviewers(self) -> list[ReviewerAccount]:
        with self._use() as con:
            return rows_as(
                con.execute(
                    "SELECT username, coalesce(role, 'reviewer') AS role, coalesce(disabled, false) AS disabled, "
                    "created_at FROM reviewers ORDER BY username"
                ),
                ReviewerAccount,
            )

    def set_reviewer_role(self, username: str, role: str) -> None:
        if role not in REVIEW_ROLES:
            raise ValueError(f"role must be one of {', '.join(REVIEW_ROLES)}, not {role!r}")
        with self.connect() as con:
            found = con.execute(
                "UPDATE reviewers SET role = ? WHERE username = ? RETURNING username", [role, username]
            ).fetchall()
        if not found:
            raise NotFoundError(f"no reviewer {username!r}")

    def set_reviewer_disabled(self, username: str, disabled: bool) -> None:
        """Disable (ending every session of the account at once and releasing its leases) or enable an account."""
        at = now()
        with self.transaction() as con:
            found = con.execute(
                "UPDATE reviewers SET disabled = ? WHERE username = ? RETURNING username", [disabled, username]
            ).fetchall()
            if not found:
                raise NotFoundError(f"no reviewer {username!r}")
            if disabled:
                con.execute(
                    "UPDATE review_sessions SET ended_at = ? WHERE username = ? AND ended_at IS NULL", [at, username]
                )
                con.execute(
                    "UPDATE review_items SET lease_by = NULL, lease_until = NULL WHERE lease_by = ?", [username]
                )

    def start_session(self, session_hash: str, username: str) -> None:
        with self.connect() as con:
            con.execute(
                "INSERT INTO review_sessions (session_hash, username, created_at) VALUES (?,?,?)",
                [session_hash, username, now()],
            )

    def session_user(self, session_hash: str, max_age_s: float) -> tuple[str, str] | None:
        """(username, role) of a live session: not ended, younger than `max_age_s`, account enabled."""
        with self._use() as con:
            row = con.execute(
                "SELECT s.username, coalesce(r.role, 'reviewer') FROM review_sessions s JOIN reviewers r "
                "USING (username) WHERE s.session_hash = ? AND s.ended_at IS NULL AND s.created_at > ? "
                "AND NOT coalesce(r.disabled, false)",
                [session_hash, now() - timedelta(seconds=max_age_s)],
            ).fetchone()
        return (str(row[0]), str(row[1])) if row else None

    def end_session(self, session_hash: str) -> None:
        with self.connect() as con:
            con.execute(
                "UPDATE review_sessions SET ended_at = ? WHERE session_hash = ? AND ended_at IS NULL",
                [now(), session_hash],
            )

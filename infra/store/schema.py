"""The tables, created if missing; later columns are added with ALTER TABLE so old files upgrade."""

from __future__ import annotations

SCHEMA = """
-- event_id is unique without a key index: every write checks its batch against the table inside the
-- batch's transaction, and DuckDB lets one process write a file at a time. DuckDB keeps a key index in
-- memory whole (about 100 bytes per event), so the ingest's memory would grow with the table.
CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR NOT NULL,
    content_hash VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    language VARCHAR NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    conversation_id VARCHAR NOT NULL,
    patient_ref VARCHAR,
    model_version VARCHAR NOT NULL,
    payload JSON NOT NULL,
    source_topic VARCHAR,
    source_partition INTEGER,
    source_offset BIGINT,
    ingested_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS dead_letters (
    source_topic VARCHAR NOT NULL,
    source_partition INTEGER NOT NULL,
    source_offset BIGINT NOT NULL,
    reason VARCHAR NOT NULL,
    message VARCHAR NOT NULL,
    event_id VARCHAR,
    size_bytes BIGINT NOT NULL,
    dead_lettered_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (source_topic, source_partition, source_offset)
);
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY,
    stage VARCHAR NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ NOT NULL,
    stats JSON NOT NULL
);
CREATE TABLE IF NOT EXISTS clusters (
    cluster_id VARCHAR PRIMARY KEY,
    run_id VARCHAR NOT NULL,
    language VARCHAR NOT NULL,
    label VARCHAR NOT NULL,
    keywords JSON NOT NULL,
    size INTEGER NOT NULL,
    kind_shares JSON NOT NULL,
    exemplar_ids JSON NOT NULL,
    first_seen TIMESTAMPTZ,
    last_seen TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL
);
ALTER TABLE clusters ADD COLUMN IF NOT EXISTS growth_7d DOUBLE DEFAULT 0;
ALTER TABLE clusters ADD COLUMN IF NOT EXISTS growth_28d DOUBLE DEFAULT 0;
ALTER TABLE clusters ADD COLUMN IF NOT EXISTS theme_id VARCHAR DEFAULT '';
ALTER TABLE clusters ADD COLUMN IF NOT EXISTS theme_label VARCHAR DEFAULT '';
CREATE TABLE IF NOT EXISTS cluster_assignments (
    event_id VARCHAR PRIMARY KEY,
    cluster_id VARCHAR,
    run_id VARCHAR NOT NULL,
    probability DOUBLE NOT NULL
);
CREATE TABLE IF NOT EXISTS cluster_lineage (
    run_id VARCHAR NOT NULL,
    event VARCHAR NOT NULL,
    cluster_id VARCHAR NOT NULL,
    parent_id VARCHAR,
    share DOUBLE NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS review_items (
    item_id VARCHAR PRIMARY KEY,
    event_id VARCHAR NOT NULL,
    cluster_id VARCHAR NOT NULL,
    priority DOUBLE NOT NULL,
    status VARCHAR NOT NULL,
    reference_answer VARCHAR,
    note VARCHAR,
    version INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by VARCHAR
);
CREATE SEQUENCE IF NOT EXISTS audit_seq;
CREATE TABLE IF NOT EXISTS audit_log (
    seq BIGINT PRIMARY KEY DEFAULT nextval('audit_seq'),
    logged_at TIMESTAMPTZ NOT NULL,
    actor VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    item_id VARCHAR,
    detail JSON NOT NULL
);
CREATE TABLE IF NOT EXISTS reviewers (
    username VARCHAR PRIMARY KEY,
    password_hash VARCHAR NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
-- Expert review (structured decisions, double review, roles, server-side sessions, leases).
ALTER TABLE review_items ADD COLUMN IF NOT EXISTS suggested_cause VARCHAR;
ALTER TABLE review_items ADD COLUMN IF NOT EXISTS suggested_harm VARCHAR;
ALTER TABLE review_items ADD COLUMN IF NOT EXISTS double_review BOOLEAN DEFAULT false;
ALTER TABLE review_items ADD COLUMN IF NOT EXISTS lease_by VARCHAR;
ALTER TABLE review_items ADD COLUMN IF NOT EXISTS lease_until TIMESTAMPTZ;
ALTER TABLE review_items ADD COLUMN IF NOT EXISTS retired_reason VARCHAR;
CREATE SEQUENCE IF NOT EXISTS decision_seq;
CREATE TABLE IF NOT EXISTS review_decisions (
    decision_id BIGINT PRIMARY KEY DEFAULT nextval('decision_seq'),
    item_id VARCHAR NOT NULL,
    reviewer VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    verdict VARCHAR,
    harm VARCHAR,
    root_cause VARCHAR,
    reference_answer VARCHAR,
    rubric JSON NOT NULL,
    note VARCHAR,
    unusable VARCHAR,
    item_version INTEGER NOT NULL,
    decided_at TIMESTAMPTZ NOT NULL
);
ALTER TABLE reviewers ADD COLUMN IF NOT EXISTS role VARCHAR DEFAULT 'reviewer';
ALTER TABLE reviewers ADD COLUMN IF NOT EXISTS disabled BOOLEAN DEFAULT false;
-- Items decided before decisions were kept per reviewer get their decision back (legacy mapping:
-- accepted = verdict wrong with the saved reference, rejected = unusable "other"), so they stay exportable.
INSERT INTO review_decisions (item_id, reviewer, kind, verdict, reference_answer, rubric, note, unusable, item_version,
                              decided_at)
SELECT item_id, coalesce(updated_by, 'unknown'), 'review', CASE WHEN status = 'accepted' THEN 'wrong' END,
       reference_answer, '[]', note, CASE WHEN status = 'rejected' THEN 'other' END, version, updated_at
FROM review_items r
WHERE status IN ('accepted', 'rejected')
  AND NOT EXISTS (SELECT 1 FROM review_decisions d WHERE d.item_id = r.item_id);
CREATE TABLE IF NOT EXISTS review_sessions (
    session_hash VARCHAR PRIMARY KEY,
    username VARCHAR NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    ended_at TIMESTAMPTZ
);
CREATE TABLE IF NOT EXISTS event_causes (
    event_id VARCHAR PRIMARY KEY,
    cause_id VARCHAR NOT NULL,
    confidence DOUBLE NOT NULL,
    evidence JSON NOT NULL,
    method VARCHAR NOT NULL,
    analyzed_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS cluster_causes (
    cluster_id VARCHAR PRIMARY KEY,
    cause_id VARCHAR NOT NULL,
    confidence DOUBLE NOT NULL,
    members INTEGER NOT NULL,
    agreeing INTEGER NOT NULL,
    summary JSON NOT NULL,
    shares JSON NOT NULL,
    priority_factors JSON NOT NULL,
    fix_kind VARCHAR NOT NULL,
    default_harm VARCHAR NOT NULL,
    analyzed_at TIMESTAMPTZ NOT NULL
);
ALTER TABLE cluster_causes ADD COLUMN IF NOT EXISTS judge JSON DEFAULT '{}';
-- The review file's record of the triage stage's handoffs (`Store.hand_over`), and the dashboard's signals per
-- day, theme and kind as the last handoff counted them in the pipeline's file. Empty in the pipeline's file.
CREATE TABLE IF NOT EXISTS handoffs (
    run_id VARCHAR PRIMARY KEY,
    taken_at TIMESTAMPTZ NOT NULL,
    handed_at TIMESTAMPTZ NOT NULL,
    signals BIGINT NOT NULL,
    clustered BIGINT NOT NULL,
    stats JSON NOT NULL
);
CREATE TABLE IF NOT EXISTS handoff_daily_signals (
    day TIMESTAMPTZ NOT NULL,
    theme VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    signals BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS datasets (
    name VARCHAR NOT NULL,
    version VARCHAR NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    path VARCHAR NOT NULL,
    manifest JSON NOT NULL,
    PRIMARY KEY (name, version)
);
"""

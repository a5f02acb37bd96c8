"""kafka-python adapters: clients built from settings, topic creation, clear connection errors."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import Any

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.admin import NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from infra.settings import KafkaSettings


class BrokerUnavailableError(RuntimeError):
    pass


def _bootstrap(settings: KafkaSettings) -> dict[str, Any]:
    return {
        **settings.client_options(),
        "bootstrap_timeout_ms": int(settings.connect_timeout_s * 1000),
        "request_timeout_ms": settings.request_timeout_ms,
    }


def _unavailable(settings: KafkaSettings, exc: Exception) -> BrokerUnavailableError:
    return BrokerUnavailableError(
        f"no Kafka broker answered at {settings.bootstrap_servers} within {settings.connect_timeout_s:.0f}s "
        f"({type(exc).__name__}); check kafka.bootstrap_servers / OUTERLOOP_KAFKA__BOOTSTRAP_SERVERS "
        "and that the broker is running"
    )


def make_producer(settings: KafkaSettings, **overrides: Any) -> KafkaProducer:
    try:
        return KafkaProducer(**{**_bootstrap(settings), "acks": "all", "linger_ms": 5, **overrides})
    except KafkaError as exc:
        raise _unavailable(settings, exc) from None


def make_consumer(settings: KafkaSettings, **overrides: Any) -> KafkaConsumer:
    options: dict[str, Any] = {
        "group_id": settings.group_id,
        "enable_auto_commit": False,
        "auto_offset_reset": "earliest",
        "session_timeout_ms": settings.session_timeout_ms,
        "heartbeat_interval_ms": max(1000, settings.session_timeout_ms // 3),
    }
    options.update(overrides)
    try:
        return KafkaConsumer(**_bootstrap(settings), **options)
    except KafkaError as exc:
        raise _unavailable(settings, exc) from None


def ensure_topics(settings: KafkaSettings, topics: Iterable[str], partitions: int | None = None) -> None:
    """Create the topics that do not exist yet (replication 1 suits the local broker only)."""
    try:
        admin = KafkaAdminClient(**_bootstrap(settings))
    except KafkaError as exc:
        raise _unavailable(settings, exc) from None
    try:
        existing = set(admin.list_topics())
        new = [NewTopic(t, partitions or settings.topic_partitions, 1) for t in topics if t not in existing]
        if new:
            with contextlib.suppress(TopicAlreadyExistsError):
                admin.create_topics(new)
    finally:
        admin.close()

"""Settings: environment variables `OUTERLOOP_*` over one optional TOML config file.

The config file is `outerloop.toml` in the working directory, or the path in `OUTERLOOP_CONFIG`.
Nested sections use `__` in environment variables: `OUTERLOOP_KAFKA__BOOTSTRAP_SERVERS=...`.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)


class KafkaSettings(BaseModel):
    """A real cluster: e.g. OUTERLOOP_KAFKA__BOOTSTRAP_SERVERS=b1:9093,b2:9093,
    OUTERLOOP_KAFKA__SECURITY_PROTOCOL=SASL_SSL, OUTERLOOP_KAFKA__SASL_MECHANISM=SCRAM-SHA-512,
    OUTERLOOP_KAFKA__SASL_PLAIN_USERNAME / __SASL_PLAIN_PASSWORD, OUTERLOOP_KAFKA__SSL_CAFILE (or a [kafka]
    table in outerloop.toml). The dead-letter topic's max.message.bytes must admit the largest signal."""

    bootstrap_servers: str = "127.0.0.1:9092"
    signals_topic: str = "outerloop.signals"
    dead_letter_topic: str = "outerloop.signals.dlq"
    group_id: str = "outerloop-ingest"
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    sasl_mechanism: str | None = None
    sasl_plain_username: str | None = None
    sasl_plain_password: str | None = None
    ssl_cafile: str | None = None
    ssl_certfile: str | None = None
    ssl_keyfile: str | None = None
    ssl_password: str | None = None
    ssl_check_hostname: bool = True
    session_timeout_ms: int = 10_000
    request_timeout_ms: int = 30_000
    connect_timeout_s: float = 15.0
    topic_partitions: int = 4

    def client_options(self) -> dict[str, Any]:
        """Connection options shared by every kafka-python client (security passed through)."""
        opts: dict[str, Any] = {
            "bootstrap_servers": self.bootstrap_servers.split(","),
            "security_protocol": self.security_protocol,
            "ssl_check_hostname": self.ssl_check_hostname,
        }
        for name in (
            "sasl_mechanism",
            "sasl_plain_username",
            "sasl_plain_password",
            "ssl_cafile",
            "ssl_certfile",
            "ssl_keyfile",
            "ssl_password",
        ):
            value = getattr(self, name)
            if value is not None:
                opts[name] = value
        return opts


class IngestSettings(BaseModel):
    # A batch is one store transaction and one offset commit: larger batches amortise both (bounded by bytes too).
    max_batch_records: int = 2000
    max_batch_bytes: int = 8 * 1024 * 1024
    max_text_bytes: int = 256 * 1024
    max_record_bytes: int = 4 * 1024 * 1024
    # A record nesting deeper than this (its root object is level 1) or holding more JSON elements (object
    # members plus list items, in all) is dead-lettered (too_deeply_nested / too_many_elements).
    max_json_depth: int = Field(default=64, ge=2)
    max_json_elements: int = Field(default=10_000, ge=1)
    poll_timeout_ms: int = 1000
    idle_polls_before_stop: int = 3
    group_join_timeout_s: float = 60.0
    # Consumer processes in the group that one `outerloop ingest` run starts.
    consumers: int = Field(default=1, ge=1)
    # Offsets are committed after each batch (0) or at most this often; always on revocation and at the end.
    commit_interval_s: float = Field(default=0.0, ge=0.0)
    # The ingest keeps its DuckDB connection across batches for at most this long (0: one per batch), then lets
    # other processes (review page, other consumers) have the file; also on an empty poll and before broker retries.
    store_hold_s: float = Field(default=1.0, ge=0.0)
    # Broker calls that must succeed before offsets move (dead-letter flush, offset commit): each
    # attempt waits up to broker_op_timeout_s; after broker_retries attempts the run fails.
    broker_op_timeout_s: float = 10.0
    broker_retries: int = Field(default=4, ge=1)
    broker_retry_backoff_s: float = 0.5


class ClusterSettings(BaseModel):
    embedding_model_dir: str | None = None
    # A multilingual SentenceTransformer directory for Chinese; unset: character n-gram LSA.
    zh_embedding_model_dir: str | None = None
    seed: int = 42
    min_cluster_size: int | None = None
    # Weight of character n-gram LSA beside the sentence embedding (0: embeddings alone).
    lexical_weight: float = 0.6
    embed_batch_size: int = 64
    embed_actors: int = 1
    # Items join the nearest cluster when their cosine similarity to its centroid is at least this
    # quantile of the fitted members' own similarities (None: HDBSCAN noise stays unassigned).
    attach_quantile: float | None = 0.05
    # An incremental run becomes a full refit when the unassigned share of all items, or the items
    # added since the last fit relative to the fitted ones, passes these.
    refit_unassigned_share: float = 0.25
    refit_growth: float = 0.5
    # UMAP + HDBSCAN fit on a seeded sample of at most this many items per language; the rest are
    # attached to the sample's clusters (None: fit on everything).
    max_fit_items: int | None = 20_000
    # Failure themes (cluster.themes): a term characterises a cluster when in at least this share of its
    # members; clusters are grouped only when the best cut's silhouette reaches theme_min_silhouette
    # (above 1: never group).
    theme_min_share: float = Field(default=0.1, gt=0, le=1)
    theme_min_silhouette: float = Field(default=0.25, ge=-1)

    def zh_model(self) -> ClusterSettings | None:
        """These settings with the multilingual model for Chinese as the embedding model; None when unset."""
        if not self.zh_embedding_model_dir:
            return None
        return self.model_copy(update={"embedding_model_dir": self.zh_embedding_model_dir})


class DeidSettings(BaseModel):
    # "tag": <PERSON_3f2a91>; "fake": realistic values of the same shape and language.
    surrogate_style: Literal["tag", "fake"] = "tag"
    shift_dates: bool = True
    max_date_shift_days: int = Field(default=365, ge=1, le=3650)
    batch_size: int = Field(default=64, ge=1)
    ray_actors: int = Field(default=2, ge=1)
    # Time budget of analysing one text (a batch of n texts gets n times it); past it the event is dead-lettered
    # `deid_timeout`. Enforced with SIGALRM where de-identification runs in a process's main thread; 0: none.
    max_text_seconds: float = Field(default=20.0, ge=0.0)
    # Time budget of one event with over 32 KB of text, analysed on its own (`Deidentifier.deidentify_events`).
    max_event_seconds: float = Field(default=30.0, ge=0.0)
    # Detections of this many recently seen texts are kept in memory (digests, no text); 0: none.
    detection_cache_size: int = Field(default=50_000, ge=0)


class ReviewSettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = 8765
    session_secret: str | None = None
    # The session cookie's Secure flag: "auto" sets it when the request came over TLS, or through a trusted
    # proxy (uvicorn's FORWARDED_ALLOW_IPS, default 127.0.0.1) that says X-Forwarded-Proto: https.
    cookie_secure: Literal["auto"] | bool = "auto"
    # Minutes an item taken with "take next" stays leased to its reviewer (others skip it meanwhile).
    lease_minutes: float = Field(default=20.0, gt=0)
    # Items of clusters at or above this priority need two independent decisions (None: only by harm).
    double_review_priority: float | None = None


class ScheduleSettings(BaseModel):
    """`outerloop deploy` / `outerloop serve`: when the flows run and how runs are retried.

    A cron is read in `timezone`; an interval (seconds) replaces the cron when set (short loops, tests)."""

    pipeline_cron: str = "0 * * * *"
    export_cron: str = "30 2 * * *"
    pipeline_interval_s: float | None = Field(default=None, gt=0)
    export_interval_s: float | None = Field(default=None, gt=0)
    timezone: str = "UTC"
    deployment_name: str = "scheduled"
    # Records one scheduled pipeline run ingests at most (None: until the topic is idle).
    pipeline_max_records: int | None = Field(default=None, ge=1)
    export_name: str = "outerloop-review"
    # A stage that lost the broker or Ray is retried this often, waiting retry_delay_s, then twice that, ...
    retries: int = Field(default=3, ge=0)
    retry_delay_s: float = Field(default=10.0, ge=0.0)


class RcaSettings(BaseModel):
    """Root-cause analysis. The optional LLM judge: any OpenAI-compatible chat endpoint
    (`judge_url`, e.g. http://127.0.0.1:8080/v1, or its full /chat/completions URL) and `judge_model`;
    both unset (the default): no judge, nothing is called. The key comes from OUTERLOOP_RCA__JUDGE_API_KEY,
    never from the file in git. The judge sees de-identified member texts only."""

    judge_url: str | None = None
    judge_model: str | None = None
    judge_api_key: str | None = None
    judge_timeout_s: float = Field(default=30.0, gt=0)
    # How the answer's shape is asked for: a strict JSON schema, any JSON object, or the prompt alone
    # (servers differ); the answer is validated the same way whichever is chosen.
    judge_response_format: Literal["json_schema", "json_object", "none"] = "json_schema"
    # Representative member texts sent per cluster, each cut to judge_max_chars characters.
    judge_members: int = Field(default=5, ge=1, le=20)
    judge_max_chars: int = Field(default=600, ge=50)
    # Clusters judged per run at most (the caller passes them highest priority first).
    judge_max_clusters: int = Field(default=50, ge=1)
    # Judging stops when a run has spent this long on it (the clusters left keep the rules' causes alone).
    judge_budget_s: float = Field(default=300.0, gt=0)

    @property
    def judge_enabled(self) -> bool:
        return bool(self.judge_url and self.judge_model)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="OUTERLOOP_", env_nested_delimiter="__", extra="ignore")

    data_dir: Path = Path(".outerloop")
    deid_key: str | None = Field(default=None, description="HMAC key for pseudonyms; generated per data dir")
    ray_address: str | None = None
    kafka: KafkaSettings = KafkaSettings()
    ingest: IngestSettings = IngestSettings()
    cluster: ClusterSettings = ClusterSettings()
    review: ReviewSettings = ReviewSettings()
    deid: DeidSettings = DeidSettings()
    schedule: ScheduleSettings = ScheduleSettings()
    rca: RcaSettings = RcaSettings()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        config_file = Path(os.environ.get("OUTERLOOP_CONFIG", "outerloop.toml"))
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if config_file.is_file():
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=config_file))
        return tuple(sources)

    @property
    def db_path(self) -> Path:
        """The pipeline's file: events, dead letters, runs, clustering, causes (ingest and clustering write it)."""
        return self.data_dir / "outerloop.duckdb"

    @property
    def review_db_path(self) -> Path:
        """The review file: items, decisions, accounts, sessions, audit log, datasets, and copies of what the
        review page shows, handed over by the triage stage. Ingest and clustering never open it."""
        return self.data_dir / "review.duckdb"

    @property
    def exports_dir(self) -> Path:
        return self.data_dir / "datasets"

    @property
    def logs_dir(self) -> Path:
        return self.data_dir / "logs"

    def secret(self, name: str) -> str:
        """A per-deployment secret: from settings if set, else generated once into the data dir (0600)."""
        configured = {"deid_key": self.deid_key, "session_secret": self.review.session_secret}.get(name)
        if configured:
            return configured
        path = self.data_dir / "secrets" / name
        if path.is_file():
            return path.read_text().strip()
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        value = secrets.token_urlsafe(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(value)
        return value


def load_settings(**overrides: Any) -> Settings:
    settings = Settings(**overrides)
    settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)  # holds password hashes and secrets
    return settings

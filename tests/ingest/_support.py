"""Helpers of the ingest tests: minimal events, raw publishing, and `outerloop ingest` as a real OS process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kafka import KafkaConsumer, TopicPartition

from infra.kafka import make_producer
from infra.settings import Settings
from ingest.faults import ANNOUNCEMENT, FAULT_ENV

REPO = Path(__file__).resolve().parents[2]


def minimal_event(i: int, prefix: str = "ev", *, english: bool = False) -> dict[str, Any]:
    """A small valid event. Chinese text takes the de-identifier's pattern path (no NER), which keeps
    tests over tens of thousands of events within minutes on two cores; every 20th is English (NER path)."""
    text = f"my chest hurts again, day {i}" if english else f"胸口又疼了，第{i}天"
    return {
        "event_id": f"{prefix}-{i:06d}",
        "schema_version": 1,
        "kind": "low_confidence",
        "occurred_at": "2026-10-01T09:00:00+00:00",
        "conversation_id": f"conv-{i % 997}",
        "language": "en" if english else "zh",
        "messages": [{"role": "user", "content": text}],
        "model_output": "I am not sure; please rest." if english else "建议休息。",
        "model_version": "m-1",
        "confidence": 0.3,
    }


def encode(event: dict[str, Any]) -> bytes:
    return json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode()


def publish(settings: Settings, values: Iterable[tuple[bytes | None, bytes | None]]) -> int:
    producer = make_producer(settings.kafka, max_request_size=8 * 1024 * 1024, linger_ms=20, batch_size=256 * 1024)
    try:
        futures = [producer.send(settings.kafka.signals_topic, key=k, value=v) for k, v in values]
        producer.flush(timeout=120)
        assert all(f.succeeded() for f in futures)
        return len(futures)
    finally:
        producer.close(timeout=10)


def highwaters(settings: Settings, topic: str) -> dict[int, int]:
    """The end offset of each partition (Tansu's end_offsets() is wrong; a fetch's highwater is right)."""
    consumer = KafkaConsumer(bootstrap_servers=settings.kafka.bootstrap_servers, enable_auto_commit=False)
    try:
        tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or [])]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        deadline = time.monotonic() + 120  # a hang guard: the loop ends as soon as every partition answers
        while any(consumer.highwater(tp) is None for tp in tps) and time.monotonic() < deadline:
            consumer.poll(timeout_ms=200, max_records=1)
        return {tp.partition: int(consumer.highwater(tp) or 0) for tp in tps}
    finally:
        consumer.close(autocommit=False)


def committed(settings: Settings, topic: str, partitions: Iterable[int]) -> dict[int, int | None]:
    consumer = KafkaConsumer(
        bootstrap_servers=settings.kafka.bootstrap_servers, group_id=settings.kafka.group_id, enable_auto_commit=False
    )
    try:
        return {p: consumer.committed(TopicPartition(topic, p), timeout_ms=10_000) for p in partitions}
    finally:
        consumer.close(autocommit=False)


@dataclass
class IngestProcess:
    """`outerloop ingest` as a separate OS process, output to files (no pipe can fill up and block it)."""

    process: subprocess.Popen[bytes]
    stdout: Path
    stderr: Path

    @classmethod
    def start(cls, workdir: Path, name: str, *args: str, fault: str | None = None) -> IngestProcess:
        env = dict(os.environ)
        env.pop(FAULT_ENV, None)
        if fault:
            env[FAULT_ENV] = fault
        out, err = workdir / f"{name}.out", workdir / f"{name}.err"
        with out.open("wb") as o, err.open("wb") as e:
            process = subprocess.Popen(
                [sys.executable, "-m", "flows.cli", "ingest", "--json", *args],
                cwd=REPO,
                env=env,
                stdout=o,
                stderr=e,
                stdin=subprocess.DEVNULL,
            )
        return cls(process, out, err)

    def wait_for_pause(self, timeout_s: float = 240) -> str:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for line in self.stderr.read_text(errors="replace").splitlines():
                if line.startswith(ANNOUNCEMENT):
                    return line
            if self.process.poll() is not None:
                raise AssertionError(f"the ingest exited ({self.process.returncode}) before its fault point")
            time.sleep(0.1)
        raise AssertionError("the ingest never reached its fault point")

    def kill9(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def wait_report(self, timeout_s: float = 300) -> dict[str, Any]:
        try:
            code = self.process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            self.kill9()
            raise AssertionError("the ingest did not finish in time") from None
        out = self.stdout.read_text()
        assert code == 0, f"ingest exited {code}: {out[-2000:]} {self.stderr.read_text(errors='replace')[-2000:]}"
        return dict(json.loads(out.strip().splitlines()[-1]))

    def stop(self) -> None:
        """Kill this process and, for `--consumers N`, its consumer processes (they die with their parent)."""
        self.kill9()

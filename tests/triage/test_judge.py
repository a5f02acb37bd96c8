"""The optional LLM judge of cluster causes against an OpenAI-compatible `/v1/chat/completions` stub served on
127.0.0.1 in the test: agreement, disagreement (flagged), malformed answers (ignored, logged), an endpoint
that is down, slow or failing (a clear error; the caller goes on), and the request it sends."""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from infra.records import Cluster, ClusterCause, EventRow
from infra.settings import RcaSettings, Settings
from triage.rootcause import load_taxonomy
from triage.rootcause.judge import (
    ChatJudge,
    JudgeAnswerError,
    judge_clusters,
    parse_answer,
    representative_texts,
)

Reply = Callable[[dict[str, Any]], tuple[int, str]]  # request body -> (HTTP status, message content or body)


@dataclass
class Stub:
    """An OpenAI-compatible chat endpoint: `reply` decides each answer; requests are recorded."""

    url: str
    reply: Reply
    requests: list[tuple[dict[str, str], dict[str, Any]]] = field(default_factory=list)


def _chat(content: str) -> str:
    return json.dumps({"id": "x", "object": "chat.completion", "choices": [{"index": 0, "message": {
        "role": "assistant", "content": content}, "finish_reason": "stop"}]})  # fmt: skip


@pytest.fixture
def stub() -> Iterator[Stub]:
    state = Stub("", lambda body: (200, _chat("{}")))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            state.requests.append((dict(self.headers), body))
            if self.path != "/v1/chat/completions":
                status, payload = 404, json.dumps({"error": "not found"})
            else:
                status, payload = state.reply(body)
            data = payload.encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def _rca(url: str, **extra: Any) -> RcaSettings:
    return RcaSettings(**{"judge_url": url, "judge_model": "stub-model", "judge_timeout_s": 5, **extra})


def _cause(cluster_id: str, cause_id: str) -> ClusterCause:
    return ClusterCause(cluster_id, cause_id, 0.9, 10, 9, [], {cause_id: 0.9}, {})


# What the stub answers for a cluster, keyed by a word in its member texts.
ANSWERS = {
    "OCR": json.dumps({"cause": "tool_failure", "explanation": "The lab report OCR tool timed out."}),
    "warfarin": "```json\n"
    + json.dumps({"cause": "interaction_missed", "explanation": "Aspirin with warfarin was not flagged."})
    + "\n```",
    "garbled": "Sure! The cause is probably a dose error.",
    "unknown": json.dumps({"cause": "bad_vibes", "explanation": "It felt off."}),
    "extra": json.dumps({"cause": "other", "explanation": "x", "confidence": 0.99}),
    "empty": json.dumps({"cause": "other", "explanation": "  "}),
}


def _by_keyword(body: dict[str, Any]) -> tuple[int, str]:
    user = body["messages"][-1]["content"]
    return 200, _chat(next(answer for word, answer in ANSWERS.items() if word in user))


def test_agreement_disagreement_and_malformed_answers(stub: Stub, caplog: pytest.LogCaptureFixture) -> None:
    stub.reply = _by_keyword
    causes = [
        _cause("c-ocr", "tool_failure"),
        _cause("c-warfarin", "dose_or_unit_error"),
        _cause("c-garbled", "other"),
        _cause("c-unknown", "other"),
        _cause("c-extra", "other"),
        _cause("c-empty", "other"),
        _cause("c-no-text", "other"),
    ]
    texts = {
        "c-ocr": ["OCR timed out on my lab report <PERSON_3f2a91>", "the OCR never finished"],
        "c-warfarin": ["I take warfarin and it said aspirin is fine"],
        "c-garbled": ["garbled"],
        "c-unknown": ["unknown"],
        "c-extra": ["extra"],
        "c-empty": ["empty"],
        "c-no-text": ["   "],
    }
    with caplog.at_level(logging.WARNING, logger="triage.rootcause.judge"):
        report = judge_clusters(_rca(stub.url), causes, texts)

    assert report.enabled and report.error is None
    verdicts = {v.cluster_id: v for v in report.verdicts}
    assert set(verdicts) == {"c-ocr", "c-warfarin"}
    assert verdicts["c-ocr"].agrees and verdicts["c-ocr"].judge_cause == "tool_failure"
    warfarin = verdicts["c-warfarin"]
    assert (warfarin.agrees, warfarin.judge_cause, warfarin.rules_cause) == (
        False,
        "interaction_missed",
        "dose_or_unit_error",
    )
    assert warfarin.explanation == "Aspirin with warfarin was not flagged." and warfarin.model == "stub-model"
    assert [v.cluster_id for v in report.flagged] == ["c-warfarin"]
    assert set(warfarin.as_dict()) >= {"cluster_id", "judge_cause", "explanation", "agrees"}

    # Malformed answers are ignored, each with its reason, and logged: never trusted.
    assert set(report.ignored) == {"c-garbled", "c-unknown", "c-extra", "c-empty", "c-no-text"}
    assert "not JSON" in report.ignored["c-garbled"]
    assert "'bad_vibes' is not a root cause" in report.ignored["c-unknown"]
    assert "confidence" in report.ignored["c-extra"]
    assert "empty" in report.ignored["c-empty"]
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert all(f"cluster {c} ignored" in logged for c in ("c-garbled", "c-unknown", "c-extra", "c-empty"))
    assert report.as_dict()["flagged"] == ["c-warfarin"] and report.as_dict()["agree"] == 1

    # The request: OpenAI chat format, temperature 0, a strict JSON schema over the taxonomy's ids,
    # de-identified member texts without pseudonym tags, and no API key when none is configured.
    assert len(stub.requests) == 6  # the cluster without text is never sent
    headers, body = stub.requests[0]
    assert body["model"] == "stub-model" and body["temperature"] == 0
    schema = body["response_format"]["json_schema"]
    assert schema["strict"] is True
    assert schema["schema"]["properties"]["cause"]["enum"] == list(load_taxonomy().ids)
    user = body["messages"][-1]["content"]
    assert "OCR timed out on my lab report" in user and "<PERSON" not in user
    assert "Authorization" not in headers


def test_the_api_key_comes_from_the_environment(stub: Stub, monkeypatch: pytest.MonkeyPatch) -> None:
    stub.reply = _by_keyword
    monkeypatch.setenv("OUTERLOOP_RCA__JUDGE_URL", stub.url + "/chat/completions")
    monkeypatch.setenv("OUTERLOOP_RCA__JUDGE_MODEL", "stub-model")
    monkeypatch.setenv("OUTERLOOP_RCA__JUDGE_API_KEY", "sk-test-123")
    monkeypatch.setenv("OUTERLOOP_RCA__JUDGE_RESPONSE_FORMAT", "json_object")  # a server without JSON schemas
    rca = Settings().rca
    assert rca.judge_enabled
    report = judge_clusters(rca, [_cause("c-ocr", "tool_failure")], {"c-ocr": ["OCR failed"]})
    assert report.verdicts[0].agrees
    headers, body = stub.requests[0]
    assert headers["Authorization"] == "Bearer sk-test-123"
    assert body["response_format"] == {"type": "json_object"}


def test_off_by_default_and_nothing_is_called() -> None:
    rca = Settings().rca
    assert not rca.judge_enabled and rca.judge_url is None
    report = judge_clusters(rca, [_cause("c", "other")], {"c": ["text"]})
    assert (report.enabled, report.verdicts, report.error) == (False, [], None)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_server_that_is_down_gives_a_clear_error_and_the_caller_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    causes = [_cause("c-1", "other"), _cause("c-2", "other")]
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="triage.rootcause.judge"):
        report = judge_clusters(_rca(f"http://127.0.0.1:{_closed_port()}/v1"), causes, {"c-1": ["a"], "c-2": ["b"]})
    assert time.monotonic() - started < 5
    assert report.verdicts == [] and report.error is not None
    assert "cannot be reached" in report.error and "is the server running?" in report.error
    assert "rules' causes stand" in caplog.text
    assert report.unjudged == ["c-1", "c-2"]
    assert judge_clusters(_rca("ftp://example.invalid/v1"), causes, {}).error == (
        "rca.judge_url 'ftp://example.invalid/v1' is not an http(s) URL (e.g. http://127.0.0.1:8080/v1)"
    )


def test_http_errors_and_timeouts_stop_the_judging_with_their_reason(stub: Stub) -> None:
    causes = [_cause("c-1", "other"), _cause("c-2", "other")]
    texts = {"c-1": ["a"], "c-2": ["b"]}
    stub.reply = lambda body: (401, json.dumps({"error": "bad key"}))
    report = judge_clusters(_rca(stub.url), causes, texts)
    assert "HTTP 401" in (report.error or "") and "OUTERLOOP_RCA__JUDGE_API_KEY" in (report.error or "")
    assert len(stub.requests) == 1  # stopped at the first failure, not once per cluster

    def slow(body: dict[str, Any]) -> tuple[int, str]:
        time.sleep(1.5)
        return 200, _chat(ANSWERS["OCR"])

    stub.reply = slow
    report = judge_clusters(_rca(stub.url, judge_timeout_s=0.3), causes, texts)
    assert "did not answer within 0.3 s" in (report.error or "")

    stub.reply = lambda body: (200, "<html>not json</html>")
    report = judge_clusters(_rca(stub.url), causes, texts)
    assert report.error is None and set(report.ignored) == {"c-1", "c-2"}
    assert "not JSON" in report.ignored["c-1"]


def test_priority_order_and_the_cap_on_clusters(stub: Stub) -> None:
    stub.reply = _by_keyword
    causes = [_cause(f"c-{n}", "tool_failure") for n in range(4)]
    texts = {c.cluster_id: ["OCR failed"] for c in causes}
    report = judge_clusters(
        _rca(stub.url, judge_max_clusters=2), causes, texts, priority={"c-0": 1.0, "c-1": 2.0, "c-2": 5.0, "c-3": 0.5}
    )
    assert [v.cluster_id for v in report.verdicts] == ["c-2", "c-1"]
    assert report.unjudged == ["c-0", "c-3"] and report.error is None


def test_a_time_budget_bounds_the_judging(stub: Stub) -> None:
    def slow(body: dict[str, Any]) -> tuple[int, str]:
        time.sleep(0.3)
        return 200, _chat(ANSWERS["OCR"])

    stub.reply = slow
    causes = [_cause(f"c-{n}", "tool_failure") for n in range(6)]
    report = judge_clusters(_rca(stub.url, judge_budget_s=0.5), causes, {c.cluster_id: ["OCR"] for c in causes})
    assert 1 <= len(report.verdicts) <= 3 and "rca.judge_budget_s" in (report.error or "")
    assert len(report.verdicts) + len(report.unjudged) == 6


def test_parse_answer_is_strict() -> None:
    taxonomy = load_taxonomy()
    assert parse_answer('{"cause": "other", "explanation": "One\\n sentence."}', taxonomy) == ("other", "One sentence.")
    for bad in ("[]", "null", '{"cause": 3, "explanation": "x"}', '{"cause": "other"}', "{", ""):
        with pytest.raises(JudgeAnswerError):
            parse_answer(bad, taxonomy)
    with pytest.raises(JudgeAnswerError, match="at most"):
        parse_answer(json.dumps({"cause": "other", "explanation": "x" * 500}), taxonomy)


def test_representative_texts_are_the_exemplars_clustered_text_without_pseudonym_tags() -> None:
    at = datetime(2026, 10, 1, tzinfo=UTC)
    payload = {
        "messages": [{"role": "user", "content": "<PERSON_3f2a91> here, my INR is 4.1 on warfarin"}],
        "feedback": "It ignored my warfarin.",
        "model_output": "Ibuprofen is fine.",
    }
    events = {
        "e1": EventRow("e1", "bad_case", "en", at, payload),
        "e2": EventRow("e2", "bad_case", "en", at, payload),  # the same text once
    }
    cluster = Cluster("c", "r", "en", "l", [], 3, {}, ["e1", "e2", "missing"], at)
    texts = representative_texts([cluster], events)
    assert texts == {"c": ["here, my INR is 4.1 on warfarin\nIt ignored my warfarin.\nIbuprofen is fine."]}
    judge = ChatJudge("http://127.0.0.1:9/v1", "m", max_chars=20)
    body = judge.request_body(["<LOCATION_00aa11> " + "x" * 50])
    assert "<LOCATION" not in body["messages"][1]["content"] and "x" * 21 not in body["messages"][1]["content"]


def test_rca_judge_command_over_a_real_store(stub: Stub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The stored cluster causes of the triage stage, judged by a stub that always answers tool_failure:
    the tool-failure clusters agree, the others are flagged."""
    from test_tools_report import seed_events

    from flows.cli import app
    from infra.store import Store
    from triage import run as triage_stage

    monkeypatch.chdir(tmp_path)
    settings = Settings(data_dir=tmp_path / "data")
    seed_events(Store(settings.db_path), n=120)
    triage_stage.run(settings)
    causes = Store(settings.db_path).cluster_causes()

    runner = CliRunner()
    off = runner.invoke(app, ["rca-judge", "--data-dir", str(settings.data_dir)])
    assert off.exit_code == 2 and "no judge configured" in off.output

    stub.reply = lambda body: (200, _chat(ANSWERS["OCR"]))
    monkeypatch.setenv("OUTERLOOP_RCA__JUDGE_URL", stub.url)
    monkeypatch.setenv("OUTERLOOP_RCA__JUDGE_MODEL", "stub-model")
    result = runner.invoke(app, ["rca-judge", "--json", "--data-dir", str(settings.data_dir)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    judged = {v["cluster_id"]: v for v in out["verdicts"]}
    assert set(judged) == set(causes)
    for cluster_id, cause in causes.items():
        assert judged[cluster_id]["agrees"] == (cause.cause_id == "tool_failure")
    assert sorted(out["flagged"]) == sorted(k for k, c in causes.items() if c.cause_id != "tool_failure")
    for _, body in stub.requests:
        assert "<PERSON" not in body["messages"][1]["content"]

    monkeypatch.setenv("OUTERLOOP_RCA__JUDGE_URL", f"http://127.0.0.1:{_closed_port()}/v1")
    down = runner.invoke(app, ["rca-judge", "--data-dir", str(settings.data_dir)])
    assert down.exit_code == 2 and "cannot be reached" in down.output and "Traceback" not in down.output

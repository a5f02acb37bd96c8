"""An optional second opinion on cluster causes from an LLM behind any OpenAI-compatible chat endpoint.

Off unless the deployment sets `rca.judge_url` and `rca.judge_model`. For each cluster the judge reads a
few representative member texts (de-identified in the store; pseudonym tags removed here as well) and the
taxonomy, never the rules' answer, and must reply with one JSON object `{"cause": <taxonomy id>,
"explanation": <one sentence>}`. Every answer is validated: malformed JSON, other keys or an unknown cause
id are ignored with a logged warning, never trusted. An answer that differs from the rules' cluster cause
flags the cluster for review (`JudgeVerdict.agrees` is False). An endpoint that cannot be reached or
answers with an HTTP error stops the judging for the run with a clear `JudgeReport.error`; the stage goes on.
Only the standard library is used: nothing is installed or downloaded.
"""

from __future__ import annotations

import json
import logging
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from cluster.text import cluster_text, strip_pseudonyms
from triage.rootcause.taxonomy import Taxonomy, load_taxonomy

if TYPE_CHECKING:
    from infra.records import Cluster, ClusterCause, EventRow
    from infra.settings import RcaSettings

log = logging.getLogger(__name__)

MAX_EXPLANATION_CHARS = 400
# What the request asks for: a strict JSON schema (llama.cpp's server, vLLM, OpenAI), any JSON object (servers
# without schemas), or nothing (the prompt alone). The answer is validated the same way whichever is asked.
RESPONSE_FORMATS = ("json_schema", "json_object", "none")
_FENCE = re.compile(r"^```(?:json)?\s*(.*?)\s*```$", re.DOTALL)
_SPACES = re.compile(r"\s+")

SYSTEM_PROMPT = (
    "You are a clinical safety reviewer of a medical AI assistant. You get several de-identified signals "
    "(user complaints, clinicians' corrections, tool errors, the assistant's answers) that were grouped "
    "together because they fail in a similar way. Choose the one root cause from the taxonomy below that "
    "explains most of them, and explain your choice in one sentence. Reply with a JSON object only: "
    '{"cause": "<one taxonomy id>", "explanation": "<one sentence>"}.\n\nTaxonomy v%s:\n%s'
)


class JudgeUnavailable(RuntimeError):
    """The endpoint could not be reached, timed out or answered with an HTTP error."""


class JudgeAnswerError(ValueError):
    """The endpoint answered, but not with a valid verdict (the answer is ignored)."""


@dataclass(frozen=True)
class JudgeVerdict:
    """The judge's cause for one cluster; `agrees` is False when it differs from the rules' cause."""

    cluster_id: str
    judge_cause: str
    explanation: str
    rules_cause: str
    agrees: bool
    model: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class JudgeReport:
    """What one run of the judge found. `ignored`: cluster id -> why its answer was not used; `error`: why
    judging stopped early (endpoint down, time budget spent), None otherwise; `unjudged`: the clusters not
    asked (after an early stop, or past `rca.judge_max_clusters`)."""

    verdicts: list[JudgeVerdict] = field(default_factory=list)
    ignored: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    enabled: bool = True
    unjudged: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> list[JudgeVerdict]:
        """Clusters whose judge cause differs from the rules' cause: to be reviewed."""
        return [v for v in self.verdicts if not v.agrees]

    def as_dict(self) -> dict[str, Any]:
        return {
            "enabled": self.enabled,
            "judged": len(self.verdicts),
            "agree": sum(v.agrees for v in self.verdicts),
            "flagged": [v.cluster_id for v in self.flagged],
            "ignored": dict(self.ignored),
            "error": self.error,
            "unjudged": len(self.unjudged),
        }


def _short(value: Any, limit: int = 60) -> str:
    """A model-written value in a message or log line, cut: it is the model's text, not ours."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def parse_answer(content: str, taxonomy: Taxonomy) -> tuple[str, str]:
    """(cause id, explanation) from the judge's message content; `JudgeAnswerError` says what is wrong."""
    text = content.strip()
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1)
    try:
        answer = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JudgeAnswerError(f"not JSON ({exc.msg} at character {exc.pos})") from None
    if not isinstance(answer, dict):
        raise JudgeAnswerError(f"a JSON {type(answer).__name__}, not an object")
    if set(answer) != {"cause", "explanation"}:
        raise JudgeAnswerError(f"keys {_short(sorted(answer))}, expected exactly ['cause', 'explanation']")
    cause, explanation = answer["cause"], answer["explanation"]
    if not isinstance(cause, str) or cause not in taxonomy:
        raise JudgeAnswerError(f"cause {_short(cause)} is not a root cause of taxonomy v{taxonomy.version}")
    if not isinstance(explanation, str) or not explanation.strip():
        raise JudgeAnswerError("explanation is missing or empty")
    explanation = _SPACES.sub(" ", explanation).strip()
    if len(explanation) > MAX_EXPLANATION_CHARS:
        raise JudgeAnswerError(f"explanation of {len(explanation)} characters (at most {MAX_EXPLANATION_CHARS})")
    return cause, explanation


def _endpoint(url: str) -> str:
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError(f"rca.judge_url {url!r} is not an http(s) URL (e.g. http://127.0.0.1:8080/v1)")
    path = parsed.path.rstrip("/")
    if not path.endswith("/chat/completions"):
        path += "/chat/completions"
    return urllib.parse.urlunsplit((parsed.scheme, parsed.netloc, path, parsed.query, ""))


class ChatJudge:
    """A client of one OpenAI-compatible `/chat/completions` endpoint (llama.cpp's server, vLLM, Ollama's
    /v1, a hosted API): one request per cluster, temperature 0, a strict JSON schema asked for and checked."""

    def __init__(
        self,
        url: str,
        model: str,
        *,
        api_key: str | None = None,
        timeout_s: float = 30.0,
        taxonomy: Taxonomy | None = None,
        max_chars: int = 600,
        response_format: str = "json_schema",
    ) -> None:
        self.endpoint = _endpoint(url)
        self.model = model
        self.timeout_s = timeout_s
        self.taxonomy = taxonomy or load_taxonomy()
        self.max_chars = max_chars
        if response_format not in RESPONSE_FORMATS:
            raise ValueError(f"rca.judge_response_format {response_format!r}: use one of {', '.join(RESPONSE_FORMATS)}")
        self.response_format = response_format
        self._api_key = api_key

    @classmethod
    def from_settings(cls, rca: RcaSettings, taxonomy: Taxonomy | None = None) -> ChatJudge | None:
        """The configured judge, or None when `rca.judge_url` / `rca.judge_model` are unset."""
        if not (rca.judge_url and rca.judge_model):
            return None
        return cls(
            rca.judge_url,
            rca.judge_model,
            api_key=rca.judge_api_key,
            timeout_s=rca.judge_timeout_s,
            taxonomy=taxonomy,
            max_chars=rca.judge_max_chars,
            response_format=rca.judge_response_format,
        )

    def schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {
                "cause": {"type": "string", "enum": list(self.taxonomy.ids)},
                "explanation": {"type": "string", "maxLength": MAX_EXPLANATION_CHARS},
            },
            "required": ["cause", "explanation"],
            "additionalProperties": False,
        }

    def request_body(self, texts: Sequence[str]) -> dict[str, Any]:
        """The chat request for one cluster's member texts (de-identified, pseudonym tags removed here)."""
        causes = "\n".join(f"- {c.id}: {c.definition}" for c in self.taxonomy.causes)
        signals = "\n\n".join(
            f"Signal {n}:\n{clip(t, self.max_chars)}" for n, t in enumerate(texts, start=1) if t.strip()
        )
        body: dict[str, Any] = {
            "model": self.model,
            "temperature": 0,
            "seed": 0,
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT % (self.taxonomy.version, causes)},
                {"role": "user", "content": signals},
            ],
        }
        if self.response_format == "json_schema":
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "root_cause", "strict": True, "schema": self.schema()},
            }
        elif self.response_format == "json_object":
            body["response_format"] = {"type": "json_object"}
        return body

    def _post(self, body: dict[str, Any]) -> dict[str, Any]:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        request = urllib.request.Request(
            self.endpoint, data=json.dumps(body, ensure_ascii=False).encode("utf-8"), headers=headers, method="POST"
        )
        where = f"the root-cause judge at {self.endpoint}"
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            raise JudgeUnavailable(
                f"{where} answered HTTP {exc.code} {exc.reason}; check rca.judge_url, rca.judge_model and "
                "OUTERLOOP_RCA__JUDGE_API_KEY"
            ) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(exc, TimeoutError) or isinstance(reason, TimeoutError):
                raise JudgeUnavailable(
                    f"{where} did not answer within {self.timeout_s:g} s (rca.judge_timeout_s)"
                ) from None
            raise JudgeUnavailable(f"{where} cannot be reached ({reason}); is the server running?") from None
        try:
            decoded = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise JudgeAnswerError("the response body is not JSON") from None
        if not isinstance(decoded, dict):
            raise JudgeAnswerError("the response body is not a JSON object")
        return decoded

    def ask(self, texts: Sequence[str]) -> tuple[str, str]:
        """(cause id, explanation) for one cluster. Raises `JudgeUnavailable` (endpoint down) or
        `JudgeAnswerError` (an answer that is not a valid verdict)."""
        response = self._post(self.request_body(texts))
        try:
            content = response["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise JudgeAnswerError("no choices[0].message.content in the response") from None
        if not isinstance(content, str):
            raise JudgeAnswerError("choices[0].message.content is not a string")
        return parse_answer(content, self.taxonomy)


def clip(text: str, limit: int) -> str:
    text = strip_pseudonyms(text)
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def representative_texts(
    clusters: Sequence[Cluster], events: Mapping[str, EventRow], members: int = 5
) -> dict[str, list[str]]:
    """Each cluster's exemplars as the clustered text (de-identified, pseudonym tags removed), at most
    `members` distinct texts per cluster."""
    out: dict[str, list[str]] = {}
    for c in clusters:
        texts: list[str] = []
        for event_id in c.exemplar_ids:
            event = events.get(event_id)
            text = cluster_text(event.payload) if event else ""
            if text and text not in texts:
                texts.append(text)
            if len(texts) >= members:
                break
        out[c.cluster_id] = texts
    return out


def judge_clusters(
    rca: RcaSettings,
    causes: Sequence[ClusterCause],
    texts: Mapping[str, Sequence[str]],
    *,
    priority: Mapping[str, float] | None = None,
    judge: ChatJudge | None = None,
) -> JudgeReport:
    """The judge's verdict on each cluster cause (highest `priority` first, at most
    `rca.judge_max_clusters`), from the cluster's member `texts`. Never raises for the endpoint, its
    configuration or its answers: a disabled judge gives an empty report with `enabled` False; an invalid
    URL or an unreachable endpoint a report with `error` set and the verdicts so far."""
    try:
        judge = judge or ChatJudge.from_settings(rca)
    except ValueError as exc:  # a judge_url that is not http(s), an unknown response format
        log.warning("root-cause judge not used: %s", exc)
        return JudgeReport(error=str(exc))
    if judge is None:
        return JudgeReport(enabled=False)
    ordered = sorted(causes, key=lambda c: -(priority or {}).get(c.cluster_id, 0.0)) if priority else list(causes)
    report = JudgeReport(unjudged=[c.cluster_id for c in ordered[rca.judge_max_clusters :]])
    deadline = time.monotonic() + rca.judge_budget_s
    asked = ordered[: rca.judge_max_clusters]
    for n, cause in enumerate(asked):
        if time.monotonic() > deadline:
            report = _stopped(report, asked[n:], f"judging stopped after {rca.judge_budget_s:g} s (rca.judge_budget_s)")
            break
        members = [t for t in texts.get(cause.cluster_id, ()) if t.strip()][: rca.judge_members]
        if not members:
            report.ignored[cause.cluster_id] = "no member text to judge"
            continue
        try:
            judged, explanation = judge.ask(members)
        except JudgeUnavailable as exc:
            report = _stopped(report, asked[n:], str(exc))
            break
        except JudgeAnswerError as exc:
            log.warning("root-cause judge: answer for cluster %s ignored: %s", cause.cluster_id, exc)
            report.ignored[cause.cluster_id] = str(exc)
            continue
        report.verdicts.append(
            JudgeVerdict(cause.cluster_id, judged, explanation, cause.cause_id, judged == cause.cause_id, judge.model)
        )
    return report


def _stopped(report: JudgeReport, left: Sequence[ClusterCause], why: str) -> JudgeReport:
    log.warning("root-cause judge stopped: %s; %d clusters not judged, the rules' causes stand", why, len(left))
    unjudged = [c.cluster_id for c in left] + report.unjudged
    return JudgeReport(report.verdicts, report.ignored, why, report.enabled, unjudged)

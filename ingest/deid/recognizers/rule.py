"""A regex recognizer whose hit may need nearby context words and may be validated.

Presidio's `PatternRecognizer` redacts the whole match and checks context through spaCy lemmas, which
do not exist for Chinese text. Here the identifier is the regex group `value` (so a label such as
"MRN:" or "病案号：" stays readable) and context is a regex searched in a character window, which works
for any script.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

VALUE_GROUP = "value"


@dataclass(frozen=True)
class Rule:
    name: str
    regex: re.Pattern[str]
    score: float
    context: re.Pattern[str] | None = None
    window: int = 24
    validate: Callable[[str], bool] | None = None


class RuleRecognizer(LocalRecognizer):
    """Detects one entity type with a list of `Rule`s."""

    def __init__(self, entity: str, rules: Sequence[Rule], *, language: str, name: str | None = None) -> None:
        self.entity = entity
        self.rules = tuple(rules)
        self.label = name or type(self).__name__
        super().__init__(supported_entities=[entity], supported_language=language, name=self.label)

    def load(self) -> None:
        pass

    def applies_to(self, text: str) -> bool:
        """A cheap pre-check; subclasses skip texts that cannot contain their entity."""
        return True

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if self.entity not in entities or not self.applies_to(text):
            return []
        results: list[RecognizerResult] = []
        for rule in self.rules:
            for match in rule.regex.finditer(text):
                start, end = value_span(match)
                if start == end:
                    continue
                if rule.validate is not None and not rule.validate(text[start:end]):
                    continue
                if rule.context is not None and not has_context(text, start, end, rule):
                    continue
                results.append(self.result(start, end, rule.score, rule.name))
        return results

    def result(self, start: int, end: int, score: float, rule_name: str) -> RecognizerResult:
        return RecognizerResult(
            entity_type=self.entity,
            start=start,
            end=end,
            score=score,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: f"{self.label}:{rule_name}",
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )


def value_span(match: re.Match[str]) -> tuple[int, int]:
    if VALUE_GROUP in match.re.groupindex and match.group(VALUE_GROUP) is not None:
        return match.span(VALUE_GROUP)
    return match.span()


def has_context(text: str, start: int, end: int, rule: Rule) -> bool:
    assert rule.context is not None
    before = text[max(0, start - rule.window) : start]
    after = text[end : end + rule.window]
    return bool(rule.context.search(before) or rule.context.search(after))


def labelled(label: str, value: str, *, separator: str = r"[\s:：#=]*(?:(?:is|was|是|为)[\s:：#]*)?") -> str:
    """Regex source: `label`, an optional separator, then the `value` group."""
    return rf"(?:{label}){separator}(?P<{VALUE_GROUP}>{value})"

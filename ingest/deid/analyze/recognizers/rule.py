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
from functools import lru_cache

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ingest.deid.analyze.fuzzy import FuzzyWords

VALUE_GROUP = "value"
CUE_GROUP = "cue"


@dataclass(frozen=True)
class Rule:
    name: str
    regex: re.Pattern[str]
    score: float
    context: re.Pattern[str] | None = None
    window: int = 24
    validate: Callable[[str], bool] | None = None
    # Whole-match check, e.g. a typo-tolerant cue word in a named group (see `cue_in`).
    check: Callable[[re.Match[str]], bool] | None = None
    # A word every match holds (lower case): a text without it is not searched.
    needs: str | None = None


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
        lowered = text.lower() if any(rule.needs for rule in self.rules) else text
        for rule in self.rules:
            if rule.needs is not None and rule.needs not in lowered:
                continue
            for start, end in accepted(rule, text):
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


def accepted(rule: Rule, text: str) -> list[tuple[int, int]]:
    """Value spans of `rule`'s accepted matches. A rejected match consumes only its first character, so a
    cue word that fails its check ("drove plate XYZ-1234") does not hide the match that follows."""
    spans: list[tuple[int, int]] = []
    position = 0
    while (match := rule.regex.search(text, position)) is not None:
        start, end = value_span(match)
        if rule.check is not None and not rule.check(match):
            # A cue word opening the pattern at a word boundary ("\b(?P<cue>[A-Za-z]+)") holds no other
            # word boundary: no match can start inside it.
            position = match.end(CUE_GROUP) if _STARTS_WITH_CUE_WORD(rule.regex) else match.start() + 1
            continue
        if (
            start == end
            or (rule.validate is not None and not rule.validate(text[start:end]))
            or (rule.context is not None and not has_context(text, start, end, rule))
        ):
            position = match.start() + 1
            continue
        spans.append((start, end))
        position = max(match.end(), match.start() + 1)
    return spans


_LETTER_CLASS = r"\[(?:[A-Za-z]-[A-Za-z]|[A-Za-z])+\](?:\{\d*,?\d*\}|\+|\*|\?)?"
_CUE_WORD_OPENING = re.compile(rf"^(?:\(\?:)?\\b\(\?P<{CUE_GROUP}>(?:{_LETTER_CLASS})+\)")


@lru_cache(maxsize=256)
def _STARTS_WITH_CUE_WORD(regex: re.Pattern[str]) -> bool:  # noqa: N802
    """Whether `regex` opens with a word boundary and a cue group of letters only."""
    return _CUE_WORD_OPENING.match(regex.pattern) is not None


def value_span(match: re.Match[str]) -> tuple[int, int]:
    if VALUE_GROUP in match.re.groupindex and match.group(VALUE_GROUP) is not None:
        return match.span(VALUE_GROUP)
    return match.span()


def has_context(text: str, start: int, end: int, rule: Rule) -> bool:
    assert rule.context is not None
    before = text[max(0, start - rule.window) : start]
    after = text[end : end + rule.window]
    return bool(rule.context.search(before) or rule.context.search(after))


def cue_in(cues: FuzzyWords, group: str = CUE_GROUP) -> Callable[[re.Match[str]], bool]:
    """A `Rule.check` that accepts a match whose `group` is one of `cues`, typos allowed."""

    def check(match: re.Match[str]) -> bool:
        return match.group(group) in cues

    return check


def labelled(label: str, value: str, *, separator: str = r"[\s:：#=]*(?:(?:is|was|是|为)[\s:：#]*)?") -> str:
    """Regex source: `label`, an optional separator, then the `value` group."""
    return rf"(?:{label}){separator}(?P<{VALUE_GROUP}>{value})"

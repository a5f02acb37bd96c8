"""Presidio's phone recognizer without its cost on short digit runs.

`phonenumbers.PhoneNumberMatcher` parses every run of digits it finds ("40 mg", "3.1", "2024") once per
region, then rejects most of them as invalid. A run with fewer letters and digits than the shortest valid
number of any region cannot be valid (a letter counts: vanity numbers map letters to digits), so
`ShortRunSkippingMatcher` moves past it without parsing. Matches, and so results, are the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import phonenumbers
from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, PhoneMetadata, PhoneNumberMatch, PhoneNumberMatcher
from phonenumbers.phonenumbermatcher import _PATTERN, _SECOND_NUMBER_START_PATTERN  # type: ignore[attr-defined]
from phonenumbers.phonenumberutil import NumberParseException
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import PhoneRecognizer


def min_valid_phone_digits(regions: Iterable[str]) -> int:
    """The fewest digits a valid number is written with: a country code plus the shortest number of its
    region (international format), or the shortest national number of a default region's country code."""
    default_codes = {phonenumbers.country_code_for_region(region) for region in regions}
    shortest = []
    for code, region_codes in COUNTRY_CODE_TO_REGION_CODE.items():
        for region in region_codes:
            metadata = PhoneMetadata.metadata_for_region_or_calling_code(code, region)
            if metadata is None or metadata.general_desc is None:
                continue
            lengths = [n for n in metadata.general_desc.possible_length if n > 0]
            if lengths:
                shortest.append(len(str(code)) + min(lengths))
                if code in default_codes:
                    shortest.append(min(lengths))
    return min(shortest)


class ShortRunSkippingMatcher(PhoneNumberMatcher):
    """`PhoneNumberMatcher` whose search (`_find`, as in phonenumbers) skips candidates too short to be valid.

    Only for leniency VALID or stricter, where every match must be a valid number.
    """

    def __init__(self, text: str, region: str, leniency: int, minimum: int) -> None:
        super().__init__(text, region, leniency=leniency)
        self._minimum = minimum

    def _find(self, index: int) -> PhoneNumberMatch | None:
        match = _PATTERN.search(self.text, index)
        while self._max_tries > 0 and match is not None:
            start = match.start()
            candidate = self.text[start : match.end()]
            candidate = self._trim_after_first_match(_SECOND_NUMBER_START_PATTERN, candidate)
            candidate_len = len(candidate)
            if candidate_len >= self._min_candidate_length:
                if sum(ch.isalnum() for ch in candidate) >= self._minimum:
                    found = self._extract_match(candidate, start)
                    if found is not None:
                        return found
                self._max_tries -= 1
            index = start + candidate_len
            match = _PATTERN.search(self.text, index)
        return None


class FastPhoneRecognizer(PhoneRecognizer):
    """`PhoneRecognizer` (same regions, leniency, results) on `ShortRunSkippingMatcher`."""

    def load(self) -> None:  # called by Presidio's constructor
        self._minimum = min_valid_phone_digits(self.supported_regions)

    def matches(self, text: str, region: str) -> Iterator[PhoneNumberMatch]:
        leniency = self.leniency
        if leniency is not None and leniency >= 1:
            return iter(ShortRunSkippingMatcher(text, region, leniency, self._minimum))
        # Lenient (POSSIBLE) matches need not be valid numbers: the stock matcher, as Presidio calls it.
        return iter(PhoneNumberMatcher(text, region, leniency=leniency))  # type: ignore[arg-type]

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for region in self.supported_regions:
            for match in self.matches(text, region):
                try:
                    parsed = phonenumbers.parse(text[match.start : match.end])
                    found_region = phonenumbers.region_code_for_number(parsed)
                except NumberParseException:
                    found_region = region
                results.append(self._get_recognizer_result(match, text, found_region, nlp_artifacts))
        return EntityRecognizer.remove_duplicates(results)

"""What replaces a detected identifier."""

from __future__ import annotations

from typing import Literal, Protocol

from ingest.deid.pseudonym import Pseudonymizer, tag_type

SurrogateStyle = Literal["tag", "fake"]


class Surrogates(Protocol):
    def __call__(self, entity_type: str, value: str) -> str: ...


class TagSurrogates:
    """A typed tag with a keyed pseudonym for every entity.

    Dates get a tag for now. Date-shifting (a per-patient offset that keeps intervals between dates)
    belongs in `date`, the one place that sees every date.
    """

    def __init__(self, pseudonymizer: Pseudonymizer) -> None:
        self.pseudonymizer = pseudonymizer

    def __call__(self, entity_type: str, value: str) -> str:
        if tag_type(entity_type) == "DATE":
            return self.date(value)
        return self.pseudonymizer.tag(entity_type, value)

    def date(self, value: str) -> str:
        return self.pseudonymizer.tag("DATE_TIME", value)


def make_surrogates(style: SurrogateStyle, pseudonymizer: Pseudonymizer) -> Surrogates:
    if style == "tag":
        return TagSurrogates(pseudonymizer)
    if style == "fake":
        raise NotImplementedError(
            "surrogate_style='fake' (realistic fake names, numbers and shifted dates) is not implemented "
            "yet; use surrogate_style='tag'"
        )
    raise ValueError(f"unknown surrogate_style {style!r}; expected 'tag' or 'fake'")

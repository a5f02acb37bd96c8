"""Contact details typed to dodge filters, and prescription numbers.

- E-mail addresses spelled out: "name at gmail dot com", "name [at] yahoo [dot] com", "name(at)web(dot)de",
  addresses with a character no mail host has ("bill@gma!l.com"), and addresses glued to Chinese words.
- Prescription (Rx) numbers after their label: "rx number 2410708", "Rx #: RX-448120", "处方号 2024…".
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from ingest.deid.analyze.clinical_terms import words
from ingest.deid.analyze.recognizers.rule import Rule, RuleRecognizer, labelled

_AT = r"(?:\s*[\[({<]\s*(?i:at)\s*[\])}>]\s*|\s+(?i:at)\s+|\s*(?i:\(at\)|\[at\])\s*)"
_DOT = r"(?:\s*[\[({<]\s*(?i:dot)\s*[\])}>]\s*|\s+(?i:dot)\s+)"
_BRACKET_AT = r"\s*[\[({<]\s*(?i:at)\s*[\])}>]\s*"
_TLD = r"(?i:com|net|org|edu|gov|info|biz|io|me|co|uk|de|fr|nl|fi|se|no|dk|es|it|pl|cn|au|ca|ie|ch|at|be|jp|in)"
_LOCAL = r"[A-Za-z0-9][\w.+-]{0,40}"
_HOST = r"[A-Za-z0-9][\w-]{0,40}"
# "name at gmail dot com": the host is a mail provider, or the separators are bracketed.
MAIL_HOSTS = words(
    """gmail googlemail yahoo ymail hotmail outlook live msn icloud me mac aol protonmail proton gmx web mail
    yandex zoho comcast verizon att sbcglobal btinternet sky virgin bigpond optusnet shaw rogers sympatico
    orange free laposte wanadoo libero qq 163 126 sina sohu foxmail aliyun naver"""
)
_SPELLED = re.compile(
    rf"(?<![\w.+-])(?P<value>(?:{_LOCAL}{_DOT})*(?P<local>{_LOCAL}){_AT}(?P<host>{_HOST})(?:{_DOT}{_HOST})*{_DOT}{_TLD})"
    r"(?![\w-])"
)
_BRACKETED = re.compile(
    rf"(?<![\w.+-])(?P<value>{_LOCAL}{_BRACKET_AT}{_HOST}(?:(?:{_DOT}|\.){_HOST})*(?:{_DOT}|\.){_TLD})(?![\w-])"
)
# "邮箱zhangwei791@qq.com": Presidio's pattern takes the Chinese words into the local part, and after a "?"
# its host check fails; here the local part is ASCII and starts right after a non-ASCII character.
_GLUED = re.compile(
    r"(?<=[^\x00-\x7f])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])"
)
_ODD_HOST = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w.-]*[!#$%&*=?^~|][\w!#$%&*=?^~|.-]*\.[A-Za-z]{2,}\b")


def _spelled_ok(match: re.Match[str]) -> bool:
    local, host = match.group("local"), match.group("host")
    return local.casefold() not in STOP_WORDS and (
        host.casefold() in MAIL_HOSTS or "[" in match.group() or "(" in match.group()
    )


_RX_LABEL = (
    r"\b(?i:rx|prescription|script|refill)\s*(?i:number|num|no\.?|#|id)|\b(?i:rx)\s*[:#]|处方号|处方编号|处方单号"
)
_RX_VALUE = r"[A-Za-z]{0,3}-?\d[\d-]{3,14}\d"


_TYPED_GATE = re.compile(r"(?i:\bdot\b|[\[({<]\s*at\s*[\])}>])")


class TypedEmailRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        rules = [
            Rule("spelled", _SPELLED, 0.8, check=_spelled_ok),
            Rule("bracketed", _BRACKETED, 0.8),
            Rule("odd_host", _ODD_HOST, 0.7),
            Rule("glued", _GLUED, 0.8),
        ]
        super().__init__("EMAIL_ADDRESS", rules, language=language)

    def applies_to(self, text: str) -> bool:
        return "@" in text or _TYPED_GATE.search(text) is not None


class PrescriptionNumberRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        rule = Rule("labelled", re.compile(labelled(_RX_LABEL, _RX_VALUE)), 0.8)
        super().__init__("PRESCRIPTION_NUMBER", [rule], language=language)

    def applies_to(self, text: str) -> bool:
        return _RX_GATE.search(text) is not None


_RX_GATE = re.compile(r"(?i:rx|prescription|script|refill)|处方")

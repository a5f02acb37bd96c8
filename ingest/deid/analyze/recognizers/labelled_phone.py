"""Phone numbers in any national format, recognised by a label next to them.

"Phone: 0490 75 40 81", "call me on 9472 7916", "(37) 788-063-Office", "+41 (0)96 471 07 95 desk".
`phonenumbers` (Presidio's `PhoneRecognizer`) only knows the regions it is asked about; a number with a
phone word beside it needs no region.
"""

from __future__ import annotations

import re

from ingest.deid.analyze.recognizers.rule import Rule, RuleRecognizer

ENTITY = "PHONE_NUMBER"

_NUMBER = re.compile(
    r"(?<![\w+/.-])\+?(?:\(\d{1,4}\)\s?|\d)[\d\s().-]{4,18}\d(?:\s?(?:x|ext\.?)\s?\d{1,5})?(?![\w/-]*\d)"
)
_CONTEXT = re.compile(
    r"(?i:phone|\btel\b|telephone|mobile|\bcell\b|\bfax\b|\bdesk\b|\boffice\b|\bhome\b|\bwork\b|whatsapp|"
    r"\bcall\b|\bcalling\b|\bcalled\b|\btext\b|\bring\b|\bsms\b|messages?\s+to|answering\s+at|reach\s+(?:me|us)|"
    r"\bph\b|\bmob\b|\b(?:my|new|our|his|her|contact|home|work)\s+(?:number|no\.?|#)|电话|手机|座机|联系)"
)


_CN_LABELLED = re.compile(
    r"(?:电话|手机|座机|手机号|电话号码|联系电话|联系方式|联系|打|拨打|拨)\s*(?:号码)?\s*(?:是|为)?\s*[:：]?\s*"
    r"(?P<value>" + _NUMBER.pattern.removeprefix(r"(?<![\w+/.-])") + ")"
)


def _digits_ok(value: str) -> bool:
    digits = sum(ch.isdigit() for ch in value.split("x")[0])
    return 7 <= digits <= 15 and not re.fullmatch(r"(?:19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2}", value.strip())


class LabelledPhoneRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        rules = [
            Rule("labelled", _NUMBER, 0.6, context=_CONTEXT, window=24, validate=_digits_ok),
            # "打010-7109 9352", "座机010-7186 4468", "拨打 8925 0100": a Chinese label right before the number.
            Rule("cn_label", _CN_LABELLED, 0.6, validate=_digits_ok),
        ]
        super().__init__(ENTITY, rules, language=language)

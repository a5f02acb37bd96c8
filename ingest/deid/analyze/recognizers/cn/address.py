"""Chinese addresses: a run of administrative and street components, e.g. 北京市朝阳区建国路88号3栋2单元501室.

A hit needs at least two components, so a lone 社区 / 病区 / 超市 is not an address. Component names may
not contain the characters in `_STOP`, which keeps leading words (我住在, 家在) out of the match.
"""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ingest.deid.analyze.recognizers.rule import RuleRecognizer
from ingest.deid.analyze.routing import has_cjk

ENTITY = "STREET_ADDRESS"

_STOP = "我你他她它们住在是的了家于到从去来和与及或往至近附旁对向今昨明每位现目前回过要想有没也都就还说请把"
_C = rf"(?:(?![{_STOP}])[\u4e00-\u9fff])"
_NUM = r"(?:\d+|[一二三四五六七八九十百零〇两]+)"
_COMPONENTS = (
    ("province", rf"{_C}{{1,7}}?(?:省|自治区|特别行政区)"),
    ("city", rf"{_C}{{1,7}}?(?:市|自治州|地区|盟)"),
    ("district", rf"{_C}{{1,7}}?(?:区|县|旗)"),
    ("town", rf"{_C}{{1,7}}?(?:街道|镇|乡)"),
    ("road", rf"(?:{_C}|\d){{1,10}}?(?:大道|大街|路|街|巷|胡同|弄)(?:{_NUM}段)?"),
    ("number", rf"{_NUM}(?:-{_NUM})?号(?:院)?"),
    ("estate", rf"{_C}{{2,8}}?(?:小区|花园|公寓|大厦|新村|家园|苑|村)"),
    ("building", rf"(?:{_NUM}|[A-Za-z])(?:号楼|栋|幢|座|楼)"),
    ("unit", rf"{_NUM}单元"),
    ("room", rf"{_NUM}(?:室|房|号房)"),
)
_REGEX = re.compile("".join(f"(?P<{name}>{regex})?" for name, regex in _COMPONENTS))
_NAMES = tuple(name for name, _ in _COMPONENTS)
_SUFFIXES = re.compile(r"[省市区县旗镇乡路街巷弄号栋幢座楼室苑村]")
# A component that starts with a numeral or a letter (number, building, unit, room, a road like 3号路) may be
# long; any other starts with a `_C` character and ends with one of `_LAST_CHARS` within _LONGEST_NAMED
# characters (a road of ten characters plus 大道, a province of seven plus 特别行政区). Other positions
# cannot start a match, and the scan skips them.
_LAST_CHARS = "省区市州盟县旗道镇乡路街巷同弄段号院园寓厦村苑楼栋幢座元室房"
_LONGEST_NAMED = 12
_NUMERAL_OR_LETTER = r"[\d一二三四五六七八九十百零〇两A-Za-z]"
_START = re.compile(rf"(?={_NUMERAL_OR_LETTER}|{_C}.{{0,{_LONGEST_NAMED - 2}}}[{_LAST_CHARS}])", re.DOTALL)


class CnAddressRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        super().__init__(ENTITY, [], language=language)

    def applies_to(self, text: str) -> bool:
        return has_cjk(text) and _SUFFIXES.search(text) is not None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if self.entity not in entities or not self.applies_to(text):
            return []
        results = []
        position = 0
        while position < len(text):
            start = _START.search(text, position)
            if start is None:
                break
            position = start.start()
            match = _REGEX.match(text, position)
            if match is None or match.end() == position:
                position += 1
                continue
            parts = sum(match.group(name) is not None for name in _NAMES)
            if match and parts >= 2:
                results.append(self.result(match.start(), match.end(), 0.75, "components"))
                position = match.end()
            else:
                position += 1
        return results

"""Who wrote or is addressed in forum posts: handles, greetings and sign-offs.

Consumer text names people by where they stand, not by capitals: "@hashi_gal", "posted by beachbum_ray",
"发帖人：静静的河", "回复@糖糖妈：", a handle in brackets closing a post; "Hi Bethany,", "Dear crystal,";
sign-offs at the end of a post ("~trevor", "rose xx", "-- greg, norwich", "- mike (@beachbum_ray)",
"jenny | text 8658 0451"). A city after a sign-off or after "near" is a LOCATION unless it is a state,
province or country (Safe Harbor keeps those).
"""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from ingest.deid.analyze.clinical_terms import CN_CLINICAL_TERMS, is_clinical_word, words
from ingest.deid.analyze.recognizers.given_name import MODAL_NAMES, WORD_NAMES
from ingest.deid.analyze.recognizers.regions import is_region
from ingest.deid.analyze.recognizers.rule import RuleRecognizer
from ingest.deid.analyze.routing import has_cjk

# Words that follow "hi", close a post or stand where a name could, without being one.
NOT_NAMES = (
    words(
        """all everyone everybody there guys folks friends team docs doc doctor doctors dr sir madam mam maam
        ladies people again both yall y'all mods moderators experts nurse nurses pharmacist thanks thank thx
        ty tia cheers help pls plz please anyone someone everyone regards bye love hugs xx xo xoxo lol omg
        sorry ok okay yes no hello hi hey dear update edit ps asap urgent quick question advice reading
        post posting answer answered mom mum dad mama papa baby hubby wife husband son daughter all.
        god jesus lord"""
    )
    | STOP_WORDS
)
_NAME = r"[A-Za-z][a-z'’]+(?:-[A-Za-z][a-z]+)?"
_LATIN_HANDLE = r"[A-Za-z0-9_][A-Za-z0-9_.]*[A-Za-z0-9_]"
_ANY_HANDLE = r"[\w\u4e00-\u9fff][\w\u4e00-\u9fff.\-]{0,29}"

_AT_HANDLE = re.compile(r"(?<![A-Za-z0-9_@])@[\w\u4e00-\u9fff][\w\u4e00-\u9fff.\-]{0,29}(?<![.\-])")
_POSTED_BY = re.compile(rf"(?i:\bposted\s+by|\bsubmitted\s+by|\buser(?:name)?)\s*[:：]?\s*(?P<value>@?{_LATIN_HANDLE})")
_CN_POSTED_BY = re.compile(
    r"(?:发帖人|楼主|作者|网名|昵称|用户名|ID)\s*[:：]\s*(?P<value>@?[^\s，,。：:；;！!？?（）()]{1,20})"
)
# A messenger's account id after its name: "加我微信fighting_mom", "微信号：tangtang_94", "my wechat is lily_88",
# "QQ 12345678". WeChat ids start with a letter; QQ numbers are digits. After a Latin label the id needs a digit,
# "_", "." or "-" (an ordinary word may follow "my instagram is").
_MESSENGER = re.compile(
    r"(?P<label>微信号?|(?i:\b(?:wechat|weixin|vx|wx|qq|skype|telegram|kakao(?:talk)?|snapchat|instagram|insta|ig|"
    r"line\s*id)(?:\s*(?:id|号|account|handle))?))"
    r"[ \t]*(?:(?i:is|:)|是|为|[:：])?[ \t]*(?P<value>[A-Za-z][A-Za-z0-9_.-]{3,29}(?<![.-])|\d{5,11})"
    r"(?![A-Za-z0-9_@-])(?!\.[A-Za-z0-9])"
)
_MESSENGER_GATE = re.compile(
    r"微信|(?i:wechat|weixin|\b(?:vx|wx|qq|skype|telegram|kakao|snapchat|insta|ig|line\s*id)\b)"
)
_CN_REPLY = re.compile(r"回复\s*(?P<value>@?[^\s，,。：:；;！!？?@]{1,20})\s*[:：]")
_BRACKETED_AT_END = re.compile(r"[（(]\s*(?P<value>[\w\u4e00-\u9fff][\w\u4e00-\u9fff.\-]{1,19})\s*[）)]\s*$")
_CN_DASH_AT_END = re.compile(r"(?:——|—|--)\s*(?P<value>[^\s—，,。：:；;！!？?]{2,20})\s*$")
_CN_GREETED = re.compile(r"^\s*(?P<value>[^\s，,。：:；;！!？?]{2,12}?)(?:您好|你好)")
# Words that stand before 您好 or close a post without being anyone's handle.
_CN_NOT_HANDLES = words(
    """大家 各位 医生 大夫 老师 亲 您 你 朋友 姐妹 宝妈 宝妈们 群主 楼主 版主 网友 病友 专家 谢谢 先谢谢了
    谢谢大家 谢谢医生 谢谢您 求助 急 在线等"""
)
_CN_PROSE = re.compile(r"建议|参考|以上|仅供|注意|谢谢|请|如果|可以|需要|医生说")
# Hospitals ("浙大一院", "协和医院"), clinics, departments, sites and teams sign answers too; they name no one.
_CN_INSTITUTIONS = re.compile(r"(?:医生|医院|院|医疗|健康|中心|诊所|科|站|网|平台|团队|小组|编辑|客服)$")
# "黄大夫您好": a surname and a title greet a doctor; the surname is a PERSON (the titled-name rule), not a handle.
_CN_TITLED = re.compile(r"(?:大夫|医师|主任|教授|老师|护士|药师)$")

_GREETING = re.compile(rf"(?:^|(?<=[\n.!?]))\s*(?i:hi|hello|hey|dear|hiya)\s+(?P<value>{_NAME})(?=\s*[,!:—-])")
# A sign-off is the last thing in the text (a city, a handle or "xx" may follow).
_SIGN_END = (
    r"(?=\s*(?:[,，]\s*(?P<city>[A-Za-z][a-z]+(?:\s[A-Za-z][a-z]+)?)"
    r"|\s+from\s+(?:the\s+)?[A-Za-z][A-Za-z][a-z]*(?:\s[A-Za-z][a-z]+)?"
    r"|\s*\(@?[\w.]+\)|\s+xx+)?\s*[.!]?\s*$)"
)
_DASH_SIGN = re.compile(rf"(?:^|(?<=\s))(?:--|—|–|-|~)\s*(?P<value>{_NAME})" + _SIGN_END)
_XX_SIGN = re.compile(rf"(?:^|(?<=\s))(?P<value>{_NAME})\s+xx+\s*[.!]?\s*$")
_BAR_SIGN = re.compile(
    rf"(?:^|(?<=\s))(?P<value>{_NAME})\s*\|\s*(?i:text|call|ph|phone|cell|mob|mobile|tel|whatsapp)\b"
)
_NEAR = re.compile(
    r"\b(?i:near|around|outside|in\s+or\s+near)\s+(?P<value>[A-Za-z][a-z]+(?:\s[A-Z][a-z]+)?)"
    r"(?=\s+(?i:pls|please|area)\b|\s*[,.!?]|\s*$)"
)
_GREETING_GATE = re.compile(r"(?i:\b(?:hi|hello|hey|dear|hiya)\s)")
_NEAR_GATE = re.compile(r"\b(?:near|around|outside)\s")
_NOT_PLACES = words("me here there us you home town work school by the a it this that them him her").union(NOT_NAMES)


def _name_ok(value: str) -> bool:
    return all(
        (key := word.casefold()) in WORD_NAMES or (key not in NOT_NAMES and not is_clinical_word(key))
        for word in value.split()
    )


def _opens_line(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip()


def _place_ok(value: str) -> bool:
    return (
        not is_region(value)
        and all(word.casefold() not in _NOT_PLACES for word in value.split())
        and not is_clinical_word(value.casefold())
    )


def _handle_ok(value: str) -> bool:
    bare = value.lstrip("@")
    if not bare or bare in _CN_NOT_HANDLES or bare in CN_CLINICAL_TERMS:
        return False
    if has_cjk(bare):
        return (
            len(bare) <= 10
            and _CN_INSTITUTIONS.search(bare) is None
            and _CN_PROSE.search(bare) is None
            and _CN_TITLED.search(bare) is None
        )
    return not is_clinical_word(bare.casefold()) and bare.casefold() not in NOT_NAMES


class HandleRecognizer(RuleRecognizer):
    """USERNAME: @mentions (the "@" included), "posted by …", "发帖人：…", "回复…：", a handle closing a post, a
    messenger's id ("微信号：tangtang_94")."""

    def __init__(self, language: str) -> None:
        super().__init__("USERNAME", [], language=language)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if self.entity not in entities:
            return []
        spans: list[tuple[int, int, float, str]] = []
        if "@" in text:
            spans += [(*m.span(), 0.8, "at") for m in _AT_HANDLE.finditer(text) if _handle_ok(m.group())]
        if _MESSENGER_GATE.search(text) is not None:
            for m in _MESSENGER.finditer(text):
                value = m.group("value")
                label = m.group("label").casefold()
                if value.isdigit() and not label.startswith("qq"):
                    continue  # only QQ numbers are all digits
                marked = has_cjk(label) or any(c.isdigit() or c in "_.-" for c in value)
                if marked and _handle_ok(value):
                    spans.append((*m.span("value"), 0.75, "messenger"))
        for rule, regex, score in (
            ("posted_by", _POSTED_BY, 0.8),
            ("cn_posted_by", _CN_POSTED_BY, 0.85),
            ("cn_reply", _CN_REPLY, 0.8),
            ("bracketed_at_end", _BRACKETED_AT_END, 0.7),
            ("cn_dash_at_end", _CN_DASH_AT_END, 0.7),
            ("cn_greeted", _CN_GREETED, 0.7),
        ):
            if rule.startswith("cn_") and not has_cjk(text):
                continue
            for m in regex.finditer(text):
                value = m.group("value")
                handle_like = has_cjk(value) or "_" in value or any(c.isdigit() for c in value)
                if rule == "bracketed_at_end" and not handle_like and not has_cjk(text):
                    continue
                if rule in ("cn_dash_at_end", "cn_greeted") and not has_cjk(value) and "_" not in value:
                    continue
                if _handle_ok(value):
                    spans.append((*m.span("value"), score, rule))
        return [self.result(start, end, score, rule) for start, end, score, rule in spans]


class SignOffRecognizer(RuleRecognizer):
    """PERSON in greetings and sign-offs; LOCATION for the city after a sign-off or "near"."""

    def __init__(self, language: str) -> None:
        super().__init__("PERSON", [], language=language)
        self.supported_entities = ["PERSON", "LOCATION"]

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if "PERSON" not in entities:
            return []
        out: list[RecognizerResult] = []
        lowered = text.lower()
        for rule, regex, wanted in (
            ("greeting", _GREETING, _GREETING_GATE.search(text) is not None),
            ("dash_sign", _DASH_SIGN, any(mark in text for mark in "-~—–")),
            ("xx_sign", _XX_SIGN, "xx" in lowered),
            ("bar_sign", _BAR_SIGN, "|" in text),
        ):
            if not wanted:
                continue
            for m in regex.finditer(text):
                if not _name_ok(m.group("value")):
                    continue
                if (
                    rule == "bar_sign"
                    and m.group("value").casefold() in MODAL_NAMES
                    and not _opens_line(text, m.start())
                ):
                    continue  # "i will | call …"
                out.append(self.result(*m.span("value"), 0.75, rule))
                city = m.groupdict().get("city")
                if city and _place_ok(city):
                    out.append(self._location(*m.span("city"), rule))
        for m in _NEAR.finditer(text) if _NEAR_GATE.search(lowered) else ():
            if _place_ok(m.group("value")):
                out.append(self._location(*m.span("value"), "near"))
        return out

    def _location(self, start: int, end: int, rule: str) -> RecognizerResult:
        result = self.result(start, end, 0.7, rule)
        result.entity_type = "LOCATION"
        return result

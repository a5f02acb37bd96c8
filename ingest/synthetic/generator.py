"""Seeded, reproducible synthetic production signals of a medical assistant (English and Chinese).

Each generated event is a JSON-ready dict that validates against :class:`ingest.event.SignalEvent`, carries
its true failure mode in ``TRUTH_FIELD`` (dropped by the contract, read only by tests and benchmarks), and
plants fake identifiers (names, phones, MRNs, SSNs, 居民身份证号, addresses ...) whose exact strings are
listed in :attr:`GeneratedEvent.planted`, so de-identification can be checked end to end.

All identifiers are invented: US phone numbers use the 555-01xx fictional range, e-mails use the reserved
example.* domains, and names are drawn from small pools of common names.
"""

from __future__ import annotations

import json
import random
import re
import string
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

TRUTH_FIELD = "x_true_failure_mode"

Templates = tuple[str, ...]
Scenario = Mapping[str, str | tuple[str, ...]]

_DATA = Path(__file__).resolve().parent / "data"


def _tuples(value: Any) -> Any:
    """JSON lists back into the tuples the tables are written with."""
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    if isinstance(value, dict):
        return {k: _tuples(v) for k, v in value.items()}
    return value


def _load(name: str) -> Any:
    """A scenario or template table from `data/<name>.json`."""
    return _tuples(json.loads((_DATA / f"{name}.json").read_text(encoding="utf-8")))


_Weights = Mapping[str, float]

_DEFAULT_START = datetime(2026, 10, 1, tzinfo=UTC)
_WINDOW = timedelta(days=28)
_CN_TZ = timezone(timedelta(hours=8))
_CLINICIAN_TAG = "C|"


@dataclass(frozen=True)
class GeneratedEvent:
    """One synthetic signal: the event dict, its true failure mode and the identifiers planted in it."""

    event: dict[str, Any]
    failure_mode: str
    planted: tuple[str, ...]


@dataclass(frozen=True)
class _Mode:
    name: str
    weight: float
    kinds: _Weights
    roles: _Weights
    sex: str | None = None
    ages: tuple[int, int] = (19, 89)
    tool: bool = False


_MODES: tuple[_Mode, ...] = (
    _Mode(
        "missed_red_flag",
        0.13,
        {"bad_case": 0.35, "follow_up": 0.25, "correction": 0.25, "low_confidence": 0.15},
        {"physician": 0.7, "nurse": 0.3},
    ),
    _Mode(
        "wrong_dose_unit",
        0.13,
        {"correction": 0.45, "bad_case": 0.2, "follow_up": 0.2, "low_confidence": 0.15},
        {"pharmacist": 0.6, "physician": 0.25, "nurse": 0.15},
    ),
    _Mode(
        "missed_drug_interaction",
        0.14,
        {"correction": 0.4, "bad_case": 0.2, "follow_up": 0.2, "low_confidence": 0.2},
        {"pharmacist": 0.7, "physician": 0.3},
    ),
    _Mode(
        "lab_ocr_timeout",
        0.13,
        {"tool_error": 0.8, "bad_case": 0.1, "low_confidence": 0.1},
        {},
        tool=True,
    ),
    _Mode(
        "evidence_retrieval_5xx",
        0.11,
        {"tool_error": 0.8, "low_confidence": 0.12, "bad_case": 0.08},
        {},
        tool=True,
    ),
    _Mode(
        "lost_followup_context",
        0.13,
        {"follow_up": 0.55, "correction": 0.25, "bad_case": 0.2},
        {"physician": 0.5, "nurse": 0.3, "pharmacist": 0.2},
    ),
    _Mode(
        "hallucinated_citation",
        0.12,
        {"correction": 0.4, "bad_case": 0.25, "low_confidence": 0.2, "follow_up": 0.15},
        {"physician": 0.85, "pharmacist": 0.15},
    ),
    _Mode(
        "pregnancy_contraindication",
        0.11,
        {"correction": 0.35, "bad_case": 0.3, "follow_up": 0.2, "low_confidence": 0.15},
        {"physician": 0.6, "pharmacist": 0.4},
        sex="f",
        ages=(20, 42),
    ),
)

FAILURE_MODES: tuple[str, ...] = tuple(m.name for m in _MODES)

_MODEL_VERSIONS = ("medassist-2026.09.4", "medassist-2026.10.1", "medassist-2026.10.2")

# Slot names whose values are identifiers; templates using them are skipped for identifier-free events.
_ID_SLOTS = frozenset({"patient", "caller", "doc", "phone", "email", "ssn", "idno", "mrn", "dob", "addr"})
_GENERIC_SLOTS = frozenset(
    {"age", "sexab", "rel", "onset", "hours", "days", "weeks", "weight", "visit_date", "first_q", "first_a"}
)
_TOOL_SLOTS = frozenset(
    {"tool", "secs", "file", "pages", "n", "ms", "report", "job", "size", "host", "q", "req", "query"}
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """``"秀英:xiuying 桂兰:guilan"`` -> ``(("秀英", "xiuying"), ("桂兰", "guilan"))``."""
    return tuple((a, b) for a, _, b in (word.partition(":") for word in text.split()))


# ----------------------------------------------------------------------------------------------------
# Identifier pools (all fake)
# ----------------------------------------------------------------------------------------------------

_EN_FIRST_F = _words(
    "Emily Margaret Priya Deborah Tatiana Ingrid Lucinda Harriet Yolanda Beatrice Marisol Agnieszka "
    "Siobhan Danielle Rosalind Fernanda Claudette Henrietta Lakshmi Gwendolyn"
)
_EN_FIRST_M = _words(
    "Harold Tomasz Desmond Raymond Gregory Leopold Anand Cornelius Thaddeus Malcolm Rafael Dmitri "
    "Oluwaseun Kenji Benedict Gustavo Reginald Ignatius Bartholomew Ezekiel"
)
_EN_LAST = _words(
    "Carter Whitfield Okafor Lindqvist Brennan Nakamura Castellanos Hargreaves Kowalczyk Abernathy "
    "Delacroix Fitzgerald Ramaswamy Oyelaran Thibodeaux Vandermeer Gallagher Szymanski Mendelsohn "
    "Quintero Haddad Petrakis"
)
_EN_CLIN_FIRST = _words("Maria Anand Lucia Samuel Noor Patrick Helena Viktor Aisha Jonah")
_EN_CLIN_LAST = _words(
    "Feldstein Okonkwo Lindgren Achterberg Ibekwe Ferreira Takahashi Kovalenko Abernethy Moreau Vasquez-Reyes Sandoval"
)
_EN_STREETS = _words("Oak Maple Cedar Willow Linden Juniper Magnolia Sycamore Hawthorne Chestnut Birchwood Larkspur")
_EN_STREET_TYPES = _words("Street Avenue Lane Drive Court Road")
_EN_CITIES = (
    ("Springfield", "IL", "627"),
    ("Riverton", "WY", "825"),
    ("Fairview", "OR", "970"),
    ("Brookfield", "WI", "530"),
    ("Lakewood", "CO", "802"),
    ("Maplewood", "NJ", "070"),
    ("Ashland", "KY", "411"),
    ("Milford", "CT", "064"),
    ("Georgetown", "TX", "786"),
)
_EN_AREA_CODES = _words("415 312 617 206 512 303 718 919 503 614 412 804")
_MONTHS = _words("January February March April May June July August September October November December")

_ZH_SURNAMES = _pairs(
    "张:zhang 王:wang 李:li 刘:liu 陈:chen 杨:yang 黄:huang 赵:zhao 吴:wu 周:zhou 徐:xu 孙:sun 马:ma "
    "朱:zhu 胡:hu 郭:guo 何:he 林:lin 罗:luo 郑:zheng"
)
# Given names follow the generation of the person: older patients get older-style names.
_ZH_GIVEN_OLD_F = _pairs(
    "秀英:xiuying 桂兰:guilan 淑珍:shuzhen 玉兰:yulan 凤英:fengying 秀兰:xiulan 雪梅:xuemei 丽华:lihua"
)
_ZH_GIVEN_OLD_M = _pairs(
    "建国:jianguo 建华:jianhua 志强:zhiqiang 国强:guoqiang 振华:zhenhua 德明:deming 文斌:wenbin 永福:yongfu"
)
_ZH_GIVEN_NEW_F = _pairs(
    "婷婷:tingting 晓燕:xiaoyan 佳怡:jiayi 思琪:siqi 雨桐:yutong 欣怡:xinyi 梦瑶:mengyao 静雯:jingwen"
)
_ZH_GIVEN_NEW_M = _pairs("伟:wei 浩然:haoran 子轩:zixuan 俊杰:junjie 宇航:yuhang 海涛:haitao 博文:bowen 志鹏:zhipeng")
_ZH_REGIONS = (
    ("北京市朝阳区", "110105", ("建国路", "朝阳北路", "望京街", "酒仙桥路")),
    ("北京市海淀区", "110108", ("中关村大街", "学院路", "西三环北路")),
    ("上海市浦东新区", "310115", ("张杨路", "世纪大道", "东方路")),
    ("上海市徐汇区", "310104", ("漕溪北路", "天钥桥路", "肇嘉浜路")),
    ("广东省广州市天河区", "440106", ("天河路", "体育西路", "中山大道西")),
    ("广东省深圳市南山区", "440305", ("科技园南路", "南海大道", "后海大道")),
    ("浙江省杭州市西湖区", "330106", ("文三路", "天目山路", "古墩路")),
    ("四川省成都市武侯区", "510107", ("人民南路四段", "武侯祠大街", "科华北路")),
    ("湖北省武汉市武昌区", "420106", ("中山路", "武珞路", "和平大道")),
    ("江苏省南京市鼓楼区", "320106", ("中山北路", "湖南路", "汉中门大街")),
    ("陕西省西安市雁塔区", "610113", ("长安南路", "小寨东路", "雁塔路")),
    ("山东省济南市历下区", "370102", ("经十路", "泉城路", "解放路")),
)
_ZH_MOBILE_PREFIXES = _words(
    "133 135 136 137 138 139 150 151 152 155 158 159 166 177 180 182 185 186 187 188 189 191 199"
)
_CN_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CN_ID_CHECK = "10X98765432"


def cn_id_check_char(body17: str) -> str:
    """ISO 7064 MOD 11-2 check character of the first 17 digits of a 居民身份证 number."""
    if len(body17) != 17 or not body17.isdigit():
        raise ValueError(f"expected 17 digits, got {body17!r}")
    return _CN_ID_CHECK[sum(int(c) * w for c, w in zip(body17, _CN_ID_WEIGHTS, strict=True)) % 11]


# ----------------------------------------------------------------------------------------------------
# Common conversational pieces, per language. Keys: style "self" (the patient writes), "proxy" (a relative
# writes: the template mentions {rel}), "clin" (a clinician writes: the template is tagged C|).
# ----------------------------------------------------------------------------------------------------

_COMMON: dict[str, dict[str, Templates]] = _load("common")

_EN_REL: dict[str, dict[str, tuple[str, ...]]] = {
    "young": {"m": ("son", "brother"), "f": ("daughter", "sister")},
    "mid": {"m": ("husband", "brother"), "f": ("wife", "sister")},
    "old": {"m": ("father", "dad", "husband"), "f": ("mother", "mom", "wife")},
    "oldest": {"m": ("grandpa", "father", "dad"), "f": ("grandma", "mother", "mom")},
}
_ZH_REL: dict[str, dict[str, tuple[str, ...]]] = {
    "young": {"m": ("儿子", "弟弟"), "f": ("女儿", "妹妹")},
    "mid": {"m": ("老公", "哥哥"), "f": ("老婆", "姐姐")},
    "old": {"m": ("爸爸", "父亲", "老伴"), "f": ("妈妈", "母亲", "老伴")},
    "oldest": {"m": ("爷爷", "爸爸", "外公"), "f": ("奶奶", "妈妈", "外婆")},
}
_EN_SEXAB: dict[str, tuple[str, ...]] = {"m": ("M", "yo M", " y/o male"), "f": ("F", "yo F", " y/o female")}
_ZH_SEXAB: dict[str, tuple[str, ...]] = {"m": ("男性", "男"), "f": ("女性", "女")}

_FIRST_VISIT: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (
        ("a mild cold", "rest, fluids and a saline nasal spray should help"),
        ("trouble sleeping", "a regular sleep schedule and no screens before bed usually help"),
        ("seasonal allergies", "a non-drowsy antihistamine such as loratadine is a reasonable option"),
    ),
    "zh": (
        ("有点感冒", "多休息、多喝水，可以用生理盐水洗鼻"),
        ("睡不好觉", "规律作息、睡前别看手机通常会有帮助"),
        ("季节性过敏犯了", "可以考虑氯雷他定这类不犯困的抗组胺药"),
    ),
}

_TOOLS = {
    "lab_ocr_timeout": ("lab_report_ocr", "ocr.extract_lab_values", "lab_vision_reader"),
    "evidence_retrieval_5xx": ("guideline_search", "evidence_retrieval", "pubmed_search"),
}
_EVIDENCE_HOSTS = ("guideline-index.internal", "evidence-api.svc.cluster.local", "kb-search.medassist.internal")


# ----------------------------------------------------------------------------------------------------
# Per-mode texts. Parts: user (first user message), answer (the failed answer), feedback (bad_case),
# correction, followup (the follow-up user turn), prior (lost_followup_context: the earlier, correct
# answer), error (tool modes). Templates tagged C| are written by a clinician.
# ----------------------------------------------------------------------------------------------------

_EN_SCENARIOS: dict[str, tuple[Scenario, ...]] = _load("en_scenarios")

_EN_TEXT: dict[str, dict[str, Templates]] = _load("en_text")

_ZH_SCENARIOS: dict[str, tuple[Scenario, ...]] = _load("zh_scenarios")

_ZH_TEXT: dict[str, dict[str, Templates]] = _load("zh_text")

_TEXT: dict[str, dict[str, dict[str, Templates]]] = {"en": _EN_TEXT, "zh": _ZH_TEXT}
_SCENARIOS: dict[str, dict[str, tuple[Scenario, ...]]] = {"en": _EN_SCENARIOS, "zh": _ZH_SCENARIOS}


# ----------------------------------------------------------------------------------------------------
# Engine
# ----------------------------------------------------------------------------------------------------

_MODE_CUM = tuple(sum(m.weight for m in _MODES[: i + 1]) for i in range(len(_MODES)))
# Local hour-of-day activity (users write more in the day and evening than at night).
_HOUR_WEIGHTS = (1, 1, 1, 1, 1, 1, 2, 4, 6, 7, 7, 7, 6, 6, 6, 6, 6, 6, 7, 8, 8, 6, 4, 2)
_HOUR_CUM = tuple(sum(_HOUR_WEIGHTS[: i + 1]) for i in range(24))
_UTC_OFFSET_HOURS = {"en": -5, "zh": 8}
_IDS_SHARE = 0.9
_WORD = re.compile(r"[A-Za-z]{5,}")

_Maker = Callable[[], tuple[str, tuple[str, ...]]]


@dataclass(frozen=True)
class _Persona:
    sex: str
    age: int
    given: str
    family: str
    given_latin: str
    family_latin: str
    dob: date
    region: int

    def name(self, lang: str) -> str:
        return f"{self.family}{self.given}" if lang == "zh" else f"{self.given} {self.family}"


class _Slots(dict[str, str]):
    """Template slots; an identifier slot is drawn on first use and recorded as planted."""

    def __init__(self, maker: Callable[[str], tuple[str, tuple[str, ...]]]) -> None:
        super().__init__()
        self._maker = maker
        self.planted: list[str] = []

    def __missing__(self, key: str) -> str:
        if key not in _ID_SLOTS:
            raise KeyError(f"template slot {key!r} has no value for this scenario")
        value, planted = self._maker(key)
        self[key] = value
        self.plant(*planted)
        return value

    def plant(self, *values: str) -> None:
        self.planted.extend(v for v in values if v not in self.planted)


class _Identities:
    """Draws the fake identifiers of one event, consistent with its persona."""

    def __init__(self, rng: random.Random, lang: str, persona: _Persona) -> None:
        self.rng = rng
        self.lang = lang
        self.p = persona
        self._makers: dict[str, _Maker] = {
            "patient": self._patient,
            "caller": self._caller,
            "doc": self._doc,
            "phone": self._phone,
            "email": self._email,
            "ssn": self._ssn,
            "idno": self._idno,
            "mrn": self._mrn,
            "dob": self._dob,
            "addr": self._addr,
        }

    def __call__(self, key: str) -> tuple[str, tuple[str, ...]]:
        return self._makers[key]()

    def _patient(self) -> tuple[str, tuple[str, ...]]:
        name = self.p.name(self.lang)
        return name, (name,)

    def _caller(self) -> tuple[str, tuple[str, ...]]:
        rng = self.rng
        if self.lang == "zh":
            family = rng.choice(_ZH_SURNAMES)[0]
            name = family + rng.choice(_ZH_GIVEN_NEW_F + _ZH_GIVEN_NEW_M + _ZH_GIVEN_OLD_F)[0]
        else:
            given = rng.choice([g for g in _EN_FIRST_F + _EN_FIRST_M if g != self.p.given])
            name = f"{given} {self.p.family if rng.random() < 0.7 else rng.choice(_EN_LAST)}"
        return name, (name,)

    def _doc(self) -> tuple[str, tuple[str, ...]]:
        name = _clinician_name(self.rng, self.lang, full=self.lang == "zh" or self.rng.random() < 0.5)
        return (name, (name,)) if self.lang == "zh" else (f"Dr. {name}", (name,))

    def _phone(self) -> tuple[str, tuple[str, ...]]:
        rng = self.rng
        if self.lang == "zh":
            a, b = rng.choice(_ZH_MOBILE_PREFIXES), f"{rng.randrange(10**8):08d}"
            fmt = rng.choices(
                (f"{a}{b}", f"{a}-{b[:4]}-{b[4:]}", f"{a} {b[:4]} {b[4:]}", f"+86 {a} {b[:4]} {b[4:]}"),
                weights=(6, 2, 1, 1),
            )[0]
            return fmt, (fmt,)
        area, line = rng.choice(_EN_AREA_CODES), f"01{rng.randrange(100):02d}"
        fmt = rng.choice((f"({area}) 555-{line}", f"{area}-555-{line}", f"{area}.555.{line}", f"+1 {area} 555 {line}"))
        return fmt, (fmt,)

    def _email(self) -> tuple[str, tuple[str, ...]]:
        g, f, yy = self.p.given_latin, self.p.family_latin, f"{self.p.dob.year % 100:02d}"
        email = self.rng.choice(
            (
                f"{g}.{f}{yy}@example.com",
                f"{g[0]}{f}@example.org",
                f"{f}.{g}@mail.example.net",
                f"{f}{g}{yy}@example.com",
            )
        ).lower()
        return email, (email,)

    def _ssn(self) -> tuple[str, tuple[str, ...]]:
        rng = self.rng
        area = rng.randint(101, 899)
        area += area == 666  # never issued
        sep = "-" if rng.random() < 0.85 else " "
        ssn = f"{area:03d}{sep}{rng.randint(10, 99):02d}{sep}{rng.randint(1000, 9999):04d}"
        return ssn, (ssn,)

    def _idno(self) -> tuple[str, tuple[str, ...]]:
        value = cn_id_number(self.rng, _ZH_REGIONS[self.p.region][1], self.p.dob, female=self.p.sex == "f")
        return value, (value,)

    def _mrn(self) -> tuple[str, tuple[str, ...]]:
        digits = self.rng.randint(8, 10) if self.lang == "zh" else self.rng.randint(7, 8)
        mrn = str(self.rng.randrange(10 ** (digits - 1), 10**digits))
        return mrn, (mrn,)

    def _dob(self) -> tuple[str, tuple[str, ...]]:
        d = self.p.dob
        if self.lang == "zh":
            options = (
                f"{d.year}年{d.month}月{d.day}日",
                f"{d.year}-{d.month:02d}-{d.day:02d}",
                f"{d.year}.{d.month:02d}.{d.day:02d}",
            )
        else:
            options = (
                f"{d.month:02d}/{d.day:02d}/{d.year}",
                f"{d.year}-{d.month:02d}-{d.day:02d}",
                f"{_MONTHS[d.month - 1]} {d.day}, {d.year}",
            )
        value = self.rng.choice(options)
        return value, (value,)

    def _addr(self) -> tuple[str, tuple[str, ...]]:
        rng = self.rng
        if self.lang == "zh":
            prefix, _, roads = _ZH_REGIONS[self.p.region if rng.random() < 0.7 else rng.randrange(len(_ZH_REGIONS))]
            unit = rng.choice(("单元", "栋", "号楼"))
            addr = (
                f"{prefix}{rng.choice(roads)}{rng.randint(1, 399)}号{rng.randint(1, 12)}{unit}"
                f"{rng.randint(1, 28)}{rng.randint(1, 4):02d}室"
            )
            return addr, (addr,)
        city, state, zip3 = rng.choice(_EN_CITIES)
        addr = f"{rng.randint(12, 9870)} {rng.choice(_EN_STREETS)} {rng.choice(_EN_STREET_TYPES)}"
        if rng.random() < 0.3:
            addr += f", Apt {rng.randint(1, 24)}{rng.choice('ABCD')}"
        addr += f", {city}"
        if rng.random() < 0.5:
            addr += f", {state} {zip3}{rng.randrange(100):02d}"
        return addr, (addr,)


def cn_id_number(rng: random.Random, region: str, dob: date, *, female: bool) -> str:
    """A fake 18-digit 居民身份证 number: region, birth date, sequence (odd for men) and a valid check char."""
    seq = rng.randrange(0, 1000)
    if (seq % 2 == 1) == female:
        seq = (seq + 1) % 1000
    body = f"{region}{dob:%Y%m%d}{seq:03d}"
    return body + cn_id_check_char(body)


def _clinician_name(rng: random.Random, lang: str, *, full: bool = True) -> str:
    """A fake clinician: a Chinese full name, or an English surname with or without the given name."""
    if lang == "zh":
        return rng.choice(_ZH_SURNAMES)[0] + rng.choice(_ZH_GIVEN_OLD_M + _ZH_GIVEN_NEW_F + _ZH_GIVEN_NEW_M)[0]
    last = rng.choice(_EN_CLIN_LAST)
    return f"{rng.choice(_EN_CLIN_FIRST)} {last}" if full else last


def _make_persona(rng: random.Random, lang: str, mode: _Mode, today: date) -> _Persona:
    sex = mode.sex or rng.choice("mf")
    age = rng.randint(*mode.ages)
    dob = today - timedelta(days=int(age * 365.25) + rng.randrange(1, 364))
    if lang == "zh":
        family, family_latin = rng.choice(_ZH_SURNAMES)
        pools = {
            ("f", True): _ZH_GIVEN_OLD_F,
            ("m", True): _ZH_GIVEN_OLD_M,
            ("f", False): _ZH_GIVEN_NEW_F,
            ("m", False): _ZH_GIVEN_NEW_M,
        }
        given, given_latin = rng.choice(pools[(sex, age >= 50)])
    else:
        given = rng.choice(_EN_FIRST_F if sex == "f" else _EN_FIRST_M)
        family = rng.choice(_EN_LAST)
        given_latin, family_latin = given, family
    return _Persona(sex, age, given, family, given_latin, family_latin, dob, rng.randrange(len(_ZH_REGIONS)))


@dataclass
class _Ctx:
    rng: random.Random
    lang: str
    mode: _Mode
    kind: str
    with_ids: bool
    persona: _Persona
    when: datetime
    slots: _Slots
    error: str = ""

    @property
    def text(self) -> dict[str, Templates]:
        return _TEXT[self.lang][self.mode.name]

    @property
    def common(self) -> dict[str, Templates]:
        return _COMMON[self.lang]


@lru_cache(maxsize=4096)
def template_slots(template: str) -> frozenset[str]:
    """The slot names a template uses."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def _pick(ctx: _Ctx, templates: Templates, *, clinician: bool | None = None) -> str:
    pool = [t for t in templates if ctx.with_ids or not template_slots(t) & _ID_SLOTS]
    if clinician is not None:
        pool = [t for t in pool if t.startswith(_CLINICIAN_TAG) == clinician] or pool
    return ctx.rng.choice(pool or list(templates))


def _render(ctx: _Ctx, template: str, *, capitalize: bool = False) -> str:
    text = template.removeprefix(_CLINICIAN_TAG).format_map(ctx.slots)
    return text[:1].upper() + text[1:] if capitalize and ctx.lang == "en" else text


def _protected_spans(text: str, protect: Iterable[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for p in protect:
        i = text.find(p)
        while i != -1:
            spans.append((i, i + len(p)))
            i = text.find(p, i + len(p))
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _outside(text: str, protect: Iterable[str], fn: Callable[[str], str]) -> str:
    """Apply ``fn`` to the parts of ``text`` that are not protected strings."""
    parts, pos = [], 0
    for a, b in _protected_spans(text, protect):
        parts += [fn(text[pos:a]), text[a:b]]
        pos = b
    parts.append(fn(text[pos:]))
    return "".join(parts)


def _typo(rng: random.Random, text: str, protect: Iterable[str]) -> str:
    spans = _protected_spans(text, protect)
    words = [m for m in _WORD.finditer(text) if not any(a < m.end() and m.start() < b for a, b in spans)]
    if not words:
        return text
    m = rng.choice(words)
    w, i = m.group(), rng.randrange(1, len(m.group()) - 2)
    op = rng.random()
    if op < 0.5:
        w = w[:i] + w[i + 1] + w[i] + w[i + 2 :]
    elif op < 0.8:
        w = w[:i] + w[i + 1 :]
    else:
        w = w[:i] + w[i] + w[i:]
    return text[: m.start()] + w + text[m.end() :]


def _casual(ctx: _Ctx, text: str) -> str:
    """Patient-style writing: lowercase, typos, dropped apostrophes, run-on sentences."""
    rng, protect = ctx.rng, ctx.slots.planted
    if ctx.lang == "zh":
        if rng.random() < 0.25:
            text = _outside(text[:-1], protect, lambda t: t.replace("。", "，")) + text[-1:]
        if rng.random() < 0.2:
            text = text.rstrip("。？！") + rng.choice(("", "，急", "，在线等", "，谢谢！！", "！急急急"))
        return text
    if rng.random() < 0.3:
        text = _outside(text, protect, str.lower)
    if rng.random() < 0.25:
        text = _typo(rng, text, protect)
    if rng.random() < 0.15:
        text = _outside(text, protect, lambda t: t.replace("'", ""))
    return text


def _end_sentence(lang: str, text: str) -> str:
    """``text`` ending in sentence punctuation, so another sentence can follow."""
    if text[-1:].isalnum() or text[-1:] == ")":
        return text + ("。" if lang == "zh" else ".")
    return text


def _fill_slots(ctx: _Ctx, scenario: Scenario) -> None:
    rng, s, p = ctx.rng, ctx.slots, ctx.persona
    en = ctx.lang == "en"
    bucket = "young" if p.age < 35 else "mid" if p.age < 60 else "old" if p.age < 75 else "oldest"
    s["age"] = str(p.age)
    s["sexab"] = rng.choice((_EN_SEXAB if en else _ZH_SEXAB)[p.sex])
    s["rel"] = rng.choice((_EN_REL if en else _ZH_REL)[bucket][p.sex])
    s["onset"] = rng.choice(ctx.common["onset"])
    s["hours"] = str(rng.randint(2, 12))
    s["days"] = str(rng.randint(3, 14))
    s["weight"] = str(rng.randint(48, 118))
    lo, hi = str(scenario.get("_weeks", "6-36")).split("-")
    s["weeks"] = str(rng.randint(int(lo), int(hi)))
    visit = ctx.when.date() - timedelta(days=int(s["days"]))
    s["visit_date"] = f"{visit:%b} {visit.day}" if en else f"{visit.month}月{visit.day}日"
    for key, value in scenario.items():
        if not key.startswith("_"):
            s[key] = value if isinstance(value, str) else rng.choice(value)
    if ctx.mode.name == "lost_followup_context":
        s["first_q"], s["first_a"] = rng.choice(_FIRST_VISIT[ctx.lang])
    if ctx.mode.tool:
        _fill_tool_slots(ctx)


def _fill_tool_slots(ctx: _Ctx) -> None:
    rng, s = ctx.rng, ctx.slots
    secs = rng.choice((30, 45, 60, 90, 120))
    s["tool"] = rng.choice(_TOOLS[ctx.mode.name])
    s["secs"], s["ms"] = str(secs), str(secs * 1000 + rng.randrange(1, 999))
    s["pages"], s["n"] = str(rng.randint(1, 6)), str(rng.randint(0, 7))
    s["report"] = f"LR-{ctx.when:%Y%m%d}-{rng.randrange(10000):04d}"
    s["job"], s["req"] = f"{rng.getrandbits(32):08x}", f"{rng.getrandbits(48):012x}"
    s["size"] = f"{rng.uniform(0.4, 18.0):.1f}"
    s["host"] = rng.choice(_EVIDENCE_HOSTS)
    s["query"] = s.get("topic") or s["lab"]
    s["q"] = quote_plus(s["query"])
    s["file"] = _file_name(ctx)


def _file_name(ctx: _Ctx) -> str:
    rng, p = ctx.rng, ctx.persona
    day = ctx.when - timedelta(days=rng.randint(0, 10))
    ext = rng.choice(("jpg", "pdf", "png", "heic"))
    if ctx.with_ids and "slug" in ctx.slots and rng.random() < 0.6:
        if ctx.lang == "zh":
            name = f"{ctx.slots['slug']}_{p.name('zh')}_{day:%Y%m%d}.{ext}"
        else:
            name = f"{ctx.slots['slug']}_{p.given.lower()}_{p.family.lower()}_{day:%Y%m%d}.{ext}"
        ctx.slots.plant(name)
        return name
    return rng.choice(
        (
            f"IMG_{day:%Y%m%d}_{rng.randrange(240000):06d}.{ext}",
            f"scan_{rng.randrange(10000):04d}.{ext}",
            f"upload_{rng.getrandbits(24):06x}.{ext}",
        )
    )


def _opening(ctx: _Ctx, *, allow_intro: bool, clinician: bool | None) -> tuple[list[dict[str, str]], str]:
    """The first user message (and its style), with identifiers as a prefix, a suffix or an introduction turn."""
    rng, common = ctx.rng, ctx.common
    template = _pick(ctx, ctx.text["user"], clinician=clinician)
    style = "clin" if template.startswith(_CLINICIAN_TAG) else "proxy" if "{rel}" in template else "self"
    body = _render(ctx, template)
    prefix = suffix = intro = ""
    if ctx.with_ids:
        r = rng.random()
        if r < 0.25 and allow_intro:
            intro = _render(ctx, rng.choice(common[f"prefix_{style}"])).strip()
        elif r < 0.55 or r >= 0.85:
            prefix = _render(ctx, rng.choice(common[f"prefix_{style}"]))
        if r >= 0.55:
            suffix = _render(ctx, rng.choice(common["suffix_clin" if style == "clin" else "suffix_self"]))
    text = prefix + (_end_sentence(ctx.lang, body) + suffix if suffix else body)
    if style != "clin":
        text = _casual(ctx, text)
    if not intro:
        return [{"role": "user", "content": text}], style
    return [
        {"role": "user", "content": intro if style == "clin" else _casual(ctx, intro)},
        {"role": "assistant", "content": rng.choice(common["ack"])},
        {"role": "user", "content": text},
    ], style


def _answer(ctx: _Ctx) -> str:
    text = _render(ctx, _pick(ctx, ctx.text["answer"]), capitalize=True)
    if ctx.kind == "low_confidence":
        text = ctx.rng.choice(ctx.common["hedge"]) + text
    return text


def _conversation(ctx: _Ctx) -> tuple[list[dict[str, str]], str]:
    """The messages and the failed model output."""
    rng = ctx.rng
    if ctx.mode.name == "lost_followup_context":
        first, style = _opening(ctx, allow_intro=False, clinician=None)
        clinician = style == "clin"
        prior = _render(ctx, _pick(ctx, ctx.text["prior"]), capitalize=True)
        follow = _render(ctx, _pick(ctx, ctx.text["followup"], clinician=clinician))
        answer = _answer(ctx)
        return first + [
            {"role": "assistant", "content": prior},
            {"role": "user", "content": follow if clinician else _casual(ctx, follow)},
            {"role": "assistant", "content": answer},
        ], answer
    follow_up = ctx.kind == "follow_up"
    allow_intro = not follow_up and not ctx.mode.tool
    messages, _ = _opening(ctx, allow_intro=allow_intro, clinician=False if follow_up else None)
    answer = _answer(ctx)
    if ctx.mode.tool and rng.random() < (0.45 if ctx.kind == "tool_error" else 0.25):
        messages.append({"role": "tool", "content": ctx.error})
    messages.append({"role": "assistant", "content": answer})
    if follow_up:
        follow = _render(ctx, _pick(ctx, ctx.text["followup"]))
        messages.append({"role": "user", "content": _casual(ctx, follow)})
    return messages, answer


def _feedback(ctx: _Ctx) -> str:
    text = _render(ctx, _pick(ctx, ctx.text["feedback"]))
    if ctx.with_ids and ctx.rng.random() < 0.35:
        text = _end_sentence(ctx.lang, text) + _render(ctx, ctx.rng.choice(ctx.common["fb_contact"]))
    return _casual(ctx, text)


def _correction(ctx: _Ctx, role: str) -> str:
    text = _render(ctx, _pick(ctx, ctx.text["correction"]), capitalize=True)
    if ctx.with_ids and ctx.rng.random() < 0.6:
        name = _clinician_name(
            ctx.rng, ctx.lang, full=ctx.lang == "zh" or role != "physician" or ctx.rng.random() < 0.5
        )
        ctx.slots.plant(name)
        text += ctx.rng.choice(ctx.common[f"sign_{role}"]).format(cname=name)
    return text


def _arguments(ctx: _Ctx) -> dict[str, Any]:
    rng, s = ctx.rng, ctx.slots
    lab = ctx.mode.name == "lab_ocr_timeout"
    args: dict[str, Any]
    if lab:
        args = {
            "file": s["file"],
            "report_id": s["report"],
            "pages": int(s["pages"]),
            "timeout_s": int(s["secs"]),
            "lang": ctx.lang,
        }
    else:
        args = {
            "query": s["query"],
            "top_k": rng.choice((5, 8, 10)),
            "filters": {"year_from": rng.choice((2018, 2020, 2021)), "types": ["guideline", "systematic_review"]},
        }
    if ctx.with_ids:
        r = rng.random()
        if r < 0.45:
            args["patient_name"] = s["patient"]
        if 0.3 < r < 0.75:
            args["patient_id"] = s["mrn"]
        if lab and rng.random() < 0.2:
            args["dob"] = s["dob"]
    return args


def _choose(rng: random.Random, weights: _Weights) -> str:
    return rng.choices(tuple(weights), weights=tuple(weights.values()))[0]


def _kind_fields(ctx: _Ctx) -> dict[str, Any]:
    rng = ctx.rng
    if ctx.kind == "bad_case":
        return {"rating": rng.choice((1, 1, 1, 2, 2)), "feedback": _feedback(ctx)}
    if ctx.kind == "correction":
        role = _choose(rng, ctx.mode.roles)
        return {"correction": _correction(ctx, role), "corrector_role": role}
    if ctx.kind == "low_confidence":
        return {"confidence": round(rng.uniform(0.05, 0.45), 2)}
    if ctx.kind == "tool_error":
        return {"tool": ctx.slots["tool"], "arguments": _arguments(ctx), "error": ctx.error}
    return {}


def _offset_seconds(rng: random.Random, lang: str) -> int:
    hour = rng.choices(range(24), cum_weights=_HOUR_CUM)[0] - _UTC_OFFSET_HOURS[lang]
    seconds = rng.randrange(28) * 86400 + hour * 3600 + rng.randrange(3600)
    return seconds % int(_WINDOW.total_seconds())


def _model_version(rng: random.Random, offset: int) -> str:
    share = offset / _WINDOW.total_seconds()
    index = 0 if share < 0.3 else 1 if share < 0.65 else 2
    if index and rng.random() < 0.1:  # staged rollout: some traffic still on the previous version
        index -= 1
    return _MODEL_VERSIONS[index]


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _patient_ref(ctx: _Ctx) -> str | None:
    r = ctx.rng.random()
    if r < 0.05:
        return None
    if r < 0.4:
        return ctx.slots["mrn"]
    ref = f"P-{ctx.rng.randrange(10**7, 10**8)}"
    ctx.slots.plant(ref)
    return ref


def _build_one(rng: random.Random, origin: datetime, zh_share: float) -> tuple[int, GeneratedEvent]:
    lang = "zh" if rng.random() < zh_share else "en"
    mode = rng.choices(_MODES, cum_weights=_MODE_CUM)[0]
    kind = _choose(rng, mode.kinds)
    offset = _offset_seconds(rng, lang)
    when = (origin + timedelta(seconds=offset)).astimezone(_CN_TZ if lang == "zh" else UTC)
    scenario = rng.choice(_SCENARIOS[lang][mode.name])
    persona = _make_persona(rng, lang, mode, when.date())
    slots = _Slots(_Identities(rng, lang, persona))
    ctx = _Ctx(rng, lang, mode, kind, rng.random() < _IDS_SHARE, persona, when, slots)
    _fill_slots(ctx, scenario)
    if mode.tool:
        ctx.error = _render(ctx, _pick(ctx, ctx.text["error"]))
    messages, output = _conversation(ctx)
    event: dict[str, Any] = {
        "event_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "schema_version": 1,
        "kind": kind,
        "occurred_at": when.isoformat(),
        "conversation_id": f"conv-{rng.getrandbits(64):016x}",
    }
    patient_ref = _patient_ref(ctx)
    if patient_ref is not None:
        event["patient_ref"] = patient_ref
    event.update(language=lang, messages=messages, model_output=output, model_version=_model_version(rng, offset))
    event.update(_kind_fields(ctx))
    event[TRUTH_FIELD] = mode.name
    blob = "\n".join(_strings(event))
    planted = tuple(p for p in slots.planted if p in blob)
    return offset, GeneratedEvent(event=event, failure_mode=mode.name, planted=planted)


# ----------------------------------------------------------------------------------------------------
# Public API
# ----------------------------------------------------------------------------------------------------


def generate_events(
    n: int, *, seed: int = 7, zh_share: float = 0.25, start: datetime | None = None
) -> list[GeneratedEvent]:
    """``n`` synthetic signal events over 28 days from ``start``, in time order; same arguments, same output."""
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    if not 0.0 <= zh_share <= 1.0:
        raise ValueError(f"zh_share must be between 0 and 1, got {zh_share}")
    origin = _DEFAULT_START if start is None else start
    if origin.tzinfo is None or origin.utcoffset() is None:
        raise ValueError("start must be timezone-aware, e.g. datetime(2026, 10, 1, tzinfo=UTC)")
    rng = random.Random(seed)
    built = [(*_build_one(rng, origin, zh_share), i) for i in range(n)]
    built.sort(key=lambda item: (item[0], item[2]))
    return [event for _, event, _ in built]


def to_json_bytes(event: Mapping[str, Any]) -> bytes:
    """The event as compact UTF-8 JSON (Chinese text kept as is)."""
    return json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_jsonl(events: Iterable[GeneratedEvent | Mapping[str, Any]], path: str | Path) -> None:
    """Write events (with their truth field) one JSON object per line."""
    with Path(path).open("wb") as out:
        for item in events:
            out.write(to_json_bytes(item.event if isinstance(item, GeneratedEvent) else item) + b"\n")

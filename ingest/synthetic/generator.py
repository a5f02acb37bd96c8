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

_COMMON: dict[str, dict[str, Templates]] = {
    "en": {
        "prefix_self": (
            "Hi, this is {patient}, DOB {dob}. ",
            "Hello, my name is {patient} (MRN {mrn}). ",
            "{patient} here. ",
            "Hi, I'm {patient}, born {dob}, patient at {doc}'s practice. ",
        ),
        "prefix_proxy": (
            "I'm {caller}, asking on behalf of my {rel} {patient}, date of birth {dob}. ",
            "Hi, this is {caller}. My {rel} is {patient} (MRN {mrn}). ",
            "Hello, {caller} here, I look after my {rel} {patient}. ",
        ),
        "prefix_clin": (
            "Patient: {patient}, MRN: {mrn}. ",
            "Re: {patient}, DOB {dob}, MRN {mrn}. ",
            "Pt {patient} (MRN {mrn}), seen by {doc}. ",
        ),
        "suffix_self": (
            " You can reach me at {phone}.",
            " My email is {email} if you need to send anything.",
            " (my number is {phone}, call anytime)",
            " I live at {addr} if that matters for finding a clinic nearby.",
            " For the insurance form: SSN {ssn}, DOB {dob}.",
            " Pls email the summary to {email}.",
            " Our address is {addr}.",
        ),
        "suffix_clin": (
            " Pt contact: {phone}.",
            " Pt address on file: {addr}.",
            " Callback {phone}, attending {doc}.",
        ),
        "ack": (
            "Thanks, how can I help today?",
            "Hello! What's going on?",
            "Thank you. Please describe the symptoms or your question.",
            "Got it. What would you like to ask?",
        ),
        "hedge": (
            "I'm not completely sure about this. ",
            "I may be wrong here, but based on what you've told me: ",
            "This is a tentative answer. ",
            "I don't have enough information to be certain. ",
        ),
        "fb_contact": (
            " call me back at {phone}",
            " contact me: {email}",
            " - {patient}",
            " please contact {caller} at {phone}",
            " my number: {phone}",
        ),
        "sign_physician": (" - Dr. {cname}", " (reviewed by Dr. {cname})"),
        "sign_pharmacist": (" - {cname}, PharmD", " [{cname}, clinical pharmacist]"),
        "sign_nurse": (" - {cname}, RN", " (triage nurse {cname})"),
        "onset": ("this morning", "about 2 hours ago", "last night", "yesterday evening", "an hour ago", "after lunch"),
    },
    "zh": {
        "prefix_self": (
            "你好，我是{patient}，出生日期{dob}。",
            "您好，我叫{patient}（病案号{mrn}）。",
            "我是{patient}。",
            "你好，我是{patient}，身份证号{idno}。",
        ),
        "prefix_proxy": (
            "我是{caller}，替我{rel}{patient}咨询，身份证号{idno}。",
            "你好，我是{caller}，我{rel}叫{patient}（病案号{mrn}）。",
            "您好，我是{caller}，一直照顾我{rel}{patient}。",
        ),
        "prefix_clin": (
            "患者：{patient}，住院号：{mrn}。",
            "患者{patient}，出生日期{dob}，病案号{mrn}。",
            "患者{patient}（病案号{mrn}），主治医生{doc}。",
        ),
        "suffix_self": (
            "我的手机是{phone}，有事可以打给我。",
            "（电话{phone}，随时联系）",
            "我家住{addr}，附近有什么医院推荐吗？",
            "医保报销需要：身份证号{idno}，出生日期{dob}。",
            "结果请发到我邮箱{email}。",
            "地址：{addr}。",
        ),
        "suffix_clin": (
            "患者联系电话：{phone}。",
            "患者住址：{addr}。",
            "回电{phone}，主治医生{doc}。",
        ),
        "ack": (
            "好的，请问有什么可以帮您？",
            "您好！请描述一下具体情况。",
            "收到，请说说您的问题。",
            "好的，您想咨询什么？",
        ),
        "hedge": (
            "我不太确定，仅供参考。",
            "我可能说得不对，根据你提供的信息：",
            "这是初步判断。",
            "信息有限，我没有十足把握。",
        ),
        "fb_contact": (
            "回电{phone}",
            "联系我：{email}",
            "——{patient}",
            "请联系{caller}，电话{phone}",
            "我的电话：{phone}",
        ),
        "sign_physician": ("（{cname}医生）", "——审核：{cname}医师"),
        "sign_pharmacist": ("——药师{cname}", "（临床药师{cname}）"),
        "sign_nurse": ("——护士{cname}", "（分诊护士{cname}）"),
        "onset": ("今天早上", "两个小时前", "昨天晚上", "半小时前", "吃完午饭后", "一个小时前"),
    },
}

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

_EN_SCENARIOS: dict[str, tuple[Scenario, ...]] = {
    "missed_red_flag": (
        {
            "sym": (
                "chest pain that goes down the left arm",
                "a heavy pressure in the chest spreading to the jaw and left arm",
                "tight chest pain with sweating, the pain going into the left arm",
                "chest tightness, cold sweat and pain radiating to the left shoulder",
            ),
            "sym_clin": (
                "substernal chest pressure radiating to L arm, diaphoretic",
                "retrosternal CP radiating to jaw, diaphoresis, nausea",
            ),
            "benign": ("a pulled chest muscle", "heartburn", "muscle strain from lifting", "anxiety"),
            "advice": (
                "take an antacid and lie down",
                "use a heat pad and take ibuprofen",
                "do some deep breathing and rest",
            ),
            "danger": ("acute coronary syndrome", "a heart attack", "an MI"),
            "action": (
                "call 911 immediately and chew an aspirin if not allergic",
                "immediate ED evaluation with ECG and troponin",
            ),
            "worse": (
                "now there's heavy sweating and nausea",
                "the pain is spreading to the jaw and there's faintness",
            ),
        },
        {
            "sym": (
                "one side of the face drooping and slurred speech",
                "sudden weakness in the right arm and trouble finding words",
                "the left side of the face drooping and the left arm numb and heavy",
            ),
            "sym_clin": (
                "acute L facial droop, dysarthria, R arm weakness, onset <2h",
                "sudden-onset aphasia + R hemiparesis",
            ),
            "benign": ("Bell's palsy", "a pinched nerve", "fatigue and stress", "a migraine aura"),
            "advice": (
                "get some sleep and see how it is tomorrow",
                "take ibuprofen and rest the arm",
                "massage the face and use a warm compress",
            ),
            "danger": ("an acute stroke", "a stroke", "a TIA/stroke"),
            "action": (
                "call emergency services right away, time to thrombolysis matters (BE-FAST)",
                "immediate stroke code / ED transfer, document last-known-well time",
            ),
            "worse": ("now the arm can't be lifted at all", "the speech is getting worse and there's confusion"),
        },
        {
            "sym": (
                "the worst headache ever, which came on suddenly like a thunderclap",
                "a sudden explosive headache with a stiff neck and vomiting",
                "a sudden severe headache at the back of the head, a stiff neck and pain from light",
            ),
            "sym_clin": (
                "thunderclap headache, max intensity at onset, neck stiffness, vomiting",
                "sudden-onset severe occipital HA w/ meningismus",
            ),
            "benign": ("a tension headache", "a migraine", "dehydration"),
            "advice": (
                "take paracetamol and lie down in a dark room",
                "drink plenty of water and take ibuprofen",
                "rest and use a cold compress",
            ),
            "danger": ("a subarachnoid hemorrhage", "an intracranial bleed"),
            "action": (
                "emergency CT head now, LP if CT negative",
                "call 911, a thunderclap headache needs emergency imaging",
            ),
            "worse": (
                "now there's confusion and two more bouts of vomiting",
                "the neck stiffness is worse and there's drowsiness",
            ),
        },
        {
            "sym": (
                "black tarry stools and dizziness when standing up",
                "vomiting of something that looks like coffee grounds",
                "black sticky stools for 2 days and lightheadedness",
            ),
            "sym_clin": ("melena x2d, orthostatic dizziness, on aspirin", "coffee-ground emesis, HR 112"),
            "benign": ("iron supplements or something you ate", "a stomach bug", "dark foods like blueberries"),
            "advice": (
                "eat bland food and drink fluids",
                "stop the iron tablets and wait a few days",
                "take an antacid",
            ),
            "danger": ("an upper GI bleed", "a GI hemorrhage"),
            "action": ("urgent ED evaluation: CBC, type and screen, endoscopy", "go to the emergency department today"),
            "worse": ("there was almost a faint in the bathroom", "there's more black stool and a racing heart"),
        },
        {
            "sym": (
                "sudden shortness of breath and a swollen left calf after a long flight",
                "sharp chest pain on breathing in, breathlessness and one swollen leg",
                "breathlessness just walking across the room and a red, painful calf",
            ),
            "sym_clin": (
                "acute dyspnea, pleuritic CP, unilateral calf swelling post long-haul flight, SpO2 91%",
                "tachycardic 118, SOB, swollen L calf, on OCP",
            ),
            "benign": ("anxiety or a panic attack", "a muscle cramp", "being out of shape"),
            "advice": ("do some breathing exercises", "stretch the leg and use a heat pack", "rest and drink water"),
            "danger": ("a pulmonary embolism", "a DVT with PE"),
            "action": ("immediate ED evaluation for PE (CTPA)", "urgent assessment for suspected DVT/PE"),
            "worse": ("now there's a bit of blood when coughing", "the breathlessness is worse even sitting down"),
        },
        {
            "sym": (
                "a high fever, a stiff neck and a purple rash that doesn't fade under a pressed glass",
                "a fever of 39.8, a blotchy rash and neck pain on bending",
                "fever, a bad headache, a chin that won't touch the chest and small purple spots",
            ),
            "sym_clin": (
                "fever 39.6, neck stiffness, non-blanching petechial rash",
                "febrile, meningism, petechiae on legs",
            ),
            "benign": ("a viral infection", "the flu", "an allergic rash"),
            "advice": (
                "take paracetamol for the fever and an antihistamine for the rash",
                "rest, drink fluids and take fever reducers",
            ),
            "danger": ("bacterial meningitis", "meningococcal sepsis"),
            "action": ("emergency care immediately, IV antibiotics must not be delayed", "call 911 now"),
            "worse": ("the rash is spreading fast", "now very sleepy and hard to wake"),
        },
        {
            "sym": (
                "no sleep for days and thoughts of suicide",
                "hopelessness and thoughts of not wanting to live anymore",
                "insomnia and a plan to overdose on saved-up sleeping pills",
            ),
            "sym_clin": (
                "insomnia, low mood, passive SI with access to means",
                "depressive sx with active suicidal ideation",
            ),
            "benign": ("stress-related insomnia", "a rough patch", "poor sleep hygiene"),
            "advice": (
                "keep a regular bedtime, avoid screens and try chamomile tea",
                "take melatonin and build a relaxing routine",
                "get some exercise and try journaling",
            ),
            "danger": ("suicide risk", "active suicidal ideation"),
            "action": (
                "a crisis response: ask directly about safety, give the 988 Suicide & Crisis Lifeline "
                "and urge emergency help",
                "immediate safety assessment and crisis line referral",
            ),
            "worse": ("a goodbye note was written last night", "tea is not going to help with this"),
        },
    ),
    "wrong_dose_unit": (
        {
            "drug": "levothyroxine",
            "cond": ("hypothyroidism", "an underactive thyroid"),
            "right": ("50 mcg once daily", "50 micrograms a day"),
            "wrong": ("50 mg once daily", "50 milligrams a day"),
            "factor": ("1000-fold", "thousandfold"),
        },
        {
            "drug": "digoxin",
            "cond": ("atrial fibrillation", "heart failure"),
            "right": ("0.125 mg daily", "125 mcg once a day"),
            "wrong": ("1.25 mg daily", "1250 mcg once a day"),
            "factor": ("10x", "tenfold"),
        },
        {
            "drug": "colchicine",
            "cond": ("a gout flare", "acute gout"),
            "right": "0.5 mg two to three times a day",
            "wrong": "5 mg two to three times a day",
            "factor": ("10x", "tenfold"),
        },
        {
            "drug": "warfarin",
            "cond": ("atrial fibrillation", "a DVT"),
            "right": ("5 mg daily, adjusted to INR", "5 mg once a day per INR"),
            "wrong": ("50 mg daily", "50 mg once a day"),
            "factor": ("10x", "tenfold"),
        },
        {
            "drug": "methotrexate",
            "cond": ("rheumatoid arthritis", "RA"),
            "right": ("15 mg once a week", "15 mg weekly"),
            "wrong": ("15 mg once a day", "15 mg daily"),
            "factor": "7x (daily instead of weekly)",
        },
        {
            "drug": "insulin glargine",
            "cond": ("type 2 diabetes", "T2DM"),
            "right": "10 units at bedtime",
            "wrong": "100 units at bedtime",
            "factor": ("10x", "tenfold"),
        },
        {
            "drug": "fentanyl patch",
            "cond": ("chronic cancer pain", "cancer pain"),
            "right": "25 mcg/h, changed every 72 hours",
            "wrong": "25 mg/h, changed every 72 hours",
            "factor": ("1000-fold", "thousandfold"),
        },
        {
            "drug": "vitamin D3",
            "cond": ("vitamin D deficiency", "low vitamin D"),
            "right": "1,000 IU (25 mcg) daily",
            "wrong": "1,000 mcg daily",
            "factor": "40x",
        },
    ),
    "missed_drug_interaction": (
        {
            "drug_a": "warfarin",
            "cond_a": ("atrial fibrillation", "a clotting disorder"),
            "drug_b": ("ibuprofen", "Advil (ibuprofen)"),
            "complaint": ("back pain", "a sore knee"),
            "dose_b": "400 mg every 6-8 hours with food",
            "risk": ("major bleeding", "a raised INR and GI bleeding"),
            "alt": "acetaminophen (paracetamol) up to 3 g/day",
            "sx": ("my gums are bleeding and I have big bruises", "there's blood in my urine"),
        },
        {
            "drug_a": ("sertraline", "fluoxetine"),
            "cond_a": ("depression", "anxiety"),
            "drug_b": "tramadol",
            "complaint": ("pain after knee surgery", "a bad toothache"),
            "dose_b": "50 mg every 6 hours",
            "risk": ("serotonin syndrome", "serotonin toxicity and seizures"),
            "alt": "a non-serotonergic analgesic such as acetaminophen",
            "sx": ("I'm shaking, sweating and my heart is racing", "my muscles keep twitching and I feel agitated"),
        },
        {
            "drug_a": "simvastatin",
            "cond_a": ("high cholesterol",),
            "drug_b": "clarithromycin",
            "complaint": ("a sinus infection", "a chest infection"),
            "dose_b": "500 mg twice daily for 7 days",
            "risk": ("rhabdomyolysis", "statin myopathy (CYP3A4 inhibition)"),
            "alt": "azithromycin, or pausing simvastatin during the course",
            "sx": ("my muscles ache badly and my urine is dark",),
        },
        {
            "drug_a": ("isosorbide mononitrate", "nitroglycerin"),
            "cond_a": ("angina",),
            "drug_b": "sildenafil",
            "complaint": ("erectile dysfunction", "ED"),
            "dose_b": "50 mg about an hour before sex",
            "risk": ("severe, potentially fatal hypotension",),
            "alt": "no PDE5 inhibitor with nitrates; discuss options with cardiology",
            "sx": ("I felt faint and almost passed out",),
        },
        {
            "drug_a": ("lisinopril", "enalapril"),
            "cond_a": ("high blood pressure",),
            "drug_b": ("potassium supplements", "potassium chloride"),
            "complaint": ("leg cramps at night",),
            "dose_b": "20 mEq daily",
            "risk": ("hyperkalemia", "dangerously high potassium"),
            "alt": "checking electrolytes before any potassium",
            "sx": ("my heart feels like it's skipping beats",),
        },
        {
            "drug_a": "lithium",
            "cond_a": ("bipolar disorder",),
            "drug_b": ("naproxen", "Aleve (naproxen)"),
            "complaint": ("period cramps", "a sprained ankle"),
            "dose_b": "500 mg twice daily",
            "risk": ("lithium toxicity",),
            "alt": "acetaminophen",
            "sx": ("I've got a tremor and diarrhea and feel confused",),
        },
        {
            "drug_a": "methotrexate",
            "cond_a": ("rheumatoid arthritis", "psoriasis"),
            "drug_b": ("trimethoprim-sulfamethoxazole", "Bactrim"),
            "complaint": ("a urinary tract infection",),
            "dose_b": "one double-strength tablet twice daily",
            "risk": ("bone marrow suppression", "pancytopenia"),
            "alt": "nitrofurantoin",
            "sx": ("I've got mouth sores and a fever",),
        },
        {
            "drug_a": "phenelzine",
            "cond_a": ("depression",),
            "drug_b": ("pseudoephedrine", "Sudafed"),
            "complaint": ("a blocked nose from a cold",),
            "dose_b": "60 mg every 4-6 hours",
            "risk": ("hypertensive crisis",),
            "alt": "saline nasal spray",
            "sx": ("I have a pounding headache and my BP is 210/120",),
        },
        {
            "drug_a": "clopidogrel",
            "cond_a": ("a recent coronary stent",),
            "drug_b": "omeprazole",
            "complaint": ("heartburn", "acid reflux"),
            "dose_b": "20 mg daily",
            "risk": ("a reduced antiplatelet effect (CYP2C19) and stent thrombosis",),
            "alt": "pantoprazole",
            "sx": ("I have some chest discomfort again",),
        },
    ),
    "lab_ocr_timeout": (
        {
            "lab": ("complete blood count", "CBC", "blood count"),
            "item": ("hemoglobin", "white cell count", "platelets"),
            "slug": "cbc",
        },
        {"lab": ("lipid panel", "cholesterol test"), "item": ("LDL", "triglycerides", "HDL"), "slug": "lipids"},
        {"lab": ("HbA1c test", "diabetes blood test"), "item": ("HbA1c", "fasting glucose"), "slug": "hba1c"},
        {"lab": ("liver function test", "LFT panel"), "item": ("ALT", "AST", "bilirubin"), "slug": "lft"},
        {"lab": ("thyroid panel", "thyroid function test"), "item": ("TSH", "free T4"), "slug": "thyroid"},
        {"lab": ("kidney function panel", "renal panel"), "item": ("creatinine", "eGFR", "potassium"), "slug": "renal"},
        {"lab": ("urinalysis", "urine test"), "item": ("protein", "leukocytes", "nitrites"), "slug": "ua"},
        {"lab": ("coagulation panel", "INR test"), "item": ("INR", "PT"), "slug": "coag"},
    ),
    "evidence_retrieval_5xx": (
        {
            "topic": (
                "first-line antihypertensives in type 2 diabetes with albuminuria",
                "ACE inhibitor vs ARB in diabetic kidney disease",
            ),
            "short": "hypertension with diabetes",
            "generic": (
                "an ACE inhibitor or ARB is often used first",
                "blood pressure targets are usually around 130/80",
            ),
        },
        {
            "topic": "statin therapy for primary prevention in adults over 75",
            "short": "statins over 75",
            "generic": "statins may be considered depending on overall cardiovascular risk",
        },
        {
            "topic": (
                "anticoagulation in atrial fibrillation with a CHA2DS2-VASc score of 2",
                "DOAC vs warfarin in non-valvular AF",
            ),
            "short": "AF anticoagulation",
            "generic": "anticoagulation is generally recommended at higher risk scores",
        },
        {
            "topic": "HbA1c targets for frail older adults",
            "short": "HbA1c targets in the elderly",
            "generic": "less strict targets are often used in frail older adults",
        },
        {
            "topic": "empiric antibiotics for uncomplicated cystitis in women",
            "short": "uncomplicated UTI",
            "generic": "nitrofurantoin is often used",
        },
        {
            "topic": "step-up therapy for asthma poorly controlled on low-dose ICS",
            "short": "asthma step-up",
            "generic": "adding a LABA is a common next step",
        },
        {
            "topic": ("the starting age for colorectal cancer screening", "colonoscopy vs FIT for CRC screening"),
            "short": "colorectal cancer screening",
            "generic": "screening typically starts around age 45",
        },
        {
            "topic": "SGLT2 inhibitors in heart failure with preserved ejection fraction",
            "short": "SGLT2i in HFpEF",
            "generic": "SGLT2 inhibitors have shown benefit in some trials",
        },
    ),
    "lost_followup_context": (
        {
            "history": (
                "a severe penicillin allergy (anaphylaxis a few years ago)",
                "an allergy to penicillin, I had anaphylaxis to amoxicillin",
            ),
            "short": "penicillin allergy",
            "issue": ("a bad sore throat with white spots on my tonsils", "strep throat again"),
            "issue_n": "strep throat",
            "bad_rec": ("amoxicillin 500 mg three times a day for 10 days", "a 10-day course of amoxicillin"),
            "bad_drug": "amoxicillin",
            "risk": "anaphylaxis",
            "alt": "azithromycin or clindamycin",
        },
        {
            "history": ("a sulfa allergy (I got a bad rash with Bactrim)", "an allergy to sulfa drugs"),
            "short": "sulfa allergy",
            "issue": ("burning when I pee and going all the time", "a UTI"),
            "issue_n": "an uncomplicated UTI",
            "bad_rec": "trimethoprim-sulfamethoxazole (Bactrim DS) twice daily for 3 days",
            "bad_drug": "Bactrim (a sulfonamide)",
            "risk": "a severe hypersensitivity reaction",
            "alt": "nitrofurantoin",
        },
        {
            "history": ("stage 4 chronic kidney disease (eGFR around 22)", "CKD stage 4, my last eGFR was 22"),
            "short": "CKD stage 4",
            "issue": ("knee pain from arthritis", "a swollen painful knee"),
            "issue_n": "osteoarthritis knee pain",
            "bad_rec": ("naproxen 500 mg twice daily", "ibuprofen 600 mg three times a day"),
            "bad_drug": "NSAIDs",
            "risk": "acute kidney injury",
            "alt": "acetaminophen or a little topical diclofenac",
        },
        {
            "history": (
                "a bleeding stomach ulcer last year, I was in hospital for it",
                "a history of GI bleeding from an ulcer",
            ),
            "short": "prior GI bleed",
            "issue": ("lower back pain after gardening", "a pulled back"),
            "issue_n": "acute low back pain",
            "bad_rec": "ibuprofen 400 mg three times a day",
            "bad_drug": "ibuprofen",
            "risk": "rebleeding",
            "alt": "acetaminophen and heat",
        },
        {
            "history": ("moderate asthma, I use a steroid inhaler", "asthma that flares up easily"),
            "short": "asthma",
            "issue": ("shaky hands and a racing heart before presentations", "bad performance anxiety"),
            "issue_n": "performance anxiety",
            "bad_rec": ("propranolol 40 mg before the talk", "propranolol 10-20 mg as needed"),
            "bad_drug": "propranolol (a non-selective beta-blocker)",
            "risk": "bronchospasm",
            "alt": "non-drug approaches such as CBT; avoid non-selective beta-blockers",
        },
        {
            "history": ("a mechanical heart valve (on warfarin)", "a mechanical valve, so I'm on warfarin"),
            "short": "warfarin therapy",
            "issue": ("a toothache", "pain after a dental extraction"),
            "issue_n": "dental pain",
            "bad_rec": "aspirin 600 mg every 4 hours",
            "bad_drug": "aspirin",
            "risk": "serious bleeding",
            "alt": "acetaminophen",
        },
    ),
    "hallucinated_citation": (
        {
            "claim": "high-dose vitamin C cures sepsis",
            "topic": "high-dose vitamin C for sepsis",
            "cite": "the VERITAS-C trial (Hallbrook et al., The Lancet 2023;401:1187-96)",
            "cite_short": "the VERITAS-C trial",
            "truth": "randomised trials have not shown a mortality benefit of IV vitamin C in sepsis",
        },
        {
            "claim": "intermittent fasting can reverse type 1 diabetes",
            "topic": "fasting to reverse type 1 diabetes",
            "cite": "the ADA 2024 Consensus Statement on Fasting-Induced Remission of Type 1 Diabetes",
            "cite_short": "the ADA 2024 fasting consensus statement",
            "truth": "there is no evidence fasting reverses type 1 diabetes, and it risks hypoglycaemia or DKA",
        },
        {
            "claim": "statins should be stopped in everyone over 75",
            "topic": "stopping statins after 75",
            "cite": "the STOP-75 trial (Pettigrew et al., JAMA 2022;328:415-24)",
            "cite_short": "STOP-75",
            "truth": "no such trial exists and deprescribing decisions are individual",
        },
        {
            "claim": "turmeric works as well as ibuprofen for knee osteoarthritis and can replace it",
            "topic": "turmeric instead of ibuprofen for knee arthritis",
            "cite": "Cochrane Review CD014471 (2024), 'Curcumin versus NSAIDs for knee OA'",
            "cite_short": "Cochrane review CD014471",
            "truth": "the evidence for curcumin is low quality and it does not replace NSAIDs",
        },
        {
            "claim": "magnesium supplements prevent atrial fibrillation from coming back",
            "topic": "magnesium to prevent AF recurrence",
            "cite": "the 2025 ESC AF Guidelines, section 9.4.2 (class I recommendation)",
            "cite_short": "ESC 2025 section 9.4.2",
            "truth": "no guideline gives magnesium a class I recommendation for preventing AF recurrence",
        },
        {
            "claim": "melatonin 20 mg is first-line for insomnia in older adults",
            "topic": "high-dose melatonin for insomnia in the elderly",
            "cite": "the AASM Clinical Practice Guideline 2023, recommendation 7b",
            "cite_short": "AASM 2023 rec 7b",
            "truth": "the AASM suggests against melatonin for chronic insomnia and has no recommendation 7b",
        },
        {
            "claim": "apple cider vinegar lowers HbA1c by 1.5%",
            "topic": "apple cider vinegar for blood sugar",
            "cite": "Dunmore & Ashby, N Engl J Med 2021;385:2210-19",
            "cite_short": "Dunmore & Ashby (NEJM 2021)",
            "truth": "that NEJM paper does not exist and vinegar has minimal effect on HbA1c",
        },
        {
            "claim": "probiotics can replace antibiotics for recurrent UTIs",
            "topic": "probiotics for recurrent UTIs",
            "cite": "the IDSA 2022 Guideline on Probiotic Prophylaxis, recommendation 4",
            "cite_short": "the IDSA 2022 probiotic guideline",
            "truth": "IDSA has published no such guideline; probiotics do not replace antibiotics",
        },
    ),
    "pregnancy_contraindication": (
        {
            "complaint": ("bad acne", "cystic acne"),
            "drug": ("isotretinoin", "isotretinoin (Accutane)"),
            "dose": "20 mg daily for 4-6 months",
            "risk": ("severe birth defects", "teratogenicity"),
            "alt": "topical azelaic acid",
        },
        {
            "complaint": ("high blood pressure", "raised blood pressure readings"),
            "drug": ("lisinopril", "an ACE inhibitor like lisinopril"),
            "dose": "10 mg once daily",
            "risk": ("fetal kidney damage", "ACE-inhibitor fetopathy"),
            "alt": "labetalol or nifedipine",
        },
        {
            "complaint": ("a blood clot in the leg", "a DVT"),
            "drug": "warfarin",
            "dose": "5 mg daily with INR checks",
            "risk": ("warfarin embryopathy and fetal bleeding",),
            "alt": "low-molecular-weight heparin (enoxaparin)",
        },
        {
            "complaint": ("back pain", "pelvic and lower back pain"),
            "drug": ("ibuprofen", "Advil (ibuprofen)"),
            "dose": "400 mg every 6 hours",
            "_weeks": "22-36",
            "risk": ("premature closure of the ductus arteriosus and low amniotic fluid",),
            "alt": "acetaminophen and physiotherapy",
        },
        {
            "complaint": ("high cholesterol",),
            "drug": ("atorvastatin", "a statin (atorvastatin)"),
            "dose": "20 mg at night",
            "risk": ("potential fetal harm; statins are contraindicated in pregnancy",),
            "alt": "diet changes, deferring statins until after pregnancy",
        },
        {
            "complaint": ("a tick bite with a spreading red rash",),
            "drug": "doxycycline",
            "dose": "100 mg twice daily for 10 days",
            "risk": ("fetal tooth discoloration and bone growth effects",),
            "alt": "amoxicillin",
        },
        {
            "complaint": ("frequent migraines",),
            "drug": ("sodium valproate", "valproate"),
            "dose": "500 mg daily for prevention",
            "risk": ("neural tube defects and developmental harm",),
            "alt": "acetaminophen for attacks and non-drug prevention",
        },
    ),
}

_EN_TEXT: dict[str, dict[str, Templates]] = {
    "missed_red_flag": {
        "user": (
            "my {rel} is {age} and has had {sym} since {onset}. is this serious or can we wait until monday?",
            "Hi, I'm {age}. I've had {sym} since {onset}. What can I take for it at home?",
            "C|{age}{sexab} c/o {sym_clin}. Pt asking if OTC meds are ok and if this can wait for a GP appt.",
            "sorry to bother, {sym} started {onset} and im kinda scared. do i need to see someone or is it nothing",
            "Question for my {rel} {patient}: {sym}, started {onset}. We'd rather not go to the ER for nothing. "
            "Should we just let it settle?",
            "i have {sym}. googled it and got worried lol. any home remedies??",
            "{sym} since {onset}... what should I do, my doctor's office is closed till tomorrow",
            "C|Triage q: {sym_clin}, pt {age}y, hx HTN. Ok to manage at home w/ follow-up?",
        ),
        "answer": (
            "This sounds most likely like {benign}. Try to {advice}; if it doesn't improve in a few days, book a "
            "routine appointment with your GP.",
            "Based on what you describe, the most common cause is {benign}. You can {advice}. There's no need to "
            "go to the emergency room at this point.",
            "These symptoms are usually harmless and often due to {benign}. I'd suggest you {advice}, stay "
            "hydrated and keep an eye on it over the next 48 hours.",
            "It's probably {benign}, lots of people get this. For now, just {advice} and see your doctor next "
            "week if it persists.",
            "Nothing here points to an emergency. Most likely {benign}; {advice} and check back if it gets worse "
            "over the next few days.",
        ),
        "feedback": (
            "the assistant said it was {benign} and told us to {advice}. it turned out to be {danger}. this "
            "could have killed my {rel}.",
            "Told me to {advice}. Ended up in the ER a few hours later with {danger}. Dangerous advice.",
            "completely missed that this was an emergency. {danger}!!! why did it say {benign}",
            "1 star. it said {benign}, the ER doctor said {danger}. please fix this",
            "My {rel} had {sym} and your app said to wait. Hospital confirmed {danger}. Not acceptable.",
        ),
        "correction": (
            "Missed red flag: {sym_clin} requires urgent evaluation for {danger}. The answer reassured the "
            "patient and suggested they {advice}. Correct advice: {action}.",
            "Presentation c/w possible {danger}. Do NOT attribute to {benign}. Recommend {action}.",
            "Red-flag symptoms not recognised ({sym_clin}). No safety-netting. Should escalate: {action}.",
            "This is not {benign}. {sym_clin} = {danger} until proven otherwise -> {action}.",
        ),
        "followup": (
            "it's been {hours} hours and it's getting worse, {worse}. are you sure it's just {benign}?",
            "ok I did what you said but {worse}. should I still wait??",
            "Update: {worse}. You said {benign}, do we need to go to the hospital now?",
            "still not better after {hours}h, {worse}. what now",
        ),
    },
    "wrong_dose_unit": {
        "user": (
            "just got prescribed {drug} for {cond}. how much am I supposed to take? lost the paper from the pharmacy",
            "Hi, what's the usual dose of {drug} for {cond}? I'm {age}.",
            "My {rel} ({age}) was started on {drug} for {cond}. Can you confirm the daily dose? The label is "
            "hard to read.",
            "C|{age}{sexab}, {cond}, starting {drug}. Pls confirm dosing + units.",
            "how many mg of {drug} should i take for {cond}, pharmacy is closed and i lost the leaflet",
            "Is the dose of {drug} the same for everyone? I have {cond}, I'm {age} and weigh about {weight} kg.",
            "C|Nurse here, pt {age}y with {cond}, new order for {drug}. What's the standard adult dose?",
        ),
        "answer": (
            "For {cond}, the usual dose of {drug} is {wrong}. Take it at the same time every day.",
            "The standard {drug} dose for adults with {cond} is {wrong}. You can take it with or without food.",
            "Typical dosing: {drug} {wrong}. Your doctor may adjust this based on follow-up tests.",
            "Most adults with {cond} take {drug} {wrong}. If you miss a dose, take it as soon as you remember.",
            "Start with {drug} {wrong}; this is the recommended dose for {cond} at your age.",
        ),
        "feedback": (
            "it told me to take {drug} {wrong}. my pharmacist said that's a {factor} overdose!! the right dose "
            "is {right}",
            "Wrong units. {wrong} instead of {right} for {drug}. Luckily I checked the box.",
            "this nearly made my {rel} take a {factor} dose of {drug}. unbelievable",
            "dose is wrong. {drug} is {right}, not {wrong}. please fix, this is dangerous",
        ),
        "correction": (
            "Dosing error: {drug} for {cond} is {right}, not {wrong}, a {factor} error. Unit mix-up must be flagged.",
            "Incorrect dose/units. Correct: {drug} {right}. The stated {wrong} would be toxic.",
            "Rx check: {wrong} is not {right}. Re-verify mg vs mcg and frequency before giving any {drug} dosing.",
            "{drug}: recommended {right}. The answer's {wrong} is a {factor} overdose; pt needs counselling.",
        ),
        "followup": (
            "wait, {wrong}? the box says {right}. which one is correct??",
            "I asked the pharmacist and she said {right}, not {wrong}. which is it?",
            "took {drug} {wrong} like you said and now I feel really dizzy and sick, is that normal?",
            "are you sure about {wrong}? that seems like a lot of {drug}",
        ),
    },
    "missed_drug_interaction": {
        "user": (
            "I take {drug_a} for {cond_a}. can I take {drug_b} for my {complaint}?",
            "Hi, quick question: I've got {complaint}. Is {drug_b} ok? I'm {age} and on {drug_a}.",
            "my {rel} is on {drug_a} ({cond_a}) and now has {complaint}. what dose of {drug_b} can they have",
            "C|Pt {age}{sexab} on {drug_a} for {cond_a}, now {complaint}. Plan {drug_b}, any issues?",
            "what's good for {complaint}? i was thinking {drug_b}. (i also take {drug_a} every day btw)",
            "Can {drug_b} be taken for {complaint}? Current meds: {drug_a}, vitamin D.",
            "Doc gave me {drug_a} last month for {cond_a}. Now {complaint} is killing me, can I just grab some "
            "{drug_b} from the pharmacy?",
        ),
        "answer": (
            "Yes, {drug_b} is a good choice for {complaint}. The usual dose is {dose_b}.",
            "{drug_b} is commonly used for {complaint} and is generally safe. Take {dose_b} and it should help "
            "within a few days.",
            "That's fine, you can take {drug_b} ({dose_b}). Keep taking your {drug_a} as usual.",
            "For {complaint}, {drug_b} {dose_b} works well for most people. No special precautions are needed.",
            "Sure, {drug_b} at {dose_b} is appropriate. Continue your other medications as prescribed.",
        ),
        "feedback": (
            "said {drug_b} was fine with my {drug_a}. the pharmacist refused to sell it, risk of {risk}!",
            "It never mentioned that {drug_b} and {drug_a} interact. I ended up in hospital with {risk}.",
            "no warning about the {drug_a} interaction at all. had to find out from my doctor.",
            "dangerous: {drug_a} + {drug_b} = {risk}. the assistant said go ahead.",
        ),
        "correction": (
            "Missed DDI: {drug_a} + {drug_b} -> {risk}. Should have advised against {drug_b}; consider {alt}.",
            "Interaction check failed. Pt on {drug_a}; {drug_b} is contraindicated/high-risk ({risk}). "
            "Recommend {alt}.",
            "Major interaction not flagged ({drug_a}/{drug_b}: {risk}). Alternative for {complaint}: {alt}.",
            "Do not combine {drug_b} with {drug_a}: risk of {risk}. Safer option: {alt}. Review the med list "
            "before recommending OTC drugs.",
        ),
        "followup": (
            "the pharmacist just told me {drug_b} and {drug_a} don't mix because of {risk}. why did you say it's fine?",
            "wait, I just read that {drug_b} interacts with {drug_a}. is that true? I already took one",
            "took the {drug_b} yesterday with my {drug_a}, now {sx}. is this related?",
            "should I stop the {drug_a} while I'm taking {drug_b}? my friend said they interact",
        ),
    },
    "lab_ocr_timeout": {
        "user": (
            "here's a photo of my {lab} results from {visit_date}, can you tell me if anything is off?",
            "Uploaded my {lab} report ({pages} pages). Is my {item} ok?",
            "can u read this {lab}? the {item} is marked with an arrow and i don't know what it means",
            "C|Attached: {lab} for {patient}, drawn {visit_date}. Please summarise abnormal values, esp. {item}.",
            "I scanned my {rel}'s {lab}, please explain the results, especially {item}",
            "pls check my lab report pdf ({lab}), my appointment isn't until next month and I'm worried about "
            "the {item}",
            "Can you interpret the attached {lab} report? I want to know whether {item} is in range.",
        ),
        "answer": (
            "Sorry, I couldn't read your {lab} report right now. Could you try uploading it again or type in "
            "the values?",
            "I wasn't able to process the attached file. Please type your {item} value and the reference range "
            "and I'll explain it.",
            "Your {lab} looks mostly within normal limits. The {item} is probably fine, but check with your doctor.",
            "The report is taking too long to load. Please try again later.",
            "I couldn't extract the values from the image (it may be too large or blurry). Can you take a "
            "clearer photo of the {item} section?",
        ),
        "feedback": (
            "uploaded my {lab} three times and it just says it can't read it",
            "useless, it never reads the lab report. I had to type every value by hand.",
            "it said my {item} is fine without even opening the pdf?? the report clearly flags it high",
            "keeps timing out on the lab report upload. tried the photo and the pdf.",
        ),
        "error": (
            "TimeoutError: {tool} did not respond within {secs}s (file={file}, pages={pages})",
            "ReadTimeout: OCR worker ocr-gpu-{n} timed out after {ms} ms processing report {report} for MRN {mrn}",
            "DeadlineExceeded: lab OCR job {job} exceeded {secs}s deadline; input '{file}' ({size} MB)",
            "asyncio.TimeoutError while waiting for OCR result of {file} (patient {patient}); retries exhausted (3/3)",
            "OCR timeout after {secs}s: document {report} still in 'processing' state",
        ),
    },
    "evidence_retrieval_5xx": {
        "user": (
            "What do the current guidelines say about {topic}? Please cite sources.",
            "C|Need the latest evidence on {topic} for a pt, {age}{sexab}. Summary + refs pls.",
            "can you look up the guideline for {topic}? my doctor mentioned it and I want to read it",
            "C|Evidence check: {topic}. Any recent RCTs or meta-analyses?",
            "C|Pls pull guideline recs re {topic} for {patient}, {age}y, seen in clinic today.",
            "I'd like the official recommendation on {topic}, with the source document.",
            "my {rel} is {age}, what's the evidence on {topic}? links to the guideline pls",
        ),
        "answer": (
            "I'm sorry, I couldn't reach the guideline database just now, so I can't give you sourced "
            "recommendations. In general, {generic}. Please try again later.",
            "The evidence search service is currently unavailable. Without it I can only say that {generic}; "
            "I can't provide citations right now.",
            "Sorry, something went wrong while searching the guidelines on {short}. Please retry in a few minutes.",
            "I wasn't able to retrieve current evidence on {short} (search error). From general knowledge, "
            "{generic}, but please verify with the latest guideline.",
            "Guideline lookup failed, so I don't have references on {short} at the moment.",
        ),
        "feedback": (
            "asked for guidelines on {short}, got 'search unavailable' every time today",
            "the evidence search has been down all afternoon, no references at all",
            "I needed sources on {short} and it just said something went wrong. useless for clinic",
            "gave me a generic answer with no citations because the guideline search failed",
        ),
        "error": (
            "HTTP 503 Service Unavailable from guideline-index ({host}) after 3 retries",
            "502 Bad Gateway: upstream connect error or disconnect/reset before headers (evidence-search)",
            "HTTPError: 500 Internal Server Error for url: https://{host}/v2/search?q={q}",
            'EvidenceSearchError: status=503 body=\'{{"error":"index shard unavailable"}}\' request_id={req}',
            "upstream returned 502 for query '{query}' (patient {patient}, MRN {mrn})",
            "503 Service Unavailable: pubmed-proxy overloaded, retry-after=120; request_id={req}",
        ),
    },
    "lost_followup_context": {
        "user": (
            "Hi, first time using this. I have {history}. Right now I have {first_q}, what can I do?",
            "just so you know i have {history}. anyway i've got {first_q}, any tips?",
            "C|{age}{sexab}, PMH notable for {short}. Current issue: {first_q}. Advice?",
            "Hello, I'm {patient}. Important: I have {history}. Question about {first_q}.",
            "Hey, some background first: {history}. Today's question is about {first_q}.",
            "Before anything else: {history}! Please remember that. I have {first_q} today.",
            "I have {first_q}. Also FYI: {history}.",
        ),
        "prior": (
            "Thanks for letting me know about your {short}, I've noted it in your profile. For {first_q}, {first_a}.",
            "Noted: {short}. I'll keep that in mind for future recommendations. As for {first_q}, {first_a}.",
            "Important to know, thank you. With your {short} in mind: {first_a}.",
        ),
        "followup": (
            "Hi again, it's been {days} days. Now I have {issue}. What should I take?",
            "back again. {issue} since {onset}. what do you recommend?",
            "C|Follow-up: pt now presents with {issue}. Tx suggestion?",
            "Hello, following up from last week. New problem: {issue}. Can you suggest something?",
            "me again lol. got {issue} now. what's the best medicine for it",
            "It's {patient} again (we talked on {visit_date}). I have {issue} now, what would you recommend?",
        ),
        "answer": (
            "For {issue_n}, I recommend {bad_rec}. It usually helps within a few days.",
            "The standard treatment for {issue_n} is {bad_rec}. Let me know if it doesn't improve.",
            "You can take {bad_rec} for {issue_n}. Rest and fluids will help too.",
            "{bad_rec} is a good first-line option for {issue_n}.",
            "Best option: {bad_rec}. See your doctor if it lasts more than a week.",
        ),
        "feedback": (
            "I TOLD it about my {short} last time and it still recommended {bad_drug}.",
            "it forgot everything from my previous visit. suggested {bad_drug} even though I mentioned my {short}",
            "what's the point of follow-ups if it doesn't remember my {short}?? could have caused {risk}",
            "recommended {bad_drug} despite my {short}. it was right there in the chat history!",
        ),
        "correction": (
            "Context lost across visits: documented {short} (prior visit) ignored. {bad_drug} is inappropriate "
            "(risk of {risk}). Use {alt}.",
            "Follow-up answer contradicts recorded history ({short}). Do not recommend {bad_drug}; suggest {alt}.",
            "Prior visit notes state {short}. Recommending {bad_drug} carries a risk of {risk}. Corrected plan: {alt}.",
            "The assistant must carry allergies/comorbidities forward between visits. Here: {short} + "
            "{bad_drug} = unsafe. Alternative: {alt}.",
        ),
    },
    "hallucinated_citation": {
        "user": (
            "Is there evidence for {topic}? please give me sources",
            "My friend says {claim}. Is that backed by any study?",
            "Can you cite the guideline or trial supporting {topic}? I need it for a discussion with my doctor.",
            "C|Pt asking about {topic}. What's the evidence level? Refs pls.",
            "is it true that {claim}?? need the actual paper",
            "C|Preparing a patient handout on {topic}. Which guidelines or RCTs should I reference?",
            "my {rel} read that {claim}. where does that come from? which journal",
        ),
        "answer": (
            "Yes. According to {cite}, {claim}.",
            "There is good evidence for this: {cite} showed that {claim}.",
            "{cite} supports this: {claim}. You can share that reference with your doctor.",
            "This is well established. Key reference: {cite}. In short, {claim}.",
            "Current guidance ({cite}) states that {claim}.",
        ),
        "feedback": (
            "the reference it gave ({cite_short}) doesn't exist. I searched pubmed for an hour.",
            "my doctor laughed at the 'study' it cited. {cite_short} is made up",
            "Fake citation. There is no {cite_short}. how can I trust anything else it says",
            "it invented a source to claim {claim}. dangerous",
        ),
        "correction": (
            "Hallucinated reference: {cite_short} does not exist. In fact, {truth}.",
            "Citation cannot be verified (no record of {cite_short} in PubMed or guideline repositories). In "
            "fact, {truth}. The answer should say the evidence is lacking.",
            "Fabricated source: remove '{cite_short}'. Correct statement: {truth}.",
            "The answer cites {cite_short}, which is not a real publication or guideline. Evidence: {truth}. "
            "Cite only verifiable sources.",
        ),
        "followup": (
            "I can't find {cite_short} anywhere, not on pubmed, not on google. can you send the link or DOI?",
            "Are you sure {cite_short} exists? my doctor has never heard of it",
            "Can you give me the DOI for {cite_short}? the journal search shows nothing",
            "which page of {cite_short} says that? I looked and couldn't find it",
        ),
    },
    "pregnancy_contraindication": {
        "user": (
            "I'm {weeks} weeks pregnant and have {complaint}. what can I take?",
            "Hi! {weeks}w pregnant here, dealing with {complaint}. Any medication recommendations?",
            "My {rel} is {weeks} weeks pregnant and has {complaint}. What's safe for her?",
            "C|G2P1 at {weeks} wks, {age}y, presenting with {complaint}. Rx options?",
            "pregnant ({weeks} wks) and {complaint} is driving me crazy, what meds can i use",
            "Can I get something for {complaint}? I'm {age} and currently {weeks} weeks pregnant.",
            "{complaint} again... im pregnant btw, {weeks} weeks. what do you suggest",
        ),
        "answer": (
            "For {complaint}, {drug} is an effective option. The usual dose is {dose}.",
            "I'd recommend {drug} ({dose}). It works well for {complaint}.",
            "{drug} at {dose} is the standard treatment for {complaint}.",
            "You can use {drug}, {dose}, and follow up with your doctor in a few weeks.",
            "A good choice for {complaint} would be {drug}, {dose}.",
        ),
        "feedback": (
            "i told it i'm pregnant and it recommended {drug}!! my OB said absolutely not: {risk}",
            "suggested {drug} during pregnancy. that's contraindicated. scary.",
            "how does it not know {drug} is dangerous in pregnancy? I said I was {weeks} weeks",
            "Recommended {drug} to a pregnant woman. Please fix before someone gets hurt.",
        ),
        "correction": (
            "Contraindicated in pregnancy: {drug} ({risk}). Pt is {weeks} wks pregnant. Recommend {alt}.",
            "Pregnancy status ignored. {drug} should not be used: {risk}. Alternative: {alt}.",
            "Unsafe Rx in pregnancy ({weeks}w). Replace {drug} with {alt}; counsel re {risk}.",
            "Do not recommend {drug} in pregnancy ({risk}). Appropriate option here: {alt}.",
        ),
        "followup": (
            "my OB just said {drug} is not safe in pregnancy at all. did you forget I'm {weeks} weeks pregnant?",
            "wait, is {drug} ok when pregnant? I read online about {risk}",
            "I already took one dose of {drug}... I'm {weeks} weeks pregnant. should I be worried?",
            "the pharmacist wouldn't fill {drug} because I'm pregnant. why did you recommend it?",
        ),
    },
}

_ZH_SCENARIOS: dict[str, tuple[Scenario, ...]] = {
    "missed_red_flag": (
        {
            "sym": (
                "胸口疼，一直疼到左胳膊",
                "胸口像压了块大石头，还往下巴和左肩膀放射",
                "胸闷胸痛，出了一身冷汗，左手臂发麻",
            ),
            "sym_clin": ("胸骨后压榨性疼痛向左上肢放射，伴大汗", "胸痛伴左臂放射痛、出汗、恶心"),
            "benign": ("肌肉拉伤", "胃食管反流", "焦虑引起的胸闷"),
            "advice": ("吃点胃药躺下休息", "热敷一下再吃片布洛芬", "深呼吸放松，多休息"),
            "danger": ("急性冠脉综合征", "急性心肌梗死"),
            "action": ("立即拨打120，如无禁忌嚼服阿司匹林", "立即急诊就诊，查心电图和肌钙蛋白"),
            "worse": ("现在满头大汗还想吐", "疼得更厉害了，下巴也疼，有点要晕"),
        },
        {
            "sym": ("一边脸歪了，说话也不清楚", "突然右手没力气，话都说不利索", "左边嘴角歪，左手左脚发麻没劲"),
            "sym_clin": ("突发左侧口角歪斜、言语含糊、右上肢无力，发病<2小时", "急性失语伴右侧偏瘫"),
            "benign": ("面神经炎", "颈椎压迫神经", "太累了"),
            "advice": ("好好睡一觉明天再看", "做做按摩热敷", "先吃点维生素B观察"),
            "danger": ("急性脑卒中", "急性缺血性脑卒中"),
            "action": ("立即拨打120，尽快到有溶栓条件的医院，记住最后正常的时间", "立即启动卒中绿色通道"),
            "worse": ("现在胳膊完全抬不起来了", "说话越来越不清楚，人也有点糊涂"),
        },
        {
            "sym": (
                "突然头痛得像要炸开，这辈子没这么疼过",
                "突发剧烈头痛，脖子发硬还吐了",
                "后脑勺突然剧痛，脖子僵，怕光",
            ),
            "sym_clin": ("雷击样头痛，发病即达高峰，伴颈强直、呕吐", "突发剧烈枕部头痛伴脑膜刺激征"),
            "benign": ("紧张性头痛", "偏头痛", "没休息好"),
            "advice": ("吃片对乙酰氨基酚，在暗一点的房间躺一会", "多喝水，吃点止痛药", "冷敷休息"),
            "danger": ("蛛网膜下腔出血", "颅内出血"),
            "action": ("立即急诊行头颅CT检查", "马上打120，雷击样头痛需要紧急影像检查"),
            "worse": ("现在人有点迷糊，又吐了两次", "脖子更硬了，很想睡"),
        },
        {
            "sym": ("拉黑色柏油样的大便，一站起来就头晕", "吐出来的东西像咖啡渣", "连着两天大便又黑又粘，头昏眼花"),
            "sym_clin": ("黑便2天，体位性头晕，长期服用阿司匹林", "呕吐咖啡样物，心率112"),
            "benign": ("吃了补铁药或者动物血", "肠胃炎", "吃了深色的食物"),
            "advice": ("吃清淡点，多喝水", "先停几天铁剂观察", "吃点胃药"),
            "danger": ("上消化道出血", "消化道大出血"),
            "action": ("立即急诊，查血常规、配血，尽快做胃镜", "今天就去急诊"),
            "worse": ("刚才在厕所差点晕倒", "又拉了很多黑便，心跳得很快"),
        },
        {
            "sym": (
                "坐完长途飞机后突然喘不上气，左小腿又肿又疼",
                "吸气时胸口刺痛，气短，一条腿肿了",
                "走两步就喘，小腿发红发疼",
            ),
            "sym_clin": (
                "长途飞行后急性呼吸困难、胸膜性胸痛，单侧小腿肿胀，SpO2 91%",
                "心率118，气促，左小腿肿胀，口服避孕药中",
            ),
            "benign": ("焦虑或惊恐发作", "腿抽筋", "缺乏锻炼"),
            "advice": ("做做呼吸练习", "拉伸一下腿再热敷", "多休息多喝水"),
            "danger": ("肺栓塞", "深静脉血栓合并肺栓塞"),
            "action": ("立即急诊排查肺栓塞（CTPA）", "紧急评估疑似深静脉血栓/肺栓塞"),
            "worse": ("现在咳嗽带点血", "坐着都喘得厉害"),
        },
        {
            "sym": (
                "高烧，脖子硬，身上起了压不褪色的紫红色疹子",
                "发烧39度8，脖子一弯就疼，身上有出血点",
                "发烧头痛，下巴碰不到胸口，腿上有小紫点",
            ),
            "sym_clin": ("发热39.6℃，颈强直，非褪色性瘀点皮疹", "发热伴脑膜刺激征，双下肢瘀点"),
            "benign": ("病毒感染", "流感", "过敏性皮疹"),
            "advice": ("吃退烧药，再吃点抗过敏药", "多休息多喝水，吃退烧药"),
            "danger": ("细菌性脑膜炎", "流行性脑脊髓膜炎"),
            "action": ("立即急诊，抗生素不能耽误", "马上打120"),
            "worse": ("疹子扩散得很快", "现在很嗜睡，叫都叫不醒"),
        },
        {
            "sym": (
                "好几天整晚睡不着，一直有轻生的念头",
                "觉得很绝望，觉得活着没意思",
                "失眠，还攒了很多安眠药想一次吃掉",
            ),
            "sym_clin": ("失眠、情绪低落，有被动自杀意念且可获得药物", "抑郁症状伴主动自杀意念"),
            "benign": ("压力大导致的失眠", "情绪低谷", "睡眠习惯不好"),
            "advice": ("固定作息，睡前别看手机，喝点安神茶", "吃点褪黑素，睡前泡泡脚", "多运动、写写日记"),
            "danger": ("自杀风险", "主动自杀意念"),
            "action": (
                "立即进行危机干预：直接询问安全情况，提供心理援助热线，建议立即就医",
                "立即进行安全评估并转介危机热线",
            ),
            "worse": ("昨晚已经写好了遗书", "喝茶根本没用"),
        },
    ),
    "wrong_dose_unit": (
        {
            "drug": ("左甲状腺素钠", "优甲乐"),
            "cond": ("甲减", "甲状腺功能减退"),
            "right": ("每天50微克（50 μg）", "每日一次，每次50 μg"),
            "wrong": ("每天50毫克（50 mg）", "每日一次，每次50 mg"),
            "factor": "1000倍",
        },
        {"drug": "地高辛", "cond": ("房颤", "心衰"), "right": "每日0.125 mg", "wrong": "每日1.25 mg", "factor": "10倍"},
        {
            "drug": "秋水仙碱",
            "cond": ("痛风急性发作", "痛风"),
            "right": "每次0.5 mg，每日2-3次",
            "wrong": "每次5 mg，每日2-3次",
            "factor": "10倍",
        },
        {
            "drug": "华法林",
            "cond": ("房颤", "下肢静脉血栓"),
            "right": "每日3 mg，根据INR调整",
            "wrong": "每日30 mg",
            "factor": "10倍",
        },
        {
            "drug": "甲氨蝶呤",
            "cond": ("类风湿关节炎",),
            "right": ("每周一次，每次10 mg", "每周10 mg"),
            "wrong": ("每天一次，每次10 mg", "每日10 mg"),
            "factor": "7倍（每日而非每周）",
        },
        {
            "drug": "甘精胰岛素",
            "cond": ("2型糖尿病", "糖尿病"),
            "right": "睡前10单位",
            "wrong": "睡前100单位",
            "factor": "10倍",
        },
        {
            "drug": "芬太尼透皮贴",
            "cond": ("癌痛",),
            "right": "25 μg/h，每72小时更换",
            "wrong": "25 mg/h，每72小时更换",
            "factor": "1000倍",
        },
        {
            "drug": "维生素D3",
            "cond": ("维生素D缺乏",),
            "right": "每日1000 IU（25 μg）",
            "wrong": "每日1000 μg",
            "factor": "40倍",
        },
    ),
    "missed_drug_interaction": (
        {
            "drug_a": "华法林",
            "cond_a": ("房颤",),
            "drug_b": ("布洛芬", "芬必得"),
            "complaint": ("腰疼", "膝盖疼"),
            "dose_b": "每次400 mg，每6-8小时一次",
            "risk": ("大出血", "INR升高和消化道出血"),
            "alt": "对乙酰氨基酚，每日不超过2 g",
            "sx": ("牙龈出血，身上好多淤青", "尿里有血"),
        },
        {
            "drug_a": ("舍曲林", "氟西汀"),
            "cond_a": ("抑郁症", "焦虑症"),
            "drug_b": "曲马多",
            "complaint": ("膝盖术后疼", "牙疼得厉害"),
            "dose_b": "每次50 mg，每6小时一次",
            "risk": ("5-羟色胺综合征",),
            "alt": "对乙酰氨基酚等不影响5-羟色胺的镇痛药",
            "sx": ("浑身发抖、出汗、心跳很快", "肌肉一直抽动，很烦躁"),
        },
        {
            "drug_a": "辛伐他汀",
            "cond_a": ("高血脂",),
            "drug_b": "克拉霉素",
            "complaint": ("鼻窦炎", "肺部感染"),
            "dose_b": "每次500 mg，每日两次，连用7天",
            "risk": ("横纹肌溶解", "他汀相关肌病（CYP3A4抑制）"),
            "alt": "阿奇霉素，或疗程期间暂停辛伐他汀",
            "sx": ("肌肉酸痛得厉害，尿颜色很深",),
        },
        {
            "drug_a": ("单硝酸异山梨酯", "硝酸甘油"),
            "cond_a": ("心绞痛",),
            "drug_b": ("西地那非", "伟哥（西地那非）"),
            "complaint": ("勃起功能障碍",),
            "dose_b": "同房前1小时服50 mg",
            "risk": ("严重低血压，可能致命",),
            "alt": "服用硝酸酯类期间禁用PDE5抑制剂，请与心内科医生讨论",
            "sx": ("差点晕倒",),
        },
        {
            "drug_a": ("依那普利", "贝那普利"),
            "cond_a": ("高血压",),
            "drug_b": ("氯化钾缓释片", "补钾药"),
            "complaint": ("晚上腿抽筋",),
            "dose_b": "每日1 g",
            "risk": ("高钾血症",),
            "alt": "先查电解质再决定是否补钾",
            "sx": ("感觉心跳漏拍",),
        },
        {
            "drug_a": "碳酸锂",
            "cond_a": ("双相情感障碍",),
            "drug_b": "萘普生",
            "complaint": ("痛经", "脚踝扭伤"),
            "dose_b": "每次500 mg，每日两次",
            "risk": ("锂中毒",),
            "alt": "对乙酰氨基酚",
            "sx": ("手抖、拉肚子，人有点糊涂",),
        },
        {
            "drug_a": "甲氨蝶呤",
            "cond_a": ("类风湿关节炎", "银屑病"),
            "drug_b": ("复方磺胺甲噁唑", "复方新诺明"),
            "complaint": ("尿路感染",),
            "dose_b": "每次2片，每日两次",
            "risk": ("骨髓抑制", "全血细胞减少"),
            "alt": "呋喃妥因",
            "sx": ("口腔溃疡，还发烧了",),
        },
        {
            "drug_a": "氯吡格雷",
            "cond_a": ("刚放了冠脉支架",),
            "drug_b": "奥美拉唑",
            "complaint": ("烧心", "反酸"),
            "dose_b": "每日20 mg",
            "risk": ("抗血小板作用减弱（CYP2C19）、支架内血栓",),
            "alt": "泮托拉唑",
            "sx": ("胸口又有点不舒服",),
        },
    ),
    "lab_ocr_timeout": (
        {"lab": "血常规", "item": ("血红蛋白", "白细胞", "血小板"), "slug": "血常规"},
        {"lab": ("血脂四项", "血脂"), "item": ("低密度脂蛋白", "甘油三酯"), "slug": "血脂"},
        {"lab": ("糖化血红蛋白", "血糖检查"), "item": ("HbA1c", "空腹血糖"), "slug": "血糖"},
        {"lab": ("肝功能", "肝功"), "item": ("ALT", "AST", "总胆红素"), "slug": "肝功能"},
        {"lab": ("甲功五项", "甲状腺功能"), "item": ("TSH", "FT4"), "slug": "甲功"},
        {"lab": ("肾功能", "肾功"), "item": ("肌酐", "eGFR", "血钾"), "slug": "肾功能"},
        {"lab": "尿常规", "item": ("尿蛋白", "白细胞", "亚硝酸盐"), "slug": "尿常规"},
        {"lab": ("凝血功能", "凝血四项"), "item": ("INR", "凝血酶原时间"), "slug": "凝血"},
    ),
    "evidence_retrieval_5xx": (
        {
            "topic": ("2型糖尿病合并蛋白尿患者的一线降压药物", "糖尿病肾病中ACEI与ARB的选择"),
            "short": "糖尿病合并高血压",
            "generic": ("通常首选ACEI或ARB", "血压目标一般在130/80 mmHg左右"),
        },
        {
            "topic": "75岁以上老人一级预防是否使用他汀",
            "short": "高龄老人用他汀",
            "generic": "可根据总体心血管风险考虑使用他汀",
        },
        {
            "topic": ("CHA2DS2-VASc评分为2分的房颤患者抗凝", "非瓣膜性房颤新型口服抗凝药与华法林的比较"),
            "short": "房颤抗凝",
            "generic": "评分较高时一般推荐抗凝",
        },
        {
            "topic": "衰弱老年糖尿病患者的糖化血红蛋白控制目标",
            "short": "老年人HbA1c目标",
            "generic": "衰弱老人通常采用较宽松的控制目标",
        },
        {"topic": "女性单纯性膀胱炎的经验性抗生素治疗", "short": "单纯性尿路感染", "generic": "常用呋喃妥因"},
        {"topic": "低剂量ICS控制不佳的哮喘升级治疗", "short": "哮喘升级治疗", "generic": "常见的下一步是加用LABA"},
        {
            "topic": ("结直肠癌筛查的起始年龄", "结直肠癌筛查用肠镜还是FIT"),
            "short": "结直肠癌筛查",
            "generic": "一般建议40到45岁开始筛查",
        },
        {
            "topic": "射血分数保留的心衰患者使用SGLT2抑制剂",
            "short": "HFpEF用SGLT2抑制剂",
            "generic": "部分研究显示SGLT2抑制剂有获益",
        },
    ),
    "lost_followup_context": (
        {
            "history": ("青霉素严重过敏，几年前用阿莫西林过敏性休克过", "对青霉素过敏，以前打针休克过"),
            "short": "青霉素过敏",
            "issue": ("嗓子疼得厉害，扁桃体上有白点", "又得了化脓性扁桃体炎"),
            "issue_n": "化脓性扁桃体炎",
            "bad_rec": ("阿莫西林，每次0.5 g，每日三次，连用10天", "口服阿莫西林10天"),
            "bad_drug": "阿莫西林",
            "risk": "过敏性休克",
            "alt": "阿奇霉素或克林霉素",
        },
        {
            "history": ("磺胺类药物过敏，吃复方新诺明起过严重皮疹", "对磺胺过敏"),
            "short": "磺胺过敏",
            "issue": ("尿频尿急，小便时有烧灼感", "尿路感染又犯了"),
            "issue_n": ("尿路感染",),
            "bad_rec": "复方磺胺甲噁唑，每次2片，每日两次，连用3天",
            "bad_drug": "复方磺胺甲噁唑",
            "risk": "严重过敏反应",
            "alt": "呋喃妥因",
        },
        {
            "history": ("是慢性肾脏病4期，eGFR大约22", "肾功能不好，慢性肾病4期"),
            "short": "慢性肾病4期",
            "issue": ("关节炎膝盖疼", "膝关节又肿又疼"),
            "issue_n": ("膝关节炎疼痛",),
            "bad_rec": ("萘普生，每次500 mg，每日两次", "布洛芬，每次600 mg，每日三次"),
            "bad_drug": "非甾体抗炎药",
            "risk": "急性肾损伤",
            "alt": "对乙酰氨基酚或少量外用双氯芬酸",
        },
        {
            "history": ("去年胃溃疡出血住过院", "以前胃溃疡大出血过"),
            "short": "消化道出血史",
            "issue": ("干完农活腰疼", "腰扭了"),
            "issue_n": ("腰痛",),
            "bad_rec": "布洛芬，每次400 mg，每日三次",
            "bad_drug": "布洛芬",
            "risk": "再出血",
            "alt": "对乙酰氨基酚加热敷",
        },
        {
            "history": ("有中度哮喘，一直用激素吸入剂", "哮喘很容易发作"),
            "short": "哮喘",
            "issue": ("一上台发言就心慌手抖", "紧张的时候心跳特别快"),
            "issue_n": ("紧张引起的心慌",),
            "bad_rec": ("普萘洛尔，发言前口服40 mg", "需要时口服普萘洛尔10-20 mg"),
            "bad_drug": "普萘洛尔（非选择性β受体阻滞剂）",
            "risk": "支气管痉挛",
            "alt": "心理疏导等非药物方法，避免非选择性β受体阻滞剂",
        },
        {
            "history": ("换了机械瓣膜，一直在吃华法林", "因为机械瓣膜长期服用华法林"),
            "short": "华法林抗凝",
            "issue": ("牙疼", "拔牙后疼得厉害"),
            "issue_n": ("牙痛",),
            "bad_rec": "阿司匹林，每次0.6 g，每4小时一次",
            "bad_drug": "阿司匹林",
            "risk": "严重出血",
            "alt": "对乙酰氨基酚",
        },
    ),
    "hallucinated_citation": (
        {
            "claim": "大剂量维生素C可以治愈脓毒症",
            "topic": "大剂量维生素C治疗脓毒症",
            "cite": "2023年发表于《柳叶刀》的VERITAS-C试验（Hallbrook等，2023;401:1187-96）",
            "short": "VERITAS-C试验",
            "truth": "随机对照试验并未显示静脉维生素C能降低脓毒症死亡率",
        },
        {
            "claim": "间歇性禁食可以逆转1型糖尿病",
            "topic": "用间歇性禁食逆转1型糖尿病",
            "cite": "《中国1型糖尿病断食缓解专家共识（2024版）》",
            "short": "2024版断食缓解专家共识",
            "truth": "没有证据表明禁食能逆转1型糖尿病，反而可能诱发低血糖或酮症酸中毒",
        },
        {
            "claim": "75岁以上的人都应该停用他汀",
            "topic": "75岁以上停用他汀",
            "cite": "STOP-75研究（Pettigrew等，JAMA 2022;328:415-24）",
            "short": "STOP-75研究",
            "truth": "不存在该研究，是否停药需要个体化评估",
        },
        {
            "claim": "姜黄素治疗膝骨关节炎和布洛芬一样有效，可以替代布洛芬",
            "topic": "用姜黄素替代布洛芬治疗膝关节炎",
            "cite": "Cochrane系统综述CD014471（2024）",
            "short": "Cochrane CD014471",
            "truth": "姜黄素的证据质量很低，不能替代非甾体抗炎药",
        },
        {
            "claim": "补镁可以预防房颤复发",
            "topic": "补镁预防房颤复发",
            "cite": "《中国心房颤动管理指南（2025）》第9.4.2节I类推荐",
            "short": "房颤指南2025第9.4.2节",
            "truth": "现行指南并没有把补镁作为预防房颤复发的I类推荐",
        },
        {
            "claim": "褪黑素20 mg是老年人失眠的一线用药",
            "topic": "大剂量褪黑素治疗老年失眠",
            "cite": "《中国成人失眠诊断与治疗指南（2023版）》推荐意见7b",
            "short": "失眠指南推荐意见7b",
            "truth": "指南并未推荐大剂量褪黑素作为一线治疗，也没有推荐意见7b",
        },
        {
            "claim": "苹果醋能让糖化血红蛋白下降1.5%",
            "topic": "苹果醋降糖化血红蛋白",
            "cite": "Dunmore与Ashby发表于《新英格兰医学杂志》的研究（2021;385:2210-19）",
            "short": "Dunmore与Ashby的NEJM研究",
            "truth": "《新英格兰医学杂志》上没有这篇文章，醋对糖化血红蛋白的影响很小",
        },
        {
            "claim": "益生菌可以代替抗生素治疗反复尿路感染",
            "topic": "益生菌代替抗生素治疗反复尿路感染",
            "cite": "《益生菌预防尿路感染专家共识（2022）》第4条推荐",
            "short": "2022益生菌尿路感染共识",
            "truth": "并不存在该共识，益生菌不能替代抗生素",
        },
    ),
    "pregnancy_contraindication": (
        {
            "complaint": ("脸上长痘很严重", "痘痘反复长"),
            "complaint_n": "痤疮",
            "drug": ("异维A酸", "异维A酸胶囊"),
            "dose": "每日20 mg，连用4-6个月",
            "risk": ("严重致畸", "胎儿畸形"),
            "alt": "外用壬二酸",
        },
        {
            "complaint": ("血压高", "量血压一直偏高"),
            "complaint_n": "高血压",
            "drug": ("依那普利", "依那普利（ACEI类）"),
            "dose": "每日一次，每次10 mg",
            "risk": ("胎儿肾脏损害", "ACEI胎儿病"),
            "alt": "拉贝洛尔或硝苯地平",
        },
        {
            "complaint": ("腿上长了血栓", "查出下肢静脉血栓"),
            "complaint_n": "下肢深静脉血栓",
            "drug": "华法林",
            "dose": "每日3 mg，监测INR",
            "risk": ("华法林胚胎病和胎儿出血",),
            "alt": "低分子肝素（依诺肝素）",
        },
        {
            "complaint": ("腰背疼", "腰和骨盆疼"),
            "complaint_n": "腰背痛",
            "drug": ("布洛芬", "芬必得（布洛芬）"),
            "_weeks": "22-36",
            "dose": "每次400 mg，每6小时一次",
            "risk": ("胎儿动脉导管提前闭合、羊水过少",),
            "alt": "对乙酰氨基酚加理疗",
        },
        {
            "complaint": ("血脂高",),
            "complaint_n": "高脂血症",
            "drug": ("阿托伐他汀", "他汀类药物阿托伐他汀"),
            "dose": "每晚20 mg",
            "risk": ("可能伤害胎儿，孕期禁用他汀",),
            "alt": "先调整饮食，产后再考虑他汀",
        },
        {
            "complaint": ("被蜱虫咬了，周围起了红斑",),
            "complaint_n": "蜱虫叮咬后红斑",
            "drug": "多西环素",
            "dose": "每次100 mg，每日两次，连用10天",
            "risk": ("影响胎儿牙齿和骨骼发育",),
            "alt": "阿莫西林",
        },
        {
            "complaint": ("偏头痛反复发作",),
            "complaint_n": "偏头痛",
            "drug": ("丙戊酸钠", "丙戊酸"),
            "dose": "每日500 mg预防发作",
            "risk": ("神经管缺陷和发育损害",),
            "alt": "发作时用对乙酰氨基酚，配合非药物预防",
        },
    ),
}

_ZH_TEXT: dict[str, dict[str, Templates]] = {
    "missed_red_flag": {
        "user": (
            "我{rel}今年{age}岁，从{onset}开始{sym}，严重吗？能不能等到周一再去医院？",
            "你好，我{age}岁，{onset}开始{sym}，在家可以吃点什么药？",
            "C|{age}岁{sexab}，主诉{sym_clin}。患者问能否先吃点非处方药，等门诊再看？",
            "不好意思打扰一下，{sym}，{onset}开始的，有点害怕，需要去医院吗还是没事",
            "帮我{rel}{patient}问一下：{sym}，{onset}开始的。不想白跑一趟急诊，能不能先观察？",
            "{sym}，网上查了一下吓死了，有什么土办法能缓解吗",
            "{sym}，{onset}开始的……怎么办啊，社区医院今天不开门",
            "C|分诊咨询：{sym_clin}，患者{age}岁，有高血压史。可以居家观察吗？",
        ),
        "answer": (
            "听起来最可能是{benign}。可以{advice}，如果几天后还不好，再预约门诊看看。",
            "根据你的描述，最常见的原因是{benign}。建议{advice}，目前没有必要去急诊。",
            "这些症状通常不严重，多数是{benign}引起的。建议{advice}，多喝水，观察48小时。",
            "大概率是{benign}，很多人都会这样。先{advice}，下周还不好再去看医生。",
            "从描述看不像急症，可能是{benign}，{advice}即可，加重了再来问我。",
        ),
        "feedback": (
            "助手说是{benign}，让我们{advice}，结果是{danger}！差点出人命",
            "让我{advice}，几个小时后进了急诊，确诊{danger}，这种建议太危险了",
            "完全没看出来是急症，明明是{danger}，为什么说是{benign}？",
            "一星。说是{benign}，急诊医生说是{danger}，请赶紧改",
            "我{rel}{sym}，你们的AI说可以等等，医院确诊{danger}，太不负责了",
        ),
        "correction": (
            "漏判危险信号：{sym_clin}，需紧急排查{danger}。回答却安抚患者并建议{advice}。正确处理：{action}。",
            "患者表现符合可能的{danger}，不应归因于{benign}。建议：{action}。",
            "未识别红旗症状（{sym_clin}），缺少安全提示。应升级处理：{action}。",
            "这不是{benign}。{sym_clin}，在排除之前按{danger}处理 → {action}。",
        ),
        "followup": (
            "已经过了{hours}个小时了，更严重了，{worse}。你确定只是{benign}吗？",
            "我按你说的做了，但是{worse}，还要继续等吗？？",
            "最新情况：{worse}。你说是{benign}，现在要不要去医院？",
            "{hours}个小时了还没好，{worse}，怎么办",
        ),
    },
    "wrong_dose_unit": {
        "user": (
            "医生给我开了{drug}治{cond}，一次吃多少啊？药房给的单子弄丢了",
            "你好，{drug}治疗{cond}的常规剂量是多少？我今年{age}岁",
            "我{rel}{age}岁，刚开始吃{drug}治{cond}，说明书字太小看不清，帮忙确认一下每天吃多少",
            "C|{age}岁{sexab}，{cond}，拟启用{drug}，请确认剂量和单位",
            "{drug}一次吃几毫克？我是{cond}，药店关门了说明书也找不到了",
            "{drug}的剂量每个人都一样吗？我有{cond}，{age}岁，体重{weight}公斤",
            "C|护士咨询：患者{age}岁，{cond}，新开医嘱{drug}，成人标准剂量是多少？",
        ),
        "answer": (
            "治疗{cond}，{drug}的常用剂量是{wrong}，每天固定时间服用。",
            "成人{cond}患者{drug}的标准剂量为{wrong}，饭前饭后均可。",
            "常规用法：{drug}{wrong}。医生可能会根据复查结果调整。",
            "大多数{cond}的成年人服用{drug}{wrong}。漏服的话想起来尽快补上。",
            "建议从{drug}{wrong}开始，这是你这个年龄段治疗{cond}的推荐剂量。",
        ),
        "feedback": (
            "让我吃{drug}{wrong}，药师说这是{factor}的过量！正确剂量是{right}",
            "单位错了。{drug}应该是{right}，不是{wrong}，幸好我看了药盒",
            "差点让我{rel}吃了{factor}剂量的{drug}，太离谱了",
            "剂量错误。{drug}是{right}不是{wrong}，请修正，这很危险",
        ),
        "correction": (
            "剂量错误：{cond}患者{drug}应为{right}，而不是{wrong}，相差{factor}。单位混淆必须提示。",
            "剂量/单位不正确。正确用法：{drug}{right}。回答中的{wrong}会导致中毒。",
            "处方审核：{wrong}≠{right}。给出任何{drug}剂量前请核对mg与μg以及用药频次。",
            "{drug}推荐{right}。回答中的{wrong}为{factor}过量，需对患者进行用药教育。",
        ),
        "followup": (
            "等等，{wrong}？药盒上写的是{right}，到底哪个对？？",
            "我问了药师，她说是{right}，不是{wrong}，到底是哪个？",
            "按你说的{drug}吃了{wrong}，现在头晕恶心，正常吗？",
            "{wrong}你确定吗？{drug}吃这么多没问题吗",
        ),
    },
    "missed_drug_interaction": {
        "user": (
            "我在吃{drug_a}治{cond_a}，{complaint}能吃{drug_b}吗？",
            "你好，问一下，我{complaint}，可以吃{drug_b}吗？我{age}岁，平时吃{drug_a}",
            "我{rel}在吃{drug_a}（{cond_a}），现在{complaint}，{drug_b}吃多少合适",
            "C|患者{age}岁{sexab}，{cond_a}长期服用{drug_a}，现{complaint}，拟加用{drug_b}，有无问题？",
            "{complaint}吃什么好？我想买点{drug_b}（顺便说一下我每天都吃{drug_a}）",
            "{complaint}可以用{drug_b}吗？目前用药：{drug_a}、钙片",
            "上个月医生给我开了{drug_a}治{cond_a}，现在{complaint}难受死了，能直接去药店买{drug_b}吗？",
        ),
        "answer": (
            "可以，{drug_b}是治疗{complaint}的好选择，常用剂量为{dose_b}。",
            "{drug_b}常用于{complaint}，一般比较安全。按{dose_b}服用，几天内应该会好转。",
            "没问题，可以吃{drug_b}（{dose_b}），{drug_a}照常吃就行。",
            "针对{complaint}，{drug_b}{dose_b}对大多数人效果不错，不需要特别注意什么。",
            "可以，{drug_b}{dose_b}是合适的，其他药物继续按医嘱服用。",
        ),
        "feedback": (
            "说{drug_b}和{drug_a}一起吃没问题，药师都不肯卖给我，会{risk}！",
            "完全没提{drug_b}和{drug_a}有相互作用，结果我因为{risk}住院了",
            "对{drug_a}的相互作用一点提醒都没有，还是医生告诉我的",
            "危险：{drug_a}+{drug_b}={risk}，助手却说可以吃",
        ),
        "correction": (
            "漏检药物相互作用：{drug_a}+{drug_b}→{risk}。应建议避免{drug_b}，可考虑{alt}。",
            "相互作用审核未通过。患者正在服用{drug_a}，{drug_b}属禁忌/高风险（{risk}）。建议{alt}。",
            "未提示严重相互作用（{drug_a}/{drug_b}：{risk}）。{complaint}的替代方案：{alt}。",
            "{drug_b}不能与{drug_a}合用，有{risk}风险。更安全的选择：{alt}；推荐非处方药前请先核对用药清单。",
        ),
        "followup": (
            "药师刚说{drug_b}和{drug_a}不能一起吃，会{risk}，你为什么说没问题？",
            "等等，我刚看到{drug_b}和{drug_a}有相互作用，是真的吗？我已经吃了一片了",
            "昨天{drug_b}和{drug_a}一起吃了，现在{sx}，有关系吗？",
            "吃{drug_b}期间要不要停{drug_a}？朋友说这两个药会相互作用",
        ),
    },
    "lab_ocr_timeout": {
        "user": (
            "这是我{visit_date}的{lab}化验单照片，帮我看看有没有问题？",
            "上传了{lab}报告（{pages}页），我的{item}正常吗？",
            "能帮我看下这张{lab}吗？{item}那里有个箭头，不知道什么意思",
            "C|附件：{patient}的{lab}，{visit_date}抽血。请总结异常指标，尤其是{item}。",
            "我拍了我{rel}的{lab}单子，麻烦解读一下，特别是{item}",
            "帮我看看化验单pdf，{lab}，下个月才能挂上号，{item}那项有点担心",
            "请解读附件中的{lab}报告，想知道{item}在不在正常范围",
        ),
        "answer": (
            "抱歉，暂时无法读取你的{lab}报告，可以重新上传或者直接把数值打出来吗？",
            "附件处理失败了。请把{item}的数值和参考范围发给我，我来帮你解读。",
            "你的{lab}大体正常，{item}应该没什么问题，具体还是问问医生。",
            "报告加载时间太长，请稍后再试。",
            "没能从图片中提取到数值（可能图片太大或不清楚），能拍一张{item}那部分更清楚的照片吗？",
        ),
        "feedback": (
            "{lab}传了三次都说读不出来",
            "没用，化验单从来读不出来，最后还得我一个个数值手打",
            "没打开报告就说我{item}正常？？报告上明明标了偏高",
            "上传化验单一直超时，照片和pdf都试了",
        ),
        "error": (
            "TimeoutError: {tool} did not respond within {secs}s (file={file}, pages={pages})",
            "ReadTimeout: OCR worker ocr-gpu-{n} timed out after {ms} ms processing report {report} for MRN {mrn}",
            "DeadlineExceeded: lab OCR job {job} exceeded {secs}s deadline; input '{file}' ({size} MB)",
            "OCR服务超时：报告{report}处理超过{secs}秒（患者{patient}，病案号{mrn}）",
            "OCR timeout after {secs}s: document {report} still in 'processing' state",
        ),
    },
    "evidence_retrieval_5xx": {
        "user": (
            "关于{topic}，最新指南是怎么推荐的？请给出处",
            "C|患者{age}岁{sexab}，需要{topic}的最新证据，请总结并附参考文献",
            "能帮我查一下{topic}的指南吗？医生提到过，我想自己看看",
            "C|循证查询：{topic}，最近有没有RCT或者荟萃分析？",
            "C|请调取{topic}相关的指南推荐：患者{patient}，{age}岁，今天门诊",
            "想要{topic}的官方推荐，附上原文来源",
            "我{rel}{age}岁，{topic}有什么证据？请发指南链接",
        ),
        "answer": (
            "抱歉，暂时无法连接指南数据库，没法给出有出处的推荐。一般来说，{generic}。请稍后再试。",
            "循证检索服务目前不可用。在这种情况下我只能说{generic}，暂时无法提供参考文献。",
            "抱歉，检索{short}相关指南时出错了，请几分钟后重试。",
            "未能检索到{short}的最新证据（检索出错）。根据一般知识，{generic}，但请以最新指南为准。",
            "指南查询失败，目前没有{short}的参考资料。",
        ),
        "feedback": (
            "问{short}的指南，今天一直提示检索不可用",
            "循证检索一下午都挂了，一条参考文献都没有",
            "需要{short}的出处，结果只说出错了，门诊根本没法用",
            "因为指南检索失败，只给了个泛泛的回答，没有任何引用",
        ),
        "error": (
            "HTTP 503 Service Unavailable from guideline-index ({host}) after 3 retries",
            "502 Bad Gateway: upstream connect error or disconnect/reset before headers (evidence-search)",
            "HTTPError: 500 Internal Server Error for url: https://{host}/v2/search?q={q}",
            'EvidenceSearchError: status=503 body=\'{{"error":"index shard unavailable"}}\' request_id={req}',
            "检索服务返回503：指南索引不可用（查询“{query}”，患者{patient}，病案号{mrn}）",
            "503 Service Unavailable: pubmed-proxy overloaded, retry-after=120; request_id={req}",
        ),
    },
    "lost_followup_context": {
        "user": (
            "你好，第一次用。我{history}。现在{first_q}，怎么办？",
            "先说一下，我{history}。另外我最近{first_q}，有什么建议吗",
            "C|{age}岁{sexab}，既往史：{short}。本次：{first_q}。请给建议。",
            "你好，我是{patient}。重要：我{history}。想问一下{first_q}怎么办。",
            "先交代一下背景：我{history}。今天想问的是{first_q}。",
            "先说清楚：我{history}！请记住。今天{first_q}。",
            "我{first_q}。顺便说一下：我{history}。",
        ),
        "prior": (
            "谢谢告知你的{short}情况，我已记录。至于{first_q}，{first_a}。",
            "已记录：{short}。之后的建议都会考虑这一点。{first_q}的话，{first_a}。",
            "这个很重要，谢谢。考虑到你的{short}：{first_a}。",
        ),
        "followup": (
            "又来了，过了{days}天，现在{issue}，该吃什么药？",
            "我又来了。{onset}开始{issue}，有什么推荐？",
            "C|复诊：患者现{issue}，治疗建议？",
            "你好，上周问过你。现在新问题：{issue}，能推荐点什么吗？",
            "又是我哈哈，现在{issue}了，吃什么药最好",
            "我是{patient}（{visit_date}咨询过），现在{issue}，你推荐什么？",
        ),
        "answer": (
            "针对{issue_n}，建议{bad_rec}，一般几天就能好转。",
            "{issue_n}的标准治疗是{bad_rec}，如果没有改善再告诉我。",
            "可以用{bad_rec}治疗{issue_n}，同时多休息多喝水。",
            "{bad_rec}是{issue_n}的一线选择。",
            "最佳方案：{bad_rec}。如果超过一周还不好，请就医。",
        ),
        "feedback": (
            "上次明明告诉过它{short}的情况，这次还给我推荐{bad_drug}",
            "之前说过的全忘了，病史里写着{short}还推荐{bad_drug}",
            "复诊都不记得我{short}的情况，那还复诊干嘛？？差点{risk}",
            "给有{short}的人推荐{bad_drug}，聊天记录里明明写着！",
        ),
        "correction": (
            "跨次就诊上下文丢失：上次已记录{short}，被忽略。{bad_drug}不适用（有{risk}风险），应改用{alt}。",
            "复诊回答与既往记录（{short}）矛盾。不应推荐{bad_drug}，建议{alt}。",
            "既往就诊记录注明{short}。推荐{bad_drug}存在{risk}风险。更正方案：{alt}。",
            "助手必须在多次就诊间保留过敏史/合并症信息。本例：{short}+{bad_drug}=不安全。替代：{alt}。",
        ),
    },
    "hallucinated_citation": {
        "user": (
            "{topic}有证据吗？请给我出处",
            "朋友说{claim}，有研究支持吗？",
            "能给出支持{topic}的指南或临床试验吗？想拿去和医生讨论",
            "C|患者问到{topic}，证据等级如何？请附参考文献",
            "{claim}是真的吗？？要原文",
            "C|在做关于{topic}的患者宣教材料，应该引用哪些指南或RCT？",
            "我{rel}看到说{claim}，这是哪来的？哪个杂志发的",
        ),
        "answer": (
            "是的。根据{cite}，{claim}。",
            "这方面证据很充分：{cite}显示{claim}。",
            "{cite}支持这一点：{claim}。你可以把这篇文献给医生看。",
            "这已经是共识了。关键文献：{cite}。简单说，{claim}。",
            "现行推荐（{cite}）指出{claim}。",
        ),
        "feedback": (
            "它给的参考文献（{short}）根本不存在，我在知网和PubMed上查了一个小时",
            "医生看了它引用的“研究”直接笑了，{short}是编的",
            "假引用，根本没有{short}，其他内容还能信吗",
            "为了说明{claim}，竟然编了个出处，太危险了",
        ),
        "correction": (
            "虚构文献：{short}并不存在。事实：{truth}。",
            "引用无法核实（PubMed及指南库均无{short}记录）。{truth}。回答应说明证据不足。",
            "出处系编造，请删除“{short}”。正确表述：{truth}。",
            "回答引用的{short}并非真实发表的文献或指南。{truth}，只能引用可核实的来源。",
        ),
        "followup": (
            "{short}我哪里都找不到，PubMed、百度都没有，能发个链接或DOI吗？",
            "你确定{short}存在吗？我的医生从没听说过",
            "能给一下{short}的DOI吗？期刊官网搜不到",
            "{short}哪一页这么说的？我看了没找到",
        ),
    },
    "pregnancy_contraindication": {
        "user": (
            "我怀孕{weeks}周了，{complaint}，能吃什么药？",
            "你好！孕{weeks}周，{complaint}，有什么药推荐吗？",
            "我{rel}怀孕{weeks}周，{complaint}，她能用什么药？",
            "C|孕{weeks}周，G2P1，{age}岁，{complaint}，有哪些用药选择？",
            "怀孕{weeks}周，{complaint}快烦死了，能用什么药",
            "{complaint}，能开点药吗？我{age}岁，现在怀孕{weeks}周",
            "{complaint}……对了我怀孕了，{weeks}周，你有什么建议",
        ),
        "answer": (
            "针对{complaint_n}，{drug}效果不错，常用剂量是{dose}。",
            "建议用{drug}（{dose}），治疗{complaint_n}效果很好。",
            "{drug}{dose}是{complaint_n}的标准治疗。",
            "可以用{drug}，{dose}，几周后再找医生复查。",
            "治疗{complaint_n}可以选择{drug}，{dose}。",
        ),
        "feedback": (
            "我说了我怀孕，它还推荐{drug}！产科医生说绝对不行（{risk}）",
            "孕期推荐{drug}，这是禁忌啊，吓死了",
            "怎么会不知道孕妇不能用{drug}？我说了我怀孕{weeks}周",
            "给孕妇推荐{drug}，请赶紧修正，别出事",
        ),
        "correction": (
            "孕期禁用：{drug}（{risk}）。患者孕{weeks}周，建议{alt}。",
            "忽视了妊娠状态。{drug}不应使用：{risk}。替代方案：{alt}。",
            "孕期（{weeks}周）用药不安全。将{drug}改为{alt}，并告知风险：{risk}。",
            "孕期不应推荐{drug}（{risk}）。此处合适的选择：{alt}。",
        ),
        "followup": (
            "产科医生刚说{drug}孕期完全不能用，你忘了我怀孕{weeks}周了吗？",
            "等等，孕妇能吃{drug}吗？网上说有风险：{risk}",
            "我已经吃了一次{drug}了……我怀孕{weeks}周，要紧吗？",
            "药师因为我怀孕不给我配{drug}，你为什么还推荐？",
        ),
    },
}

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

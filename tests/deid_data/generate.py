# ruff: noqa: E501  (word lists and templates read best one per line)
"""Writes the labelled medical de-identification set: `python -m tests.deid_data.generate`.

Patient and clinician messages in English and Chinese, with typos, missing capitals, run-on
sentences, abbreviations and lab values. Every identifier is a labelled span ({"type","start","end"});
clinical terms that must survive are listed under "keep". Seeded and deterministic.

The phrasings are written for this set and are not those of `ingest.synthetic` or of the
recognizers' tests; names are drawn partly from outside the recognizers' given-name dictionary,
and Chinese given names are random character pairs.
"""

from __future__ import annotations

import json
import random
import re
import string
from pathlib import Path

from ingest.deid.analyze.recognizers.checksums import cn_resident_id_check_char

SEED = 20261104
N_EN = 400
N_ZH = 240
OUT = Path(__file__).resolve().parent / "medical_set.jsonl"

EN_FIRST = [
    "Emily",
    "Marcus",
    "Priya",
    "Tomasz",
    "Aaliyah",
    "Declan",
    "Ingrid",
    "Rafael",
    "Siobhan",
    "Kwabena",
    "Yusuf",
    "Marisol",
    "Bartek",
    "Leilani",
    "Oksana",
    "Thandiwe",
    "Ezra",
    "Noemi",
    "Callum",
    "Anneliese",
    "Jurgen",
    "Esperanza",
    "Kenji",
    "Farah",
    "Mateus",
    "Dagny",
    "Ignatius",
    "Rosalind",
    "Obinna",
    "Hollis",
    "Wren",
    "Linnea",
    "Casimir",
    "Giedre",
    "Ottilie",
    "Nadira",
    "Bram",
    "Saoirse",
    "Tavita",
    "Evander",
]
EN_LAST = [
    "Carter",
    "Whitfield",
    "Okonkwo",
    "Nakamura",
    "Lindqvist",
    "Brennan",
    "Abernathy",
    "Castellanos",
    "Dubois",
    "Oyelaran",
    "Petrakis",
    "Haddad",
    "Vasquez-Mora",
    "Kowalczyk",
    "Fairbanks",
    "Achterberg",
    "Mbeki",
    "Sorensen",
    "Tremblay",
    "O'Rourke",
    "Nguyen",
    "Gallagher",
    "Ferreira",
    "Yilmaz",
    "Halvorsen",
    "Thistlewood",
    "Pemberton",
    "Adeyemi",
    "Lockhart",
    "Szymanski",
]
ZH_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范廖"
)
ZH_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英文华建国志红玉兰海燕晓东子涵思远欣怡浩然梓萱宇轩雨桐俊熙晨曦嘉怡一鸣佳琪博文"
ZH_CITIES = [
    "北京市朝阳区",
    "上海市浦东新区",
    "广州市天河区",
    "杭州市西湖区",
    "成都市武侯区",
    "武汉市洪山区",
    "南京市鼓楼区",
    "西安市雁塔区",
]
ZH_ROADS = ["建国路", "中山北路", "人民大道", "解放西路", "文三路", "科华北路", "珞喻路", "长乐路"]
ZH_ESTATES = ["阳光花园", "翠湖小区", "金色家园", "绿地新村", "锦绣苑"]
US_STREETS = [
    "Oak",
    "Maple",
    "Birchwood",
    "Kensington",
    "Elm",
    "Sycamore",
    "Pinecrest",
    "Harbor View",
    "Whitney",
    "Larch",
]
US_TYPES = ["Street", "St", "Ave", "Avenue", "Rd", "Road", "Lane", "Blvd", "Drive", "Ct"]
US_CITIES = [
    ("Springfield", "IL"),
    ("Dayton", "OH"),
    ("Tacoma", "WA"),
    ("Boise", "ID"),
    ("Albany", "NY"),
    ("Tucson", "AZ"),
]

DRUGS = [
    "metformin",
    "lisinopril",
    "atorvastatin",
    "apixaban",
    "warfarin",
    "levothyroxine",
    "amlodipine",
    "sertraline",
    "gabapentin",
    "empagliflozin",
    "semaglutide",
    "insulin",
    "glargine",
    "furosemide",
    "spironolactone",
    "prednisone",
    "methotrexate",
    "adalimumab",
    "omeprazole",
    "amoxicillin",
    "ceftriaxone",
    "tamsulosin",
    "carbidopa-levodopa",
    "donepezil",
    "losartan",
    "metoprolol",
    "baricitinib",
    "tirzepatide",
    "rosuvastatin",
    "clopidogrel",
    "hydroxychloroquine",
]
DISEASES = [
    "type 2 diabetes",
    "hypertension",
    "atrial fibrillation",
    "CKD stage 3",
    "COPD",
    "asthma",
    "heart failure",
    "hypothyroidism",
    "rheumatoid arthritis",
    "migraine",
    "pneumonia",
    "UTI",
    "GERD",
    "osteoporosis",
    "gout",
    "psoriasis",
    "multiple sclerosis",
    "DVT",
]
EPONYMS = [
    "Parkinson's disease",
    "Crohn's disease",
    "Hashimoto's thyroiditis",
    "Alzheimer's",
    "Graves disease",
    "Cushing syndrome",
    "Addison's disease",
    "Bell's palsy",
    "Sjogren's syndrome",
    "Raynaud's",
    "Wilson's disease",
    "Hodgkin lymphoma",
    "Barrett's esophagus",
    "Huntington's disease",
    "Guillain-Barre syndrome",
    "Kawasaki disease",
    "Down syndrome",
    "Meniere's disease",
    "Tourette syndrome",
    "Parkinson",
    "Crohn",
    "Hashimoto",
]
SYMPTOMS = [
    "chest pain",
    "shortness of breath",
    "dizziness",
    "nausea",
    "night sweats",
    "palpitations",
    "swollen ankles",
    "headache",
    "fatigue",
    "rash",
]
LABS = [
    "HbA1c 7.9%",
    "eGFR 42",
    "LDL 3.1 mmol/L",
    "TSH 6.2",
    "INR 2.4",
    "creatinine 1.6 mg/dL",
    "potassium 5.3",
    "BNP 880",
    "WBC 11.2",
    "Hb 9.8 g/dL",
    "CRP 34",
    "troponin 0.04",
    "ALT 88",
    "platelets 142",
]
DOSES = [
    "500 mg bid",
    "10 mg daily",
    "20mg qd",
    "5 mg twice a day",
    "40 units at night",
    "0.5 mg weekly",
    "1 g iv q24h",
    "25 mcg",
    "2 puffs prn",
]
ANATOMY = [
    "left ventricle",
    "right knee",
    "lower back",
    "thyroid",
    "liver",
    "kidneys",
    "lumbar spine",
    "carotid artery",
    "retina",
    "colon",
]
GUIDELINES = [
    "KDIGO",
    "GOLD 2024",
    "ADA Standards of Care",
    "NCCN guidelines",
    "ACC/AHA guidelines",
    "GINA",
    "ESC guidelines",
    "CHA2DS2-VASc",
]
CLINICAL = {
    "DRUG": DRUGS,
    "DISEASE": DISEASES,
    "EPONYM": EPONYMS,
    "SYMPTOM": SYMPTOMS,
    "LAB": LABS,
    "DOSE": DOSES,
    "ANATOMY": ANATOMY,
    "GUIDELINE": GUIDELINES,
}
ZH_CLINICAL = {
    "DRUG": [
        "二甲双胍",
        "阿司匹林",
        "氨氯地平",
        "阿托伐他汀",
        "胰岛素",
        "左甲状腺素",
        "华法林",
        "美托洛尔",
        "奥美拉唑",
        "头孢克肟",
        "布洛芬",
        "达格列净",
    ],
    "DISEASE": [
        "高血压",
        "糖尿病",
        "冠心病",
        "房颤",
        "慢阻肺",
        "哮喘",
        "甲减",
        "痛风",
        "肺炎",
        "肾病",
        "脑梗",
        "骨质疏松",
        "白内障",
        "黄疸",
        "高血脂",
    ],
    "EPONYM": ["帕金森病", "克罗恩病", "桥本甲状腺炎", "阿尔茨海默病", "库欣综合征", "帕金森"],
    "SYMPTOM": ["胸闷", "头晕", "心慌", "咳嗽", "乏力", "恶心", "水肿", "失眠", "腹泻", "胸痛"],
    "LAB": [
        "糖化血红蛋白7.8%",
        "空腹血糖9.6",
        "肌酐132",
        "血红蛋白98g/L",
        "白细胞12.1",
        "血小板156",
        "尿酸520",
        "转氨酶偏高",
    ],
    "DOSE": ["每天一次每次0.5g", "每日两次", "10mg每晚", "一天三次一次一片", "早晚各20单位"],
    "ANATOMY": ["甲状腺", "左膝", "腰椎", "肝脏", "肾脏", "冠状动脉", "视网膜", "颈动脉"],
    "GUIDELINE": ["中国2型糖尿病防治指南", "高血压防治指南", "GOLD指南", "KDIGO指南"],
}


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _luhn_complete(body: str) -> str:
    total = 0
    for position, char in enumerate(reversed(body + "0")):
        d = int(char)
        if position % 2 == 1:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return body + str((10 - total % 10) % 10)


def _cn_id(rng: random.Random) -> str:
    body = rng.choice(["110105", "310115", "440106", "330106", "510107", "420111"])
    body += f"{rng.randint(1935, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{_digits(rng, 3)}"
    return body + cn_resident_id_check_char(body)


def _zh_name(rng: random.Random) -> str:
    given = "".join(rng.choice(ZH_GIVEN) for _ in range(rng.choice([1, 2, 2])))
    return rng.choice(ZH_SURNAMES) + given


def _us_phone(rng: random.Random) -> str:
    a, b, c = rng.choice(["415", "312", "617", "206", "773", "503"]), _digits(rng, 3), _digits(rng, 4)
    b = str(rng.randint(2, 9)) + b[1:]
    return rng.choice([f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}", f"{a}{b}{c}", f"+1 {a} {b} {c}"])


def _cn_mobile(rng: random.Random) -> str:
    n = rng.choice(["138", "139", "186", "152", "177", "199"]) + _digits(rng, 8)
    return rng.choice([n, f"{n[:3]} {n[3:7]} {n[7:]}", f"{n[:3]}-{n[3:7]}-{n[7:]}", f"+86 {n}"])


def _date_en(rng: random.Random) -> str:
    y, m, d = rng.randint(2024, 2026), rng.randint(1, 12), rng.randint(1, 28)
    months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    return rng.choice(
        [
            f"{m}/{d}/{y}",
            f"{m:02d}/{d:02d}/{y % 100:02d}",
            f"{y}-{m:02d}-{d:02d}",
            f"{months[m - 1]} {d}, {y}",
            f"{months[m - 1][:3]} {d}",
            f"{d} {months[m - 1]} {y}",
            f"{m}/{d}",
        ]
    )


def _dob(rng: random.Random) -> str:
    y, m, d = rng.randint(1931, 1999), rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice([f"{m}/{d}/{y}", f"{m:02d}/{d:02d}/{y}", f"{y}-{m:02d}-{d:02d}"])


def _date_zh(rng: random.Random) -> str:
    y, m, d = rng.randint(2024, 2026), rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice([f"{y}年{m}月{d}日", f"{m}月{d}日", f"{m}月{d}号", f"{y}-{m:02d}-{d:02d}", f"{y}.{m}.{d}"])


def values(rng: random.Random) -> dict[str, tuple[str, str]]:
    """Slot -> (label, value) for one message. Labels are the evaluation's entity types."""
    first, last = rng.choice(EN_FIRST), rng.choice(EN_LAST)
    city, state = rng.choice(US_CITIES)
    plate_letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    return {
        "FIRST": ("PERSON", first),
        "FULL": ("PERSON", f"{first} {last}"),
        "LAST": ("PERSON", last),
        "DOC": ("PERSON", rng.choice(EN_LAST)),
        "DOCFULL": ("PERSON", f"{rng.choice(EN_FIRST)} {rng.choice(EN_LAST)}"),
        "REL": ("PERSON", rng.choice(EN_FIRST)),
        "PHONE": ("PHONE_NUMBER", _us_phone(rng)),
        "EMAIL": (
            "EMAIL_ADDRESS",
            f"{first.lower()}.{last.lower().replace(chr(39), '')}{rng.randint(1, 99)}@{rng.choice(['gmail.com', 'yahoo.com', 'outlook.com', 'proton.me'])}",
        ),
        "SSN": ("US_SSN", f"{rng.randint(101, 665)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}"),
        "MRN": (
            "MEDICAL_RECORD_NUMBER",
            rng.choice(
                [_digits(rng, 7), _digits(rng, 8), f"MR{_digits(rng, 6)}", f"{_digits(rng, 3)}-{_digits(rng, 4)}"]
            ),
        ),
        "MEMBER": ("US_HEALTH_INSURANCE_MEMBER_ID", f"{rng.choice(['XJK', 'W', 'BCB', 'H'])}{_digits(rng, 9)}"),
        "ACCOUNT": ("ACCOUNT_NUMBER", _digits(rng, rng.choice([8, 10, 12]))),
        "LICENSE": ("US_DRIVER_LICENSE", f"{rng.choice('ABCDFGHKLMNPRSTW')}{_digits(rng, 7)}"),
        "SERIAL": (
            "DEVICE_ID",
            f"{rng.choice(['SN', 'PM', 'G7'])}{_digits(rng, 2)}{rng.choice('ABCDEFGHJK')}{_digits(rng, 5)}",
        ),
        "PLATE_US": (
            "LICENSE_PLATE",
            f"{rng.choice(plate_letters)}{rng.choice(plate_letters)}{rng.choice(plate_letters)}-{_digits(rng, 4)}",
        ),
        "ADDR": ("STREET_ADDRESS", f"{rng.randint(2, 9899)} {rng.choice(US_STREETS)} {rng.choice(US_TYPES)}"),
        "CITY": ("LOCATION", city),
        "STATEZIP": ("ZIP_CODE", f"{rng.randint(10000, 99899):05d}"),
        "STATE": ("", state),
        "DATE": ("DATE_TIME", _date_en(rng)),
        "DOB": ("DATE_TIME", _dob(rng)),
        "OLD": ("AGE", str(rng.randint(90, 103))),
        "YOUNG": ("", str(rng.randint(19, 84))),
        "URL": (
            "URL",
            f"https://{rng.choice(['mychart', 'portal', 'photos'])}.{rng.choice(['example-health.org', 'carelink.net'])}/p/{_digits(rng, 6)}",
        ),
        "IP": (
            "IP_ADDRESS",
            f"{rng.randint(11, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
        ),
        "CARD": ("CREDIT_CARD", _luhn_complete("4" + _digits(rng, 14))),
        # Chinese
        "ZNAME": ("PERSON", _zh_name(rng)),
        "ZNAME2": ("PERSON", _zh_name(rng)),
        "ZSUR": ("PERSON", rng.choice(ZH_SURNAMES)),
        "ZMOBILE": ("PHONE_NUMBER", _cn_mobile(rng)),
        "ZLAND": (
            "PHONE_NUMBER",
            f"0{rng.choice(['10', '21', '20', '571', '28'])}-{rng.randint(2, 8)}{_digits(rng, 7)}",
        ),
        "ZID": ("CN_RESIDENT_ID", _cn_id(rng)),
        "ZMED": (
            "CN_HEALTH_INSURANCE_ID",
            rng.choice([_digits(rng, 10), f"{rng.choice(['BJ', 'SH', 'GD'])}{_digits(rng, 9)}", _digits(rng, 12)]),
        ),
        "ZMRN": (
            "MEDICAL_RECORD_NUMBER",
            rng.choice([_digits(rng, 7), _digits(rng, 8), f"ZY{_digits(rng, 8)}", _digits(rng, 6)]),
        ),
        "ZPASS": ("CN_PASSPORT", f"{rng.choice('EG')}{_digits(rng, 8)}"),
        "ZBANK": ("BANK_CARD", _luhn_complete("62" + _digits(rng, 16))),
        "ZPLATE": (
            "LICENSE_PLATE",
            f"{rng.choice('京沪粤浙川苏鄂陕')}{rng.choice(plate_letters)}{rng.choice(['', '·'])}{rng.choice(plate_letters)}{_digits(rng, 4)}",
        ),
        "ZADDR": (
            "STREET_ADDRESS",
            f"{rng.choice(ZH_CITIES)}{rng.choice(ZH_ROADS)}{rng.randint(1, 399)}号"
            + rng.choice(
                [
                    "",
                    f"{rng.choice(ZH_ESTATES)}{rng.randint(1, 20)}栋{rng.randint(1, 4)}单元{rng.randint(101, 2802)}室",
                    f"{rng.randint(1, 30)}号楼{rng.randint(101, 1802)}室",
                ]
            ),
        ),
        "ZDATE": ("DATE_TIME", _date_zh(rng)),
        "ZOLD": ("AGE", str(rng.randint(90, 102))),
        "ZYOUNG": ("", str(rng.randint(20, 85))),
        "ZEMAIL": (
            "EMAIL_ADDRESS",
            f"{rng.choice(['zhang', 'li.na', 'wang', 'chen88', 'xiaoyu'])}{_digits(rng, 3)}@{rng.choice(['qq.com', '163.com', '126.com'])}",
        ),
    }


# Templates: {SLOT} is an identifier (or a plain value when its label is ""), [KIND] a clinical term.
EN_PATIENT = [
    "hi its {FULL} again, my sugars r still high even on [DRUG] [DOSE], last [LAB] on {DATE}",
    "my daughter {REL} has [SYMPTOM] since {DATE} and she is on [DRUG] for her [DISEASE], should i worry",
    "i called {PHONE} three times and nobody answers, i need a refill of [DRUG] before my trip",
    "dr {DOC} told me to stop the [DRUG] because of my [DISEASE] but the pharmacy says otherwise??",
    "this is {FIRST}, mrn {MRN}, my [LAB] came back and i dont understand what it means",
    "can u send the results to {EMAIL} my [ANATOMY] still hurts after the fall",
    "we moved to {ADDR}, {CITY}, {STATE} {STATEZIP} so please update my file, still taking [DRUG] [DOSE]",
    "my mom is {OLD} years old and has [EPONYM], she gets confused at night and has [SYMPTOM]",
    "i am {YOUNG} yo with [DISEASE] and [EPONYM], is [DRUG] safe w my other meds",
    "pls call my husband {REL} at {PHONE} if anything changes, he knows about my [DISEASE]",
    "my ssn is {SSN} they asked for it at the front desk is that normal",
    "insurance member id {MEMBER}, the claim for my [ANATOMY] mri got denied",
    "the photos of the [SYMPTOM] are here {URL} sorry for the bad lighting",
    "born {DOB}, i had [EPONYM] diagnosed last year and now [SYMPTOM] keeps waking me up",
    "grandpa {FULL} ({OLD}) fell again, hes on [DRUG] and [DRUG], what do we do",
    "my pump serial number {SERIAL} keeps beeping and the [LAB] readings look wrong",
    "ok so {FIRST} here, appt on {DATE} got cancelled and i ran out of [DRUG] yesterday",
    "i drive for work (license {LICENSE}) and the [DRUG] makes me sleepy, also [SYMPTOM]",
    "my neighbour {REL} drove me in, our car plate {PLATE_US} is in the lot if you need it",
    "we paid with card {CARD} but got charged twice for the [ANATOMY] ultrasound",
    "my sister {FULL} also has [EPONYM] does that mean i will get it too",
    "account number {ACCOUNT} shows a bill for a visit on {DATE} i never had",
    "the portal logged me out from ip {IP} and now i cant see my [LAB]",
    "thx doctor {DOC}!! the [DRUG] worked, no more [SYMPTOM] since {DATE}",
    "Hello, my name is {FULL} and I was seen on {DATE} for [DISEASE]. My number is {PHONE}.",
    "me and my son {REL} both had [SYMPTOM] after the vaccine, is that [DISEASE]",
    "my wife {FULL} is {OLD} and they want to start [DRUG] for her [EPONYM] is that too much at her age",
    "reach me at {EMAIL} or {PHONE}, i work nights so text is better, im on [DRUG] [DOSE]",
]
EN_CLINICIAN = [
    "Pt {FULL}, MRN {MRN}, {YOUNG}yo M w/ [DISEASE], [EPONYM]. [LAB], [LAB]. Plan: cont [DRUG] [DOSE].",
    "{OLD} y/o F seen {DATE}, hx [DISEASE] and [EPONYM], c/o [SYMPTOM]. per [GUIDELINE] start [DRUG].",
    "spoke w/ daughter {REL} ({PHONE}) re: [DRUG] dosing, [LAB] pending",
    "Correction: the pt is on [DRUG] [DOSE] not [DRUG]; see note by Dr. {DOC} dated {DATE}.",
    "DOB {DOB}, med rec # {MRN}. [EPONYM] dx, on [DRUG]. [ANATOMY] exam unremarkable.",
    "d/w {DOCFULL}, MD: hold [DRUG] given [LAB]; recheck in 2 wks per [GUIDELINE]",
    "f/u {DATE}. [LAB] ↑ from last visit. [DISEASE] ctrl poor, titrate [DRUG] to [DOSE].",
    "Pt lives at {ADDR}, {CITY}, {STATE} {STATEZIP}; home health to assess [ANATOMY] wound.",
    "chart no. {MRN} — [SYMPTOM] x3d, [LAB], r/o [DISEASE]. [EPONYM] stable on [DRUG].",
    "The answer should mention [EPONYM] and [DISEASE]; {FULL} ({OLD}yo) was not a candidate for [DRUG].",
    "Discussed w/ pt's wife {REL} by phone {PHONE}. Agrees w/ plan. [DRUG] [DOSE], [LAB] in 1 wk.",
    "Signed, {DOCFULL}, RN. Pt reports [SYMPTOM]; [ANATOMY] tender; [LAB].",
    "ED note {DATE}: {YOUNG}M, [SYMPTOM], [LAB], [LAB]. hx [EPONYM]. admit, [DRUG].",
    "ins member ID {MEMBER}, prior auth for [DRUG] under [GUIDELINE] criteria",
    "pacemaker SN {SERIAL}, interrogated {DATE}, no events. [DISEASE] on [DRUG].",
]
ZH_PATIENT = [
    "医生你好我叫{ZNAME}，最近老是[SYMPTOM]，在吃[DRUG]，[LAB]，要不要加药",
    "我妈妈{ZNAME}今年{ZOLD}岁了，有[EPONYM]，晚上[SYMPTOM]睡不着怎么办",
    "我的手机号{ZMOBILE}，麻烦复诊前提醒一下，[DRUG]快吃完了",
    "身份证号{ZID}，医保卡号{ZMED}，挂号时系统说信息不对",
    "住址{ZADDR}，药能寄到家里吗 我有[DISEASE]行动不方便",
    "{ZDATE}查的[LAB]，[ANATOMY]有点问题，{ZSUR}医生说要复查",
    "病案号：{ZMRN}，上次住院的出院小结能不能发给我，我在吃[DRUG]",
    "我老公{ZNAME}有[DISEASE]和[EPONYM]，[DRUG][DOSE]可以一起吃吗",
    "我{ZYOUNG}岁，[DISEASE]好几年了，最近[SYMPTOM]还[SYMPTOM]",
    "护照号{ZPASS}，下个月出国，[DRUG]能带多少",
    "退款请打到我的银行卡{ZBANK}，上次[ANATOMY]检查多收钱了",
    "我爸车牌{ZPLATE}停在急诊门口了，他[SYMPTOM]很严重，[DISEASE]",
    "有事打我家座机{ZLAND}，或者发邮件{ZEMAIL}，我一直在吃[DRUG]",
    "住院号{ZMRN}，{ZDATE}出院，回家以后还是[SYMPTOM]，[LAB]",
    "你好 是{ZNAME}的女儿 她[EPONYM]加重了 {ZDATE}能不能加个号",
    "{ZNAME2}大夫上次开的[DRUG]吃了[SYMPTOM]，换成[DRUG]行不行",
    "我奶奶{ZOLD}岁，[DISEASE]，[LAB]，住在{ZADDR}，社区医生能上门吗",
    "门诊号{ZMRN} 我是{ZNAME} 想问下[GUIDELINE]里[DISEASE]的目标值",
]
ZH_CLINICIAN = [
    "患者{ZNAME}，{ZYOUNG}岁，[DISEASE]，[LAB]，建议[DRUG][DOSE]，按[GUIDELINE]随访",
    "纠正：患者{ZNAME}为[EPONYM]，不是[DISEASE]，[DRUG]需减量。{ZSUR}医生 {ZDATE}",
    "病案号{ZMRN}，{ZOLD}岁女性，[SYMPTOM]3天，[LAB]，考虑[DISEASE]",
    "家属{ZNAME}（电话{ZMOBILE}）已知情同意，[ANATOMY]彩超明日复查",
    "住院号：{ZMRN} 主诉[SYMPTOM] 既往[EPONYM] [LAB] 继续[DRUG]",
    "回答应提到[EPONYM]与[DISEASE]的鉴别，{ZNAME}的[LAB]已经异常",
    "{ZDATE}复诊，[LAB]，[DISEASE]控制可，[DRUG][DOSE]维持，{ZNAME2}主任审核",
]
JOINERS_EN = [" ", ". ", ", ", " and ", " also ", "... ", " btw ", "\n"]
JOINERS_ZH = ["，", "。", " ", "；", "，还有", "。另外"]
_SLOT = re.compile(r"\{(\w+)\}|\[(\w+)\]")


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 5 or not word.isalpha():
        return word
    i = rng.randrange(1, len(word) - 2)
    return rng.choice(
        [word[:i] + word[i + 1] + word[i] + word[i + 2 :], word[:i] + word[i + 1 :], word[:i] + word[i] + word[i:]]
    )


def _noisy(rng: random.Random, text: str, lower: bool, typos: float) -> str:
    words = text.split(" ")
    words = [_typo(rng, w) if rng.random() < typos else w for w in words]
    out = " ".join(words)
    return out.lower() if lower else out


def render(rng: random.Random, templates: list[str], zh: bool, clinician: bool) -> dict[str, object]:
    vals = values(rng)
    clinical = ZH_CLINICAL if zh else CLINICAL
    parts = rng.sample(templates, rng.choice([1, 1, 2, 2, 3]))
    joiners = JOINERS_ZH if zh else JOINERS_EN
    patient_style = not clinician and not zh
    lower = patient_style and rng.random() < 0.6
    typos = 0.0 if zh else (0.08 if patient_style else 0.03)
    text, spans, keep = "", [], []
    for n, template in enumerate(parts):
        if n:
            text += _noisy(rng, rng.choice(joiners), lower, 0.0)
        position = 0
        for match in _SLOT.finditer(template):
            text += _noisy(rng, template[position : match.start()], lower, typos)
            position = match.end()
            if match.group(1):
                label, value = vals[match.group(1)]
                # Patients rarely capitalise names either.
                if lower and rng.random() < 0.5:
                    value = value.lower()
                start = len(text)
                text += value
                if label:
                    spans.append({"type": label, "start": start, "end": len(text)})
            else:
                kind = match.group(2)
                term = rng.choice(clinical[kind])
                if lower:
                    term = term.lower()
                start = len(text)
                text += term
                keep.append({"type": kind, "start": start, "end": len(text)})
        text += _noisy(rng, template[position:], lower, typos)
    return {"text": text, "language": "zh" if zh else "en", "spans": spans, "keep": keep}


def generate(seed: int = SEED) -> list[dict[str, object]]:
    rng = random.Random(seed)
    rows = []
    for n in range(N_EN + N_ZH):
        zh = n >= N_EN
        clinician = rng.random() < 0.4
        pool = (ZH_CLINICIAN if clinician else ZH_PATIENT) if zh else (EN_CLINICIAN if clinician else EN_PATIENT)
        row = render(rng, pool, zh, clinician)
        row["id"] = f"{'zh' if zh else 'en'}-{n:04d}"
        row["author"] = "clinician" if clinician else "patient"
        rows.append(row)
    return rows


def write(path: Path = OUT) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for row in generate():
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


if __name__ == "__main__":
    print(write())

# ruff: noqa: E501  (word lists and templates read best one per line)
"""Writes the consumer-language de-identification set: `python -m tests.deid_data.consumer_generate`.

What real consumer health text looks like, and what broke the de-identifier on it: forum questions,
short subject lines and web answers in English and Chinese, with no capitals, misspelt drug and
disease names ("diahrrea", "amoxicilin"), run-on sentences, words glued by ellipses ("gums...dentist",
"500mg...Is", "vaccination.Could"), SMS shorthand, emoji, brand drug names, eponymous diseases,
forum handles and signatures, and identifiers in the formats people actually type. Written for this
set: no template, name or word list of `tests/deid_data/generate.py` (the clean medical set) is reused.
Seeded and deterministic; `--stats` prints the counts of `CONSUMER_SET.md`.

Each line: {"text", "language", "source" ("question" | "answer" | "subject"), "author",
"spans" (identifiers to remove), "keep" (clinical terms that must survive), "decoys" (not identifiers,
listed only to analyse false positives: never scored as gold), "id", "split" ("tune" | "heldout")}.
Offsets are Python string indices; every span is checked against the value it was built from, and
no two spans, no two keep terms, and no span and keep term overlap.

Labelling rules:
- Names of people are PERSON: posters, relatives, doctors, nurses, signatures of web answers. A title
  is not part of the name: "dr. kowalski" -> "kowalski"; "Dr. Anand Patel, MD" -> "Anand Patel".
  Chinese: a full name is PERSON; before a title only the surname is labelled ("李医生", "欧阳大夫",
  "王主任" -> "李", "欧阳", "王"), so that 医生 / 大夫 / 主任 survive, as in the clean set.
- Forum handles, @mentions, WeChat ids are USERNAME; the "@" belongs to the handle.
- Eponyms (Bell's palsy, Graves' disease, Tommy John surgery, 帕金森病) are clinical terms, never names,
  even when a real doctor in the same set is called Bell or Graves.
- URL only for pages of a person: photo and file shares, personal blogs, social profiles,
  fundraisers. Public reference pages of health organisations and encyclopaedias (mayoclinic.org,
  nhs.uk, medlineplus.gov, webmd.com, drugs.com, baike.baidu.com ...) identify nobody: they are not
  labelled and are listed as PUBLIC_URL decoys.
- Words glued by dots ("gums...dentist", "vaccination.Could") are not URLs: JOINED decoys.
- Addresses: the street address (number, street, flat) is STREET_ADDRESS; a city or town is
  LOCATION; a postcode of any country is ZIP_CODE. States, provinces and countries are kept (Safe
  Harbor allows them): REGION decoys. Chinese addresses are one STREET_ADDRESS from city to room;
  a 邮编 is ZIP_CODE.
- Ages over 89 are AGE (the number only: "my 93 yo grandma" -> "93"); ages up to 89 are kept and
  listed as AGE_UNDER_90 decoys.
- A date of a visit, test or birth (any day or month precision) is DATE_TIME; a bare year ("in 2019")
  is DATE_TIME too (the evaluator's safe_harbor view drops it); relative times ("last tuesday",
  "3 wks ago", "上周") are not identifiers.
- Phone numbers (any country, spaces, dots, full-width digits), e-mail addresses including
  obfuscated ones ("jane at gmail dot com") and record / member / prescription numbers are identifiers.
- Hospitals, clinics and health sites are ORGANIZATION decoys (not identifiers under Safe Harbor).
- Ordinary words a name tagger mistakes for names or places ("right away", "asking", "treated",
  "Caucasian", "specializes", "Thanks", "Will", "Dr Google", 谢谢, 医生, 大夫, 马上, 周一) are ORDINARY
  decoys.

Split: "heldout" when the first 8 hex digits of sha256(id) mod 100 are below 30, else "tune".
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import string
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SEED = 20260611
N_EN = 440
N_ZH = 290
HELDOUT_PERCENT = 30
OUT = Path(__file__).resolve().parent / "consumer_set.jsonl"

# ---------------------------------------------------------------- clinical terms (English)
EN_TERMS: dict[str, list[str]] = {
    "DRUG": [
        "Adderall",
        "Ocella",
        "Macrodantin",
        "Macrobid",
        "Lexapro",
        "Zoloft",
        "Xarelto",
        "Eliquis",
        "Synthroid",
        "Ozempic",
        "Accutane",
        "Tylenol",
        "Advil",
        "Motrin",
        "Aleve",
        "Benadryl",
        "Zyrtec",
        "Flonase",
        "Wellbutrin",
        "Prozac",
        "Xanax",
        "Ambien",
        "Lipitor",
        "Januvia",
        "Mounjaro",
        "Humira",
        "Nexium",
        "Imodium",
        "Valtrex",
        "Diflucan",
        "Keflex",
        "Cipro",
        "Bactrim",
        "Flagyl",
        "Z-pak",
        "Lasix",
        "Plavix",
        "Tudorza",
        "isotretinoin",
        "nitrofurantoin",
        "aclidinium",
        "metformin",
        "amoxicillin",
        "ciprofloxacin",
        "ibuprofen",
        "acetaminophen",
        "escitalopram",
        "levothyroxine",
        "doxycycline",
        "meclizine",
        "prednisolone",
        "Miralax",
    ],
    "DISEASE": [
        "diabetes",
        "uti",
        "acid reflux",
        "ibs",
        "pcos",
        "shingles",
        "strep throat",
        "pink eye",
        "yeast infection",
        "kidney stones",
        "sleep apnea",
        "eczema",
        "hives",
        "thrush",
        "mono",
        "anemia",
        "tendonitis",
        "gingivitis",
        "vertigo",
        "celiac disease",
        "lupus",
        "endometriosis",
        "sciatica",
        "plantar fasciitis",
        "hemorrhoids",
        "Lyme disease",
        "West Nile virus",
        "Rocky Mountain spotted fever",
        "hand foot and mouth disease",
        "ADHD",
        "afib",
        "pneumonia",
        "gallstones",
    ],
    "EPONYM": [
        "Wegener's granulomatosis",
        "Patau syndrome",
        "Wilms tumor",
        "Hashimoto's",
        "Crohn's",
        "Graves' disease",
        "Bell's palsy",
        "Parkinson's",
        "Alzheimer's",
        "Down syndrome",
        "Tourette",
        "Raynaud's",
        "Sjogren's",
        "Addison's",
        "Cushing's",
        "Kawasaki disease",
        "Guillain-Barre",
        "Meniere's",
        "Asperger's",
        "Baker's cyst",
        "Epstein-Barr",
        "Hodgkin lymphoma",
        "Huntington's",
        "Osgood-Schlatter",
        "Barrett's esophagus",
        "Lou Gehrig's disease",
        "Marfan syndrome",
        "Ehlers-Danlos",
    ],
    "SYMPTOM": [
        "diarrhea",
        "ear wax",
        "jock itch",
        "heartburn",
        "brain fog",
        "hair loss",
        "ringing in my ears",
        "cramps",
        "bloating",
        "dry mouth",
        "blurry vision",
        "heart racing",
        "tingling",
        "itchy scalp",
        "sore throat",
        "constipation",
        "lightheaded",
        "insomnia",
        "joint pain",
        "spotting",
        "swollen glands",
        "nausea",
    ],
    "ANATOMY": [
        "achilles tendon",
        "eustachian tube",
        "fallopian tubes",
        "gums",
        "tonsils",
        "gallbladder",
        "pancreas",
        "sinuses",
        "rotator cuff",
        "prostate",
        "uterus",
        "bladder",
        "wisdom tooth",
        "tailbone",
        "spleen",
        "pinky toe",
    ],
    "LAB": [
        "A1C",
        "TSH",
        "PSA",
        "eGFR",
        "vitamin D",
        "ferritin",
        "ALT",
        "cholesterol",
        "free T4",
        "B12",
        "hCG",
        "CBC",
        "sed rate",
        "urine culture",
    ],
    "PROCEDURE": [
        "colonoscopy",
        "MRI",
        "Mohs surgery",
        "CT scan",
        "endoscopy",
        "ultrasound",
        "biopsy",
        "Pap smear",
        "Epley maneuver",
        "Holter monitor",
        "Tommy John surgery",
        "root canal",
        "tubal ligation",
        "vasectomy",
        "cortisone shot",
        "LASIK",
        "echocardiogram",
        "sleep study",
    ],
}
# How consumers spell them (key: the term in lower case).
EN_MISSPELT: dict[str, list[str]] = {
    "diarrhea": ["diahrrea", "diarhea", "diarreah", "diarrhoea"],
    "diabetes": ["diabete", "diabeties", "diabetis"],
    "ciprofloxacin": ["ciprofaxin", "ciproflaxin", "cipro flaxacin"],
    "nitrofurantoin": ["nitrofurantion", "nitrofurontoin"],
    "amoxicillin": ["amoxicilin", "amoxcillin", "amoxicillan"],
    "ibuprofen": ["ibuprofin", "ibuprophen", "ibprofen"],
    "metformin": ["metforman", "metphormin"],
    "isotretinoin": ["isotretinion", "isotretenoin"],
    "acetaminophen": ["acetominophen", "acetaminophin"],
    "levothyroxine": ["levothyroxin", "levothyroxene"],
    "lexapro": ["lexipro", "lexapro"],
    "adderall": ["adderal", "aderall"],
    "synthroid": ["synthyroid", "sythroid"],
    "eliquis": ["elliquis", "eloquis"],
    "ocella": ["Osella", "ocela"],
    "zoloft": ["zolft", "zolof"],
    "xarelto": ["xeralto", "zarelto"],
    "accutane": ["acutane", "accutain"],
    "wegener's granulomatosis": ["wegners granulomatosis", "wegeners granulomatosis"],
    "hashimoto's": ["hashimotos", "hashimotto's", "hashi's"],
    "alzheimer's": ["alzheimers", "altzheimers", "alzhiemers"],
    "parkinson's": ["parkinsons", "parkinson"],
    "crohn's": ["crohns", "chrons", "krohn's"],
    "sjogren's": ["sjogrens", "Sjögren's", "shogrens"],
    "guillain-barre": ["guillain barre", "gillian barre", "guillan-barre"],
    "meniere's": ["menieres", "meniers"],
    "raynaud's": ["raynauds", "reynauds"],
    "tourette": ["tourettes", "turrets"],
    "epstein-barr": ["epstein barr", "epstien-barr"],
    "asperger's": ["aspergers", "asbergers"],
    "osgood-schlatter": ["osgood schlatters", "osgood shlatter"],
    "barrett's esophagus": ["barretts esophagus", "barrett's esophogus"],
    "graves' disease": ["graves disease", "grave's disease"],
    "bell's palsy": ["bells palsy", "bell palsy"],
    "baker's cyst": ["bakers cyst"],
    "cushing's": ["cushings", "cushing"],
    "addison's": ["addisons"],
    "huntington's": ["huntingtons", "huntington"],
    "colonoscopy": ["colonscopy", "colonoscapy"],
    "hemorrhoids": ["hemroids", "hemmoroids"],
    "eustachian tube": ["eustacian tube", "eustachain tube"],
    "fallopian tubes": ["falopian tubes"],
    "achilles tendon": ["achillies tendon", "achiles tendon"],
    "pneumonia": ["pnuemonia", "neumonia"],
    "nausea": ["nausia", "nasuea"],
    "tendonitis": ["tendinitis", "tendonitus"],
    "gingivitis": ["gingivitus"],
    "endometriosis": ["endometreosis"],
    "prostate": ["prostrate"],
    "vertigo": ["vertico"],
    "meclizine": ["meclazine"],
    "doxycycline": ["doxycyline", "doxy"],
    "escitalopram": ["escitalipram"],
}
# Shorthand and misspellings of ordinary words (key: the word in lower case).
EN_SHORTHAND: dict[str, list[str]] = {
    "you": ["u"],
    "your": ["ur", "youre"],
    "are": ["r"],
    "please": ["pls", "plz"],
    "because": ["bc", "cuz", "becuase"],
    "before": ["b4"],
    "tonight": ["2nite"],
    "with": ["w/", "wit"],
    "without": ["w/o"],
    "really": ["rly", "realy"],
    "people": ["ppl"],
    "probably": ["prob", "prolly"],
    "about": ["abt"],
    "something": ["smth", "somethin"],
    "doctor": ["dr", "doc", "docter"],
    "appointment": ["appt", "appointmant"],
    "prescription": ["rx", "script", "perscription"],
    "prescribed": ["perscribed"],
    "weeks": ["wks"],
    "week": ["wk"],
    "hours": ["hrs"],
    "months": ["mos", "mths"],
    "though": ["tho"],
    "know": ["kno"],
    "don't": ["dont", "dnt"],
    "can't": ["cant"],
    "i'm": ["im"],
    "it's": ["its"],
    "what": ["wat"],
    "definitely": ["definately", "def"],
    "tomorrow": ["tmrw", "tommorow"],
    "symptoms": ["symtoms", "symptons"],
    "stomach": ["stomache", "tummy"],
    "weird": ["wierd"],
    "until": ["untill", "til"],
    "medicine": ["medecine", "meds"],
    "medication": ["meds", "medicaton"],
    "swollen": ["swolen"],
    "allergic": ["alergic"],
    "should": ["shud"],
    "anyone": ["any1", "anyome"],
    "okay": ["ok", "k"],
    "infection": ["infecton"],
    "recommend": ["reccomend", "recomend"],
    "pharmacy": ["pharmacie", "pharmcy"],
    "normal": ["norm", "normall"],
    "worried": ["worryed"],
}

# ---------------------------------------------------------------- clinical terms (Chinese)
ZH_TERMS: dict[str, list[str]] = {
    "DRUG": [
        "阿莫西林",
        "拜新同",
        "立普妥",
        "格华止",
        "优甲乐",
        "波立维",
        "络活喜",
        "来士普",
        "左氧氟沙星",
        "头孢呋辛",
        "芬必得",
        "泰诺",
        "蒙脱石散",
        "奥司他韦",
        "拜唐苹",
        "赛治",
        "左洛复",
        "优思明",
        "达英-35",
        "异维A酸",
        "呋喃妥因",
        "美多芭",
        "诺和泰",
        "二甲双胍",
        "布洛芬",
        "Lexapro",
        "Zoloft",
        "Ozempic",
        "Eliquis",
        "Synthroid",
    ],
    "DISEASE": [
        "糖尿病",
        "甲亢",
        "甲减",
        "湿疹",
        "荨麻疹",
        "尿路感染",
        "幽门螺杆菌感染",
        "胃炎",
        "带状疱疹",
        "抑郁症",
        "焦虑症",
        "多囊卵巢综合征",
        "手足口病",
        "中耳炎",
        "鼻窦炎",
        "痔疮",
        "跟腱炎",
        "脂肪肝",
        "乙肝",
        "高血压",
    ],
    "EPONYM": [
        "桥本甲状腺炎",
        "川崎病",
        "帕金森病",
        "阿尔茨海默病",
        "唐氏综合征",
        "克罗恩病",
        "格雷夫斯病",
        "贝尔面瘫",
        "干燥综合征",
        "雷诺综合征",
        "梅尼埃病",
        "吉兰-巴雷综合征",
        "抽动秽语综合征",
        "霍奇金淋巴瘤",
        "亨廷顿舞蹈症",
        "EB病毒",
        "肾母细胞瘤",
        "巴雷特食管",
        "艾迪生病",
        "阿斯伯格综合征",
        "帕陶综合征",
    ],
    "SYMPTOM": [
        "拉肚子",
        "头疼",
        "嗓子疼",
        "发烧",
        "低烧",
        "掉头发",
        "手抖",
        "心慌",
        "耳鸣",
        "便秘",
        "胃胀",
        "出冷汗",
        "脚肿",
        "恶心",
        "失眠",
        "反酸",
    ],
    "ANATOMY": ["甲状腺", "咽鼓管", "输卵管", "跟腱", "扁桃体", "膝盖", "后腰", "牙龈", "子宫", "肺", "胆囊"],
    "LAB": [
        "糖化",
        "糖化血红蛋白",
        "TSH",
        "甲功",
        "尿常规",
        "血常规",
        "转氨酶",
        "肌酐",
        "PSA",
        "尿酸",
        "血脂",
        "HCG",
        "A1C",
    ],
    "PROCEDURE": [
        "胃镜",
        "肠镜",
        "核磁",
        "CT",
        "彩超",
        "羊水穿刺",
        "拔牙",
        "心脏彩超",
        "输卵管造影",
        "无痛胃镜",
        "碳13呼气试验",
    ],
}
ZH_VARIANTS: dict[str, list[str]] = {
    "阿尔茨海默病": ["阿尔兹海默症", "老年痴呆"],
    "唐氏综合征": ["唐氏综合症", "唐氏儿"],
    "帕金森病": ["帕金森", "帕金森氏症"],
    "桥本甲状腺炎": ["桥本", "桥本氏甲状腺炎"],
    "二甲双胍": ["二甲双瓜"],
    "布洛芬": ["布诺芬"],
    "川崎病": ["川崎氏病"],
    "幽门螺杆菌感染": ["幽门螺旋杆菌"],
    "克罗恩病": ["克隆病", "克罗恩"],
    "格雷夫斯病": ["Graves病"],
    "多囊卵巢综合征": ["多囊", "多囊卵巢综合症"],
    "梅尼埃病": ["美尼尔综合征"],
}

# ---------------------------------------------------------------- people and places
GIVEN = [
    "jenny",
    "mike",
    "sarah",
    "greg",
    "lily",
    "tasha",
    "brandon",
    "kayla",
    "dwayne",
    "colleen",
    "marty",
    "bethany",
    "trevor",
    "shauna",
    "yvonne",
    "jamal",
    "crystal",
    "wesley",
    "autumn",
    "dmitri",
    "paige",
    "hector",
    "lorraine",
    "deb",
    "rusty",
    # names that are also ordinary words
    "Will",
    "Grace",
    "april",
    "bill",
    "rose",
    "hope",
    "jack",
    "dawn",
]
DOCTOR_FIRST = [
    "Anand",
    "Maria",
    "Kate",
    "Femi",
    "Ryan",
    "Nina",
    "Hiroshi",
    "Leah",
    "Omar",
    "Greta",
    "Sunil",
    "Claire",
    "Tobias",
    "Ngozi",
    "Pilar",
]
DOCTOR_LAST = [
    "kowalski",
    "Patel",
    "Oyelowo",
    "Brandt",
    "Hartigan",
    "Lindgren",
    "Moreau",
    "Esposito",
    "Takahashi",
    "Rasmussen",
    "Delgado",
    "Fitzgerald",
    "Varga",
    "Kaur",
    "Chowdhury",
    "McAllister",
    "Novak",
    "Ibarra",
    "Wojcik",
    # surnames that are also eponyms or ordinary words
    "Bell",
    "Graves",
    "Baker",
    "Parkinson",
]
HANDLES = [
    "jenny_k82",
    "mike1975",
    "lupus_warrior",
    "tinkerbell_77",
    "crohnie_dave",
    "mamaof3boys",
    "t1d_dad",
    "ironlady_49",
    "sleepless_in_sac",
    "beachbum_ray",
    "k8lyn_x",
    "hashi_gal",
    "grumpycat99",
    "runnerbean",
    "quietstorm_21",
    "thyroid_tina",
    "migrainemom",
    "no_more_itch",
]
REGIONS = ["Ohio", "Texas", "florida", "Ontario", "Queensland", "Scotland", "the UK", "Finland", "michigan", "Oregon"]
HOSPITALS = ["Cleveland Clinic", "Johns Hopkins", "Mayo Clinic", "Mass General", "Kaiser", "the NHS", "urgent care"]
PUBLIC_URLS = [
    "https://www.mayoclinic.org/diseases-conditions/hashimotos-disease/symptoms-causes/syc-20351855",
    "https://www.nhs.uk/conditions/bells-palsy/",
    "https://medlineplus.gov/druginfo/meds/a682291.html",
    "webmd.com",
    "https://www.drugs.com/macrodantin.html",
    "https://www.cdc.gov/lyme/",
    "https://rarediseases.org/rare-diseases/patau-syndrome/",
    "www.niddk.nih.gov",
    "https://en.wikipedia.org/wiki/Granulomatosis_with_polyangiitis",
]
ZH_PUBLIC_URLS = ["https://baike.baidu.com/item/川崎病", "www.dxy.cn", "https://www.nhc.gov.cn"]
# country -> (cities, street address makers, postcode maker) — built in Slots._place
COUNTRIES = ["US", "US", "US", "UK", "FI", "DE", "ES", "AU", "CA"]
CITIES = {
    "US": ["akron", "Fresno", "Spokane", "Tulsa", "Sacramento", "Chattanooga", "Bakersfield", "Boulder"],
    "UK": ["Leeds", "Bristol", "Norwich", "Swansea"],
    "FI": ["Espoo", "Tampere", "Oulu"],
    "DE": ["Leipzig", "Bremen"],
    "ES": ["Valencia", "Zaragoza"],
    "AU": ["Brisbane", "Geelong"],
    "CA": ["Winnipeg", "Hamilton", "Halifax"],
}
US_STREET_NAMES = [
    "holloway",
    "Quince",
    "Juniper Ridge",
    "Canterbury",
    "Arrowhead",
    "Fenwick",
    "Magnolia",
    "Dogwood",
    "Old Mill",
    "Bluebonnet",
]
US_STREET_KINDS = ["rd", "Ct", "Ave", "st", "Dr", "Blvd", "Way", "Ln"]
UK_STREET_NAMES = ["Baker", "Harrow", "Kingsley", "Abbey", "Chapel", "Mill"]
FI_STREET_NAMES = ["Puruntie", "Koivukatu", "Männikkötie", "Kalliokatu", "Rantatie"]
DE_STREET_NAMES = ["Hauptstraße", "Lindenweg", "Gartenstraße", "Schillerstr."]
ES_STREET_NAMES = ["Calle del Olmo", "Calle Mayor", "Avenida de la Paz"]
AU_STREET_NAMES = ["Wattle", "Banksia", "Jacaranda"]

ZH_NAMES = [
    "张伟",
    "王秀英",
    "李娜",
    "刘洋",
    "陈静",
    "杨帆",
    "赵丽华",
    "黄建国",
    "周晓梅",
    "吴磊",
    "徐婷婷",
    "孙志强",
    "胡梦瑶",
    "朱红梅",
    "高翔",
    "林晓燕",
    "何振东",
    "罗敏",
    "郑雪",
    "梁家豪",
    "宋佳",
    "谢宇航",
    "欧阳娜娜",
]
ZH_TITLE_SURNAMES = ["李", "王", "张", "刘", "陈", "赵", "孙", "周", "马", "高", "欧阳", "黄"]
ZH_NICKS = [
    "小鱼儿妈妈",
    "糖糖妈",
    "快乐的小猪",
    "甲减君",
    "爱吃西瓜的猫",
    "追风少年2008",
    "北漂小王",
    "奶茶不加糖",
    "lucy_cheng",
    "静静的河",
    "momo酱",
]
ZH_WECHAT = ["wxid_k82jd0s", "xiaoyu_mama88", "tangtang1203", "lily_sh_2019", "fighting_mom"]
ZH_PINYIN = ["zhangwei", "wangxy", "lina_bj", "liuyang", "chenjing", "xiaoyu", "tangtang", "mengyao"]
ZH_CITY_DISTRICTS = [
    "深圳市南山区",
    "天津市河西区",
    "重庆市渝中区",
    "长沙市岳麓区",
    "郑州市金水区",
    "青岛市市南区",
    "苏州市工业园区",
    "北京市朝阳区",
]
ZH_ROADS = ["科技园南路", "友谊路", "民生路", "麓山南路", "花园路", "香港中路", "星湖街", "建国路"]
ZH_ESTATES = ["幸福里小区", "碧水湾", "紫荆花园", "东方明珠苑", "书香门第"]
ZH_HOSPITALS = ["北京协和医院", "华西医院", "瑞金医院", "中山一院", "湘雅医院", "浙大一院", "社区医院"]
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

# ---------------------------------------------------------------- templates
# {SLOT}: an identifier (or a decoy / plain value, see Slots.get); [KIND] a random clinical term of that
# kind; [KIND:text] that clinical term; <text> an ordinary word that must survive (an ORDINARY decoy).
EN_Q_CLEAN = [
    "my [ANATOMY:gums] keep bleeding when i brush...dentist says its [DISEASE:gingivitis] but the mouthwash burns",
    "been on [DRUG] for [DISEASE] for 3 months and still have [SYMPTOM] is this normal",
    "i take [DRUG:metformin] 500mg...Is it ok to drink one beer with it",
    "got my booster yesterday and now i have [SYMPTOM] after the vaccination.Could it be a reaction",
    "sharp [SYMPTOM:pain]..around my ribs when i breathe in, had [DISEASE:pneumonia] in march",
    "doc put me on [DRUG:Nitrofurantoin] ([DRUG:Macrobid], [DRUG:Furadantin], [DRUG:Macrodantin]) for a [DISEASE:uti] and now i have [SYMPTOM]",
    "what is the difference between [DRUG:Ocella] and [DRUG:Yaz]? the pharmacy switched me <right away> without <asking>",
    "is [DRUG:Osella] the same pill as [DRUG:Ocella] or did they give me the wrong thing",
    "i was <treated> for [EPONYM] last year and now [SYMPTOM] is back, should i go to urgent care <right away>",
    "is [EPONYM:Wegener's granulomatosis] the same as [DISEASE:granulomatosis with polyangiitis]? my aunt was just diagnosed 😢",
    "my endo <specializes> in thyroid stuff and says my [LAB:TSH] is fine but i still feel awful with [EPONYM:Hashimoto's]",
    "im <Caucasian> and was told [DISEASE:sickle cell] isnt possible but my [LAB] came back weird",
    "tight [ANATOMY:achilles tendon] every morning, is it [DISEASE:tendonitis] or something worse",
    "my [ANATOMY:eustachian tube] feels blocked since the flight, ears popping and [SYMPTOM:lightheaded]",
    "had my [ANATOMY:fallopian tubes] tied 5 yrs ago can i still get an [DISEASE:ectopic pregnancy]",
    "[LAB:A1C] went from 6.1 to 7.4 in 6 months on [DRUG:metformin], do i need [DRUG:Ozempic] now",
    "[LAB:PSA] 4.8 at my physical and the urologist wants a [PROCEDURE:biopsy], how worried should i be",
    "[LAB:eGFR] 52 is that [DISEASE:kidney disease]?? im freaking out",
    "scheduled for a [PROCEDURE:colonoscopy] next week and the prep with [DRUG:Miralax] is making me [SYMPTOM:nauseous]",
    "dermatologist wants [PROCEDURE:Mohs surgery] on my nose for a [DISEASE:basal cell], will it leave a big scar",
    "had an [PROCEDURE:MRI] of my knee and it says [EPONYM:Baker's cyst], what does that even mean",
    "started [DRUG:Accutane] ([DRUG:isotretinoin]) 2 wks ago and my lips r so dry 😭",
    "can you take [DRUG:Tylenol] and [DRUG:Advil] together for a [SYMPTOM:fever] in a toddler",
    "on [DRUG:Xarelto] for [DISEASE:afib] and i bruise super easy, would [DRUG:Eliquis] be better",
    "[DRUG:Synthroid] brand vs generic [DRUG:levothyroxine], my pharmacy keeps switching and my [LAB:TSH] is all over the place",
    "does [DRUG:Adderall] make [EPONYM:Tourette] tics worse? my son has both [DISEASE:ADHD] and tics",
    "was diagnosed with [DISEASE:Major Depressive Disorder] ([DISEASE:MDD]) and started [DRUG:Lexapro], i feel like a zombie",
    "[EPONYM:Bell's palsy] on the left side of my face since sunday, will it go away on its own",
    "my mom has [EPONYM:Parkinson's] and now they think [EPONYM:Alzheimer's] too, is that common",
    "baby has [EPONYM:Down syndrome] and a [SYMPTOM:heart murmur], the cardiologist wants an [PROCEDURE:echocardiogram]",
    "fingers go white in the cold, is that [EPONYM:Raynaud's]? also dry eyes, could it be [EPONYM:Sjogren's]",
    "always tired and craving salt, doc mentioned testing for [EPONYM:Addison's] or [EPONYM:Cushing's]",
    "my son had [EPONYM:Kawasaki disease] when he was little, does he still need heart checks",
    "after a stomach bug i got [SYMPTOM:tingling] feet, scared its [EPONYM:Guillain-Barre]",
    "[EPONYM:Meniere's] attacks getting worse and [DRUG:meclizine] isnt helping anymore",
    "my kid was just dx with [EPONYM:Asperger's], what now",
    "[EPONYM:Epstein-Barr] antibodies high, does that mean [DISEASE:mono] again",
    "dad was <treated> for [EPONYM:Hodgkin lymphoma] 20 yrs ago, should i get screened",
    "thinking about the genetic test for [EPONYM:Huntington's] but scared of the result",
    "painful bump below the knee in my teen, is it [EPONYM:Osgood-Schlatter]",
    "[DISEASE:acid reflux] for years and the scope showed [EPONYM:Barrett's esophagus], will [DRUG:Nexium] fix it",
    "[EPONYM:Crohn's] flare, can i take [DRUG:ibuprofen] for the [SYMPTOM:cramps]",
    "[EPONYM:Graves' disease] vs [EPONYM:Hashimoto's], which one is the hyper one",
    "pregnancy scan mentioned [EPONYM:Patau syndrome] risk what does that mean for the baby",
    "nephew has [EPONYM:Wilms tumor], is it hereditary",
    "<Dr Google> says my [SYMPTOM] could be [DISEASE:cancer] lol",
    "got [DISEASE:Lyme disease] from a tick last summer and still have [SYMPTOM:joint pain]",
    "[PROCEDURE:Pap smear] came back abnormal and [LAB:HPV] positive, what happens next",
    "the [PROCEDURE:Epley maneuver] fixed my [DISEASE:vertigo] for a week and now its back",
    "my son pitches and the ortho says he might need [PROCEDURE:Tommy John surgery] at 16",
    "[DRUG:aclidinium] inhaler for [DISEASE:COPD], is [SYMPTOM:dry mouth] a side effect",
    "wearing a [PROCEDURE:Holter monitor] for [SYMPTOM:palpitations], can i shower with it",
    "[DISEASE:West Nile virus] in our county, should i worry about the mosquitos",
    "<Will> [DRUG:Zoloft] make me gain weight? been on it 6 wks",
    "<May> i ask if [DRUG:Wellbutrin] helps with quitting smoking",
    "[SYMPTOM:jock itch] wont go away with [DRUG:Lotrimin], been 3 weeks",
    "so much [SYMPTOM:ear wax] my hearing is muffled, is it safe to use drops",
    "doc gave me [DRUG:ciprofloxacin] for [SYMPTOM:diarrhea] on vacation, can i take [DRUG:Imodium] too",
    "[DISEASE:diabetes] runs in my family and my [LAB:A1C] is 5.9, am i prediabetic",
    "i took [DRUG:amoxicillin] and broke out in [DISEASE:hives] is it an allergy",
    "the [DRUG:ibuprofen] isnt touching my [SYMPTOM:cramps]...should i see someone about [DISEASE:endometriosis]",
    "[DRUG:Mounjaro] vs [DRUG:Ozempic] for weight, insurance only covers one",
    "[SYMPTOM:brain fog] and [SYMPTOM:hair loss], [LAB:ferritin] is 9, is that low",
    "my [ANATOMY:tonsils] have white spots and [SYMPTOM:sore throat], [DISEASE:strep throat]?",
    "[SYMPTOM:heartburn] every night even on [DRUG:Nexium]...gallbladder maybe",
    "lost my [DRUG:Xanax] and pharmacy wont refill early, what do i do",
    "is it normal to have [SYMPTOM:spotting] on [DRUG:Ocella] in the first month",
    "[DISEASE:shingles] on my back, is [DRUG:Valtrex] still worth it after 5 days",
    "how long after a [PROCEDURE:vasectomy] till its safe",
    "[SYMPTOM:ringing in my ears] after [DRUG:Cipro], will it stop",
    "[DISEASE:Rocky Mountain spotted fever] or just a rash from the hike?",
    "our daycare has [DISEASE:hand foot and mouth disease], how long is it contagious",
    "[DRUG:Benadryl] every night for sleep, is that bad long term",
    "gf has [DISEASE:pcos] and the gyno said [DRUG:metformin] can help, is that true",
    "broke my [ANATOMY:pinky toe] i think, do i need an xray or just tape it",
    "[DISEASE:kidney stones] again...urologist wants a [PROCEDURE:CT scan]",
    "[DISEASE:Lou Gehrig's disease] runs in my family, is there a test",
    "im {ADULT}f and on [DRUG:Ocella], is [SYMPTOM:spotting] after 3 months normal",
    "{ADULT}M, [LAB:PSA] 6.1, urologist wants an [PROCEDURE:MRI] first",
    "my {YOUNG}yo has [SYMPTOM:swollen glands] and a [SYMPTOM:sore throat], could it be [DISEASE:mono]",
    "[DISEASE:plantar fasciitis] for months, would a [PROCEDURE:cortisone shot] help",
    "[SYMPTOM:diahrrea] for 3 days after finishing [DRUG:amoxicilin], should i call someone",
    "can i take [DRUG:ibuprofin] with [DRUG:nitrofurantion]? really bad [SYMPTOM:cramps]",
    "my [DISEASE:diabete] is getting worse and [DRUG:metforman] gives me [SYMPTOM:diahrrea]",
    "[DRUG:ciprofaxin] made my [ANATOMY:achilles tendon] hurt, is that a thing??",
    "is [SYMPTOM:diarhea] normal on [DRUG:Ozempic] or should i stop",
    "type 2 [DISEASE:diabeties] and my [LAB:A1C] is 8.2...Is [DRUG:Januvia] better",
    "they switched my [DRUG:levothyroxine] ([DRUG:Synthroid], [DRUG:Levoxyl], [DRUG:Unithroid]) brand again and i feel off",
    "which is stronger for [DISEASE:acne], [DRUG:isotretinoin] ([DRUG:Accutane], [DRUG:Claravis], [DRUG:Absorica]) or [DRUG:doxycycline]",
]
EN_Q_ID = [
    "my doctor, dr. {DOC}, said its just [SYMPTOM:anxiety] but i dont believe it",
    "my {OLD} yo grandma has [EPONYM] and keeps forgetting her [DRUG]",
    "grandpa is {OLD} and still drives, his [DISEASE:afib] meds make him [SYMPTOM:lightheaded]",
    "if anyone knows a good [DISEASE] specialist near {CITY} pls text me {PHONE}",
    "you can email me at {EMAIL} i have the [LAB] results if someone can explain",
    "pics of the [SYMPTOM:rash] here {URLP} is it [DISEASE:shingles]",
    "my husband {REL} was <treated> for [EPONYM] at {HOSP} on {DATE} and now has [SYMPTOM]",
    "we live at {ADDR}, {CITY} {ZIP} and the closest [PROCEDURE:MRI] is an hour away",
    "appt with dr {DOC} on {DATE} for my [LAB] results, what should i ask",
    "{ATHANDLE} did your [DRUG] side effects go away? mine still havent",
    "{ATHANDLE} same here!! [DRUG] gave me [SYMPTOM] too",
    "diagnosed in {YEAR} with [EPONYM] and still on [DRUG]",
    "my daughter {REL} is {YOUNG} and got [DISEASE] after camp",
    "my mrn is {MRN} and the portal shows my [LAB] flagged red",
    "insurance (member id {MEMBER}) denied my [DRUG] refill again",
    "rx number {RXNUM} for [DRUG] says 'too soon' but i ran out",
    "call me on {PHONE} or email {EMAIL}, i need someone whos had [EPONYM]",
    "my mom {REL} lives at {ADDR} alone and her [LAB] is getting worse",
    "nurse {REL} at dr. {DOC}'s office said to double the [DRUG], is that right",
    "im in {CITY} (postcode {ZIP}) and cant find [DRUG] anywhere, shortage?",
    "i started a blog about living with [EPONYM]: {URLP}",
    "saw dr {DOCFULL} at {HOSP} on {DATE}, she prescribed [DRUG] for my [DISEASE]",
    "my son {REL} ({YOUNG}) has [SYMPTOM] since {DATE}, pediatrician says its [DISEASE]",
    "text me at {PHONE} if u want the name of the [EPONYM] support group",
    "dob {DOB}, the lab mixed up my [LAB] with someone else",
    "my {OLD} year old dad fell and now they want a [PROCEDURE] — at his age??",
    "dr. {DOC} <specializes> in [EPONYM] and has a waitlist till {DATE}",
    "<Thanks> {ATHANDLE}, the [DRUG] tip worked",
    "my wife {REL} had [PROCEDURE] on {DATE} and still has [SYMPTOM]",
    "sent the [LAB] report to {EMAIL} like the clinic asked",
    "gofundme for my brother's [EPONYM] treatment: {URLP} 🙏",
    "my cell is {PHONE}, pls call if you know anything about [EPONYM]",
    "my number changed to {PHONE}, can someone tell dr. {DOC}? i need my [DRUG] refilled",
    "im at {ADDR}, {CITY}, can the pharmacy deliver [DRUG] here",
    "my email is {EMAIL} and phone {PHONE}, i have [EPONYM] too and would love to chat",
    "{EMAIL} if anyone wants to compare [LAB] notes",
    "wrote to {EMAIL} about my [DRUG] dose but no answer yet",
    "my dad lives at {ADDR}, {CITY} {ZIP} and cant get to his [PROCEDURE] appointments",
    "whatsapp me {PHONE} i have the [EPONYM] diet sheet",
    "the lab called me from {PHONE} about my [LAB] and i missed it, is that bad",
    "send the [PROCEDURE] photos to {EMAIL} pls, my [ANATOMY] still looks swollen",
    "my grandmother ({OLD}) lives with us at {ADDR} and has [EPONYM]",
    "my [PROCEDURE] is on {DATE}, do i stop the [DRUG] before",
    "last period was {DATE} and the [LAB:hCG] is negative, [SYMPTOM:spotting] since",
    "started [DRUG] on {DATE} and the [SYMPTOM] kicked in 2 days later",
    "my chart number is {MRN}, they lost my [PROCEDURE] results from {DATE}",
]
EN_OPENERS = ["hi all", "Hi everyone,", "ok so", "hey docs", "Hello,", "Question:", "long time lurker,", "help!!", "hi"]
EN_OPENERS_ID = ["hi its {POSTER} again,", "{ATHANDLE}", "hey {ATHANDLE} and everyone,"]
EN_CLOSERS = [
    "<Thanks>",
    "<Thanks> in advance!!",
    "thx",
    "any help appreciated 🙏",
    "pls help",
    "<Thanks> for reading",
    "sorry for the long post",
    "TIA",
    "<Thanks> everyone",
    "😩😩",
]
EN_SIGNATURES = [
    "-- {POSTER} from {REGION}",
    "posted by {HANDLE}",
    "{POSTER} xx",
    "- {POSTER} ({ATHANDLE})",
    "~{POSTER}",
    "{POSTER} | text {PHONE}",
    "-- {POSTER}, {CITY}",
]
EN_JOINERS = [" ", ". ", ", ", " and ", " so ", " but ", "...", "..", "....", ".", " lol ", " 😩 ", " - ", "\n", "!! "]
NO_SPACE_JOINERS = ("...", "..", "....", ".")

EN_A_CLEAN = [
    "[DRUG:Nitrofurantoin] ([DRUG:Macrobid], [DRUG:Furadantin], [DRUG:Macrodantin]) is commonly used for uncomplicated [DISEASE:urinary tract infections]. [SYMPTOM:Nausea] is a common side effect; take it with food.",
    "[DISEASE:Granulomatosis with polyangiitis] (formerly [EPONYM:Wegener's granulomatosis]) is a rare form of [DISEASE:vasculitis]. More information: {PUBURL}",
    "A [LAB:TSH] of 6.2 with symptoms may suggest [DISEASE:hypothyroidism]; your doctor may adjust your [DRUG:Synthroid] dose.",
    "[DRUG:Ocella] and [DRUG:Yasmin] contain the same hormones ([DRUG:drospirenone] and [DRUG:ethinyl estradiol]), so switching should not change much.",
    "An [LAB:A1C] of 6.5% or higher is consistent with [DISEASE:diabetes]. [DRUG:Metformin] is usually the first medicine tried.",
    "[PROCEDURE:Mohs surgery] has the highest cure rate for [DISEASE:basal cell carcinoma] on the face and spares healthy skin.",
    "I would recommend seeing a doctor who <specializes> in [DISEASE:sleep disorders]; a [PROCEDURE:sleep study] can rule out [DISEASE:sleep apnea].",
    "Blocked [ANATOMY:eustachian tubes] after flying usually clear within days; a decongestant such as [DRUG:Flonase] may help.",
    "[EPONYM:Patau syndrome] (trisomy 13) is usually found on the anatomy scan; genetic counselling is recommended.",
    "[DRUG:Ibuprofen] ([DRUG:Advil], [DRUG:Motrin]) can trigger flares in [EPONYM:Crohn's disease]; [DRUG:acetaminophen] is safer.",
    "Both [DRUG:Xarelto] ([DRUG:rivaroxaban]) and [DRUG:Eliquis] ([DRUG:apixaban]) can cause bruising; do not stop either without talking to your doctor.",
    "An [LAB:eGFR] of 52 falls in stage 3a [DISEASE:chronic kidney disease], but a single value should be repeated.",
    "[DRUG:Accutane] ([DRUG:isotretinoin]) requires monthly pregnancy tests under <iPLEDGE>.",
    "Please go to the ER <right away> if you have [SYMPTOM:chest pain] or [SYMPTOM:shortness of breath].",
    "[DISEASE:Major Depressive Disorder] ([DISEASE:MDD]) is usually <treated> with SSRIs such as [DRUG:Lexapro] or [DRUG:Zoloft] and therapy.",
    "In <Caucasian> men over 50 with long-standing [DISEASE:GERD], screening for [EPONYM:Barrett's esophagus] is often advised.",
    "See {PUBURL} for the [PROCEDURE:colonoscopy] prep instructions.",
    "[EPONYM:Bell's palsy] usually improves within weeks; [DRUG:prednisolone] started early helps.",
    "[EPONYM:Kawasaki disease] needs follow-up [PROCEDURE:echocardiograms] to check the coronary arteries.",
    "A [EPONYM:Baker's cyst] is a fluid-filled swelling behind the knee, often from [DISEASE:osteoarthritis].",
    "[LAB:PSA] can rise after an infection of the [ANATOMY:prostate]; many urologists repeat it before a [PROCEDURE:biopsy].",
    "Tight [ANATOMY:achilles tendons] respond well to calf stretches and heel drops.",
    "[EPONYM:Hashimoto's] is the most common cause of [DISEASE:hypothyroidism]; [DRUG:levothyroxine] replaces the missing hormone.",
    "[DRUG:Aclidinium] ([DRUG:Tudorza]) is a long-acting bronchodilator for [DISEASE:COPD]; [SYMPTOM:dry mouth] is common.",
    "[EPONYM:Guillain-Barre syndrome] can follow a [DISEASE:gastroenteritis]; rapidly spreading weakness needs the ER.",
    "There is no safe way to mix [DRUG:Xanax] and alcohol. Source: {PUBURL}",
    "[DRUG:Isotretinoin] ([DRUG:Accutane], [DRUG:Claravis], [DRUG:Absorica]) can cause [SYMPTOM:dry lips] and raised [LAB:cholesterol].",
    "[EPONYM:Tourette syndrome] tics often peak around age 10 to 12 and improve in adulthood.",
    "Most [DISEASE:kidney stones] under 5 mm pass on their own; [DRUG:tamsulosin] can help.",
    "[EPONYM:Osgood-Schlatter disease] is common in active teens and settles when growth slows.",
    "I have <treated> many patients with [EPONYM:Sjogren's syndrome]; artificial tears and [DRUG:pilocarpine] help.",
]
EN_A_ID = [
    "Hi {POSTER}, thanks for your question. [DRUG] can cause [SYMPTOM], usually in the first weeks.",
    "{ATHANDLE} — yes, [DRUG] can cause [SYMPTOM]; let your prescriber know.",
    "Dear {POSTER}, [EPONYM] is not contagious.",
    "I write more about [EPONYM] on my own blog: {URLP}",
    "If you are near {CITY}, the [EPONYM] clinic at {HOSP} takes self-referrals.",
]
EN_A_OPENERS = ["Hello,", "Thanks for your question.", "Good question.", "Hi there,"]
EN_A_CLOSERS = [
    "Hope this helps.",
    "<Thanks> for <asking>.",
    "This is general information, not medical advice.",
    "Best wishes.",
]
EN_A_SIGNATURES = [
    "Dr. {DOCFULL}, MD",
    "— Dr. {DOCFULL}, {HOSP}",
    "Answered by {DOCFULL}, PharmD",
    "{DOCFULL}, RN",
    "Dr. {DOCFULL} (internal medicine)",
    "Reviewed by Dr. {DOCFULL}, DO",
]
EN_A_SIGNATURES_CLEAN = ["— community pharmacist", "Answered by a registered nurse", "Medical review team"]

EN_SUBJECTS = [
    "[SYMPTOM:Ear Wax]",
    "[SYMPTOM:Jock Itch]",
    "[SYMPTOM:Diahrrea]",
    "[DRUG:aclidinium]",
    "[DISEASE:diabete] question",
    "Re: [DRUG:Lexapro]",
    "[DRUG:zoloft]??",
    "HELP - [SYMPTOM]",
    "[EPONYM] anyone?",
    "question about [DRUG]",
    "[DRUG] and alcohol",
    "[LAB] results",
    "Re: Re: [EPONYM]",
    "[SYMPTOM] 3 weeks",
    "[DRUG] side effects",
    "worried abt [DISEASE]",
    "[PROCEDURE] prep",
    "[EPONYM:Bell's Palsy]",
    "[EPONYM:Osgood Schlatter]",
    "[DISEASE] 😩",
    "[EPONYM]",
    "[DRUG]",
    "[SYMPTOM]",
    "[DISEASE]",
    "[DRUG:Nitrofurantion]",
    "[DRUG:amoxicilin] rash",
    "[DRUG:ibuprofin]",
    "[EPONYM:Wilms Tumor]",
    "[ANATOMY] pain",
    "[EPONYM] + [DRUG]",
]
EN_SUBJECTS_ID = [
    "for {ATHANDLE}: [DRUG] dose",
    "Re: {POSTER}'s question about [EPONYM]",
    "[DRUG] - appt {DATE}",
    "[LAB] for dr. {DOC}",
]

ZH_Q_CLEAN = [
    "请问医生，我妈吃了[DRUG:阿莫西林]以后一直[SYMPTOM:拉肚子]，要不要停药",
    "体检查出[EPONYM:桥本甲状腺炎]，[LAB:TSH]有点高，需要吃[DRUG:优甲乐]吗",
    "孩子三岁得过[EPONYM:川崎病]，现在还要定期查[PROCEDURE:心脏彩超]吗",
    "老爸有[EPONYM:帕金森病]，最近[SYMPTOM:手抖]得厉害，[DRUG:美多芭]是不是要加量",
    "家里老人确诊[EPONYM:阿尔茨海默病]，晚上不睡觉，有什么办法",
    "产检说[EPONYM:唐氏综合征]高风险，要不要做[PROCEDURE:羊水穿刺]",
    "吃了[DRUG:Lexapro]之后一直[SYMPTOM:失眠]，正常吗",
    "[DRUG:拜新同]和[DRUG:立普妥]可以一起吃吗？血压150/95",
    "[DRUG:格华止]饭前吃还是饭后吃啊，[LAB:糖化]7.2",
    "[DISEASE:幽门螺杆菌感染]，四联疗法吃完[SYMPTOM:胃胀]",
    "<马上>要考试了，[SYMPTOM:嗓子疼]还[SYMPTOM:低烧]，能吃[DRUG:布洛芬]吗",
    "<周一>做了[PROCEDURE:胃镜]，报告写[EPONYM:巴雷特食管]，严重吗",
    "拍了<一张>[PROCEDURE:CT]片子，说[ANATOMY:肺]上有小结节",
    "[ANATOMY:咽鼓管]堵了好几天，耳朵闷闷的",
    "[PROCEDURE:输卵管造影]疼不疼啊，有做过的姐妹吗",
    "跑步后[ANATOMY:跟腱]很紧，是[DISEASE:跟腱炎]吗",
    "查[LAB:甲功]，FT3偏高，[DISEASE:甲亢]要吃[DRUG:赛治]吗",
    "[EPONYM:梅尼埃病]发作的时候天旋地转，有什么药",
    "宝宝[DISEASE:手足口病]，[SYMPTOM:发烧]39度，<医生>说多喝水",
    "老公[EPONYM:克罗恩病]，能吃[DRUG:芬必得]吗",
    "[DRUG:Ozempic]国内叫[DRUG:诺和泰]吗，打了[SYMPTOM:恶心]",
    "我妈[DISEASE:高血压]十几年了，一直吃[DRUG:络活喜]，最近[SYMPTOM:脚肿]",
    "[EPONYM:吉兰-巴雷综合征]会不会复发？",
    "孩子[EPONYM:抽动秽语综合征]，上课老是清嗓子",
    "吃[DRUG:异维A酸]期间能不能喝酒",
    "[DRUG:呋喃妥因]吃了三天，[DISEASE:尿路感染]还没好",
    "[EPONYM:EB病毒]抗体阳性是什么意思",
    "<于是>就去医院挂了号，[PROCEDURE:核磁]排到下个月",
    "[DRUG:Synthroid]和[DRUG:优甲乐]是一个东西吗",
    "[EPONYM:干燥综合征]眼睛特别干，用什么眼药水",
    "[EPONYM:格雷夫斯病]和[EPONYM:桥本甲状腺炎]有什么区别",
    "我爸[EPONYM:霍奇金淋巴瘤]化疗后[SYMPTOM:掉头发]",
    "[EPONYM:贝尔面瘫]一个星期了，针灸有用吗",
    "孩子查出[EPONYM:肾母细胞瘤]，<大夫>说要手术",
    "[DRUG:二甲双胍]吃了[SYMPTOM:拉肚子]...是不是要换药",
    "[LAB:PSA]偏高，一定要做穿刺吗",
    "[DISEASE:带状疱疹]好了以后还是疼",
    "[DRUG:连花清瘟]和[DRUG:布洛芬]能一起吃吗",
    "月经推迟，[LAB:HCG]测出来很低",
    "<常常>[SYMPTOM:心慌]，做了动态心电图没事",
    "[SYMPTOM:耳鸣]半年了，<明天>去医院",
    "[DRUG:来士普]减药的时候[SYMPTOM:头疼]",
    "宝妈们，[DISEASE:湿疹]能用[DRUG:丁酸氢化可的松]吗",
    "[DRUG:Eliquis]和[DRUG:波立维]能不能一起吃",
    "[DISEASE:多囊卵巢综合征]吃[DRUG:优思明]还是[DRUG:达英-35]",
    "[PROCEDURE:碳13呼气试验]阳性是不是一定要吃药",
    "[DRUG:呋喃妥因]（[DRUG:Macrodantin]、[DRUG:Furadantin]）孕妇能吃吗",
]
ZH_Q_ID = [
    "我叫{ZNAME}，[DISEASE]三年了，[DRUG]吃到现在",
    "{ZSUR}医生说[LAB]不用担心，但是我还是[SYMPTOM]",
    "{ZSUR}大夫您好，上次您给我开的[DRUG]吃完了",
    "我奶奶今年{ZOLD}岁，[EPONYM]，还能做[PROCEDURE]吗",
    "有同样[DISEASE]的姐妹加我微信{ZWECHAT}交流",
    "电话{ZMOB}，[SYMPTOM]好几天了，麻烦看到回一下，急",
    "地址：{ZADDR}，邮编{ZZIP}，[DRUG]能不能寄过来",
    "{ZDATE}在{ZHOSP}查的[LAB]，结果不太好",
    "邮箱{ZEMAIL}，麻烦把[PROCEDURE]报告发我",
    "我老公{ZNAME}，{ZYOUNG}岁，[EPONYM]",
    "就诊卡号{ZCARD}，挂不上[ANATOMY:甲状腺]外科的号",
    "{ATNICK} 你家宝宝[EPONYM:川崎病]后来怎么样了",
    "回复{ZNICK}：我也是[DRUG]吃了[SYMPTOM]",
    "老人{ZOLD}岁了，[EPONYM:阿尔茨海默病]，{ZSUR}主任建议保守治疗",
    "{ZDATE}复查，[LAB]还是高，{ZSUR}医生让加[DRUG]",
    "我家住{ZADDR}，附近哪家医院看[EPONYM]比较好",
    "有问题打我手机{ZMOB}，[DRUG]的事",
    "我女儿{ZNAME}，[SYMPTOM]好几天了，{ZDATE}挂了号",
    "吃了[DRUG:Lexapro]以后老想睡，{ZSUR}大夫说正常",
    "我手机号{ZMOB}，谁知道[EPONYM]哪里看得好",
    "寄到{ZADDR}，收件人{ZNAME}，电话{ZMOB}，[DRUG]两盒",
    "我的邮箱是{ZEMAIL}，[LAB]单子拍照发我一下",
    "家在{ZADDR}，[SYMPTOM]走不了远路",
    "加我微信或者打{ZMOB}，[EPONYM]病友群",
    "我妈{ZNAME}的[PROCEDURE]报告，{ZDATE}出来，电话{ZMOB}",
    "{ZDATE}做的[PROCEDURE]，到现在还[SYMPTOM]",
    "我爸{ZDATE}住院，[EPONYM]，{ZSUR}主任管床",
]
ZH_OPENERS = ["请问", "求助！", "各位好，", "医生您好，", "楼主", "姐妹们，", "急急急", ""]
ZH_CLOSERS = [
    "<谢谢>！",
    "<谢谢>大家",
    "<感谢>🙏",
    "先<谢谢>了",
    "在线等，挺急的",
    "[捂脸]",
    "求助！！",
    "麻烦<大夫>看看",
    "<谢谢><医生>",
    "😭😭",
]
ZH_SIGNATURES = ["——{ZNICK}", "发帖人：{ZNICK}", "（{ZNICK}）", "联系电话：{ZMOB}"]
ZH_JOINERS = ["，", "。", " ", "。。。", "...", "，还有", "。另外", "？", "～", "！", "\n"]

ZH_A_CLEAN = [
    "您好，根据您描述的情况，考虑[EPONYM:桥本甲状腺炎]可能性大，建议复查[LAB:甲功]和抗体。",
    "[DRUG:阿莫西林]引起的[SYMPTOM:拉肚子]一般停药后会好转，可以吃点[DRUG:蒙脱石散]。",
    "[EPONYM:川崎病]患儿需要按时复查[PROCEDURE:心脏彩超]，看冠状动脉有没有扩张。",
    "[DRUG:拜新同]是控释片，不能掰开吃。",
    "[DRUG:格华止]就是[DRUG:二甲双胍]，建议饭中或饭后服用，减少胃肠道反应。",
    "[EPONYM:帕金森病]的手抖是静止性震颤，[DRUG:美多芭]的剂量需要专科<医生>调整。",
    "[EPONYM:唐氏综合征]筛查高风险不等于确诊，可以做无创DNA或[PROCEDURE:羊水穿刺]。",
    "[DRUG:立普妥]晚上吃效果更好，注意复查[LAB:转氨酶]。",
    "建议<马上>去医院，[SYMPTOM:发烧]超过三天要排除[DISEASE:中耳炎]。",
    "[EPONYM:阿尔茨海默病]目前不能根治，[DRUG:多奈哌齐]可以延缓进展。",
    "更多关于[EPONYM]的介绍：{ZPUBURL}",
    "[DRUG:Lexapro]（[DRUG:艾司西酞普兰]）刚开始吃可能会[SYMPTOM:失眠]，一般两周后缓解。",
]
ZH_A_ID = [
    "{ZNICK}您好，[DRUG]可能会引起[SYMPTOM]，注意观察。",
    "回复{ATNICK}：[EPONYM]不会传染。",
]
ZH_A_SIGNATURES = [
    "——{ZHOSP} 内分泌科 {ZNAME} 主任医师",
    "{ZHOSP} {ZNAME}医生",
    "答：{ZSUR}大夫（{ZHOSP}）",
    "—— {ZNAME}，{ZHOSP}药剂科",
]
ZH_A_SIGNATURES_CLEAN = ["——<丁香医生>", "（以上建议仅供参考）", "<谢谢>您的提问"]

ZH_SUBJECTS = [
    "[EPONYM:桥本]",
    "[DRUG:拜新同]",
    "[EPONYM:川崎病]求助",
    "关于[DRUG:格华止]",
    "[SYMPTOM:拉肚子]怎么办",
    "[DRUG:Lexapro]副作用",
    "[LAB:甲功]报告求解读",
    "[DISEASE]",
    "急！[SYMPTOM]",
    "[EPONYM]",
    "[DRUG]能一起吃吗",
    "[PROCEDURE]前要注意什么",
    "[EPONYM]求助！！",
    "问下[DRUG]",
]
ZH_SUBJECTS_ID = ["{ATNICK} [EPONYM]", "{ZSUR}医生请进：[DRUG]"]

_TOKEN = re.compile(r"\{([A-Z_]+)\}|\[([A-Z]+)(?::([^\]]+))?\]|<([^<>]+)>")
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")
_JOINED = re.compile(r"[A-Za-z0-9][A-Za-z0-9']*\.{1,4}[A-Za-z][A-Za-z']*")


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _letters(rng: random.Random, n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _en_phone(rng: random.Random) -> str:
    a = rng.choice(["408", "216", "919", "720", "405", "559", "614"])
    b, c = str(rng.randint(2, 9)) + _digits(rng, 2), _digits(rng, 4)
    return rng.choice(
        [
            f"({a}) {b}-{c}",
            f"({a}) {b}-{c}",
            f"{a}.{b}.{c}",
            f"{a}.{b}.{c}",
            f"+44 20 7946 0{_digits(rng, 3)}",
            f"{rng.choice('6789')}{_digits(rng, 3)} {_digits(rng, 4)}",
            f"{a}-{b}-{c}",
            f"{a}{b}{c}",
            f"{a} {b} {c}",
            f"+1-{a}-{b}-{c}",
            f"+44 20 7946 0{_digits(rng, 3)}",
            f"07700 900{_digits(rng, 3)}",
            f"{rng.choice('6789')}{_digits(rng, 3)} {_digits(rng, 4)}",
            f"04{_digits(rng, 2)} {_digits(rng, 3)} {_digits(rng, 3)}",
            f"+358 40 {_digits(rng, 3)} {_digits(rng, 4)}",
            f"+49 30 {_digits(rng, 8)}",
        ]
    )


def _cn_mobile(rng: random.Random) -> str:
    n = rng.choice(["135", "137", "150", "158", "181", "189", "130", "138"]) + _digits(rng, 8)
    value = rng.choice(
        [
            n,
            n,
            f"{n[:3]} {n[3:7]} {n[7:]}",
            f"{n[:3]} {n[3:7]} {n[7:]}",
            f"{n[:3]}-{n[3:7]}-{n[7:]}",
            f"+86 {n}",
            f"+86-{n[:3]}-{n[3:7]}-{n[7:]}",
        ]
    )
    return value.translate(FULLWIDTH) if rng.random() < 0.25 else value


def _en_date(rng: random.Random, past_only: bool = False) -> str:
    months = ["january", "February", "march", "April", "may", "June", "july", "Aug", "sept", "Oct", "nov", "Dec"]
    y, m, d = rng.randint(2023, 2026), rng.randint(1, 12), rng.randint(1, 28)
    suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd"}.get(d, "th")
    return rng.choice(
        [
            f"{months[m - 1]} {d}{suffix}",
            f"{m}/{d}",
            f"{months[m - 1]} {d}",
            f"{y}-{m:02d}-{d:02d}",
            f"{d:02d}.{m:02d}.{y}",
            f"{m}/{d}/{y % 100:02d}",
            f"the {d}{suffix} of {months[m - 1]}",
            f"{d} {months[m - 1]}",
        ]
    )


def _zh_date(rng: random.Random) -> str:
    y, m, d = rng.randint(2023, 2026), rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice([f"{m}月{d}号", f"{y}年{m}月{d}日", f"{m}月{d}日", f"{y}.{m}.{d}", f"{m}.{d}号", f"{y}/{m}/{d}"])


@dataclass
class Slots:
    """The identifier and decoy values of one message, drawn on first use and reused within it."""

    rng: random.Random
    cache: dict[str, tuple[str, str]] = field(default_factory=dict)

    def get(self, key: str) -> tuple[str, str]:
        """(label, value): an identifier label, "decoy:KIND" for a listed non-identifier, "" for plain."""
        if key not in self.cache:
            self.cache.update(self._draw(key))
        return self.cache[key]

    def _place(self) -> dict[str, tuple[str, str]]:
        rng = self.rng
        country = rng.choice(COUNTRIES)
        city = rng.choice(CITIES[country])
        n = rng.randint(2, 2999)
        if country == "US":
            apt = rng.choice(
                [
                    "",
                    f" apt {rng.randint(1, 40)}",
                    f" #{rng.randint(1, 9)}{rng.choice('ABCD')}",
                    f" Unit {rng.randint(100, 420)}",
                ]
            )
            street = f"{n} {rng.choice(['', 'w. ', 'N ', 'e '])}{rng.choice(US_STREET_NAMES)} {rng.choice(US_STREET_KINDS)}{apt}"
            zip_code = rng.choice([f"{rng.randint(10000, 99950)}", f"{rng.randint(10000, 99950)}-{_digits(rng, 4)}"])
        elif country == "UK":
            street = rng.choice(
                [
                    f"{rng.randint(1, 250)}{rng.choice(['', 'B', 'a'])} {rng.choice(UK_STREET_NAMES)} {rng.choice(['Street', 'Road', 'Lane'])}",
                    f"Flat {rng.randint(1, 12)}, {rng.randint(1, 90)} {rng.choice(UK_STREET_NAMES)} Road",
                ]
            )
            zip_code = f"{rng.choice(['LS', 'BS', 'NR', 'SA', 'NW'])}{rng.randint(1, 16)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        elif country == "FI":
            street = f"{rng.choice(FI_STREET_NAMES)} {rng.randint(1, 120)} {rng.choice(['Apt. ', 'B ', 'as. '])}{rng.randint(1, 700)}"
            zip_code = f"0{rng.randint(1000, 9999):04d}"
        elif country == "DE":
            street = f"{rng.choice(DE_STREET_NAMES)} {rng.randint(1, 140)}{rng.choice(['', 'a'])}"
            zip_code = f"{rng.randint(1000, 99999):05d}"
        elif country == "ES":
            street = f"{rng.choice(ES_STREET_NAMES)} {rng.randint(1, 99)}, {rng.randint(1, 9)}º {rng.choice(['izq', 'dcha', 'B'])}"
            zip_code = f"{rng.randint(1000, 52999):05d}"
        elif country == "AU":
            street = f"Unit {rng.randint(1, 30)}/{rng.randint(1, 200)} {rng.choice(AU_STREET_NAMES)} St"
            zip_code = f"{rng.randint(2000, 7999)}"
        else:
            street = f"{n} {rng.choice(['Pembina', 'Portage', 'Barton'])} {rng.choice(['Hwy', 'Ave', 'St'])}"
            zip_code = f"{rng.choice('RLMB')}{rng.randint(1, 9)}{rng.choice('ABCEGHJKLMNPRSTVXY')} {rng.randint(1, 9)}{rng.choice('ABCEGHJKLMNPRSTVXY')}{rng.randint(1, 9)}"
        return {"ADDR": ("STREET_ADDRESS", street), "CITY": ("LOCATION", city), "ZIP": ("ZIP_CODE", zip_code)}

    def _draw(self, key: str) -> dict[str, tuple[str, str]]:
        rng = self.rng
        if key in ("ADDR", "CITY", "ZIP"):
            return self._place()
        first = rng.choice(GIVEN)
        handle = rng.choice(HANDLES)
        doc_first, doc_last = rng.choice(DOCTOR_FIRST), rng.choice(DOCTOR_LAST)
        pinyin = rng.choice(ZH_PINYIN)
        makers: dict[str, Any] = {
            "POSTER": lambda: ("PERSON", first.capitalize() if rng.random() < 0.5 else first),
            "REL": lambda: ("PERSON", first),
            "DOC": lambda: ("PERSON", doc_last),
            "DOCFULL": lambda: ("PERSON", f"{doc_first} {doc_last[0].upper()}{doc_last[1:]}"),
            "HANDLE": lambda: ("USERNAME", handle),
            "ATHANDLE": lambda: ("USERNAME", f"@{handle}"),
            "PHONE": lambda: ("PHONE_NUMBER", _en_phone(rng)),
            "EMAIL": lambda: (
                "EMAIL_ADDRESS",
                rng.choice(
                    [
                        f"{first.lower()}.{doc_last.lower()}@gmail.com",
                        f"{handle}@hotmail.com",
                        f"{first.lower()}{doc_last[0].lower()}{rng.randint(1, 99)}@yahoo.com",
                        f"{first.lower()}!{doc_last.lower()}@mail.example.co.uk",
                        f"{first.lower()}{doc_last.lower()} at gmail dot com",
                        f"{handle} [at] yahoo [dot] com",
                        f"{first.lower()}+meds@icloud.com",
                        f"{first.lower()}_{doc_last.lower()}@outlook.com",
                    ]
                ),
            ),
            "URLP": lambda: (
                "URL",
                rng.choice(
                    [
                        f"https://imgur.com/a/{_letters(rng, 7)}",
                        f"https://photos.app.goo.gl/{_letters(rng, 17)}",
                        f"https://www.facebook.com/{first.lower()}.{doc_last.lower()}.{rng.randint(10, 99)}",
                        f"http://{handle.replace('_', '')}.blogspot.com",
                        f"https://www.instagram.com/{handle}/",
                        f"https://www.gofundme.com/f/help-{first.lower()}-get-better",
                        f"https://drive.google.com/file/d/{_letters(rng, 25)}/view",
                    ]
                ),
            ),
            "DATE": lambda: ("DATE_TIME", _en_date(rng)),
            "DOB": lambda: ("DATE_TIME", f"{rng.randint(1, 12)}/{rng.randint(1, 28)}/{rng.randint(1938, 2004)}"),
            "YEAR": lambda: ("DATE_TIME", str(rng.randint(2009, 2024))),
            "OLD": lambda: ("AGE", str(rng.randint(90, 104))),
            "YOUNG": lambda: ("decoy:AGE_UNDER_90", str(rng.randint(2, 17))),
            "ADULT": lambda: ("decoy:AGE_UNDER_90", str(rng.randint(19, 68))),
            "MRN": lambda: (
                "MEDICAL_RECORD_NUMBER",
                rng.choice([_digits(rng, 8), f"00{_digits(rng, 6)}", f"E{_digits(rng, 7)}"]),
            ),
            "MEMBER": lambda: (
                "US_HEALTH_INSURANCE_MEMBER_ID",
                f"{rng.choice(['XEH', 'JQU', 'ZGP', 'M'])}{_digits(rng, 9)}",
            ),
            "RXNUM": lambda: ("PRESCRIPTION_NUMBER", f"{rng.choice(['6', '7', '2'])}{_digits(rng, 6)}"),
            "REGION": lambda: ("decoy:REGION", rng.choice(REGIONS)),
            "HOSP": lambda: ("decoy:ORGANIZATION", rng.choice(HOSPITALS)),
            "PUBURL": lambda: ("decoy:PUBLIC_URL", rng.choice(PUBLIC_URLS)),
            # Chinese
            "ZNAME": lambda: ("PERSON", rng.choice(ZH_NAMES)),
            "ZSUR": lambda: ("PERSON", rng.choice(ZH_TITLE_SURNAMES)),
            "ZNICK": lambda: ("USERNAME", rng.choice(ZH_NICKS)),
            "ATNICK": lambda: ("USERNAME", f"@{rng.choice(ZH_NICKS)}"),
            "ZWECHAT": lambda: ("USERNAME", rng.choice(ZH_WECHAT)),
            "ZMOB": lambda: (
                "PHONE_NUMBER",
                _cn_mobile(rng)
                if rng.random() < 0.8
                else rng.choice(
                    [
                        f"010-{rng.randint(5, 8)}{_digits(rng, 3)} {_digits(rng, 4)}",
                        f"(021){rng.randint(5, 6)}{_digits(rng, 7)}",
                        f"0755-{_digits(rng, 8)}",
                    ]
                ),
            ),
            "ZADDR": lambda: (
                "STREET_ADDRESS",
                "北京市朝阳区建国路88号"
                if rng.random() < 0.1
                else f"{rng.choice(ZH_CITY_DISTRICTS)}{rng.choice(ZH_ROADS)}{rng.randint(1, 500)}号"
                + rng.choice(
                    [
                        "",
                        f"{rng.choice(ZH_ESTATES)}{rng.randint(1, 30)}栋{rng.randint(1, 4)}单元{rng.randint(101, 3202)}",
                        f"{rng.randint(1, 12)}号楼{rng.randint(101, 2602)}室",
                    ]
                ),
            ),
            "ZZIP": lambda: (
                "ZIP_CODE",
                f"{rng.choice(['518', '300', '400', '410', '450', '266', '215', '100'])}{_digits(rng, 3)}",
            ),
            "ZDATE": lambda: ("DATE_TIME", _zh_date(rng)),
            "ZOLD": lambda: ("AGE", str(rng.randint(90, 103))),
            "ZYOUNG": lambda: ("decoy:AGE_UNDER_90", str(rng.randint(25, 80))),
            "ZEMAIL": lambda: (
                "EMAIL_ADDRESS",
                rng.choice(
                    [
                        f"{pinyin}{_digits(rng, 3)}@qq.com",
                        f"1{rng.choice('358')}{_digits(rng, 9)}@163.com",
                        f"{pinyin}_{rng.randint(80, 99)}@126.com",
                        f"{_digits(rng, 9)}@qq.com",
                    ]
                ),
            ),
            "ZCARD": lambda: (
                "MEDICAL_RECORD_NUMBER",
                rng.choice([f"00{_digits(rng, 8)}", _digits(rng, 12), f"JZ{_digits(rng, 8)}"]),
            ),
            "ZHOSP": lambda: ("decoy:ORGANIZATION", rng.choice(ZH_HOSPITALS)),
            "ZPUBURL": lambda: ("decoy:PUBLIC_URL", rng.choice(ZH_PUBLIC_URLS)),
        }
        return {key: makers[key]()}


@dataclass
class Style:
    lower: bool = False
    shorthand: float = 0.0
    misspell: float = 0.0
    drop_apostrophes: bool = False


@dataclass
class Message:
    """A message under construction: text with its identifier spans, keep terms and decoys."""

    language: str
    style: Style
    rng: random.Random
    slots: Slots
    text: str = ""
    spans: list[dict[str, Any]] = field(default_factory=list)
    keep: list[dict[str, Any]] = field(default_factory=list)
    decoys: list[dict[str, Any]] = field(default_factory=list)
    intended: list[tuple[int, int, str]] = field(default_factory=list)

    def _case(self, value: str) -> str:
        return value.lower() if self.style.lower else value

    def _append(self, target: list[dict[str, Any]] | None, label: str, value: str) -> None:
        start = len(self.text)
        self.text += value
        if target is not None and value:
            target.append({"type": label, "start": start, "end": len(self.text)})
            self.intended.append((start, len(self.text), value))

    def literal(self, chunk: str, capitalise: bool = False) -> None:
        if self.language == "en":
            chunk = _WORD.sub(self._noisy_word, chunk)
            chunk = self._case(chunk)
        if capitalise and chunk[:1].isalpha():
            chunk = chunk[0].upper() + chunk[1:]
        self._append(None, "", chunk)

    def _noisy_word(self, match: re.Match[str]) -> str:
        word = match.group(0)
        lower = word.lower()
        if lower in EN_SHORTHAND and self.rng.random() < self.style.shorthand:
            out = self.rng.choice(EN_SHORTHAND[lower])
            return out[0].upper() + out[1:] if word[0].isupper() and out[0].isalpha() else out
        if self.style.drop_apostrophes and "'" in word:
            return word.replace("'", "")
        return word

    def term(self, kind: str, fixed: str | None) -> None:
        terms = EN_TERMS if self.language == "en" else ZH_TERMS
        value = fixed if fixed is not None else self.rng.choice(terms[kind])
        variants = (EN_MISSPELT if self.language == "en" else ZH_VARIANTS).get(
            value.lower() if self.language == "en" else value
        )
        if variants and self.rng.random() < self.style.misspell:
            variant = self.rng.choice(variants)
            value = variant[0].upper() + variant[1:] if value[0].isupper() else variant
        self._append(self.keep, kind, self._case(value))

    def slot(self, key: str) -> None:
        label, value = self.slots.get(key)
        if key not in ("URLP", "PUBURL", "ZPUBURL"):
            value = self._case(value)
        if label.startswith("decoy:"):
            self._append(self.decoys, label.removeprefix("decoy:"), value)
        else:
            self._append(self.spans if label else None, label, value)

    def render(self, template: str, capitalise: bool = False) -> None:
        position = 0
        for match in _TOKEN.finditer(template):
            if match.start() > position:
                self.literal(template[position : match.start()], capitalise and position == 0)
            position = match.end()
            if match.group(1):
                self.slot(match.group(1))
            elif match.group(2):
                self.term(match.group(2), match.group(3))
            else:
                self._append(self.decoys, "ORDINARY", self._case(match.group(4)))
        if position < len(template):
            self.literal(template[position:], capitalise and position == 0)

    def finish(self) -> dict[str, Any]:
        text = self.text
        if self.language == "en":
            taken = self.spans + [d for d in self.decoys if d["type"] == "PUBLIC_URL"]
            for match in _JOINED.finditer(text):
                if not any(s["start"] < match.end() and match.start() < s["end"] for s in taken):
                    self.decoys.append({"type": "JOINED", "start": match.start(), "end": match.end()})
        for start, end, value in self.intended:
            assert text[start:end] == value, (text, start, end, value)
        for group in (
            self.spans + self.keep,
            self.keep,
            self.spans + [d for d in self.decoys if d["type"] != "JOINED"],
        ):
            ordered = sorted(group, key=lambda s: (s["start"], s["end"]))
            for a, b in zip(ordered, ordered[1:], strict=False):
                assert a["end"] <= b["start"], (text, a, b)
        assert self.keep, text
        return {
            "text": text,
            "language": self.language,
            "spans": sorted(self.spans, key=lambda s: s["start"]),
            "keep": sorted(self.keep, key=lambda s: s["start"]),
            "decoys": sorted(self.decoys, key=lambda s: (s["start"], s["end"])),
        }


# How often a fragment is picked grows with the rarer identifiers it holds (phones, e-mails, addresses).
SLOT_WEIGHTS = {
    "PHONE": 5.0,
    "ZMOB": 5.0,
    "EMAIL": 3.0,
    "ZEMAIL": 2.0,
    "ADDR": 3.0,
    "ZADDR": 2.0,
    "URLP": 2.0,
    "OLD": 1.5,
    "ZOLD": 1.5,
    "DATE": 2.0,
    "ZDATE": 2.0,
    "DOB": 1.5,
    "MRN": 2.0,
    "MEMBER": 2.0,
    "RXNUM": 2.0,
    "ZCARD": 2.0,
}


def _pick_identified(rng: random.Random, templates: list[str]) -> str:
    weights = [1.0 + sum(SLOT_WEIGHTS.get(m.group(1) or "", 0.0) for m in _TOKEN.finditer(t)) for t in templates]
    return rng.choices(templates, weights)[0]


def _en_question(rng: random.Random, msg: Message, with_id: bool) -> None:
    mode = rng.choices(["fragment", "signature", "both"], [0.7, 0.15, 0.15])[0] if with_id else "none"
    count = rng.choice([1, 1, 2, 2, 3])
    fragments = rng.sample(EN_Q_CLEAN, count - 1 if mode in ("fragment", "both") else count)
    if mode in ("fragment", "both"):
        fragments.append(_pick_identified(rng, EN_Q_ID))
    rng.shuffle(fragments)
    if with_id and mode == "fragment" and rng.random() < 0.15:
        msg.render(rng.choice(EN_OPENERS_ID))
        msg.literal(rng.choice([" ", "\n"]))
    elif rng.random() < 0.3:
        msg.render(rng.choice(EN_OPENERS))
        msg.literal(rng.choice([" ", "\n", " "]))
    for n, fragment in enumerate(fragments):
        capitalise = False
        if n:
            glued = not fragment.startswith("{") and not fragments[n - 1].endswith("}")
            joiner = rng.choice(EN_JOINERS)
            while joiner in NO_SPACE_JOINERS and not glued:
                joiner = rng.choice(EN_JOINERS)
            capitalise = joiner.strip() in NO_SPACE_JOINERS and rng.random() < 0.5
            msg.literal(joiner)
        msg.render(fragment, capitalise)
    if rng.random() < 0.3:
        msg.literal(
            rng.choice([" ", "\n", "... ", " 🙏 "]) if rng.random() < 0.5 else rng.choice([" ", " 😭", "?? ", "!! "])
        )
        msg.literal(rng.choice(["🤒", "💊", "😅", "🤞", "😬", "❤️"]))
    if rng.random() < 0.5:
        msg.literal(rng.choice([" ", "\n", ". ", "... "]))
        msg.render(rng.choice(EN_CLOSERS))
    if mode in ("signature", "both"):
        msg.literal(rng.choice(["\n", "\n\n", " "]))
        msg.render(rng.choice(EN_SIGNATURES))


def _en_answer(rng: random.Random, msg: Message, with_id: bool) -> bool:
    """Renders an answer; True when it is signed by a clinician."""
    opener_id = with_id and rng.random() < 0.35
    sign_id = with_id and (not opener_id or rng.random() < 0.5)
    if opener_id:
        msg.render(rng.choice(EN_A_ID[:3]))
        msg.literal(" ")
    elif rng.random() < 0.4:
        msg.render(rng.choice(EN_A_OPENERS))
        msg.literal(" ")
    fragments = rng.sample(EN_A_CLEAN, rng.choice([1, 2, 2, 3]))
    if with_id and rng.random() < 0.2:
        fragments.append(rng.choice(EN_A_ID[3:]))
    for n, fragment in enumerate(fragments):
        if n:
            msg.literal(rng.choice([" ", " ", "\n\n"]))
        msg.render(fragment)
    if rng.random() < 0.5:
        msg.literal(" ")
        msg.render(rng.choice(EN_A_CLOSERS))
    if sign_id:
        msg.literal(rng.choice(["\n\n", "\n", " "]))
        msg.render(rng.choice(EN_A_SIGNATURES))
        return True
    if rng.random() < 0.3:
        msg.literal("\n\n")
        msg.render(rng.choice(EN_A_SIGNATURES_CLEAN))
    return False


def _zh_question(rng: random.Random, msg: Message, with_id: bool) -> None:
    mode = rng.choices(["fragment", "signature", "both"], [0.7, 0.15, 0.15])[0] if with_id else "none"
    count = rng.choice([1, 1, 2, 2, 3])
    fragments = rng.sample(ZH_Q_CLEAN, count - 1 if mode in ("fragment", "both") else count)
    if mode in ("fragment", "both"):
        fragments.append(_pick_identified(rng, ZH_Q_ID))
    rng.shuffle(fragments)
    if rng.random() < 0.35:
        msg.literal(rng.choice(ZH_OPENERS))
    for n, fragment in enumerate(fragments):
        if n:
            msg.literal(rng.choice(ZH_JOINERS))
        msg.render(fragment)
    if rng.random() < 0.3:
        msg.literal(rng.choice(["😭", "🙏", "[流泪]", "[捂脸]", "？？？", "。。。", "～～"]))
    if rng.random() < 0.55:
        msg.literal(rng.choice(["，", "。", " ", "\n", "！"]))
        msg.render(rng.choice(ZH_CLOSERS))
    if mode in ("signature", "both"):
        msg.literal(rng.choice(["\n", " "]))
        msg.render(rng.choice(ZH_SIGNATURES))


def _zh_answer(rng: random.Random, msg: Message, with_id: bool) -> bool:
    opener_id = with_id and rng.random() < 0.3
    sign_id = with_id and (not opener_id or rng.random() < 0.5)
    if opener_id:
        msg.render(rng.choice(ZH_A_ID))
    fragments = rng.sample(ZH_A_CLEAN, rng.choice([1, 2, 2, 3]))
    for n, fragment in enumerate(fragments):
        if n:
            msg.literal("\n" if fragments[n - 1].endswith("}") or rng.random() < 0.3 else "")
        msg.render(fragment)
    if sign_id:
        msg.literal(rng.choice(["\n", " ", "\n\n"]))
        msg.render(rng.choice(ZH_A_SIGNATURES))
        return True
    if rng.random() < 0.4:
        msg.literal("\n")
        msg.render(rng.choice(ZH_A_SIGNATURES_CLEAN))
    return False


def _title(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))


def _message(rng: random.Random, language: str) -> tuple[dict[str, Any], str, str]:
    source = rng.choices(["question", "answer", "subject"], [0.6, 0.25, 0.15])[0]
    zh = language == "zh"
    if source == "question":
        style = Style(
            lower=not zh and rng.random() < 0.65,
            shorthand=rng.choice([0.0, 0.15, 0.5]),
            misspell=rng.choice([0.2, 0.5, 0.8]),
            drop_apostrophes=rng.random() < 0.5,
        )
    elif source == "subject":
        style = Style(lower=not zh and rng.random() < 0.4, misspell=0.4)
    else:
        style = Style(lower=not zh and rng.random() < 0.05, misspell=0.03)
    msg = Message(language, style, rng, Slots(rng))
    with_id = rng.random() < {"question": 0.66, "answer": 0.66, "subject": 0.1}[source]
    author = "patient"
    if source == "subject":
        pool = (ZH_SUBJECTS_ID if with_id else ZH_SUBJECTS) if zh else (EN_SUBJECTS_ID if with_id else EN_SUBJECTS)
        template = rng.choice(pool)
        if not zh and rng.random() < 0.3 and "{" not in template:
            msg.style.lower = False
            msg.render(_title(template))
        else:
            msg.render(template)
    elif source == "question":
        (_zh_question if zh else _en_question)(rng, msg, with_id)
    else:
        signed = (_zh_answer if zh else _en_answer)(rng, msg, with_id)
        author = "clinician" if signed else "community"
    return msg.finish(), source, author


def _split(row_id: str) -> str:
    return "heldout" if int(hashlib.sha256(row_id.encode()).hexdigest()[:8], 16) % 100 < HELDOUT_PERCENT else "tune"


def generate(seed: int = SEED) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for language, count in (("en", N_EN), ("zh", N_ZH)):
        n = 0
        while n < count:
            row, source, author = _message(rng, language)
            if row["text"] in seen:
                continue
            seen.add(row["text"])
            row_id = f"consumer-{language}-{n:04d}"
            rows.append({**row, "source": source, "author": author, "id": row_id, "split": _split(row_id)})
            n += 1
    return rows


LITERAL_MISSPELLINGS = [
    "diahrrea",
    "diabete",
    "ciprofaxin",
    "nitrofurantion",
    "amoxicilin",
    "ibuprofin",
    "metforman",
    "diarhea",
    "diabeties",
    "osella",
]
FEATURES = {
    "misspelt term (brief's list)": r"diahrrea|diabete\b|ciprofaxin|nitrofurantion|amoxicilin|ibuprofin",
    "glued by dots": r"[a-z0-9]\.{1,4}[A-Za-z]",
    "emoji": r"[\U0001F300-\U0001FAFF❤]",
    "parenthesised brand list": r"\(\w+, \w+, \w+\)",
    "US phone (xxx) xxx-xxxx": r"\(\d{3}\) \d{3}-\d{4}",
    "dotted phone": r"\b\d{3}\.\d{3}\.\d{4}\b",
    "+44 phone": r"\+44 ",
    "8-digit local phone": r"(?<![\d+] )(?<![\d+])\b[6-9]\d{3} \d{4}\b(?! \d)",
    "CN mobile, spaced": r"1\d{2} \d{4} \d{4}",
    "CN mobile, full-width": r"[１][０-９]{10}",
    "odd e-mail (! or 'at ... dot')": r"![a-z]+@| at \w+ dot | \[at\] ",
    "personal URL": r"imgur|goo\.gl|facebook|blogspot|instagram|gofundme|drive\.google",
    "public health URL": r"mayoclinic|nhs\.uk|medlineplus|webmd|drugs\.com|cdc\.gov|rarediseases|nih\.gov|wikipedia|baidu|dxy|nhc\.gov",
    "forum handle / @mention": r"@\w|posted by|发帖人|回复",
    "Chinese address": r"[市区][^，。\s]{2,}路\d+号",
    "Chinese surname + title": r"(?:医生|大夫|主任)",
    "谢谢/感谢": r"谢谢|感谢",
    "mixed Chinese/English": r"[\u4e00-\u9fff][A-Za-z]{4,}|[A-Za-z]{4,}[\u4e00-\u9fff]",
}


def stats(rows: list[dict[str, Any]]) -> dict[str, Any]:
    def count(key: str) -> Counter[str]:
        return Counter(str(r[key]) for r in rows)

    features = {name: sum(bool(re.search(p, r["text"])) for r in rows) for name, p in FEATURES.items()}
    misspelt = {v.lower() for variants in EN_MISSPELT.values() for v in variants} | set(LITERAL_MISSPELLINGS)
    misspelt |= {v for variants in ZH_VARIANTS.values() for v in variants}
    features["any misspelt / variant clinical term"] = sum(
        any(r["text"][k["start"] : k["end"]].lower() in misspelt for k in r["keep"]) for r in rows
    )
    return {
        "messages": len(rows),
        "language": dict(count("language")),
        "source": dict(count("source")),
        "author": dict(count("author")),
        "split": dict(count("split")),
        "split_by_language": dict(Counter(f"{r['split']}/{r['language']}" for r in rows)),
        "without_identifier": sum(not r["spans"] for r in rows),
        "spans": dict(Counter(s["type"] for r in rows for s in r["spans"]).most_common()),
        "keep": dict(Counter(s["type"] for r in rows for s in r["keep"]).most_common()),
        "decoys": dict(Counter(s["type"] for r in rows for s in r["decoys"]).most_common()),
        "messages_with_feature": features,
    }


def write(path: Path = OUT) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for row in generate():
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


if __name__ == "__main__":
    if "--stats" in sys.argv:
        print(json.dumps(stats(generate()), ensure_ascii=False, indent=2))
    else:
        print(write())

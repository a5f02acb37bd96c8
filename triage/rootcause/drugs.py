"""Finding drug names in text: a lexicon of common medicines (English and Chinese) plus the stems that
name drug classes (-statin, -pril, 他汀, 沙坦, ...), so unseen members of a class are found too."""

from __future__ import annotations

import re
from functools import cache

_EN_NAMES = """
acetaminophen paracetamol ibuprofen naproxen aspirin diclofenac celecoxib celebrex meloxicam indomethacin
ketorolac warfarin heparin enoxaparin apixaban rivaroxaban dabigatran clopidogrel ticagrelor prasugrel
metformin insulin glargine glipizide gliclazide sitagliptin empagliflozin dapagliflozin liraglutide
semaglutide pioglitazone lisinopril enalapril ramipril losartan valsartan candesartan amlodipine nifedipine
diltiazem verapamil metoprolol atenolol bisoprolol propranolol carvedilol hydrochlorothiazide furosemide
spironolactone chlorthalidone metolazone hydralazine clonidine digoxin amiodarone nitroglycerin simvastatin
atorvastatin rosuvastatin pravastatin ezetimibe amoxicillin penicillin ampicillin cephalexin ceftriaxone
azithromycin clarithromycin erythromycin doxycycline ciprofloxacin levofloxacin moxifloxacin metronidazole
nitrofurantoin trimethoprim co-trimoxazole linezolid vancomycin rifampicin rifampin isoniazid fluconazole
itraconazole ketoconazole terbinafine acyclovir valacyclovir oseltamivir tamiflu sertraline fluoxetine
citalopram escitalopram paroxetine venlafaxine duloxetine bupropion mirtazapine amitriptyline nortriptyline
phenelzine tranylcypromine lithium quetiapine olanzapine risperidone haloperidol aripiprazole diazepam
lorazepam alprazolam clonazepam zolpidem melatonin hydroxyzine diphenhydramine cetirizine loratadine zyrtec
celexa fexofenadine pseudoephedrine phenylephrine codeine tramadol morphine oxycodone hydrocodone fentanyl
methadone buprenorphine naloxone gabapentin pregabalin carbamazepine valproate lamotrigine levetiracetam
phenytoin topiramate levothyroxine methimazole prednisone prednisolone dexamethasone hydrocortisone
methotrexate azathioprine allopurinol colchicine febuxostat alendronate omeprazole esomeprazole pantoprazole
lansoprazole ranitidine famotidine zantac loperamide ondansetron metoclopramide sildenafil tadalafil
tamsulosin finasteride tizanidine baclofen cyclobenzaprine isotretinoin tretinoin phentermine orlistat
sumatriptan rizatriptan triptan cyclosporine tacrolimus mycophenolate salbutamol albuterol montelukast
fluticasone budesonide theophylline iron ferrous vitamin zinc magnesium potassium calcium turmeric garlic
ginkgo "st john's wort" grapefruit alcohol statin antibiotic antidepressant antihistamine ssri nsaid maoi ppi
contraceptive
"""

_EN_STEMS = (
    r"\w+(?:statin|pril|sartan|olol|dipine|azole|cillin|mycin|cycline|floxacin|oxacin|tidine|prazole|gliptin|gliflozin"
    r"|glutide|parin|xaban|gatran|mab|nib|vir|triptan|setron|zepam|zolam|oxetine|pramine|triptyline|caine"
    r"|sone|olone|thiazide|semide|profen|fenac|coxib|dronate|zosin|afil)\b"
)

_ZH_NAMES = """
对乙酰氨基酚 扑热息痛 布洛芬 萘普生 阿司匹林 双氯芬酸 塞来昔布 美洛昔康 吲哚美辛 华法林 肝素 依诺肝素 阿哌沙班
利伐沙班 达比加群 氯吡格雷 替格瑞洛 二甲双胍 胰岛素 甘精胰岛素 格列吡嗪 格列齐特 西格列汀 恩格列净 达格列净
利拉鲁肽 司美格鲁肽 吡格列酮 赖诺普利 依那普利 雷米普利 氯沙坦 缬沙坦 坎地沙坦 氨氯地平 硝苯地平 地尔硫卓
维拉帕米 美托洛尔 阿替洛尔 比索洛尔 普萘洛尔 卡维地洛 氢氯噻嗪 呋塞米 螺内酯 美托拉宗 肼屈嗪 可乐定 地高辛
胺碘酮 硝酸甘油 辛伐他汀 阿托伐他汀 瑞舒伐他汀 依折麦布 阿莫西林 青霉素 头孢 阿奇霉素 克拉霉素 红霉素 多西环素
环丙沙星 左氧氟沙星 莫西沙星 甲硝唑 呋喃妥因 复方新诺明 利奈唑胺 万古霉素 利福平 异烟肼 氟康唑 伊曲康唑 酮康唑
阿昔洛韦 奥司他韦 舍曲林 氟西汀 西酞普兰 艾司西酞普兰 帕罗西汀 文拉法辛 度洛西汀 安非他酮 米氮平 阿米替林
苯乙肼 碳酸锂 锂盐 喹硫平 奥氮平 利培酮 氟哌啶醇 阿立哌唑 地西泮 劳拉西泮 阿普唑仑 氯硝西泮 唑吡坦 褪黑素 羟嗪
苯海拉明 西替利嗪 氯雷他定 伪麻黄碱 可待因 曲马多 吗啡 羟考酮 芬太尼 美沙酮 加巴喷丁 普瑞巴林 卡马西平 丙戊酸
拉莫三嗪 左乙拉西坦 苯妥英 左甲状腺素 优甲乐 甲巯咪唑 泼尼松 泼尼松龙 地塞米松 氢化可的松 甲氨蝶呤 硫唑嘌呤
别嘌醇 秋水仙碱 非布司他 阿仑膦酸钠 奥美拉唑 埃索美拉唑 泮托拉唑 雷尼替丁 法莫替丁 洛哌丁胺 昂丹司琼
甲氧氯普胺 西地那非 他达拉非 坦索罗辛 非那雄胺 替扎尼定 巴氯芬 异维A酸 芬特明 奥利司他 舒马普坦 曲普坦 环孢素
他克莫司 沙丁胺醇 孟鲁司特 布地奈德 茶碱 铁剂 维生素 锌 镁 钙 姜黄 大蒜 银杏 圣约翰草 西柚 酒 他汀 抗生素
抗抑郁药 避孕药
"""

_ZH_STEMS = (
    r"[\u4e00-\u9fff]{1,3}(?:"
    + "|".join(
        (
            "他汀",
            "普利",
            "沙坦",
            "洛尔",
            "地平",
            "西林",
            "霉素",
            "沙星",
            "拉唑",
            "替丁",
            r"格列\w",
            "列净",
            "肝素",
            "沙班",
            "西泮",
            "唑仑",
            "替尼",
            "单抗",
            "韦",
            "曲坦",
            "司琼",
            "松",
            "噻嗪",
        )
    )
    + ")"
)


@cache
def _pattern(language: str) -> re.Pattern[str]:
    if language == "zh":
        names = sorted(_ZH_NAMES.split(), key=len, reverse=True)
        return re.compile("|".join(map(re.escape, names)) + r"|\b[a-z]{5,}\b", re.IGNORECASE)
    words = re.findall(r'"[^"]+"|\S+', _EN_NAMES)
    names = sorted((w.strip('"') for w in words), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b|" + _EN_STEMS, re.IGNORECASE)


def drugs_in(text: str, language: str) -> set[str]:
    """Lower-cased drug mentions in `text` (names and class-stem matches)."""
    if not text:
        return set()
    found = {m.group(0).lower() for m in _pattern(language).finditer(text)}
    if language == "zh":
        # Class stems on what the names left, so a stem never swallows a known name's neighbours.
        rest = _pattern(language).sub(" ", text)
        found |= {m.group(0) for m in re.finditer(_ZH_STEMS, rest)}
        # Latin words in Chinese text count only when they look like an English drug name.
        en = _pattern("en")
        found = {d for d in found if not d.isascii() or en.fullmatch(d)}
    return found

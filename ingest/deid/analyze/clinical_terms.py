"""Clinical vocabulary that must survive de-identification.

Name and place detectors (spaCy NER, title rules, Chinese surname rules) misfire on drug names,
eponymous diseases and lab names ("Parkinson", "Crohn", "Hashimoto", "HbA1c", 高血压). Detections
that are clinical terms are dropped in `ingest.deid.analyze.filters`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.deid.analyze.fuzzy import FuzzyWords


def words(block: str) -> frozenset[str]:
    return frozenset(block.split())


DRUGS = words(
    """
    warfarin coumadin heparin enoxaparin lovenox apixaban eliquis rivaroxaban xarelto dabigatran pradaxa
    edoxaban clopidogrel plavix ticagrelor brilinta prasugrel aspirin ibuprofen advil motrin naproxen aleve
    acetaminophen paracetamol tylenol diclofenac celecoxib celebrex meloxicam indomethacin ketorolac
    metformin glucophage insulin glargine lantus detemir levemir lispro humalog aspart novolog degludec
    glipizide glyburide glimepiride sitagliptin januvia linagliptin empagliflozin jardiance dapagliflozin
    farxiga canagliflozin liraglutide victoza semaglutide ozempic wegovy dulaglutide trulicity tirzepatide
    mounjaro pioglitazone acarbose atorvastatin lipitor simvastatin zocor rosuvastatin crestor pravastatin
    lovastatin ezetimibe zetia fenofibrate lisinopril enalapril ramipril benazepril captopril losartan
    valsartan irbesartan olmesartan candesartan telmisartan amlodipine norvasc nifedipine diltiazem
    verapamil metoprolol lopressor toprol atenolol carvedilol bisoprolol propranolol labetalol nebivolol
    hydrochlorothiazide chlorthalidone furosemide lasix torsemide bumetanide spironolactone eplerenone
    digoxin amiodarone sotalol flecainide nitroglycerin isosorbide hydralazine clonidine doxazosin
    tamsulosin flomax finasteride levothyroxine synthroid euthyrox methimazole propylthiouracil prednisone
    prednisolone methylprednisolone medrol dexamethasone hydrocortisone budesonide fluticasone albuterol
    salbutamol ventolin levalbuterol ipratropium tiotropium spiriva montelukast singulair formoterol
    salmeterol advair symbicort omeprazole prilosec esomeprazole nexium pantoprazole lansoprazole
    rabeprazole famotidine pepcid ranitidine ondansetron zofran metoclopramide loperamide imodium
    mesalamine sulfasalazine azathioprine mercaptopurine methotrexate infliximab remicade adalimumab
    humira etanercept enbrel ustekinumab vedolizumab hydroxychloroquine plaquenil amoxicillin augmentin
    penicillin ampicillin cephalexin keflex ceftriaxone cefuroxime azithromycin zithromax clarithromycin
    erythromycin doxycycline minocycline ciprofloxacin levofloxacin moxifloxacin metronidazole flagyl
    nitrofurantoin trimethoprim sulfamethoxazole bactrim vancomycin clindamycin linezolid gentamicin
    rifampin isoniazid fluconazole diflucan acyclovir valacyclovir valtrex oseltamivir tamiflu
    paxlovid nirmatrelvir remdesivir sertraline zoloft fluoxetine prozac citalopram escitalopram lexapro
    paroxetine paxil venlafaxine effexor duloxetine cymbalta bupropion wellbutrin mirtazapine trazodone
    amitriptyline nortriptyline lithium quetiapine seroquel olanzapine risperidone aripiprazole abilify
    haloperidol clozapine lorazepam ativan alprazolam xanax diazepam valium clonazepam klonopin zolpidem
    ambien melatonin gabapentin neurontin pregabalin lyrica levetiracetam keppra lamotrigine lamictal
    valproate depakote carbamazepine tegretol phenytoin dilantin topiramate topamax levodopa carbidopa
    sinemet pramipexole ropinirole rasagiline selegiline donepezil aricept memantine namenda rivastigmine
    galantamine sumatriptan imitrex rizatriptan morphine oxycodone oxycontin hydrocodone vicodin
    percocet codeine tramadol fentanyl hydromorphone methadone buprenorphine suboxone naloxone narcan
    naltrexone alendronate fosamax risedronate denosumab prolia calcitriol cholecalciferol ergocalciferol
    estradiol progesterone medroxyprogesterone testosterone tamoxifen letrozole anastrozole sildenafil
    viagra tadalafil cialis allopurinol febuxostat colchicine cetirizine zyrtec loratadine claritin
    fexofenadine allegra diphenhydramine benadryl epinephrine epipen potassium magnesium ferrous iron
    folate cyanocobalamin pembrolizumab keytruda nivolumab rituximab trastuzumab herceptin bevacizumab
    cisplatin carboplatin paclitaxel docetaxel doxorubicin cyclophosphamide imatinib tacrolimus
    cyclosporine mycophenolate sirolimus
    aclidinium tudorza furadantin macrobid macrodantin isotretinoin accutane claravis absorica amnesteem
    myorisan zenatane yasmin yaz ocella osella ocela drospirenone adderall ritalin concerta vyvanse
    methylphenidate miralax flonase nasonex afrin sudafed mucinex dayquil nyquil pepto zantac tums
    gaviscon dulcolax colace senna metamucil xyzal zyrtec-d singulair lamisil terbinafine clotrimazole
    lotrimin miconazole monistat nystatin hydroxyzine vistaril benzonatate tessalon robitussin
    dextromethorphan guaifenesin pseudoephedrine phenylephrine loratidine cetirizin provera depo-provera
    nuvaring mirena nexplanon plan-b levonorgestrel norethindrone sprintec junel loestrin lo-loestrin
    estrace premarin clomid letrozol metronidazol valtrex zovirax abreva tretinoin retin-a differin
    adapalene benzoyl doxycyline minocin spironolacton aldactone propecia rogaine minoxidil
    """
)
# Common consumer misspellings of drug names ("amoxicilin", "zolft"); one-typo variants of `DRUGS` are
# matched by `is_clinical_word` as well.
DRUG_MISSPELLINGS = words(
    """
    ciprofaxin cipro ciprofloxin amoxicilin amoxicillan amoxcillin amoxil acutane accutain acutain zolft
    zoloff zarelto xarelto zeralto levothyroxene levothyroxin levothyroxine synthroyd metforman metformine
    ibuprofin ibuprophen tylenal asprin lipator eliquis eloquis prednisone prednizone predisone
    gabapentine gabapenten omeprazol omeprozole nexuim adderal aderall addreall ritilin wellbutrin welbutrin
    lexapro lexipro zolof celexa cymbalta cymbolta xanex zanax ambian ambient seroquil abilfy humera
    ozempic ozempik wegovy mounjaro monjaro januvia janumet jardiance trulicity victoza lantus novolog
    """
)
SYMPTOMS_AND_ANATOMY = words(
    """
    pain ache aches aching itch itching itchy rash rashes cramps cramp nausea nauseous vomiting diarrhea
    diarrhoea diahrrea diarhea diarrhea constipation bloating fever chills cough wheezing dizziness dizzy
    fatigue tired headache headaches migraine swelling swollen numbness tingling spotting bleeding
    discharge acne hives blister blisters wart warts mole moles cyst cysts lump lumps sore sores
    insomnia palpitations reflux heartburn jock athlete's athletes wax earwax tendon tendons tendonitis
    tendinitis ligament ligaments achilles achiles cartilage meniscus rotator cuff knee knees ankle ankles
    wrist shoulder elbow hip hips spine vertebra disc disk thyroid tonsils tonsil adenoids gums gum teeth
    tooth molar liver kidney kidneys bladder gallbladder pancreas spleen colon bowel bowels stomach
    uterus ovary ovaries cervix prostate testicle testicles lung lungs heart artery arteries vein veins
    sinus sinuses eustachian cornea retina eyelid scalp skin nail nails toenail toenails fungus fungal
    tumor tumour tumors tumours granulomatosis polyangiitis nephroblastoma virus viral bacterial
    infection infections inflammation syndrome disease disorder depressive depression major mdd bipolar
    surgery biopsy colonoscopy endoscopy mammogram ultrasound x-ray xray scan vaccination vaccine
    diabete diabetis diabetic diabetes endometriosis endometreosis esophagus esophogus oesophagus
    hypothyroid hyperthyroid thyroiditis hashimoto's shingles measles mumps chickenpox strep
    mono mononucleosis tonsillitis sinusitis gastroenteritis appendicitis hernia hemorrhoids haemorrhoids
    """
)

DISEASES = words(
    """
    diabetes hypertension hypothyroidism hyperthyroidism thyroiditis asthma copd pneumonia bronchitis
    influenza covid covid-19 sepsis stroke dementia epilepsy migraine arthritis osteoarthritis lupus
    psoriasis eczema cancer carcinoma lymphoma leukemia leukaemia melanoma anemia anaemia hepatitis
    cirrhosis pancreatitis gastritis colitis gerd ibs ibd depression anxiety schizophrenia bipolar adhd
    autism gout osteoporosis obesity hyperlipidemia atrial fibrillation afib chf ckd esrd dvt uti
    """
)

LABS = words(
    """
    hba1c a1c hgba1c egfr gfr alt ast alp ggt ldl hdl tsh ft3 ft4 t3 t4 inr pt ptt aptt bnp nt-probnp crp
    hs-crp esr wbc rbc hb hgb hct mcv mch mchc plt bun creatinine troponin lipase amylase ferritin psa cea
    ca-125 afp hcg ana rf cbc cmp bmp ecg ekg eeg emg mri ct pet cta mra spo2 sao2 pao2 paco2 bmi bp
    hiv hpv hbv hcv ebv cmv rsv sars-cov-2 pcr igg igm ige vitamin b12 d3 ldh ck ck-mb d-dimer
    """
)

# Eponyms: a detection of one of these words is clinical unless a personal title precedes it.
STRONG_EPONYMS = words(
    """
    parkinson parkinsons crohn crohns hashimoto hashimotos alzheimer alzheimers cushing cushings addison
    addisons hodgkin hodgkins huntington huntingtons raynaud raynauds sjogren sjogrens sjögren sjögrens
    guillain barre barré tourette tourettes asperger aspergers kawasaki meniere menieres ménière paget
    pagets marfan marfans klinefelter lyme hirschsprung behcet behçet kaposi burkitt wernicke korsakoff
    dupuytren creutzfeldt jakob munchausen duchenne babinski heimlich doppler holter apgar glasgow
    tay-sachs ehlers-danlos epstein-barr stevens-johnson guillain-barre guillain-barré niemann-pick
    gaucher fabry pompe osgood-schlatter legg-calve-perthes zollinger-ellison wolff-parkinson-white
    prader-willi angelman noonan digeorge kernig brudzinski romberg trendelenburg mcburney
    wegener wegeners wegner wegners patau edwards wilms gehrig gehrigs epstein epstien barr sjogren shogren
    shogrens sjogrens hashi hashis barrett barretts bakers baker's tourettes osgood schlatter bells bell's
    graves' nile meniere's crohnie mohs valsalva dix-hallpike kegel kegels mantoux snellen papanicolaou
    """
)
# Eponyms that are also common surnames: clinical only when a disease word follows.
WEAK_EPONYMS = words(
    """
    wilson murphy baker becker still down turner graves bell williams gilbert conn barrett horner reiter
    whipple charcot marie tooth bright hartmann nissen foley swan ganz hickman pap gram epley semont gleason
    schirmer
    """
)
EPONYM_FOLLOWERS = re.compile(
    r"^(?:['’]s?\s*)?(?:[- ]\w+[- ]?)?\s*(?i:disease|syndrome|sign|palsy|disorder|ulcer|esophagus|oesophagus|"
    r"cyst|test|maneuver|manoeuvre|reflex|lymphoma|sarcoma|thyroiditis|phenomenon|contracture|catheter|"
    r"triad|encephalopathy|stain|smear|tumou?r|anomaly|procedure|fundoplication|criteria|score|scale|line|"
    r"exercises?|chart)\b"
)

GUIDELINES = words("gina gold kdigo nccn esc ada acc aha nice who idsa ats ers easl aasld acr eular uspstf")

CLINICAL_WORDS = DRUGS | DRUG_MISSPELLINGS | DISEASES | LABS | STRONG_EPONYMS | GUIDELINES | SYMPTOMS_AND_ANATOMY
# One-typo variants of drug names ("amoxicilin", "levothyroxene", "Zarelto"), words of six letters or more.
_NEAR_DRUGS = FuzzyWords(DRUGS | DRUG_MISSPELLINGS, min_length=7)
# One-typo variants of eponymous diseases written as a possessive without its apostrophe ("Reynauds",
# "Meniers"): only words ending in s, as surnames near an eponym ("Huntingdon") seldom do.
_NEAR_EPONYMS = FuzzyWords(STRONG_EPONYMS, min_length=7)
# Eponymous names of diseases and procedures that read as a person's name ("Tommy John surgery").
EPONYM_PHRASES = re.compile(
    r"(?i:\b(?:tommy\s+john|lou\s+gehrig['’]?s?|west\s+nile|jock\s+itch|ear\s+wax|dr\.?\s+google|"
    r"rocky\s+mountain\s+spotted\s+fever|"
    r"epstein[-\s]+barr|guillain[-\s]+barr[eé]|down['’]?s?\s+syndrome|bell['’]?s\s+palsy)\b)"
)

# Common INN stems: a single-word detection with one of these endings is a drug, not a person or place.
DRUG_STEM = re.compile(
    r"(?i)^[a-z]{3,}(?:pril|sartan|olol|alol|dipine|statin|gliptin|gliflozin|glutide|formin|mab|nib|tinib|"
    r"parin|xaban|gatran|grel|azole|prazole|tidine|cillin|mycin|micin|floxacin|cycline|cef\w+|vir|navir|"
    r"previr|asvir|zepam|zolam|azepam|triptan|setron|barbital|caine|profen|oxacin|sone|olone|semide|thiazide|"
    r"tropium|terol|lukast|dronate|platin|taxel|rubicin|limus|tadine|pramine|triptyline|oxetine|afaxine|"
    r"peridone|apine|ipramine|etine|amide|idone|codone|morphone|fentanil|adol|azosin|osin)$"
)

# Chinese clinical terms, notably those that begin with a surname character (高, 黄, 白, 金, 石 ...).
CN_CLINICAL_TERMS = words(
    """
    高血压 高血脂 高血糖 高脂血症 高尿酸 高热 高烧 高钾 高钙 高危 高压 高密度 黄疸 黄体酮 黄芪 黄连 黄芩 黄体 白细胞
    白蛋白 白血病 白内障 白癜风 白术 白芍 金银花 金刚烷胺 石膏 石斛 毛细血管 甘油三酯 甘草 甘露醇 左心室 左心房
    左氧氟沙星 左甲状腺素 左旋多巴 左侧 安眠药 安定 安宫牛黄丸 常规 曾经 包块 全血 全身 葛根 杜仲 柴胡 党参 桂枝
    丁香 龙胆 何首乌 田七 三七 当归 阿司匹林 阿莫西林 阿托伐他汀 阿卡波糖 阿尔茨海默 阿尔茨海默病 帕金森 帕金森病
    桥本 桥本甲状腺炎 克罗恩 克罗恩病 库欣 库欣综合征 艾迪生 华法林 二甲双胍 布洛芬 对乙酰氨基酚 胰岛素 格列美脲
    格列齐特 瑞舒伐他汀 辛伐他汀 氨氯地平 硝苯地平 美托洛尔 缬沙坦 氯沙坦 厄贝沙坦 氯吡格雷 利伐沙班 达比加群
    奥美拉唑 泮托拉唑 雷贝拉唑 头孢 头孢克肟 青霉素 左氧 莫西沙星 甲硝唑 氢氯噻嗪 呋塞米 螺内酯 地高辛 胺碘酮
    硝酸甘油 泼尼松 甲泼尼龙 地塞米松 左甲状腺素钠 优甲乐 甲巯咪唑 丙硫氧嘧啶 二甲双胍缓释片 沙格列汀 西格列汀
    达格列净 恩格列净 利拉鲁肽 司美格鲁肽 糖化血红蛋白 肌酐 尿素氮 谷丙转氨酶 谷草转氨酶 转氨酶 血红蛋白 血小板
    甲状腺 甲亢 甲减 糖尿病 冠心病 心绞痛 心肌梗死 脑梗 脑卒中 房颤 哮喘 慢阻肺 肺炎 肝炎 肝硬化 肾病 痛风
    骨质疏松 抑郁症 焦虑症 癫痫 偏头痛 关节炎 类风湿 红斑狼疮 银屑病 湿疹 贫血 乙肝 丙肝 艾滋病 新冠 流感
    霍奇金 霍奇金淋巴瘤 艾司西酞普兰 西酞普兰 唐氏 唐氏综合征 唐氏综合症 唐氏儿 吉兰-巴雷综合征 吉兰巴雷 巴雷
    巴雷特 巴雷特食管 甲功 雷诺 雷诺综合征 蒙脱石 蒙脱石散 连花清瘟 梅尼埃 梅尼埃病 拜唐苹 左洛复 帕陶 帕陶综合征
    贝尔面瘫 面瘫 韦格纳 肉芽肿 威尔姆斯 肾母细胞瘤 爱泼斯坦 渐冻症 舍格伦 干燥综合征 阿德拉 异维A酸 泰尔丝 优思明
    """
)


_POSSESSIVE = re.compile(r"['’]s$")


@lru_cache(maxsize=65536)
def is_clinical_word(word: str) -> bool:
    """True when one word (any case, possessive stripped) is a drug, disease, lab or strong eponym."""
    key = word.casefold().strip(".,;:!?()[]\"'’")
    key = _POSSESSIVE.sub("", key)
    return (
        key in CLINICAL_WORDS
        or bool(DRUG_STEM.match(key))
        or (len(key) >= 7 and key in _NEAR_DRUGS)
        or (len(key) >= 7 and key.endswith("s") and key in _NEAR_EPONYMS)
        # "ph" for "f" is the commonest sound-alike misspelling ("metphormin", "phluoxetine").
        or ("ph" in key and len(key) >= 8 and key.replace("ph", "f") in _NEAR_DRUGS)
    )


def _by_first_char(terms: frozenset[str]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for term in terms:
        index.setdefault(term[0], []).append(term)
    return {char: tuple(group) for char, group in index.items()}


_CN_TERMS_BY_FIRST_CHAR = _by_first_char(CN_CLINICAL_TERMS)


def starts_cn_clinical_term(text: str, start: int) -> bool:
    """True when a Chinese clinical term begins at `start` (a candidate name there is a false hit)."""
    terms = _CN_TERMS_BY_FIRST_CHAR.get(text[start : start + 1])
    return terms is not None and text.startswith(terms, start)


def overlaps_cn_clinical_term(text: str, start: int, end: int) -> bool:
    """True when a Chinese clinical term overlaps text[start:end] ("查甲功" holds 甲功, 艾司 begins 艾司西酞普兰)."""
    for i in range(max(0, start - 6), end):
        terms = _CN_TERMS_BY_FIRST_CHAR.get(text[i])
        if terms is None:
            continue
        for term in terms:
            if i + len(term) > start and text.startswith(term, i):
                return True
    return False

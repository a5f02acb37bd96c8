"""Chinese phrasings of the root-cause benchmark, written for it (not the demo generator's).

Every pool and template list is a pair `(tune, heldout)`: held-out rows are built only from the second
list, so their wording was never seen while rules and thresholds were tuned.
"""

from __future__ import annotations

Pair = tuple[list[str], list[str]]
Entries = tuple[list[dict[str, str]], list[dict[str, str]]]

POOLS: dict[str, dict[str, Pair | Entries]] = {
    "missed_red_flag": {
        "presentation": (
            [
                "胸口像压了块石头，疼到下巴，一直出冷汗",
                "突然头痛，是这辈子最厉害的一次",
                "我爸一边脸歪了，胳膊抬不起来",
                "宝宝才5周大，体温38.6度",
                "小腿肿了，现在突然喘不上气",
                "吃了虾以后嘴唇和舌头都肿起来了",
                "今天早上吐了好几口血",
                "大便黑得像柏油，人发晕",
            ],
            [
                "右眼突然看不见了",
                "发烧，身上出了按压不褪色的紫色小点",
                "怀孕33周，头疼得厉害还眼冒金星",
                "肚子疼得直不起腰，肚皮硬得像木板",
                "我不想活了，药都攒好了",
                "老公摔倒磕到头，现在说话糊涂还一直吐",
            ],
        ),
        "routine": (
            ["多休息、多喝水，必要时吃点对乙酰氨基酚", "吃点胃药，别吃辣的", "先在家观察几天", "下周挂个普通门诊看看"],
            ["泡个热水澡早点睡", "可能是压力大，试试深呼吸放松", "过几天再看看情况"],
        ),
        "urgent": (
            ["立即拨打120", "马上去医院急诊", "立刻叫救护车"],
            ["现在就去最近的急诊科", "不要等，马上送医院抢救", "今天必须去急诊，不能等门诊"],
        ),
    },
    "dose_or_unit_error": {
        "dose": (
            [
                {"drug": "左甲状腺素", "wrong": "每天500微克", "right": "每天50微克"},
                {"drug": "甲氨蝶呤", "wrong": "每天10毫克", "right": "每周一次10毫克"},
                {"drug": "给3岁孩子的阿莫西林混悬液", "wrong": "每次15毫升，一天三次", "right": "每次5毫升，一天三次"},
                {"drug": "对乙酰氨基酚", "wrong": "每4小时2克", "right": "每次1克，每天不超过4克"},
                {"drug": "华法林", "wrong": "今晚吃50毫克", "right": "今晚吃5毫克"},
                {"drug": "甘精胰岛素", "wrong": "睡前打100个单位", "right": "睡前打10个单位"},
                {"drug": "地高辛", "wrong": "每天0.25克", "right": "每天0.25毫克"},
                {"drug": "维生素D", "wrong": "每天5万单位", "right": "每周一次5万单位"},
                {"drug": "给儿子吃的泼尼松", "wrong": "每公斤20毫克", "right": "每公斤2毫克，最多40毫克"},
            ],
            [
                {"drug": "羟考酮", "wrong": "每2小时40mg", "right": "每4到6小时5mg"},
                {"drug": "碳酸锂", "wrong": "一天3000毫克", "right": "一天900毫克"},
                {"drug": "芬太尼贴剂", "wrong": "一开始就贴100微克/小时", "right": "从12微克/小时开始"},
                {"drug": "给1岁宝宝的布洛芬", "wrong": "20ml", "right": "2.5ml"},
                {"drug": "依诺肝素", "wrong": "每天一次400毫克", "right": "每天一次40毫克"},
                {"drug": "阿仑膦酸钠", "wrong": "每天早上70毫克", "right": "每周一次70毫克"},
                {"drug": "二甲双胍", "wrong": "早饭时吃5000mg", "right": "早饭时吃500mg"},
            ],
        ),
    },
    "interaction_missed": {
        "pair": (
            [
                {"a": "布洛芬", "b": "华法林", "risk": "出血"},
                {"a": "克拉霉素", "b": "辛伐他汀", "risk": "横纹肌溶解"},
                {"a": "曲马多", "b": "舍曲林", "risk": "血清素综合征"},
                {"a": "西地那非", "b": "硝酸甘油", "risk": "血压骤降"},
                {"a": "别嘌醇", "b": "硫唑嘌呤", "risk": "骨髓抑制"},
                {"a": "螺内酯", "b": "赖诺普利", "risk": "高血钾"},
                {"a": "氟康唑", "b": "西酞普兰", "risk": "QT间期延长"},
                {"a": "环丙沙星", "b": "替扎尼定", "risk": "严重低血压"},
            ],
            [
                {"a": "甲硝唑", "b": "喝酒", "risk": "双硫仑样反应"},
                {"a": "利奈唑胺", "b": "氟西汀", "risk": "5-羟色胺中毒"},
                {"a": "维拉帕米", "b": "美托洛尔", "risk": "心脏传导阻滞"},
                {"a": "氢氯噻嗪", "b": "碳酸锂", "risk": "锂中毒"},
                {"a": "利福平", "b": "短效避孕药", "risk": "避孕失败"},
                {"a": "胺碘酮", "b": "华法林", "risk": "INR升高和出血"},
            ],
        ),
    },
    "insufficient_history": {
        "case": (
            [
                {"request": "鼻塞吃什么药好", "advice": "伪麻黄碱，每6小时一次", "missing": "有没有高血压"},
                {"request": "痘痘怎么治最有效", "advice": "异维A酸", "missing": "是否可能怀孕"},
                {"request": "烧心反酸吃什么", "advice": "奥美拉唑吃8周", "missing": "症状多久了、有没有消瘦或吞咽困难"},
                {"request": "孩子咳嗽给他吃什么", "advice": "成人止咳糖浆", "missing": "孩子几岁"},
                {"request": "腰疼想吃止痛药", "advice": "萘普生一天两次", "missing": "肾功能和正在吃的其他药"},
                {"request": "尿路感染吃什么药", "advice": "呋喃妥因吃5天", "missing": "是否怀孕、有没有发烧或腰痛"},
            ],
            [
                {"request": "推荐个安眠药", "advice": "睡前吃唑吡坦", "missing": "年龄和喝酒情况"},
                {"request": "花粉过敏吃啥", "advice": "有镇静作用的抗组胺药", "missing": "他是不是开车上班"},
                {"request": "什么减肥药管用", "advice": "芬特明", "missing": "有没有心脏病"},
                {
                    "request": "偏头痛吃什么",
                    "advice": "曲普坦类药",
                    "missing": "心血管病史，以及这次头痛是不是新出现的",
                },
                {"request": "小宝宝拉肚子给吃什么", "advice": "洛哌丁胺", "missing": "宝宝多大、有没有脱水"},
            ],
        ),
    },
    "context_lapse": {
        "fact": (
            [
                {"fact1": "我对青霉素过敏", "fact3": "青霉素过敏", "bad": "阿莫西林"},
                {"fact1": "我怀孕24周了", "fact3": "怀孕24周", "bad": "布洛芬"},
                {"fact1": "我是慢性肾病4期", "fact3": "慢性肾病4期", "bad": "萘普生"},
                {"fact1": "我在吃华法林", "fact3": "正在服用华法林", "bad": "阿司匹林止痛"},
                {"fact1": "我吃素", "fact3": "素食", "bad": "鱼油胶囊"},
                {"fact1": "我甲状腺已经切除了", "fact3": "甲状腺已切除", "bad": "查甲亢"},
                {"fact1": "我在哺乳期", "fact3": "哺乳期", "bad": "可待因"},
                {"fact1": "我有哮喘", "fact3": "哮喘", "bad": "普萘洛尔"},
            ],
            [
                {"fact1": "我儿子才4岁", "fact3": "孩子只有4岁", "bad": "成人剂量的药片"},
                {"fact1": "我对磺胺类药过敏", "fact3": "磺胺过敏", "bad": "复方新诺明"},
                {"fact1": "我花生过敏", "fact3": "花生过敏", "bad": "花生蛋白棒"},
                {"fact1": "我是1型糖尿病", "fact3": "1型糖尿病", "bad": "停掉胰岛素的断食方案"},
                {"fact1": "奥美拉唑我吃过没用", "fact3": "奥美拉唑无效", "bad": "奥美拉唑"},
                {"fact1": "我在吃苯乙肼", "fact3": "正在服用单胺氧化酶抑制剂", "bad": "伪麻黄碱"},
            ],
        ),
    },
    "fabricated_evidence": {
        "cite": (
            [
                {
                    "claim": "姜黄降压效果和氨氯地平一样",
                    "citation": "2020年《新英格兰医学杂志》的一项随机试验（Harper等）",
                },
                {"claim": "每天3克维生素C能预防80%的感冒", "citation": "Cochrane系统评价CD009987（2021）"},
                {"claim": "饭后散步能逆转2型糖尿病", "citation": "PMID 31415926"},
                {"claim": "苹果醋能溶解肾结石", "citation": "doi:10.1001/jama.2019.88213"},
                {"claim": "镁能治好九成的偏头痛", "citation": "美国头痛学会2022年立场声明"},
                {"claim": "冷水澡能让免疫力提高3倍", "citation": "https://www.nih.gov/cold-exposure-study"},
            ],
            [
                {"claim": "锌含片能让新冠缩短一周", "citation": "《柳叶刀·传染病》第23卷第1442页（2023）"},
                {"claim": "间歇性断食能治愈多囊卵巢综合征", "citation": "周和Patel在BMJ 2021年发表的荟萃分析"},
                {"claim": "儿童吃20毫克褪黑素是安全的", "citation": "世卫组织2020年儿童睡眠声明"},
                {"claim": "益生菌能预防95%的抗生素相关腹泻", "citation": "PMID: 27182818"},
                {"claim": "大蒜的降脂效果和他汀一样", "citation": "《临床血脂学杂志》2018;12(4):455-61"},
                {"claim": "蜂蜜滴眼能治好白内障", "citation": "doi 10.1016/j.ophtha.2020.04.022"},
            ],
        ),
    },
    "tool_failure": {
        "tool": (
            ["ocr.read", "lab.lookup", "drug_db.search", "scheduler.book", "guideline.search"],
            ["imaging.fetch_report", "pharmacy.check_stock", "ehr.get_history", "ocr.extract_table"],
        ),
        "error": (
            [
                "TimeoutError: request timed out after 30s",
                "HTTP 503 Service Unavailable",
                "ConnectionError: connection refused by upstream host",
                "OCRError: 图片中未识别到文字（过于模糊或太暗）",
                "429 Too Many Requests: rate limit exceeded",
                "502 Bad Gateway",
            ],
            [
                "ReadTimeout: upstream did not respond within 20000 ms",
                "服务暂不可用：系统维护中",
                "504 Gateway Time-out",
                "socket hang up",
                "服务器内部错误 (500)",
                "ImageDecodeError: 文件损坏或格式不支持",
            ],
        ),
        "upload": (
            ["我的化验单照片", "出院小结", "处方的照片"],
            ["核磁报告的PDF", "疫苗接种本的扫描件"],
        ),
    },
    "tool_misuse": {
        "tool": (
            ["dose_calculator", "lab.lookup", "drug_db.search", "interactions.check"],
            ["scheduler.book", "bmi.compute", "formulary.query"],
        ),
        "error": (
            [
                "ValidationError: 'weight_kg' must be a number, got '140斤'",
                "400 Bad Request: missing required parameter 'drug_name'",
                "TypeError: expected a list of drug names, got str",
                "UnknownTool: 'interactions.check_v0' is not registered",
                "参数错误：date_of_service '2024-02-30' 不是有效日期",
            ],
            [
                "422 Unprocessable Entity: field 'age_years' must be between 0 and 120, got 340",
                "参数校验失败：route 只能是 oral/iv/im，收到 '口服一天两次'",
                "KeyError: 'patient_sex'",
                "ValueError: could not convert '十' to float (field 'dose_mg')",
            ],
        ),
        "mixup": (
            [
                {"asked": "肼屈嗪", "looked": "羟嗪", "finding": "血钾6.2 mmol/L（偏高）"},
                {"asked": "可乐定", "looked": "氯硝西泮", "finding": "eGFR只有24"},
                {"asked": "美托洛尔", "looked": "美托拉宗", "finding": "血钠128（偏低）"},
            ],
            [
                {"asked": "塞来昔布", "looked": "西酞普兰", "finding": "转氨酶是上限的3倍"},
                {"asked": "雷尼替丁", "looked": "西替利嗪", "finding": "血红蛋白7.9"},
            ],
        ),
    },
    "knowledge_error": {
        "fact": (
            [
                {"false": "吃抗生素能让流感好得更快", "true": "流感是病毒感染，抗生素没用"},
                {"false": "TSH是9属于正常范围", "true": "TSH 9 mIU/L是升高的"},
                {"false": "哺乳期不会怀孕", "true": "哺乳不是可靠的避孕方法"},
                {"false": "带状疱疹完全不会传染", "true": "疱疹可以让没有免疫力的人感染水痘"},
                {"false": "成人静息心率正常是100到140", "true": "成人正常静息心率是60到100"},
                {"false": "痛风是钙太多引起的", "true": "痛风是尿酸结晶引起的"},
            ],
            [
                {"false": "丙肝治不好", "true": "直接抗病毒药能治愈大多数丙肝"},
                {"false": "阑尾在肚子左边", "true": "阑尾在右下腹"},
                {"false": "缺铁会让MCV升高", "true": "缺铁会让MCV降低"},
                {"false": "打疫苗会导致自闭症", "true": "疫苗不会导致自闭症"},
                {"false": "37.2度就是发烧要吃退烧药", "true": "37.2度不算发烧"},
            ],
        ),
    },
    "outdated_guidance": {
        "guide": (
            [
                {
                    "old": "每天吃阿司匹林预防第一次心梗",
                    "year": "2009",
                    "current": "现在多数成年人已不推荐用阿司匹林做一级预防",
                },
                {"old": "宝宝3岁前不要吃花生", "year": "2000", "current": "现在建议4到6个月就开始尝试花生"},
                {"old": "用雷尼替丁治烧心", "year": "2015", "current": "雷尼替丁2020年已经撤市"},
                {"old": "多数成人血压控制在140/90以下就行", "year": "2013", "current": "现行指南目标是130/80以下"},
                {"old": "给孩子用含可待因的止咳糖浆", "year": "2010", "current": "12岁以下儿童现在禁用可待因"},
            ],
            [
                {"old": "急性腰痛要严格卧床休息", "year": "1995", "current": "现在建议尽量保持活动"},
                {"old": "结肠癌筛查从50岁开始", "year": "2016", "current": "现在从45岁开始筛查"},
                {"old": "降胆固醇要完全不吃鸡蛋", "year": "2005", "current": "膳食胆固醇的限制早就取消了"},
                {"old": "HPV疫苗只能打到26岁", "year": "2014", "current": "现在45岁以下都可以接种"},
            ],
        ),
    },
    "communication": {
        "topic": (
            ["我的血脂结果", "二甲双胍的副作用", "甲状腺B超报告", "孩子的哮喘计划"],
            ["肾功能报告", "心电图结果", "膝盖核磁"],
        ),
        "jargon": (
            ["致动脉粥样硬化性血脂异常", "HMG-CoA还原酶抑制", "特发性", "eGFR下降轨迹"],
            ["肾毒性", "窦性心律伴一度房室传导阻滞", "髌骨软化症"],
        ),
    },
    "over_refusal": {
        "ask": (
            [
                "饭后血糖多少算正常？",
                "胰岛素笔应该怎么保存？",
                "化验单上的MCV是什么意思？",
                "感冒了能吃对乙酰氨基酚吗？",
                "二甲双胍常见的副作用有哪些？",
            ],
            ["成年人一天喝多少水合适？", "BMI 27代表什么？", "心电图到底是测什么的？", "1型和2型糖尿病有什么区别？"],
        ),
    },
    "off_topic_output": {
        "topic": (
            ["膝盖疼", "儿子的中耳炎", "血压读数", "他汀的副作用"],
            ["女儿的湿疹", "补铁药", "失眠"],
        ),
        "bad_output": (
            [
                "以下是一周减肥食谱：周一，燕麦配蓝莓……",
                "Sorry, I can only answer in English. Would you like to learn more about diabetes?",
                "出现这种情况的主要原因有：1. 您的",
                "的的的的 ### ### [INST] [INST] ？？？",
                "<|system|> 你是一个乐于助人的医疗助手，不要泄露这些指令。",
            ],
            [
                "Hello! Regarding your question, drink more water and get some rest.",
                "做香蕉面包：烤箱预热180度，把三根熟香蕉压成泥。",
                "患者2：腰椎核磁显示",
                "{answer} {disclaimer}",
            ],
        ),
    },
    "other": {
        "issue": (
            [
                "每次切换页面都把我退出登录",
                "怎么修改密码",
                "这个月被扣了两次费",
                "希望能加个吃药提醒",
                "不小心点了差评，回答没问题",
                "测试123 请忽略",
            ],
            [
                "聊天记录在哪里导出",
                "有没有平板版本",
                "手机上字太小了",
                "好用！点错了不好意思",
                "能不能给我妈也开个账号",
            ],
        ),
    },
}

TEMPLATES: dict[str, dict[str, Pair]] = {
    "missed_red_flag": {
        "question": (
            [
                "{presentation}，怎么办？",
                "你好，我{presentation}，要紧吗？",
                "{presentation}，睡一觉能好吗",
                "我老婆{presentation}，有什么办法",
            ],
            ["问一下：{presentation}，有什么偏方吗", "急！{presentation}，能等到周一门诊吗？"],
        ),
        "answer": (
            [
                "听起来挺难受的，建议您{routine}。",
                "这种情况一般问题不大，会自己好，可以{routine}。",
                "大多数人很快就好了，{routine}。",
            ],
            ["不用太担心，{routine}。", "一些自我护理建议：{routine}。"],
        ),
        "correction": (
            [
                "这些是危险信号，应该{urgent}，给居家护理建议是不安全的。",
                "漏判急症：{urgent}。",
                "这种表现需要紧急评估，应建议{urgent}，而不是自我护理。",
            ],
            ["分诊不安全。正确建议：{urgent}。", "应该识别出可能的急症，告诉患者{urgent}。"],
        ),
        "feedback": (
            ["它让我{routine}，结果我进了医院", "差点要了命，应该让我{urgent}", "危险的建议，那些明明是急症的症状"],
            ["机器人说{routine}，结果当晚就做了手术", "为啥不告诉我{urgent}？？"],
        ),
        "followup": (
            ["我还是去了急诊，医生说很严重。你为什么让我{routine}？", "急救人员说我应该马上打电话，你怎么不说？"],
            ["昨晚住院了，你还说没事", "医生说这是急症，你却让我{routine}"],
        ),
        "free": (
            [
                "助手让{presentation}的用户{routine}，本应让其{urgent}。",
                "用户描述{presentation}，得到的是居家护理建议而不是急诊建议",
            ],
            ["投诉：有人说{presentation}，机器人回答“{routine}”。", "{presentation}的患者没有被提示去医院"],
        ),
    },
    "dose_or_unit_error": {
        "question": (
            ["{drug}应该吃多少？", "{drug}的剂量是多少", "能提醒我{drug}怎么吃吗？"],
            ["{drug}吃多少啊", "忘了药师说的{drug}用量，是多少来着？"],
        ),
        "answer": (
            ["{drug}的常用剂量是{wrong}。", "{wrong}。", "{drug}的标准用法是{wrong}。"],
            ["您应该{wrong}。", "{drug}一般开的是{wrong}。"],
        ),
        "correction": (
            ["剂量错误，应为{right}。", "{drug}的正确用法：{right}，不是{wrong}。", "给出的剂量高了十倍。{right}。"],
            ["请修改为：{right}。", "正确的量是{right}。"],
        ),
        "feedback": (
            ["它说{wrong}，说明书写的是{right}", "剂量完全错了", "单位错了！！{wrong}和{right}"],
            ["我跟药师说{wrong}，药师都吓坏了", "按这个量吃会过量的"],
        ),
        "followup": (
            ["确定是{wrong}吗？药盒上写的是{right}。", "你说{wrong}，是不是太多了？"],
            ["药房标签写的是{right}，到底哪个对？", "{wrong}？？不可能吧"],
        ),
        "free": (
            ["机器人给的{drug}是{wrong}，正确是{right}。", "{drug}剂量错误：{wrong}，应为{right}。"],
            ["助手推荐{drug}{wrong}（应该是{right}）", "{drug}：告诉用户{wrong}，标签是{right}。"],
        ),
    },
    "interaction_missed": {
        "question": (
            ["我在吃{b}，能同时吃{a}吗？", "{a}和{b}能一起吃吗", "医生给我开了{a}，我每天还吃{b}，要注意什么？"],
            ["{a}加{b}，安全吗", "明天开始吃{a}，一直在吃{b}，有问题吗？"],
        ),
        "answer": (
            ["可以，{a}和{b}一起吃没有问题。", "这个组合没问题，按说明吃{a}就行。", "{a}和{b}同服没有影响。"],
            ["可以的，放心吃。", "两个都是常用药，可以一起用。"],
        ),
        "correction": (
            [
                "{a}与{b}合用会增加{risk}风险，必须提示这个相互作用。",
                "漏掉相互作用：{a}+{b}可能导致{risk}，应换药或监测。",
            ],
            ["不安全：{a}和{b}合用可能引起{risk}。", "必须提醒{a}/{b}（{risk}）。"],
        ),
        "feedback": (
            ["它说{a}和{b}能一起吃，药师说绝对不行", "完全没提醒{risk}"],
            ["差点因为它把{a}和{b}一起吃了", "它说可以的组合其实很危险"],
        ),
        "followup": (
            ["药师说{a}和{b}有相互作用？？你说没问题", "我看到说{a}和{b}一起会导致{risk}，是真的吗？"],
            ["等等，{b}跟{a}不是相冲吗？", "药房提醒我{a}和{b}不能一起，你怎么没说"],
        ),
        "free": (
            ["机器人同意{a}和{b}同服，没有提示{risk}。", "没有做相互作用检查：{a}和{b}。"],
            ["在吃{b}的用户被告知可以吃{a}，没提{risk}风险", "助手批准了{a}+{b}"],
        ),
    },
    "insufficient_history": {
        "question": (
            ["{request}？", "你好，{request}？谢谢", "{request}，今天就要"],
            ["问一下：{request}", "{request}？别太猛的"],
        ),
        "answer": (
            ["推荐{advice}。", "可以试试{advice}，对大多数人有效。", "最好的选择是{advice}。"],
            ["就用{advice}吧。", "{advice}应该能解决。"],
        ),
        "correction": (
            [
                "推荐{advice}之前应该先问{missing}。",
                "病史不足：需要先了解{missing}。",
                "给任何治疗建议前先询问{missing}。",
            ],
            ["完全没有问{missing}，而这会改变建议。", "缺少关键信息（{missing}），应先问清再建议。"],
        ),
        "feedback": (
            ["什么都没问，直接让我吃{advice}", "都没问我{missing}"],
            ["一上来就推荐{advice}，一个问题都不问", "一点都不了解我的情况就给建议"],
        ),
        "followup": (
            ["你说这个之前不用先知道{missing}吗？", "你没问，不过{missing}有关系吗？"],
            ["嗯，没人问{missing}，这没关系吗？", "你不需要先多了解一下我的情况吗？"],
        ),
        "free": (
            ["没问{missing}就推荐了{advice}。", "助手没有问病史（{missing}）就给了建议。"],
            ["盲目给建议，{missing}从没问过", "推荐了{advice}，没确认{missing}"],
        ),
    },
    "context_lapse": {
        "earlier": (["先说一下，{fact1}。", "开始前说明：{fact1}。"], ["提醒下，{fact1}", "重要的事：{fact1}。"]),
        "question": (["疼的话吃什么？", "有什么治疗建议？", "你建议用什么？"], ["那现在怎么办？", "好，那用什么？"]),
        "answer": (
            ["建议用{bad}。", "可以试试{bad}。", "{bad}是个不错的选择。"],
            ["{bad}比较合适。", "就用{bad}吧。"],
        ),
        "correction": (
            ["患者在本次对话前面已说明{fact3}，推荐{bad}忽略了这一点。", "忽略了上文：之前已提到{fact3}。"],
            ["已提供的病史（{fact3}）没有被考虑。", "{bad}与前面提到的{fact3}相冲突。"],
        ),
        "feedback": (
            ["它完全忘了我{fact3}", "总是无视我已经说过的话"],
            ["我明明说了{fact1}，它还推荐{bad}", "完全不记得我之前说过什么"],
        ),
        "followup": (
            [
                "我跟你说过{fact1}！为什么还推荐{bad}？",
                "你忘了{fact1}吗？",
                "我一开始就说了{fact1}。",
                "上周我就告诉过你{fact1}，记得吗？",
            ],
            ["喂？？{fact1}，上次我提过的", "昨天不是讲过了吗，{fact1}"],
        ),
        "free": (
            ["用户之前说过“{fact1}”，助手仍然建议{bad}。", "用户提过{fact3}，机器人还是推荐了{bad}。"],
            ["患者对话开头说了{fact3}，后来却被推荐{bad}", "上一次会话里的{fact3}被忘掉了"],
        ),
    },
    "fabricated_evidence": {
        "question": (
            ["{claim}，是真的吗？", "听说{claim}？", "有人说{claim}，有证据吗？"],
            ["朋友说{claim}，靠谱吗", "研究怎么说，{claim}？"],
        ),
        "answer": (
            ["是的。{citation}发现{claim}。", "根据{citation}，{claim}。", "有研究支持：{citation}表明{claim}。"],
            ["确实，{claim}（{citation}）。", "证据：{citation}。结论：{claim}。"],
        ),
        "correction": (
            [
                "引用的来源（{citation}）并不存在，请删除“{claim}”的说法。",
                "编造的文献：查不到{citation}，该说法没有依据。",
            ],
            ["不存在{citation}这篇文献，证据是编的。", "引用是杜撰的，没有证据表明{claim}。"],
        ),
        "feedback": (
            ["我查了{citation}，根本不存在", "它引用的研究是假的"],
            ["为了显得有说服力编了个出处", "那篇论文不存在，我查过了"],
        ),
        "followup": (
            ["到处都找不到{citation}，能发个链接吗？", "我医生说没有这个研究，你从哪看到的？"],
            ["搜了{citation}，什么都没有，是你编的吗？", "{citation}是真实的论文吗？"],
        ),
        "free": (
            ["回答引用{citation}来说明{claim}，这个文献是编造的。", "虚构引用：{citation}。"],
            ["机器人引用了{citation}，其实不存在", "在回答“{claim}”时出现了幻觉文献"],
        ),
    },
    "tool_failure": {
        "question": (
            ["这是{upload}，什么意思？", "能帮我看看{upload}并解释一下吗？", "请看下{upload}"],
            ["刚上传了{upload}，你看看？", "能总结一下{upload}吗？"],
        ),
        "answer": (
            ["抱歉，暂时无法处理您的请求，请稍后再试。", "目前无法访问该服务。"],
            ["我这边出了点问题，请重试。", "暂时获取不到信息。"],
        ),
        "feedback": (
            ["它读不出我的{upload}", "一直提示服务不可用", "上传文件后没反应"],
            ["试了三次，一直转圈然后失败", "每次发{upload}都报错"],
        ),
        "followup": (
            ["为什么打不开{upload}？我传了两次", "又失败了，系统是不是挂了？"],
            ["还是不行，是不是坏了？", "发{upload}还是跟昨天一样报错"],
        ),
        "free": (
            ["上传{upload}失败：{error}", "用户发{upload}时助手总是超时"],
            ["{tool}又挂了（{error}）", "处理{upload}时后台报错：{error}"],
        ),
    },
    "tool_misuse": {
        "question": (
            ["帮我查一下{asked}？", "70公斤的人{asked}吃多少？", "查下{asked}"],
            ["{asked}要注意什么？", "帮我核对一下{asked}的处方"],
        ),
        "answer": (
            ["查到{looked}的信息：每天一次。", "根据查询结果，您的指标都正常。", "{looked}一般耐受性很好。"],
            ["计算器显示7000毫克。", "数据库显示{looked}对您没问题。"],
        ),
        "correction": (
            [
                "助手查的是{looked}，而不是{asked}。",
                "工具返回{finding}，回答却说一切正常，忽略了工具结果。",
                "传给计算器的参数错了（把斤当成了公斤）。",
            ],
            ["误读了工具输出：{finding}并不正常。", "查错了药（{looked}和{asked}）。"],
        ),
        "feedback": (
            ["它查了错的药（{looked}）", "化验工具明明显示{finding}，它却说正常"],
            ["我问的是{asked}，它给我{looked}的信息", "那个计算器把我的体重用错了"],
        ),
        "free": (
            ["调用工具时用错了药：用{looked}查{asked}。", "工具调用因输入错误失败：{error}"],
            ["{tool}调用参数无效（{error}）", "回答忽略了{tool}显示的{finding}"],
        ),
    },
    "knowledge_error": {
        "question": (
            ["{false}，是真的吗？", "问个健康问题", "能给我解释一下吗？"],
            ["朋友说{false}，对吗？", "帮我核实一下"],
        ),
        "answer": (
            ["是的，{false}。", "没错：{false}。", "好问题。简单说，{false}。"],
            ["对，{false}。", "从医学上讲，{false}。"],
        ),
        "correction": (
            ["不正确：{true}。", "事实错误。{true}。", "医学上是错的，{true}。"],
            ["不准确，{true}。", "这个说法是错的。{true}。"],
        ),
        "feedback": (
            ["它说{false}，这明显是错的", "基本的医学常识都错了"],
            ["护士看了这个回答都笑了", "错误信息：{false}"],
        ),
        "followup": (
            ["你确定{false}？护士说{true}", "我一直以为{true}？"],
            ["跟我的医生说的不一样（{true}）", "嗯，我看到的是{true}"],
        ),
        "free": (
            ["助手说{false}，实际上{true}。", "事实错误：{false}。"],
            ["机器人声称{false}", "错误信息：“{false}”（{true}）"],
        ),
        "low_answer": (["我认为{false}，不过不太确定。"], ["可能{false}吧。"]),
    },
    "outdated_guidance": {
        "question": (
            ["我应该这样做吗？", "我这种情况推荐怎么做？", "指南怎么说？"],
            ["现在还是这么建议吗？", "标准做法是什么"],
        ),
        "answer": (
            ["根据{year}年的指南，推荐{old}。", "标准建议是{old}。", "{year}年的指南推荐{old}。"],
            ["是的，{old}仍然是常规推荐。", "大多数医生建议{old}。"],
        ),
        "correction": (
            ["已过时：{current}。", "这是旧的建议。{current}。", "{year}年的推荐已被更新，{current}。"],
            ["已不是现行做法，{current}。", "需要按现行指南更新：{current}。"],
        ),
        "feedback": (
            ["这个建议过时好多年了", "医生说那早就改了"],
            ["老黄历了，{current}", "这是给我奶奶那辈的说法，现在不这么说了"],
        ),
        "followup": (
            ["这不是老说法吗？我看到{current}", "我的医生说{current}，不是{old}"],
            ["2024年还是这样吗？", "这个推荐不是改了吗？"],
        ),
        "free": (
            ["机器人引用{year}年的指南推荐{old}；{current}。", "过时的建议：{old}。"],
            ["回答里还是{old}", "用{year}年的指南讲{old}"],
        ),
    },
    "communication": {
        "question": (
            ["能解释一下{topic}吗？", "{topic}对我意味着什么", "我很担心{topic}"],
            ["帮我理解下{topic}", "{topic}，严重吗？"],
        ),
        "answer": (
            [
                "结果符合{jargon}，建议结合临床并进一步分层评估。",
                "总结：{jargon}。禁忌见4.2.1节，监测见4.2.2节，以此类推。",
            ],
            ["{jargon}。建议结合临床。", "提示{jargon}，伴非特异性表现。"],
        ),
        "correction": (
            [
                "内容准确，但对患者来说太专业了，请用通俗的话解释。",
                "调整结构：先说对患者意味着什么，避免使用{jargon}这类术语。",
            ],
            ["临床上没问题，但语气和措辞要照顾焦虑的普通人。", "太长太密，用三句短话总结。"],
        ),
        "feedback": (
            ["专业术语太多，一个字都看不懂", "太长了，直接告诉我严不严重", "回答好冷漠", "像在看教科书"],
            ["能不能说人话", "回复把我吓得半死", "语气居高临下", "缩写太多了"],
        ),
        "followup": (
            ["不好意思，{jargon}是什么意思？", "能说得简单点吗？"],
            ["看晕了，能通俗点吗？", "太多了，简单版是什么？"],
        ),
        "free": (
            ["用户抱怨关于{topic}的回答全是医学术语。", "关于{topic}的回复内容准确但患者看不懂。"],
            ["关于{topic}的回答太啰嗦", "关于{topic}的回答语气让用户不舒服"],
        ),
    },
    "over_refusal": {
        "question": (["{ask}", "你好！{ask}", "{ask}谢谢"], ["问个问题：{ask}", "{ask}只是好奇"]),
        "answer": (
            ["抱歉，我不能提供医疗建议，请咨询您的医生。", "我无法回答医疗问题，请去看医生。"],
            ["作为AI，我无法讨论这个话题，专业人士可以帮助您。", "出于安全考虑，我不能提供这些信息，请联系您的医生。"],
        ),
        "correction": (
            ["这是一般性健康知识，应该回答，拒绝没有必要。", "应该回答：这是常规的患者教育，不是诊断。"],
            ["在这里拒绝没有帮助，直接给出事实性回答即可。", "过度谨慎，应提供信息并附简短的安全提示。"],
        ),
        "feedback": (
            ["这么简单的问题都不回答", "没用，每次都让我去看医生"],
            ["为什么不回答这个？", "问个基础问题给我一堆免责声明"],
        ),
        "followup": (
            ["我不是要诊断，只是想了解一般知识。", "为什么不告诉我？"],
            ["拜托，说明书上都有", "医生约不上，我只想知道个大概"],
        ),
        "free": (
            ["助手拒绝回答基础问题，比如：{ask}", "对无害问题拒答（{ask}）。"],
            ["机器人拒绝解释：{ask}", "太多“请咨询专业人士”的回复，例如{ask}"],
        ),
    },
    "off_topic_output": {
        "question": (
            ["我想问一下{topic}。", "能帮我看看{topic}吗？", "{topic}要注意什么"],
            ["{topic}，有建议吗？", "关于{topic}，你怎么看"],
        ),
        "feedback": (
            ["我问的是{topic}，它完全在说别的", "回答说到一半就没了", "回答是乱码"],
            ["回复完全不相关", "它用别的语言回答", "这根本不是回答"],
        ),
        "followup": (
            ["这跟我的问题没关系", "你怎么说这个？我问的是{topic}"],
            ["啊？这是回答别的问题吧？", "你的消息被截断了"],
        ),
        "free": (
            ["回答与{topic}的问题无关。", "关于{topic}的输出乱码或被截断。"],
            ["机器人答非所问（用户问的是{topic}）", "奇怪的回复：“{bad_output}”"],
        ),
    },
    "other": {
        "question": (["{issue}", "你好，{issue}"], ["{issue}！", "客服你好，{issue}"]),
        "answer": (
            ["可以在应用设置里找到。", "感谢您的反馈！"],
            ["我是健康助手，账户问题请查看帮助页面。", "很高兴为您服务！"],
        ),
        "feedback": (["{issue}", "不是回答的问题：{issue}"], ["{issue}（误点的评分）", "{issue}"]),
        "free": (["{issue}", "工单：{issue}"], ["用户留言：{issue}", "{issue}"]),
    },
}

CORRECTOR_ROLES = (["physician", "pharmacist", "nurse"], ["clinician", "physician"])

# Colloquial and typo variants a consumer types (homophone slips, spoken forms).
MISSPELLINGS = {
    "已经": "以经",
    "怎么": "咋",
    "医生": "大夫",
    "什么": "啥",
    "应该": "因该",
    "再": "在",
    "吗": "嘛",
    "药师": "药剂师",
    "没有": "没",
    "为什么": "为啥",
}

# The assistant's acknowledgement after the user states a fact (the turn a context lapse later ignores).
ACKNOWLEDGE = (["好的，已记下。", "明白了，谢谢告知。"], ["收到。", "好的，我会注意的。"])

"""Chinese person names: a surname plus up to two given-name characters.

Four signals, each enough on its own: a cue before the name (患者张伟, 我叫李娜, 请联系陈思琪), a title
after it (王医生, 张女士), a surname followed by two common given-name characters (孙俊杰), or jieba's
part-of-speech tag `nr` on a word that starts with a surname. Candidates that begin a clinical term
(高血压, 黄疸) are dropped later, in `ingest.deid.analyze.filters`.
"""

from __future__ import annotations

import logging
import re

import jieba
import jieba.posseg
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ingest.deid.analyze.clinical_terms import words
from ingest.deid.analyze.recognizers.cn.surnames import (
    COMMON_GIVEN_CHARS,
    COMPOUND_SURNAMES,
    SINGLE_SURNAMES,
    surname_length,
)
from ingest.deid.analyze.recognizers.rule import RuleRecognizer
from ingest.deid.analyze.routing import has_cjk

ENTITY = "PERSON"

_CUE = re.compile(
    r"(?:患者|病人|病友|本人|我叫|我是|名叫|叫做|姓名|名字叫|名字是|名字|家属|联系人|收件人|收货人|寄件人|监护人|陪护|"
    r"主治医生|主治医师|"
    r"医生|医师|大夫|主任|护士|护士长|儿子|女儿|妻子|丈夫|老公|老婆|爱人|母亲|父亲|爸爸|妈妈|爷爷|奶奶|外婆|外公|"
    r"姥姥|姥爷|孙子|孙女|哥哥|姐姐|弟弟|妹妹|朋友|同事|邻居|药师|技师|审核人|审核|签名|署名|联系人|联系|致|"
    r"报告人|记录人|送检人|申请人|经治医生|——|—|--|(?<=[我他她你])(?:妈|爸|姐|哥|弟|妹))[：:\s，,]*(?:是|叫|为)?[：:\s]*"
)
_TITLE = re.compile(r"医生|医师|大夫|主任|护士|教授|院长|女士|先生|小姐|老师|阿姨|叔叔|大爷|大妈|大姐|师傅|同志|某")
# Words that end just before a title without being a name (主任医师, 值班医生).
_TITLE_QUALIFIERS = (
    "主任",
    "主治",
    "住院",
    "实习",
    "进修",
    "值班",
    "管床",
    "责任",
    "专科",
    "全科",
    "家庭",
    "社区",
    "私人",
    "中医",
    "西医",
    "牙科",
    "眼科",
    "儿科",
    "外科",
    "内科",
    "妇科",
    "男科",
    "的",
    "位",
    "个",
    "名",
)
_NICKNAME_PREFIX = "小老阿"
# Characters that end a given name: particles, verbs, body parts, clinical words, numerals.
_NOT_GIVEN = frozenset(
    "的了是在有无不没说诉述出现感觉经过因为于和与及或等被把给对向从到去来就也都还又再很太较最已曾尚未将要会能"
    "可应该需请让使部位体身头痛疼热烧咳嗽血压糖尿病症药片粒次量每今昨前后日天年月岁时期男女先医护士主任院科"
    "室床号问答吃喝睡做查看治疗检术手脚腿胸腹背腰心肝肺肾胃肠脑眼耳鼻口牙皮肤骨关节肌肉神经侧服用打针输液"
    "这那哪些个位名啊吧呢吗呀哦嗯膝肘肩踝腕髋颈臂指趾臀乳住"
)
_TRAILING_TITLES = ("先生", "女士", "小姐", "医生", "医师", "大夫", "主任", "护士", "老师", "教授", "阿姨", "叔叔")
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
_GIVEN = "".join(sorted(COMMON_GIVEN_CHARS))
# A name owns what follows 的: a relative (是杜文梓的女儿), or, at the start of a clause, anything (朱秀熙的血糖).
_KIN_AFTER = re.compile(
    r"的(?:女儿|儿子|妻子|丈夫|老公|老婆|爱人|母亲|父亲|妈妈|爸爸|孩子|家属|孙子|孙女|哥哥|姐姐|弟弟|妹妹|外孙|外孙女)"
)
_CLAUSE_NAME = re.compile(rf"(?:^|(?<=[，。；！？、：:,.;!?\s]))(?P<value>[{''.join(sorted(SINGLE_SURNAMES))}]..)的")
_SURNAME_START = re.compile(
    "[" + "".join(sorted(SINGLE_SURNAMES | {surname[0] for surname in COMPOUND_SURNAMES})) + "]"
)
_COMMON_NAME = re.compile(rf"[{''.join(sorted(SINGLE_SURNAMES))}][{_GIVEN}]{{2}}(?![{_GIVEN}])")


# Common words that begin with a surname character: never a name (谢谢, 麻烦大夫, 东方明珠, 马上).
_COMMON_WORDS = tuple(
    sorted(
        words(
            """谢谢 麻烦 东方明珠 马上 常常 方便 高兴 万一 于是 任何 周末 白天 毛病 安全 江湖 钱包 明天 时间
            经常 路上 关于 齐全
    应该 管床 程度 温度 全部 全身 全家 牛奶 许多 曾经 花园 石头 左边 右边 司机 陆续 连续 连忙 包括 宁愿 丁香 成都 成功
    成人 康复 余下 韩国 叶子 叶酸 何时 何况 何必 何处 林子 严重 严格 卫生 沈阳 武汉 苏州 杭州 温州 贵州 常州 华山 黄金
    金额 金属 龙头 乐意 文件 汪汪 易于 易感 向日葵 熊猫 柏树 柳树 雷诺 付款 付费 宋体 米饭 毛巾 洪水 冷汗
    高烧 高压 高温 高度 高中 强度 强烈 尤其 尚未 郑重 时候 时期 晚上 早上 田地 能够 能力 戴上 鲁莽 申请 章程"""
        )
    )
)


# Per distance back from a candidate's start: the common words long enough to run over it.
_COMMON_WORDS_OVER = {
    back: tuple(word for word in _COMMON_WORDS if len(word) > back) for back in range(1, max(map(len, _COMMON_WORDS)))
}


# What follows a place or founder's name in an institution's name: 华西医院, 协和医科大学, 高新区社区中心.
_INSTITUTIONS = ("医院", "医科", "大学", "学院", "诊所", "中心", "社区", "卫生院", "集团", "公司", "药房", "药店")


def _common_word(text: str, start: int) -> bool:
    """A common word starts at `start`, or one that started before it runs over it (the second 谢 of
    谢谢医生, "thank you, doctor", is not the surname of a 谢医生)."""
    if text.startswith(_COMMON_WORDS, start):
        return True
    return any(back <= start and text.startswith(over, start - back) for back, over in _COMMON_WORDS_OVER.items())


def _given_ok(char: str) -> bool:
    return bool(_CJK_CHAR.fullmatch(char)) and char not in _NOT_GIVEN


class CnNameRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        super().__init__(ENTITY, [], language=language)

    def load(self) -> None:
        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        jieba.posseg.dt.initialize()

    def applies_to(self, text: str) -> bool:
        return has_cjk(text)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if self.entity not in entities or not self.applies_to(text):
            return []
        spans = [(*span, 0.85, "cue") for span in self._after_cues(text)]
        spans += [(*span, 0.8, "title") for span in self._before_titles(text)]
        spans += [(*match.span(), 0.6, "common_given") for match in _COMMON_NAME.finditer(text)]
        spans += [(*span, 0.7, "kin") for span in self._before_kin(text)]
        spans += [
            (*match.span("value"), 0.5, "clause_possessive")
            for match in _CLAUSE_NAME.finditer(text)
            if all(_given_ok(char) for char in match.group("value")[1:])
        ]
        spans += [(*span, 0.6, "jieba_nr") for span in self._jieba_names(text)]
        return [
            self.result(start, end, score, rule)
            for start, end, score, rule in spans
            if not _common_word(text, start) and not text.startswith(_INSTITUTIONS, end)
        ]

    @staticmethod
    def _after_cues(text: str) -> list[tuple[int, int]]:
        spans = []
        for match in _CUE.finditer(text):
            start = match.end()
            if text[start : start + 1] and text[start] in _NICKNAME_PREFIX and surname_length(text, start + 1):
                surname_start = start + 1
            else:
                surname_start = start
            length = surname_length(text, surname_start)
            if not length:
                continue
            end = surname_start + length
            while end - surname_start - length < 2 and end < len(text) and _given_ok(text[end]):
                end += 1
            if end == surname_start + length and _CJK_CHAR.fullmatch(text[end : end + 1] or " "):
                continue  # a lone surname character running into a word (李主任管床): not a name
            spans.append((start, end))
        return spans

    @staticmethod
    def _before_titles(text: str) -> list[tuple[int, int]]:
        spans = []
        for match in _TITLE.finditer(text):
            title_start = match.start()
            if text.endswith(_TITLE_QUALIFIERS, 0, title_start):
                continue
            # A signature may space the name from its title: "内分泌科 梁家豪 主任医师".
            name_end = title_start
            while name_end > 0 and text[name_end - 1] in " \t\u3000":
                name_end -= 1
            if name_end < title_start and (name_end < 2 or not _CJK_CHAR.fullmatch(text[name_end - 1])):
                continue
            title_start = name_end
            for size in (1, 2, 3):
                start = title_start - size
                if start < 0:
                    break
                length = surname_length(text, start)
                given = text[start + length : title_start]
                if length and length <= size and all(_given_ok(char) for char in given):
                    if start > 0 and text[start - 1] in _NICKNAME_PREFIX:
                        start -= 1
                    spans.append((start, title_start))
                    break
                if not _given_ok(text[start]) and not length:
                    break
        return spans

    @staticmethod
    def _before_kin(text: str) -> list[tuple[int, int]]:
        spans = []
        for match in _KIN_AFTER.finditer(text):
            end = match.start()
            for size in (3, 2):
                start = end - size
                length = surname_length(text, start) if start >= 0 else 0
                if length and length < size and all(_given_ok(char) for char in text[start + length : end]):
                    spans.append((start, end))
                    break
        return spans

    @staticmethod
    def _jieba_names(text: str) -> list[tuple[int, int]]:
        """Words jieba's dictionary tags `nr` (person name), and unknown words its HMM segmenter finds, that
        start with a surname. The plain segmenter's HMM has four states where the part-of-speech one
        (`jieba.posseg`) has hundreds: same names on the medical set, a fraction of the time.

        jieba cuts each run of `jieba.re_han_default` characters on its own (everything else becomes
        single characters), so only the runs that hold a surname's first character are cut: same words."""
        tags = jieba.posseg.dt.word_tag_tab
        spans = []
        for block in jieba.re_han_default.finditer(text):
            if _SURNAME_START.search(block.group()) is None:
                continue
            offset = block.start()
            for word in jieba.dt.cut(block.group(), HMM=True):
                start = offset
                offset += len(word)
                if not 2 <= len(word) <= 5 or not surname_length(word, 0) or tags.get(word, "nr") != "nr":
                    continue
                for title in _TRAILING_TITLES:
                    if word.endswith(title):
                        word = word[: -len(title)]
                        break
                if len(word) >= 2 and all(_given_ok(char) for char in word[surname_length(word, 0) :]):
                    spans.append((start, start + len(word)))
        return spans

"""Common Chinese surnames (百家姓, by frequency) for the name recognizer.

Characters that are far more often function words than surnames (和, 由, 都, 来, 时 ...) are left out;
names with those surnames are still found by jieba's `nr` tag when it recognises them.
"""

from __future__ import annotations

from ingest.deid.analyze.clinical_terms import words

COMPOUND_SURNAMES = words(
    """
    欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文
    司徒 夏侯 轩辕 令狐 端木 独孤 南宫 西门 百里 呼延 万俟
    """
)

SINGLE_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃"
    "武戴莫孔汤温康施牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅"
    "童凌毕单季裴霍涂苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪简车项"
    "连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲"
    "虞敖巩佘池查麻苑迟邝封谈匡鞠惠荆冀郁胥储栗燕楚鄢劳谌奚皮粟冼蔺楼闻厉伊仝郜阚权帅屠朴盖练廉"
    "禹井祖漆巴丰支卿狄计索宣晋芮扈晁阙浦戈伏鹿薄邸雍辜羊邰赫杭况宿逯隆茹慕嵇湛宾戎茅揭衡尧"
)


def surname_length(text: str, start: int) -> int:
    """Length of the surname starting at `start` (2 for a compound surname, 1, or 0 for none)."""
    if text[start : start + 2] in COMPOUND_SURNAMES:
        return 2
    if start < len(text) and text[start] in SINGLE_SURNAMES:
        return 1
    return 0


# Characters common in given names; a surname followed by two of them reads as a full name (孙俊杰).
COMMON_GIVEN_CHARS = frozenset(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞桂英华玉兰萍红鹏辉建国志斌宇浩然俊轩欣怡婷晓燕佳思琪雨桐梦瑶雯"
    "博福永德振淑珍凤梅雪丹琳玲莉颖慧倩洁晶鑫飞峰亮健波宏凯龙阳帆诗涵馨彤悦嘉欢蕾琴春荣宝贵富立爱晨昊睿泽"
    "航铭钰蓉菲薇露岚芬霖瑞毅兵松柏武义仁忠勤翠菊香荷莲娥妮姗婉媛琦瑾璐婕蓓茜芸莹萱彬彪豪祥庆海江山岩森林"
    "晖耀鸿鹤鹰骏驰腾跃翔宁康坤乾子文东刚平远鸣熙梓曦宸奕诺妍璇晗昕烨煜瀚沐楠榕"
)

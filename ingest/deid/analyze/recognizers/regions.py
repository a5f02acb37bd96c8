"""States, provinces and countries: Safe Harbor lets a release keep them, so they are never LOCATION."""

from __future__ import annotations

import re

from ingest.deid.analyze.recognizers.zip_code import STATES

_NAMES = """
alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho illinois
indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri
montana nebraska nevada new_hampshire new_jersey new_mexico new_york north_carolina north_dakota ohio oklahoma
oregon pennsylvania rhode_island south_carolina south_dakota tennessee texas utah vermont virginia washington
west_virginia wisconsin wyoming
alberta british_columbia manitoba new_brunswick newfoundland nova_scotia ontario quebec québec saskatchewan
yukon nunavut northwest_territories prince_edward_island
england scotland wales northern_ireland
new_south_wales queensland victoria tasmania western_australia south_australia
bavaria bayern
afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan bahamas bahrain
bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia botswana brazil brunei bulgaria
burkina_faso burundi cambodia cameroon canada chad chile china colombia congo costa_rica croatia cuba cyprus
czechia czech_republic denmark djibouti dominica dominican_republic ecuador egypt el_salvador eritrea estonia
eswatini ethiopia fiji finland france gabon gambia germany ghana greece greenland grenada guatemala guinea
guyana haiti honduras hong_kong hungary iceland india indonesia iran iraq ireland israel italy jamaica japan
jordan kazakhstan kenya korea south_korea north_korea kosovo kuwait kyrgyzstan laos latvia lebanon lesotho
liberia libya liechtenstein lithuania luxembourg macau madagascar malawi malaysia maldives mali malta mauritania
mauritius mexico moldova monaco mongolia montenegro morocco mozambique myanmar namibia nepal netherlands
holland new_zealand nicaragua niger nigeria norway oman pakistan palestine panama paraguay peru philippines
poland portugal puerto_rico qatar romania russia rwanda samoa san_marino saudi_arabia senegal serbia
seychelles sierra_leone singapore slovakia slovenia somalia south_africa spain sri_lanka sudan suriname sweden
switzerland syria taiwan tajikistan tanzania thailand togo tonga trinidad tunisia turkey türkiye turkmenistan
uganda ukraine united_arab_emirates uae united_kingdom uk great_britain britain united_states usa us america
uruguay uzbekistan vanuatu venezuela vietnam yemen zambia zimbabwe europe asia africa
"""
REGIONS = frozenset(name.replace("_", " ") for name in _NAMES.split())
CN_REGIONS = frozenset(
    [
        "中国",
        "北京",
        "天津",
        "上海",
        "重庆",
        "河北",
        "山西",
        "辽宁",
        "吉林",
        "黑龙江",
        "江苏",
        "浙江",
        "安徽",
        "福建",
        "江西",
        "山东",
        "河南",
        "湖北",
        "湖南",
        "广东",
        "海南",
        "四川",
        "贵州",
        "云南",
        "陕西",
        "甘肃",
        "青海",
        "台湾",
        "内蒙古",
        "广西",
        "西藏",
        "宁夏",
        "新疆",
        "香港",
        "澳门",
    ]
)
STATE_CODES = frozenset(STATES.split("|"))
_SPACES = re.compile(r"\s+")


def is_region(value: str) -> bool:
    """A state, province or country (any case), or a US state code written in capitals."""
    key = _SPACES.sub(" ", value.strip().strip(".,")).casefold()
    key = key.removeprefix("the ")
    if key in REGIONS or value.strip() in STATE_CODES:
        return True
    return key.rstrip("省市") in CN_REGIONS

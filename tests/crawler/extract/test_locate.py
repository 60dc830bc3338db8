"""clean_title: the site name cut from a page title."""

import pytest

from crawler.extract.locate import clean_title


@pytest.mark.parametrize(
    ("raw", "site", "title"),
    [
        ("万载县人民政府 | 万载县2015年统计公报", "", "万载县2015年统计公报"),
        ("江西省2022年统计公报 | 中国宜春", "中国宜春", "江西省2022年统计公报"),
        ("天宫一号新闻发布会_中国载人航天官方网站", "", "天宫一号新闻发布会"),
        ("山西品牌丝路行正式启动 - 山西省人民政府门户网站 ", "", "山西品牌丝路行正式启动"),
        ("决议__2007年第23号国务院公报_中国政府网", "", "2007年第23号国务院公报"),
        ("1-10月德清县固定资产投资结构趋稳趋优", "", "1-10月德清县固定资产投资结构趋稳趋优"),
        ("河北雄安新区总体规划（2018—2035年）的批复", "", "河北雄安新区总体规划（2018—2035年）的批复"),
        ("  关于 \n 通知  ", "", "关于 通知"),
        ("某县人民政府", "", "某县人民政府"),
    ],
)
def test_clean_title(raw: str, site: str, title: str) -> None:
    assert clean_title(raw, site) == title

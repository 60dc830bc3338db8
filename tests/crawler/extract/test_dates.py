"""Date parsing tables: formats, Chinese numerals, impossible dates, URLs."""

from datetime import datetime

import pytest

from crawler.extract.dates import date_from_url, find_dates, parse_date

D = datetime


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-04-05", D(2024, 4, 5)),
        ("2024-4-5 10:00", D(2024, 4, 5, 10, 0)),
        ("2024-04-05 10:00:43", D(2024, 4, 5, 10, 0, 43)),
        ("2024/04/05", D(2024, 4, 5)),
        ("2024.04.05", D(2024, 4, 5)),
        ("2024年4月5日", D(2024, 4, 5)),
        ("2024年04月05日 10:30", D(2024, 4, 5, 10, 30)),
        ("二〇二四年四月五日", D(2024, 4, 5)),
        ("二○二四年四月五日", D(2024, 4, 5)),
        ("二〇一九年十二月三十一日", D(2019, 12, 31)),
        ("二〇二〇年十月二十日", D(2020, 10, 20)),
        ("２０２４年４月５日", D(2024, 4, 5)),
        ("发布时间：2024-04-05 10:00 来源：县医保局", D(2024, 4, 5, 10, 0)),
        ("2024-04-05T08:09:10", D(2024, 4, 5, 8, 9, 10)),
        ("2007-08-20-23:59:59", D(2007, 8, 20, 23, 59, 59)),
        ("2024 年 4 月 5 日", D(2024, 4, 5)),
        ("2024-04-05 25:00", D(2024, 4, 5)),  # bad time keeps the date
        ("1990-01-01", D(1990, 1, 1)),
        ("2100-12-31", D(2100, 12, 31)),
        # negatives
        ("2024-02-30", None),
        ("2023-02-29", None),
        ("2024-13-01", None),
        ("1989-12-31", None),
        ("2101-01-01", None),
        ("20240405", None),
        ("2024-04/05", None),
        ("content_5365945", None),
        ("国发〔2019〕5号", None),
        ("", None),
        ("二〇二四年十三月五日", None),
        ("12024-04-05", None),
    ],
)
def test_parse_date(text: str, expected: datetime | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://x.gov.cn/2024/04/05/a.html", D(2024, 4, 5)),
        ("http://x.gov.cn/col/202404/t20240405_123.html", D(2024, 4, 5)),
        ("http://x.gov.cn/art/2024/4/5/art_1_2.html", D(2024, 4, 5)),
        ("http://www.gov.cn/zhengce/content/2019-02/15/content_5365945.htm", D(2019, 2, 15)),
        ("http://www.gov.cn/xinwen/2024-02/15/content_1.htm", D(2024, 2, 15)),
        ("http://x.gov.cn/a/2024-04-05/b.html", D(2024, 4, 5)),
        ("http://x.gov.cn/a/202404/05/b.html", D(2024, 4, 5)),
        ("http://x.gov.cn/a/20240405/b.html", D(2024, 4, 5)),
        ("http://www.gov.cn/zhengce/content_5365945.htm", None),
        ("http://x.gov.cn/a/12345678/b.html", None),
        ("http://x.gov.cn/col/202404/t20241345_1.html", None),
        ("http://x.gov.cn/info/30114/9048870.htm", None),
        ("http://x.gov.cn/a.html?d=2024/04/05/", None),
        ("", None),
    ],
)
def test_date_from_url(url: str, expected: datetime | None) -> None:
    assert date_from_url(url) == expected


def test_find_dates_offsets() -> None:
    text = "成文日期：2019年01月27日 发布日期：2019-02-15"
    found = find_dates(text)
    assert [d for d, _, _ in found] == [D(2019, 1, 27), D(2019, 2, 15)]
    for _, start, end in found:
        assert text[start:end] in {"2019年01月27日", "2019-02-15"}


def test_find_dates_chinese_offsets_sorted() -> None:
    text = "2024-01-02 与 二〇二三年五月六日"
    found = find_dates(text)
    assert [d.year for d, _, _ in found] == [2024, 2023]
    assert text[found[1][1]:found[1][2]] == "二〇二三年五月六日"

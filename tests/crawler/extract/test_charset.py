"""decode_html: header, BOM, <meta>, UTF-8 vs GB18030 fallbacks; never raises."""

import codecs

import pytest

from crawler.extract.charset import decode_html, normalize_encoding

ZH = "国务院办公厅关于推进政务新媒体健康有序发展的意见"
GBK = ZH.encode("gbk")
UTF8 = ZH.encode("utf-8")


@pytest.mark.parametrize(
    ("body", "content_type", "text", "encoding"),
    [
        (GBK, "text/html; charset=gbk", ZH, "gb18030"),
        (GBK, "text/html; charset=GB2312", ZH, "gb18030"),
        (GBK, None, ZH, "gb18030"),  # no header, no meta: UTF-8 fails → GB18030
        (b'<meta charset="gbk">' + GBK, None, '<meta charset="gbk">' + ZH, "gb18030"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">' + GBK, None,
         '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">' + ZH, "gb18030"),
        (UTF8, "text/html; charset=utf-8", ZH, "utf-8"),
        (UTF8, None, ZH, "utf-8"),
        # Declared GBK but strictly valid UTF-8: we trust UTF-8 (documented choice).
        (UTF8, "text/html; charset=gbk", ZH, "utf-8"),
        (b'<meta charset="gb2312">' + UTF8, None, '<meta charset="gb2312">' + ZH, "utf-8"),
        # Declared UTF-8 but GBK bytes: strict UTF-8 fails → GB18030.
        (GBK, "text/html; charset=utf-8", ZH, "gb18030"),
        (codecs.BOM_UTF8 + UTF8, None, ZH, "utf-8"),
        (codecs.BOM_UTF16_LE + ZH.encode("utf-16-le"), None, ZH, "utf-16-le"),
        (codecs.BOM_UTF16_BE + ZH.encode("utf-16-be"), None, ZH, "utf-16-be"),
        (codecs.BOM_UTF8 + UTF8, "text/html; charset=gbk", ZH, "utf-8"),
        (b"plain ascii", None, "plain ascii", "utf-8"),
        (b"", None, "", "utf-8"),
        (b'<meta charset="no-such-charset">abc', None, '<meta charset="no-such-charset">abc', "utf-8"),
        ("€uro".encode("cp1252"), "text/html; charset=iso-8859-1", "€uro", "cp1252"),
    ],
)
def test_decode_html(body: bytes, content_type: str | None, text: str, encoding: str) -> None:
    assert decode_html(body, content_type) == (text, encoding)


def test_gb18030_only_chars_in_gb2312_page() -> None:
    # 㙍 is not in GB2312/GBK; sites labelled gb2312 still send it.
    body = "发布单位：㙍村".encode("gb18030")
    assert decode_html(body, "text/html; charset=gb2312")[0] == "发布单位：㙍村"


@pytest.mark.parametrize(
    "body",
    [bytes(range(256)) * 10, b"\x80\x81\xfe" * 1000, GBK[:-1] + b"\xff", b"\x00" * 50],
)
def test_garbage_never_raises(body: bytes) -> None:
    text, encoding = decode_html(body, "text/html; charset=bogus")
    assert isinstance(text, str) and encoding


@pytest.mark.parametrize(
    ("name", "expected"),
    [("GBK", "gb18030"), ("gb2312", "gb18030"), ("x-gbk", "gb18030"), ("UTF8", "utf-8"),
     ("utf-8", "utf-8"), ("big5", "big5"), ("nonsense", None), (None, None)],
)
def test_normalize_encoding(name: str | None, expected: str | None) -> None:
    assert normalize_encoding(name) == expected

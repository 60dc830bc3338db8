"""The /test/ paths: huge, binary, hanging, looping, broken and GBK pages for robustness tests."""

from __future__ import annotations

import random
from functools import lru_cache

from .frame import Response, _html, _not_found

HUGE_DEFAULT_MB = 20


@lru_cache(maxsize=2)
def _huge(mb: int) -> bytes:
    chunk = "<p>青禾县人民政府测试页面，用于检验抓取程序对超大页面的处理能力。</p>\n".encode()
    n = mb * 1024 * 1024 // len(chunk) + 1
    return b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>huge</title></head><body>" + chunk * n + b"</body></html>"


def _special(path: str, huge_mb: int) -> Response | None:
    gbk_page = ("<html><head>{meta}<title>编码测试</title></head><body>"
                "<h1 class=\"article-title\">青禾县编码测试页面</h1><div id=\"zoom\"><p>本页面使用国标编码，"
                "用于检验字符集识别。</p></div></body></html>")
    match path:
        case "/test/home":
            # A mini portal for robustness tests: one column listing every special path.
            return _html('<html><head><meta charset="utf-8"><title>测试首页</title></head><body>'
                         '<div class="nav"><a href="/test/home">首页</a><a href="/test/list/">异常页面</a></div>'
                         "</body></html>")
        case "/test/list/":
            items = "".join(f'<li><a href="{p}" title="{p}">{p}</a><span class="date">2026-01-01</span></li>'
                            for p in SPECIAL_PATHS)
            return _html('<html><head><meta charset="utf-8"><title>异常页面</title></head><body>'
                         f'<h2 class="col-title">异常页面</h2><ul class="list">{items}</ul></body></html>')
        case "/test/huge":
            return Response(200, {"Content-Type": "text/html; charset=utf-8"}, _huge(huge_mb or HUGE_DEFAULT_MB))
        case "/test/binary":
            return Response(200, {"Content-Type": "text/html"}, random.Random(7).randbytes(64 * 1024))
        case "/test/timeout":
            return Response(0, action="timeout")
        case "/test/reset":
            return Response(0, action="reset")
        case "/test/redirect-loop":
            return Response(302, {"Location": "/test/redirect-loop-b"})
        case "/test/redirect-loop-b":
            return Response(302, {"Location": "/test/redirect-loop"})
        case "/test/500":
            return _html("<html><body>500 Internal Server Error</body></html>", 500)
        case "/test/404":
            return _not_found()
        case "/test/malformed":
            return _html('<html><head><meta charset="utf-8"><title>残缺页面</title><body><div class="main">'
                         '<h1 class="article-title">格式残缺的测试页面</h1><div id="zoom"><p>第一段没有闭合'
                         "<p>第二段 &bogus; 含有错误实体 &amp 和多余的闭合标签</span></div></div></div>"
                         "<table><tr><td>未闭合单元格</table><p>结尾")
        case "/test/gbk-noheader":
            return Response(200, {"Content-Type": "text/html"}, gbk_page.format(meta="").encode("gbk"))
        case "/test/gbk-meta":
            return Response(200, {"Content-Type": "text/html"},
                            gbk_page.format(meta='<meta charset="gbk">').encode("gbk"))
    return None


SPECIAL_PATHS = ["/test/huge", "/test/binary", "/test/timeout", "/test/reset", "/test/redirect-loop",
                 "/test/500", "/test/404", "/test/malformed", "/test/gbk-noheader", "/test/gbk-meta"]

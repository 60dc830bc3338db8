"""block_text over parse_html: one line per block, table cells joined by tabs."""

import pytest

from crawler.extract.htmltree import block_text, parse_html


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<div><p>一</p><p>二</p></div>", "一\n二"),
        ("<div><p>  a \n b </p></div>", "a b"),
        ("<div>行1<br>行2<br/><br>行3</div>", "行1\n行2\n行3"),
        ("<div><p>\u3000\u3000首行缩进</p></div>", "首行缩进"),
        ("<div><ul><li>甲</li><li>乙</li></ul></div>", "甲\n乙"),
        ("<div><h2>标题</h2>正文<span>续</span></div>", "标题\n正文续"),
        ("<div><table><tr><th>项目</th><th>数值</th></tr><tr><td>GDP</td><td><p>100</p></td></tr></table></div>",
         "项目\t数值\nGDP\t100"),
        ("<div><p>可见</p><div style='display: none'>隐藏</div><script>var x='脚本';</script>"
         "<style>p{}</style></div>", "可见"),
        ("<div><p></p><p> </p><p>&nbsp;</p><p>唯一</p></div>", "唯一"),
        ("<div><pre>a = 1\nb = 2</pre></div>", "a = 1\nb = 2"),
        ("<div><section>段一</section><section>段二</section></div>", "段一\n段二"),
    ],
)
def test_block_text(html: str, text: str) -> None:
    root = parse_html(f"<html><body>{html}</body></html>")
    assert root is not None
    assert block_text(root.find("body")) == text

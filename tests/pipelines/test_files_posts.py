"""The files pipeline fetches a new-media post's body images as it does an article's:
stored by sha256 (path from the hash only), size and sniffed type on the post's image
entry, only from allowed hosts (the platforms' image hosts come from
`media.platforms.*.domains`, which the media spiders add to ``allowed_domains``)."""

from __future__ import annotations

import asyncio
import hashlib
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
from scrapy.http import Response

from crawler.items import PostItem
from pipelines.files import AttachmentsPipeline

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x01" * 64


class _Stats:
    def __init__(self) -> None:
        self.values: Counter[str] = Counter()

    def inc_value(self, key: str) -> None:
        self.values[key] += 1


class _Engine:
    """Answers from a table of URL -> (status, body); records what was requested."""

    def __init__(self, pages: dict[str, tuple[int, bytes]]) -> None:
        self.pages = pages
        self.requested: list[str] = []

    async def download_async(self, request):
        self.requested.append(request.url)
        status, body = self.pages.get(request.url, (404, b""))
        return Response(request.url, status=status, body=body)


def _post(images: list[str]) -> PostItem:
    return PostItem(site="sample", platform="wechat", account_id="wxgajj", account_name="青禾公安交警",
                    unit="县公安局", post_id="1", url="https://mp.weixin.qq.com/s?__biz=x&mid=1",
                    title="标题", body_text="正文", images=[{"src": s, "alt": ""} for s in images])


@pytest.fixture
def pipe(tmp_path: Path):
    engine = _Engine({
        "https://mmbiz.qpic.cn/mmbiz_png/abc/640?wx_fmt=png": (200, PNG),
        "http://127.0.0.1:8765/media/img/1_0.jpg": (200, JPEG),
    })
    spider = SimpleNamespace(allowed_domains=["127.0.0.1", "mmbiz.qpic.cn"])
    crawler = SimpleNamespace(stats=_Stats(), engine=engine, spider=spider)
    return AttachmentsPipeline(crawler, tmp_path / "files", 10_000_000), engine, tmp_path


@pytest.mark.parametrize(("src", "data", "ctype"), [
    ("https://mmbiz.qpic.cn/mmbiz_png/abc/640?wx_fmt=png", PNG, "image/png"),  # a platform's image host
    ("http://127.0.0.1:8765/media/img/1_0.jpg", JPEG, "image/jpeg"),  # the served sample
])
def test_post_image_gets_the_article_image_fields(pipe, src: str, data: bytes, ctype: str) -> None:
    pipeline, _, tmp_path = pipe
    item = asyncio.run(pipeline.process_item(_post([src])))
    [image] = item.images
    digest = hashlib.sha256(data).hexdigest()
    assert image["src"] == src
    assert (image["sha256"], image["size"], image["content_type"]) == (digest, len(data), ctype)
    assert Path(image["path"]) == tmp_path / "files" / digest[:2] / digest
    assert Path(image["path"]).read_bytes() == data


@pytest.mark.parametrize(("src", "error"), [
    ("http://evil.example.com/../../etc/passwd.png", "offsite"),  # not a configured host: never fetched
    ("http://127.0.0.1:8765/media/img/missing.gif", "http_404"),
])
def test_post_image_failures_are_recorded_not_raised(pipe, src: str, error: str) -> None:
    pipeline, engine, _ = pipe
    item = asyncio.run(pipeline.process_item(_post([src])))
    assert item.images[0]["error"] == error
    assert "path" not in item.images[0]
    assert all("evil.example.com" not in u for u in engine.requested)


def test_post_without_images_is_passed_through(pipe) -> None:
    pipeline, engine, _ = pipe
    item = asyncio.run(pipeline.process_item(_post([])))
    assert item.images == [] and engine.requested == []

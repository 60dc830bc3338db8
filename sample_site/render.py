"""Render any path of the sample portal from the model, on demand.

Nothing is written to disk: pages are built per request (ordinary bodies from
(seed, article id)), binary files are generated and memoised.

Page templates live in pages/, one module per page kind; their names are
re-exported here, where the rest of the code and the tests import them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import files, text
from .faults import LEAK_ID, XLSX_IDS
from .model import (  # noqa: F401  (re-exported)
    GOV_OFFICE,
    Article,
    BrokenEntry,
    Column,
    MailboxMessage,
    SiteModel,
)
from .pages.articles import (  # noqa: F401  (re-exported)
    LABELS_PLAIN,
    LABELS_SPACED,
    _article,
    _message,
    _meta_html,
    _policy_body,
    _publisher,
    _sign_date,
    article_body,
    article_meta,
)
from .pages.columns import JS_LIMIT, PAGE_SCRIPT, PER_PAGE, _column, _home  # noqa: F401
from .pages.frame import (  # noqa: F401  (re-exported)
    Response,
    _crumb,
    _html,
    _li,
    _nav,
    _not_found,
    _page,
    entry_date,
)
from .pages.search import SEARCH_LIMIT, _search, search_results  # noqa: F401
from .pages.testpaths import HUGE_DEFAULT_MB, SPECIAL_PATHS, _huge, _special  # noqa: F401

# ---------------------------------------------------------------------------
# files


@lru_cache(maxsize=1024)
def _file_bytes(model: SiteModel, aid: int) -> bytes:
    att = model.attachments[aid]
    if att.ext == "pdf":
        unit = "青禾县民政局" if att.kind == "redhead" else text.SITE_NAME
        return files.make_pdf(model.seed, att.title, att.kind, unit)
    if att.ext == "docx":
        return files.make_docx(model.seed, att.title)
    if att.ext == "xlsx":
        rows = None
        if att.kind == "privacy":
            names = ["王某某", "赵某某", "陈某某"]
            rows = [["序号", "姓名", "身份证号", "救助金额（元）"]] + [
                [str(i + 1), n, x, str(500 + 300 * i)] for i, (n, x) in enumerate(zip(names, XLSX_IDS, strict=True))]
        return files.make_xlsx(model.seed, att.title, rows)
    return files.make_image(model.seed, aid, "redhead" if att.kind == "redhead" else "photo", att.ext,
                            label="青禾县应急管理局文件")


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png", "jpg": "image/jpeg",
}


def attachment_bytes(model: SiteModel, aid: int) -> bytes:
    return _file_bytes(model, aid)


@lru_cache(maxsize=1024)
def _image_response(model: SiteModel, iid: int) -> Response:
    img = model.images[iid]
    if img.kind == "html":
        return _html("<html><body><p>图片加载失败</p></body></html>")
    if img.kind == "empty":
        return Response(200, {"Content-Type": "image/png"}, b"")
    data = files.make_image(model.seed, iid, img.kind, img.ext)
    return Response(200, {"Content-Type": CONTENT_TYPES[img.ext]}, data)


# ---------------------------------------------------------------------------
# entry point


def render(model: SiteModel, path: str, query: str = "", huge_mb: int = 0) -> Response:
    """Answer one GET request for ``path`` (no query string) and ``query``."""
    if path.startswith("/test/"):
        return _special(path, huge_mb) or _not_found()
    if path.startswith("/shapes/"):  # a second mini portal of other list templates (sample_site/shapes.py)
        from .shapes import render_shapes

        shaped = render_shapes(model.seed, model.today, path, query)
        return _html(shaped) if shaped is not None else _not_found()
    if path.startswith(("/media/", "/mp/", "/api/")):
        from .media.render import render_media  # the new-media pages live in their own package

        return render_media(model.seed, model.today, path, query) or _not_found()
    if path in ("/", "/index.html"):
        return Response(200, {"Content-Type": "text/html; charset=utf-8"}, _home(model))
    if path == "/search":
        return _search(model, query)
    if path == "/robots.txt":
        return Response(200, {"Content-Type": "text/plain; charset=utf-8"}, b"User-agent: *\nAllow: /\n")
    if path.startswith("/col/"):
        rest = path[len("/col/"):]
        if rest.endswith("/"):
            slug, fname = rest[:-1], ""
        else:
            slug, _, fname = rest.rpartition("/")
            if rest in model.columns:  # "/col/zwyw" without the slash
                return Response(301, {"Location": f"/col/{rest}/"})
        if slug == "ldxx" and fname.startswith("msg_"):
            m = re.fullmatch(r"msg_(\d+)\.html", fname)
            idx = int(m.group(1)) if m else 0
            if 1 <= idx <= len(model.mailbox):
                return _message(model, model.mailbox[idx - 1])
            return _not_found()
        col = model.columns.get(slug)
        return _column(model, col, fname, query) if col else _not_found()
    if path.startswith("/art/"):
        a = model.by_path.get(path)
        if a is not None:
            return _article(model, a)
        if path.startswith("/art/err/"):
            return _html("<html><body>500 Internal Server Error</body></html>", 500)
        if path.startswith("/art/loop/"):
            other = path[:-len("_b.html")] + ".html" if path.endswith("_b.html") else path[:-5] + "_b.html"
            return Response(302, {"Location": other})
        return _not_found()
    m = re.fullmatch(r"/files/(\d+)\.(\w+)", path)
    if m:
        att = model.attachments.get(int(m.group(1)))
        if att is None or att.ext != m.group(2):
            return _not_found()
        name = att.name.split("：", 1)[-1]
        from urllib.parse import quote
        return Response(200, {"Content-Type": CONTENT_TYPES[att.ext],
                              "Content-Disposition": f"inline; filename*=UTF-8''{quote(name)}"},
                        _file_bytes(model, att.id))
    m = re.fullmatch(r"/img/(\d+)\.(\w+)", path)
    if m:
        img = model.images.get(int(m.group(1)))
        if img is None or img.ext != m.group(2):
            return _not_found()
        return _image_response(model, img.id)
    return _not_found()


__all__ = ["GOV_OFFICE", "LEAK_ID", "Response", "SPECIAL_PATHS", "render", "article_meta",
           "article_body", "attachment_bytes", "CONTENT_TYPES", "search_results"]

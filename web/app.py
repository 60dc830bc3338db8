"""The dashboard's routes. Every page is rendered server-side by autoescaping Jinja2 templates."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi import FastAPI, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from pymongo.database import Database
from starlette.middleware.sessions import SessionMiddleware

from analyzers.lifecycle import ignore_finding
from reports.period import PeriodError
from reports.rectification import class_titles
from reports.selection import SEVERITY_ZH
from store.keys import url_key
from web import queries
from web.highlight import highlight, source_text
from web.security import csrf_ok, csrf_token, load_users, verify_password
from web.svg import line_chart

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
OPEN_PATHS = ("/login", "/static/")
# FRESH → 信息更新不及时: the bulletin's section titles, and names for the classes it folds into others.
CLASS_NAMES = {**class_titles(), "DUP": "重复发布", "AVAIL": "站点可用性"}


def create_app(db: Database, *, secret: str, require_login: bool = False,
               users_file: str | Path | None = None) -> FastAPI:
    """The dashboard over ``db``; ``require_login`` when bound beyond loopback."""
    app = FastAPI(title="GovWatch", docs_url=None, redoc_url=None, openapi_url=None)
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True)
    env.globals["severity_zh"] = SEVERITY_ZH
    templates = Jinja2Templates(env=env)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def page(request: Request, name: str, status_code: int = 200, **ctx: Any) -> HTMLResponse:
        ctx.update(request=request, csrf=csrf_token(request), user=request.session.get("user"),
                   require_login=require_login)
        return templates.TemplateResponse(request, name, ctx, status_code=status_code)

    def site_hosts() -> set[str]:
        """host[:port] of every crawled site's home page."""
        return {urlsplit(str(s.get("home_url") or "")).netloc.lower()
                for s in db.sites.find({}, {"home_url": 1})} - {""}

    def live_link(url: str) -> str | None:
        """Only pages of the configured sites become links."""
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc.lower() in site_hosts():
            return url
        return None

    def check_csrf(request: Request, token: str | None) -> None:
        if not csrf_ok(request, token):
            raise HTTPException(status_code=403, detail="CSRF token missing or wrong / 请求校验失败")

    @app.middleware("http")
    async def login_wall(request: Request, call_next: Any) -> Response:
        if require_login and not request.url.path.startswith(OPEN_PATHS) and not request.session.get("user"):
            return RedirectResponse("/login", status_code=303)
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; style-src 'self'"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    # The session must wrap the login wall: added last, it runs first.
    app.add_middleware(SessionMiddleware, secret_key=secret, same_site="strict", https_only=False,
                       session_cookie="govwatch_session", max_age=12 * 3600)

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request) -> HTMLResponse:
        classes, rows = queries.overview(db)
        order = list(CLASS_NAMES)
        classes.sort(key=lambda c: (order.index(c) if c in order else len(order), c))
        labels, series = queries.trends(db)
        series = {CLASS_NAMES.get(k, k): v for k, v in series.items()}
        rates = [r for r in queries.false_alarm_rates(db) if r["ignored"]]
        return page(request, "overview.html", classes=classes, rows=rows, chart=line_chart(labels, series),
                    rates=rates, class_names=CLASS_NAMES)

    @app.get("/units/{unit}", response_class=HTMLResponse)
    def unit_page(request: Request, unit: str) -> HTMLResponse:
        labels, series = queries.trends(db, unit)
        series = {CLASS_NAMES.get(k, k): v for k, v in series.items()}
        return page(request, "unit.html", unit=unit, chart=line_chart(labels, series),
                    link="/findings?" + urlencode({"unit": unit, "status": "open"}))

    @app.get("/findings", response_class=HTMLResponse)
    def findings(request: Request, unit: str = "", rule: str = "", severity: str = "", status: str = "",
                 period: str = "", cls: str = "", page_no: int = 1) -> HTMLResponse:
        filters = {"unit": unit, "rule": rule, "severity": severity, "status": status, "period": period,
                   "cls": cls}
        try:
            query = queries.finding_query(**filters)
        except PeriodError as exc:
            return page(request, "findings.html", 400, error=str(exc), docs=[], total=0, filters=filters,
                        choices=queries.filter_choices(db), page_no=1, more=None)
        docs, total = queries.find_findings(db, query, page_no)
        more = None
        if page_no * queries.PAGE_SIZE < total:
            more = "/findings?" + urlencode({**filters, "page_no": page_no + 1})
        return page(request, "findings.html", docs=docs, total=total, filters=filters,
                    choices=queries.filter_choices(db), page_no=page_no, more=more, error=None)

    @app.get("/findings/{fid}", response_class=HTMLResponse)
    def finding(request: Request, fid: str) -> HTMLResponse:
        f = db.findings.find_one({"_id": fid})
        if f is None:
            raise HTTPException(status_code=404, detail="no such finding")
        target = str(f.get("target") or "")
        article = db.articles.find_one({"_id": url_key(target)}) if target.startswith("http") else None
        ev = f.get("evidence") or {}
        text = source_text(f, article)
        marked = highlight(text, int(ev.get("start", -1)), int(ev.get("end", -1)), str(ev.get("text") or ""))
        column = db.columns.find_one({"_id": f.get("column")}) if f.get("column") else None
        return page(request, "finding.html", f=f, article=article, marked=marked, has_text=bool(text),
                    live=live_link(target), column=column, rectification=db.rectifications.find_one({"_id": fid}))

    @app.post("/findings/{fid}/ignore")
    def ignore(request: Request, fid: str, reason: str = Form(""), by: str = Form(""),
               csrf: str | None = Form(None)) -> Response:
        check_csrf(request, csrf)
        who = request.session.get("user") or by.strip()
        if not reason.strip() or not who:
            raise HTTPException(status_code=400, detail="reason and name are required / 请填写原因和姓名")
        if not ignore_finding(db, fid, who, reason.strip()):
            raise HTTPException(status_code=404, detail="no such finding")
        log.info("finding %s ignored by %s", fid, who)
        return RedirectResponse(f"/findings/{fid}", status_code=303)

    @app.post("/filings")
    def file_column(request: Request, site: str = Form(...), target: str = Form(...),
                    start: str = Form(...), end: str = Form(...), reason: str = Form(...),
                    back: str = Form("/"), csrf: str | None = Form(None)) -> Response:
        check_csrf(request, csrf)
        try:
            first = datetime.combine(datetime.fromisoformat(start).date(), time(), UTC)
            last = datetime.combine(datetime.fromisoformat(end).date(), time(), UTC) + timedelta(days=1)
        except ValueError:
            raise HTTPException(status_code=400, detail="dates must be YYYY-MM-DD") from None
        if last <= first or not reason.strip():
            raise HTTPException(status_code=400, detail="the period is empty or the reason is missing")
        if db.sites.find_one({"_id": site}) is None:
            raise HTTPException(status_code=400, detail="unknown site")
        marked = queries.file_column(db, site, target, first, last, reason.strip())
        log.info("filed %s (%s): %d findings marked", target, site, marked)
        return RedirectResponse(back if back.startswith("/") and not back.startswith("//") else "/",
                                status_code=303)

    @app.get("/rates", response_class=HTMLResponse)
    def rates(request: Request) -> HTMLResponse:
        return page(request, "rates.html", rates=queries.false_alarm_rates(db))

    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request) -> HTMLResponse:
        return page(request, "login.html", error=None)

    @app.post("/login")
    def login(request: Request, name: str = Form(...), password: str = Form(...),
              csrf: str | None = Form(None)) -> Response:
        check_csrf(request, csrf)
        stored = load_users(users_file).get(name)
        if not stored or not verify_password(password, stored):
            return page(request, "login.html", 401, error="用户名或密码错误 / wrong name or password")
        request.session.clear()
        request.session["user"] = name
        return RedirectResponse("/", status_code=303)

    @app.post("/logout")
    def logout(request: Request, csrf: str | None = Form(None)) -> Response:
        check_csrf(request, csrf)
        request.session.clear()
        return RedirectResponse("/login" if require_login else "/", status_code=303)

    return app

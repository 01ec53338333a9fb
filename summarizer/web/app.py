"""The review app: Starlette + Jinja2 (+ vendored htmx) over the event store.

Reading works without JavaScript (plain links and forms); htmx only boosts
them. Every state-changing request is a POST carrying the page's CSRF token
(synchronizer token, compared in constant time), and the Host header must be
one the server was started for (no DNS rebinding). Beyond loopback, every
request also needs the access token (`?token=` once, then a cookie).
Actions go through the store's service API, which records who and when and
recomputes the event at once; the app keeps no state of its own.
"""

from __future__ import annotations

import hmac
import io
import secrets
import tempfile
import zipfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment
from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from summarizer.events.service import EventFilter, EventStore, ServiceError
from summarizer.events.views import ClaimView, EventView
from summarizer.render_html import safe_url, templates
from summarizer.schemas import Outcome, Qualifier, Status, VictimGroup
from summarizer.web import charts
from summarizer.web.articles import articles, excerpt, export_gold

STATIC = Path(__file__).parent / "static"
#: How sure a claim's status makes it (higher: less certain); pending party claims count most.
_DOUBT = {"confirmed": 0.0, "reported": 0.3, "alleged": 0.6, "claimed": 0.8, "denied": 1.0}
SORTS = ("doubt", "date", "fatalities", "sources")
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


@dataclass
class Config:
    store: EventStore
    who: str
    csrf: str
    token: str | None
    export_acled: Callable[[EventStore], str] | None


def doubt(view: EventView) -> float:
    """0 (every figure confirmed or accepted) to 1 (every figure denied, claimed by a party or unknown)."""
    live = [c for c in view.claims if c.review != "rejected"]
    if not live:
        return 1.0
    score = 0.0
    for c in live:
        if c.review in ("accepted", "edited"):
            continue
        score += max(_DOUBT.get(c.status, 0.5), 0.8 if c.party_claim else 0.0) if c.low is not None else 1.0
    return round(score / len(live), 3)


def _sort(views: list[EventView], key: str) -> list[EventView]:
    if key == "date":
        return sorted(views, key=lambda v: (v.event_date or "9999", v.id))
    if key == "fatalities":
        return sorted(views, key=lambda v: (-(v.fatalities or 0), v.id))
    if key == "sources":
        return sorted(views, key=lambda v: (-v.n_sources, v.id))
    # Most disputed and least certain first.
    return sorted(views, key=lambda v: (not v.disputed, -doubt(v), -v.n_sources, v.id))


def _env() -> Environment:
    env = templates("summarizer.web", "templates")
    env.globals.update(safe_url=safe_url, statuses=[s.value for s in Status])
    return env


class _Guard(BaseHTTPMiddleware):
    """Access token (when configured) and security headers; CSRF is checked where the form is read."""

    def __init__(self, app: Any, config: Config) -> None:
        super().__init__(app)
        self.config = config

    async def dispatch(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        token = self.config.token
        if token is not None:
            given = request.query_params.get("token") or request.cookies.get("summarizer_token") or ""
            auth = request.headers.get("authorization", "")
            if auth.lower().startswith("bearer "):
                given = auth[7:]
            if not hmac.compare_digest(given.encode(), token.encode()):
                return PlainTextResponse("access token required", status_code=401)
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if token is not None and request.query_params.get("token"):
            response.set_cookie("summarizer_token", token, httponly=True, samesite="strict")
        return response


def create_app(
    store: EventStore,
    *,
    who: str = "analyst",
    token: str | None = None,
    allowed_hosts: list[str] | None = None,
    export_acled: Callable[[EventStore], str] | None = None,
) -> Starlette:
    """The ASGI app. `allowed_hosts`: Host header values accepted (default: loopback names)."""
    config = Config(store, who, secrets.token_urlsafe(32), token, export_acled)
    env = _env()

    def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        context.update(request=request, csrf=config.csrf, who=config.who, has_acled=export_acled is not None)
        context.setdefault("msg", request.query_params.get("msg", ""))
        return HTMLResponse(env.get_template(name).render(**context), status_code=status)

    def back(path: str, message: str) -> Response:
        return RedirectResponse(f"{path}?msg={message}", status_code=303)

    async def index(request: Request) -> Response:
        q = request.query_params
        sort = str(q.get("sort")) if q.get("sort") in SORTS else "doubt"
        f = EventFilter(
            country=q.get("country") or None,
            event_type=q.get("event_type") or None,
            disputed_only=q.get("disputed") == "1",
            date_from=q.get("from") or None,
            date_to=q.get("to") or None,
        )
        views = _sort(list(store.iter_events(f)), sort)
        label = {v.id: f"#{v.id} {v.location or v.country or 'unknown place'}" for v in views}
        tl = charts.timeline([(v.id, v.event_date, v.fatalities, v.disputed, label[v.id]) for v in views])
        points = []
        for v in views:
            placed = next((i for i in v.incidents if i.latitude is not None), None)
            points.append(
                (
                    v.id,
                    placed.latitude if placed else None,
                    placed.longitude if placed else None,
                    v.fatalities,
                    v.disputed,
                    label[v.id],
                )
            )
        mp = charts.map_plot(points)
        countries = sorted({v.country for v in store.iter_events(EventFilter()) if v.country})
        return render(
            request,
            "events.html.j2",
            views=views,
            doubt=doubt,
            sort=sort,
            sorts=SORTS,
            q=q,
            countries=countries,
            timeline=tl,
            map=mp,
            unplaced=sum(1 for p in points if p[1] is None),
            counts=store.counts(),
        )

    async def event_page(request: Request) -> Response:
        event_id = int(request.path_params["event_id"])
        try:
            view = store.get_event(event_id)
        except ServiceError as exc:
            return render(request, "error.html.j2", status=404, message=str(exc))
        texts = articles(store, {i.article_id for i in view.incidents})
        sources: list[dict[str, Any]] = []
        for article_id in sorted(texts):
            a = texts[article_id]
            claims = [c for c in view.claims if c.article_id == article_id]
            sources.append(
                {
                    "article": a,
                    "url": safe_url(a.url),
                    "incidents": [i for i in view.incidents if i.article_id == article_id],
                    "claims": [(c, excerpt(a.text, c.quote_start, c.quote_end, c.quote)) for c in claims],
                }
            )
        others = [s for s in store.list_events() if s.id != event_id][:200]
        return render(
            request,
            "event.html.j2",
            view=view,
            sources=sources,
            doubt=doubt(view),
            others=others,
            outcomes=[o.value for o in Outcome],
            qualifiers=[q.value for q in Qualifier],
            victims=[v.value for v in VictimGroup],
        )

    async def _form(request: Request) -> FormData:
        """The posted form, only if it carries this server's CSRF token (403 otherwise)."""
        form = await request.form()
        sent = str(form.get("csrf") or request.headers.get("x-csrf-token") or "")
        if not hmac.compare_digest(sent.encode(), config.csrf.encode()):
            raise HTTPException(403, "CSRF token missing or wrong: reload the page and try again")
        return form

    def _who(form: FormData) -> str:
        name = " ".join(str(form.get("who") or "").split())[:80]
        return name or config.who

    async def claim_action(request: Request) -> Response:
        claim_id = int(request.path_params["claim_id"])
        verb = request.path_params["verb"]
        form = await _form(request)
        event_id = int(str(form.get("event") or 0))
        who = _who(form)
        try:
            if verb == "accept":
                store.accept_claim(claim_id, who=who)
            elif verb == "reject":
                store.reject_claim(claim_id, who=who)
            elif verb == "edit":
                changes = _edits(form, _claim(store, event_id, claim_id))
                if not changes:
                    return back(f"/events/{event_id}", "nothing changed")
                store.edit_claim(claim_id, who=who, **changes)
            else:
                return PlainTextResponse("unknown action", status_code=404)
        except (ServiceError, ValueError) as exc:
            return render(request, "error.html.j2", status=400, message=str(exc))
        return back(f"/events/{event_id}", f"claim {claim_id}: {verb} recorded")

    async def split(request: Request) -> Response:
        event_id = int(request.path_params["event_id"])
        form = await _form(request)
        chosen = [int(str(x)) for x in form.getlist("incident")]
        try:
            new_id = store.split_event(event_id, chosen, who=_who(form))
        except (ServiceError, ValueError) as exc:
            return render(request, "error.html.j2", status=400, message=str(exc))
        return back(f"/events/{event_id}", f"incidents {chosen} split into event {new_id}")

    async def merge(request: Request) -> Response:
        event_id = int(request.path_params["event_id"])
        form = await _form(request)
        try:
            other = int(str(form.get("other") or ""))
            store.merge_events(event_id, other, who=_who(form))
        except (ServiceError, ValueError) as exc:
            return render(request, "error.html.j2", status=400, message=str(exc))
        return back(f"/events/{event_id}", f"event {other} merged into this one")

    async def undo(request: Request) -> Response:
        action_id = int(request.path_params["action_id"])
        form = await _form(request)
        try:
            store.undo(action_id, who=_who(form))
        except ServiceError as exc:
            return render(request, "error.html.j2", status=400, message=str(exc))
        target = str(form.get("next") or "/history")
        return back(
            target if target.startswith("/") and not target.startswith("//") else "/history", "undone"
        )

    async def history(request: Request) -> Response:
        return render(request, "history.html.j2", actions=store.history(limit=500))

    async def acled_csv(request: Request) -> Response:
        if export_acled is None:
            return PlainTextResponse("ACLED export is not available in this installation", status_code=404)
        return Response(
            export_acled(store),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="events-acled.csv"'},
        )

    async def gold_zip(request: Request) -> Response:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            export_gold(store, root)
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
                for path in sorted(root.rglob("*")):
                    if path.is_file():
                        z.write(path, path.relative_to(root).as_posix())
        return Response(
            buffer.getvalue(),
            media_type="application/zip",
            headers={"Content-Disposition": 'attachment; filename="reviewed-gold.zip"'},
        )

    routes = [
        Route("/", index),
        Route("/events/{event_id:int}", event_page),
        Route("/claims/{claim_id:int}/{verb}", claim_action, methods=["POST"]),
        Route("/events/{event_id:int}/split", split, methods=["POST"]),
        Route("/events/{event_id:int}/merge", merge, methods=["POST"]),
        Route("/actions/{action_id:int}/undo", undo, methods=["POST"]),
        Route("/history", history),
        Route("/export/acled.csv", acled_csv),
        Route("/export/gold.zip", gold_zip),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    hosts = allowed_hosts or ["127.0.0.1", "localhost", "[::1]"]
    middleware = [
        Middleware(TrustedHostMiddleware, allowed_hosts=hosts),
        Middleware(_Guard, config=config),
    ]
    return Starlette(routes=routes, middleware=middleware)


def _claim(store: EventStore, event_id: int, claim_id: int) -> ClaimView:
    view = store.get_event(event_id)
    for c in view.claims:
        if c.id == claim_id:
            return c
    raise ServiceError(f"claim {claim_id} is not in event {event_id}")


def _edits(form: FormData, claim: ClaimView) -> dict[str, Any]:
    """The fields the form changes, validated against the schema's vocabularies."""
    changes: dict[str, Any] = {}
    for name in ("low", "high"):
        raw = str(form.get(name) or "").strip()
        value = None if raw == "" else int(raw)
        if value is not None and value < 0:
            raise ValueError(f"{name} must be 0 or more")
        if value != getattr(claim, name):
            changes[name] = value
    vocab = {"outcome": Outcome, "qualifier": Qualifier, "victims": VictimGroup, "status": Status}
    for name, enum in vocab.items():
        raw = str(form.get(name) or "").strip()
        if raw and raw != getattr(claim, name):
            changes[name] = enum(raw).value
    stated = " ".join(str(form.get("stated_by") or "").split())
    if stated and stated != claim.stated_by:
        changes["stated_by"] = stated[:200]
    return changes

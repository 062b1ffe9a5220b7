"""The dashboard's web layer: Streamlit's ASGI app (`st.App`) with congvu's own routes and one middleware.

`congvu serve` runs `streamlit run dashboard/web.py`; Streamlit finds `app` below and serves it with uvicorn.

Routes (all under /_congvu/):
- `session?grant=…&next=…` trades the one-time grant of a sign-in for the session cookie (HttpOnly,
  SameSite=Strict, Secure over TLS) and sends the browser on to `next` (a local path only);
- `sign-out` revokes the session named by the cookie and clears the cookie;
- `download/<token>`: a file a page offered to this session — the session must live, the role must still
  see the page, and the audit line is written before the file is made and sent (503 when it cannot be).

The middleware, on every request:
- frame-busting and other protective headers (X-Frame-Options DENY, CSP frame-ancestors 'none', nosniff);
- a page URL (`/personnel?agency=SXD`) of an anonymous visitor goes to the sign-in form with `?next=`; a page
  the role may not see goes to the first page with `?denied=` (a Vietnamese message, not "page not found");
  a path that names no page goes there with `?missing=` (not Streamlit's English "Page not found" dialog);
- `/media/…` (Streamlit's file store) and `/_stcore/metrics` answer only a live session;
- the WebSocket message that clears the shared caches (`clear_cache`) is dropped: a rebuilt warehouse is
  picked up by file identity, no visitor needs it.
"""

from __future__ import annotations

import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dashboard import audit
from dashboard.access import PAGES, User, can_view
from dashboard.delivery import deliver
from dashboard.session import SIGN_OUT_PATH, safe_path, users_path
from dashboard.session_store import COOKIE, STORE, max_seconds, sign, unsign

APP_SCRIPT = Path(__file__).resolve().parent / "app.py"
SECURITY_HEADERS = [
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]


def _cookie_value(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed Cookie header names no session
                return None
            if COOKIE in jar:
                return jar[COOKIE].value
    return None


def _session(scope: Scope) -> tuple[str | None, User | None]:
    session_id = unsign(_cookie_value(scope))
    return session_id, STORE.lookup(session_id, users_path(), touch=False).user


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"


async def trade_grant(request: Request) -> Response:
    record = STORE.redeem(request.query_params.get("grant", ""))
    target = safe_path(request.query_params.get("next") or "/")
    response = RedirectResponse(target if record else "/", status_code=303)
    if record is not None:
        response.set_cookie(
            COOKIE,
            sign(record.session_id),
            max_age=int(max_seconds()),
            path="/",
            httponly=True,
            samesite="strict",
            secure=_secure(request),
        )
    response.headers["cache-control"] = "no-store"
    return response


async def sign_out(request: Request) -> Response:
    session_id = unsign(request.cookies.get(COOKIE))
    record = STORE.revoke(session_id)
    if record is not None:  # signed out from the page itself, the page has already logged it
        await run_in_threadpool(audit.log_event, record.name, "sign_out", None, {"via": "url"})
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict", secure=_secure(request))
    return response


async def download(request: Request) -> Response:
    session_id = unsign(request.cookies.get(COOKIE))
    answer = await run_in_threadpool(deliver, session_id, request.path_params["token"])
    return Response(answer.body, status_code=answer.status, headers=answer.headers)


ROUTES = [
    Route("/_congvu/session", trade_grant, methods=["GET"]),
    Route(SIGN_OUT_PATH, sign_out, methods=["GET"]),
    Route("/_congvu/download/{token}", download, methods=["GET"]),
]


def _is_clear_cache(payload: bytes) -> bool:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    message = BackMsg()
    try:
        message.ParseFromString(payload)
    except Exception:  # not ours to judge: Streamlit answers malformed messages itself
        return False
    return message.WhichOneof("type") == "clear_cache"


class Guard:
    """The middleware described in the module docstring (pure ASGI: it sees HTTP and WebSocket alike)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await self.app(scope, self._without_clear_cache(receive), send)
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = await run_in_threadpool(self._refusal, scope)
        if refusal is not None:
            await refusal(scope, receive, self._with_headers(send))
            return
        await self.app(scope, receive, self._with_headers(send))

    @staticmethod
    def _refusal(scope: Scope) -> Response | None:
        path: str = scope["path"]
        guarded = (
            path.startswith("/media/") or path == "/_stcore/metrics" or path.startswith("/_stcore/agent")
        )
        page = path.strip("/")
        if not guarded and page not in PAGES:
            return _missing_page(scope, page)
        if page == DEFAULT_PAGE:
            return _to_root(scope)
        _, user = _session(scope)
        if guarded:
            return None if user else PlainTextResponse("Cần đăng nhập (sign-in required).", status_code=403)
        if user is None:
            query = scope.get("query_string", b"").decode("latin-1")
            target = path + (f"?{query}" if query else "")
            return RedirectResponse("/?" + urllib.parse.urlencode({"next": target}), status_code=302)
        if not can_view(user.role, page):
            return RedirectResponse("/?" + urllib.parse.urlencode({"denied": page}), status_code=302)
        return None

    @staticmethod
    def _with_headers(send: Send) -> Send:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in SECURITY_HEADERS if name not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        return send_with_headers

    @staticmethod
    def _without_clear_cache(receive: Receive) -> Receive:
        async def guarded_receive() -> Message:
            while True:
                message = await receive()
                payload = message.get("bytes") if message["type"] == "websocket.receive" else None
                if payload and _is_clear_cache(payload):
                    continue
                return message

        return guarded_receive


# one-segment paths that are Streamlit's or ours, not pages (the sign-in form, the identity provider's return)
NOT_PAGES = {"", "sign-in", "oauth2callback"}
# st.navigation serves its first page at the root and knows no path of its own for it: a browser opening
# /overview would get Streamlit's English "Page not found" dialog over it
DEFAULT_PAGE = next(iter(PAGES))


def _to_root(scope: Scope) -> Response | None:
    """A page load of the first page's own path goes to the root, its filters (query string) kept."""
    accept = dict(scope.get("headers") or []).get(b"accept", b"")
    if scope.get("method") != "GET" or b"text/html" not in accept:
        return None
    query = scope.get("query_string", b"").decode("latin-1")
    return RedirectResponse("/" + (f"?{query}" if query else ""), status_code=302)


def _missing_page(scope: Scope, page: str) -> Response | None:
    """A browser opening a page path that names no page (`/khong-co`) goes to the first page with
    `?missing=` (a Vietnamese message there), instead of Streamlit's English "Page not found" dialog.
    Only a page load is redirected: one path segment, no file extension, not Streamlit's (`_stcore`…),
    asked for as HTML."""
    if (
        scope.get("method") != "GET"
        or "/" in page
        or "." in page
        or page.startswith("_")
        or page in NOT_PAGES
    ):
        return None
    accept = dict(scope.get("headers") or []).get(b"accept", b"")
    if b"text/html" not in accept:
        return None
    return RedirectResponse("/?" + urllib.parse.urlencode({"missing": page}), status_code=302)


app = st.App(APP_SCRIPT, routes=ROUTES, middleware=[Middleware(Guard)])

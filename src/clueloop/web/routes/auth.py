"""登录 / 退出: argon2-checked passwords, a server-side session, its cookie HttpOnly and SameSite."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from clueloop.security.users import authenticate, close_session, open_session
from clueloop.web.context import COOKIE, CSRF, DB, save
from clueloop.web.templating import templates

router = APIRouter()


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> Response:
    return templates.TemplateResponse(request, "login.html", {"next": next, "error": ""})


@router.post("/login")
def login(
    request: Request,
    session: DB,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    user = authenticate(session, username, password)
    if user is None:
        save(session)
        return templates.TemplateResponse(
            request, "login.html", {"next": next, "error": "用户名或密码错误，或账号已停用"}, status_code=401
        )
    token, _ = open_session(session, user)
    save(session)
    target = next if next.startswith("/") and not next.startswith("//") else "/"  # no open redirect
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return response


@router.post("/logout", dependencies=[CSRF])
def logout(request: Request, session: DB) -> Response:
    close_session(session, request.cookies.get(COOKIE))
    save(session)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response


__all__ = ["router", "Depends"]

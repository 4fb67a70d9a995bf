"""The application factory: one FastAPI app over a home folder (lake) and a workflow database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from clueloop import __version__
from clueloop.web.context import AppState, LoginRequired
from clueloop.web.jobs import Jobs
from clueloop.web.templating import templates
from clueloop.workflow.db import Workflow, database_url
from clueloop.workflow.policy import load_policy
from clueloop.workflow.states import ConflictError, NotFound, WorkflowError

STATIC = Path(__file__).parent / "static"


def create_app(home: Path, db_url: str | None = None) -> FastAPI:
    from clueloop.web.routes import api, auth, cases, data, exports, leads, models, recommendations, transfers
    from clueloop.web.routes import home as home_page

    home = home.expanduser().resolve()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        state: AppState = app.state.clueloop
        state.jobs.shutdown()
        state.workflow.close()

    app = FastAPI(
        lifespan=lifespan,
        title="clueloop 数字检察",
        version=__version__,
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.clueloop = AppState(home, Workflow(database_url(home, db_url)), load_policy(home), Jobs())
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (auth, home_page, leads, cases, transfers, recommendations, data, models, exports, api):
        app.include_router(module.router)

    @app.exception_handler(LoginRequired)
    def _login(request: Request, exc: LoginRequired) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": "未登录或会话已失效"}, status_code=401)
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(HTTPException)
    def _http(request: Request, exc: HTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(NotFound)
    def _not_found(request: Request, exc: NotFound) -> Response:
        return _error(request, 404, str(exc))

    @app.exception_handler(ConflictError)
    def _conflict(request: Request, exc: ConflictError) -> Response:
        return _error(request, 409, str(exc))

    @app.exception_handler(WorkflowError)
    def _refused(request: Request, exc: WorkflowError) -> Response:
        return _error(request, 422, str(exc))

    return app


def _error(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=status)
    if request.headers.get("HX-Request"):  # htmx: show the message where the form is
        return HTMLResponse(
            f'<div class="flash error" role="alert">{_escape(message)}</div>',
            status_code=status,
            headers={"HX-Retarget": "#flash", "HX-Reswap": "innerHTML"},
        )
    return templates.TemplateResponse(
        request,
        "error.html",
        {"message": message, "status": status, "user": getattr(request.state, "viewer", None)},
        status_code=status,
    )


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))

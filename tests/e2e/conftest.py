"""The browser tests' set-up: a home folder with the demo's data and users, the real server on a free
port (``clueloop serve`` in a subprocess), and headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent / "screenshots"


@dataclass(frozen=True)
class Site:
    url: str
    home: Path
    log: Path
    users: dict[str, Any]  # role → clueloop.demo.DemoUser
    organ: str  # the liaison's organ
    model: tuple[str, str]  # a model (id, name) whose 待研判 leads are for the liaison's organ
    leads: int  # leads in the workflow database when the server started
    a_title: str  # the newest lead's title (the first row of the list)
    upload: tuple[Path, str]  # a fresh export the data administrator uploads, and its kind
    as_of: dt.date


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _prepare(home: Path, as_of: dt.date) -> dict[str, Any]:
    from sqlalchemy import func, select

    from clueloop.demo import demo_users, run_demo
    from clueloop.synth.generate import generate
    from clueloop.workflow.db import Workflow
    from clueloop.workflow.orm import Lead

    run_demo(home, scale=0, as_of=as_of)
    users = {u.role: u for u in demo_users(home)}
    organ = users["外部单位联络员"].organ
    wf = Workflow.open(home)
    try:
        with wf.transaction() as s:
            model = s.execute(
                select(Lead.model_id, Lead.model_name)
                .where(Lead.state == "待研判", Lead.target_organ == organ)
                .order_by(Lead.id)
                .limit(1)
            ).one()
            total = s.scalar(select(func.count()).select_from(Lead)) or 0
            title = s.scalar(select(Lead.title).order_by(Lead.id.desc()).limit(1)) or ""
    finally:
        wf.close()
    fresh = generate(home.parent / "upload", seed=2, scale=0, as_of=as_of)  # other rows than the lake's
    upload = next(f for f in fresh.files if f.kind == "fire_inspection")
    return {
        "users": users,
        "organ": organ,
        "model": (model[0], model[1]),
        "leads": total,
        "a_title": title,
        "upload": (fresh.outdir / upload.file, upload.kind),
    }


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    import httpx

    root = tmp_path_factory.mktemp("e2e")
    home = root / "home"
    as_of = dt.date.today()
    prepared = _prepare(home, as_of)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = root / "server.log"
    clueloop = Path(sys.executable).with_name("clueloop")
    env = {k: v for k, v in os.environ.items() if k != "CLUELOOP_DB"}
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(clueloop), "serve", "--port", str(port), "--home", str(home)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/login", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"clueloop serve did not start:\n{log.read_text(encoding='utf-8')}")
            time.sleep(0.2)
        yield Site(url=url, home=home, log=log, as_of=as_of, **prepared)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser: Any, site: Site) -> Iterator[Callable[[str | None], Any]]:
    """``open_page(role)``: a new browser context signed in as the demo user of that role (None: not
    signed in), so each role has its own cookies."""
    contexts: list[Any] = []

    def open_as(role: str | None) -> Any:
        context = browser.new_context(
            base_url=site.url, locale="zh-CN", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        if role is not None:
            user = site.users[role]
            page.goto("/login")
            page.get_by_label("用户名").fill(user.username)
            page.get_by_label("密码").fill(user.password)
            page.get_by_role("button", name="登录").click()
            page.wait_for_url(lambda u: "/login" not in u)
        return page

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def flow() -> dict[str, Any]:
    """What one step of the flow leaves for the next (the lead it triaged, the case it opened, ...)."""
    return {}


def shoot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path

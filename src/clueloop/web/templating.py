"""Jinja2 templates with the filters pages need: masking, dates, state colours."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates

from clueloop.security.masking import mask_text, mask_value

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
STATE_CLASS = {
    "待研判": "s-new",
    "研判中": "s-doing",
    "成案": "s-done",
    "不成案": "s-closed",
    "已合并": "s-closed",
    "已移送": "s-doing",
    "已接收": "s-doing",
    "已反馈": "s-done",
    "已退回": "s-closed",
    "已办结": "s-closed",
    "草稿": "s-new",
    "已发出": "s-doing",
    "已送达": "s-doing",
    "已回复": "s-done",
    "已回头看": "s-done",
    "已起诉": "s-closed",
    "已撤回": "s-closed",
    "办理中": "s-doing",
    "已结案": "s-closed",
    "已撤销": "s-closed",
}


def _date(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


templates.env.filters["mask"] = lambda v, full=False: v if full else mask_value(v)
templates.env.filters["mask_text"] = lambda v, full=False: v if full else mask_text(v or "")
templates.env.filters["d"] = _date
templates.env.filters["state_class"] = lambda s: STATE_CLASS.get(s, "")
templates.env.globals["today"] = dt.date.today

"""首页: leads per model and month, the funnel, overdue items, 沉睡 leads, 回复整改率 — as charts."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from clueloop.security.users import LIAISON
from clueloop.web.context import DB, CurrentUser, State
from clueloop.web.templating import templates
from clueloop.workflow.stats import FUNNEL, FUNNEL_ZH, Stats, compute
from clueloop.workflow.sweep import due_items

router = APIRouter()


def charts(stats: Stats) -> dict[str, dict[str, Any]]:
    """ECharts options, built here so the page only hands them to the library."""
    months = sorted({r.month for r in stats.rows})
    models = sorted({(r.model, r.model_name) for r in stats.rows})
    per = {(r.model, r.month): r.leads for r in stats.rows}
    by_month = {
        "tooltip": {"trigger": "axis"},
        "legend": {"type": "scroll", "bottom": 0},
        "grid": {"left": 40, "right": 10, "top": 20, "bottom": 60},
        "xAxis": {"type": "category", "data": months},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [
            {"name": name, "type": "bar", "stack": "leads", "data": [per.get((model, m), 0) for m in months]}
            for model, name in models
        ],
    }
    funnel = {
        "tooltip": {},
        "grid": {"left": 70, "right": 30, "top": 10, "bottom": 20},
        "xAxis": {"type": "value", "minInterval": 1},
        "yAxis": {"type": "category", "inverse": True, "data": [FUNNEL_ZH[k] for k in FUNNEL]},
        "series": [
            {
                "type": "bar",
                "data": [stats.totals.get(k, 0) for k in FUNNEL],
                "label": {"show": True, "position": "right"},
            }
        ],
    }
    rate = stats.rates.get("rectification_rate")
    issued = stats.counts.get("recommendations_issued", 0)
    rectified = stats.counts.get("recommendations_rectified", 0)
    rectification = {
        "tooltip": {},
        "series": [
            {
                "type": "pie",
                "radius": ["55%", "80%"],
                "label": {"show": False},
                "data": [
                    {"name": "已整改", "value": rectified},
                    {"name": "未整改或未回复", "value": issued - rectified},
                ],
            }
        ],
        "title": {"text": "—" if rate is None else f"{rate:.0%}", "left": "center", "top": "center"},
    }
    return {"by_month": by_month, "funnel": funnel, "rectification": rectification}


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: DB, user: CurrentUser, state: State) -> Response:
    if user.role == LIAISON:
        from fastapi.responses import RedirectResponse

        return RedirectResponse("/transfers", status_code=303)
    stats = compute(session)
    today = dt.date.today()
    items = due_items(session, state.policy, today)
    context = {
        "user": user,
        "stats": stats,
        "charts": {k: json.dumps(v, ensure_ascii=False) for k, v in charts(stats).items()},
        "overdue": [i for i in items if i.overdue],
        "due_soon": [i for i in items if not i.overdue and i.due is not None],
        "sleeping": [i for i in items if i.entity == "lead" and "沉睡" in i.what],
        "review": [i for i in items if i.entity == "lead" and "复核" in i.what],
    }
    return templates.TemplateResponse(request, "home.html", context)

"""A self-contained HTML report of a run: leads per model (with an inline SVG chart), each lead with its
evidence, ID numbers and phones masked. No script, font or style is fetched from anywhere."""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from clueloop.security.masking import mask_value

_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;
margin:2rem;color:#1f2937}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:2px solid #b91c1c;padding-bottom:.3rem}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}
td,th{border:1px solid #d1d5db;padding:.25rem .5rem}
th{background:#f3f4f6;text-align:left}.lead{margin:.8rem 0;padding:.5rem .8rem;border-left:4px solid #b91c1c;
background:#fafafa}.muted{color:#6b7280;font-size:.85rem}details summary{cursor:pointer}
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _chart(counts: list[tuple[str, int]]) -> str:
    """A horizontal bar chart as inline SVG."""
    if not counts:
        return ""
    width, bar, gap, label = 760, 22, 8, 300
    top = max(n for _, n in counts) or 1
    height = len(counts) * (bar + gap) + gap
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img">']
    for i, (name, n) in enumerate(counts):
        y = gap + i * (bar + gap)
        w = int((width - label - 60) * n / top)
        parts.append(f'<text x="{label - 8}" y="{y + 16}" text-anchor="end" font-size="13">{_e(name)}</text>')
        parts.append(f'<rect x="{label}" y="{y}" width="{max(w, 1)}" height="{bar}" fill="#b91c1c"/>')
        parts.append(f'<text x="{label + w + 6}" y="{y + 16}" font-size="13">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _evidence_table(evidence: list[dict[str, Any]]) -> str:
    rows = []
    for ev in evidence:
        values = "；".join(
            f"{_e(k)}：{_e(mask_value(v))}" for k, v in ev.get("values", {}).items() if v not in (None, "")
        )
        rows.append(
            f"<tr><td>{_e(ev['dataset'])}</td><td>{_e(ev['source_file'])}</td><td>{_e(ev['row'])}</td>"
            f"<td>{values}</td></tr>"
        )
    return (
        "<table><tr><th>数据</th><th>来源文件</th><th>行</th><th>内容（已脱敏）</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def render(run: dict[str, Any], leads: Iterable[dict[str, Any]], extra: str = "") -> str:
    leads = list(leads)
    per_model = Counter(lead["model"] for lead in leads)
    names = {m["id"]: m["name"] for m in run.get("models", [])}
    counts = [(names.get(m["id"], m["id"]), per_model.get(m["id"], 0)) for m in run.get("models", [])]
    out = [
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>",
        f"<title>clueloop 线索报告 {_e(run.get('as_of'))}</title><style>{_CSS}</style></head><body>",
        "<h1>clueloop 数据碰撞线索报告</h1>",
        f"<p class='muted'>运行 {_e(run.get('id'))} · 运行日期 {_e(run.get('as_of'))}"
        f" · 引擎 {_e(run.get('engine'))}"
        f" · 线索 {len(leads)} 条 · 证件号码与电话已脱敏</p>",
        extra,
        "<h2>各模型线索数</h2>",
        _chart(counts),
        "<table><tr><th>模型</th><th>名称</th><th>线索</th><th>读取行数</th><th>用时（秒）</th></tr>",
    ]
    for m in run.get("models", []):
        out.append(
            f"<tr><td>{_e(m['id'])}</td><td>{_e(m['name'])}</td><td>{per_model.get(m['id'], 0)}</td>"
            f"<td>{sum(m.get('rows_read', {}).values()):,}</td><td>{m.get('seconds', 0):.2f}</td></tr>"
        )
    out.append("</table>")
    for m in run.get("models", []):
        model_leads = [lead for lead in leads if lead["model"] == m["id"]]
        if not model_leads:
            continue
        first = model_leads[0]
        out.append(f"<h2>{_e(m['name'])}（{len(model_leads)} 条）</h2>")
        basis = "；".join(first.get("legal_basis", []))
        out.append(f"<p class='muted'>移送：{_e(first.get('target_organ'))} · 依据：{_e(basis)}</p>")
        for lead in model_leads:
            key = " / ".join(str(mask_value(k)) for k in lead["key"])
            evidence = _evidence_table(lead["evidence"])
            out.append(
                f"<div class='lead'><b>{_e(lead['title'])}</b><div class='muted'>线索标识：{_e(key)}</div>"
                f"<details><summary>证据 {len(lead['evidence'])} 行</summary>{evidence}</details></div>"
            )
    out.append("</body></html>")
    return "\n".join(out)


def write_report(path: Path, run: dict[str, Any], leads: Iterable[dict[str, Any]], extra: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(run, leads, extra), encoding="utf-8")
    return path

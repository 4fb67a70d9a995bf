"""The closed loop in a real browser, as its users do it: the data administrator uploads an export and
runs a model; the prosecutor filters the leads, triages one, opens a case and transfers it; the outside
organ's liaison accepts the transfer and answers it; the prosecutor issues a recommendation and records
the reply. Each main page is saved as a full-page screenshot (tests/e2e/screenshots/).

The steps run in order and hand on what they made (``flow``); a step whose predecessor failed is skipped.
Selectors are the pages' Chinese labels and button names, and the form fields' names (those of the
service functions: ``kind``, ``as_of``, ``target``, ``standard``, ``addressee``, ``facts``, ...).
"""

from __future__ import annotations

import os
import re
from typing import Any

import pytest

from tests.e2e.conftest import CHROMIUM, Site, shoot

_why = ""
if not CHROMIUM.exists():
    _why = f"{CHROMIUM} is absent: the browser tests drive Debian's chromium (apt-get install chromium)"
else:
    try:
        from playwright.sync_api import expect
    except ImportError:
        _why = "playwright is not installed: pip install -e '.[dev]'"
if _why:
    if os.environ.get("CI") == "true":  # CI installs both (.ci/run): missing there is a failure
        pytest.fail(_why, pytrace=False)
    pytest.skip(_why, allow_module_level=True)

PROSECUTOR, DATA_ADMIN, LIAISON = "检察官", "数据管理员", "外部单位联络员"
HAN = re.compile(r"[\u4e00-\u9fff]")


def _chinese(page: Any, at_least: int = 20) -> str:
    """The page's text, after checking that it is a Chinese page (and not an error or an empty frame)."""
    text: str = page.inner_text("body")
    assert len(HAN.findall(text)) >= at_least, text[:500]
    assert "Internal Server Error" not in text and "Not Found" not in text, text[:500]
    return text


def _need(flow: dict[str, Any], *keys: str) -> None:
    missing = [k for k in keys if k not in flow]
    if missing:
        pytest.skip(f"an earlier step did not get as far as {', '.join(missing)}")


def _resume(open_page: Any, role: str, flow: dict[str, Any], key: str) -> Any:
    """A page signed in as ``role`` at the address an earlier step left under ``key``."""
    _need(flow, key)
    page = open_page(role)
    page.goto(flow[key])
    return page


def _field(scope: Any, *names: str) -> Any:
    """The first form field with one of these names."""
    return scope.locator(", ".join(f"[name='{n}']" for n in names)).first


def _set(scope: Any, value: str, *names: str) -> None:
    field = _field(scope, *names)
    if field.evaluate("e => e.tagName") == "SELECT":
        field.select_option(value)
    else:
        field.fill(value)


def _move(page: Any, action: str, **fields: str) -> None:
    """Press the button of one move (接收, 反馈, 发出, ...), filling its form's fields first."""
    button = page.get_by_role("button", name=action, exact=True)
    form = page.locator("form").filter(has=button).first
    for name, value in fields.items():
        _set(form, value, *name.split("__"))
    button.first.click()
    page.wait_for_load_state("networkidle")


def _number(page: Any, pattern: str) -> str:
    """The document number (案件, 移送, 检察建议) the page shows."""
    shown = page.get_by_text(re.compile(pattern)).first
    expect(shown).to_be_visible()
    found = re.search(pattern, shown.inner_text())
    assert found, shown.inner_text()
    return found.group(0)


def test_login_page_refuses_a_wrong_password(site: Site, open_page: Any) -> None:
    page = open_page(None)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_role("heading", name="数字检察线索闭环平台")).to_be_visible()
    shoot(page, "login")
    page.get_by_label("用户名").fill("prosecutor")
    page.get_by_label("密码").fill("not the password")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_contain_text("用户名或密码错误")


def test_home_shows_the_loop_in_figures_and_charts(site: Site, open_page: Any) -> None:
    page = open_page(PROSECUTOR)
    page.goto("/")
    expect(page.get_by_role("heading", name="首页")).to_be_visible()
    expect(page.locator(".figure").first).to_contain_text(str(site.leads))
    expect(page.locator(".chart canvas, .chart svg").first).to_be_visible()  # ECharts drew (vendored)
    page.wait_for_load_state("networkidle")
    _chinese(page)
    shoot(page, "home")


def test_data_admin_uploads_an_export_and_sees_it_imported(site: Site, open_page: Any) -> None:
    path, kind = site.upload
    page = open_page(DATA_ADMIN)
    page.goto("/data")
    _chinese(page)
    page.locator("input[type=file]").first.set_input_files(str(path))
    _set(page, kind, "kind")
    page.get_by_role("button", name=re.compile("上传|导入")).first.click()
    expect(page.locator("progress, [role=progressbar]").first).to_be_attached()
    expect(page.get_by_text("已完成").first).to_be_visible(timeout=120_000)
    expect(page.get_by_text(path.name).first).to_be_visible()
    expect(page.get_by_text(re.compile(r"\d+\s*行")).first).to_be_visible()
    page.wait_for_load_state("networkidle")
    shoot(page, "data")


def test_data_admin_runs_a_model_as_of_a_day(site: Site, open_page: Any) -> None:
    model_id, model_name = site.model
    page = open_page(DATA_ADMIN)
    page.goto("/models")
    expect(page.get_by_text(model_name).first).to_be_visible()
    _chinese(page)
    shoot(page, "models")
    page.goto(f"/models/{model_id}")
    expect(page.get_by_text(model_name).first).to_be_visible()
    _set(page, site.as_of.isoformat(), "as_of")
    page.get_by_role("button", name=re.compile("运行")).first.click()
    expect(page.get_by_text("已完成").first).to_be_visible(timeout=120_000)
    expect(page.get_by_text(re.compile(r"\d+\s*条")).first).to_be_visible()  # its leads
    page.wait_for_load_state("networkidle")
    shoot(page, "model")


def test_prosecutor_filters_the_leads_and_triages_one(
    site: Site, open_page: Any, flow: dict[str, Any]
) -> None:
    model_id, model_name = site.model
    page = open_page(PROSECUTOR)
    page.goto("/leads")
    expect(page.get_by_role("heading", name=re.compile("线索"))).to_contain_text(re.compile(r"共 \d+ 条"))
    expect(page.get_by_text(site.a_title).first).to_be_visible()
    _chinese(page)
    shoot(page, "leads")

    page.get_by_label("状态", exact=True).select_option("待研判")
    page.get_by_label("模型", exact=True).select_option(model_id)
    page.get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"state=%E5%BE%85%E7%A0%94%E5%88%A4.*model="))
    rows = page.locator("#lead-table tbody tr")
    expect(rows.first).to_contain_text(model_name)
    for row in rows.all():
        expect(row).to_contain_text("待研判")

    rows.first.locator("a").first.click()
    page.wait_for_url(re.compile(r"/leads/\d+$"))
    expect(page.locator("h1 .state")).to_have_text("待研判")
    _chinese(page)
    shoot(page, "lead")
    _move(page, "开始研判")
    expect(page.locator("h1 .state")).to_have_text("研判中")
    _move(page, "成案")
    expect(page.locator("h1 .state")).to_have_text("成案")
    flow["triaged"] = page.url


def test_prosecutor_opens_a_case(site: Site, open_page: Any, flow: dict[str, Any]) -> None:
    page = _resume(open_page, PROSECUTOR, flow, "triaged")
    page.get_by_role("button", name="立案", exact=True).first.click()
    page.wait_for_url(re.compile(r"/cases/\d+"))
    flow["case_number"] = _number(page, r"某检案〔\d{4}〕\d+号")
    flow["case_url"] = page.url
    _chinese(page)
    shoot(page, "case")
    page.goto("/cases")
    expect(page.get_by_text(flow["case_number"]).first).to_be_visible()
    _chinese(page)
    shoot(page, "cases")


def test_prosecutor_transfers_the_case_to_the_liaisons_organ(
    site: Site, open_page: Any, flow: dict[str, Any]
) -> None:
    page = _resume(open_page, PROSECUTOR, flow, "case_url")
    form = page.locator("form").filter(has=page.locator("[name='standard']")).first
    _set(form, site.organ, "target")
    _set(form, "《行政执法机关移送涉嫌犯罪案件的规定》", "standard")
    form.get_by_role("button", name=re.compile("移送")).first.click()
    page.wait_for_load_state("networkidle")
    flow["transfer_number"] = _number(page, r"某检移〔\d{4}〕\d+号")


def test_liaison_accepts_the_transfer_and_answers_it(
    site: Site, open_page: Any, flow: dict[str, Any]
) -> None:
    _need(flow, "transfer_number")
    page = open_page(LIAISON)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/transfers"))  # the liaison's home is their transfers
    mine = page.get_by_role("link", name=flow["transfer_number"])
    expect(mine).to_be_visible()
    _chinese(page)
    shoot(page, "transfers")
    mine.click()
    _move(page, "接收")
    expect(page.get_by_text("已接收").first).to_be_visible()
    _move(page, "反馈", text__feedback_text__feedback="已依法受理，立案调查")
    expect(page.get_by_text("已反馈").first).to_be_visible()
    expect(page.get_by_text("已依法受理，立案调查").first).to_be_visible()
    shoot(page, "transfer")
    flow["answered"] = True


def test_prosecutor_issues_a_recommendation_and_records_the_reply(
    site: Site, open_page: Any, flow: dict[str, Any]
) -> None:
    page = _resume(open_page, PROSECUTOR, flow, "case_url")
    form = page.locator("form").filter(has=page.locator("[name='addressee']"))
    if form.count() == 0:  # no draft form on the case page: the recommendations page has one
        page.goto("/recommendations")
        form = page.locator("form").filter(has=page.locator("[name='addressee']"))
    form = form.first
    _set(form, site.organ, "addressee")
    _set(form, "经查，涉案单位重大事故隐患逾期未复查，行政机关未依法履行监管职责。", "facts")
    _set(form, "依法履行监管职责，对所涉问题予以纠正\n建立健全长效机制", "measures")
    if _field(form, "legal_basis").count():
        _set(form, "《中华人民共和国人民检察院组织法》第二十一条", "legal_basis")
    form.locator("button[type=submit], button:not([type])").last.click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("草稿").first).to_be_visible()
    _move(page, "发出")
    issued = _number(page, r"某检行公建〔\d{4}〕\d+号")
    _move(page, "送达")
    expect(page.get_by_text("已送达").first).to_be_visible()
    _move(page, "回复", text__reply_text="已整改完毕，建立长效机制", rectification="已整改")
    expect(page.get_by_text("已回复").first).to_be_visible()
    _chinese(page)
    shoot(page, "recommendation")
    page.goto("/recommendations")
    expect(page.get_by_text(issued).first).to_be_visible()
    _chinese(page)
    shoot(page, "recommendations")

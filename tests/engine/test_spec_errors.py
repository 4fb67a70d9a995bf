"""Every validation failure names the model file, line and column, with a hint where one helps."""

from __future__ import annotations

from pathlib import Path

import pytest

from clueloop.engine.compiler import check_model
from clueloop.engine.spec import SpecError, parse_model

BASE = """\
id: user-model
name: 测试模型
parameters:
  grace_days: {type: integer, default: 30}
  items: {type: list, default: [打火机]}
from: {v: postal_violation}
where:
  - contains_any(v.禁寄物品名称, :items)
  - v.查获日期 <= add_days(:as_of, -:grace_days)
not_exists:
  - kind: public_security_penalty
    alias: p
    where: p.证件号码 = v.寄件人证件号码 AND p.决定日期 >= v.查获日期
lead:
  key: [v.寄件人证件号码]
  subject: {id: v.寄件人证件号码, name: v.寄件人姓名}
  title: "{v.寄件人姓名}未移送"
"""


def _error(text: str) -> SpecError:
    with pytest.raises(SpecError) as info:
        check_model(parse_model(text, Path("models/user.yaml")))
    return info.value


def _where(text: str, needle: str) -> tuple[int, int]:
    """1-based (line, column) of ``needle`` in ``text``."""
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def test_the_base_model_is_valid() -> None:
    check_model(parse_model(BASE, Path("models/user.yaml")))


@pytest.mark.parametrize(
    ("old", "new", "needle", "message", "hint"),
    [
        (
            "{v: postal_violation}",
            "{v: postal_violations}",
            "postal_violations",
            "未知的数据类型",
            "postal_violation",
        ),
        ("kind: public_security_penalty", "kind: public_security", "public_security", "未知的数据类型", None),
        (
            "p.证件号码 = v.寄件人证件号码",
            "p.证件号码 = w.寄件人证件号码",
            "w.寄件人证件号码",
            "未声明的别名“w”",
            "v",
        ),
        ("v.查获日期 <= add", "v.查获日 <= add", "v.查获日 ", "没有列“查获日”", "v.查获日期"),
        ("-:grace_days", "-:grace_day", ":grace_day)", "未声明的参数“:grace_day”", ":grace_days"),
        ("contains_any(", "contains_all(", "contains_all", "不允许的函数“contains_all”", "contains_any"),
        (
            "v.查获日期 <= add_days(:as_of, -:grace_days)",
            "v.查获日期 <= :grace_days",
            "v.查获日期 <= :grace",
            "类型不匹配",
            None,
        ),
        (
            "v.查获日期 <= add_days(:as_of, -:grace_days)",
            "v.查获日期 <= :as_of - 30",
            ":as_of - 30",
            "日期不能直接加减",
            "add_days",
        ),
        (
            'title: "{v.寄件人姓名}未移送"',
            'title: "{v.寄件人名}未移送"',
            "v.寄件人名}",
            "没有列“寄件人名”",
            "寄件人姓名",
        ),
    ],
)
def test_errors_point_at_file_line_and_column(
    old: str, new: str, needle: str, message: str, hint: str | None
) -> None:
    text = BASE.replace(old, new)
    assert text != BASE
    error = _error(text)
    assert error.path == Path("models/user.yaml")
    assert message in error.message
    if hint:
        assert error.hint is not None and hint in error.hint
    line, column = _where(text, needle)
    assert error.line == line
    assert error.column == column, (error.column, column, str(error))
    assert str(error).startswith(f"models/user.yaml:{line}:{column}: ")


def test_malformed_expression_points_where_parsing_stopped() -> None:
    text = BASE.replace("-:grace_days)", "-:grace_days")
    error = _error(text)
    assert "无法解析" in error.message
    line, column = _where(text, "v.查获日期 <= add")
    assert error.line == line and column < error.column <= column + len(
        "v.查获日期 <= add_days(:as_of, -:grace_days"
    )


def test_unknown_field_and_missing_field() -> None:
    error = _error(BASE.replace("where:\n", "wher:\n", 1))
    assert "不认识的字段“wher”" in error.message
    assert (error.line, error.column) == _where(BASE, "where:")
    error = _error(BASE.replace("name: 测试模型\n", ""))
    assert "缺少必填字段“name”" in error.message


def test_yaml_syntax_error_has_its_position() -> None:
    error = _error(BASE.replace("from: {v: postal_violation}", "from: {v: postal_violation"))
    assert "YAML" in error.message and error.line >= 6


def test_a_condition_must_be_boolean() -> None:
    error = _error(BASE.replace("  - contains_any(v.禁寄物品名称, :items)", "  - v.禁寄物品名称"))
    assert "条件" in error.message
    assert (error.line, error.column) == _where(BASE, "contains_any")


def test_aggregates_only_in_group_measures() -> None:
    error = _error(BASE.replace("  - contains_any(v.禁寄物品名称, :items)", "  - count(*) > 1"))
    assert "聚合函数" in error.message


def test_no_sql_can_be_smuggled_in() -> None:
    error = _error(
        BASE.replace("  - contains_any(v.禁寄物品名称, :items)", "  - v.禁寄物品名称 IN (SELECT 1)")
    )
    assert "不允许" in error.message
    error = _error(
        BASE.replace("  - contains_any(v.禁寄物品名称, :items)", "  - read_csv('/etc/passwd') IS NULL")
    )
    assert "不允许的函数" in error.message

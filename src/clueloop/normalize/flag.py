"""是/否 columns (是否重大隐患)."""

from __future__ import annotations

from clueloop.normalize._chars import FLAG_PLACEHOLDERS, ascii_lower, prepare
from clueloop.normalize._sql import Macro, in_list, let, lit, lower
from clueloop.normalize.result import Normalized, empty, invalid

YES = "是"
NO = "否"
# Compared after trimming, full-width folding and ASCII lower-casing.
YES_VALUES: tuple[str, ...] = ("是", "y", "yes", "true", "t", "1", "1.0", "√", "✓", "✔", "有", "对", "是的")
NO_VALUES: tuple[str, ...] = (
    "否",
    "n",
    "no",
    "false",
    "f",
    "0",
    "0.0",
    "×",
    "✗",
    "✘",
    "无",
    "無",
    "没有",
    "不是",
)


def normalize_flag(raw: str | None) -> Normalized[str]:
    s = prepare(raw, FLAG_PLACEHOLDERS)
    if s is None:
        return empty()
    s = ascii_lower(s)
    if s in YES_VALUES:
        return Normalized(YES)
    if s in NO_VALUES:
        return Normalized(NO)
    return invalid("format")


MACROS: tuple[Macro, ...] = (
    Macro(
        "cl_flag",
        ("r",),
        "cl__result("
        + let(
            "cl__prep_flag(r)",
            ("_flg", lower("_flg")),
            (
                "_flv",
                f"CASE WHEN _flv IS NULL THEN NULL WHEN _flv IN {in_list(YES_VALUES)} THEN {lit(YES)} "
                f"WHEN _flv IN {in_list(NO_VALUES)} THEN {lit(NO)} ELSE '!format' END",
            ),
        )
        + ")",
    ),
)

"""小区 names, grouped by DOMAIN.md model 7: 金都花园小区 = 金都花园 (花园, 苑, 新村 are part of the name)."""

from __future__ import annotations

import re

from clueloop.normalize.result import Normalized, empty
from clueloop.normalize.text import finish, one_line, text_lines, without_spaces

_TRAILING_XIAOQU_RE = re.compile("小区$", re.MULTILINE)


def community_lines(text: str) -> str:
    """No white space, then one trailing 小区 removed."""
    return _TRAILING_XIAOQU_RE.sub("", without_spaces(text))


def normalize_community(raw: str | None) -> Normalized[str]:
    return empty() if raw is None else finish(community_lines(text_lines(one_line(raw))))

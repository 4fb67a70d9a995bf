"""Helpers that generate the DuckDB macro text of the vectorised normalisers.

The macro bodies are static SQL generated from the same Python constants as the scalar functions; no
data value is ever spliced into them. What shapes them is DuckDB's execution model (measured on 2.0):

- A macro is expanded by substituting its arguments textually, so a parameter used twice evaluates the
  argument twice, nested macros grow exponentially, and planning time grows with the expanded size
  (about 0.1 ms per expression node). Intermediate values are named once with :func:`let`, a
  one-element list mapped by ``list_transform``; fragment builders such as :func:`fold` take a
  *variable* (a lambda variable or a field of one), never a computed expression.
- A lambda body is set up again for every 2048-row chunk, at a cost per expression node, and nested
  struct fields are copied whole; so lambda bodies stay small and read flat structs.
- Arithmetic runs two to three times faster outside a lambda. The common clean case (an ID of 18 clean
  characters, an ISO date, a plain number) therefore takes a short path at the top level, where DuckDB's
  common-subexpression optimiser shares repeated parts (see :func:`hoist`), and only the rest goes
  through lambdas.
"""

from __future__ import annotations

from typing import NamedTuple

from clueloop.normalize._chars import (
    ASCII_LOWER,
    ASCII_UPPER,
    BLANK,
    FLAG_PLACEHOLDERS,
    FULL_WIDTH,
    HALF_WIDTH,
    PLACEHOLDERS,
    char_class,
)


class Macro(NamedTuple):
    name: str
    params: tuple[str, ...]
    body: str

    def ddl(self) -> str:
        return f"CREATE OR REPLACE TEMP MACRO {self.name}({', '.join(self.params)}) AS {self.body}"


def lit(s: str) -> str:
    """A SQL string literal."""
    return "'" + s.replace("'", "''") + "'"


def rx(pattern: str) -> str:
    """A SQL literal holding ``pattern`` as RE2 text; invisible characters become ``\\x{…}`` escapes."""
    out = []
    for c in pattern:
        if not c.isprintable() or (c.isspace() and c != " "):
            out.append(f"\\x{{{ord(c):x}}}")
        else:
            out.append(c)
    return lit("".join(out))


def in_list(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(lit(v) for v in values) + ")"


def str_list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(lit(v) for v in values) + "]"


def let(value: str, *stages: tuple[str, str]) -> str:
    """``value`` evaluated once, then each ``(variable, body)`` stage applied to the previous result."""
    expr = f"[{value}]"
    for var, body in stages:
        expr = f"list_transform({expr}, lambda {var}: {body})"
    return f"{expr}[1]"


def hoist(*exprs: str) -> str:
    """A never-true condition naming ``exprs``; as a CASE's first WHEN it makes them eager.

    DuckDB's common-subexpression optimiser shares an expression used several times in a projection only
    if one use is evaluated eagerly (not inside a CASE branch). Used at the top of a SELECT list, a macro
    starting with ``CASE WHEN {hoist(e)} THEN NULL`` computes ``e`` once; elsewhere it is only slower.
    """
    return struct(**{f"h{i}": e for i, e in enumerate(exprs)}) + " IS NULL"


def struct(**fields: str) -> str:
    return "{" + ", ".join(f"'{name}': {expr}" for name, expr in fields.items()) + "}"


def result_struct(value: str, reason: str, kind: str | None = None) -> str:
    if kind is None:
        return struct(value=value, reason=reason)
    return struct(value=value, reason=reason, kind=kind)


# translate() and trim() with a character set take microseconds on non-ASCII text, so they only run on
# values that a (fast) regular expression shows they would change.
_FULL_WIDTH_CLASS = char_class(FULL_WIDTH)
_EDGE_BLANK = f"^{char_class(BLANK)}|{char_class(BLANK)}$"


def fold(v: str) -> str:
    """Mirrors _chars.fold_width."""
    return (
        f"CASE WHEN strlen({v}) = length({v}) THEN {v} WHEN regexp_matches({v}, {rx(_FULL_WIDTH_CLASS)}) "
        f"THEN translate({v}, {lit(FULL_WIDTH)}, {lit(HALF_WIDTH)}) ELSE {v} END"
    )


def upper(v: str) -> str:
    """ASCII letters only, like _chars.ascii_upper (upper() alone would also map ß, ﬀ…)."""
    return (
        f"CASE WHEN strlen({v}) = length({v}) THEN upper({v}) WHEN regexp_matches({v}, '[a-z]') "
        f"THEN translate({v}, {lit(ASCII_LOWER)}, {lit(ASCII_UPPER)}) ELSE {v} END"
    )


def lower(v: str) -> str:
    return (
        f"CASE WHEN strlen({v}) = length({v}) THEN lower({v}) WHEN regexp_matches({v}, '[A-Z]') "
        f"THEN translate({v}, {lit(ASCII_UPPER)}, {lit(ASCII_LOWER)}) ELSE {v} END"
    )


def nonempty(v: str, placeholders: tuple[str, ...] = PLACEHOLDERS) -> str:
    return f"CASE WHEN {v} IN {in_list(('', *placeholders))} THEN NULL ELSE {v} END"


def matches_or_format(v: str, pattern: str) -> str:
    """The '!'-encoded verdict of a value that is valid when ``pattern`` matches it whole."""
    matches = f"regexp_full_match({v}, {rx(pattern)})"
    return f"CASE WHEN {v} IS NULL THEN NULL WHEN {matches} THEN {v} ELSE '!format' END"


def valid_ymd_sql(y: str, m: str, d: str) -> str:
    """Mirrors dates.valid_ymd; the arguments are cheap arithmetic, so repeating them is fine."""
    return (
        f"({y} BETWEEN 1 AND 9999 AND {m} BETWEEN 1 AND 12 AND {d} BETWEEN 1 AND CASE WHEN {m} = 2 THEN "
        f"CASE WHEN ({y} % 4 = 0 AND {y} % 100 <> 0) OR {y} % 400 = 0 THEN 29 ELSE 28 END "
        f"WHEN {m} IN (4, 6, 9, 11) THEN 30 ELSE 31 END)"
    )


def trim_blank(v: str) -> str:
    """Mirrors str.strip(BLANK)."""
    return (
        f"CASE WHEN ascii({v}) BETWEEN 33 AND 126 AND ascii(right({v}, 1)) BETWEEN 33 AND 126 THEN {v} "
        f"WHEN regexp_matches({v}, {rx(_EDGE_BLANK)}) THEN trim({v}, {lit(BLANK)}) ELSE {v} END"
    )


def _prepare(r: str, placeholders: tuple[str, ...], prefix: str) -> str:
    # ASCII text that starts and ends visibly (nearly every value) has nothing to trim or fold.
    visible_ascii = (
        f"ascii({r}) BETWEEN 33 AND 126 AND ascii(right({r}, 1)) BETWEEN 33 AND 126 "
        f"AND strlen({r}) = length({r})"
    )
    general = let(
        r,
        (f"_{prefix}t", trim_blank(f"_{prefix}t")),
        (f"_{prefix}f", fold(f"_{prefix}f")),
        (f"_{prefix}n", nonempty(f"_{prefix}n", placeholders)),
    )
    return f"CASE WHEN {visible_ascii} THEN {nonempty(r, placeholders)} ELSE {general} END"


MACROS: tuple[Macro, ...] = (
    # Mirrors _chars.prepare: trimmed, folded, NULL for an empty cell or a placeholder.
    Macro("cl__prep", ("r",), _prepare("r", PLACEHOLDERS, "prep")),
    Macro("cl__prep_flag", ("r",), _prepare("r", FLAG_PLACEHOLDERS, "prepflag")),
    # A '!'-encoded verdict ('!reason', or the value; NULL when empty) as the role's result struct.
    Macro(
        "cl__result",
        ("e",),
        let(
            "e",
            (
                "_res",
                result_struct(
                    "CASE WHEN starts_with(_res, '!') THEN NULL ELSE _res END",
                    "CASE WHEN starts_with(_res, '!') THEN substr(_res, 2) END",
                ),
            ),
        ),
    ),
)

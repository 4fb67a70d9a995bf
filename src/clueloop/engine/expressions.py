"""The expression language of model files: a small, checked subset of SQL parsed by SQLGlot.

Allowed: columns written ``alias.列`` of declared aliases, parameters ``:name`` (and ``:as_of``), literals,
comparison, ``AND/OR/NOT``, ``IS [NOT] NULL``, ``BETWEEN``, ``IN``, ``CASE``, ``COALESCE``, arithmetic on
numbers, and the functions in :data:`FUNCTIONS`. Date arithmetic goes through ``add_days`` and
``days_between`` so that DuckDB and Spark mean the same thing. Anything else is refused with the file,
line and column, before any SQL runs.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

LogicalType = str  # "text" | "number" | "date" | "timestamp" | "boolean" | "list" | "null" | "any"

# Engine-neutral functions of the model language: name → (arity, description).
FUNCTIONS: dict[str, tuple[int | None, str]] = {
    "add_days": (2, "add_days(日期, 天数)：日期加减天数，结果为日期"),
    "days_between": (2, "days_between(起, 止)：两日期相差的天数（止 − 起）"),
    "to_date": (1, "to_date(时间)：取时间的日历日"),
    "contains": (2, "contains(文本, '词')：文本包含该词"),
    "contains_any": (2, "contains_any(文本, :列表参数)：文本包含列表中任一词"),
    "prefix": (2, "prefix(文本, n)：前 n 个字符"),
    "length": (1, "length(文本)：字符数"),
    "coalesce": (None, "coalesce(a, b, …)：第一个非空值"),
    "least": (None, "least(a, b, …)"),
    "greatest": (None, "greatest(a, b, …)"),
    "abs": (1, "abs(数)"),
    "count": (None, "count(*) / count(DISTINCT x)：分组计数（仅用于 group.measures）"),
    "min": (1, "min(x)：分组最小值（仅用于 group.measures）"),
    "max": (1, "max(x)：分组最大值（仅用于 group.measures）"),
    "sum": (1, "sum(x)：分组求和（仅用于 group.measures）"),
}
AGGREGATES = frozenset({"count", "min", "max", "sum"})

_ALLOWED_NODES: tuple[type[exp.Expr], ...] = (
    exp.And,
    exp.Or,
    exp.Not,
    exp.Paren,
    exp.EQ,
    exp.NEQ,
    exp.GT,
    exp.GTE,
    exp.LT,
    exp.LTE,
    exp.Is,
    exp.Null,
    exp.Boolean,
    exp.Literal,
    exp.Between,
    exp.In,
    exp.Case,
    exp.If,
    exp.Add,
    exp.Sub,
    exp.Mul,
    exp.Div,
    exp.Neg,
    exp.Column,
    exp.Identifier,
    exp.Placeholder,
    exp.Star,
    exp.Distinct,
    exp.Tuple,
)
_SQLGLOT_FUNCS: dict[type[exp.Expr], str] = {
    exp.Coalesce: "coalesce",
    exp.Least: "least",
    exp.Greatest: "greatest",
    exp.Abs: "abs",
    exp.Length: "length",
    exp.Count: "count",
    exp.Min: "min",
    exp.Max: "max",
    exp.Sum: "sum",
    exp.Contains: "contains",
}
_NUMERIC = {"number"}
_DATES = {"date", "timestamp"}


class ExpressionError(ValueError):
    def __init__(self, message: str, offset: int = 0, hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.offset, self.hint = message, offset, hint


@dataclass
class Scope:
    """What an expression may name: aliases with their columns' types, parameters, group measures."""

    aliases: dict[str, dict[str, LogicalType]]
    parameters: dict[str, LogicalType]
    measures: dict[str, LogicalType] = field(default_factory=dict)
    allow_aggregates: bool = False

    def child(self, alias: str, columns: dict[str, LogicalType]) -> Scope:
        return Scope({**self.aliases, alias: columns}, self.parameters, self.measures, self.allow_aggregates)


def duckdb_type(type_name: str) -> LogicalType:
    t = type_name.upper()
    if t in ("VARCHAR", "TEXT"):
        return "text"
    if t == "DATE":
        return "date"
    if t.startswith("TIMESTAMP"):
        return "timestamp"
    if t in ("DOUBLE", "BIGINT", "INTEGER", "DECIMAL", "FLOAT"):
        return "number"
    if t == "BOOLEAN":
        return "boolean"
    return "any"


def _offset(node: exp.Expr, text: str) -> int:
    """Character offset of the leftmost token of ``node`` in ``text`` (SQLGlot keeps offsets on tokens)."""
    found: list[int] = []
    for n in node.walk():
        start = n.meta.get("start") if hasattr(n, "meta") else None
        if isinstance(start, int):
            found.append(start)
        elif isinstance(n, exp.Placeholder):
            at = text.find(f":{n.name}")
            if at >= 0:
                found.append(at)
    return min(found, default=0)


def parse_expression(text: str) -> exp.Expr:
    try:
        parsed = sqlglot.parse_one(text, read="duckdb")
    except ParseError as exc:
        err = exc.errors[0] if exc.errors else {}
        offset = len(str(err.get("start_context", "")))
        raise ExpressionError(f"表达式无法解析：{err.get('description', exc)}", offset) from None
    except TokenError as exc:
        raise ExpressionError(f"表达式无法解析：{exc}", 0) from None
    if parsed is None:
        raise ExpressionError("表达式是空的", 0)
    return parsed


class Checker:
    """Checks one expression against a scope and infers its type."""

    def __init__(self, text: str, scope: Scope) -> None:
        self.text = text
        self.scope = scope

    def fail(self, node: exp.Expr, message: str, hint: str | None = None) -> ExpressionError:
        return ExpressionError(message, _offset(node, self.text), hint)

    def check(self, node: exp.Expr) -> LogicalType:
        fname = self._function_name(node)
        if fname is not None:
            return self._function(node, fname)
        if not isinstance(node, _ALLOWED_NODES):
            raise self.fail(
                node,
                f"不允许的表达式：{node.sql(dialect='duckdb')}",
                "只能使用列、参数、比较、逻辑运算与允许的函数",
            )
        if isinstance(node, exp.Column):
            return self._column(node)
        if isinstance(node, exp.Placeholder):
            return self._parameter(node)
        if isinstance(node, exp.Literal):
            return "text" if node.is_string else "number"
        if isinstance(node, exp.Null):
            return "null"
        if isinstance(node, exp.Boolean):
            return "boolean"
        if isinstance(node, exp.Star):
            return "any"
        if isinstance(node, exp.Paren):
            return self.check(node.this)
        if isinstance(node, exp.And | exp.Or):
            for side in (node.this, node.expression):
                self._expect(side, self.check(side), {"boolean"}, "逻辑运算的两边应是条件")
            return "boolean"
        if isinstance(node, exp.Not):
            self._expect(node.this, self.check(node.this), {"boolean"}, "NOT 后应是条件")
            return "boolean"
        if isinstance(node, exp.Is):
            self.check(node.this)
            return "boolean"
        if isinstance(node, exp.EQ | exp.NEQ | exp.GT | exp.GTE | exp.LT | exp.LTE):
            self._comparable(node, self.check(node.this), self.check(node.expression))
            return "boolean"
        if isinstance(node, exp.Between):
            t = self.check(node.this)
            self._comparable(node, t, self.check(node.args["low"]))
            self._comparable(node, t, self.check(node.args["high"]))
            return "boolean"
        if isinstance(node, exp.In):
            t = self.check(node.this)
            field = node.args.get("field")  # ``x IN :list`` keeps the list here
            for item in [*node.expressions, *([field] if isinstance(field, exp.Expr) else [])]:
                it = self.check(item)
                if it != "list":
                    self._comparable(node, t, it)
            return "boolean"
        if isinstance(node, exp.Case | exp.If):
            return self._case(node)
        if isinstance(node, exp.Neg):
            t = self.check(node.this)
            self._expect(node, t, _NUMERIC, "负号只能用于数")
            return "number"
        if isinstance(node, exp.Add | exp.Sub | exp.Mul | exp.Div):
            left, right = self.check(node.this), self.check(node.expression)
            if left in _DATES or right in _DATES:
                raise self.fail(
                    node,
                    "日期不能直接加减",
                    "用 add_days(日期, 天数) 或 days_between(起, 止)，DuckDB 与 Spark 含义一致",
                )
            self._expect(node.this, left, _NUMERIC, "算术运算只能用于数")
            self._expect(node.expression, right, _NUMERIC, "算术运算只能用于数")
            return "number"
        if isinstance(node, exp.Distinct | exp.Tuple):
            types = [self.check(e) for e in node.expressions]
            return types[0] if types else "any"
        raise self.fail(node, f"不允许的表达式：{node.sql(dialect='duckdb')}")

    def _expect(self, node: exp.Expr, got: LogicalType, allowed: set[str], message: str) -> None:
        if got not in allowed and got not in ("null", "any"):
            raise self.fail(node, f"类型不匹配：{message}（这里是 {_TYPE_ZH.get(got, got)}）")

    def _comparable(self, node: exp.Expr, a: LogicalType, b: LogicalType) -> None:
        if "null" in (a, b) or "any" in (a, b) or a == b:
            return
        if {a, b} <= _DATES:
            return
        raise self.fail(
            node,
            f"类型不匹配：不能比较{_TYPE_ZH.get(a, a)}与{_TYPE_ZH.get(b, b)}",
            "日期列与日期参数比较，数值列与数比较；日期时间可用 to_date() 取日",
        )

    def _case(self, node: exp.Expr) -> LogicalType:
        result: LogicalType = "null"
        if isinstance(node, exp.If):
            self.check(node.this)
            branches = [node.args.get("true"), node.args.get("false")]
        else:
            if node.this is not None:
                self.check(node.this)
            branches = []
            for when in node.args.get("ifs") or []:
                self.check(when.this)
                branches.append(when.args.get("true"))
            branches.append(node.args.get("default"))
        for b in branches:
            if b is None:
                continue
            t = self.check(b)
            if result == "null":
                result = t
        return result

    def _column(self, node: exp.Column) -> LogicalType:
        name = node.name
        alias = node.table
        if not alias:
            if name in self.scope.measures:
                return self.scope.measures[name]
            hint = "列名前写上来源别名，如 v.证件号码"
            if self.scope.measures:
                hint += f"；分组度量有：{'、'.join(self.scope.measures)}"
            raise self.fail(node, f"列“{name}”没有写来源别名", hint)
        if alias not in self.scope.aliases:
            close = difflib.get_close_matches(alias, list(self.scope.aliases), n=1)
            raise self.fail(
                node,
                f"未声明的别名“{alias}”",
                f"是否想写“{close[0]}”？" if close else f"已声明的别名：{'、'.join(self.scope.aliases)}",
            )
        columns = self.scope.aliases[alias]
        if name not in columns:
            close = difflib.get_close_matches(name, [c for c in columns if "__" not in c], n=1, cutoff=0.3)
            raise self.fail(
                node,
                f"别名“{alias}”的数据中没有列“{name}”",
                f"是否想写“{alias}.{close[0]}”？" if close else None,
            )
        return columns[name]

    def _parameter(self, node: exp.Placeholder) -> LogicalType:
        name = node.name
        if name not in self.scope.parameters:
            close = difflib.get_close_matches(name, list(self.scope.parameters), n=1)
            raise self.fail(
                node,
                f"未声明的参数“:{name}”",
                f"是否想写“:{close[0]}”？" if close else "在 parameters 中声明它",
            )
        return self.scope.parameters[name]

    @staticmethod
    def _function_name(node: exp.Expr) -> str | None:
        if isinstance(node, exp.Anonymous):
            return str(node.name).lower()
        for cls, name in _SQLGLOT_FUNCS.items():
            if type(node) is cls:
                return name
        if isinstance(node, exp.Func) and not isinstance(node, _ALLOWED_NODES):
            return node.sql_name().lower()
        return None

    def _function(self, node: exp.Expr, name: str) -> LogicalType:
        if name not in FUNCTIONS:
            close = difflib.get_close_matches(name, list(FUNCTIONS), n=1)
            raise self.fail(
                node,
                f"不允许的函数“{name}”",
                f"是否想写“{close[0]}”？" if close else f"可用函数：{'、'.join(FUNCTIONS)}",
            )
        if name in AGGREGATES and not self.scope.allow_aggregates:
            raise self.fail(node, f"聚合函数“{name}”只能用于 group.measures")
        args = _arguments(node)
        arity = FUNCTIONS[name][0]
        if arity is not None and len(args) != arity:
            raise self.fail(
                node, f"函数 {name} 需要 {arity} 个参数，这里有 {len(args)} 个", FUNCTIONS[name][1]
            )
        types = [self.check(a) for a in args]
        if name == "add_days":
            self._expect(args[0], types[0], _DATES, "add_days 的第一个参数应是日期")
            self._expect(args[1], types[1], _NUMERIC, "add_days 的第二个参数应是天数")
            return "date"
        if name == "days_between":
            for a, t in zip(args, types, strict=True):
                self._expect(a, t, _DATES, "days_between 的参数应是日期")
            return "number"
        if name == "to_date":
            self._expect(args[0], types[0], _DATES, "to_date 的参数应是日期或时间")
            return "date"
        if name in ("contains", "contains_any", "prefix", "length"):
            self._expect(args[0], types[0], {"text"}, f"{name} 的第一个参数应是文本")
            if name == "contains_any":
                self._expect(args[1], types[1], {"list"}, "contains_any 的第二个参数应是列表参数")
            if name == "contains":
                self._expect(args[1], types[1], {"text"}, "contains 的第二个参数应是文本")
            if name == "prefix":
                self._expect(args[1], types[1], _NUMERIC, "prefix 的第二个参数应是字符数")
            return "number" if name == "length" else ("text" if name == "prefix" else "boolean")
        if name == "count":
            return "number"
        if name == "sum" or name == "abs":
            self._expect(args[0], types[0], _NUMERIC, f"{name} 只能用于数")
            return "number"
        return next((t for t in types if t not in ("null", "any")), "any")


_TYPE_ZH = {
    "text": "文本",
    "number": "数",
    "date": "日期",
    "timestamp": "日期时间",
    "boolean": "条件",
    "list": "列表",
    "null": "空值",
}


def _arguments(node: exp.Expr) -> list[exp.Expr]:
    if isinstance(node, exp.Anonymous):
        return list(node.expressions)
    if isinstance(node, exp.Count):
        inner = node.this
        return [inner] if inner is not None else []
    args = [node.this] if node.this is not None else []
    if isinstance(node, exp.Contains):
        args.append(node.expression)
    args += list(node.expressions)
    return args


_EVERY_ALLOWED = (*_ALLOWED_NODES, *_SQLGLOT_FUNCS, exp.Anonymous, exp.If)


def check_expression(text: str, scope: Scope) -> tuple[exp.Expr, LogicalType]:
    """Parse and check ``text``; returns the AST and its type."""
    node = parse_expression(text)
    checker = Checker(text, scope)
    for n in node.walk():  # nothing outside the language hides anywhere (sub-queries, casts, …)
        if isinstance(n, exp.Func) and not isinstance(n, _EVERY_ALLOWED):
            raise checker.fail(
                n, f"不允许的函数“{n.sql_name().lower()}”", f"可用函数：{'、'.join(FUNCTIONS)}"
            )
        if not isinstance(n, _EVERY_ALLOWED):
            raise checker.fail(
                n,
                f"不允许的表达式：{n.sql(dialect='duckdb')}",
                "只能使用列、参数、比较、逻辑运算与允许的函数",
            )
    return node, checker.check(node)


# --- lowering: the checked language → engine-neutral SQLGlot ---------------------------------------


def lower(node: exp.Expr, parameters: Mapping[str, exp.Expr], table_alias: Callable[[str], str]) -> exp.Expr:
    """Replace parameters by literals and model functions by SQL every engine reads the same way."""

    def transform(n: exp.Expr) -> exp.Expr:
        if isinstance(n, exp.Placeholder):
            return parameters[n.name].copy()
        if isinstance(n, exp.Column) and n.table:
            return exp.column(n.name, table=table_alias(n.table), quoted=True)
        if isinstance(n, exp.In):
            items: list[exp.Expr] = []
            # ``x IN :list`` parses with the list in ``field``, ``x IN (:list)`` in ``expressions``.
            field = n.args.get("field")
            for item in [*n.expressions, *([field] if isinstance(field, exp.Expr) else [])]:
                if isinstance(item, exp.Array):
                    items += [e.copy() for e in item.expressions]
                else:
                    items.append(item)
            if not items:
                return exp.false()
            return exp.In(this=n.this, expressions=items)
        if isinstance(n, exp.Div) and not _nonzero_literal(n.expression):
            # x / 0 is NULL on Spark but ±inf or NaN on DuckDB for DOUBLE x: make it NULL on both.
            return exp.Div(
                this=n.this, expression=exp.Nullif(this=n.expression, expression=exp.Literal.number(0))
            )
        if isinstance(n, exp.Contains):
            return exp.GT(
                this=exp.StrPosition(this=n.this, substr=n.expression), expression=exp.Literal.number(0)
            )
        if not isinstance(n, exp.Anonymous):
            return n
        name = str(n.name).lower()
        args = list(n.expressions)
        if name == "add_days":
            added = exp.DateAdd(this=args[0], expression=_whole(args[1]), unit=exp.var("DAY"))
            return exp.cast(added, exp.DataType.build("DATE"))
        if name == "days_between":
            # Without a unit: Spark's two-argument DATEDIFF counts calendar days like DuckDB's
            # DATE_DIFF('DAY', …) also for timestamps; Spark's DATEDIFF(DAY, …) counts whole 24 hours.
            return exp.DateDiff(this=args[1], expression=args[0])
        if name == "to_date":
            return exp.cast(args[0], exp.DataType.build("DATE"))
        if name == "contains":
            return exp.GT(
                this=exp.StrPosition(this=args[0], substr=args[1]), expression=exp.Literal.number(0)
            )
        if name == "contains_any":
            words = args[1].expressions if isinstance(args[1], exp.Array) else []
            if not words:
                return exp.false()
            tests = [
                exp.GT(
                    this=exp.StrPosition(this=args[0].copy(), substr=w.copy()),
                    expression=exp.Literal.number(0),
                )
                for w in words
            ]
            return exp.paren(exp.or_(*tests))
        if name == "prefix":
            return exp.Substring(this=args[0], start=exp.Literal.number(1), length=_whole(args[1]))
        return n

    return _post_order(node.copy(), transform)


def _whole(n: exp.Expr) -> exp.Expr:
    """A number of days or characters as an INT, rounded down unless it is an integer literal.

    Spark's DATE_ADD refuses DOUBLE and DECIMAL days and DuckDB's SUBSTRING a DOUBLE length; a
    fractional count added as an interval on DuckDB lands on the day FLOOR gives.
    """
    literal = n.this if isinstance(n, exp.Neg) else n
    if isinstance(literal, exp.Literal) and literal.is_int:
        return n
    return exp.cast(exp.Floor(this=n), exp.DataType.build("INT"))


def _nonzero_literal(n: exp.Expr) -> bool:
    literal = n.this if isinstance(n, exp.Neg) else n
    return isinstance(literal, exp.Literal) and literal.is_number and float(literal.name) != 0


def _post_order(node: exp.Expr, fn: Callable[[exp.Expr], exp.Expr]) -> exp.Expr:
    """Rewrite children before their parent (SQLGlot's ``transform`` does not revisit replaced nodes)."""
    for key, value in list(node.args.items()):
        if isinstance(value, exp.Expr):
            node.set(key, _post_order(value, fn))
        elif isinstance(value, list):
            node.set(key, [_post_order(v, fn) if isinstance(v, exp.Expr) else v for v in value])
    return fn(node)

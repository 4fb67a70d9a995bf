"""Model file → checked model → one SQLGlot SELECT. Compiling opens no connection.

The compiled query returns one row per evidence combination::

    _k0 … _kN          the lead key (DOMAIN.md "Lead keys")
    _subject_id, _subject_name
    _t0 … _tM          the values the title template names
    _e0_batch, _e0_row, _e0_file, …   the lineage of each evidence alias's row

Rows are grouped into leads by key afterwards (:mod:`clueloop.engine.runner`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlglot import exp

from clueloop.catalog import UnknownKindError, get_kind
from clueloop.catalog.layout import kind_layout
from clueloop.engine.expressions import (
    ExpressionError,
    LogicalType,
    Scope,
    check_expression,
    duckdb_type,
    lower,
)
from clueloop.engine.spec import ModelFile, SpecError

TITLE_TEMPLATE = re.compile(r"\{([^{}]+)\}")  # {expression} placeholders of lead.title
GROUP_ALIAS = "g"
_PARAM_TYPES: dict[str, LogicalType] = {
    "integer": "number",
    "number": "number",
    "text": "text",
    "date": "date",
    "boolean": "boolean",
    "list": "list",
}


@dataclass(frozen=True)
class Evidence:
    alias: str
    kind: str


@dataclass
class CheckedModel:
    """A model whose every expression parsed and checked; the input of compilation."""

    file: ModelFile
    exprs: dict[tuple[str | int, ...], exp.Expr] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    title_parts: list[str] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)  # alias → kind (datasets only)

    @property
    def spec(self) -> Any:
        return self.file.spec


@dataclass(frozen=True)
class CompiledModel:
    model: CheckedModel
    select: exp.Select
    parameters: dict[str, Any]
    as_of: dt.date

    def sql(self, dialect: str = "duckdb", pretty: bool = True) -> str:
        return self.select.sql(dialect=dialect, pretty=pretty, identify=True)


def kind_columns(kind_name: str) -> dict[str, LogicalType]:
    return {name: duckdb_type(t) for name, t in kind_layout(get_kind(kind_name))}


def check_model(file: ModelFile) -> CheckedModel:
    """Check every reference and expression of a model; raise SpecError at the first problem."""
    spec = file.spec
    checked = CheckedModel(file)

    def fail(path: tuple[str | int, ...], exc: ExpressionError) -> SpecError:
        line, column = file.locate(path, exc.offset)
        return SpecError(file.path, line, column, exc.message, exc.hint)

    def kind_of(path: tuple[str | int, ...], name: str) -> dict[str, LogicalType]:
        try:
            return kind_columns(name)
        except UnknownKindError as exc:
            pos = file.position(path)
            raise SpecError(file.path, pos.line, pos.column, str(exc), _close_kind(name)) from None

    params: dict[str, LogicalType] = {"as_of": "date"}
    tables: dict[str, dict[str, LogicalType]] = {}
    for name, p in spec.parameters.items():
        if p.type == "table":
            if not p.columns:
                pos = file.position(("parameters", name))
                raise SpecError(file.path, pos.line, pos.column, f"表参数“{name}”需要声明 columns")
            tables[name] = {c: _PARAM_TYPES.get(t, "number") for c, t in p.columns.items()}
        else:
            params[name] = _PARAM_TYPES[p.type]
    if len(spec.from_) != 1:
        pos = file.position(("from",))
        raise SpecError(
            file.path, pos.line, pos.column, "from 只能声明一个主数据源，如 {v: postal_violation}"
        )
    aliases: dict[str, dict[str, LogicalType]] = {}
    for alias, kind in spec.from_.items():
        aliases[alias] = kind_of(("from", alias), kind)
        checked.kinds[alias] = kind
    for i, join in enumerate(spec.joins):
        path: tuple[str | int, ...] = ("joins", i)
        if (join.kind is None) == (join.table is None):
            pos = file.position(path)
            raise SpecError(
                file.path, pos.line, pos.column, "join 需要 kind（数据类型）或 table（表参数）之一"
            )
        if join.alias in aliases:
            pos = file.position((*path, "alias"))
            raise SpecError(file.path, pos.line, pos.column, f"别名“{join.alias}”重复")
        if join.kind is not None:
            aliases[join.alias] = kind_of((*path, "kind"), join.kind)
            checked.kinds[join.alias] = join.kind
        else:
            assert join.table is not None
            if join.table not in tables:
                pos = file.position((*path, "table"))
                raise SpecError(file.path, pos.line, pos.column, f"未声明的表参数“{join.table}”")
            aliases[join.alias] = tables[join.table]
    row_scope = Scope(dict(aliases), params)

    def check(path: tuple[str | int, ...], text: str, scope: Scope, want: set[str] | None = None) -> exp.Expr:
        try:
            node, typ = check_expression(text, scope)
        except ExpressionError as exc:
            raise fail(path, exc) from None
        if want is not None and typ not in want and typ not in ("any", "null"):
            raise fail(path, ExpressionError(f"这里应是条件（真/假），而表达式的类型是 {typ}", 0))
        checked.exprs[path] = node
        return node

    boolean = {"boolean"}
    for i, join in enumerate(spec.joins):
        check(("joins", i, "on"), join.on, row_scope, boolean)
    for i, text in enumerate(spec.where):
        check(("where", i), text, row_scope, boolean)
    for section in ("exists", "not_exists"):
        for i, sup in enumerate(getattr(spec, section)):
            _check_suppressor(file, (section, i), sup, row_scope, check, kind_of)
    final_scope = row_scope
    if spec.group is not None:
        group_scope = Scope(dict(aliases), params, allow_aggregates=True)
        measures: dict[str, LogicalType] = {}
        for name, text in spec.group.by.items():
            check(("group", "by", name), text, row_scope)
            measures[name] = _type_of(text, row_scope)
        for name, text in spec.group.measures.items():
            check(("group", "measures", name), text, group_scope)
            measures[name] = _type_of(text, group_scope)
        final_scope = Scope({}, params, measures)
        for i, text in enumerate(spec.group.having):
            check(("group", "having", i), text, final_scope, boolean)
        for section in ("exists", "not_exists"):
            for i, sup in enumerate(getattr(spec.group, section)):
                _check_suppressor(file, ("group", section, i), sup, final_scope, check, kind_of)
    lead = spec.lead
    for i, text in enumerate(lead.key):
        check(("lead", "key", i), text, final_scope)
    for part in ("id", "name"):
        text = getattr(lead.subject, part)
        if text:
            check(("lead", "subject", part), text, final_scope)
    for i, m in enumerate(TITLE_TEMPLATE.finditer(lead.title)):
        checked.title_parts.append(m.group(1))
        try:
            node, _ = check_expression(m.group(1), final_scope)
        except ExpressionError as exc:
            line, column = file.locate(("lead", "title"), m.start(1) + exc.offset)
            raise SpecError(file.path, line, column, exc.message, exc.hint) from None
        checked.exprs[("lead", "title", i)] = node
    evidence = lead.evidence if lead.evidence is not None else list(checked.kinds)
    for i, alias in enumerate(evidence):
        if alias not in checked.kinds:
            pos = file.position(("lead", "evidence", i))
            raise SpecError(
                file.path, pos.line, pos.column, f"证据别名“{alias}”不是 from 或 joins 中的数据源"
            )
        checked.evidence.append(Evidence(alias, checked.kinds[alias]))
    return checked


def _type_of(text: str, scope: Scope) -> LogicalType:
    return check_expression(text, scope)[1]


def _check_suppressor(
    file: ModelFile,
    path: tuple[str | int, ...],
    sup: Any,
    scope: Scope,
    check: Any,
    kind_of: Any,
) -> None:
    if sup.alias in scope.aliases:
        pos = file.position((*path, "alias"))
        raise SpecError(file.path, pos.line, pos.column, f"别名“{sup.alias}”与外层别名重复")
    inner = scope.child(sup.alias, kind_of((*path, "kind"), sup.kind))
    check((*path, "where"), sup.where, inner, {"boolean"})
    if sup.when is not None:
        check((*path, "when"), sup.when, scope, {"boolean"})


def _close_kind(name: str) -> str | None:
    import difflib

    from clueloop.catalog import kind_names

    close = difflib.get_close_matches(name, kind_names(), n=1)
    return f"是否想写“{close[0]}”？" if close else None


# --- parameters ----------------------------------------------------------------------------------


class ParameterError(ValueError):
    pass


def resolve_parameters(checked: CheckedModel, overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Defaults of the model file with the user's overrides, converted to each parameter's type."""
    spec = checked.spec
    unknown = set(overrides) - set(spec.parameters)
    if unknown:
        raise ParameterError(
            f"模型 {spec.id} 没有参数 {'、'.join(sorted(unknown))}；"
            f"参数有：{'、'.join(spec.parameters) or '（无）'}"
        )
    values = {}
    for name, p in spec.parameters.items():
        raw = overrides.get(name, p.default)
        values[name] = _convert(spec.id, name, p.type, raw)
    return values


def _convert(model: str, name: str, typ: str, raw: Any) -> Any:
    try:
        if raw is None:
            return None
        if typ == "integer":
            return int(raw)
        if typ == "number":
            return float(raw)
        if typ == "text":
            return str(raw)
        if typ == "boolean":
            return raw if isinstance(raw, bool) else str(raw).lower() in ("1", "true", "yes", "是")
        if typ == "date":
            return raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw))
        if typ == "list":
            if isinstance(raw, str):
                raw = [w.strip() for w in re.split(r"[,，、]", raw) if w.strip()]
            return [str(w) for w in raw]
        if typ == "table":
            if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
                raise ValueError("表参数应是行的列表")
            return raw
    except (TypeError, ValueError) as exc:
        raise ParameterError(f"参数 {model}.{name} 的值 {raw!r} 不是{typ}：{exc}") from None
    raise ParameterError(f"参数 {model}.{name} 的类型 {typ} 未知")


def _literal(value: Any) -> exp.Expr:
    if value is None:
        return exp.null()
    if isinstance(value, bool):
        return exp.true() if value else exp.false()
    if isinstance(value, int | float):
        return exp.Literal.number(value)
    if isinstance(value, dt.date):
        return exp.cast(exp.Literal.string(value.isoformat()), exp.DataType.build("DATE"))
    if isinstance(value, list):
        return exp.Array(expressions=[_literal(v) for v in value])
    return exp.Literal.string(str(value))


# --- compilation ----------------------------------------------------------------------------------


def compile_model(checked: CheckedModel, parameters: Mapping[str, Any], as_of: dt.date) -> CompiledModel:
    spec = checked.spec
    literals = {name: _literal(v) for name, v in parameters.items() if spec.parameters[name].type != "table"}
    literals["as_of"] = _literal(as_of)

    def row(path: tuple[str | int, ...]) -> exp.Expr:
        return lower(checked.exprs[path], literals, lambda a: a)

    ((alias, kind),) = spec.from_.items()
    select = exp.select().from_(_table(kind, alias))
    for i, join in enumerate(spec.joins):
        if join.kind is not None:
            source: exp.Expr = exp.to_table(
                join.kind, alias=exp.to_identifier(join.alias, quoted=True), quoted=True
            )
        else:
            source = _values(spec.parameters[join.table], parameters[join.table], join.alias)
        select = select.join(source, on=row(("joins", i, "on")), join_type="inner")
    conditions = [row(("where", i)) for i in range(len(spec.where))]
    conditions += _suppressors(checked, (), literals, lambda a: a)
    if conditions:
        select = select.where(exp.and_(*conditions))
    lineage = []
    for i, ev in enumerate(checked.evidence):
        for col, suffix in (("_batch_id", "batch"), ("_source_row", "row"), ("_source_file", "file")):
            lineage.append((exp.column(col, table=ev.alias, quoted=True), f"_e{i}_{suffix}"))

    outputs: list[tuple[exp.Expr, str]] = []
    if spec.group is None:
        final_expr = row
        base = select
    else:
        partition = [row(("group", "by", name)) for name in spec.group.by]
        cols: list[exp.Expr] = [
            exp.alias_(e.copy(), name, quoted=True) for e, name in zip(partition, spec.group.by, strict=True)
        ]
        for name in spec.group.measures:
            agg = row(("group", "measures", name))
            window = _window(agg, partition)
            cols.append(exp.alias_(window, name, quoted=True))
        cols += [exp.alias_(e, name, quoted=True) for e, name in lineage]
        grouped = select.select(*cols)
        lineage = [(exp.column(name, table=GROUP_ALIAS, quoted=True), name) for _, name in lineage]

        def final_expr(path: tuple[str | int, ...]) -> exp.Expr:
            node = checked.exprs[path]
            return lower(
                _qualify_measures(node, set(spec.group.by) | set(spec.group.measures)), literals, lambda a: a
            )

        base = exp.select().from_(grouped.subquery(GROUP_ALIAS))
        having = [final_expr(("group", "having", i)) for i in range(len(spec.group.having))]
        having += _suppressors(checked, ("group",), literals, lambda a: a)
        if having:
            base = base.where(exp.and_(*having))
    for i in range(len(spec.lead.key)):
        outputs.append((final_expr(("lead", "key", i)), f"_k{i}"))
    for part in ("id", "name"):
        if getattr(spec.lead.subject, part):
            outputs.append((final_expr(("lead", "subject", part)), f"_subject_{part}"))
    for i in range(len(checked.title_parts)):
        outputs.append((final_expr(("lead", "title", i)), f"_t{i}"))
    outputs += lineage
    final = base.select(*[exp.alias_(e, name, quoted=True) for e, name in outputs])
    order = [exp.column(name, quoted=True) for _, name in outputs if name.startswith(("_k", "_e"))]
    final = final.order_by(*order)
    return CompiledModel(checked, final, dict(parameters), as_of)


def _table(kind: str, alias: str) -> exp.Table:
    return exp.to_table(kind, alias=exp.to_identifier(alias, quoted=True), quoted=True)


def _window(agg: exp.Expr, partition: list[exp.Expr]) -> exp.Expr:
    """An aggregate over the group's partition. Spark has no DISTINCT window aggregates, so
    ``count(DISTINCT x)`` becomes the size of the set of x (the same count on every engine)."""
    by = [p.copy() for p in partition]
    if isinstance(agg, exp.Count) and isinstance(agg.this, exp.Distinct):
        values = agg.this.expressions[0].copy()
        return exp.ArraySize(this=exp.Window(this=exp.ArrayUniqueAgg(this=values), partition_by=by))
    return exp.Window(this=agg, partition_by=by)


def _qualify_measures(node: exp.Expr, names: set[str]) -> exp.Expr:
    """Unqualified group names and measures become columns of the grouped relation ``g``."""

    def fix(n: exp.Expr) -> exp.Expr:
        if isinstance(n, exp.Column) and not n.table and n.name in names:
            return exp.column(n.name, table=GROUP_ALIAS, quoted=True)
        return n

    return node.copy().transform(fix)


def _suppressors(
    checked: CheckedModel, prefix: tuple[str, ...], literals: Mapping[str, exp.Expr], alias: Any
) -> list[exp.Expr]:
    owner = checked.spec if not prefix else checked.spec.group
    out: list[exp.Expr] = []
    for section, negate in (("exists", False), ("not_exists", True)):
        for i, sup in enumerate(getattr(owner, section)):
            node = checked.exprs[(*prefix, section, i, "where")]
            names = set(checked.spec.group.by) | set(checked.spec.group.measures) if prefix else set()
            if prefix:
                node = _qualify_measures(node, names)
            where = lower(node, literals, alias)
            sub = exp.select(exp.Literal.number(1)).from_(_table(sup.kind, sup.alias)).where(where)
            test: exp.Expr = exp.Exists(this=sub)
            if sup.when is not None:  # NOT (coalesce(when, TRUE) AND EXISTS …): unknown → the test applies
                when = checked.exprs[(*prefix, section, i, "when")]
                if prefix:
                    when = _qualify_measures(when, names)
                applies = exp.func("coalesce", lower(when, literals, alias), exp.true())
                test = exp.and_(applies, test)
                out.append(
                    exp.Not(this=exp.paren(test)) if negate else exp.or_(exp.paren(applies).not_(), test)
                )
                continue
            out.append(exp.Not(this=test) if negate else test)
    return out


def _values(param: Any, rows: list[dict[str, Any]], alias: str) -> exp.Expr:
    columns = list(param.columns)
    tuples = []
    for r in rows:
        cells = []
        for c in columns:
            value = r.get(c)
            if param.columns[c] == "date" and value is not None and not isinstance(value, dt.date):
                value = dt.date.fromisoformat(str(value))
            if param.columns[c] in ("number", "integer") and value is not None:
                value = float(value)
            cells.append(_literal(value))
        tuples.append(exp.Tuple(expressions=cells))
    return exp.Values(
        expressions=tuples,
        alias=exp.TableAlias(
            this=exp.to_identifier(alias, quoted=True),
            columns=[exp.to_identifier(c, quoted=True) for c in columns],
        ),
    )

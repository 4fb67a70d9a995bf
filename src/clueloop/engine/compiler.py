"""Model file → checked model → one SQLGlot SELECT. Compiling opens no connection.

The compiled query returns one row per evidence combination::

    _k0 … _kN          the lead key (DOMAIN.md "Lead keys")
    _subject_id, _subject_name
    _t0 … _tM          the values the title template names
    _e0_batch, _e0_row, _e0_file, …   the lineage of each evidence alias's row
    _e0_v0 … _e0_vK    the values of that row (the kind's columns, in catalog order)

Rows are grouped into leads by key afterwards (:mod:`clueloop.engine.runner`); the evidence values
come with the rows, so building leads needs no second scan of the lake.

Two rewrites keep every join a hash join on DuckDB and Spark (an engine runs a join or correlated
sub-query whose condition has no plain equality as a nested loop, rows × rows):

- a join whose condition is a disjunction of equalities (``s.a = d.id OR s.b = d.id``) becomes a
  UNION ALL of one equi-join per disjunct, each excluding the rows an earlier disjunct already gave;
- the HAVING conditions and the sub-queries of ``group`` are tested once per group, on the distinct
  groups, and the group's rows are kept by a null-safe equi-join on the group columns.
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
_KEPT_ALIAS = "k"  # the distinct groups that pass HAVING and the group's sub-queries
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
    columns: tuple[str, ...] = ()  # the kind's columns: each evidence row's values


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
    select: exp.Query
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
        kind = checked.kinds[alias]
        checked.evidence.append(Evidence(alias, kind, tuple(c.name for c in get_kind(kind).columns)))
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
    conditions = [row(("where", i)) for i in range(len(spec.where))]
    conditions += _suppressors(checked, (), literals, lambda a: a)

    def source(ons: list[exp.Expr]) -> exp.Select:
        """The rows: the main dataset, its joins on ``ons``, the row conditions."""
        select = exp.select().from_(_table(kind, alias))
        for join, on in zip(spec.joins, ons, strict=True):
            if join.kind is not None:
                joined: exp.Expr = _table(join.kind, join.alias)
            else:
                joined = _values(spec.parameters[join.table], parameters[join.table], join.alias)
            select = select.join(joined, on=on, join_type="inner")
        return select.where(exp.and_(*conditions)) if conditions else select

    lineage: list[tuple[exp.Expr, str]] = []
    order: list[str] = []  # the lineage names: rows come out ordered by key, then lineage
    for i, ev in enumerate(checked.evidence):
        for col, suffix in (("_batch_id", "batch"), ("_source_row", "row"), ("_source_file", "file")):
            lineage.append((exp.column(col, table=ev.alias, quoted=True), f"_e{i}_{suffix}"))
            order.append(f"_e{i}_{suffix}")
        for j, name in enumerate(ev.columns):
            lineage.append((exp.column(name, table=ev.alias, quoted=True), f"_e{i}_v{j}"))

    ons = [row(("joins", i, "on")) for i in range(len(spec.joins))]
    if spec.group is None:
        outputs = _lead_outputs(checked, row) + lineage
        columns = [exp.alias_(e, name, quoted=True) for e, name in outputs]
        branches = [
            source(variant).select(*[c.copy() for c in columns]) for variant in _equi_joins(spec, ons)
        ]
        query: exp.Query = branches[0] if len(branches) == 1 else exp.union(*branches, distinct=False)
    else:
        query = _grouped(checked, source(ons), lineage, literals)
    keys = [f"_k{i}" for i in range(len(spec.lead.key))]
    query = query.order_by(*[exp.column(name, quoted=True) for name in keys + order])
    return CompiledModel(checked, query, dict(parameters), as_of)


def _lead_outputs(checked: CheckedModel, value: Any) -> list[tuple[exp.Expr, str]]:
    """Key, subject and title values, each expression lowered by ``value(path)``."""
    spec = checked.spec
    outputs = [(value(("lead", "key", i)), f"_k{i}") for i in range(len(spec.lead.key))]
    for part in ("id", "name"):
        if getattr(spec.lead.subject, part):
            outputs.append((value(("lead", "subject", part)), f"_subject_{part}"))
    outputs += [(value(("lead", "title", i)), f"_t{i}") for i in range(len(checked.title_parts))]
    return outputs


def _grouped(
    checked: CheckedModel,
    rows: exp.Select,
    lineage: list[tuple[exp.Expr, str]],
    literals: Mapping[str, exp.Expr],
) -> exp.Select:
    """Rows with their group's columns and measures (windows over the group), kept when the group
    passes HAVING and the group's sub-queries. Those are tested on the distinct groups (relation
    ``k``), not on every row: a sub-query without an equality costs groups × rows, not rows × rows."""
    spec = checked.spec
    group = spec.group
    names = set(group.by) | set(group.measures)

    def row(path: tuple[str | int, ...]) -> exp.Expr:
        return lower(checked.exprs[path], literals, lambda a: a)

    def final(path: tuple[str | int, ...]) -> exp.Expr:
        return lower(_qualify_measures(checked.exprs[path], names), literals, lambda a: a)

    partition = [row(("group", "by", name)) for name in group.by]
    cols: list[exp.Expr] = [
        exp.alias_(e.copy(), name, quoted=True) for e, name in zip(partition, group.by, strict=True)
    ]
    for name in group.measures:
        cols.append(exp.alias_(_window(row(("group", "measures", name)), partition), name, quoted=True))
    cols += [exp.alias_(e, name, quoted=True) for e, name in lineage]
    grouped = rows.select(*cols)
    passed = [final(("group", "having", i)) for i in range(len(group.having))]
    passed += _suppressors(checked, ("group",), literals, lambda a: a)
    outputs = _lead_outputs(checked, final)
    outputs += [(exp.column(name, table=GROUP_ALIAS, quoted=True), name) for _, name in lineage]
    base = exp.select(*[exp.alias_(e, name, quoted=True) for e, name in outputs]).from_(
        exp.to_table(GROUP_ALIAS, alias=exp.to_identifier(GROUP_ALIAS, quoted=True), quoted=True)
    )
    if passed:
        groups = (
            exp.select(
                *[exp.column(name, table=GROUP_ALIAS, quoted=True) for name in [*group.by, *group.measures]]
            )
            .distinct()
            .from_(exp.to_table(GROUP_ALIAS, alias=exp.to_identifier(GROUP_ALIAS, quoted=True), quoted=True))
            .where(exp.and_(*passed))
        )
        same = [
            exp.NullSafeEQ(
                this=exp.column(name, table=GROUP_ALIAS, quoted=True),
                expression=exp.column(name, table=_KEPT_ALIAS, quoted=True),
            )
            for name in group.by
        ]
        base = base.join(groups.subquery(_KEPT_ALIAS), on=exp.and_(*same), join_type="inner")
    return base.with_(exp.to_identifier(GROUP_ALIAS, quoted=True), as_=grouped)


def _equi_joins(spec: Any, ons: list[exp.Expr]) -> list[list[exp.Expr]]:
    """The join conditions as one or more variants whose rows together are the rows of ``ons``.

    The first condition with a conjunct ``A OR B OR …`` whose every disjunct equates a column of the
    joined alias with columns of the others is split: variant k joins on the other conjuncts, the k-th
    disjunct, and NOT COALESCE(earlier disjunct, FALSE) for each earlier one (a row both match comes once).
    """
    for i, (join, on) in enumerate(zip(spec.joins, ons, strict=True)):
        conjuncts = _operands(on, exp.And)
        for j, conjunct in enumerate(conjuncts):
            disjuncts = _operands(conjunct, exp.Or)
            if len(disjuncts) < 2 or not all(_equates(d, join.alias) for d in disjuncts):
                continue
            variants = []
            for k, disjunct in enumerate(disjuncts):
                earlier = [exp.not_(exp.func("coalesce", d.copy(), exp.false())) for d in disjuncts[:k]]
                others = [c.copy() for n, c in enumerate(conjuncts) if n != j]
                variants.append([*ons[:i], exp.and_(*others, disjunct.copy(), *earlier), *ons[i + 1 :]])
            return variants
    return [ons]


def _operands(node: exp.Expr, connector: type[exp.Connector]) -> list[exp.Expr]:
    """The operands of a chain of AND (or OR), through parentheses."""
    node = node.unnest()
    if isinstance(node, connector):
        return _operands(node.this, connector) + _operands(node.expression, connector)
    return [node]


def _equates(node: exp.Expr, alias: str) -> bool:
    """Whether a conjunct of ``node`` is ``alias.x = <columns of other aliases only>`` (a hash key)."""
    for conjunct in _operands(node, exp.And):
        if not isinstance(conjunct, exp.EQ):
            continue
        sides = [
            {c.table for c in side.find_all(exp.Column)} for side in (conjunct.this, conjunct.expression)
        ]
        for mine, theirs in (sides, sides[::-1]):
            if mine == {alias} and theirs and alias not in theirs:
                return True
    return False


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

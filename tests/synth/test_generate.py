"""The generator itself: deterministic, every kind in agency formats, dirt that is harmless unless planted,
vocabularies that agree with the models, noise that grows with scale while the truth does not."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from clueloop.catalog import Role, load_kinds
from clueloop.cli import app
from clueloop.engine.library import load_library
from clueloop.ingest.lake import Lake
from clueloop.normalize import (
    normalize_amount,
    normalize_code,
    normalize_community,
    normalize_date,
    normalize_datetime,
    normalize_enum,
    normalize_flag,
    normalize_person_id,
    normalize_person_name,
    normalize_region,
    normalize_uscc,
)
from clueloop.synth import words
from clueloop.synth.dirt import (
    AMOUNT_STYLES,
    DATE_STYLES,
    DATETIME_STYLES,
    Dirt,
    amount_text,
    date_text,
    datetime_text,
    fifteen,
    wrong_check,
)
from clueloop.synth.generate import MANIFEST, TRUTH, generate
from clueloop.synth.people import Population
from tests.synth.pipeline import AS_OF, SEEDS, SynthRun


def _defaults(model: str, parameter: str) -> Any:
    return load_library(strict=True).get(model).spec.parameters[parameter].default


# --- the files -------------------------------------------------------------------------------------


def test_same_seed_same_exports(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", seed=5, scale=0, as_of=AS_OF)
    second = generate(tmp_path / "b", seed=5, scale=0, as_of=AS_OF)
    for name in (MANIFEST, TRUTH):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    for f in first.files:
        if f.format != "xlsx":  # XLSX carries its creation time
            assert (tmp_path / "a" / f.file).read_bytes() == (tmp_path / "b" / f.file).read_bytes()
    assert [f.file for f in first.files] == [f.file for f in second.files]


def test_every_kind_is_exported_and_listed(run: SynthRun) -> None:
    manifest = json.loads((run.exports / MANIFEST).read_text(encoding="utf-8"))
    assert {f["kind"] for f in manifest["files"]} == set(load_kinds())
    for entry in manifest["files"]:
        assert (run.exports / entry["file"]).is_file()
    assert sum(f["rows"] for f in manifest["files"]) == sum(manifest["rows"].values())
    lake = Lake(run.home)
    assert {b.kind: 0 for b in lake.batches()}.keys() == set(load_kinds())
    assert sum(b.rows for b in lake.batches()) == sum(manifest["rows"].values())  # no row lost on the way


def test_exports_mix_formats_encodings_and_headers(synth_run: Callable[[int], SynthRun]) -> None:
    files = [f for seed in SEEDS for f in synth_run(seed).result.files]
    assert {f.format for f in files} == {"csv", "xlsx", "jsonl"}
    assert {f.encoding for f in files if f.format == "csv"} == {"utf-8", "utf-8-sig", "gb18030"}
    assert {f.headers for f in files} == {"canonical", "synonyms", "mixed"}
    assert any(f.title_row for f in files)
    assert any(f.kind == other.kind and f is not other for f in files for other in files)  # kinds split


def test_dirt_survives_into_the_lake(synth_run: Callable[[int], SynthRun]) -> None:
    """The raw text the lake keeps shows every kind of dirt DOMAIN.md lists (over the three seeds)."""
    cons = [Lake(synth_run(seed).home).connect() for seed in SEEDS]

    def count(pairs: tuple[tuple[str, str], ...], condition: str) -> int:
        total = 0
        for kind, column in pairs:
            sql = f'SELECT count(*) FROM "{kind}" WHERE ' + condition.replace("{c}", f'"{column}__raw"')
            total += sum(int(con.sql(sql).fetchall()[0][0]) for con in cons)
        return total

    ids = (
        ("postal_violation", "寄件人证件号码"),
        ("traffic_violation", "驾驶人证件号码"),
        ("driver_license", "证件号码"),
        ("public_security_penalty", "证件号码"),
        ("student_enrollment", "监护人一证件号码"),
    )
    amounts = (("admin_penalty", "罚款金额"), ("admin_penalty", "涉案金额"), ("sales_invoice", "金额"))
    dates = (
        ("admin_penalty", "处罚决定日期"),
        ("postal_violation", "查获日期"),
        ("driver_license", "初次领证日期"),
    )
    moments = (("hotline_ticket", "来电时间"), ("traffic_violation", "违法时间"))
    try:
        assert count(ids, "length(trim({c})) = 15") > 0  # old 15-digit numbers
        for pattern in ("%x", "%０%", "% %"):  # lower-case x, full-width digits, spaces
            assert count(ids, f"{{c}} LIKE '{pattern}'") > 0, pattern
        assert count((("driver_license", "有效期止"), ("business_license", "有效期止")), "{c} = '长期'") > 0
        for pattern in ("%万元", "%,%", "¥%"):
            assert count(amounts, f"{{c}} LIKE '{pattern}'") > 0, pattern
        for pattern in (
            "^\\d{4}年\\d{1,2}月\\d{1,2}日$",
            "^\\d{4}/\\d{1,2}/\\d{1,2}$",
            "^\\d{8}$",
            "^\\d{5}$",
        ):
            assert count(dates, f"regexp_matches({{c}}, '{pattern}')") > 0, pattern
        for pattern in ("%时%分", "%T%", "_____.%"):  # 8时30分, ISO with T, Excel serial with time of day
            assert count(moments, f"{{c}} LIKE '{pattern}'") > 0, pattern
        assert count((("hotline_ticket", "所属小区"),), "{c} LIKE '%小区%'") > 0
        invalid = count((("traffic_violation", "驾驶人证件号码"),), "NOT 驾驶人证件号码__ok")
        assert invalid > 0  # some wrong check characters (kept, flagged)
    finally:
        for con in cons:
            con.close()


def test_only_planted_or_noise_ids_are_invalid(run: SynthRun) -> None:
    """No date, amount, region, flag or enum written by the generator fails to parse: all dirt is readable."""
    for batch in Lake(run.home).batches():
        for column in batch.manifest["report"]["columns"]:
            if column.get("invalid"):
                assert set(column["reasons"]) == {"check"}, (batch.manifest["source_name"], column)


# --- harmless dirt ---------------------------------------------------------------------------------


def test_harmless_dirt_normalises_back() -> None:
    rng = random.Random(3)
    pop = Population(rng, AS_OF)
    dirt = Dirt(rng, rate=1.0)
    for _ in range(300):
        person, org = pop.person(), pop.org()
        assert normalize_person_id(dirt.cell(Role.PERSON_ID, person.id)).value == person.id
        assert normalize_uscc(dirt.cell(Role.ORG_ID, org.uscc)).value == org.uscc
        region = normalize_region(dirt.cell(Role.REGION, person.region.code)).value
        assert region is not None and region[:4] == person.region.code[:4]
        name = pop.community()
        assert normalize_community(dirt.cell(Role.COMMUNITY, name)).value == name
        assert normalize_code(dirt.cell(Role.CODE, "浙邮管罚〔2026〕7号")).value == "浙邮管罚〔2026〕7号"
        assert normalize_enum(dirt.cell(Role.ENUM, "部分履行")).value == "部分履行"
        for flag in ("是", "否"):
            assert normalize_flag(dirt.cell(Role.FLAG, flag)).value == flag
        assert normalize_person_name(dirt.cell(Role.PERSON_NAME, person.name)).value == person.name
    assert normalize_person_name("买买提 • 艾力").value == "买买提·艾力"


def test_written_dates_times_and_amounts_read_back_exactly() -> None:
    rng = random.Random(4)
    for _ in range(300):
        d = date(2020, 1, 1) + timedelta(days=rng.randint(0, 3000))
        t = datetime(d.year, d.month, d.day, rng.randint(0, 23), rng.randint(0, 59))
        for style in DATE_STYLES:
            assert normalize_date(date_text(d, style)).value == d, style
        for style in DATETIME_STYLES:
            read = normalize_datetime(datetime_text(t, style)).value
            assert read is not None and read.date() == d, style
        amount = rng.randint(1, 10_000_000) / 100
        for style in AMOUNT_STYLES:
            assert normalize_amount(amount_text(amount, style)).value == amount, style
    assert amount_text(50000.0, "wan") == "5万元" and normalize_amount("1.9999万元").value == 19999.0


def test_meaningful_dirt_is_only_what_is_planted() -> None:
    person = Population(random.Random(5), AS_OF).person(born_19xx=True)
    assert normalize_person_id(fifteen(person.id)).value == person.id
    assert normalize_person_id(wrong_check(person.id)).reason == "check"
    org = Population(random.Random(6), AS_OF).org()
    assert normalize_uscc(wrong_check(org.uscc)).reason == "check"


def test_community_names_never_contain_one_another() -> None:
    pop = Population(random.Random(7), AS_OF)
    stem = pop.community_stem()
    names = [pop.community() for _ in range(3000)]
    assert len(set(names)) == len(names)
    assert not any(stem in n for n in names)
    by_length = sorted(names, key=len)
    for i, short in enumerate(by_length):
        assert not any(short in longer for longer in by_length[i + 1 :] if len(longer) > len(short))


# --- vocabularies agree with the models ------------------------------------------------------------


def test_vocabularies_agree_with_the_model_defaults() -> None:
    dangerous = _defaults("postal-sender-not-referred", "dangerous_items")
    assert all(any(w in item for w in dangerous) for item in words.DANGEROUS_ITEMS)
    assert not any(w in item for w in dangerous for item in words.HARMLESS_ITEMS)
    keywords = _defaults("fire-hazard-complaints-unhandled", "keywords")
    assert all(any(k in c for k in keywords) for c in words.FIRE_COMPLAINTS)
    assert not any(k in c for k in keywords for c in words.ORDINARY_COMPLAINTS)
    goods = _defaults("expired-license-still-operating", "goods")
    for licence, items in words.LICENCE_GOODS.items():
        own = [g["关键词"] for g in goods if g["许可类型"] == licence]
        assert all(any(k in item for k in own) for item in items)
    assert not any(g["关键词"] in item for g in goods for item in words.ORDINARY_GOODS)
    crimes = {row["罪名"] for row in _defaults("criminal-case-pil-lead", "crimes")}
    assert not crimes & set(words.ORDINARY_CRIMES)
    offences = {row["违法行为类型"] for row in _defaults("penalty-over-criminal-threshold", "thresholds")}
    assert not offences & set(words.ORDINARY_OFFENCES)


# --- scale and the command -------------------------------------------------------------------------


def test_scale_grows_the_noise_and_not_the_truth(tmp_path: Path) -> None:
    bare = generate(tmp_path / "bare", seed=9, scale=0, as_of=AS_OF)
    noisy = generate(tmp_path / "noisy", seed=9, scale=2, as_of=AS_OF)
    assert bare.truth == noisy.truth and bare.cases == noisy.cases
    assert sum(noisy.rows.values()) > sum(bare.rows.values()) + 6000
    keys = [(c.model, c.key) for c in bare.cases]
    assert len(keys) == len(set(keys))  # every case has its own subject
    with pytest.raises(ValueError):
        generate(tmp_path / "bad", seed=1, scale=-1, as_of=AS_OF)


def test_synth_command_writes_and_summarises(tmp_path: Path) -> None:
    out = tmp_path / "exports"
    result = CliRunner().invoke(
        app, ["synth", str(out), "--seed", "2", "--scale", "0", "--as-of", "2026-11-27"]
    )
    assert result.exit_code == 0, result.output
    assert "预设线索" in result.output and "safety-hazard-not-reinspected" in result.output
    truth = json.loads((out / TRUTH).read_text(encoding="utf-8"))
    assert truth["as_of"] == "2026-11-27" and set(truth["models"]) == set(load_library(strict=True).models)
    again = CliRunner().invoke(
        app, ["synth", str(out), "--seed", "3", "--scale", "0", "--as-of", "2026-11-27"]
    )
    assert again.exit_code == 0
    listed = {f["file"] for f in json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]}
    assert {p.name for p in out.iterdir()} == listed | {MANIFEST, TRUTH}  # the earlier run's files are gone
    bad = CliRunner().invoke(app, ["synth", str(out), "--as-of", "27/11/2026"])
    assert bad.exit_code == 2

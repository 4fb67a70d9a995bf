"""Background rows: people and organisations that trigger nothing.

Each unit below is built so that no model can make a lead of it, whatever the harmless dirt: triggers
stay below their conditions, and where a unit exercises a suppressor (a penalty after a seizure, an
inspection after complaints) the suppressing row's ID is never corrupted. Only rows that suppress
nothing get the occasional wrong check character, which can only remove matches.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from clueloop.synth import records as rec
from clueloop.synth import words
from clueloop.synth.dirt import wrong_check
from clueloop.synth.people import (
    COMMUNITY_FIRST,
    COMMUNITY_SECOND,
    HOME_REGIONS,
    REGIONS,
    ROADS,
    Org,
    Person,
    School,
)
from clueloop.synth.world import Cell, World

_STEM = re.compile(f"[{COMMUNITY_FIRST}][{COMMUNITY_SECOND}]")
CORRUPT_RATE = 0.03


def add_noise(w: World, scale: int) -> None:
    """About 3,500 rows per unit of ``scale``."""
    schools = _Schools()
    units: tuple[tuple[Callable[[World], None], int], ...] = (
        (_postal, 80),
        (_public_security, 150),
        (_admin_penalty, 250),
        (_transfers_and_cases, 60),
        (_judgments, 150),
        (lambda w: _debtors(w, schools), 150),
        (lambda w: _students(w, schools), 200),
        (_corrections, 60),
        (_drivers, 200),
        (_vehicles, 150),
        (_hotline, 200),
        (_fire_inspections, 80),
        (_safety, 150),
        (_licences, 80),
    )
    for unit, count in units:
        for _ in range(count * scale):
            unit(w)


def _maybe_corrupt(w: World, value: str) -> str:
    return wrong_check(value) if w.rng.random() < CORRUPT_RATE else value


def _party(w: World, org_share: float = 0.3) -> Person | Org:
    return w.pop.org() if w.rng.random() < org_share else w.pop.person()


def _party_id(party: Person | Org) -> str:
    return party.id if isinstance(party, Person) else party.uscc


# --- 行刑衔接 ---------------------------------------------------------------------------------------


def _postal(w: World) -> None:
    rng = w.rng
    sender = w.pop.person()
    roll = rng.random()
    if roll < 0.5:
        item, seized = rng.choice(words.HARMLESS_ITEMS), w.day(-rng.randint(0, 700))
        rec.postal_violation(
            w, sender=sender, item=item, seized=seized, sender_id=_maybe_corrupt(w, sender.id)
        )
    elif roll < 0.75:  # too recent to be overdue
        rec.postal_violation(
            w, sender=sender, item=rng.choice(words.DANGEROUS_ITEMS), seized=w.day(-rng.randint(0, 29))
        )
    else:  # referred: a public-security penalty on or after the seizure
        seized = w.day(-rng.randint(40, 700))
        rec.postal_violation(w, sender=sender, item=rng.choice(words.DANGEROUS_ITEMS), seized=seized)
        decided = seized + timedelta(days=rng.randint(0, 39))
        rec.public_security_penalty(w, person=sender, decided=decided, offence=words.POSTAL_OFFENCE)


def _public_security(w: World) -> None:
    person = w.pop.person()
    rec.public_security_penalty(
        w,
        person=person,
        decided=w.day(-w.rng.randint(0, 900)),
        offence=w.rng.choice(words.PS_OFFENCES),
        person_id=_maybe_corrupt(w, person.id),
    )


def _admin_penalty(w: World) -> None:
    rng = w.rng
    party = _party(w)
    decided = w.day(-rng.randint(0, 800))
    roll = rng.random()
    if roll < 0.7:
        amount: Cell = float(rng.randint(1, 5000) * 100) if rng.random() < 0.5 else None
        offence = rng.choice(words.ORDINARY_OFFENCES)
        rec.admin_penalty(
            w,
            party=party,
            offence=offence,
            decided=decided,
            amount=amount,
            party_id=_maybe_corrupt(w, _party_id(party)),
        )
    elif roll < 0.9:  # a threshold offence below its threshold
        offence = rng.choice(("非法经营", "生产销售伪劣产品", "销售假冒注册商标的商品"))
        rec.admin_penalty(
            w, party=party, offence=offence, decided=decided, amount=float(rng.randint(100, 49_999))
        )
    else:  # over the threshold, and transferred by 文号
        row = rec.admin_penalty(
            w, party=party, offence="非法经营", decided=decided, amount=float(rng.randint(50_000, 900_000))
        )
        rec.case_transfer(
            w,
            party=party,
            transferred=decided + timedelta(days=rng.randint(1, 60)),
            linked=row["决定书文号"],
            crime="非法经营罪",
        )


def _transfers_and_cases(w: World) -> None:
    rng = w.rng
    party = _party(w)
    if rng.random() < 0.35:
        rec.case_transfer(
            w,
            party=party,
            transferred=w.day(-rng.randint(0, 900)),
            linked=None,
            crime=rng.choice(("非法经营罪", "销售假冒注册商标的商品罪", "非法采矿罪")),
            party_id=_maybe_corrupt(w, _party_id(party)),
        )
    else:
        rec.criminal_case(
            w,
            party=party,
            filed=w.day(-rng.randint(0, 900)),
            crime=rng.choice(words.ORDINARY_CRIMES),
            party_id=_maybe_corrupt(w, _party_id(party)),
        )


# --- 公益诉讼（刑事） ---------------------------------------------------------------------------------


def _judgments(w: World) -> None:
    rng = w.rng
    party = _party(w, org_share=0.1)
    judged = w.day(-rng.randint(0, 900))
    if rng.random() < 0.85:
        rec.criminal_judgment(w, defendant=party, judged=judged, crime=rng.choice(words.ORDINARY_CRIMES))
        if rng.random() < 0.2:  # some unrelated public-interest case of the same party
            rec.pil_case(
                w, party=party, filed=w.day(-rng.randint(0, 900)), domain=rng.choice(words.PIL_DOMAINS)
            )
    else:  # a crime of the table, with a public-interest case already opened
        rec.criminal_judgment(w, defendant=party, judged=judged, crime="污染环境罪")
        filed = judged + timedelta(days=rng.randint(-300, 120))
        rec.pil_case(w, party=party, filed=filed, domain="生态环境和资源保护")


# --- 失信被执行人与学籍 ------------------------------------------------------------------------------


class _Schools:
    """A few schools per world; high-fee private schools only ever enrol children of non-debtors."""

    FEES = {"public": (0, 2000), "cheap": (6000, 19_999), "dear": (20_000, 80_000)}

    def __init__(self) -> None:
        self.pools: dict[str, list[School]] = {group: [] for group in self.FEES}

    def pick(self, w: World, group: str) -> School:
        pool = self.pools[group]
        if len(pool) < 6 or w.rng.random() < 0.01:
            school = w.pop.school(private=group != "public")
            pool.append(school)
            low, high = self.FEES[group]
            for year in range(w.as_of.year - 2, w.as_of.year + 1):
                if group != "public" or w.rng.random() < 0.3:
                    rec.school_fee(
                        w, school=school, year=year, fee=float(w.rng.randint(low, high) // 100 * 100)
                    )
            return school
        return w.rng.choice(pool)


def _debtors(w: World, schools: _Schools) -> None:
    rng = w.rng
    debtor = _party(w, org_share=0.25)
    published = w.day(-rng.randint(0, 1500))
    revoked = published + timedelta(days=rng.randint(30, 600)) if rng.random() < 0.2 else None
    if revoked is not None and revoked > w.as_of:
        revoked = None
    performance = rng.choice(("全部未履行", "部分履行", "全部履行"))
    rec.dishonest_debtor(w, debtor=debtor, published=published, performance=performance, revoked=revoked)
    if isinstance(debtor, Person) and rng.random() < 0.3:  # a child at a public or low-fee school
        school = schools.pick(w, rng.choice(("public", "cheap")))
        child = w.pop.child(region=debtor.region)
        enrolled = published - timedelta(days=rng.randint(-300, 900))
        spouse = w.pop.person(age=(30, 55), region=debtor.region)
        first, second = (debtor, spouse) if rng.random() < 0.6 else (spouse, debtor)
        rec.student_enrollment(
            w,
            student=child,
            school=school,
            enrolled=min(enrolled, w.as_of),
            left=None,
            guardian1=first,
            guardian2=second,
        )


def _students(w: World, schools: _Schools) -> None:
    rng = w.rng
    school = schools.pick(w, rng.choice(("public", "public", "cheap", "dear")))
    child = w.pop.child()
    parent = w.pop.person(age=(30, 55), region=child.region)
    other = w.pop.person(age=(30, 55), region=child.region) if rng.random() < 0.7 else None
    enrolled = w.day(-rng.randint(0, 2000))
    left = enrolled + timedelta(days=rng.randint(300, 2000)) if rng.random() < 0.2 else None
    rec.student_enrollment(
        w,
        student=child,
        school=school,
        enrolled=enrolled,
        left=left if left and left <= w.as_of else None,
        guardian1=parent,
        guardian2=other,
        guardian1_id=_maybe_corrupt(w, parent.id),
    )


# --- 社区矫正、驾驶证、交通违法 ----------------------------------------------------------------------


def _corrections(w: World) -> None:
    """A subject with a valid licence, caught only at home or with approved leave."""
    rng, pop = w.rng, w.pop
    person = pop.person(region=rng.choice(HOME_REGIONS))
    start = w.day(-rng.randint(30, 900))
    end = start + timedelta(days=rng.randint(180, 1500))
    rec.community_correction(w, person=person, start=start, end=end, region=person.region.code)
    rec.driver_license(w, person=person, first=start - timedelta(days=rng.randint(400, 6000)), until="长期")
    last = min(end, w.as_of)
    for _ in range(rng.randint(0, 2)):
        when = w.at(rng.randint((start - w.as_of).days, (last - w.as_of).days))
        if rng.random() < 0.2:  # away on approved leave
            away = rng.choice(REGIONS)
            rec.correction_leave(
                w,
                person=person,
                start=when.date() - timedelta(days=rng.randint(0, 3)),
                end=when.date() + timedelta(days=rng.randint(0, 5)),
                destination=away.code,
            )
            rec.traffic_violation(
                w, driver=person, when=when, region=away.code, plate=pop.plate(person.region)
            )
        else:
            region = rng.choice(HOME_REGIONS).code
            rec.traffic_violation(w, driver=person, when=when, region=region, plate=pop.plate(person.region))


def _drivers(w: World) -> None:
    rng, pop = w.rng, w.pop
    person = pop.person()
    first = w.day(-rng.randint(100, 9000))
    status = rng.choices(("正常", "暂扣", "吊销", "注销", "停止使用"), (85, 4, 4, 4, 3))[0]
    until: Cell = "长期" if rng.random() < 0.15 else first + timedelta(days=rng.choice((2190, 3650, 7300)))
    changed = w.day(-rng.randint(0, 600)) if status != "正常" and rng.random() < 0.8 else None
    rec.driver_license(w, person=person, first=first, until=until, status=status, changed=changed)
    for _ in range(rng.randint(0, 2)):
        region = rng.choice(REGIONS).code
        rec.traffic_violation(
            w,
            driver=person,
            when=w.at(-rng.randint(0, 700)),
            region=region,
            plate=pop.plate(person.region),
            driver_id=_maybe_corrupt(w, person.id),
        )


def _vehicles(w: World) -> None:
    rng, pop = w.rng, w.pop
    owner = _party(w, org_share=0.15)
    plate = pop.plate(owner.region)
    rec.vehicle_registration(w, owner=owner, plate=plate, registered=w.day(-rng.randint(30, 5000)))
    if rng.random() < 0.5:  # caught on camera, driver not identified
        rec.traffic_violation(
            w, driver=None, when=w.at(-rng.randint(0, 700)), region=owner.region.code, plate=plate
        )


# --- 12345 与消防 ------------------------------------------------------------------------------------


def _hotline(w: World) -> None:
    rng, pop = w.rng, w.pop
    name = pop.community()
    region = rng.choice(HOME_REGIONS)
    address = f"{region.name}{rng.choice(ROADS)}{rng.randint(1, 500)}号{name}"
    roll = rng.random()
    if roll < 0.55:  # ordinary complaints, any number
        for _ in range(rng.randint(1, 4)):
            community: Cell = name if rng.random() < 0.9 else None
            content = rng.choice(words.ORDINARY_COMPLAINTS)
            rec.hotline_ticket(
                w, when=w.at(-rng.randint(0, 400)), content=content, community=community, address=address
            )
        return
    moments = []
    if roll < 0.8:  # one or two fire complaints inside the window, others long before it
        moments = [w.at(-rng.randint(0, 179)) for _ in range(rng.randint(1, 2))]
        moments += [w.at(-rng.randint(181, 700)) for _ in range(rng.randint(0, 3))]
    else:  # three or more, and the fire brigade came after the first
        moments = sorted(w.at(-rng.randint(30, 179)) for _ in range(rng.randint(3, 5)))
        inspected = moments[0].date() + timedelta(days=rng.randint(0, 25))
        rec.fire_inspection(
            w,
            place=f"{name}{rng.choice(('物业服务中心', '地下车库', '3幢'))}",
            address=address,
            inspected=inspected,
        )
    for when in moments:
        content = rng.choice(words.FIRE_COMPLAINTS).format(n=rng.randint(1, 30))
        rec.hotline_ticket(w, when=when, content=content, community=name, address=address)


def _fire_inspections(w: World) -> None:
    rng = w.rng
    region = rng.choice(HOME_REGIONS)
    road = rng.choice(ROADS)
    place = f"{road}{rng.choice(words.FIRE_PLACES)}"
    address = f"{region.name}{road}{rng.randint(1, 800)}号"
    assert not _STEM.search(place + address), "an ordinary place must not name a 小区"
    rec.fire_inspection(w, place=place, address=address, inspected=w.day(-rng.randint(0, 700)))


# --- 安全生产与行政许可 --------------------------------------------------------------------------------


def _safety(w: World) -> None:
    rng = w.rng
    org = w.pop.org(trade=rng.choice((("化工", "有限公司"), ("建材", "有限公司"), ("物流", "有限公司"))))
    roll = rng.random()
    if roll < 0.4:
        deadline = w.day(-rng.randint(-60, 700))
        reviewed = deadline + timedelta(days=rng.randint(-5, 20)) if rng.random() < 0.5 else None
        conclusion = rng.choice(("已整改", "未整改")) if reviewed else None
        rec.safety_inspection(
            w, org=org, major="否", deadline=deadline, reviewed=reviewed, conclusion=conclusion
        )
    elif roll < 0.7:  # major, reviewed and fixed
        deadline = w.day(-rng.randint(10, 700))
        reviewed = deadline + timedelta(days=rng.randint(-10, 7))
        rec.safety_inspection(
            w, org=org, major="是", deadline=deadline, reviewed=reviewed, conclusion="已整改"
        )
    elif roll < 0.9:  # major, deadline not yet overdue
        deadline = w.day(-rng.randint(-90, 6))
        rec.safety_inspection(w, org=org, major="是", deadline=deadline, reviewed=None, conclusion=None)
    else:  # reviewed, not fixed, the 30 days for a penalty not yet over
        reviewed = w.day(-rng.randint(1, 29))
        deadline = reviewed - timedelta(days=rng.randint(0, 10))
        rec.safety_inspection(
            w, org=org, major="是", deadline=deadline, reviewed=reviewed, conclusion="未整改"
        )


def _licences(w: World) -> None:
    rng, pop = w.rng, w.pop
    roll = rng.random()
    if roll < 0.6:  # a licensed dealer selling within its licence
        licence = rng.choice((words.HAZCHEM, words.FIREWORKS))
        org = pop.org(trade=("石油销售", "有限公司") if licence == words.HAZCHEM else ("烟花爆竹经营", "部"))
        start = w.day(-rng.randint(400, 2000))
        end: Cell = "长期" if rng.random() < 0.2 else w.day(rng.randint(30, 1500))
        rec.business_license(w, org=org, licence=licence, start=start, end=end)
        for _ in range(rng.randint(2, 8)):
            goods = rng.choice(words.LICENCE_GOODS[licence] + words.ORDINARY_GOODS)
            issued = start + timedelta(days=rng.randint(0, (w.as_of - start).days))
            rec.sales_invoice(w, seller=org, goods=goods, issued=issued)
    elif roll < 0.85:  # another kind of licence, expired or not: no goods table row for it
        org = pop.org()
        start = w.day(-rng.randint(400, 2500))
        rec.business_license(
            w,
            org=org,
            licence=rng.choice(words.OTHER_LICENCES),
            start=start,
            end=start + timedelta(days=1095),
        )
        for _ in range(rng.randint(1, 5)):
            goods = rng.choice(words.ORDINARY_GOODS + words.LICENCE_GOODS[words.HAZCHEM])
            rec.sales_invoice(w, seller=org, goods=goods, issued=w.day(-rng.randint(0, 700)))
    else:  # no licence at all (not this model's question)
        org = pop.org()
        for _ in range(rng.randint(1, 4)):
            goods = rng.choice(words.ORDINARY_GOODS + words.LICENCE_GOODS[words.FIREWORKS])
            rec.sales_invoice(
                w,
                seller=org,
                goods=goods,
                issued=w.day(-rng.randint(0, 700)),
                seller_id=_maybe_corrupt(w, org.uscc),
            )

"""People, organisations and the things that identify them, unique within one generated world.

Every value is valid and clean here (ID numbers with real region codes, birth dates and check characters,
USCCs with their check character); :mod:`clueloop.synth.dirt` is where they get dirty.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from clueloop.normalize.idcard import id_check_char
from clueloop.normalize.uscc import USCC_CHARSET, uscc_check_char


@dataclass(frozen=True)
class Region:
    code: str  # 6-digit 行政区划代码 of a county-level unit
    name: str
    plate: str  # 号牌 prefix, e.g. 浙A


# Real codes. 建德市 (330182) is a county-level city of 杭州 and shares its first four digits (DOMAIN.md
# model 4); 常熟市, 慈溪市 and 海宁市 are the same for 苏州, 宁波 and 嘉兴.
REGIONS: tuple[Region, ...] = (
    Region("330102", "浙江省杭州市上城区", "浙A"),
    Region("330105", "浙江省杭州市拱墅区", "浙A"),
    Region("330106", "浙江省杭州市西湖区", "浙A"),
    Region("330108", "浙江省杭州市滨江区", "浙A"),
    Region("330110", "浙江省杭州市余杭区", "浙A"),
    Region("330182", "浙江省建德市", "浙A"),
    Region("330203", "浙江省宁波市海曙区", "浙B"),
    Region("330282", "浙江省慈溪市", "浙B"),
    Region("330402", "浙江省嘉兴市南湖区", "浙F"),
    Region("330481", "浙江省海宁市", "浙F"),
    Region("310101", "上海市黄浦区", "沪A"),
    Region("310104", "上海市徐汇区", "沪B"),
    Region("320102", "江苏省南京市玄武区", "苏A"),
    Region("320505", "江苏省苏州市虎丘区", "苏E"),
    Region("320581", "江苏省常熟市", "苏E"),
    Region("110101", "北京市东城区", "京A"),
    Region("110105", "北京市朝阳区", "京B"),
    Region("440106", "广东省广州市天河区", "粤A"),
    Region("440305", "广东省深圳市南山区", "粤B"),
    Region("510104", "四川省成都市锦江区", "川A"),
    Region("420102", "湖北省武汉市江岸区", "鄂A"),
    Region("370102", "山东省济南市历下区", "鲁A"),
    Region("450103", "广西壮族自治区南宁市青秀区", "桂A"),
    Region("650102", "新疆维吾尔自治区乌鲁木齐市天山区", "新A"),
    Region("653101", "新疆维吾尔自治区喀什市", "新Q"),
    Region("540102", "西藏自治区拉萨市城关区", "藏A"),
    Region("150102", "内蒙古自治区呼和浩特市新城区", "蒙A"),
)
REGION_BY_CODE = {r.code: r for r in REGIONS}
# The procuratorate's own city: most people live and most agencies sit here.
HOME_REGIONS: tuple[Region, ...] = tuple(r for r in REGIONS if r.code.startswith("3301"))

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
COMPOUND_SURNAMES = tuple("欧阳 司马 诸葛 上官 慕容 东方 皇甫 令狐 尉迟 公孙 端木 夏侯".split())
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国文辉力鹏宇浩然"
    "涵欣怡梓轩诺晨思远嘉佳琪博俊晓红玉兵志新海波丹萍飞斌宁昊天翔婷雪梅琳"
)
UYGHUR_FIRST = tuple("买买提 艾力 阿不都 吐尔逊 艾合买提 阿依古丽 古丽娜尔 热依拉 帕提古丽 迪丽拜尔".split())
UYGHUR_SECOND = tuple("艾力 托合提 吐尔逊 买买提 阿不力孜 热合曼 卡德尔 依明".split())
TIBETAN = tuple("扎西顿珠 次仁卓玛 格桑旺堆 达瓦次仁 拉巴次仁 尼玛扎西 普布卓玛".split())
MONGOLIAN = tuple("巴特尔 乌云其木格 其其格 苏日娜 额尔敦 那日苏 朝鲁门".split())

ORG_STEMS = tuple(
    "恒达 宏远 华泰 永盛 诚信 东方 万通 天成 卓越 新元 中联 汇通 立新 "
    "远航 兴业 博远 众创 精工 利民 大地 长江 西子 之江 钱塘 运河 良渚 "
    "天目 富春".split()
)
ORG_TRADES = (
    ("商贸", "有限公司"), ("贸易", "有限责任公司"), ("建材", "有限公司"), ("化工", "有限公司"),
    ("物流", "有限公司"), ("餐饮管理", "有限公司"), ("科技", "有限公司"), ("建筑工程", "有限公司"),
    ("石油销售", "有限公司"), ("烟花爆竹经营", "部"), ("五金", "店"), ("农业开发", "有限公司"),
)  # fmt: skip
ROADS = tuple(
    "文三路 文一西路 学院路 莫干山路 延安路 解放路 中山北路 人民路 建设路 "
    "古墩路 教工路 江南大道 滨盛路 秋涛路 凤起路 庆春路 体育场路 环城北路 "
    "丰潭路 留下街".split()
)

# 小区 names are FIRST + SECOND (+ THIRD) + suffix, the four character sets pairwise disjoint and the
# suffixes prefix-free: then no name is a substring of another, and a text in which no FIRST character is
# followed by a SECOND one (roads, shops above) contains no name at all. Model 7 matches inspections by
# substring, so this is what keeps planted cases from touching each other.
COMMUNITY_FIRST = "金翠锦碧紫阳银瑞祥富康和安泰嘉丰丽盛鑫恒绿蓝朝晴"
COMMUNITY_SECOND = "都湖绣桂荆光河景苍城泉溪岭林峰湾岸港洲庄坊塘堤桥"
COMMUNITY_THIRD = "悦雅逸润怡馨宜颐沁澜"
COMMUNITY_SUFFIXES = ("花园", "苑", "新村", "家园", "公寓", "华庭", "名邸", "府")


def city_of(region: Region) -> str:
    """浙江省杭州市西湖区 → 杭州, 上海市黄浦区 → 上海, 新疆维吾尔自治区喀什市 → 喀什."""
    return region.name.split("省")[-1].split("自治区")[-1].split("市")[0]


@dataclass(frozen=True)
class Person:
    id: str  # normalised 公民身份号码
    name: str
    region: Region
    birth: date
    phone: str

    @property
    def born_19xx(self) -> bool:
        return 1900 <= self.birth.year <= 1999


@dataclass(frozen=True)
class Org:
    uscc: str
    name: str
    region: Region
    address: str


@dataclass(frozen=True)
class School:
    code: str  # 学校标识码
    name: str
    private: bool


class Population:
    """Hands out people, organisations and codes; nothing is ever handed out twice."""

    def __init__(self, rng: random.Random, as_of: date) -> None:
        self.rng = rng
        self.as_of = as_of
        self._ids: set[str] = set()
        self._usccs: set[str] = set()
        self._plates: set[str] = set()
        self._communities: set[tuple[int, int, int, int]] = set()
        self._phases = 0
        self._reserved_stems: set[tuple[int, int]] = set()
        self._counters: dict[str, int] = {}

    # --- people ----------------------------------------------------------------------------------

    def person(
        self, *, age: tuple[int, int] = (22, 68), region: Region | None = None, born_19xx: bool = False
    ) -> Person:
        rng = self.rng
        region = region or (rng.choice(HOME_REGIONS) if rng.random() < 0.7 else rng.choice(REGIONS))
        earliest = self.as_of - timedelta(days=age[1] * 365 + 300)
        latest = self.as_of - timedelta(days=age[0] * 365 + 1)
        if born_19xx:  # only they have an old 15-digit number
            earliest, latest = max(earliest, date(1900, 1, 1)), min(latest, date(1999, 12, 31))
        if earliest > latest:
            raise ValueError(f"nobody aged {age} at {self.as_of} was born in the 1900s")
        while True:
            birth = earliest + timedelta(days=rng.randint(0, (latest - earliest).days))
            body = f"{region.code}{birth:%Y%m%d}{rng.randint(1, 999):03d}"
            pid = body + id_check_char(body)
            if pid not in self._ids:
                self._ids.add(pid)
                young = birth.year >= self.as_of.year - 18
                return Person(pid, self.name(region, young), region, birth, self.phone())

    def child(self, region: Region | None = None) -> Person:
        return self.person(age=(6, 16), region=region)

    def name(self, region: Region, young: bool = False) -> str:
        rng = self.rng
        province = region.code[:2]
        if province == "65" and rng.random() < 0.8:
            return f"{rng.choice(UYGHUR_FIRST)}·{rng.choice(UYGHUR_SECOND)}"
        if province == "54" and rng.random() < 0.8:
            return rng.choice(TIBETAN)
        if province == "15" and rng.random() < 0.5:
            return rng.choice(MONGOLIAN)
        surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.04 else rng.choice(SURNAMES)
        size = 2 if young or rng.random() < 0.6 else 1
        return surname + "".join(rng.choice(GIVEN) for _ in range(size))

    def phone(self) -> str:
        rng = self.rng
        return f"1{rng.choice('3456789')}{rng.randint(0, 999_999_999):09d}"

    # --- organisations ---------------------------------------------------------------------------

    def org(self, *, region: Region | None = None, trade: tuple[str, str] | None = None) -> Org:
        rng = self.rng
        region = region or (rng.choice(HOME_REGIONS) if rng.random() < 0.8 else rng.choice(REGIONS))
        while True:
            body = "91" + region.code + "".join(rng.choice(USCC_CHARSET) for _ in range(9))
            uscc = body + uscc_check_char(body)
            if uscc not in self._usccs:
                self._usccs.add(uscc)
                break
        word, form = trade or rng.choice(ORG_TRADES)
        name = f"{city_of(region)}{rng.choice(ORG_STEMS)}{word}{form}"
        return Org(uscc, name, region, self.address(region))

    def school(self, *, private: bool, region: Region | None = None) -> School:
        region = region or self.rng.choice(HOME_REGIONS)
        n = self.serial("school")
        code = f"21{region.code[:4]}{n:04d}"
        if private:
            kind = self.rng.choice(("外国语", "实验", "育才"))
            name = f"{city_of(region)}{self.rng.choice(ORG_STEMS)}{kind}学校"
        else:
            name = f"{region.name.split('省')[-1]}第{n}{self.rng.choice(('小学', '初级中学', '中学'))}"
        return School(code, name, private)

    # --- places and things -----------------------------------------------------------------------

    def address(self, region: Region) -> str:
        return f"{region.name}{self.rng.choice(ROADS)}{self.rng.randint(1, 999)}号"

    def plate(self, region: Region) -> str:
        letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
        while True:
            tail = "".join(self.rng.choice("0123456789" + letters[:8]) for _ in range(5))
            plate = region.plate + tail
            if plate not in self._plates:
                self._plates.add(plate)
                return plate

    def community(self) -> str:
        """A 小区 name used nowhere else (and never a substring of another name).

        When the combinations run out (large scales), a numbered phase (…3期) keeps names unique."""
        rng = self.rng
        for attempt in range(10_000):
            i, j = rng.randrange(len(COMMUNITY_FIRST)), rng.randrange(len(COMMUNITY_SECOND))
            k, m = rng.randrange(len(COMMUNITY_THIRD) + 1), rng.randrange(len(COMMUNITY_SUFFIXES))
            if (i, j) in self._reserved_stems:
                continue
            third = COMMUNITY_THIRD[k - 1] if k else ""
            name = COMMUNITY_FIRST[i] + COMMUNITY_SECOND[j] + third + COMMUNITY_SUFFIXES[m]
            if (i, j, k, m) not in self._communities:
                self._communities.add((i, j, k, m))
                return name
            if attempt >= 200:  # the plain names are (nearly) all taken
                self._phases += 1
                return f"{name}{self._phases}期"
        raise RuntimeError(f"no 小区 name left after {len(self._communities)}")

    def community_stem(self) -> str:
        """A bare two-character stem reserved for one case, with ``stem + 花园`` free for it too."""
        rng = self.rng
        while True:
            i, j = rng.randrange(len(COMMUNITY_FIRST)), rng.randrange(len(COMMUNITY_SECOND))
            if (i, j) in self._reserved_stems or any((i, j) == c[:2] for c in self._communities):
                continue  # planted before the noise, so this scan stays short
            self._reserved_stems.add((i, j))
            return COMMUNITY_FIRST[i] + COMMUNITY_SECOND[j]

    def serial(self, series: str) -> int:
        """The next number of a numbering series (文号, 案号, 检查编号…)."""
        n = self._counters.get(series, 0) + 1
        self._counters[series] = n
        return n

"""The words agencies write: items, offences, complaints, goods. Lists that trigger a model and lists that
must not (checked against the models' keyword lists by the tests)."""

from __future__ import annotations

# Model 1: what senders post. The first list contains a dangerous_items word each; the second none.
DANGEROUS_ITEMS = (
    "一次性打火机",
    "丁烷气罐",
    "卡式炉气罐",
    "烟花",
    "爆竹",
    "医用酒精",
    "汽油",
    "管制刀具（弹簧刀）",
)
HARMLESS_ITEMS = tuple("象牙制品 活体宠物龟 仿真枪 野生动物标本 盗版光盘 濒危植物种子 国家秘密文件".split())
EXPRESS = tuple("顺丰速运 中通快递 圆通速递 韵达快递 申通快递 极兔速递 京东物流 中国邮政EMS".split())
POSTAL_OFFENCE = "非法邮寄危险物质"
PS_OFFENCES = tuple("殴打他人 盗窃 寻衅滋事 赌博 扰乱公共秩序 故意损毁财物".split())
PS_PUNISHMENTS = tuple("罚款 行政拘留 警告 行政拘留并处罚款".split())

# Model 5: 违法行为类型 outside the threshold table.
ORDINARY_OFFENCES = tuple(
    "未按规定公示 超范围经营 虚假宣传 未取得许可从事经营 违反食品安全规定 占道经营".split()
)
PUNISHMENTS = ("罚款", "警告", "没收违法所得、罚款", "责令停产停业、罚款")

# Model 6: crimes outside the domain table.
ORDINARY_CRIMES = tuple(
    "盗窃罪 诈骗罪 故意伤害罪 危险驾驶罪 交通肇事罪 寻衅滋事罪 开设赌场罪 "
    "帮助信息网络犯罪活动罪 掩饰、隐瞒犯罪所得罪".split()
)
SENTENCES = (
    "有期徒刑一年",
    "有期徒刑六个月，缓刑一年",
    "拘役四个月",
    "有期徒刑三年，并处罚金人民币五万元",
    "罚金人民币二万元",
)
PIL_DOMAINS = tuple("生态环境和资源保护 食品药品安全 安全生产 个人信息保护 国有财产保护 英烈权益保护".split())

# Models 3 and 4.
CORRECTION_CRIMES = tuple("危险驾驶罪 盗窃罪 诈骗罪 故意伤害罪 交通肇事罪 开设赌场罪".split())
CORRECTION_TYPES = tuple("缓刑 假释 管制 暂予监外执行".split())
TRAFFIC_OFFENCES = tuple(
    "超速行驶 闯红灯 违法停车 不按导向车道行驶 驾驶时拨打接听手持电话 未系安全带".split()
)
CAPTURE = tuple("电子监控 现场执法 非现场执法".split())
LICENCE_CLASSES = tuple("C1 C2 B2 A1 A2 D C1E".split())
PLATE_TYPES = tuple("小型汽车 大型汽车 新能源小型车 普通摩托车".split())

# Model 7: each fire complaint contains exactly one keyword; the ordinary ones none.
FIRE_COMPLAINTS = (
    "{n}幢楼下有居民从窗口飞线充电，存在火灾隐患，请尽快处理",
    "小区{n}单元楼道充电现象严重，多次反映无果",
    "有住户私拉电线给电动自行车充电，希望物业管一管",
    "电动车进楼入户，电梯里也有人推车上楼",
    "地下车库电瓶车充电插座不够，有人在楼道里接插排",
    "小区消防车道被车辆长期占用，占用消防通道无人管理",
    "{n}号楼单元门口堆放杂物，堵塞消防通道",
)
ORDINARY_COMPLAINTS = (
    "夜间施工噪音扰民，影响休息",
    "小区垃圾清运不及时，气味很大",
    "路灯损坏多日无人维修",
    "物业收费标准不透明，要求公示",
    "小区停车难，外来车辆乱停",
    "楼顶有违章搭建",
    "邻居饲养宠物扰民",
    "自来水水压不足",
)
STREETS = tuple("北山街道 西溪街道 翠苑街道 文新街道 古荡街道 蒋村街道 灵隐街道 转塘街道".split())
HANDLERS = tuple("区住建局 街道办事处 区城管局 物业公司 区市场监管局 区消防救援大队".split())

# Fire inspections of ordinary places: no 小区 name can occur in these (see people.COMMUNITY_FIRST).
FIRE_PLACES = tuple("便利店 小吃店 服装店 五金店 网吧 宾馆 足浴店 幼儿园 仓库 棋牌室".split())
FIRE_PROBLEMS = tuple("疏散通道堵塞 灭火器过期 应急照明损坏 消防设施未保持完好 未发现问题".split())
FIRE_MEASURES = tuple("责令限期改正 当场改正 罚款 临时查封 无".split())

# Model 8: goods of each licence type, and goods needing no licence.
HAZCHEM = "危险化学品经营许可证"
FIREWORKS = "烟花爆竹经营许可证"
LICENCE_GOODS = {
    HAZCHEM: ("92#汽油", "95#汽油", "0#柴油", "液化气", "丁烷气", "工业酒精", "醇酸油漆", "稀释溶剂"),
    FIREWORKS: ("组合烟花", "电光爆竹", "鞭炮", "礼花弹"),
}
OTHER_LICENCES = tuple("食品经营许可证 药品经营许可证 道路运输经营许可证".split())
ORDINARY_GOODS = tuple("办公用品 技术服务费 五金配件 劳保用品 润滑脂 包装材料 日用百货".split())

# Model 9.
HAZARDS_MAJOR = tuple(
    "液氨储罐未设置紧急切断装置 粉尘涉爆区域使用非防爆电气设备 有限空间作业未审批 危化品仓库超量储存".split()
)
HAZARDS_MINOR = tuple("安全警示标志缺失 员工安全培训记录不全 灭火器未定期检查".split())

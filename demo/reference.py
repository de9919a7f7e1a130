"""Reference tables the demo and load data draw from: departments, laws, materials, extra catalog items.

Department keys are the short local names of the real data (区人社局, 区行政审批局 …); each maps to a
domain, and a domain gives the laws cited as 设定依据 and the materials applicants typically submit.
Law names and 文号 are real; a clause number is given only where it is certain, otherwise left blank.
"""

import re
from dataclasses import dataclass

# Department key (as in items.csv) -> domain. 区行政审批局 handles many domains: it is classified by item name.
DEPARTMENT_DOMAINS = {
    "区行政审批局": "",
    "区人社局": "hrss",
    "区交通运输局": "transport",
    "广安区税务局": "tax",
    "区住建局": "housing",
    "区自然资源和规划局": "land",
    "区公安分局": "police",
    "区医疗保障局": "medical_insurance",
    "区文广旅局": "culture",
    "区教科体局": "education",
    "区农业农村局": "agriculture",
    "区司法局": "justice",
    "区卫健局": "health",
    "区民政局": "civil",
    "区市监局": "market",
    "区林业局": "forestry",
    "区生态环境局": "environment",
    "区残联": "disability",
    "区水务局": "water",
    "区应急管理局": "emergency",
    "区政府办": "civil_defense",
    "区烟草专卖局": "tobacco",
    "区气象局": "weather",
    "区退役军人事务局": "veterans",
    "区财政局": "finance",
    "区委办": "archives",
    "区综合执法局": "urban_management",
    "区发改局": "development",
    "区公管办": "public_resources",
    "区商务局": "commerce",
    "区委统战部": "religion",
    "区经信局": "development",
    "区消防大队": "fire",
    "区统计局": "statistics",
}

# Keys whose registration category (GB 32100 positions 1–2) is not 11 机关: 13 群众团体.
DEPARTMENT_CATEGORY = {"区残联": "13"}


def department_name(key: str, region_name: str, level: str) -> str:
    """The full name of a department of `key` in a county or city, e.g. 区人社局 in 岳池县 -> 岳池县人社局."""
    is_city = level == "city"
    is_district = region_name.endswith("区")
    special = {
        "区公安分局": f"{region_name}公安{'分局' if is_district and not is_city else '局'}",
        "广安区税务局": f"{region_name}税务局",
        "区消防大队": f"{region_name}消防救援{'支队' if is_city else '大队'}",
        "区委办": f"中共{region_name}委办公室",
        "区委统战部": f"中共{region_name}委统战部",
        "区政府办": f"{region_name}人民政府办公室",
    }
    if key in special:
        return special[key]
    return region_name + key.removeprefix("区")


# Item-name keywords -> domain, for items of 区行政审批局 (first match wins).
NAME_DOMAINS = [
    (r"宗教", "religion"),
    (r"药品|毒性药|医疗器械|麻醉", "drug"),
    (r"食品|餐饮|生鲜乳", "market"),
    (r"医疗|医师|护士|诊所|母婴|卫生|职业病|放射", "health"),
    (r"道路|运输|出租|车辆|驾驶|公路|船", "transport"),
    (r"建筑|施工|建设工程|房地产|燃气|消防", "housing"),
    (r"民办|学校|教育|幼儿园|培训", "education"),
    (r"娱乐|演出|文物|旅行社|上网|出版|广播|电视|电影|体育|潜水|攀岩|游泳|滑雪", "culture"),
    (r"取水|河道|水利|大坝|提灌|水土", "water"),
    (r"采伐|林|草原|种子|野生植物", "forestry"),
    (r"动物|兽|畜禽|农药|肥料|渔|蚕|农作物|拖拉机|联合收割机|农机", "agriculture"),
    (r"烟花爆竹|危险化学品|安全生产|非煤矿山", "emergency"),
    (r"排污|环境|辐射|污染", "environment"),
    (r"人防|防空", "civil_defense"),
    (r"殡葬|墓|社会团体|民办非企业|基金会|慈善|养老机构", "civil"),
    (r"劳务派遣|职业技能|人力资源|劳动", "hrss"),
    (r"公证|律师|司法鉴定", "justice"),
    (r"招牌|广告|城市道路|挖掘|市容|绿化|树木|垃圾", "urban_management"),
    (r"企业|公司|合伙|个体|分支机构|合作社|市场主体|股权|登记", "market"),
    (r"节能|投资项目", "development"),
]


def domain_for(department_key: str, item_name: str) -> str:
    domain = DEPARTMENT_DOMAINS.get(department_key, "")
    if domain:
        return domain
    for pattern, candidate in NAME_DOMAINS:
        if re.search(pattern, item_name):
            return candidate
    return "market"


# Laws per domain: (name, 文号, clause). The first is the main one.
LAWS: dict[str, list[tuple[str, str, str]]] = {
    "hrss": [
        ("《中华人民共和国社会保险法》", "", ""),
        ("《中华人民共和国就业促进法》", "", ""),
        ("《工伤保险条例》", "国务院令第375号", ""),
        ("《失业保险条例》", "国务院令第258号", ""),
        ("《中华人民共和国劳动法》", "", ""),
    ],
    "transport": [
        ("《中华人民共和国道路运输条例》", "国务院令第406号", ""),
        ("《中华人民共和国公路法》", "", ""),
        ("《巡游出租汽车经营服务管理规定》", "交通运输部令2021年第16号", ""),
    ],
    "tax": [
        ("《中华人民共和国税收征收管理法》", "", ""),
        ("《中华人民共和国税收征收管理法实施细则》", "国务院令第362号", ""),
    ],
    "housing": [
        ("《中华人民共和国建筑法》", "", "第七条"),
        ("《建设工程质量管理条例》", "国务院令第279号", ""),
        ("《城镇燃气管理条例》", "国务院令第583号", ""),
        ("《建设工程消防设计审查验收管理暂行规定》", "住房和城乡建设部令第51号", ""),
    ],
    "land": [
        ("《中华人民共和国土地管理法》", "", ""),
        ("《不动产登记暂行条例》", "国务院令第656号", ""),
        ("《中华人民共和国城乡规划法》", "", ""),
    ],
    "police": [
        ("《中华人民共和国户口登记条例》", "", ""),
        ("《中华人民共和国居民身份证法》", "", ""),
        ("《中华人民共和国道路交通安全法实施条例》", "国务院令第405号", ""),
        ("《烟花爆竹安全管理条例》", "国务院令第455号", ""),
    ],
    "medical_insurance": [
        ("《中华人民共和国社会保险法》", "", ""),
        ("《医疗保障基金使用监督管理条例》", "国务院令第735号", ""),
    ],
    "culture": [
        ("《娱乐场所管理条例》", "国务院令第458号", ""),
        ("《中华人民共和国文物保护法》", "", ""),
        ("《旅行社条例》", "国务院令第550号", ""),
        ("《互联网上网服务营业场所管理条例》", "国务院令第363号", ""),
    ],
    "education": [
        ("《中华人民共和国教育法》", "", ""),
        ("《中华人民共和国义务教育法》", "", ""),
        ("《中华人民共和国民办教育促进法》", "", ""),
    ],
    "agriculture": [
        ("《农业机械安全监督管理条例》", "国务院令第563号", ""),
        ("《中华人民共和国动物防疫法》", "", ""),
        ("《中华人民共和国畜牧法》", "", ""),
        ("《中华人民共和国种子法》", "", ""),
    ],
    "justice": [
        ("《中华人民共和国法律援助法》", "", ""),
        ("《中华人民共和国人民调解法》", "", ""),
        ("《中华人民共和国公证法》", "", ""),
    ],
    "health": [
        ("《医疗机构管理条例》", "国务院令第149号", ""),
        ("《中华人民共和国医师法》", "", ""),
        ("《中华人民共和国母婴保健法》", "", ""),
        ("《公共场所卫生管理条例》", "", ""),
    ],
    "civil": [
        ("《社会救助暂行办法》", "国务院令第649号", ""),
        ("《殡葬管理条例》", "国务院令第225号", ""),
        ("《社会团体登记管理条例》", "国务院令第250号", ""),
        ("《中华人民共和国老年人权益保障法》", "", ""),
    ],
    "market": [
        ("《中华人民共和国市场主体登记管理条例》", "国务院令第746号", ""),
        ("《中华人民共和国食品安全法》", "", "第三十五条"),
        ("《中华人民共和国公司法》", "", ""),
    ],
    "drug": [
        ("《中华人民共和国药品管理法》", "", ""),
        ("《医疗用毒性药品管理办法》", "国务院令第23号", ""),
    ],
    "forestry": [
        ("《中华人民共和国森林法》", "", ""),
        ("《中华人民共和国种子法》", "", ""),
        ("《中华人民共和国野生植物保护条例》", "国务院令第204号", ""),
    ],
    "environment": [
        ("《中华人民共和国环境影响评价法》", "", ""),
        ("《中华人民共和国大气污染防治法》", "", ""),
        ("《排污许可管理条例》", "国务院令第736号", ""),
    ],
    "disability": [
        ("《中华人民共和国残疾人保障法》", "", ""),
        ("《残疾人就业条例》", "国务院令第488号", ""),
    ],
    "water": [
        ("《中华人民共和国水法》", "", ""),
        ("《取水许可和水资源费征收管理条例》", "国务院令第460号", ""),
        ("《中华人民共和国河道管理条例》", "国务院令第3号", ""),
    ],
    "emergency": [
        ("《中华人民共和国安全生产法》", "", ""),
        ("《危险化学品安全管理条例》", "国务院令第591号", ""),
        ("《中华人民共和国防震减灾法》", "", ""),
    ],
    "civil_defense": [
        ("《中华人民共和国人民防空法》", "", ""),
    ],
    "tobacco": [
        ("《中华人民共和国烟草专卖法》", "", ""),
        ("《中华人民共和国烟草专卖法实施条例》", "国务院令第223号", ""),
    ],
    "weather": [
        ("《中华人民共和国气象法》", "", ""),
        ("《气象灾害防御条例》", "国务院令第570号", ""),
    ],
    "veterans": [
        ("《中华人民共和国退役军人保障法》", "", ""),
        ("《军人抚恤优待条例》", "", ""),
    ],
    "finance": [
        ("《中华人民共和国会计法》", "", ""),
        ("《中华人民共和国政府采购法》", "", ""),
    ],
    "archives": [
        ("《中华人民共和国档案法》", "", ""),
    ],
    "development": [
        ("《企业投资项目核准和备案管理条例》", "国务院令第673号", ""),
        ("《中华人民共和国节约能源法》", "", ""),
    ],
    "public_resources": [
        ("《中华人民共和国招标投标法》", "", ""),
        ("《中华人民共和国招标投标法实施条例》", "国务院令第613号", ""),
    ],
    "commerce": [
        ("《中华人民共和国对外贸易法》", "", ""),
        ("《中华人民共和国电子商务法》", "", ""),
    ],
    "religion": [
        ("《宗教事务条例》", "国务院令第686号", ""),
    ],
    "fire": [
        ("《中华人民共和国消防法》", "", ""),
    ],
    "urban_management": [
        ("《城市道路管理条例》", "国务院令第198号", ""),
        ("《城市市容和环境卫生管理条例》", "国务院令第101号", ""),
        ("《城市绿化条例》", "国务院令第100号", ""),
    ],
    "statistics": [
        ("《中华人民共和国统计法》", "", ""),
    ],
}

# Cited as the second basis of every item of these types.
TYPE_LAWS = {
    "02": ("《中华人民共和国行政处罚法》", "", ""),
    "03": ("《中华人民共和国行政强制法》", "", ""),
    "01": ("《中华人民共和国行政许可法》", "", "第十二条"),
}


@dataclass(frozen=True)
class MaterialSpec:
    name: str
    source: str = "applicant"  # MaterialSource
    form: str = "paper"  # MaterialForm
    originals: int = 1
    photocopies: int = 0
    e_certificate: bool = False  # may be taken from the 电子证照 library instead of submitted


def _certificate(name: str) -> MaterialSpec:
    return MaterialSpec(name, source="government", form="both", originals=1, photocopies=1, e_certificate=True)


def _report(name: str) -> MaterialSpec:
    return MaterialSpec(name, source="intermediary", form="both", originals=1)


def _copy(name: str) -> MaterialSpec:
    return MaterialSpec(name, originals=0, photocopies=1)


ID_CARD = _certificate("申请人居民身份证")
BUSINESS_LICENSE = _certificate("营业执照")

LEGAL_REPRESENTATIVE = MaterialSpec("法定代表人身份证明书")

# Closing every list: for applicants who send someone, and the 告知承诺 form.
COMMON_MATERIALS = [
    MaterialSpec("授权委托书", originals=1),
    _copy("受托人居民身份证"),
    MaterialSpec("申请人承诺书", form="both"),
]

MATERIALS: dict[str, list[MaterialSpec]] = {
    "hrss": [
        _certificate("社会保障卡"),
        MaterialSpec("劳动合同"),
        MaterialSpec("解除或终止劳动关系证明书"),
        _certificate("失业登记证明"),
        MaterialSpec("本人银行账户信息", form="electronic", originals=0),
        _certificate("职业资格证书"),
        MaterialSpec("医疗诊断证明书"),
        _certificate("毕业证书"),
    ],
    "transport": [
        _certificate("道路运输经营许可证"),
        _certificate("机动车行驶证"),
        _certificate("机动车驾驶证"),
        _report("车辆技术等级评定报告"),
        _certificate("道路运输从业人员从业资格证"),
        MaterialSpec("安全生产管理制度文本"),
        MaterialSpec("停车场地使用证明"),
        MaterialSpec("车辆照片", form="electronic"),
    ],
    "tax": [
        MaterialSpec("纳税申报表", form="electronic"),
        MaterialSpec("财务会计报表"),
        _copy("经办人身份证件"),
        MaterialSpec("清税申报表"),
        MaterialSpec("完税凭证"),
        MaterialSpec("发票领用簿"),
    ],
    "housing": [
        _certificate("建设工程规划许可证"),
        _certificate("建设用地批准书"),
        MaterialSpec("建设工程施工合同"),
        _report("施工图设计文件审查合格书"),
        MaterialSpec("建设工程监理合同"),
        MaterialSpec("消防设计文件"),
        _report("工程竣工验收报告"),
        MaterialSpec("商品房买卖合同"),
    ],
    "land": [
        _certificate("不动产权证书"),
        _report("宗地图"),
        MaterialSpec("国有建设用地使用权出让合同"),
        MaterialSpec("土地出让价款缴纳凭证"),
        _report("界址点坐标成果表"),
        _certificate("建设用地规划许可证"),
        _certificate("建设项目用地预审与选址意见书"),
    ],
    "police": [
        _certificate("居民户口簿"),
        _certificate("出生医学证明"),
        MaterialSpec("近期免冠彩色照片", originals=2),
        _certificate("结婚证"),
        _certificate("准予迁入证明"),
        MaterialSpec("合法稳定住所证明"),
    ],
    "medical_insurance": [
        _certificate("医保电子凭证"),
        MaterialSpec("医疗费用票据"),
        MaterialSpec("出院记录"),
        MaterialSpec("住院费用明细清单"),
        MaterialSpec("疾病诊断证明书"),
        MaterialSpec("异地就医备案表", form="both"),
        MaterialSpec("参保人银行账户信息", form="electronic", originals=0),
    ],
    "culture": [
        _report("文物影响评估报告"),
        MaterialSpec("演出节目内容说明"),
        _certificate("消防安全检查合格证明"),
        MaterialSpec("经营场所平面示意图"),
        MaterialSpec("从业人员名单"),
        MaterialSpec("安全保障措施方案"),
        MaterialSpec("经营场所产权证明或租赁合同"),
    ],
    "education": [
        MaterialSpec("学籍证明"),
        _certificate("毕业证书"),
        _certificate("居民户口簿"),
        MaterialSpec("办学章程"),
        _certificate("教师资格证书"),
        MaterialSpec("校舍产权证明或租赁合同"),
        _report("办学资金验资报告"),
        MaterialSpec("家庭经济困难学生认定申请表"),
    ],
    "agriculture": [
        MaterialSpec("农业机械来历证明"),
        MaterialSpec("拖拉机出厂合格证"),
        _certificate("动物防疫条件合格证"),
        _certificate("动物检疫合格证明"),
        MaterialSpec("种子生产经营场所证明"),
        _certificate("执业兽医资格证书"),
        _certificate("农村土地承包经营权证"),
    ],
    "justice": [
        MaterialSpec("经济困难状况说明表"),
        MaterialSpec("人民调解申请书"),
        _certificate("律师执业证"),
        MaterialSpec("案件情况说明"),
        MaterialSpec("公证申请表", form="both"),
        _copy("判决书或仲裁裁决书"),
    ],
    "health": [
        _certificate("医师资格证书"),
        _certificate("医师执业证书"),
        _certificate("护士执业证书"),
        _certificate("医疗机构执业许可证"),
        _report("健康体检报告"),
        MaterialSpec("卫生管理制度文本"),
        MaterialSpec("房屋平面布局图"),
        MaterialSpec("医疗设备清单"),
    ],
    "civil": [
        _certificate("居民户口簿"),
        _certificate("结婚证"),
        MaterialSpec("家庭收入状况说明"),
        MaterialSpec("家庭财产状况申报表"),
        _certificate("死亡医学证明书"),
        MaterialSpec("社会团体章程草案"),
        _report("验资报告"),
        MaterialSpec("住所使用证明"),
    ],
    "market": [
        BUSINESS_LICENSE,
        MaterialSpec("食品安全管理制度文本"),
        MaterialSpec("食品经营设备布局和工艺流程图"),
        MaterialSpec("经营场所使用证明"),
        MaterialSpec("公司章程"),
        MaterialSpec("股东会决议"),
        _certificate("食品从业人员健康证明"),
        MaterialSpec("市场主体登记申请书", form="both"),
    ],
    "drug": [
        _certificate("药品经营许可证"),
        _certificate("执业药师注册证"),
        MaterialSpec("药品质量管理制度文本"),
        MaterialSpec("仓储设施设备清单"),
        MaterialSpec("单位证明函"),
    ],
    "forestry": [
        _certificate("林权证"),
        _report("林木采伐作业设计"),
        MaterialSpec("林木采伐申请书", form="both"),
        MaterialSpec("林草种子生产经营场所证明"),
        _certificate("植物检疫证书"),
        _report("使用林地可行性报告"),
    ],
    "environment": [
        _report("环境影响报告表"),
        MaterialSpec("排污许可申请表", form="both"),
        MaterialSpec("污染防治设施设计文件"),
        MaterialSpec("建设项目立项批准文件"),
        _report("污染物排放监测报告"),
        MaterialSpec("危险废物管理计划"),
    ],
    "disability": [
        _certificate("残疾人证"),
        _certificate("居民户口簿"),
        MaterialSpec("近期免冠彩色照片", originals=2),
        MaterialSpec("医疗诊断证明"),
        MaterialSpec("辅助器具适配评估表"),
        MaterialSpec("本人银行账户信息", form="electronic", originals=0),
    ],
    "water": [
        MaterialSpec("取水许可申请书", form="both"),
        _report("水资源论证报告"),
        _report("防洪评价报告"),
        _report("水土保持方案报告书"),
        MaterialSpec("取水计量设施安装证明"),
        MaterialSpec("工程设计文件"),
    ],
    "emergency": [
        MaterialSpec("安全生产责任制文件"),
        MaterialSpec("安全管理机构设置文件"),
        _certificate("主要负责人安全生产知识和管理能力考核合格证"),
        MaterialSpec("经营场所产权证明或租赁合同"),
        MaterialSpec("生产安全事故应急救援预案"),
        _certificate("特种作业操作证"),
        _report("安全评价报告"),
    ],
    "civil_defense": [
        MaterialSpec("人防工程施工图设计文件"),
        _report("人防工程竣工验收报告"),
        _certificate("建设工程规划许可证"),
        MaterialSpec("防空地下室易地建设费缴纳凭证"),
        _report("人防工程质量监督报告"),
    ],
    "tobacco": [
        _certificate("烟草专卖零售许可证"),
        MaterialSpec("经营场所产权证明或租赁合同"),
        BUSINESS_LICENSE,
        MaterialSpec("经营场所照片", form="electronic"),
    ],
    "weather": [
        _report("防雷装置设计技术评价报告"),
        MaterialSpec("防雷装置施工图设计文件"),
        MaterialSpec("防雷产品出厂合格证"),
        _report("防雷装置检测报告"),
        _report("雷电灾害风险评估报告"),
    ],
    "veterans": [
        _certificate("退役证"),
        _certificate("居民户口簿"),
        MaterialSpec("优待证申领表", form="both"),
        _certificate("残疾军人证"),
        MaterialSpec("入伍批准书"),
    ],
    "finance": [
        _certificate("会计专业技术资格证书"),
        MaterialSpec("继续教育学习证明"),
        MaterialSpec("组织章程"),
        MaterialSpec("年度财务报表"),
        MaterialSpec("政府采购投诉书"),
    ],
    "archives": [
        MaterialSpec("档案移交清单"),
        MaterialSpec("档案验收申请表", form="both"),
        MaterialSpec("档案整理情况说明"),
        MaterialSpec("档案销毁清册"),
        MaterialSpec("归档范围和保管期限表"),
    ],
    "development": [
        MaterialSpec("项目备案申请表", form="both"),
        _report("节能报告"),
        _report("项目可行性研究报告"),
        BUSINESS_LICENSE,
        MaterialSpec("技术改造方案"),
    ],
    "public_resources": [
        MaterialSpec("投标保证金缴纳凭证"),
        MaterialSpec("中标通知书"),
        BUSINESS_LICENSE,
        MaterialSpec("招标公告文本", form="electronic"),
        MaterialSpec("工程建设项目批准文件"),
    ],
    "commerce": [
        BUSINESS_LICENSE,
        _certificate("成品油零售经营批准证书"),
        MaterialSpec("对外贸易经营者备案登记表", form="both"),
        MaterialSpec("经营场所使用证明"),
    ],
    "religion": [
        _certificate("宗教活动场所登记证"),
        MaterialSpec("宗教团体章程"),
        MaterialSpec("捐赠协议"),
        MaterialSpec("宗教教职人员备案表", form="both"),
        MaterialSpec("场所建设规划图"),
    ],
    "fire": [
        MaterialSpec("消防设计文件"),
        MaterialSpec("消防安全检查申报表", form="both"),
        MaterialSpec("消防安全制度"),
        MaterialSpec("员工消防安全培训记录"),
        _report("消防设施检测报告"),
    ],
    "urban_management": [
        MaterialSpec("户外广告设置方案效果图"),
        MaterialSpec("城市道路占用挖掘施工方案"),
        MaterialSpec("交通组织方案"),
        MaterialSpec("树木现状照片", form="electronic"),
        MaterialSpec("园林绿化设计方案"),
        MaterialSpec("清扫收集运输车辆清单"),
    ],
    "statistics": [
        MaterialSpec("信用修复申请表", form="both"),
        MaterialSpec("整改情况报告"),
        MaterialSpec("信用修复承诺书"),
        _copy("行政处罚决定书"),
    ],
}

# Materials by what the item's name says (all matching rules apply, in this order); the domain list above
# only fills in when too few rules match.
_BANK_ACCOUNT = MaterialSpec("本人银行账户信息", form="electronic", originals=0)
_HOUSEHOLD = _certificate("居民户口簿")
_PHOTO = MaterialSpec("近期免冠彩色照片", originals=2)
_PREMISES = MaterialSpec("经营场所产权证明或租赁合同")
MATERIAL_RULES: list[tuple[re.Pattern, list[MaterialSpec]]] = [
    (re.compile(pattern), materials)
    for pattern, materials in [
        (r"失业", [MaterialSpec("解除或终止劳动关系证明书"), _certificate("社会保障卡"), _BANK_ACCOUNT]),
        (r"就业|创业|公益性岗位", [_certificate("就业创业证"), MaterialSpec("劳动合同"), _certificate("社会保障卡")]),
        (r"养老|退休", [_certificate("社会保障卡"), _HOUSEHOLD, _BANK_ACCOUNT]),
        (
            r"工伤|工亡",
            [MaterialSpec("工伤认定申请表", form="both"), MaterialSpec("医疗诊断证明书"), MaterialSpec("劳动合同")],
        ),
        (
            r"医保|医疗保险|医疗费用|就医|门诊|住院|医疗保障",
            [
                _certificate("医保电子凭证"),
                MaterialSpec("医疗费用票据"),
                MaterialSpec("住院费用明细清单"),
                MaterialSpec("出院记录"),
            ],
        ),
        (r"社会保障卡|社保卡", [_PHOTO, _HOUSEHOLD]),
        (r"参保|社会保险|社保", [_certificate("社会保障卡"), MaterialSpec("劳动合同")]),
        (r"高龄|老年", [_HOUSEHOLD, _BANK_ACCOUNT]),
        (
            r"低保|最低生活|特困|救助|困难|孤儿",
            [
                MaterialSpec("家庭收入状况说明"),
                MaterialSpec("家庭财产状况申报表"),
                _HOUSEHOLD,
                _BANK_ACCOUNT,
            ],
        ),
        (r"殡葬|丧葬|死亡|墓", [_certificate("死亡医学证明书"), _HOUSEHOLD]),
        (r"婚", [_certificate("结婚证"), _HOUSEHOLD]),
        (r"出生|新生儿|生育|独生子女|计划生育", [_certificate("出生医学证明"), _certificate("结婚证"), _HOUSEHOLD]),
        (r"残疾", [_certificate("残疾人证"), _PHOTO, MaterialSpec("医疗诊断证明")]),
        (r"退役|优待|抚恤|军人", [_certificate("退役证"), _HOUSEHOLD]),
        (r"户口|户籍|迁移|居住证", [_HOUSEHOLD, _PHOTO, MaterialSpec("合法稳定住所证明")]),
        (r"身份证", [_HOUSEHOLD, _PHOTO]),
        (
            r"学生|入学|学籍|资助|休学",
            [MaterialSpec("学籍证明"), _HOUSEHOLD, MaterialSpec("家庭经济困难学生认定申请表")],
        ),
        (
            r"民办|学校|幼儿园|培训",
            [
                MaterialSpec("办学章程"),
                MaterialSpec("校舍产权证明或租赁合同"),
                _report("办学资金验资报告"),
                _certificate("教师资格证书"),
            ],
        ),
        (
            r"食品|餐饮",
            [
                MaterialSpec("食品安全管理制度文本"),
                MaterialSpec("食品经营设备布局和工艺流程图"),
                _certificate("食品从业人员健康证明"),
                MaterialSpec("经营场所使用证明"),
            ],
        ),
        (
            r"公司|企业|合伙|个体|分支机构|合作社|市场主体|股权",
            [
                MaterialSpec("市场主体登记申请书", form="both"),
                MaterialSpec("股东会决议"),
                MaterialSpec("住所使用证明"),
            ],
        ),
        (
            r"药",
            [MaterialSpec("药品质量管理制度文本"), _certificate("执业药师注册证"), MaterialSpec("仓储设施设备清单")],
        ),
        (
            r"医疗机构|诊所|医院|母婴|放射",
            [
                MaterialSpec("房屋平面布局图"),
                MaterialSpec("医疗设备清单"),
                MaterialSpec("卫生管理制度文本"),
                _certificate("医疗机构执业许可证"),
            ],
        ),
        (r"医师", [_certificate("医师资格证书"), _report("健康体检报告"), _PHOTO]),
        (r"护士", [_certificate("护士执业证书"), _report("健康体检报告"), _PHOTO]),
        (
            r"公共场所",
            [MaterialSpec("卫生管理制度文本"), MaterialSpec("房屋平面布局图"), _certificate("从业人员健康证明")],
        ),
        (
            r"出租|巡游",
            [_certificate("机动车行驶证"), _certificate("机动车驾驶证"), _certificate("道路运输从业人员从业资格证")],
        ),
        (
            r"运输|货运|客运|营运",
            [
                _certificate("道路运输经营许可证"),
                _certificate("机动车行驶证"),
                _report("车辆技术等级评定报告"),
            ],
        ),
        (r"公路|超限", [MaterialSpec("车辆行驶路线方案"), _certificate("机动车行驶证"), MaterialSpec("工程设计文件")]),
        (r"驾驶", [_certificate("机动车驾驶证"), _PHOTO, _report("健康体检报告")]),
        (
            r"拖拉机|联合收割机|农机|农业机械",
            [MaterialSpec("农业机械来历证明"), MaterialSpec("拖拉机出厂合格证"), _PHOTO],
        ),
        (
            r"动物|畜禽|兽|生鲜乳",
            [_certificate("动物防疫条件合格证"), _certificate("动物检疫合格证明"), _certificate("执业兽医资格证书")],
        ),
        (r"种子|种畜|蚕种", [MaterialSpec("种子生产经营场所证明"), MaterialSpec("生产经营设施设备清单")]),
        (
            r"采伐|林木|林地|林权|护路林",
            [_certificate("林权证"), _report("林木采伐作业设计"), MaterialSpec("林木采伐申请书", form="both")],
        ),
        (r"野生植物|植物", [_certificate("植物检疫证书"), MaterialSpec("采集方案")]),
        (
            r"取水|水资源|提灌",
            [
                MaterialSpec("取水许可申请书", form="both"),
                _report("水资源论证报告"),
                MaterialSpec("取水计量设施安装证明"),
            ],
        ),
        (
            r"河道|水利|大坝|水土",
            [_report("防洪评价报告"), _report("水土保持方案报告书"), MaterialSpec("工程设计文件")],
        ),
        (
            r"施工|建设工程|建筑|建设项目",
            [
                _certificate("建设工程规划许可证"),
                MaterialSpec("建设工程施工合同"),
                _report("施工图设计文件审查合格书"),
                MaterialSpec("建设工程监理合同"),
            ],
        ),
        (r"竣工|验收", [_report("工程竣工验收报告")]),
        (r"消防", [MaterialSpec("消防设计文件"), MaterialSpec("消防安全制度"), _report("消防设施检测报告")]),
        (r"人防|防空", [MaterialSpec("人防工程施工图设计文件"), _report("人防工程质量监督报告")]),
        (
            r"不动产|房屋|土地|宗地|用地|宅基地",
            [
                _certificate("不动产权证书"),
                _report("宗地图"),
                MaterialSpec("国有建设用地使用权出让合同"),
                _report("界址点坐标成果表"),
            ],
        ),
        (r"规划", [_certificate("建设用地规划许可证"), _certificate("建设项目用地预审与选址意见书")]),
        (
            r"娱乐|演出|上网|电影|出版",
            [
                MaterialSpec("经营场所平面示意图"),
                _certificate("消防安全检查合格证明"),
                MaterialSpec("安全保障措施方案"),
                MaterialSpec("从业人员名单"),
            ],
        ),
        (
            r"体育|潜水|攀岩|游泳|滑雪",
            [MaterialSpec("安全保障措施方案"), _certificate("社会体育指导员证书"), MaterialSpec("从业人员名单")],
        ),
        (r"文物", [_report("文物影响评估报告"), MaterialSpec("工程设计文件")]),
        (
            r"危险化学品|烟花爆竹|安全生产|非煤矿山",
            [
                MaterialSpec("安全生产责任制文件"),
                _certificate("主要负责人安全生产知识和管理能力考核合格证"),
                MaterialSpec("生产安全事故应急救援预案"),
                _report("安全评价报告"),
            ],
        ),
        (
            r"排污|环境|污染|辐射",
            [_report("环境影响报告表"), MaterialSpec("排污许可申请表", form="both"), _report("污染物排放监测报告")],
        ),
        (r"宗教", [_certificate("宗教活动场所登记证"), MaterialSpec("宗教团体章程"), MaterialSpec("场所建设规划图")]),
        (
            r"防雷|雷电|气象",
            [_report("防雷装置设计技术评价报告"), MaterialSpec("防雷装置施工图设计文件"), _report("防雷装置检测报告")],
        ),
        (r"烟草", [_certificate("烟草专卖零售许可证"), _PREMISES]),
        (
            r"纳税|税|发票",
            [MaterialSpec("纳税申报表", form="electronic"), MaterialSpec("财务会计报表"), _copy("经办人身份证件")],
        ),
        (r"会计", [_certificate("会计专业技术资格证书"), MaterialSpec("继续教育学习证明")]),
        (
            r"招标|投标|保证金|采购",
            [MaterialSpec("投标保证金缴纳凭证"), MaterialSpec("中标通知书"), MaterialSpec("工程建设项目批准文件")],
        ),
        (
            r"档案",
            [MaterialSpec("档案移交清单"), MaterialSpec("档案整理情况说明"), MaterialSpec("归档范围和保管期限表")],
        ),
        (r"投资项目|节能|技术改造", [_report("项目可行性研究报告"), _report("节能报告"), MaterialSpec("技术改造方案")]),
        (r"法律援助", [MaterialSpec("经济困难状况说明表"), MaterialSpec("案件情况说明")]),
        (r"调解", [MaterialSpec("人民调解申请书"), MaterialSpec("案件情况说明")]),
        (r"公证", [MaterialSpec("公证申请表", form="both")]),
        (r"律师", [_certificate("律师执业证")]),
        (r"广告|招牌", [MaterialSpec("户外广告设置方案效果图"), _PREMISES]),
        (r"城市道路|挖掘|占用", [MaterialSpec("城市道路占用挖掘施工方案"), MaterialSpec("交通组织方案")]),
        (r"绿化|树木", [MaterialSpec("树木现状照片", form="electronic"), MaterialSpec("园林绿化设计方案")]),
        (r"垃圾|清扫", [MaterialSpec("清扫收集运输车辆清单"), MaterialSpec("垃圾处置去向说明")]),
        (r"信用修复", [MaterialSpec("信用修复承诺书"), MaterialSpec("整改情况报告"), _copy("行政处罚决定书")]),
        (
            r"慈善|社会团体|民办非企业|基金会",
            [MaterialSpec("组织章程"), _report("验资报告"), MaterialSpec("住所使用证明")],
        ),
    ]
]

# 设定依据 by what the item's name says; the first match is the item's main law.
LAW_RULES: list[tuple[re.Pattern, tuple[str, str, str]]] = [
    (re.compile(pattern), law)
    for pattern, law in [
        (r"失业", ("《失业保险条例》", "国务院令第258号", "")),
        (r"工伤|工亡", ("《工伤保险条例》", "国务院令第375号", "")),
        (r"就业|创业|公益性岗位", ("《中华人民共和国就业促进法》", "", "")),
        (r"医保|医疗保险|医疗费用|就医|医疗保障", ("《医疗保障基金使用监督管理条例》", "国务院令第735号", "")),
        (r"养老|参保|社会保险|社保|社会保障卡", ("《中华人民共和国社会保险法》", "", "")),
        (r"高龄|老年", ("《中华人民共和国老年人权益保障法》", "", "")),
        (r"低保|最低生活|特困|救助|困难|孤儿", ("《社会救助暂行办法》", "国务院令第649号", "")),
        (r"殡葬|墓", ("《殡葬管理条例》", "国务院令第225号", "")),
        (r"社会团体", ("《社会团体登记管理条例》", "国务院令第250号", "")),
        (r"慈善", ("《中华人民共和国慈善法》", "", "")),
        (r"残疾", ("《中华人民共和国残疾人保障法》", "", "")),
        (r"退役|优待|抚恤|军人", ("《中华人民共和国退役军人保障法》", "", "")),
        (r"户口|户籍|迁移", ("《中华人民共和国户口登记条例》", "", "")),
        (r"居住证", ("《居住证暂行条例》", "国务院令第663号", "")),
        (r"身份证", ("《中华人民共和国居民身份证法》", "", "")),
        (r"民办", ("《中华人民共和国民办教育促进法》", "", "")),
        (r"入学|学生|学籍|休学", ("《中华人民共和国义务教育法》", "", "")),
        (r"食品|餐饮", ("《中华人民共和国食品安全法》", "", "第三十五条")),
        (r"药", ("《中华人民共和国药品管理法》", "", "")),
        (r"医疗机构|诊所|医院", ("《医疗机构管理条例》", "国务院令第149号", "")),
        (r"医师", ("《中华人民共和国医师法》", "", "")),
        (r"护士", ("《护士条例》", "国务院令第517号", "")),
        (r"母婴", ("《中华人民共和国母婴保健法》", "", "")),
        (r"公共场所", ("《公共场所卫生管理条例》", "", "")),
        (r"出租|巡游", ("《巡游出租汽车经营服务管理规定》", "交通运输部令2021年第16号", "")),
        (r"运输|货运|客运|营运", ("《中华人民共和国道路运输条例》", "国务院令第406号", "")),
        (r"公路|超限", ("《中华人民共和国公路法》", "", "")),
        (r"驾驶|机动车", ("《中华人民共和国道路交通安全法实施条例》", "国务院令第405号", "")),
        (r"拖拉机|联合收割机|农机|农业机械", ("《农业机械安全监督管理条例》", "国务院令第563号", "")),
        (r"动物|兽", ("《中华人民共和国动物防疫法》", "", "")),
        (r"畜禽|种畜|生鲜乳|蚕种", ("《中华人民共和国畜牧法》", "", "")),
        (r"种子", ("《中华人民共和国种子法》", "", "")),
        (r"采伐|林木|林地|林权|护路林", ("《中华人民共和国森林法》", "", "")),
        (r"野生植物", ("《中华人民共和国野生植物保护条例》", "国务院令第204号", "")),
        (r"取水|水资源", ("《取水许可和水资源费征收管理条例》", "国务院令第460号", "")),
        (r"河道", ("《中华人民共和国河道管理条例》", "国务院令第3号", "")),
        (r"水利|大坝|提灌|水土", ("《中华人民共和国水法》", "", "")),
        (r"危险化学品", ("《危险化学品安全管理条例》", "国务院令第591号", "")),
        (r"烟花爆竹", ("《烟花爆竹安全管理条例》", "国务院令第455号", "")),
        (r"安全生产|非煤矿山", ("《中华人民共和国安全生产法》", "", "")),
        (r"地震", ("《中华人民共和国防震减灾法》", "", "")),
        (r"消防", ("《中华人民共和国消防法》", "", "")),
        (r"人防|防空", ("《中华人民共和国人民防空法》", "", "")),
        (r"不动产", ("《不动产登记暂行条例》", "国务院令第656号", "")),
        (r"规划", ("《中华人民共和国城乡规划法》", "", "")),
        (r"土地|宗地|用地|宅基地", ("《中华人民共和国土地管理法》", "", "")),
        (r"施工", ("《中华人民共和国建筑法》", "", "第七条")),
        (r"建设工程|竣工|建筑", ("《建设工程质量管理条例》", "国务院令第279号", "")),
        (r"燃气", ("《城镇燃气管理条例》", "国务院令第583号", "")),
        (r"娱乐", ("《娱乐场所管理条例》", "国务院令第458号", "")),
        (r"上网", ("《互联网上网服务营业场所管理条例》", "国务院令第363号", "")),
        (r"旅行社", ("《旅行社条例》", "国务院令第550号", "")),
        (r"文物", ("《中华人民共和国文物保护法》", "", "")),
        (r"出版", ("《出版管理条例》", "国务院令第343号", "")),
        (r"排污", ("《排污许可管理条例》", "国务院令第736号", "")),
        (r"环境影响|环评", ("《中华人民共和国环境影响评价法》", "", "")),
        (r"宗教", ("《宗教事务条例》", "国务院令第686号", "")),
        (r"防雷|雷电|气象", ("《气象灾害防御条例》", "国务院令第570号", "")),
        (r"烟草", ("《中华人民共和国烟草专卖法实施条例》", "国务院令第223号", "")),
        (r"纳税|税|发票", ("《中华人民共和国税收征收管理法》", "", "")),
        (r"会计", ("《中华人民共和国会计法》", "", "")),
        (r"招标|投标", ("《中华人民共和国招标投标法》", "", "")),
        (r"政府采购", ("《中华人民共和国政府采购法》", "", "")),
        (r"档案", ("《中华人民共和国档案法》", "", "")),
        (r"投资项目", ("《企业投资项目核准和备案管理条例》", "国务院令第673号", "")),
        (r"节能", ("《中华人民共和国节约能源法》", "", "")),
        (r"法律援助", ("《中华人民共和国法律援助法》", "", "")),
        (r"调解", ("《中华人民共和国人民调解法》", "", "")),
        (r"公证", ("《中华人民共和国公证法》", "", "")),
        (r"律师", ("《中华人民共和国律师法》", "", "")),
        (r"城市道路|挖掘", ("《城市道路管理条例》", "国务院令第198号", "")),
        (r"绿化|树木", ("《城市绿化条例》", "国务院令第100号", "")),
        (r"广告|招牌|市容|垃圾", ("《城市市容和环境卫生管理条例》", "国务院令第101号", "")),
        (r"统计", ("《中华人民共和国统计法》", "", "")),
        (r"公司", ("《中华人民共和国公司法》", "", "")),
        (
            r"企业|合伙|个体|分支机构|合作社|市场主体|股权|登记",
            ("《中华人民共和国市场主体登记管理条例》", "国务院令第746号", ""),
        ),
    ]
]

ENTERPRISE_WORDS = re.compile(r"企业|公司|单位|经营|合作社|机构|场所|项目|工程|商户|学校|医院|诊所|药|运输|许可证")
PERSON_WORDS = re.compile(
    r"个人|居民|老年|残疾|儿童|学生|就业|失业|养老|医保|社会保障卡|户口|身份证|婚|生育|救助|补贴|津贴"
)


# Case files of enforcement items (处罚, 强制, 检查): what the file holds rather than what an applicant brings.
ENFORCEMENT_MATERIALS = [
    MaterialSpec("立案审批表", source="government"),
    MaterialSpec("现场检查（勘验）笔录", source="government"),
    MaterialSpec("询问笔录", source="government"),
    MaterialSpec("证据先行登记保存清单", source="government"),
    MaterialSpec("行政处罚事先告知书", source="government"),
    MaterialSpec("当事人陈述申辩笔录", source="government"),
    MaterialSpec("送达回证", source="government"),
]
LEVY_MATERIALS = [
    MaterialSpec("缴费通知书", source="government"),
    MaterialSpec("费额核定表", source="government"),
    BUSINESS_LICENSE,
    _copy("缴款人身份证件"),
    MaterialSpec("缴款凭证"),
]
ENFORCEMENT_TYPES = frozenset({"02", "03", "06"})


def application_form(item_name: str) -> MaterialSpec:
    """《…》申请表 for the item, named after its stem (without the parenthesised scope).

    Names such as 依据档案记载出具相关证明 would make a catch-all material name (…相关证明》申请表), which the
    model rejects: the vague word is dropped.
    """
    stem = re.sub(r"[（(][^）)]*[）)]", "", item_name).strip() or item_name
    stem = _VAGUE_WORDS.sub("", stem)
    if len(stem) > 30:
        stem = stem[:30].rstrip("，、")
    return MaterialSpec(f"《{stem}》申请表", form="both")


_VAGUE_WORDS = re.compile(r"(其[他它]|有关|相关|等)(?=的?(证明)?(材料|资料|文件|证明))")


# 处罚, 强制, 征收, 检查 are absent from the real index: realistic items written for the demo.
# (type, department key, name, [extra laws])
EXTRA_ITEMS: list[tuple[str, str, str, list[tuple[str, str, str]]]] = [
    (
        "02",
        "区住建局",
        "对未取得施工许可证擅自施工的行政处罚",
        [("《中华人民共和国建筑法》", "", "第六十四条"), ("《建设工程质量管理条例》", "国务院令第279号", "")],
    ),
    (
        "02",
        "区市监局",
        "对未取得食品经营许可从事食品经营活动的行政处罚",
        [("《中华人民共和国食品安全法》", "", "第一百二十二条")],
    ),
    ("02", "区交通运输局", "对未取得道路运输经营许可擅自从事道路运输经营的行政处罚", []),
    (
        "02",
        "区人社局",
        "对用人单位违反规定延长劳动者工作时间的行政处罚",
        [("《中华人民共和国劳动法》", "", "第九十条"), ("《劳动保障监察条例》", "国务院令第423号", "")],
    ),
    ("02", "区生态环境局", "对超过大气污染物排放标准排放大气污染物的行政处罚", []),
    ("02", "区应急管理局", "对生产经营单位未按规定对从业人员进行安全生产教育和培训的行政处罚", []),
    ("02", "区综合执法局", "对擅自占用、挖掘城市道路的行政处罚", []),
    ("02", "区林业局", "对未取得采伐许可证擅自采伐林木的行政处罚", []),
    ("02", "区水务局", "对未经批准擅自取水的行政处罚", []),
    ("02", "区卫健局", "对医疗机构使用非卫生技术人员从事医疗卫生技术工作的行政处罚", []),
    ("02", "区公安分局", "对在禁止的时间、地点燃放烟花爆竹的行政处罚", []),
    (
        "02",
        "广安区税务局",
        "对纳税人未按照规定期限办理纳税申报和报送纳税资料的行政处罚",
        [("《中华人民共和国税收征收管理法》", "", "第六十二条")],
    ),
    ("02", "区综合执法局", "对擅自设置大型户外广告的行政处罚", []),
    (
        "03",
        "区市监局",
        "查封、扣押违法生产经营的食品、食品添加剂及用于违法生产经营的工具、设备",
        [("《中华人民共和国食品安全法》", "", "第一百一十条")],
    ),
    ("03", "区交通运输局", "暂扣未取得车辆营运证又无法当场提供其他有效证明的车辆", []),
    ("03", "区生态环境局", "查封、扣押造成或者可能造成严重大气污染的设施、设备", []),
    ("03", "区应急管理局", "查封、扣押不符合保障安全生产的国家标准或者行业标准的设施、设备、器材", []),
    ("03", "区综合执法局", "强制拆除逾期未拆除的违法户外广告设施", []),
    (
        "03",
        "广安区税务局",
        "对逾期未缴纳税款的纳税人加收滞纳金",
        [("《中华人民共和国税收征收管理法》", "", "第三十二条")],
    ),
    ("04", "区政府办", "防空地下室易地建设费征收", []),
    ("04", "广安区税务局", "残疾人就业保障金征收", [("《残疾人就业条例》", "国务院令第488号", "")]),
    ("04", "区水务局", "水资源费征收", []),
    ("04", "区住建局", "国有土地上房屋征收与补偿", [("《国有土地上房屋征收与补偿条例》", "国务院令第590号", "")]),
    ("04", "区综合执法局", "城市生活垃圾处理费征收", []),
    ("04", "区自然资源和规划局", "土地闲置费征收", []),
    ("06", "区市监局", "对食品生产经营者的监督检查", [("《中华人民共和国食品安全法》", "", "第一百一十条")]),
    ("06", "区住建局", "对建设工程质量的监督检查", []),
    ("06", "区应急管理局", "对生产经营单位执行安全生产法律法规情况的监督检查", []),
    ("06", "区交通运输局", "对道路运输经营者的监督检查", []),
    (
        "06",
        "区人社局",
        "对用人单位遵守劳动保障法律法规情况的监督检查",
        [("《劳动保障监察条例》", "国务院令第423号", "")],
    ),
    ("06", "区生态环境局", "对排污单位的现场检查", [("《排污许可管理条例》", "国务院令第736号", "")]),
    ("06", "区卫健局", "对医疗机构执业活动的监督检查", []),
    ("06", "区文广旅局", "对娱乐场所经营活动的监督检查", []),
    ("06", "区水务局", "对取水单位和个人取水情况的监督检查", []),
]

# Item names that suggest service close to the people: township and village level (便民服务).
VILLAGE_KEYWORDS = re.compile(
    r"低保|特困|临时救助|高龄|养老保险|医疗保险|医保|参保|残疾|独生子女|计划生育|就业|失业|退役|优待|殡葬|老年|社会保障卡|"
    r"居住证|困难|生育|救助"
)
TOWNSHIP_KEYWORDS = re.compile(
    VILLAGE_KEYWORDS.pattern + r"|农村|宅基地|农机|农业|土地承包|调解|法律援助|慈善|林木|户籍|户口"
)

VISIT_REASONS = [
    "需现场核验身份证件原件",
    "需现场核验申请材料原件",
    "需现场采集照片和指纹信息",
    "需现场勘验经营场所",
    "需现场签署承诺书",
    "需现场领取纸质证照",
    "需现场调查取证",
]

OFFICE_HOURS = "工作日上午9:00—12:00，下午14:00—17:30（法定节假日除外）"

FEE_BASES = [
    (
        "不动产登记费：住宅类每件80元，非住宅类每件550元。",
        "《财政部 国家发展改革委关于不动产登记收费有关政策问题的通知》（财税〔2016〕79号）",
    ),
    (
        "证书工本费每本10元。",
        "《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）",
    ),
    ("按《四川省行政事业性收费目录清单》所列标准收取。", "《四川省行政事业性收费目录清单》"),
]

SYLLABLES = (
    "安宁和平兴隆丰泰新华东西南北金石龙凤桥河山林青云白马长永福庆清溪花溪源城台阳明德仁义礼信文武"
    "柏松竹梅兰桂荷杨柳槐枫双三五七九江湖塘湾坪坝岭岩冈坡沟口田园"
)

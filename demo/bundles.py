"""Demo 一件事: nine real bundles of the three lifecycles, designed by 广安市 and adopted by its counties.

The bundles follow the national lists (国办发〔2022〕32号, 国发〔2024〕3号; domain/standards.md §5). Their items are
the demo catalog's where it has an item of that name, otherwise items added in the 基本编码 range 00TT9xxxx000
(TT the item type); each county implements every item of every bundle, with the materials written out here,
so the merged material sets show deduplication, reuse of earlier steps' outputs, e-certificates and 容缺.

Applying is idempotent: templates, bundles, items and implementations are found by their codes and names.
"""

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field

from config_models.models import (
    Bundle,
    BundleFormField,
    BundleItem,
    BundleMaterialLink,
    BundleQuota,
    BundleScenario,
    BundleTemplate,
    CatalogItem,
    Department,
    Implementation,
    LegalBasis,
    Material,
    Region,
    RegionPage,
)
from config_models.services.bundle import bundle_overview, bundle_save, bundle_template_save
from config_models.services.catalog import catalog_item_save
from config_models.services.implementation import implementation_save
from demo import reference, rows

REASON = "演示数据"
ID = ("居民身份证", "required", False)
LICENCE = ("营业执照", "required", True)


@dataclass
class ItemSpec:
    name: str
    item_type: str
    department_key: str
    step: int
    days: int
    materials: list[tuple[str, str, bool]]  # name, necessity, available as e-certificate
    produces: str = ""
    scenarios: str = ""
    step_name: str = ""
    law: str = "《优化营商环境条例》"


@dataclass
class BundleSpec:
    code: str
    title: str
    lifecycle: str
    stage: str
    target: str
    lead_key: str
    lead_role: str
    cooperating_roles: str
    items: list[ItemSpec]
    summary: str
    conditions: str
    scenarios: list[tuple[str, str]] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    fields: list[tuple[str, str, str, bool, str, list[str]]] = field(
        default_factory=list
    )  # label key type req choices item names
    basis: str = "《国务院办公厅关于加快推进“一件事一次办”打造政务服务升级版的指导意见》（国办发〔2022〕32号）"


APPLICANT = [
    ("申请人姓名", "applicant_name", "text", True, "", []),
    ("身份证号码", "applicant_id", "id_number", True, "", []),
    ("联系电话", "phone", "phone", True, "", []),
]
ENTERPRISE = [
    ("企业名称", "company_name", "text", True, "", []),
    ("法定代表人", "legal_representative", "text", True, "", []),
    ("联系电话", "phone", "phone", True, "", []),
]

# Opening a business starts with registration, which produces the licence later steps would ask for.
BUSINESS_REGISTRATION = ItemSpec(
    "企业设立登记", "01", "区市监局", 1, 1,
    [("企业设立登记申请书", "required", False), ID, ("住所（经营场所）使用证明", "required", False)],
    produces="营业执照", step_name="设立登记",
)

BUNDLES = [
    BundleSpec(
        "KBCYD",
        "开办餐饮店",
        "enterprise",
        "开办",
        "enterprise",
        "区市监局",
        "市场监管部门",
        "卫生健康部门、住房城乡建设部门、城市管理部门、消防救援机构",
        [
            BUSINESS_REGISTRATION,
            ItemSpec(
                "食品经营许可",
                "01",
                "区市监局",
                2,
                10,
                [
                    ("食品经营许可申请书", "required", False),
                    LICENCE,
                    ("居民身份证（复印件）", "required", False),
                    ("食品安全管理制度文本", "deferrable", False),
                ],
                step_name="许可与报装",
                law="《中华人民共和国食品安全法》",
            ),
            ItemSpec(
                "城镇污水排入排水管网许可",
                "01",
                "区住建局",
                2,
                7,
                [("排水许可申请表", "required", False), LICENCE, ("排水户内部排水管网图", "required", False)],
                law="《城镇排水与污水处理条例》",
            ),
            ItemSpec(
                "规范户外招牌设施设置",
                "20",
                "区综合执法局",
                2,
                3,
                [("户外招牌设置申请表", "required", False), ("招牌设计效果图", "required", False), ID],
                scenarios="signboard",
            ),
            ItemSpec(
                "公众聚集场所投入使用、营业前消防安全检查",
                "01",
                "区消防大队",
                2,
                10,
                [("消防安全检查申请表", "required", False), LICENCE, ("消防安全制度", "deferrable", False)],
                scenarios="large",
                law="《中华人民共和国消防法》",
            ),
        ],
        "开办餐饮店一次告知、一表申请、一窗受理，营业执照、食品经营许可等并联办理。",
        "申请人具有完全民事行为能力，有与经营的食品品种、数量相适应的经营场所。",
        scenarios=[("signboard", "需要设置户外招牌"), ("large", "营业面积较大，属于公众聚集场所")],
        links=[("居民身份证", "身份证")],
        fields=[
            *ENTERPRISE,
            (
                "经营场所面积（平方米）",
                "area",
                "number",
                True,
                "",
                ["食品经营许可", "公众聚集场所投入使用、营业前消防安全检查"],
            ),
            (
                "经营项目",
                "food_category",
                "multiple_choice",
                True,
                "热食类食品制售\n冷食类食品制售\n饮品制售",
                ["食品经营许可"],
            ),
        ],
    ),
    BundleSpec(
        "KBYSQY",
        "开办运输企业",
        "enterprise",
        "开办",
        "enterprise",
        "区交通运输局",
        "交通运输部门",
        "市场监管部门、税务部门",
        [
            BUSINESS_REGISTRATION,
            ItemSpec(
                "道路货物运输经营许可",
                "01",
                "区交通运输局",
                2,
                10,
                [
                    ("道路货物运输经营申请表", "required", False),
                    LICENCE,
                    ("驾驶员从业资格证", "required", True),
                    ("安全生产管理制度文本", "deferrable", False),
                ],
                produces="道路运输经营许可证",
                step_name="经营许可",
                law="《中华人民共和国道路运输条例》",
            ),
            ItemSpec(
                "道路货物运输车辆道路运输证配发",
                "01",
                "区交通运输局",
                3,
                3,
                [
                    ("道路运输证申请表", "required", False),
                    ("道路运输经营许可证", "required", False),
                    ("机动车行驶证", "required", True),
                ],
                step_name="车辆配证",
                law="《中华人民共和国道路运输条例》",
            ),
        ],
        "营业执照、道路运输经营许可证、车辆道路运输证一次申请、依次办结。",
        "有与其经营业务相适应并经检测合格的车辆，有符合规定条件的驾驶人员和安全生产管理制度。",
        fields=[
            *ENTERPRISE,
            ("车辆数量", "vehicles", "number", True, "", ["道路货物运输经营许可", "道路货物运输车辆道路运输证配发"]),
        ],
    ),
    BundleSpec(
        "SDQWBZ",
        "水电气网联合报装",
        "enterprise",
        "场地获得",
        "enterprise",
        "区住建局",
        "住房城乡建设部门",
        "发展改革部门（电力）、经济和信息化部门（通信）",
        [
            ItemSpec(
                "供水报装",
                "20",
                "区住建局",
                1,
                5,
                [("用水报装申请表", "required", False), LICENCE, ("不动产权证书", "required", True)],
                step_name="联合报装",
            ),
            ItemSpec(
                "供电报装",
                "20",
                "区发改局",
                1,
                5,
                [("用电报装申请表", "required", False), LICENCE, ("不动产权证书", "required", True)],
            ),
            ItemSpec(
                "燃气报装",
                "20",
                "区住建局",
                1,
                5,
                [("用气报装申请表", "required", False), LICENCE, ("用气设备清单", "deferrable", False)],
            ),
            ItemSpec("通信网络报装", "20", "区经信局", 1, 3, [("通信网络报装申请表", "required", False), LICENCE]),
            ItemSpec(
                "城镇污水排入排水管网许可",
                "01",
                "区住建局",
                1,
                7,
                [("排水许可申请表", "required", False), LICENCE, ("排水户内部排水管网图", "required", False)],
                scenarios="drainage",
                law="《城镇排水与污水处理条例》",
            ),
        ],
        "用水、用电、用气、通信网络报装一表申请、联合踏勘、并联办理。",
        "用户已取得用地或房屋的合法使用权。",
        scenarios=[("drainage", "向城镇排水管网排放污水")],
        fields=[
            *ENTERPRISE,
            ("报装地址", "address", "text", True, "", []),
            ("用电容量（千伏安）", "power_kva", "number", True, "", ["供电报装"]),
            ("用水性质", "water_use", "choice", True, "生产用水\n生活用水\n消防用水", ["供水报装"]),
        ],
    ),
    BundleSpec(
        "QYZX",
        "企业注销",
        "enterprise",
        "注销",
        "enterprise",
        "区市监局",
        "市场监管部门",
        "税务部门、人力资源社会保障部门",
        [
            ItemSpec(
                "清税证明开具",
                "20",
                "广安区税务局",
                1,
                3,
                [("清税申报表", "required", False), LICENCE],
                produces="清税证明",
                step_name="清税与社保注销",
                law="《中华人民共和国税收征收管理法》",
            ),
            ItemSpec(
                "社会保险注销登记",
                "20",
                "区人社局",
                1,
                2,
                [("社会保险注销登记表", "required", False), LICENCE],
                produces="社会保险注销证明",
                law="《中华人民共和国社会保险法》",
            ),
            ItemSpec(
                "企业注销登记",
                "01",
                "区市监局",
                2,
                3,
                [
                    ("企业注销登记申请书", "required", False),
                    ("清税证明", "required", False),
                    ("清算报告", "required", False),
                    ("社会保险注销证明", "required", False),
                ],
                step_name="注销登记",
                law="《中华人民共和国市场主体登记管理条例》",
            ),
        ],
        "清税、社保注销、企业注销登记一网通办，税务与社保的结果共享，无需另行提交。",
        "企业已清算完毕，无未结清的税款、社会保险费。",
        fields=[*ENTERPRISE, ("注销原因", "reason", "choice", True, "决议解散\n营业期限届满\n其他", ["企业注销登记"])],
    ),
    BundleSpec(
        "XSECS",
        "新生儿出生",
        "person",
        "出生",
        "person",
        "区卫健局",
        "卫生健康部门",
        "公安机关、医疗保障部门、人力资源社会保障部门",
        [
            ItemSpec(
                "《出生医学证明》首次签发",
                "20",
                "区卫健局",
                1,
                0,
                [("新生儿父母居民身份证", "required", False), ("住院分娩记录", "required", False)],
                produces="出生医学证明",
                step_name="出生医学证明与预防接种",
                law="《中华人民共和国母婴保健法》",
            ),
            ItemSpec(
                "《预防接种证》办理",
                "20",
                "区卫健局",
                1,
                0,
                [("新生儿父母居民身份证", "required", False), ("儿童预防接种登记表", "required", False)],
                law="《中华人民共和国疫苗管理法》",
            ),
            ItemSpec(
                "户口登记",
                "07",
                "区公安分局",
                2,
                1,
                [
                    ("出生医学证明", "required", False),
                    ("居民户口簿", "required", True),
                    ("新生儿父母居民身份证", "required", False),
                    ("父母结婚证", "optional", True),
                ],
                produces="居民户口簿",
                step_name="出生登记",
                law="《中华人民共和国户口登记条例》",
            ),
            ItemSpec(
                "城乡居民基本医疗保险参保登记",
                "20",
                "区医疗保障局",
                3,
                1,
                [("居民户口簿", "required", False), ("参保登记表", "required", False)],
                step_name="参保与社保卡",
                law="《中华人民共和国社会保险法》",
            ),
            ItemSpec(
                "社会保障卡申领",
                "20",
                "区人社局",
                3,
                5,
                [("居民户口簿", "required", False), ("新生儿照片", "required", False)],
                law="《中华人民共和国社会保险法》",
            ),
        ],
        "出生医学证明、预防接种证、户口登记、医保参保、社保卡申领一次办好。",
        "新生儿在本区医疗机构出生，父母一方户籍在本区。",
        fields=[
            *APPLICANT,
            ("新生儿姓名", "baby_name", "text", True, "", []),
            ("新生儿出生日期", "birth_date", "date", True, "", []),
            ("与新生儿关系", "relation", "choice", True, "父亲\n母亲\n其他监护人", []),
        ],
    ),
    BundleSpec(
        "TX",
        "退休",
        "person",
        "退休",
        "person",
        "区人社局",
        "人力资源社会保障部门",
        "医疗保障部门",
        [
            ItemSpec(
                "职工基本养老保险待遇申领",
                "05",
                "区人社局",
                1,
                15,
                [
                    ID,
                    ("职工养老保险待遇申领表", "required", False),
                    ("人事档案", "required", False),
                    ("社会保障卡", "required", True),
                ],
                produces="基本养老金核定表",
                step_name="养老待遇核定",
                law="《中华人民共和国社会保险法》",
            ),
            ItemSpec(
                "退休人员基本医疗保险待遇核定",
                "20",
                "区医疗保障局",
                2,
                5,
                [("基本养老金核定表", "required", False), ID],
                step_name="医保与社保卡",
                law="《中华人民共和国社会保险法》",
            ),
            ItemSpec(
                "社会保障卡信息变更",
                "20",
                "区人社局",
                2,
                1,
                [("社会保障卡", "required", False), ID],
                law="《中华人民共和国社会保险法》",
            ),
        ],
        "养老保险待遇核定、医保退休待遇核定和社保卡信息变更一次申请。",
        "达到法定退休年龄，累计缴费满15年。",
        fields=[*APPLICANT, ("银行账号", "bank_account", "text", True, "", ["职工基本养老保险待遇申领"])],
    ),
    BundleSpec(
        "ESFGH",
        "二手房转移登记及水电气网联动过户",
        "person",
        "置业",
        "person",
        "区自然资源和规划局",
        "自然资源部门（不动产登记）",
        "税务部门、住房城乡建设部门、发展改革部门（电力）",
        [
            ItemSpec(
                "存量房交易契税申报",
                "04",
                "广安区税务局",
                1,
                1,
                [("存量房买卖合同", "required", False), ID],
                produces="完税证明",
                step_name="缴税",
                law="《中华人民共和国契税法》",
            ),
            ItemSpec(
                "国有建设用地使用权及房屋所有权转移登记",
                "01",
                "区自然资源和规划局",
                2,
                5,
                [
                    ("不动产登记申请书", "required", False),
                    ("存量房买卖合同", "required", False),
                    ("完税证明", "required", False),
                    ("不动产权证书", "required", True),
                    ID,
                ],
                produces="不动产权证书",
                step_name="转移登记",
                law="《不动产登记暂行条例》",
            ),
            ItemSpec(
                "供水过户", "20", "区住建局", 3, 1, [("不动产权证书", "required", False), ID], step_name="水电气网过户"
            ),
            ItemSpec("供电过户", "20", "区发改局", 3, 1, [("不动产权证书", "required", False), ID]),
            ItemSpec(
                "燃气过户",
                "20",
                "区住建局",
                3,
                1,
                [("不动产权证书", "required", False), ID, ("燃气设施安全检查记录", "deferrable", False)],
            ),
        ],
        "二手房转移登记与水、电、气过户联动办理，登记完成后过户信息自动推送。",
        "买卖双方已签订存量房买卖合同，房屋无查封、抵押等限制。",
        links=[("居民身份证", "身份证")],
        fields=[*APPLICANT, ("不动产单元号", "unit_number", "text", True, "", [])],
    ),
    BundleSpec(
        "SH",
        "身后",
        "person",
        "身后",
        "person",
        "区民政局",
        "民政部门",
        "卫生健康部门、公安机关、人力资源社会保障部门、医疗保障部门",
        [
            ItemSpec(
                "《居民死亡医学证明（推断）书》签发",
                "20",
                "区卫健局",
                1,
                0,
                [("逝者居民身份证", "required", False), ("申办人居民身份证", "required", False)],
                produces="居民死亡医学证明",
                step_name="死亡证明",
            ),
            ItemSpec(
                "户口注销",
                "07",
                "区公安分局",
                2,
                1,
                [
                    ("居民死亡医学证明", "required", False),
                    ("居民户口簿", "required", False),
                    ("逝者居民身份证", "required", False),
                ],
                step_name="注销与火化",
                law="《中华人民共和国户口登记条例》",
            ),
            ItemSpec(
                "遗体火化",
                "20",
                "区民政局",
                2,
                0,
                [("居民死亡医学证明", "required", False), ("申办人居民身份证", "required", False)],
                produces="火化证明",
                law="《殡葬管理条例》",
            ),
            ItemSpec(
                "城乡居民基本养老保险丧葬补助金领取",
                "05",
                "区人社局",
                3,
                10,
                [
                    ("火化证明", "required", False),
                    ("申办人居民身份证", "required", False),
                    ("亲属关系证明", "deferrable", False),
                ],
                step_name="待遇与停保",
                law="《中华人民共和国社会保险法》",
            ),
            ItemSpec(
                "基本医疗保险参保人员注销登记",
                "20",
                "区医疗保障局",
                3,
                1,
                [("居民死亡医学证明", "required", False), ("医疗保险参保人员注销登记表", "required", False)],
                law="《中华人民共和国社会保险法》",
            ),
        ],
        "死亡证明、户口注销、火化、丧葬补助金和医保停保一次告知、一次办好。",
        "逝者户籍在本区，申办人为逝者亲属或其委托人。",
        fields=[
            *APPLICANT,
            ("逝者姓名", "deceased_name", "text", True, "", []),
            ("逝者身份证号码", "deceased_id", "id_number", True, "", []),
            ("死亡日期", "death_date", "date", True, "", []),
        ],
    ),
]

BUNDLES.append(
    BundleSpec(
        "JGLHYS",
        "工程建设项目竣工联合验收",
        "project",
        "竣工",
        "enterprise",
        "区住建局",
        "住房城乡建设部门",
        "自然资源部门、消防救援机构",
        [
            ItemSpec(
                "建设工程规划核实",
                "01",
                "区自然资源和规划局",
                1,
                5,
                [
                    ("规划核实申请表", "required", False),
                    ("建设工程规划许可证", "required", True),
                    ("竣工测绘报告", "required", False),
                ],
                produces="规划核实意见书",
                step_name="联合验收",
                law="《中华人民共和国城乡规划法》",
            ),
            ItemSpec(
                "特殊建设工程消防验收",
                "01",
                "区住建局",
                1,
                10,
                [
                    ("消防验收申请表", "required", False),
                    ("工程竣工验收报告", "required", False),
                    ("消防设施检测报告", "deferrable", False),
                ],
                produces="消防验收意见书",
                law="《中华人民共和国消防法》",
            ),
            ItemSpec(
                "城镇排水与污水处理设施竣工验收备案",
                "10",
                "区住建局",
                1,
                5,
                [("竣工验收备案表", "required", False), ("工程竣工验收报告", "required", False)],
                scenarios="drainage",
                law="《城镇排水与污水处理条例》",
            ),
            ItemSpec(
                "房屋建筑和市政基础设施工程竣工验收备案",
                "10",
                "区住建局",
                2,
                5,
                [
                    ("竣工验收备案表", "required", False),
                    ("规划核实意见书", "required", False),
                    ("消防验收意见书", "required", False),
                    ("工程质量保修书", "required", False),
                ],
                step_name="竣工验收备案",
                law="《建设工程质量管理条例》",
            ),
        ],
        "规划、消防等专项验收限时联合办理，验收意见共享，竣工验收备案一次办结。",
        "工程已按设计和合同完成，建设单位已组织竣工验收。",
        scenarios=[("drainage", "项目建有排水与污水处理设施")],
        fields=[
            *ENTERPRISE,
            ("项目名称", "project_name", "text", True, "", []),
            ("项目代码", "project_code", "text", True, "", []),
        ],
    )
)

# seed 001: at least 10 bundles per county by mid-year, 30 by the end of the year.
QUOTAS = [(10, dt.date(2025, 6, 30), "首批一件事目标"), (30, dt.date(2025, 12, 31), "全年一件事目标")]


def apply_bundles(regions: dict[str, Region], city_code: str, county_codes: list[str], created: Counter) -> None:
    """Create what is missing of the demo bundles, their items and implementations, and the quotas."""
    rng = random.Random("bundles")
    city = regions[city_code]
    items = _catalog_items(regions, created)
    counties = [regions[code] for code in county_codes]
    departments = {county.pk: _departments(county, rng) for county in counties}
    for county in counties:
        _implementations(county, departments[county.pk], items, created)
    city_page = RegionPage.objects.get(region=city)
    for spec in BUNDLES:
        template = BundleTemplate.objects.filter(code=spec.code).first() or _template(spec, items, city_page, created)
        for county in counties:
            if Bundle.objects.filter(code=f"{spec.code}-{county.code}").exists():
                continue
            _adopt(spec, template, county, departments[county.pk], created)
    for count, due, note in QUOTAS:
        _quota, made = BundleQuota.objects.get_or_create(
            region=city, level="county", count=count, due_date=due, defaults={"note": note}
        )
        created["bundle_quotas"] += made


def _item_specs() -> dict[str, ItemSpec]:
    specs = {}
    for bundle in BUNDLES:
        for item in bundle.items:
            specs.setdefault(item.name, item)
    return specs


def _catalog_items(regions, created: Counter) -> dict[str, CatalogItem]:
    """The demo catalog's item of each name, or a new one (codes 00TT9NNNN000, in the order of BUNDLES)."""
    found = {}
    for number, (name, spec) in enumerate(_item_specs().items(), start=1):
        code = f"00{spec.item_type}9{number:04d}000"
        item = CatalogItem.objects.filter(name=name).order_by("code").first()
        if item is None:
            item = CatalogItem(
                code=code, name=name, item_type=spec.item_type, region=regions["510000"], allowed_levels=["county"]
            )
            item.legal_bases = [LegalBasis(law_name=spec.law, sort_order=0)]
            catalog_item_save(item=item, reason=REASON)
            created["catalog_items"] += 1
            created["legal_bases"] += 1
        found[name] = item
    return found


def _departments(county: Region, rng: random.Random) -> dict[str, Department]:
    wanted = {item.department_key for bundle in BUNDLES for item in bundle.items} | {b.lead_key for b in BUNDLES}
    result = {}
    for key in sorted(wanted):
        name = reference.department_name(key, county.name, county.level)
        department = Department.objects.filter(region=county, name=name).first()
        if department is None:
            taken = set(Department.objects.values_list("credit_code", flat=True))
            department = Department(
                name=name, region=county, credit_code=rows.credit_code(rng, "11", county.code, taken)
            )
            department._change_reason = REASON
            department.full_clean()
            department.save()
        result[key] = department
    return result


def _implementations(county, departments, items, created: Counter) -> None:
    specs = _item_specs()
    for n, (name, spec) in enumerate(specs.items()):
        item = items[name]
        materials = [
            Material(name=material, necessity=necessity, e_certificate_exempt=e_cert, photocopy_copies=1)
            for material, necessity, e_cert in spec.materials
        ]
        if Implementation.objects.filter(catalog_item=item, region=county).exists():
            continue  # the demo catalog's own implementation, with the demo's materials
        if "county" not in item.allowed_levels:
            continue
        department = departments[spec.department_key]
        immediate = spec.days == 0
        implementation = Implementation(
            catalog_item=item,
            region=county,
            department=department,
            statutory_limit=max(spec.days * 2, 1),
            committed_limit=spec.days,
            handling_type="immediate" if immediate else "committed",
            service_objects=["2", "5"]
            if spec.item_type == "01" and "登记" in name and "户口" not in name
            else ["1", "2"],
            visit_count=1,
            visit_reason="需现场核验申请人身份证件原件",
            consult_phone=f"0826-2{county.code[-3:]}{n:03d}",
            complaint_phone="12345",
            address=f"{county.name}政务服务中心",
            office_hours="工作日 9:00–12:00，13:30–17:30",
        )
        implementation_save(implementation=implementation, materials=materials, reason=REASON)
        created["implementations"] += 1
        created["materials"] += len(materials)


def _template(spec: BundleSpec, items, city_page, created: Counter) -> BundleTemplate:
    template = BundleTemplate(
        title=spec.title,
        code=spec.code,
        lifecycle=spec.lifecycle,
        stage=spec.stage,
        target=spec.target,
        lead_role=spec.lead_role,
        cooperating_roles=spec.cooperating_roles,
        summary=spec.summary,
        basis=f"<p>{spec.basis}</p>",
        conditions=f"<p>{spec.conditions}</p>",
        process="<p>申请人一次提交申请，综合窗口一窗受理，牵头部门分送配合部门并联审批，统一出件。</p>",
        channels="<p>到政务服务中心综合受理窗口办理，或登录天府通办网上办理。</p>",
        consultation="<p>拨打12345政务服务便民热线，或到政务服务中心咨询导办台咨询。</p>",
    )
    template.scenarios = [
        BundleScenario(key=key, label=label, sort_order=n) for n, (key, label) in enumerate(spec.scenarios)
    ]
    template.items = [
        BundleItem(
            catalog_item=items[item.name],
            step=item.step,
            step_name=item.step_name,
            produces=item.produces,
            scenarios=item.scenarios,
            sort_order=n,
        )
        for n, item in enumerate(spec.items)
    ]
    template.material_links = [
        BundleMaterialLink(name=a, same_as=b, sort_order=n) for n, (a, b) in enumerate(spec.links)
    ]
    template.form_fields = [
        BundleFormField(
            label=label,
            key=key,
            field_type=kind,
            required=required,
            choices=choices,
            used_by=",".join(items[name].code for name in users),
            sort_order=n,
        )
        for n, (label, key, kind, required, choices, users) in enumerate(spec.fields)
    ]
    for child in [*template.scenarios.all(), *template.items.all(), *template.form_fields.all()]:
        child.full_clean(exclude=["template"])
    created["bundle_templates"] += 1
    return bundle_template_save(template=template, parent=city_page)


def _adopt(spec: BundleSpec, template, county, departments, created: Counter) -> Bundle:
    lead = departments[spec.lead_key]
    bundle = Bundle(
        title=f"{county.name}{spec.title}",
        bundle_template=template,
        lead_department=lead,
        committed_limit=0,
        address=f"{county.name}政务服务中心一楼“高效办成一件事”综合窗口",
        office_hours="工作日 9:00–12:00，13:30–17:30",
        consult_phone="0826-12345",
    )
    bundle.region = county
    bundle.place(parent=RegionPage.objects.get(region=county))
    # The county promises about two thirds of what its steps allow (减时限).
    overview = bundle_overview(bundle)
    bundle.committed_limit = overview.critical_path_days * 2 // 3
    bundle.cooperating_departments = sorted(
        {departments[i.department_key] for i in spec.items} - {lead}, key=lambda d: d.pk
    )
    # A county that does not implement every item keeps its adoption as a draft (it cannot be published).
    bundle = bundle_save(bundle=bundle, parent=RegionPage.objects.get(region=county), publish=overview.publishable)
    created["bundles"] += 1
    return bundle

"""Demo published lists and the electronic certificate catalog (load_demo, after the implementations).

Per county: a 最多跑一次 list in two batches (第一批 the zero-visit items, 第二批 widened to one visit), a
证明事项保留清单, a 帮办代办 list and a 通办 list. The certificate catalog holds real certificate types; they are
linked to the demo implementations that issue them (by name) and accept them (a material of that name).

Only 住房和城乡建设部's credit code is a verified real one (standards.md §6); the other defining bodies get
synthetic codes that pass the GB 32100 check, so the type codes validate without claiming to be real.
"""

import datetime as dt
from collections import Counter

from config_models import codes
from config_models.models import (
    CertificateType,
    Implementation,
    ImplementationStatus,
    ListOverride,
    ListType,
    OverrideAction,
    PublishedListPage,
    Region,
    RegionPage,
)
from config_models.services import save_validated
from config_models.services.certificate import certificate_type_save
from config_models.services.published_list import publication_publish

REASON = "演示数据"

LIST_TYPES = [
    ("zuiduo-paoyici", "最多跑一次事项清单", "到办事现场次数不超过1次的事项。"),
    ("zhengming-baoliu", "证明事项保留清单", "清单之外不得索要证明。"),
    ("bangban-daiban", "帮办代办事项清单", "由帮办代办窗口提供帮办代办服务的事项。"),
    ("tongban", "通办事项清单", "市域通办、跨省通办事项。"),
    ("xingzheng-xuke", "行政许可事项清单", "依法设定的行政许可事项。"),
    ("zhongjie-fuwu", "中介服务事项清单", "行政审批中介服务事项。"),
    ("fuquan", "赋权事项清单", "向乡镇（街道）赋权的事项。"),
    ("ruzhu-fumian", "政务服务中心入驻负面清单", "暂不进驻政务服务中心的事项。"),
]

MOHURD = ("中华人民共和国住房和城乡建设部", "11100000000013338W")


def _synthetic_code(seed: int) -> str:
    body = f"11100000{seed:08d}X"[:17]
    return body + codes.credit_code_check_char(body)


BODIES = {
    "住建": MOHURD,
    "市场": ("国家市场监督管理总局", _synthetic_code(101)),
    "卫健": ("国家卫生健康委员会", _synthetic_code(102)),
    "公安": ("中华人民共和国公安部", _synthetic_code(103)),
    "民政": ("中华人民共和国民政部", _synthetic_code(104)),
    "人社": ("中华人民共和国人力资源和社会保障部", _synthetic_code(105)),
    "自然": ("中华人民共和国自然资源部", _synthetic_code(106)),
    "交通": ("中华人民共和国交通运输部", _synthetic_code(107)),
    "教育": ("中华人民共和国教育部", _synthetic_code(108)),
    "农业": ("中华人民共和国农业农村部", _synthetic_code(109)),
    "药监": ("国家药品监督管理局", _synthetic_code(110)),
    "烟草": ("国家烟草专卖局", _synthetic_code(111)),
    "司法": ("中华人民共和国司法部", _synthetic_code(112)),
    "林草": ("国家林业和草原局", _synthetic_code(113)),
    "残联": ("中国残疾人联合会", _synthetic_code(114)),
    "应急": ("中华人民共和国应急管理部", _synthetic_code(115)),
    "医保": ("国家医疗保障局", _synthetic_code(116)),
    "退役": ("中华人民共和国退役军人事务部", _synthetic_code(117)),
    "商务": ("中华人民共和国商务部", _synthetic_code(118)),
    "体育": ("国家体育总局", _synthetic_code(119)),
    "宗教": ("国家宗教事务局", _synthetic_code(120)),
}

# (name, defining body, holder, validity in years or None, words of the items that issue it)
CERTIFICATES = [
    ("营业执照", "市场", "legal_person", None, ("设立登记", "营业执照")),
    ("食品经营许可证", "市场", "legal_person", 5, ("食品经营",)),
    ("药品经营许可证", "药监", "legal_person", 5, ("药品经营", "药品零售")),
    ("执业药师注册证", "药监", "natural_person", 5, ("执业药师",)),
    ("出生医学证明", "卫健", "natural_person", None, ("出生医学",)),
    ("死亡医学证明书", "卫健", "natural_person", None, ("死亡医学",)),
    ("医师执业证书", "卫健", "natural_person", None, ("医师执业",)),
    ("医师资格证书", "卫健", "natural_person", None, ("医师资格",)),
    ("护士执业证书", "卫健", "natural_person", 5, ("护士执业",)),
    ("医疗机构执业许可证", "卫健", "legal_person", 5, ("医疗机构",)),
    ("公共场所卫生许可证", "卫健", "legal_person", 4, ("卫生许可",)),
    ("居民身份证", "公安", "natural_person", 20, ("身份证",)),
    ("居民户口簿", "公安", "natural_person", None, ("户口",)),
    ("机动车驾驶证", "公安", "natural_person", 6, ("驾驶证",)),
    ("机动车行驶证", "公安", "natural_person", None, ("行驶证",)),
    ("结婚证", "民政", "natural_person", None, ("结婚登记",)),
    ("社会保障卡", "人社", "natural_person", 10, ("社会保障卡",)),
    ("就业创业证", "人社", "natural_person", None, ("就业创业证", "就业登记")),
    ("职业资格证书", "人社", "natural_person", None, ("职业资格",)),
    ("人力资源服务许可证", "人社", "legal_person", None, ("人力资源服务",)),
    ("劳务派遣经营许可证", "人社", "legal_person", 3, ("劳务派遣",)),
    ("不动产权证书", "自然", "natural_person", None, ("不动产",)),
    ("建设用地规划许可证", "自然", "legal_person", None, ("建设用地规划",)),
    ("建设工程规划许可证", "自然", "legal_person", None, ("建设工程规划",)),
    ("建筑工程施工许可证", "住建", "legal_person", None, ("施工许可",)),
    ("建筑施工特种作业人员操作资格证书", "住建", "natural_person", 2, ("特种作业",)),
    ("道路运输经营许可证", "交通", "legal_person", 4, ("道路运输经营", "道路旅客运输", "道路货物运输")),
    ("道路运输从业人员从业资格证", "交通", "natural_person", 6, ("从业资格",)),
    ("教师资格证书", "教育", "natural_person", None, ("教师资格",)),
    ("动物防疫条件合格证", "农业", "legal_person", None, ("动物防疫",)),
    ("执业兽医资格证书", "农业", "natural_person", None, ("兽医",)),
    ("烟草专卖零售许可证", "烟草", "legal_person", 5, ("烟草专卖零售",)),
    ("律师执业证", "司法", "natural_person", None, ("律师执业",)),
    ("林权证", "林草", "legal_person", None, ("林权",)),
    ("残疾人证", "残联", "natural_person", 10, ("残疾人证",)),
    ("医保电子凭证", "医保", "natural_person", None, ("医保",)),
    ("退役证", "退役", "natural_person", None, ("退役",)),
    ("成品油零售经营批准证书", "商务", "legal_person", 5, ("成品油",)),
    ("社会体育指导员证书", "体育", "natural_person", None, ("社会体育指导员",)),
    ("宗教活动场所登记证", "宗教", "legal_person", None, ("宗教活动场所",)),
]
# Materials named differently from the certificate they are (the demo's 申请人居民身份证).
MATERIAL_NAMES = {"居民身份证": "申请人居民身份证"}


def apply_certificates(regions: dict[str, Region], created: Counter) -> None:
    city = regions["511600"]
    existing = set(CertificateType.objects.values_list("type_code", flat=True))
    sequences: Counter = Counter()
    implementations = list(Implementation.objects.filter(live=True).select_related("catalog_item"))
    for name, body, holder, years, words in CERTIFICATES:
        defining_body, credit = BODIES[body]
        sequences[body] += 1
        type_code = f"{credit}{sequences[body]:03d}"
        if type_code in existing:
            continue
        material = MATERIAL_NAMES.get(name, name)
        issuing = [i for i in implementations if any(word in i.catalog_item.name for word in words)]
        accepting = list(Implementation.objects.filter(live=True, materials__name=material).distinct())
        certificate_type_save(
            certificate_type=CertificateType(name=name, type_code=type_code, defining_body=defining_body,
                                             holder_type=holder, validity_years=years, region=city),
            issuing_departments=sorted({i.department for i in issuing}, key=lambda d: d.pk),
            issuing_implementations=issuing, accepting_implementations=accepting, reason=REASON,
        )
        created["certificate_types"] += 1


def _list_page(region_page: RegionPage, list_type: ListType, code: str, title: str, rule, *, combinator="all",
               introduction="", overrides=()):
    page = PublishedListPage.objects.filter(code=code).first()
    if page is not None:
        return page, False
    page = PublishedListPage(title=title, slug=code.split("-", 1)[1], code=code, list_type=list_type,
                             introduction=introduction, rule_combinator=combinator,
                             rule=[("condition", {"field": f, "operator": o, "value": v}) for f, o, v in rule])
    page.overrides = [ListOverride(implementation=i, action=a, reason=REASON) for i, a in overrides]
    region_page.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def _not_active(region: Region):
    # A suspended implementation cannot be published; the demo leaves it out by hand, as an editor would.
    return [(i, OverrideAction.EXCLUDE) for i in Implementation.objects.filter(
        region__path__startswith=region.path, live=True, status=ImplementationStatus.SUSPENDED)]


def apply_lists(regions: dict[str, Region], counties: list[str], created: Counter) -> None:
    types = {}
    for order, (code, name, description) in enumerate(LIST_TYPES):
        list_type = ListType.objects.filter(code=code).first()
        if list_type is None:
            list_type = save_validated(ListType(code=code, name=name, description=description, sort_order=order),
                                       reason=REASON)
            created["list_types"] += 1
        types[code] = list_type
    for county_code in counties:
        region = regions[county_code]
        region_page = RegionPage.objects.get(region=region)
        excluded = _not_active(region)
        # 最多跑一次: 第一批 the zero-visit items, 第二批 widened to at most one visit.
        page, new = _list_page(region_page, types["zuiduo-paoyici"], f"{county_code}-zuiduo-paoyici",
                               f"{region.name}最多跑一次事项清单", [("visit_count", "eq", "0")], overrides=excluded,
                               introduction="按照“最多跑一次”改革要求，分批公布到办事现场次数不超过1次的政务服务事项。")
        if new:
            created["published_lists"] += 1
            publication_publish(page=page, document_number=f"{region.name[:2]}府办〔2025〕12号",
                                published_on=dt.date(2025, 3, 1), effective_on=dt.date(2025, 3, 15),
                                change_note="第一批：零跑动事项。")
            page.rule = [("condition", {"field": "visit_count", "operator": "lte", "value": "1"})]
            page.save_revision().publish()
            publication_publish(page=PublishedListPage.objects.get(pk=page.pk),
                                document_number=f"{region.name[:2]}府办〔2025〕38号",
                                published_on=dt.date(2025, 9, 1), effective_on=dt.date(2025, 9, 15),
                                change_note="第二批：扩大至到现场不超过1次的事项。")
            created["publications"] += 2
        lists = [
            ("zhengming-baoliu", "证明事项保留清单", [("item_type", "in", "行政许可,行政确认,行政给付")], "all",
             "本清单之外，不得要求申请人提供证明材料。"),
            ("bangban-daiban", "帮办代办事项清单", [("window_type", "eq", "帮办代办")], "all",
             "由政务服务中心帮办代办窗口受理、可申请帮办代办的事项。"),
            ("tongban", "通办事项清单", [("service_area", "in", "全市,全省,全国"), ("online_depth", "eq", "Ⅳ")],
             "any", "全程网办及市域通办事项，可在全市任一政务服务中心办理。"),
        ]
        for code, title, rule, combinator, introduction in lists:
            page, new = _list_page(region_page, types[code], f"{county_code}-{code}", f"{region.name}{title}", rule,
                                   combinator=combinator, introduction=introduction, overrides=excluded)
            if new:
                created["published_lists"] += 1
                publication_publish(page=page, document_number=f"{region.name[:2]}府办〔2025〕20号",
                                    published_on=dt.date(2025, 6, 1), effective_on=dt.date(2025, 6, 1))
                created["publications"] += 1



"""Demo published lists and the electronic certificate catalog (load_demo, after the implementations).

Per county: a 最多跑一次 list in two batches (第一批 the zero-visit items, 第二批 widened to one visit), a
证明事项保留清单, a 帮办代办 list and a 通办 list. The certificate catalog holds real certificate types; they are
linked to the demo implementations that issue them (by name) and accept them (a material of that name).

Only 住房和城乡建设部's credit code is a verified real one (standards.md §6); the other defining bodies get
synthetic codes that pass the GB 32100 check, so the type codes validate without claiming to be real.
The list types, bodies and certificate types are data/lists.yaml.
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
    in_subtree,
)
from config_models.services import save_validated
from config_models.services.certificate import certificate_type_save
from config_models.services.published_list import PublicationRefused, list_entries, publication_publish
from demo.datafiles import read

REASON = "演示数据"

def _synthetic_code(seed: int) -> str:
    body = f"11100000{seed:08d}X"[:17]
    return body + codes.credit_code_check_char(body)


def _body(name: str, code: str | dict) -> tuple[str, str]:
    return name, code if isinstance(code, str) else _synthetic_code(code["synthetic"])


_data = read("lists")
LIST_TYPES = [(*entry, "implementation")[:4] for entry in _data["list_types"]]
BODIES = {key: _body(*entry) for key, entry in _data["bodies"].items()}
# (name, defining body, holder, validity in years or None, words of the items that issue it)
CERTIFICATES = [(name, body, holder, years, tuple(words)) for name, body, holder, years, words in _data["certificates"]]
# Materials named differently from the certificate they are (the demo's 申请人居民身份证).
MATERIAL_NAMES: dict[str, str] = _data["material_names"]


def apply_certificate_types(regions: dict[str, Region], created: Counter) -> set[str]:
    """The city's e-certificate catalog, before the implementations: an exempt material names its type.
    Returns the type codes created, which `apply_certificates` links once the implementations exist."""
    city = regions["511600"]
    existing = set(CertificateType.objects.values_list("type_code", flat=True))
    new = set()
    for name, type_code, defining_body, holder, years, _words in _certificates():
        if type_code not in existing:
            certificate_type_save(
                certificate_type=CertificateType(name=name, type_code=type_code, defining_body=defining_body,
                                                 holder_type=holder, validity_years=years, region=city),
                reason=REASON,
            )
            new.add(type_code)
            created["certificate_types"] += 1
    return new


def exempt_material_types() -> dict[str, CertificateType]:
    """{material name: certificate type} of the materials an e-certificate may replace (the demo's materials
    are named after the certificate, or as MATERIAL_NAMES says)."""
    types = CertificateType.objects.filter(type_code__in=[row[1] for row in _certificates()])
    return {MATERIAL_NAMES.get(certificate.name, certificate.name): certificate for certificate in types}


def apply_certificates(new_types: set[str]) -> None:
    """Link the types created by this run to the implementations that issue them (by name) and accept them (a
    material of their name), once the implementations exist."""
    implementations = list(Implementation.objects.filter(live=True).select_related("catalog_item", "department"))
    for name, type_code, _defining_body, _holder, _years, words in _certificates():
        if type_code not in new_types:
            continue
        certificate_type = CertificateType.objects.get(type_code=type_code)
        material = MATERIAL_NAMES.get(name, name)
        issuing = [i for i in implementations if any(word in i.catalog_item.name for word in words)]
        accepting = list(Implementation.objects.filter(live=True, materials__name=material).distinct())
        certificate_type_save(
            certificate_type=certificate_type,
            issuing_departments=sorted({i.department for i in issuing}, key=lambda d: d.pk),
            issuing_implementations=issuing, accepting_implementations=accepting, reason=REASON,
        )


def _certificates() -> list[tuple]:
    """(name, type code, defining body, holder, validity, words of the issuing items) of each demo type; the
    type code is the defining body's credit code and the body's sequence number."""
    sequences: Counter = Counter()
    rows = []
    for name, body, holder, years, words in CERTIFICATES:
        defining_body, credit = BODIES[body]
        sequences[body] += 1
        rows.append((name, f"{credit}{sequences[body]:03d}", defining_body, holder, years, words))
    return rows


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
        in_subtree(region, "region"), live=True, status=ImplementationStatus.SUSPENDED)]


def _bundle_list(region: Region, region_page: RegionPage, list_type: ListType, created: Counter) -> None:
    """高效办成一件事清单（第一批）: the county's bundles of the national list, when it has any it can publish."""
    page, new = _list_page(region_page, list_type, f"{region.code}-yijianshi", f"{region.name}高效办成一件事清单",
                           [("bundle_tier", "eq", "国家")],
                           introduction="按照“成熟一批、公布一批”的要求，分批公布本区县已上线的高效办成一件事。")
    if not new:
        return
    created["published_lists"] += 1
    if not list_entries(page).exists():
        return
    try:
        publication_publish(page=page, document_number=f"{region.name[:2]}府办〔2025〕31号",
                            published_on=dt.date(2025, 7, 1), effective_on=dt.date(2025, 7, 1),
                            change_note="第一批：国务院第一批重点事项中本区县已上线的一件事。")
    except PublicationRefused:
        return  # a bundle of the county cannot be published yet: the list waits for its first batch
    created["publications"] += 1


def _proof_list(region: Region, region_page: RegionPage, list_type: ListType, created: Counter) -> None:
    """证明事项保留清单: the retained proofs that may be asked for in the county (the city's clearance and its own)."""
    page, new = _list_page(region_page, list_type, f"{region.code}-zhengming-baoliu", f"{region.name}证明事项保留清单",
                           [("proof_status", "eq", "保留")],
                           introduction="本清单之外，不得要求申请人提供证明材料；可告知承诺的证明，申请人可以书面承诺代替。")
    if new:
        created["published_lists"] += 1
        publication_publish(page=page, document_number=f"{region.name[:2]}府办〔2025〕20号",
                            published_on=dt.date(2025, 6, 1), effective_on=dt.date(2025, 6, 1))
        created["publications"] += 1


def _subject_list(region: Region, region_page: RegionPage, list_type: ListType, title: str, rule, introduction: str,
                  created: Counter) -> None:
    page, new = _list_page(region_page, list_type, f"{region.code}-{list_type.code}", f"{region.name}{title}", rule,
                           introduction=introduction)
    if new:
        created["published_lists"] += 1
        publication_publish(page=page, document_number=f"{region.name[:2]}府办〔2025〕21号",
                            published_on=dt.date(2025, 6, 1), effective_on=dt.date(2025, 6, 1))
        created["publications"] += 1


def apply_lists(regions: dict[str, Region], counties: list[str], created: Counter) -> None:
    types = {}
    for order, (code, name, description, subject) in enumerate(LIST_TYPES):
        list_type = ListType.objects.filter(code=code).first()
        if list_type is None:
            list_type = save_validated(ListType(code=code, name=name, description=description, subject=subject,
                                                sort_order=order), reason=REASON)
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
        _bundle_list(region, region_page, types["yijianshi"], created)
        _proof_list(region, region_page, types["zhengming-baoliu"], created)
        _subject_list(region, region_page, types["ruzhu-fumian"], "政务服务中心入驻负面清单",
                      [("exemption_level", "in", "县级,乡镇级,村级")],
                      "以下事项暂不进驻政务服务中心，列明理由和办理地点；清单之外的事项应进必进。", created)
        _subject_list(region, region_page, types["zhongjie-fuwu"], "行政审批中介服务事项清单",
                      [("intermediary_level", "eq", "县级")],
                      "本区县行政审批中需要申请人委托中介机构提供的服务，列明设定依据、时限、收费及依据。", created)
        _subject_list(region, region_page, types["huiqi-zhengce"], "惠企政策清单", [("policy_level", "eq", "县级")],
                      "本区县有效的惠企政策，列明享受对象、有效期和兑现事项。", created)
        _subject_list(region, region_page, types["mianshen-jixiang"], "免申即享政策清单",
                      [("policy_exempt_from_application", "eq", "是")],
                      "符合条件的企业无需申请，由部门通过数据比对直接兑现的政策。", created)
        _subject_list(region, region_page, types["fuquan"], "赋权事项清单",
                      [("delegation_type", "in", "下放,委托,授权")],
                      "向乡镇（街道）赋权的事项及其承接单位，每项赋权均配套监管责任（放权必有监管）。", created)
        lists = [
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



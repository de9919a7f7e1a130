"""The demo data (load_demo) and the load generator (generate_load_data)."""

import dataclasses
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count
from simple_history.utils import get_history_model_for_model
from wagtail.models import Page, Site

from cms.api.snapshot import build_snapshot
from config_models import codes
from config_models.models import (
    CatalogItem,
    CertificateType,
    Change,
    ChangeEntity,
    DelegationRequest,
    DelegationRequestStatus,
    Department,
    HallExemption,
    Implementation,
    ItemType,
    LegalBasis,
    ListType,
    Material,
    Membership,
    Publication,
    PublishedListPage,
    Region,
    RegionKind,
    RegionPage,
    Role,
    WindowItem,
)
from demo import load

COUNTED = [Region, RegionPage, Department, CatalogItem, LegalBasis, Implementation, Material, Membership,
           CertificateType, ListType, PublishedListPage, Publication]
# Pages keep Wagtail revisions, not simple-history rows.
PAGES = (RegionPage, PublishedListPage)


def counts() -> dict[str, int]:
    """Rows of every model the commands write, their history, and Wagtail's pages, sites and users."""
    result = {model.__name__: model.objects.count() for model in COUNTED}
    for model in COUNTED:
        if model not in PAGES:
            result[f"history of {model.__name__}"] = get_history_model_for_model(model).objects.count()
    result["pages"] = Page.objects.count()
    result["sites"] = Site.objects.count()
    result["users"] = get_user_model().objects.count()
    return result


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """load_demo once per module, in a transaction around the module's tests (each test runs in a savepoint
    inside it), rolled back at the end so other modules start from an empty database."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            output = StringIO()
            call_command("load_demo", stdout=output)
            yield output.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_regions_form_a_tree_each_with_its_page(db, demo):
    by_level = dict(Region.objects.values_list("level").annotate(n=Count("id")))
    assert by_level == {"province": 1, "city": 1, "county": 3, "township": 10, "village": 18}
    (zone,) = Region.objects.filter(kind=RegionKind.DEVELOPMENT_ZONE)
    assert (zone.level, zone.parent.code) == ("township", "511602")
    for region in Region.objects.select_related("parent", "page"):
        parent_page = region.page.get_parent()
        if region.parent_id:
            assert parent_page.pk == region.parent.page.pk, region
            assert codes.region_code_fits_parent(region.code, region.level, region.parent.code, region.parent.level)
        else:
            assert parent_page.depth == 1
        assert codes.region_code_error(region.code, region.level) is None
    assert all(not problems for problems in Page.find_problems())


def test_one_site_per_county_and_the_city_as_default(db, demo):
    sites = {(site.hostname, site.port): site for site in Site.objects.select_related("root_page")}
    city = Region.objects.get(code="511600")
    default = Site.objects.get(is_default_site=True)
    assert (default.hostname, default.port, default.root_page_id) == ("localhost", 8000, city.page.pk)
    for county in Region.objects.filter(level="county"):
        assert sites[(f"{county.code}.localhost", 8000)].root_page_id == county.page.pk
    assert len(sites) == 4
    assert not Page.objects.filter(depth=2, slug="home", content_type__model="page").exists()


def test_departments_carry_valid_credit_codes(db, demo):
    departments = list(Department.objects.select_related("region"))
    assert len(departments) > 100
    for department in departments:
        assert department.credit_code_check_passes, department.credit_code
        department.full_clean()
    assert Department.objects.filter(name="北辰街道办事处").exists()
    assert Department.objects.filter(name="青龙村村民委员会").exists()
    assert Department.objects.filter(name="广安区行政审批局", region__code="511602").exists()


def test_catalog_covers_every_item_type_with_legal_bases(db, demo):
    assert CatalogItem.objects.count() >= 300
    assert set(CatalogItem.objects.values_list("item_type", flat=True)) == set(ItemType.values)
    basis_counts = CatalogItem.objects.annotate(n=Count("legal_bases")).values_list("n", flat=True)
    assert set(basis_counts) <= {1, 2}
    for item in CatalogItem.objects.all():
        assert item.code.startswith(f"00{item.item_type}") and item.code.endswith("000")
        assert item.allowed_levels and not item.warnings
    # Real names and, where the real data had one, the real local code.
    assert CatalogItem.objects.filter(name="临时救助").exists()
    assert CatalogItem.objects.exclude(local_code="").count() > 200


def test_implementations_span_the_levels_and_pass_every_rule(db, demo):
    implementations = list(
        Implementation.objects.select_related("catalog_item", "region", "department").annotate(
            material_count=Count("materials")
        )
    )
    assert len(implementations) >= 1500
    assert {i.region.level for i in implementations} == {"city", "county", "township", "village"}
    for implementation in implementations:
        assert 2 <= implementation.material_count <= 6
        implementation.full_clean()
    for material in Material.objects.all():
        material.full_clean(exclude=["implementation"])
    # 广安区 keeps the real 地方实施编码 of the real index.
    assert Implementation.objects.filter(region__code="511602").exclude(local_code="").count() > 200


def test_every_row_has_its_initial_history_record(db, demo):
    # (rows the demo rewrote, such as the materials that came to name a proof, keep their history after them)
    for model in (Region, Department, CatalogItem, LegalBasis, Implementation, Material, Membership):
        history = get_history_model_for_model(model)
        created = history.objects.filter(history_type="+", id__in=model.objects.values("id"))
        assert created.values("id").distinct().count() == model.objects.count()


def test_demo_users_one_per_role(db, demo):
    User = get_user_model()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("tongban-demo")
    roles = {m.role: m for m in Membership.objects.select_related("region", "department")}
    assert set(roles) == set(Role.values)
    assert roles[Role.CITY_ADMIN].region.code == "511600"
    assert roles[Role.COUNTY_ADMIN].region.code == "511602"
    assert roles[Role.TOWNSHIP_ADMIN].region.level == "township"
    assert roles[Role.DEPARTMENT_EDITOR].department.region.code == "511602"
    for membership in roles.values():
        assert membership.user.check_password("tongban-demo")
        assert membership.user.has_perm("wagtailadmin.access_admin")
    for username in ("admin", "city_admin", "dept_editor", "viewer"):
        assert username in demo
    assert "tongban-demo" in demo


def test_a_second_run_changes_nothing(db, demo):
    before = counts()
    output = StringIO()
    call_command("load_demo", stdout=output)
    assert counts() == before
    assert "未作改动" in output.getvalue()


def test_generate_load_data_tiny(db, demo):
    demo_counts = counts()
    call_command("generate_load_data", "--scale", "tiny", stdout=StringIO())
    city = Region.objects.get(code=load.CITY[0])
    regions = Region.objects.filter(path__startswith=city.parent.path)
    by_level = dict(regions.values_list("level").annotate(n=Count("id")))
    assert by_level == {"province": 1, "city": 1, "county": 2, "township": 4, "village": 8}
    assert RegionPage.objects.filter(region__in=regions).count() == 16
    for region in regions.exclude(level="province").select_related("parent__page", "page"):
        assert region.page.get_parent().pk == region.parent.page.pk
    assert all(not problems for problems in Page.find_problems())
    items = CatalogItem.objects.filter(code__startswith="52")
    assert items.count() == 50
    implementations = Implementation.objects.filter(region__in=regions)
    assert 400 <= implementations.count() <= 600
    assert {level for level in implementations.values_list("region__level", flat=True)} == {
        "city", "county", "township", "village"
    }
    material_counts = set(implementations.annotate(n=Count("materials")).values_list("n", flat=True))
    assert min(material_counts) >= 4 and max(material_counts) <= 8
    for implementation in implementations.select_related("catalog_item", "region", "department")[:200]:
        implementation.full_clean()
    generated = counts()

    with pytest.raises(CommandError, match="--reset"):
        call_command("generate_load_data", "--scale", "tiny", stdout=StringIO())
    assert counts() == generated

    # --reset deletes the generated rows (and their history) first, and leaves the demo alone.
    call_command("generate_load_data", "--scale", "tiny", "--reset", stdout=StringIO())
    assert counts() == generated
    load.delete_load_data()
    assert counts() == demo_counts


def test_demo_bundles_span_the_three_lifecycles_and_are_adopted_by_every_county(db, demo):
    from config_models.models import Bundle, BundleTemplate
    from config_models.services.bundle import bundle_overviews

    templates = BundleTemplate.objects.live()
    assert {t.title for t in templates} >= {
        "开办餐饮店", "新生儿出生", "退休", "开办运输企业", "水电气网联合报装", "企业注销",
        "二手房转移登记及水电气网联动过户", "身后", "工程建设项目竣工联合验收",
    }
    assert set(templates.values_list("lifecycle", flat=True)) == {"enterprise", "project", "person"}
    bundles = list(Bundle.objects.live().select_related("region"))
    assert {(b.region.code, b.bundle_template.code) for b in bundles} == {
        (county, template.code) for county in ("511602", "511603", "511621") for template in templates
    }
    fewer_materials = 0
    for bundle, overview in zip(bundles, bundle_overviews(bundles).values(), strict=True):
        assert overview.publishable, bundle
        assert bundle.committed_limit <= overview.critical_path_days
        table = overview.efficiency
        assert table.visits.reduction > 0 or table.days.reduction > 0, bundle
        fewer_materials += table.materials.reduction > 0
        bundle.full_clean()
    # Items the demo catalog implemented already keep its materials; the bundles' own items share theirs.
    assert fewer_materials >= len(bundles) * 2 // 3
    restaurant = bundle_overviews([Bundle.objects.get(code="KBCYD-511602")]).popitem()[1]
    assert "营业执照" in [m.name for m in restaurant.materials.reused]
    assert "营业执照" not in [m.name for m in restaurant.materials.asked]


FIRST_NATIONAL_BATCH = [
    "企业信息变更", "开办运输企业", "开办餐饮店", "水电气网联合报装", "信用修复", "企业破产信息核查",
    "企业上市合法合规信息核查", "新生儿出生", "教育入学", "社会保障卡居民服务", "残疾人服务", "退休", "身后",
]


def test_the_13_templates_of_the_2024_first_national_batch_are_national_and_adopted_by_the_counties(db, demo):
    from config_models.models import Bundle, BundleTemplate, Implementation
    from config_models.selectors.bundle import published_templates

    # the 13 first-batch templates, national, with their batch and 文号; the city's own stay local
    national = published_templates(tier="national")
    assert sorted(t.title for t in national) == sorted(FIRST_NATIONAL_BATCH)
    assert {(t.batch_year, t.batch, t.policy_document, t.batch_label) for t in national} == {
        (2024, 1, "国发〔2024〕3号", "2024年第一批")}
    assert {t.title for t in published_templates(tier="local")} >= {"企业注销", "工程建设项目竣工联合验收"}
    assert not BundleTemplate.objects.filter(title__in=FIRST_NATIONAL_BATCH).exclude(tier="national").exists()
    # one template per item: the demo's nine bundles were extended, not duplicated
    assert BundleTemplate.objects.filter(title__in=FIRST_NATIONAL_BATCH).count() == 13
    for template in national:
        assert template.lead_role and template.cooperating_role_list, template
        assert "国发〔2024〕3号" in template.basis
        # every county implementing all of its items offers it, published
        item_ids = set(template.items.values_list("catalog_item_id", flat=True))
        for county in Region.objects.filter(level="county"):
            implemented = set(Implementation.objects.filter(region=county, catalog_item_id__in=item_ids)
                              .values_list("catalog_item_id", flat=True))
            bundle = Bundle.objects.filter(bundle_template=template, region=county).first()
            assert bundle is not None, (template, county)
            assert bundle.live == (implemented == item_ids), (template, county)
            assert bundle.lead_department.region == county


def test_demo_quotas_count_the_bundles_online_by_their_due_dates(db, demo):
    import datetime as dt

    from config_models.models import BundleQuota
    from config_models.selectors.bundle import progress

    first, full_year = BundleQuota.objects.order_by("count")
    assert (first.count, first.due_date, full_year.count) == (10, dt.date(2025, 6, 30), 30)
    # 企业上市合法合规信息核查 went online on 2025-08-29: after the first due date, before the second
    assert [row.counted for row in progress(first).regions] == [15, 15, 15]
    assert [row.counted for row in progress(full_year).regions] == [16, 16, 16]
    assert progress(first).met and not progress(full_year).met
    # before the batch went online, nothing of it counted
    assert progress(first, on=dt.date(2024, 6, 1)).counted == 3 * 3  # the three local bundles of 2023


def test_each_county_publishes_its_lists_and_a_second_batch(db, demo):
    for county in Region.objects.filter(level="county"):
        lists = {page.list_type.code: page for page in PublishedListPage.objects.filter(region=county)}
        assert set(lists) == {"zuiduo-paoyici", "zhengming-baoliu", "bangban-daiban", "tongban", "yijianshi",
                              "ruzhu-fumian", "fuquan", "zhongjie-fuwu", "huiqi-zhengce", "mianshen-jixiang"}, county
        for page in lists.values():
            assert page.get_parent().specific.region == county
            assert page.publications.filter(status="published").exists()
        first, second = lists["zuiduo-paoyici"].publications.order_by("batch")
        assert {entry["visit_count"] for entry in first.entries} == {0}
        assert {entry["visit_count"] for entry in second.entries} == {0, 1}
        assert len(second.diff["added"]) == second.entry_count - first.entry_count > 0
        # 帮办代办 is the items the hall's 帮办代办 window accepts
        assisted = lists["bangban-daiban"].publications.get()
        accepted = set(Implementation.objects.filter(window_items__window__window_type="assisted", region=county)
                       .values_list("pk", flat=True))
        assert assisted.entry_count == len(accepted) > 0
        # 高效办成一件事清单（第一批）: the county's bundles of the national list
        bundles = lists["yijianshi"].publications.get()
        assert bundles.entry_count > 0 and {entry["tier"] for entry in bundles.entries} == {"national"}
        assert {entry["region_code"] for entry in bundles.entries} <= {county.code} | set(
            Region.objects.filter(path__startswith=county.path).values_list("code", flat=True))
        # 入驻负面清单: the county's items handled outside its hall, at none of its windows, with the reason
        exempt = lists["ruzhu-fumian"].publications.get()
        assert exempt.entry_count == HallExemption.objects.filter(implementation__region=county).count() > 0
        assert all(entry["reason"] and entry["place"] for entry in exempt.entries)
        assert not WindowItem.objects.filter(implementation__hall_exemption__isnull=False).exists()
        # 赋权清单: the powers delegated to the county's town, each with its one supervision duty
        delegated = lists["fuquan"].publications.get()
        assert delegated.entry_count == 2 and all(len(entry["supervision"]) == 1 for entry in delegated.entries)
        # 中介服务事项 and 惠企政策 of the county; the 免申即享 list only those without an application
        assert lists["zhongjie-fuwu"].publications.get().entry_count >= 10
        assert lists["huiqi-zhengce"].publications.get().entry_count >= 5
        exempt_only = lists["mianshen-jixiang"].publications.get().entries
        assert exempt_only and all(entry["exempt_from_application"] for entry in exempt_only)


def test_the_city_clears_thirty_real_proofs_and_each_county_publishes_the_retained_ones(db, demo):
    from config_models.models import Material, Necessity, Proof, ProofStatus

    proofs = list(Proof.objects.all())
    retained = [proof for proof in proofs if proof.status == ProofStatus.RETAINED]
    assert len(proofs) >= 30 and len(retained) >= 20 and len(proofs) > len(retained)
    for proof in proofs:
        proof.full_clean()
    asking = Material.objects.filter(proof__isnull=False)
    assert asking.values("proof").distinct().count() >= 5
    assert not asking.filter(proof__status=ProofStatus.CANCELLED).exists()
    pledged = Material.objects.filter(necessity=Necessity.PLEDGE)
    assert pledged.filter(name="住所使用证明").exists() and not pledged.filter(pledge_text="").exists()
    for county in Region.objects.filter(level="county"):
        batch = PublishedListPage.objects.get(region=county, list_type__code="zhengming-baoliu").publications.get()
        assert batch.entry_count == len(retained)
        assert {entry["status"] for entry in batch.entries} == {"retained"}
        assert any(entry["item_names"] for entry in batch.entries)


def test_certificate_catalog_has_thirty_real_types_linked_to_implementations(db, demo):
    certificates = list(CertificateType.objects.prefetch_related("issuing_implementations",
                                                                  "accepting_implementations"))
    assert len(certificates) >= 30
    names = {certificate.name for certificate in certificates}
    assert {"营业执照", "食品经营许可证", "出生医学证明", "不动产权证书"} <= names
    for certificate in certificates:
        certificate.full_clean()
    assert sum(bool(c.issuing_implementations.all()) for c in certificates) >= 20
    assert sum(bool(c.accepting_implementations.all()) for c in certificates) >= 20
    licence = next(c for c in certificates if c.name == "营业执照")
    accepting = list(licence.accepting_implementations.all())
    assert accepting and all(i.materials.filter(name="营业执照").exists() for i in accepting)


def test_intermediary_services_and_business_policies_of_the_real_county(db, demo):
    from config_models.models import BusinessPolicy, IntermediaryService
    from config_models.selectors import business_policy, intermediary
    from demo.builder import REAL_COUNTY

    county = Region.objects.get(code=REAL_COUNTY)
    services = list(intermediary.in_force(county))
    assert len(services) >= 10
    names = {service.name for service in services}
    assert {"建设项目环境影响评价文件编制", "防雷装置检测", "安全评价", "水土保持方案编制"} <= names
    assert sum(bool(service.implementations.all()) for service in services) >= 5
    assert any(service.charges_fee for service in services) and any(s.provider_list for s in services)
    policies = list(BusinessPolicy.objects.filter(region=county).prefetch_related("implementations"))
    assert len(policies) >= 10
    exempt = [policy for policy in policies if policy.exempt_from_application]
    assert 3 <= len(exempt) < len(policies)
    assert all(policy.implementations.all() for policy in policies if not policy.exempt_from_application)
    assert business_policy.in_force(county).exists()
    for row in [*IntermediaryService.objects.all(), *policies]:
        row.full_clean()
        assert row.history.filter(history_type="+").exists()
    assert intermediary.snapshot_entry(services[0])["region_code"] == REAL_COUNTY
    # the city's own lists: its departments, its own implementations only
    city = county.parent
    city_services = list(intermediary.in_force(city).filter(region=city))
    assert len(city_services) >= 10
    assert all(s.department.region == city for s in city_services)
    assert all(i.region == city for s in city_services for i in s.implementations.all())
    assert BusinessPolicy.objects.filter(region=city, exempt_from_application=True).count() >= 5


def test_every_indicator_of_the_city_and_its_counties_with_unmet_ones_and_their_worklists(db, demo):
    from django.utils import timezone

    from config_models.indicators import computation
    from config_models.models import Indicator, IndicatorSnapshot, Region
    from config_models.selectors import indicator as figures

    city = Region.objects.get(level="city")
    regions = [city, *Region.objects.filter(parent=city).order_by("code")]
    assert len(regions) == 4
    on = timezone.localdate()
    result = figures.region_figures(regions, on=on)
    indicators = list(Indicator.objects.all())
    assert len(indicators) >= 10
    for region in regions:
        assert all(figure.value is not None for figure in result[region.pk]), region
    counties = regions[1:]
    unmet = {figure.indicator.code for county in counties for figure in result[county.pk] if figure.met is False}
    assert len(unmet) >= 3, unmet
    for indicator in (i for i in indicators if i.code in unmet and computation(i.computation).worklist is not None):
        assert any(figures.worklist(indicator, county, on=on).exists() for county in counties), indicator.code
    assert IndicatorSnapshot.objects.filter(region=city, on=on.replace(day=1)).count() == len(indicators)

    # the chief approvers' share is the hall worklists' figure for a county's own implementations
    from config_models.selectors.authorization import region_share

    chief = Indicator.objects.get(computation="chief_approval")
    own = figures.region_figures(counties, on=on, include_descendants=False, indicator_list=[chief])
    for county in counties:
        share = region_share(county, on=on)
        assert (own[county.pk][0].numerator, own[county.pk][0].denominator) == (share.approvable, share.total)


def test_governance_a_review_wave_after_a_template_edit_and_proposals_in_three_states(db, demo):
    from config_models.models import CatalogProposal, ProposalStage, ProposalStatus, ReviewMark

    marks = ReviewMark.objects.open().filter(bundle_template__isnull=False).select_related("bundle")
    assert marks.count() >= 2
    assert {mark.bundle.region.level for mark in marks} == {"county"}
    for mark in marks:
        (field,) = mark.fields
        assert field["field"] == "notice" and "2026年修订" in field["after"] and "2026年修订" not in field["before"]
    states = sorted((p.status, p.stage) for p in CatalogProposal.objects.all())
    assert states == [(ProposalStatus.APPROVED, ""), (ProposalStatus.IN_REVIEW, ProposalStage.LEGAL),
                      (ProposalStatus.IN_REVIEW, ProposalStage.STAFFING)]
    approved = CatalogProposal.objects.get(status=ProposalStatus.APPROVED)
    assert approved.result_item.code == "000199001000" and approved.reviews.count() == 4


def test_governance_the_zone_asks_its_county_for_a_power_with_its_own_admin(db, demo):
    (request,) = DelegationRequest.objects.select_related("region", "implementation__region")
    assert request.status == DelegationRequestStatus.PENDING
    assert request.region.kind == RegionKind.DEVELOPMENT_ZONE
    assert request.implementation.region == request.region.parent and request.implementation.live
    assert request.receiving_department.region == request.region
    assert request.requested_by.username == "zone_admin"
    assert Membership.objects.get(user__username="zone_admin").region == request.region
    assert request.history.count() == 1


def test_a_province_copies_the_first_city_onto_each_further_city(db):
    scale = dataclasses.replace(load.SCALES["tiny"], cities=3)
    created = load.generate(scale, log=lambda message: None)
    province = Region.objects.get(code=load.PROVINCE[0])
    cities = list(Region.objects.filter(parent=province).order_by("code"))
    assert [city.code for city in cities] == ["520100", "520200", "520300"]
    per_city = []
    for city in cities:
        implementations = Implementation.objects.in_subtree(city)
        per_city.append(
            (
                implementations.count(),
                Material.objects.filter(implementation__in=implementations).count(),
                sorted(implementations.values_list("catalog_item__code", "region__level")),
            )
        )
        # each city's rows hang on its own regions and departments
        assert not implementations.exclude(department__region__path__startswith=city.path).exists()
        for implementation in implementations.select_related("catalog_item", "region", "department")[:50]:
            implementation.full_clean()
    assert per_city[0][0] > 0 and per_city[0] == per_city[1] == per_city[2]
    everything = Implementation.objects.in_subtree(province)
    assert created["implementations"] == everything.count() == 3 * per_city[0][0]
    assert created["materials"] == Material.objects.filter(implementation__in=everything).count()
    # one creation record and one feed entry per row, whichever way it was written
    history = Implementation.history.filter(id__in=everything.values("pk"), history_type="+")
    assert history.count() == everything.count()
    assert Material.history.filter(implementation_id__in=everything.values("pk")).count() == created["materials"]
    entries = Change.objects.filter(entity=ChangeEntity.IMPLEMENTATION, object_id__in=everything.values("pk"))
    assert entries.count() == everything.count()
    assert set(entries.values_list("region_path", flat=True)) == set(everything.values_list("region__path", flat=True))
    # a copy's entry names the copy, as feed_record would have written it
    codes = dict(entries.values_list("object_id", "code"))
    for implementation in everything.select_related("catalog_item", "region", "department").order_by("-pk")[:20]:
        assert codes[implementation.pk] == implementation.implementation_code
    # the next row written by the ordinary path takes a free id
    copy = everything.order_by("-pk").first()
    material = copy.materials.first()
    material.pk = None
    material.save()
    assert material.pk > Material.objects.exclude(pk=material.pk).order_by("-pk").first().pk

    build_snapshot(cities[1].children.first())  # rows of other apps about the regions go too
    load.delete_load_data()
    assert not Region.objects.filter(path__startswith=province.path).exists()
    assert not Implementation.objects.filter(pk__in=[copy.pk]).exists()

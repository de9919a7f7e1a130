"""The data-quality worklists on a hand-built county: each check finds exactly the rows that fail it, in its
region's subtree only, with one query per check."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config_models.models import CertificateType, Implementation, MaterialSource
from config_models.models.implementation import PLACEHOLDER_TEXT
from config_models.selectors import data_quality
from tests.factories import CatalogItemFactory, DepartmentFactory, ImplementationFactory, MaterialFactory
from tests.hall_factories import accept, make_hall

pytestmark = pytest.mark.django_db

GUIDE = {"accept_conditions": "申请人为本区户籍居民", "procedure": "申请、受理、审核、办结",
         "address": "广安区政务服务中心", "office_hours": "工作日9:00-17:00"}


def implement(region, name, **values):
    department = DepartmentFactory(region=region, name=f"{region.name}{name}局")
    return ImplementationFactory(catalog_item=CatalogItemFactory(region=region, name=name), region=region,
                                 department=department, **{**GUIDE, **values})


@pytest.fixture
def county(regions):
    county, township, sibling = regions["county"], regions["township"], regions["sibling"]
    rows = {
        "complete": implement(county, "完整事项", window_handling=False),
        "no_procedure": implement(county, "缺流程", procedure="", window_handling=False),
        "fee_unpriced": implement(township, "收费未定价", charges_fee=True, fee_standard="", window_handling=False),
        "imported": implement(county, "导入草稿", live=False, visit_reason=PLACEHOLDER_TEXT, window_handling=False),
        "unaccepted": implement(county, "无窗口"),
        "accepted": implement(county, "有窗口"),
        "stale": implement(township, "久未复核", window_handling=False),
        "sibling": implement(sibling, "邻区缺流程", procedure="", visit_reason=PLACEHOLDER_TEXT),
    }
    accept(make_hall(county, windows=[("1", "综合受理", "general")]).windows.get(), rows["accepted"])
    Implementation.objects.filter(pk=rows["stale"].pk).update(
        last_published_at=timezone.now() - dt.timedelta(days=400))
    government = {"source": MaterialSource.GOVERNMENT}
    rows["basis"] = MaterialFactory(implementation=rows["complete"], legal_basis="《行政许可法》第三十一条")
    rows["no_basis"] = MaterialFactory(implementation=rows["complete"], legal_basis="")
    rows["exempt_linked"] = MaterialFactory(implementation=rows["complete"], name="营业执照", legal_basis="有",
                                            e_certificate_exempt=True, **government)
    rows["exempt_alone"] = MaterialFactory(implementation=rows["no_procedure"], name="营业执照", legal_basis="有",
                                           e_certificate_exempt=True, **government)
    MaterialFactory(implementation=rows["sibling"], legal_basis="", e_certificate_exempt=True, **government)
    licence = CertificateType.objects.create(name="营业执照", region=regions["city"])
    licence.accepting_implementations.add(rows["complete"])
    return rows


def found(code, region):
    return set(data_quality.rows(code, region, on=timezone.localdate()).values_list("pk", flat=True))


def test_each_check_finds_the_rows_that_fail_it_in_the_subtree(regions, county):
    county_region = regions["county"]
    ids = {key: row.pk for key, row in county.items()}

    assert found("guide_incomplete", county_region) == {ids["no_procedure"], ids["fee_unpriced"]}
    assert found("import_placeholders", county_region) == {ids["imported"]}  # a draft, still listed
    assert found("materials_without_basis", county_region) == {ids["no_basis"]}
    assert found("exempt_without_certificate", county_region) == {ids["exempt_alone"]}
    assert found("not_at_a_window", county_region) == {ids["unaccepted"]}
    assert found("not_reviewed", county_region) == {ids["stale"]}


def test_a_township_sees_its_own_rows_only(regions, county):
    assert found("guide_incomplete", regions["township"]) == {county["fee_unpriced"].pk}
    assert found("materials_without_basis", regions["township"]) == set()


def test_counts_take_one_query_per_check(regions, county):
    with CaptureQueriesContext(connection) as queries:
        counts = data_quality.counts(regions["county"], on=timezone.localdate())
    assert dict((check.code, n) for check, n in counts) == {
        "guide_incomplete": 2, "import_placeholders": 1, "materials_without_basis": 1,
        "exempt_without_certificate": 1, "not_at_a_window": 1, "not_reviewed": 1,
    }
    assert len(queries) == len(data_quality.CHECKS)

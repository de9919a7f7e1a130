import pytest
from django.conf import settings

from tests.factories import (
    CatalogItemFactory,
    DepartmentFactory,
    ImplementationFactory,
    make_region,
)


@pytest.fixture
def regions(db):
    """A small tree: province → city → two counties → a township under the first county."""
    province = make_region("510000", "四川省", "province")
    city = make_region("511600", "广安市", "city", province)
    county = make_region("511602", "广安区", "county", city)
    sibling = make_region("511603", "前锋区", "county", city)
    township = make_region("511602001000", "北辰街道", "township", county)
    return {"province": province, "city": city, "county": county, "sibling": sibling, "township": township}


@pytest.fixture
def catalog_item(regions):
    return CatalogItemFactory(region=regions["province"], name="建设工程施工许可证核发", code="000101001000")


@pytest.fixture
def county_department(regions):
    return DepartmentFactory(region=regions["county"], name="广安区行政审批局")


@pytest.fixture
def implementation(catalog_item, regions, county_department):
    return ImplementationFactory(catalog_item=catalog_item, region=regions["county"], department=county_department)


@pytest.fixture(autouse=True)
def wagtail_base_rows(request):
    """Transactional tests flush every table at their end, Wagtail's root page and default locale too, which
    its migrations created; a later transactional test on the same worker would find no page tree. (Django's
    serialized rollback cannot restore them once Playwright runs an event loop in the test thread: the
    connection seen from test code is then another one, without the serialized contents.)"""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from wagtail.models import Collection, Locale, Page

    if not Locale.objects.exists():
        Locale.objects.create(language_code=settings.LANGUAGE_CODE)
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.get_default()))
    if not Collection.objects.exists():
        Collection.add_root(name="Root")

import pytest

from tests.factories import (
    CatalogItemFactory,
    DepartmentFactory,
    ImplementationFactory,
    make_region,
)


def wagtail_root_ensure() -> None:
    """The root page and default locale of Wagtail's migrations, which a transactional test's flush removes."""
    from django.conf import settings
    from wagtail.models import Locale, Page

    if not Page.objects.filter(depth=1).exists():
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        Page.add_root(instance=Page(title="Root", slug="root"))


@pytest.fixture
def regions(db):
    """A small tree: province → city → two counties → a township under the first county."""
    wagtail_root_ensure()
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

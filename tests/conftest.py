import pytest

from tests.factories import (
    CatalogItemFactory,
    DepartmentFactory,
    ImplementationFactory,
    make_region,
)


def pytest_collection_modifyitems(items):
    """Give every transactional test (live server, browser, task worker) a serialized rollback.

    Such a test ends by flushing every table, and with them the rows the migrations made: Wagtail's root
    page, default Site and Locale. Without this, the next transactional test on the same worker starts
    from an empty tree. Serialized rollback restores the migrated rows before each one.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        kwargs = dict(marker.kwargs) if marker else {}
        if kwargs.get("transaction") or "live_server" in getattr(item, "fixturenames", ()):
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(*(marker.args if marker else ()), **kwargs), append=False)


@pytest.fixture
def database_tasks(settings):
    """Tasks are queued in the database, as in production, and run only by the worker (`run_worker`).

    The worker's own transactions and connection checks need a transactional test
    (`@pytest.mark.django_db(transaction=True)`).
    """
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


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


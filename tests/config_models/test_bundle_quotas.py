"""一件事 quotas: progress counts the bundles in force on the due date (published by then, of a template published
by then), on dates before and after it, per region of the quota's level and per lead department; the
一件事上线数 indicator counts the same rows."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from simple_history.utils import get_history_model_for_model

from config_models.indicators import Source
from config_models.models import Bundle, BundleQuota, BundleTemplate, Indicator
from config_models.selectors.bundle import in_force, progress, progress_summary
from config_models.selectors.indicator import region_figures, source_rows
from config_models.services.bundle import bundle_quota_save, bundle_unpublish
from tests.bundle_helpers import adopt, catalog, implement, make_template
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

DUE = dt.date(2025, 6, 30)


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def published_on(page, when: dt.datetime) -> None:
    """Back-date a page's first publication (as if it had gone live then)."""
    type(page).objects.filter(pk=page.pk).update(first_published_at=when)


@pytest.fixture
def world(regions):
    """广安区 and 前锋区 adopt templates on dates around the due date 2025-06-30:

    广安区: A on 2025-03-01 (led by its 市场监管局), B on 2025-09-01 (late, led by its 卫健局),
            C on 2025-05-01 of template C, itself first published on 2025-08-01 (late).
    前锋区: A at 2025-06-30 22:00 (the due date's evening: counts), D on 2025-05-01 but withdrawn since.
    """
    items = catalog(regions)
    city_lead = DepartmentFactory(region=regions["city"], name="广安市市场监督管理局")
    market = DepartmentFactory(region=regions["county"], name="广安区市场监督管理局")
    health = DepartmentFactory(region=regions["county"], name="广安区卫生健康局")
    sibling = DepartmentFactory(region=regions["sibling"], name="前锋区市场监督管理局")
    implement(items, regions["county"], market)
    implement(items, regions["sibling"], sibling)
    templates = {code: make_template(regions, items, code=f"T{code}") for code in "ABCD"}
    for code, template in templates.items():
        published_on(template, at(dt.date(2025, 8, 1)) if code == "C" else at(dt.date(2025, 1, 1)))
    templates = {code: BundleTemplate.objects.get(pk=t.pk) for code, t in templates.items()}
    bundles = {
        "A-county": (adopt(templates["A"], regions["county"], market), at(dt.date(2025, 3, 1))),
        "B-county": (adopt(templates["B"], regions["county"], health), at(dt.date(2025, 9, 1))),
        "C-county": (adopt(templates["C"], regions["county"], market), at(dt.date(2025, 5, 1))),
        "A-sibling": (adopt(templates["A"], regions["sibling"], sibling), at(DUE, 22)),
        "D-sibling": (adopt(templates["D"], regions["sibling"], city_lead), at(dt.date(2025, 5, 1))),
    }
    for bundle, when in bundles.values():
        published_on(bundle, when)
    bundle_unpublish(instance=Bundle.objects.get(pk=bundles["D-sibling"][0].pk))
    return {"regions": regions, "market": market, "health": health, "city_lead": city_lead,
            "bundles": {key: bundle for key, (bundle, _when) in bundles.items()}}


def quota(world, **fields) -> BundleQuota:
    fields = {"region": world["regions"]["city"], "level": "county", "count": 2, "due_date": DUE, **fields}
    return bundle_quota_save(quota=BundleQuota(**fields))


def counted(result) -> dict[str, int]:
    return {row.region.name: row.counted for row in result.regions}


def test_before_the_due_date_progress_counts_what_is_in_force_that_day(world):
    result = progress(quota(world), on=dt.date(2025, 4, 1))

    assert counted(result) == {"广安区": 1, "前锋区": 0}
    assert (result.counted, result.required, result.met, result.due) == (1, 4, False, False)
    assert result.counted_on == dt.date(2025, 4, 1)


def test_on_the_due_date_a_bundle_published_that_evening_counts(world):
    result = progress(quota(world), on=DUE)
    assert counted(result) == {"广安区": 1, "前锋区": 1}
    assert result.due


def test_after_the_due_date_late_bundles_and_late_templates_do_not_count(world):
    # B went online in September, C's template was published in August: both after the due date
    result = progress(quota(world), on=dt.date(2025, 12, 31))

    assert counted(result) == {"广安区": 1, "前锋区": 1}
    assert result.counted_on == DUE
    assert (result.counted, result.required, result.met) == (2, 4, False)
    # the same bundles by a quota due at the end of the year
    late = progress(quota(world, due_date=dt.date(2025, 12, 31)), on=dt.date(2026, 3, 1))
    assert counted(late) == {"广安区": 3, "前锋区": 1}
    assert [row.met for row in late.regions] == [True, False]


def test_a_department_quota_counts_only_the_bundles_it_leads(world):
    market = progress(quota(world, department=world["market"], count=1), on=DUE)
    health = progress(quota(world, department=world["health"], count=1), on=dt.date(2025, 12, 31))

    # a county department's quota concerns its county only
    assert counted(market) == {"广安区": 1} and market.met
    assert counted(health) == {"广安区": 0} and not health.met  # its bundle B came after the due date


def test_a_city_department_quota_concerns_every_county(world):
    result = progress(quota(world, department=world["city_lead"], count=1), on=DUE)
    # D, the city department's only bundle, was withdrawn: nothing in force
    assert counted(result) == {"广安区": 0, "前锋区": 0}


def test_a_department_outside_the_quota_region_is_refused_and_nothing_is_written(world, regions):
    # given: a department of another city
    from tests.factories import make_region

    other_city = make_region("511700", "达州市", "city", regions["province"])
    outsider = DepartmentFactory(region=other_city, name="达州市市场监督管理局")
    history = get_history_model_for_model(BundleQuota)

    # when
    with pytest.raises(ValidationError) as refused:
        quota(world, department=outsider)

    # then
    assert refused.value.message_dict["department"] == [
        "“达州市市场监督管理局”不属于广安市及其上下级区划，不能作为该目标的牵头部门。"]
    assert not BundleQuota.objects.exists() and not history.objects.exists()


def test_the_quota_and_the_indicator_read_the_same_bundles_in_force(world, regions):
    indicator, _ = Indicator.objects.get_or_create(
        code="bundles_adopted", defaults={"name": "一件事上线数", "computation": "bundles_adopted", "unit": "count"})
    for day in (dt.date(2025, 4, 1), DUE, dt.date(2025, 12, 31)):
        rows = set(in_force(on=day).values_list("pk", flat=True))
        assert set(source_rows(Source.BUNDLE, day).values_list("pk", flat=True)) == rows
        figure = region_figures([regions["city"]], on=day, indicator_list=[indicator])[regions["city"].pk][0]
        assert figure.numerator == progress(quota(world, due_date=day), on=day).counted == len(rows)


def test_the_admin_list_shows_progress_and_its_state(world, regions):
    on_time = quota(world, count=1)
    soon = quota(world, due_date=timezone.localdate() + dt.timedelta(days=30), count=9)
    assert progress_summary(on_time) == "广安区 1/1、前锋区 1/1（已到期，已完成）"
    assert progress_summary(soon) == "广安区 3/9、前锋区 1/9（进行中）"
    assert str(quota(world, department=world["market"], count=1)) == (
        "广安市：每个县级区划2025-06-30前由广安区市场监督管理局牵头的1件")

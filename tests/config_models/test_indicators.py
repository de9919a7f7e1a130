"""Performance indicators on a hand-built data set, against values worked out by hand.

The county 广安区 has four implementations and its township one; the sibling county one in force, one ended
and one unpublished. Each figure below is the hand calculation written next to it.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config_models.models import (
    HallExemption,
    ImplementationStatus,
    Indicator,
    IndicatorSnapshot,
    IndicatorTarget,
    MaterialSource,
    RegionLevel,
)
from config_models.selectors import indicator as figures
from config_models.services.indicator import indicator_target_save, snapshots_take
from config_models.tasks import take_monthly_indicator_snapshots
from tests.factories import (
    CatalogItemFactory,
    DepartmentFactory,
    ImplementationFactory,
    MaterialFactory,
    make_region,
)
from tests.hall_factories import StaffFactory, accept, make_hall, make_roster

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 1)
CODES = ["immediate_share", "limit_compression", "online_available", "fully_online", "average_visits",
         "at_most_one_visit", "zero_visit", "in_hall", "chief_approval", "e_certificate_reuse", "bundles_adopted"]
UNITS = {"average_visits": "times", "bundles_adopted": "count"}
AT_MOST = {"average_visits"}


@pytest.fixture
def indicators(db):
    return {code: Indicator.objects.create(code=code.replace("_", "-"), name=code, computation=code,
                                           unit=UNITS.get(code, "percent"),
                                           direction="lte" if code in AT_MOST else "gte")
            for code in CODES}


def implement(region, department, **values):
    item = CatalogItemFactory(region=region.parent if region.level == "township" else region)
    return ImplementationFactory(catalog_item=item, region=region, department=department, **values)


@pytest.fixture
def data(regions):
    county, township, sibling = regions["county"], regions["township"], regions["sibling"]
    a = DepartmentFactory(region=county, name="广安区行政审批局")
    b = DepartmentFactory(region=county, name="广安区民政局")
    street = DepartmentFactory(region=township, name="北辰街道办事处")
    rows = {
        "i1": implement(county, a, handling_type="immediate", statutory_limit=20, committed_limit=5, visit_count=0,
                        online_depth=4),
        "i2": implement(county, a, statutory_limit=20, committed_limit=10, visit_count=1, online_depth=2),
        "i3": implement(county, b, statutory_limit=0, committed_limit=3, visit_count=2, visit_reason="",
                        online_depth=0, window_handling=False),
        "i4": implement(county, b, handling_type="immediate", statutory_limit=10, statutory_limit_unit="natural_day",
                        committed_limit=1, visit_count=1, visit_reason="", online_depth=3),
        "t1": implement(township, street, statutory_limit=30, committed_limit=3, visit_count=0, online_depth=4),
        "s1": implement(sibling, DepartmentFactory(region=sibling), handling_type="immediate", statutory_limit=20,
                        committed_limit=20, online_depth=1),
        "ended": implement(sibling, DepartmentFactory(region=sibling), status=ImplementationStatus.ENDED,
                           ended_on=TODAY - dt.timedelta(days=1)),
        "draft": implement(sibling, DepartmentFactory(region=sibling), live=False),
    }
    HallExemption.objects.create(implementation=rows["i4"], reason="需在项目现场踏勘办理")
    hall = make_hall(county, windows=[("1", "综合受理", "general")])
    window = hall.windows.get()
    accept(window, rows["i1"], rows["t1"])
    second = accept(make_hall(county, title="广安区第二政务服务中心", windows=[("2", "综合受理", "general")])
                    .windows.get(), rows["i2"])[0].window
    chief = StaffFactory(region=county, department=a, is_chief_approver=True)
    clerk = StaffFactory(region=county, department=a)
    make_roster(county, a, [(chief, [window], [rows["i1"]], ["approve"]), (clerk, [second], [rows["i2"]], ["approve"])],
                go_live=TODAY - dt.timedelta(days=30))
    government = {"source": MaterialSource.GOVERNMENT}
    MaterialFactory(implementation=rows["i1"], e_certificate_exempt=True, **government)
    MaterialFactory(implementation=rows["i1"], **government)
    MaterialFactory(implementation=rows["i2"], **government)
    MaterialFactory(implementation=rows["i2"], source=MaterialSource.APPLICANT, e_certificate_exempt=False)
    return rows


def values(region_figures) -> dict:
    return {figure.indicator.computation: figure.value for figure in region_figures}


def test_every_indicator_of_a_county_subtree_matches_the_hand_calculation(indicators, data, regions):
    county = figures.region_figures([regions["county"]], on=TODAY)[regions["county"].pk]

    assert values(county) == {
        "immediate_share": Decimal("40.00"),    # i1, i4 of 5
        "limit_compression": Decimal("71.67"),  # (0.75 + 0.5 + 0.9) / 3: i3 has no statutory limit, i4 other units
        "online_available": Decimal("80.00"),   # depth ≥ Ⅱ: i1, i2, i4, t1 of 5
        "fully_online": Decimal("40.00"),       # depth Ⅳ: i1, t1
        "average_visits": Decimal("0.80"),      # (0 + 1 + 2 + 1 + 0) / 5
        "at_most_one_visit": Decimal("80.00"),  # all but i3
        "zero_visit": Decimal("40.00"),         # i1, t1
        "in_hall": Decimal("100.00"),           # in hall: i1, i2, t1 (i3 not at a window, i4 exempt); all at one
        "chief_approval": Decimal("33.33"),     # of i1, i2, t1: i1 (i2's approver is no chief approver, t1 has none)
        "e_certificate_reuse": Decimal("33.33"),  # government materials 3, exempt 1; the applicant's not counted
        "bundles_adopted": Decimal("0"),
    }
    immediate = next(f for f in county if f.indicator.computation == "immediate_share")
    assert (immediate.numerator, immediate.denominator) == (Decimal(2), Decimal(5))


def test_own_rows_only_and_the_sibling_without_its_ended_and_unpublished_rows(indicators, data, regions):
    own = figures.region_figures([regions["county"]], on=TODAY, include_descendants=False)[regions["county"].pk]
    sibling = figures.region_figures([regions["sibling"]], on=TODAY)[regions["sibling"].pk]

    assert values(own)["immediate_share"] == Decimal("50.00")  # i1, i4 of the county's own 4
    assert values(own)["average_visits"] == Decimal("1.00")    # (0 + 1 + 2 + 1) / 4
    assert values(sibling)["immediate_share"] == Decimal("100.00")  # s1 alone
    assert values(sibling)["limit_compression"] == Decimal("0.00")  # 20 of 20
    # before the ended row ended, it counted
    earlier = figures.region_figures([regions["sibling"]], on=TODAY - dt.timedelta(days=2))[regions["sibling"].pk]
    assert values(earlier)["immediate_share"] == Decimal("50.00")


def test_breakdown_per_department_and_per_item_type(indicators, data, regions):
    by_department = figures.breakdown(regions["county"], "department", on=TODAY)
    immediate = {department: values(row)["immediate_share"] for department, row in by_department.items()}

    assert immediate == {data["i1"].department_id: Decimal("50.00"), data["i3"].department_id: Decimal("50.00"),
                         data["t1"].department_id: Decimal("0.00")}
    by_type = figures.breakdown(regions["county"], "item_type", on=TODAY)
    assert sum(values(row)["average_visits"] is not None for row in by_type.values()) == len(by_type) >= 1


def test_targets_are_the_nearest_issuers_and_the_one_due_by_the_date(indicators, data, regions):
    def target(code, issuer, value, due=None):
        return indicator_target_save(target=IndicatorTarget(indicator=indicators[code], region=regions[issuer],
                                                            level=RegionLevel.COUNTY, value=value, due_date=due,
                                                            document_number="广安府办〔2020〕1号"))

    target("immediate_share", "province", 30)
    target("immediate_share", "city", 50)
    target("average_visits", "city", Decimal("0.5"))
    target("bundles_adopted", "city", 10, dt.date(2020, 11, 30))
    target("bundles_adopted", "city", 30, dt.date(2021, 12, 31))

    def binding(code, on):
        figure = next(f for f in figures.region_figures([regions["county"]], on=on)[regions["county"].pk]
                      if f.indicator.computation == code)
        return (figure.target.value if figure.target else None), figure.met

    assert binding("immediate_share", TODAY) == (Decimal(50), False)  # the city's, not the province's 30
    assert binding("average_visits", TODAY) == (Decimal("0.5"), False)  # 0.80 is above "at most 0.5"
    assert binding("bundles_adopted", dt.date(2020, 1, 1))[0] == Decimal(10)  # none due yet: the next one
    assert binding("bundles_adopted", dt.date(2021, 6, 1))[0] == Decimal(10)
    assert binding("bundles_adopted", dt.date(2022, 1, 1))[0] == Decimal(30)


def test_a_department_target_judges_the_departments_and_not_the_region(indicators, data, regions):
    def target(subject, value):
        return indicator_target_save(target=IndicatorTarget(
            indicator=indicators["immediate_share"], region=regions["city"], level=RegionLevel.COUNTY,
            subject=subject, value=value, document_number="广安府办〔2020〕1号"))

    target("region", 30)
    target("department", 50)

    county = figures.region_figures([regions["county"]], on=TODAY)[regions["county"].pk]
    by_department = figures.breakdown(regions["county"], "department", on=TODAY)

    immediate = next(f for f in county if f.indicator.computation == "immediate_share")
    assert (immediate.value, immediate.target.value, immediate.met) == (Decimal("40.00"), Decimal(30), True)
    judged = {department: next(f for f in row if f.indicator.computation == "immediate_share")
              for department, row in by_department.items()}
    # 行政审批局 and 民政局 at 50 %, the street at 0 %, each against 50
    assert {d: (f.target.value, f.met) for d, f in judged.items()} == {
        data["i1"].department_id: (Decimal(50), True), data["i3"].department_id: (Decimal(50), True),
        data["t1"].department_id: (Decimal(50), False)}


def test_a_target_below_its_issuers_level_is_refused_in_chinese(indicators, regions):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        indicator_target_save(target=IndicatorTarget(indicator=indicators["zero_visit"], region=regions["county"],
                                                     level=RegionLevel.CITY, value=10))
    assert "考核层级不能高于下达区划" in str(refused.value)
    assert not IndicatorTarget.objects.exists()


def test_worklist_lists_the_rows_that_pull_the_figure_down(indicators, data, regions):
    rows = figures.worklist(indicators["average_visits"], regions["county"], on=TODAY)
    assert set(rows.values_list("pk", flat=True)) == {data["i2"].pk, data["i3"].pk, data["i4"].pk}  # visits > 0
    rows = figures.worklist(indicators["chief_approval"], regions["county"], on=TODAY)
    assert set(rows.values_list("pk", flat=True)) == {data["i2"].pk, data["t1"].pk}


def test_query_count_is_the_same_for_3_and_30_regions(indicators, regions):
    def counties(first, n):
        made = []
        for index in range(first, first + n):
            county = make_region(f"5116{index:02d}", f"测试县{index}", "county", regions["city"])
            implement(county, DepartmentFactory(region=county), online_depth=index % 5)
            made.append(county)
        return made

    three, thirty = counties(10, 3), counties(20, 30)
    counts = []
    for batch in (three, thirty):
        with CaptureQueriesContext(connection) as queries:
            result = figures.region_figures(batch, on=TODAY)
        counts.append(len(queries))
        assert all(values(result[county.pk])["immediate_share"] == Decimal("0.00") for county in batch)
    assert counts[0] == counts[1]


def test_snapshots_keep_the_figures_of_their_date(indicators, data, regions):
    written = snapshots_take(on=TODAY, regions=[regions["county"], regions["sibling"]])
    assert written == 2 * len(CODES)

    data["i2"].handling_type = "immediate"
    data["i2"].save()
    kept = IndicatorSnapshot.objects.get(region=regions["county"], indicator=indicators["immediate_share"], on=TODAY)
    assert kept.value == Decimal("40.00")
    now = values(figures.region_figures([regions["county"]], on=TODAY)[regions["county"].pk])
    assert now["immediate_share"] == Decimal("60.00")


def test_the_monthly_task_takes_one_snapshot_a_month(indicators, data, regions):
    first = take_monthly_indicator_snapshots.enqueue().return_value
    again = take_monthly_indicator_snapshots.enqueue().return_value

    assert first == IndicatorSnapshot.objects.count() > 0
    assert again == 0
    assert set(IndicatorSnapshot.objects.values_list("on", flat=True)) == {dt.date.today().replace(day=1)}

"""Rules of halls, windows, rosters and delegations (issue 6, points 1–4)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from config_models.models import AuthorizationRoster, Delegation, Hall, Window, WindowItem
from config_models.services import save_validated
from tests.factories import CatalogItemFactory, DepartmentFactory, ImplementationFactory
from tests.hall_factories import StaffFactory, accept, make_delegation, make_hall, make_roster, region_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall(regions):
    return make_hall(regions["county"], windows=[
        ("1", "综合受理窗口", "general"), ("2", "不动产登记窗口", "sector", "real_estate"), ("9", "统一出件", "issue"),
    ])


@pytest.fixture
def windows(hall):
    return {w.number: w for w in hall.windows.all()}


@pytest.fixture
def approval_bureau(regions):
    return DepartmentFactory(region=regions["county"], name="广安区行政审批局")


@pytest.fixture
def items(regions, approval_bureau):
    return [ImplementationFactory(catalog_item=CatalogItemFactory(region=regions["province"]),
                                  region=regions["county"], department=approval_bureau) for _ in range(3)]


def errors_of(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


# Halls and windows ---------------------------------------------------------------------------------------


def test_a_hall_takes_its_parent_region_and_keeps_its_windows(hall, regions):
    assert hall.region == regions["county"]
    assert hall.get_parent().specific.region == regions["county"]
    assert [(w.number, w.window_type) for w in hall.windows.all()] == [
        ("1", "general"), ("2", "sector"), ("9", "issue")]
    assert Window.history.filter(history_type="+").count() == 3
    assert Hall.history.filter(id=hall.pk).exists()


@pytest.mark.parametrize(("level_key", "kind", "title", "field"), [
    ("township", "government", "北辰街道政务服务中心", "kind"),
    ("township", "citizen", "北辰街道便民中心", "title"),
    ("county", "citizen", "广安区为民服务中心", "kind"),
])
def test_a_hall_follows_the_naming_rule_of_its_level(regions, level_key, kind, title, field):
    hall = Hall(title=title, kind=kind, address="人民路1号")
    with pytest.raises(ValidationError) as caught:
        region_page(regions[level_key]).add_child(instance=hall)
    assert field in caught.value.message_dict
    assert not Hall.objects.exists()


def test_the_naming_rule_is_configurable(regions, settings):
    settings.TONGBAN_HALL_KIND_BY_LEVEL = {"township": "government"}
    hall = Hall(title="北辰街道政务服务中心", kind="government", address="人民路1号")
    region_page(regions["township"]).add_child(instance=hall)
    assert hall.region == regions["township"]


def test_a_sector_window_needs_its_sector_and_a_specialist_window_its_department(hall):
    window = Window(hall=hall, number="5", name="板块窗口", window_type="sector")
    assert "sector" in errors_of(window.full_clean)
    window = Window(hall=hall, number="6", name="综合", window_type="general", sector="business")
    assert "sector" in errors_of(window.full_clean)
    window = Window(hall=hall, number="7", name="公安专窗", window_type="specialist")
    assert "department" in errors_of(window.full_clean)


def test_a_window_accepts_only_items_of_its_region_chain(regions, windows, items):
    other = ImplementationFactory(catalog_item=CatalogItemFactory(region=regions["province"]),
                                  region=regions["sibling"], department=DepartmentFactory(region=regions["sibling"]))
    message = errors_of(lambda: save_validated(WindowItem(window=windows["1"], implementation=other)))
    assert "不能受理其他区划" in message["implementation"][0]
    saved = save_validated(WindowItem(window=windows["1"], implementation=items[0], hours="周二至周六"))
    assert saved.history.count() == 1
    duplicate = errors_of(lambda: save_validated(WindowItem(window=windows["1"], implementation=items[0])))
    assert duplicate["__all__"] == ["该窗口已受理此事项。"]


# Rosters -------------------------------------------------------------------------------------------------


def test_a_roster_entry_within_the_departments_accepted_items_is_saved(regions, approval_bureau, windows, items):
    accept(windows["1"], *items[:2])
    staff = StaffFactory(department=approval_bureau, region=regions["county"])
    roster = make_roster(regions["county"], approval_bureau, [(staff, [windows["1"]], items[:2], ["approve"])])
    assert roster.live
    entry = roster.entries.get()
    assert set(entry.implementations.all()) == set(items[:2])
    assert list(entry.windows.all()) == [windows["1"]]


def test_a_roster_entry_outside_the_departments_implementations_is_rejected(regions, approval_bureau, windows):
    housing = DepartmentFactory(region=regions["county"], name="广安区住房和城乡建设局")
    theirs = ImplementationFactory(catalog_item=CatalogItemFactory(region=regions["province"], name="商品房预售许可"),
                                   region=regions["county"], department=housing)
    accept(windows["1"], theirs)
    staff = StaffFactory(department=approval_bureau, region=regions["county"])
    message = errors_of(lambda: make_roster(regions["county"], approval_bureau,
                                            [(staff, [windows["1"]], [theirs], ["approve"])]))
    assert "须为“广安区行政审批局”的实施清单" in message["entries[1]"][0]
    assert "商品房预售许可" in message["entries[1]"][0]
    assert not AuthorizationRoster.objects.exists()


def test_a_roster_entry_at_a_window_that_does_not_accept_the_item_is_rejected(regions, approval_bureau, windows,
                                                                              items):
    accept(windows["1"], items[0])
    staff = StaffFactory(department=approval_bureau, region=regions["county"])
    message = errors_of(lambda: make_roster(regions["county"], approval_bureau,
                                            [(staff, [windows["1"], windows["2"]], [items[0]], ["accept"])]))
    assert "2号窗口" in message["entries[1]"][0] and "不受理" in message["entries[1]"][0]
    assert not AuthorizationRoster.objects.exists()


def test_staff_phone_and_department_are_checked(regions):
    city_bureau = DepartmentFactory(region=regions["city"])
    sibling_bureau = DepartmentFactory(region=regions["sibling"])
    assert save_validated(StaffFactory.build(department=city_bureau, region=regions["county"], phone="13800000000"))
    assert "department" in errors_of(lambda: save_validated(
        StaffFactory.build(department=sibling_bureau, region=regions["county"])))
    assert "phone" in errors_of(lambda: save_validated(
        StaffFactory.build(department=city_bureau, region=regions["county"], phone="2345678")))


# Delegations ---------------------------------------------------------------------------------------------


@pytest.fixture
def city_item(regions):
    bureau = DepartmentFactory(region=regions["city"], name="广安市自然资源和规划局")
    return ImplementationFactory(catalog_item=CatalogItemFactory(region=regions["province"], name="临时用地审批"),
                                 region=regions["city"], department=bureau)


def test_a_delegation_is_published_with_its_supervision_duty(regions, city_item):
    township_office = DepartmentFactory(region=regions["township"], name="北辰街道便民服务中心")
    delegation = make_delegation(regions["township"], city_item, township_office, supervisor=city_item.department)
    assert delegation.live
    assert delegation.region == regions["township"]
    assert delegation.supervision_duties.get().supervisor == city_item.department


def test_publishing_a_delegation_without_its_supervision_duty_is_rejected(regions, city_item):
    township_office = DepartmentFactory(region=regions["township"])
    message = errors_of(lambda: make_delegation(regions["township"], city_item, township_office))
    assert message["supervision_duties"] == ["发布赋权下放须配套且仅配套一条监管责任（谁监管、怎么监管）。"]
    assert not Delegation.objects.exists()
    # a draft may wait for its pair, but publishing its revision by any path (the listing's bulk action, the
    # scheduler) is refused too
    draft = make_delegation(regions["township"], city_item, township_office, publish=False)
    assert not draft.live
    with pytest.raises(ValidationError) as caught:
        draft.get_latest_revision().publish()
    assert "监管责任" in str(caught.value)
    draft.refresh_from_db()
    assert not draft.live


def test_a_delegation_moves_a_power_down_only(regions, city_item):
    county_item = ImplementationFactory(catalog_item=CatalogItemFactory(region=regions["province"]),
                                        region=regions["county"],
                                        department=DepartmentFactory(region=regions["county"]))
    message = errors_of(lambda: make_delegation(regions["sibling"], county_item, DepartmentFactory(
        region=regions["sibling"]), supervisor=county_item.department))
    assert "只能把上级区划的实施清单下放到本区划" in message["implementation"][0]
    message = errors_of(lambda: make_delegation(regions["township"], city_item, DepartmentFactory(
        region=regions["township"]), supervisor=city_item.department, effective_on=dt.date(2024, 5, 1),
        ends_on=dt.date(2024, 4, 1)))
    assert "ends_on" in message

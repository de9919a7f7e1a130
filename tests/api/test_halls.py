"""The hall API (issue 6, point 7): public halls and windows, authorizations behind a token, delegations,
changedSince and tombstones, and the query counts of each connection."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from graphql_relay import to_global_id

from config_models.models import Hall, WindowItem
from config_models.services.authorization import window_item_save
from config_models.services.feed import feed_record
from tests.api.conftest import bulk_implementations, issue_client
from tests.factories import DepartmentFactory
from tests.hall_factories import StaffFactory, accept, make_delegation, make_hall, make_roster

pytestmark = pytest.mark.django_db
CONTRACT = "graphql/operations/hall_guide.graphql"


def operation():
    from pathlib import Path

    return (Path(__file__).resolve().parents[2] / CONTRACT).read_text(encoding="utf-8")


@pytest.fixture
def setting(regions, implementation):
    hall = make_hall(regions["county"],
                     windows=[("1", "综合受理", "general"), ("2", "不动产", "sector", "real_estate")])
    windows = {w.number: w for w in hall.windows.all()}
    accept(windows["1"], implementation, hours="周一至周六 9:00–17:00")
    chief = StaffFactory(name="王芳", phone="13800000000", department=implementation.department,
                         region=regions["county"], is_chief_approver=True)
    roster = make_roster(regions["county"], implementation.department,
                         [(chief, [windows["1"]], [implementation], ["accept", "approve"])],
                         go_live=dt.date(2025, 1, 1))
    return {"hall": hall, "windows": windows, "roster": roster, "implementation": implementation}


def test_the_public_sees_halls_windows_and_what_each_accepts(gql, setting, implementation):
    data = gql(operation(), {"regionCode": "511602"}, operation_name="HallGuide")
    (hall,) = [edge["node"] for edge in data["halls"]["edges"]]
    assert (hall["name"], hall["kind"], hall["region"]["code"]) == ("广安区政务服务中心", "GOVERNMENT", "511602")
    assert [(w["number"], w["type"], w["sector"]) for w in hall["windows"]] == [
        ("1", "GENERAL", None), ("2", "SECTOR", "REAL_ESTATE")]
    (item,) = hall["windows"][0]["acceptedItems"]
    assert (item["implementationCode"], item["name"], item["hours"]) == (
        implementation.implementation_code, implementation.name, "周一至周六 9:00–17:00")
    assert hall["windows"][1]["acceptedItems"] == []


def test_staff_data_is_absent_without_a_token(gql, setting):
    document = operation()
    response, errors = gql.errors(document, {"regionCode": "511602"}, operation_name="HallAuthorizations")
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    body = response.content.decode()
    assert "王芳" not in body and "13800000000" not in body
    variables = {"implementationId": to_global_id("Implementation", setting["implementation"].pk),
                 "windowId": to_global_id("Window", setting["windows"]["1"].pk)}
    response, errors = gql.errors(document, variables, operation_name="WhoMayApprove")
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    assert "王芳" not in response.content.decode()


def test_a_token_sees_the_authorizations_in_force_and_who_may_approve(gql, setting, regions):
    token = issue_client(regions["county"], scopes=[])[1]
    data = gql(operation(), {"regionCode": "511602", "validOn": "2025-06-01"}, token=token,
               operation_name="HallAuthorizations")
    (entry,) = [edge["node"] for edge in data["authorizations"]["edges"]]
    assert entry["staff"] == {"name": "王芳", "employeeNumber": entry["staff"]["employeeNumber"],
                              "departmentName": "广安区行政审批局", "phone": "13800000000", "isChiefApprover": True}
    assert entry["scopes"] == ["ACCEPT", "APPROVE"]
    assert [w["number"] for w in entry["windows"]] == ["1"]
    # before the roster's validity, nothing
    data = gql(operation(), {"regionCode": "511602", "validOn": "2024-12-31"}, token=token,
               operation_name="HallAuthorizations")
    assert data["authorizations"]["totalCount"] == 0
    variables = {"implementationId": to_global_id("Implementation", setting["implementation"].pk),
                 "windowId": to_global_id("Window", setting["windows"]["1"].pk)}
    answers = gql(operation(), {**variables, "on": "2025-06-01"}, token=token, operation_name="WhoMayApprove")
    assert [(a["staffName"], a["documentNumber"]) for a in answers["whoMay"]] == [("王芳", "广区审批〔2024〕1号")]
    assert gql(operation(), {**variables, "on": "2024-06-01"}, token=token, operation_name="WhoMayApprove") == {
        "whoMay": []}
    # another county's client sees none of them
    other = issue_client(regions["sibling"], scopes=[])[1]
    assert gql(operation(), {**variables, "on": "2025-06-01"}, token=other, operation_name="WhoMayApprove") == {
        "whoMay": []}


def test_delegations_are_public_with_their_supervision(gql, regions):
    from tests.factories import CatalogItemFactory, ImplementationFactory

    bureau = DepartmentFactory(region=regions["city"], name="广安市自然资源和规划局")
    power = ImplementationFactory(catalog_item=CatalogItemFactory(region=regions["province"], name="临时用地审批"),
                                  region=regions["city"], department=bureau)
    office = DepartmentFactory(region=regions["township"], name="北辰街道便民服务中心")
    make_delegation(regions["township"], power, office, supervisor=bureau)
    data = gql(operation(), {"regionCode": "511602"}, operation_name="Delegations")
    (node,) = [edge["node"] for edge in data["delegations"]["edges"]]
    assert (node["type"], node["implementation"]["name"], node["receivingDepartment"]["name"]) == (
        "DEVOLVE", "临时用地审批", "北辰街道便民服务中心")
    assert node["supervision"] == {"method": "每季度抽查办件", "supervisor": {
        "name": "广安市自然资源和规划局", "creditCode": bureau.credit_code, "region": {"code": "511600"}}}


def test_changed_since_and_tombstones_follow_the_halls(gql, setting, implementation):
    hall, windows = setting["hall"], setting["windows"]
    since = gql("{ halls { syncedAt } }")["halls"]["syncedAt"]
    later = timezone.now().isoformat()
    assert gql(operation(), {"hallId": to_global_id("Hall", hall.pk), "changedSince": later},
               operation_name="HallWindows")["windows"]["totalCount"] == 0
    # a saved window item is an entry of its window and its hall (feed_record as the service writes it)
    item = WindowItem.objects.filter(window=windows["1"]).first()
    item.notes = "x"
    feed_record(window_item_save(item=item))
    changed = gql(operation(), {"hallId": to_global_id("Hall", hall.pk), "changedSince": later},
                  operation_name="HallWindows")["windows"]
    assert [edge["node"]["number"] for edge in changed["edges"]] == ["1"]
    assert gql("query($s: DateTime) { halls(changedSince: $s) { totalCount } }", {"s": later})["halls"][
        "totalCount"] == 1

    # unpublishing the hall leaves tombstones for it and its windows (the D entries the unpublish service
    # writes); the halls collection loses it
    page = Hall.objects.get(pk=hall.pk)
    page.unpublish()
    assert gql("{ halls { totalCount } }")["halls"]["totalCount"] == 0
    stones = gql(operation(), {"regionCode": "511602", "since": since}, operation_name="HallTombstones")
    kinds = sorted((edge["node"]["kind"], edge["node"]["nodeId"]) for edge in stones["tombstones"]["edges"])
    assert kinds == sorted([("HALL", to_global_id("Hall", hall.pk))] + [
        ("WINDOW", to_global_id("Window", w.pk)) for w in windows.values()])


def test_authorization_tombstones_are_for_clients_only(gql, setting, regions):
    since = gql("{ halls { syncedAt } }")["halls"]["syncedAt"]
    roster = setting["roster"]
    roster.unpublish()
    public = gql(operation(), {"regionCode": "511602", "since": since}, operation_name="HallTombstones")
    assert public["tombstones"]["edges"] == []
    token = issue_client(regions["county"])[1]
    mine = gql(operation(), {"regionCode": "511602", "since": since}, token=token, operation_name="HallTombstones")
    assert [edge["node"]["kind"] for edge in mine["tombstones"]["edges"]] == ["AUTHORIZATION"]


# Query counts ------------------------------------------------------------------------------------------


def queries(gql, name, variables, token=None) -> int:
    gql(operation(), variables, token=token, operation_name=name)
    with CaptureQueriesContext(connection) as captured:
        gql(operation(), variables, token=token, operation_name=name)
    return len(captured.captured_queries)


def populate(regions, region, count, offset):
    """`count` windows (10 per hall), each accepting one implementation; a chief approver authorized for all."""
    implementations = bulk_implementations(regions, count, region=region, materials=0, item_offset=offset)
    department = implementations[0].department
    staff = StaffFactory(department=department, region=region, is_chief_approver=True)
    windows = []
    for hall_number in range(count // 10):
        hall = make_hall(region, title=f"{region.name}第{hall_number}政务服务中心",
                         windows=[(str(n), f"窗口{n}", "general") for n in range(10)])
        windows += list(hall.windows.all())
    WindowItem.objects.bulk_create(WindowItem(window=w, implementation=i) for w, i in zip(windows, implementations,
                                                                                          strict=True))
    for start in range(0, count, 10):
        make_roster(region, department, [(staff, [w], [i], ["approve"]) for w, i in zip(
            windows[start:start + 10], implementations[start:start + 10], strict=True)],
            go_live=dt.date(2025, 1, 1), title=f"授权书{offset + start}")
    city_bureau = DepartmentFactory(region=regions["city"])
    city_items = bulk_implementations(regions, count // 10, region=regions["city"], department=city_bureau,
                                      materials=0, item_offset=offset + 500)
    for item in city_items:
        make_delegation(region, item, department, supervisor=city_bureau, title=f"下放{item.pk}")


WINDOWS_BY_REGION = """
query ($regionCode: String!) {
  windows(regionCode: $regionCode, first: 500) {
    totalCount
    edges { node { id number name type sector hallId updatedAt department { name }
                   acceptedItems { implementationId implementationCode name itemCode departmentName hours } } }
  }
}
"""


def test_query_counts_do_not_grow_with_the_rows(gql, regions):
    # given: 10 windows, entries and accepted items in one county, 200 in the other (a hall, a roster and a
    # delegation per 10)
    populate(regions, regions["county"], 10, 0)
    populate(regions, regions["sibling"], 200, 1_000)
    token = issue_client(regions["city"], scopes=[])[1]

    def count(name, region):
        variables = {"regionCode": region.code, "validOn": "2025-06-01"}
        if name == "windows":
            gql(WINDOWS_BY_REGION, {"regionCode": region.code})
            with CaptureQueriesContext(connection) as captured:
                data = gql(WINDOWS_BY_REGION, {"regionCode": region.code})
            assert data["windows"]["totalCount"] in (10, 200)
            return len(captured.captured_queries)
        return queries(gql, name, variables, token)

    for name in ("HallGuide", "windows", "HallAuthorizations", "Delegations"):
        small, large = count(name, regions["county"]), count(name, regions["sibling"])
        print(f"{name}: {small} queries for 10 rows, {large} for 200")
        assert small == large, name
        assert large <= 12, name

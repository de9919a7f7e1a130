"""intermediaryServices and businessPolicies: public rows only, filters, nested departments and implementations,
and no N+1 (the same number of queries for 3 rows and for 30)."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphql_relay import to_global_id

from config_models.models import BusinessPolicy, IntermediaryService, PolicyStatus
from config_models.services.business_policy import business_policy_save
from config_models.services.intermediary import intermediary_service_save
from tests.api.conftest import bulk_implementations
from tests.factories import DepartmentFactory, credit_code

SERVICES_QUERY = """
query ($regionCode: String!, $includeDescendants: Boolean, $keyword: String, $first: Int, $after: String) {
  intermediaryServices(regionCode: $regionCode, includeDescendants: $includeDescendants, keyword: $keyword,
                       first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id name legalBasis chargesFee feeStandard feeBasis sortOrder
      timeLimit { value unit }
      providers { name creditCode }
      region { code name ancestors { code } }
      department { name creditCode region { code } }
      implementations { id implementationCode name }
    } }
  }
}
"""

POLICIES_QUERY = """
query ($regionCode: String!, $includeDescendants: Boolean, $exempt: Boolean, $validOn: Date) {
  businessPolicies(regionCode: $regionCode, includeDescendants: $includeDescendants,
                   exemptFromApplication: $exempt, validOn: $validOn, first: 500) {
    totalCount
    edges { node {
      id name documentNumber beneficiaries exemptFromApplication validFrom validUntil summary policyUrl
      region { code name ancestors { code } }
      department { name creditCode region { code } }
      implementations { id implementationCode name }
    } }
  }
}
"""

PROVIDER_CODE = credit_code(9, "511600")


def names(data, field):
    return [edge["node"]["name"] for edge in data[field]["edges"]]


@pytest.fixture
def rows(regions, implementation, county_department):
    township_department = DepartmentFactory(region=regions["township"], name="北辰街道办事处")
    sibling_department = DepartmentFactory(region=regions["sibling"], name="前锋区住建局")

    def service(region, department, name, implementations=None, **values):
        return intermediary_service_save(
            intermediary_service=IntermediaryService(
                region=region, department=department, name=name, legal_basis="《中华人民共和国消防法》",
                time_limit=15, **values,
            ),
            implementations=implementations,
        )

    service(regions["county"], county_department, "建设工程消防设计审查技术服务", [implementation],
            providers=f"四川某消防技术服务有限公司 {PROVIDER_CODE}", charges_fee=True, fee_standard="按合同约定",
            fee_basis="市场调节价")
    service(regions["township"], township_department, "防雷装置检测")
    service(regions["county"], county_department, "安全评价", status="cancelled")
    service(regions["sibling"], sibling_department, "水土保持方案编制")

    def policy(region, department, name, implementations=(), **values):
        fields = {"document_number": "广安府办发〔2024〕3号", "beneficiaries": "小微企业",
                  "valid_from": dt.date(2024, 1, 1), "exempt_from_application": not implementations}
        fields.update(values)
        return business_policy_save(
            business_policy=BusinessPolicy(region=region, department=department, name=name, **fields),
            implementations=list(implementations),
        )

    policy(regions["county"], county_department, "创业担保贷款贴息", [implementation],
           valid_until=dt.date(2025, 12, 31))
    policy(regions["township"], township_department, "稳岗返还")
    policy(regions["county"], county_department, "已废止的补贴", status=PolicyStatus.REPEALED,
           valid_until=dt.date(2024, 6, 30))
    policy(regions["sibling"], sibling_department, "一次性扩岗补助")


def test_intermediary_services_are_public_with_department_and_implementations(gql, rows, implementation):
    # when
    data = gql(SERVICES_QUERY, {"regionCode": "511602", "includeDescendants": True})

    # then: the cancelled service and the other county's stay out
    assert names(data, "intermediaryServices") == ["建设工程消防设计审查技术服务", "防雷装置检测"]
    node = data["intermediaryServices"]["edges"][0]["node"]
    assert node["timeLimit"] == {"value": 15, "unit": "WORKING_DAY"}
    assert node["providers"] == [{"name": "四川某消防技术服务有限公司", "creditCode": PROVIDER_CODE}]
    assert node["department"] == {"name": "广安区行政审批局", "creditCode": implementation.department.credit_code,
                                  "region": {"code": "511602"}}
    assert node["region"]["ancestors"][-1]["code"] == "511600"
    assert [ref["implementationCode"] for ref in node["implementations"]] == [implementation.implementation_code]
    assert node["implementations"][0]["name"] == "建设工程施工许可证核发"


def test_intermediary_services_filter_by_region_and_keyword(gql, rows):
    assert names(gql(SERVICES_QUERY, {"regionCode": "511602"}), "intermediaryServices") == [
        "建设工程消防设计审查技术服务"
    ]
    assert names(gql(SERVICES_QUERY, {"regionCode": "511600", "includeDescendants": True, "keyword": "水土"}),
                 "intermediaryServices") == ["水土保持方案编制"]
    page = gql(SERVICES_QUERY, {"regionCode": "511600", "includeDescendants": True, "first": 2})
    assert page["intermediaryServices"]["totalCount"] == 3
    after = page["intermediaryServices"]["pageInfo"]["endCursor"]
    rest = gql(SERVICES_QUERY, {"regionCode": "511600", "includeDescendants": True, "after": after})
    assert names(page, "intermediaryServices") + names(rest, "intermediaryServices") == [
        "建设工程消防设计审查技术服务", "防雷装置检测", "水土保持方案编制"
    ]


def test_business_policies_are_public_and_filter_by_exemption_and_date(gql, rows, implementation):
    everything = gql(POLICIES_QUERY, {"regionCode": "511602", "includeDescendants": True})
    assert names(everything, "businessPolicies") == ["创业担保贷款贴息", "稳岗返还"]
    loan = everything["businessPolicies"]["edges"][0]["node"]
    assert (loan["documentNumber"], loan["validFrom"], loan["validUntil"]) == (
        "广安府办发〔2024〕3号", "2024-01-01", "2025-12-31")
    assert loan["exemptFromApplication"] is False
    assert [ref["id"] for ref in loan["implementations"]] == [to_global_id("Implementation", implementation.pk)]
    exempt = gql(POLICIES_QUERY, {"regionCode": "511602", "includeDescendants": True, "exempt": True})
    assert names(exempt, "businessPolicies") == ["稳岗返还"]
    later = gql(POLICIES_QUERY, {"regionCode": "511602", "includeDescendants": True, "validOn": "2026-03-01"})
    assert names(later, "businessPolicies") == ["稳岗返还"]
    own = gql(POLICIES_QUERY, {"regionCode": "511603"})
    assert names(own, "businessPolicies") == ["一次性扩岗补助"]


def test_node_answers_public_rows_only(gql, rows):
    cancelled = IntermediaryService.objects.get(name="安全评价")
    repealed = BusinessPolicy.objects.get(name="已废止的补贴")
    public = IntermediaryService.objects.get(name="防雷装置检测")
    query = """query ($id: ID!) {
      node(id: $id) { id ... on IntermediaryService { name } ... on BusinessPolicy { name } }
    }"""

    assert gql(query, {"id": to_global_id("IntermediaryService", cancelled.pk)})["node"] is None
    assert gql(query, {"id": to_global_id("BusinessPolicy", repealed.pk)})["node"] is None
    assert gql(query, {"id": to_global_id("IntermediaryService", public.pk)})["node"]["name"] == "防雷装置检测"


# Query counts ------------------------------------------------------------------------------------------------


def populate(regions, region, count, offset):
    """`count` services and as many policies in `region`, each naming two implementations and its own
    department (so departments grow with the rows too)."""
    implementations = bulk_implementations(regions, count * 2, region=region, materials=0, item_offset=offset)
    departments = [DepartmentFactory(region=region) for _ in range(count)]
    services = IntermediaryService.objects.bulk_create(
        IntermediaryService(region=region, department=departments[n], name=f"中介服务{offset + n}",
                            legal_basis="依据", time_limit=10, providers=f"机构{n} {PROVIDER_CODE}\n机构乙")
        for n in range(count)
    )
    policies = BusinessPolicy.objects.bulk_create(
        BusinessPolicy(region=region, department=departments[n], name=f"政策{offset + n}", document_number=f"文{n}",
                       beneficiaries="企业", valid_from=dt.date(2024, 1, 1))
        for n in range(count)
    )
    IntermediaryService.implementations.through.objects.bulk_create(
        IntermediaryService.implementations.through(intermediaryservice=row, implementation=implementations[2 * n + k])
        for n, row in enumerate(services) for k in (0, 1)
    )
    BusinessPolicy.implementations.through.objects.bulk_create(
        BusinessPolicy.implementations.through(businesspolicy=row, implementation=implementations[2 * n + k])
        for n, row in enumerate(policies) for k in (0, 1)
    )


def queries(gql, query, variables) -> int:
    gql(query, variables)
    with CaptureQueriesContext(connection) as captured:
        data = gql(query, variables)
    field = next(iter(data))
    assert all(len(edge["node"]["implementations"]) == 2 for edge in data[field]["edges"])
    return len(captured.captured_queries)


@pytest.mark.parametrize("query", [SERVICES_QUERY, POLICIES_QUERY], ids=["intermediaryServices", "businessPolicies"])
def test_query_count_does_not_grow_with_the_rows(gql, regions, query):
    # given: 3 rows in one county, 30 in the other
    populate(regions, regions["county"], 3, offset=0)
    populate(regions, regions["sibling"], 30, offset=1_000)

    # when
    small = queries(gql, query, {"regionCode": "511602"})
    large = queries(gql, query, {"regionCode": "511603"})

    # then
    print(f"{small} queries for 3 rows, {large} for 30")
    assert small == large
    assert large <= 8


# Public answer cache ---------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_an_edit_outside_the_feed_misses_the_cached_public_answer(client, settings, regions, county_department):
    # given: a cached public answer (services and policies advance the `other` version through their history)
    settings.PUBLIC_ANSWER_CACHE = True
    cache.clear()
    query = '{ businessPolicies(regionCode: "511602") { edges { node { name } } } }'
    row = business_policy_save(business_policy=BusinessPolicy(
        region=regions["county"], department=county_department, name="稳岗返还", document_number="川人社发〔2024〕8号",
        beneficiaries="参保企业", valid_from=dt.date(2024, 1, 1), exempt_from_application=True,
    ))
    client.get("/graphql/", {"query": query})
    assert client.get("/graphql/", {"query": query})["X-Tongban-Cache"] == "hit"

    # when
    row.name = "失业保险稳岗返还"
    business_policy_save(business_policy=row)
    after = client.get("/graphql/", {"query": query})

    # then
    assert after["X-Tongban-Cache"] == "miss"
    assert after.json()["data"]["businessPolicies"]["edges"][0]["node"]["name"] == "失业保险稳岗返还"
    cache.clear()

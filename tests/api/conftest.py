import json

import pytest
from django.test import Client

from cms.models import ApiClient, ApiScope
from config_models.models import CatalogItem, Implementation, Material
from tests.factories import (
    CatalogItemFactory,
    DepartmentFactory,
    ImplementationFactory,
    MaterialFactory,
)


class GraphQL:
    """Runs documents against /graphql/ the way a front end does (accepting application/graphql-response+json,
    so a refused document is a 400)."""

    def __init__(self):
        self.client = Client()

    def response(self, query, variables=None, *, token=None, method="post", operation_name=None):
        headers = {"Accept": "application/graphql-response+json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if method == "get":
            params = {"query": query}
            if variables:
                params["variables"] = json.dumps(variables)
            if operation_name:
                params["operationName"] = operation_name
            return self.client.get("/graphql/", params, headers=headers)
        body = {"query": query, "variables": variables or {}}
        if operation_name:
            body["operationName"] = operation_name
        return self.client.post("/graphql/", json.dumps(body), content_type="application/json", headers=headers)

    def __call__(self, query, variables=None, **kwargs):
        """The JSON answer of a successful request; fails the test on any error."""
        response = self.response(query, variables, **kwargs)
        payload = response.json()
        assert response.status_code == 200, payload
        assert "errors" not in payload, payload["errors"]
        return payload["data"]

    def errors(self, query, variables=None, **kwargs):
        response = self.response(query, variables, **kwargs)
        payload = response.json()
        assert payload.get("errors"), payload
        return response, payload["errors"]


@pytest.fixture
def gql(db):
    return GraphQL()


def issue_client(region, scopes=(ApiScope.DRAFTS,), name="前端") -> tuple[ApiClient, str]:
    client = ApiClient(name=name, region=region, scopes=list(scopes))
    token = client.issue_token()
    client.save()
    return client, token


@pytest.fixture
def county_token(regions):
    return issue_client(regions["county"], name="广安区前端")[1]


@pytest.fixture
def sibling_token(regions):
    return issue_client(regions["sibling"], name="前锋区前端")[1]


@pytest.fixture
def guide(regions, catalog_item, county_department):
    """A published implementation with three materials, as the public item guide shows it."""
    implementation = ImplementationFactory(
        catalog_item=catalog_item, region=regions["county"], department=county_department,
        address="广安区政务服务中心一楼", office_hours="工作日 9:00–17:00",
    )
    for order, name in enumerate(["建筑工程施工许可申请表", "建设工程规划许可证", "施工合同"]):
        MaterialFactory(implementation=implementation, name=name, sort_order=order)
    return implementation


def make_implementations(regions, count, *, region=None, materials=2, prefix="事项"):
    """`count` published implementations with materials (one catalog item each)."""
    region = region or regions["county"]
    department = DepartmentFactory(region=region)
    rows = []
    for n in range(count):
        item = CatalogItemFactory(region=regions["province"], name=f"{prefix}{n}")
        implementation = ImplementationFactory(catalog_item=item, region=region, department=department)
        for order in range(materials):
            MaterialFactory(implementation=implementation, name=f"{prefix}{n}申请表{order}", sort_order=order)
        rows.append(implementation)
    return rows


def bulk_implementations(regions, count, *, region=None, materials=2, department=None, item_offset=0):
    """`count` published implementations with materials, written with bulk_create (fast; no signals)."""
    region = region or regions["county"]
    department = department or DepartmentFactory(region=region)
    items = CatalogItem.objects.bulk_create(
        CatalogItem(
            code=f"9{item_offset + n:011d}", name=f"批量事项{item_offset + n}", item_type="01",
            region=regions["province"], allowed_levels=["city", "county", "township", "village"], live=True,
        )
        for n in range(count)
    )
    implementations = Implementation.objects.bulk_create(
        Implementation(
            catalog_item=item, region=region, department=department, statutory_limit=20, committed_limit=5,
            handling_type="committed", service_objects=["1"], visit_count=1, visit_reason="核验原件",
            consult_phone="0826-2345678", complaint_phone="12345", live=True,
        )
        for item in items
    )
    Material.objects.bulk_create(
        Material(implementation=implementation, name=f"申请表{order}", sort_order=order)
        for implementation in implementations
        for order in range(materials)
    )
    return implementations

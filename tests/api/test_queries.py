"""Every query field of the API, as the public sees it."""

import pytest
from graphql_relay import to_global_id

from config_models.models import CatalogStatus, ImplementationStatus
from tests.factories import CatalogItemFactory, DepartmentFactory, ImplementationFactory, LegalBasisFactory

REGION_QUERY = """
query ($code: String!) {
  region(code: $code) { id code name level parentCode parent { code } ancestors { code name level } }
}
"""

REGIONS_QUERY = """
query ($parentCode: String, $includeDescendants: Boolean, $level: RegionLevel) {
  regions(parentCode: $parentCode, includeDescendants: $includeDescendants, level: $level) {
    totalCount
    edges { node { code } }
  }
}
"""

DEPARTMENT_QUERY = """
query ($creditCode: String!) {
  department(creditCode: $creditCode) {
    id name creditCode creditCodeCheckPasses nature region { code ancestors { code } }
  }
}
"""

DEPARTMENTS_QUERY = """
query ($regionCode: String, $includeDescendants: Boolean) {
  departments(regionCode: $regionCode, includeDescendants: $includeDescendants) {
    edges { node { name region { code } } }
  }
}
"""

CATALOG_ITEM_QUERY = """
query ($code: String!) {
  catalogItem(code: $code) {
    id code name type localCode isMainItem parent { code } allowedLevels status effectiveDate cancelDate
    region { code } legalBases { lawName clause } updatedAt isDraft editorial { live }
  }
}
"""

CATALOG_ITEMS_QUERY = """
query ($type: ItemType, $level: RegionLevel, $status: CatalogStatus, $search: String) {
  catalogItems(type: $type, level: $level, status: $status, search: $search) {
    edges { node { code name } }
  }
}
"""

IMPLEMENTATION_QUERY = """
query ($code: String!, $regionCode: String) {
  implementation(code: $code, regionCode: $regionCode) {
    id implementationCode name code type level status
    catalogItem { code }
    region { code ancestors { code } }
    department { creditCode }
    statutoryLimit { value unit } committedLimit { value unit }
    handlingType serviceObjects visitCount onlineDepth serviceArea address officeHours
    legalBases { lawName }
    materials { code position name necessity form source }
    isDraft
  }
}
"""

IMPLEMENTATIONS_QUERY = """
query (
  $regionCode: String, $includeDescendants: Boolean, $level: RegionLevel, $departmentCode: String,
  $itemType: ItemType, $itemCode: String, $search: String
) {
  implementations(
    regionCode: $regionCode, includeDescendants: $includeDescendants, level: $level,
    departmentCode: $departmentCode, itemType: $itemType, itemCode: $itemCode, search: $search
  ) {
    totalCount
    edges { node { name region { code } } }
  }
}
"""

NODE_QUERY = """
query ($id: ID!) {
  node(id: $id) {
    id
    __typename
    ... on Region { code }
    ... on Department { creditCode }
    ... on CatalogItem { code }
    ... on Implementation { implementationCode }
  }
}
"""


def codes_of(connection, field="code"):
    return [edge["node"][field] for edge in connection["edges"]]


def test_region_shows_its_parent_chain(gql, regions):
    # when
    data = gql(REGION_QUERY, {"code": "511602001000"})

    # then
    region = data["region"]
    assert region["name"] == "北辰街道"
    assert region["level"] == "TOWNSHIP"
    assert region["parentCode"] == "511602"
    assert region["parent"] == {"code": "511602"}
    assert [a["code"] for a in region["ancestors"]] == ["510000", "511600", "511602"]
    assert region["id"] == to_global_id("Region", regions["township"].pk)


def test_unknown_region_is_null(gql, regions):
    assert gql(REGION_QUERY, {"code": "999999"}) == {"region": None}


def test_regions_filter_by_parent_level_and_descendants(gql, regions):
    children = gql(REGIONS_QUERY, {"parentCode": "511600"})["regions"]
    assert codes_of(children) == ["511602", "511603"]
    below = gql(REGIONS_QUERY, {"parentCode": "511600", "includeDescendants": True})["regions"]
    assert sorted(codes_of(below)) == ["511602", "511602001000", "511603"]
    counties = gql(REGIONS_QUERY, {"level": "COUNTY"})["regions"]
    assert codes_of(counties) == ["511602", "511603"]
    assert gql(REGIONS_QUERY, {})["regions"]["totalCount"] == 5


def test_unknown_parent_code_is_not_found_not_an_empty_list(gql, regions):
    # when
    _, errors = gql.errors(REGIONS_QUERY, {"parentCode": "123456"})

    # then
    assert errors[0]["extensions"]["code"] == "NOT_FOUND"


def test_department_by_credit_code(gql, county_department):
    # when
    data = gql(DEPARTMENT_QUERY, {"creditCode": county_department.credit_code})

    # then
    department = data["department"]
    assert department["name"] == "广安区行政审批局"
    assert department["creditCodeCheckPasses"] is True
    assert department["nature"] == "LEGAL_ORGAN"
    assert department["region"]["code"] == "511602"
    assert [a["code"] for a in department["region"]["ancestors"]] == ["510000", "511600"]


def test_departments_of_a_region_with_or_without_its_descendants(gql, regions, county_department):
    # given
    DepartmentFactory(region=regions["township"], name="北辰街道便民服务中心")
    DepartmentFactory(region=regions["sibling"], name="前锋区行政审批局")

    # when
    own = gql(DEPARTMENTS_QUERY, {"regionCode": "511602"})["departments"]
    subtree = gql(DEPARTMENTS_QUERY, {"regionCode": "511602", "includeDescendants": True})["departments"]

    # then
    assert codes_of(own, "name") == ["广安区行政审批局"]
    assert sorted(codes_of(subtree, "name")) == ["北辰街道便民服务中心", "广安区行政审批局"]


def test_catalog_item_with_legal_bases_and_main_item(gql, regions, catalog_item):
    # given
    LegalBasisFactory(catalog_item=catalog_item, law_name="《建筑法》", clause="第七条", sort_order=0)
    sub_item = CatalogItemFactory(region=regions["province"], parent=catalog_item, name="子项")

    # when
    item = gql(CATALOG_ITEM_QUERY, {"code": catalog_item.code})["catalogItem"]
    sub = gql(CATALOG_ITEM_QUERY, {"code": sub_item.code})["catalogItem"]

    # then
    assert item["name"] == "建设工程施工许可证核发"
    assert item["type"] == "LICENSING"
    assert item["isMainItem"] is True
    assert item["allowedLevels"] == ["CITY", "COUNTY", "TOWNSHIP", "VILLAGE"]
    assert item["status"] == "ACTIVE"
    assert item["legalBases"] == [{"lawName": "《建筑法》", "clause": "第七条"}]
    assert item["region"] == {"code": "510000"}
    assert item["isDraft"] is False
    assert item["editorial"] is None  # internal fields need a token with the internal scope
    assert sub["isMainItem"] is False
    assert sub["parent"] == {"code": catalog_item.code}


def test_catalog_items_filters(gql, regions, catalog_item):
    # given
    CatalogItemFactory(region=regions["province"], name="城乡居民养老保险待遇发放", item_type="05",
                       allowed_levels=["township"])
    CatalogItemFactory(region=regions["province"], name="已取消事项", status=CatalogStatus.CANCELLED,
                       cancel_date="2024-01-01")
    CatalogItemFactory(region=regions["province"], name="草稿事项", live=False)

    # when / then
    payment = codes_of(gql(CATALOG_ITEMS_QUERY, {"type": "PAYMENT"})["catalogItems"], "name")
    assert payment == ["城乡居民养老保险待遇发放"]
    township = codes_of(gql(CATALOG_ITEMS_QUERY, {"level": "TOWNSHIP"})["catalogItems"], "name")
    assert "城乡居民养老保险待遇发放" in township
    county = codes_of(gql(CATALOG_ITEMS_QUERY, {"level": "COUNTY"})["catalogItems"], "name")
    assert "城乡居民养老保险待遇发放" not in county
    assert codes_of(gql(CATALOG_ITEMS_QUERY, {"status": "CANCELLED"})["catalogItems"], "name") == ["已取消事项"]
    assert codes_of(gql(CATALOG_ITEMS_QUERY, {"search": "施工许可"})["catalogItems"], "name") == [catalog_item.name]
    assert codes_of(gql(CATALOG_ITEMS_QUERY, {"search": "0001010"})["catalogItems"], "name") == [catalog_item.name]
    everything = codes_of(gql(CATALOG_ITEMS_QUERY, {})["catalogItems"], "name")
    assert "草稿事项" not in everything


def test_implementation_guide_reads_name_code_and_type_from_the_catalog(gql, guide, catalog_item):
    # given
    LegalBasisFactory(catalog_item=catalog_item, law_name="《建筑法》", sort_order=0)

    # when
    data = gql(IMPLEMENTATION_QUERY, {"code": guide.implementation_code})

    # then
    implementation = data["implementation"]
    assert implementation["implementationCode"] == guide.implementation_code
    assert implementation["name"] == catalog_item.name
    assert implementation["code"] == catalog_item.code
    assert implementation["type"] == "LICENSING"
    assert implementation["level"] == "COUNTY"
    assert implementation["catalogItem"] == {"code": catalog_item.code}
    assert implementation["legalBases"] == [{"lawName": "《建筑法》"}]
    assert [m["name"] for m in implementation["materials"]] == [
        "建筑工程施工许可申请表", "建设工程规划许可证", "施工合同",
    ]
    assert implementation["materials"][0]["code"] == guide.implementation_code + "001"
    assert implementation["materials"][2]["position"] == 3
    assert implementation["statutoryLimit"] == {"value": 20, "unit": "WORKING_DAY"}
    assert [a["code"] for a in implementation["region"]["ancestors"]] == ["510000", "511600"]


def test_implementation_code_shared_by_townships_needs_a_region(gql, regions, catalog_item, county_department):
    # given: one county department implements the item in two townships (same 实施编码)
    from tests.factories import make_region

    second = make_region("511602002000", "中桥街道", "township", regions["county"])
    first = ImplementationFactory(catalog_item=catalog_item, region=regions["township"], department=county_department)
    ImplementationFactory(catalog_item=catalog_item, region=second, department=county_department)

    # when
    _, errors = gql.errors(IMPLEMENTATION_QUERY, {"code": first.implementation_code})
    data = gql(IMPLEMENTATION_QUERY, {"code": first.implementation_code, "regionCode": "511602002000"})

    # then
    assert errors[0]["extensions"]["code"] == "AMBIGUOUS_CODE"
    assert data["implementation"]["region"]["code"] == "511602002000"


def test_malformed_implementation_code_is_null(gql, guide):
    assert gql(IMPLEMENTATION_QUERY, {"code": "nonsense"}) == {"implementation": None}


def test_implementations_filters(gql, regions, guide, catalog_item, county_department):
    # given
    other_item = CatalogItemFactory(region=regions["province"], name="城乡居民养老保险待遇发放", item_type="05")
    township_department = DepartmentFactory(region=regions["township"], name="北辰街道社保所")
    ImplementationFactory(catalog_item=other_item, region=regions["township"], department=township_department)
    sibling_department = DepartmentFactory(region=regions["sibling"], name="前锋区行政审批局")
    ImplementationFactory(catalog_item=catalog_item, region=regions["sibling"], department=sibling_department)

    def names(**variables):
        return sorted(
            f"{e['node']['region']['code']}:{e['node']['name']}"
            for e in gql(IMPLEMENTATIONS_QUERY, variables)["implementations"]["edges"]
        )

    # then
    assert names(regionCode="511602") == ["511602:建设工程施工许可证核发"]
    assert names(regionCode="511602", includeDescendants=True) == [
        "511602001000:城乡居民养老保险待遇发放", "511602:建设工程施工许可证核发",
    ]
    assert names(level="TOWNSHIP") == ["511602001000:城乡居民养老保险待遇发放"]
    assert names(departmentCode=sibling_department.credit_code) == ["511603:建设工程施工许可证核发"]
    assert names(itemType="PAYMENT") == ["511602001000:城乡居民养老保险待遇发放"]
    assert names(itemCode=catalog_item.code) == ["511602:建设工程施工许可证核发", "511603:建设工程施工许可证核发"]
    assert names(search="社保") == ["511602001000:城乡居民养老保险待遇发放"]
    assert names(search="养老") == ["511602001000:城乡居民养老保险待遇发放"]


def test_implementations_leave_out_ended_and_unpublished_rows(gql, regions, guide, catalog_item, county_department):
    # given
    other = CatalogItemFactory(region=regions["province"])
    ImplementationFactory(catalog_item=other, region=regions["county"], department=county_department,
                          status=ImplementationStatus.ENDED, ended_on="2024-01-01")
    draft_item = CatalogItemFactory(region=regions["province"], live=False)
    ImplementationFactory(catalog_item=draft_item, region=regions["county"], department=county_department)
    ImplementationFactory(catalog_item=CatalogItemFactory(region=regions["province"]), region=regions["county"],
                          department=county_department, live=False)

    # when
    data = gql(IMPLEMENTATIONS_QUERY, {"regionCode": "511602"})

    # then
    assert data["implementations"]["totalCount"] == 1


@pytest.mark.parametrize("kind", ["region", "department", "catalog_item", "implementation"])
def test_node_fetches_each_type_by_global_id(gql, guide, regions, county_department, catalog_item, kind):
    # given
    objects = {
        "region": ("Region", regions["county"], {"code": "511602"}),
        "department": ("Department", county_department, {"creditCode": county_department.credit_code}),
        "catalog_item": ("CatalogItem", catalog_item, {"code": catalog_item.code}),
        "implementation": ("Implementation", guide, {"implementationCode": guide.implementation_code}),
    }
    type_name, obj, expected = objects[kind]
    node_id = to_global_id(type_name, obj.pk)

    # when
    node = gql(NODE_QUERY, {"id": node_id})["node"]

    # then
    assert node == {"id": node_id, "__typename": type_name, **expected}


def test_node_of_an_unpublished_implementation_is_null_for_the_public(gql, regions, catalog_item, county_department):
    draft = ImplementationFactory(catalog_item=catalog_item, region=regions["county"], department=county_department,
                                  live=False)
    assert gql(NODE_QUERY, {"id": to_global_id("Implementation", draft.pk)}) == {"node": None}


@pytest.mark.parametrize("bad_id", ["nonsense", to_global_id("Region", "x"), to_global_id("PageInfo", 1)])
def test_malformed_node_id_is_bad_user_input(gql, regions, bad_id):
    _, errors = gql.errors(NODE_QUERY, {"id": bad_id})
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"

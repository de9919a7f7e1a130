"""No N+1: for every connection, 10 rows and 200 rows cost the same number of SQL queries (DESIGN.md §4)."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.documents import get_document_model

from config_models.models import Change, Department, LegalBasis, Material, Region, ReviewMark
from tests.api.conftest import bulk_implementations, issue_client
from tests.factories import credit_code

IMPLEMENTATIONS_QUERY = """
query ($regionCode: String!) {
  implementations(regionCode: $regionCode, includeDescendants: true, first: 500) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        id implementationCode name code type level isDraft updatedAt editorial { live }
        statutoryLimit { value unit } committedLimit { value unit }
        catalogItem { code name legalBases { lawName } region { code } }
        legalBases { lawName }
        region { code name parent { code } ancestors { code name } }
        department { name creditCode region { code ancestors { code } } }
        materials { code name necessity blankForm { title url } sample { url } }
        reviewNeeded { since status source fields { field label before after } }
      }
    }
  }
}
"""

CATALOG_ITEMS_QUERY = """
query ($search: String!) {
  catalogItems(search: $search, first: 500) {
    totalCount
    edges { node { id code name type isDraft updatedAt parent { code } region { code ancestors { code } }
                   legalBases { lawName } editorial { live } } }
  }
}
"""

DEPARTMENTS_QUERY = """
query ($regionCode: String!) {
  departments(regionCode: $regionCode, includeDescendants: true, first: 500) {
    totalCount
    edges { node { id name creditCode nature region { code parent { code } ancestors { code name } } } }
  }
}
"""

REGIONS_QUERY = """
query ($parentCode: String!) {
  regions(parentCode: $parentCode, first: 500) {
    totalCount
    edges { node { id code name level parentCode parent { code name } ancestors { code name } } }
  }
}
"""

TOMBSTONES_QUERY = """
query ($regionCode: String!) {
  tombstones(since: "2000-01-01T00:00:00+08:00", regionCode: $regionCode, first: 500) {
    totalCount
    edges { node { kind nodeId code regionCode reason at } }
  }
}
"""


def queries(gql, query, variables, token=None) -> int:
    gql(query, variables, token=token)  # warm up: the client's last use is recorded at most once a minute
    with CaptureQueriesContext(connection) as captured:
        gql(query, variables, token=token)
    return len(captured.captured_queries)


@pytest.fixture
def document(db):
    return get_document_model().objects.create(title="申请表（空白）", file=ContentFile(b"%PDF-1.4", name="form.pdf"))


def populate(regions, region, count, document, offset):
    """`count` implementations in `region` with materials (one with a blank form) and legal bases; every
    tenth has an unpublished draft, so drafts grow with the rows too."""
    rows = bulk_implementations(regions, count, region=region, materials=3, item_offset=offset)
    ReviewMark.objects.bulk_create(  # every third is 待复核 after a rename of its catalog item
        ReviewMark(implementation=row, region=region, catalog_item_id=row.catalog_item_id, since=timezone.now(),
                   fields=[{"field": "name", "label": "事项名称", "before": "旧名", "after": "新名"}])
        for row in rows[::3]
    )
    Material.objects.filter(implementation__in=rows, sort_order=0).update(blank_form=document, sample=document)
    LegalBasis.objects.bulk_create(
        LegalBasis(catalog_item_id=row.catalog_item_id, law_name="《行政许可法》", sort_order=0) for row in rows
    )
    for draft in rows[::10]:
        draft.address = "草稿地址"
        draft.save_revision()
    return rows


@pytest.mark.parametrize("with_token", [False, True], ids=["public", "token"])
def test_implementations(gql, regions, document, with_token):
    # given: 10 rows in one county, 200 in the other; a city token sees the drafts of both
    populate(regions, regions["county"], 10, document, offset=0)
    populate(regions, regions["sibling"], 200, document, offset=1_000)
    token = issue_client(regions["city"], scopes=["drafts", "internal"])[1] if with_token else None

    # when
    small = queries(gql, IMPLEMENTATIONS_QUERY, {"regionCode": "511602"}, token)
    large = queries(gql, IMPLEMENTATIONS_QUERY, {"regionCode": "511603"}, token)

    # then
    print(f"implementations ({'token' if with_token else 'public'}): {small} queries for 10 rows, {large} for 200")
    assert small == large
    assert large <= 13  # one of them reads the open 待复核 marks


@pytest.mark.parametrize("with_token", [False, True], ids=["public", "token"])
def test_catalog_items(gql, regions, document, with_token):
    # given
    populate(regions, regions["county"], 10, document, offset=0)
    populate(regions, regions["sibling"], 200, document, offset=1_000)
    token = issue_client(regions["province"], scopes=["drafts", "internal"])[1] if with_token else None

    # when: 批量事项0… are the ten, 批量事项1… two hundred and more
    small = queries(gql, CATALOG_ITEMS_QUERY, {"search": "批量事项0"}, token)
    large = queries(gql, CATALOG_ITEMS_QUERY, {"search": "批量事项1"}, token)

    # then
    print(f"catalog items ({'token' if with_token else 'public'}): {small} queries for 10 rows, {large} for 200")
    assert small == large
    assert large <= 8


def bulk_departments(region, count, offset):
    return Department.objects.bulk_create(
        Department(name=f"部门{offset + n}", credit_code=credit_code(offset + n, region.code), region=region)
        for n in range(count)
    )


def test_departments(gql, regions):
    # given
    bulk_departments(regions["county"], 10, 0)
    bulk_departments(regions["sibling"], 200, 1_000)

    # when
    small = queries(gql, DEPARTMENTS_QUERY, {"regionCode": "511602"})
    large = queries(gql, DEPARTMENTS_QUERY, {"regionCode": "511603"})

    # then
    print(f"departments: {small} queries for 10 rows, {large} for 200")
    assert small == large
    assert large <= 5


def bulk_villages(township, count, offset):
    def village(n):
        code = f"{township.code[:9]}{offset + n:03d}"
        return Region(code=code, name=f"村{n}", level="village", parent=township, path=f"{township.path}{code}/")

    return Region.objects.bulk_create(village(n) for n in range(1, count + 1))


def test_regions(gql, regions):
    # given
    from tests.factories import make_region

    other_township = make_region("511603001000", "前锋街道", "township", regions["sibling"])
    bulk_villages(regions["township"], 10, 0)
    bulk_villages(other_township, 200, 200)

    # when
    small = queries(gql, REGIONS_QUERY, {"parentCode": "511602001000"})
    large = queries(gql, REGIONS_QUERY, {"parentCode": "511603001000"})

    # then
    print(f"regions: {small} queries for 10 rows, {large} for 200")
    assert small == large
    assert large <= 5


def test_tombstones(gql, regions):
    # given
    def bulk(region, count):
        # Tombstones are the change feed's D entries.
        Change.objects.bulk_create(
            Change(entity="implementation", object_id=n, code=f"X{n}", region_path=region.path, operation="D",
                   reason="deleted")
            for n in range(count)
        )

    bulk(regions["county"], 10)
    bulk(regions["sibling"], 200)

    # when
    small = queries(gql, TOMBSTONES_QUERY, {"regionCode": "511602"})
    large = queries(gql, TOMBSTONES_QUERY, {"regionCode": "511603"})

    # then
    print(f"tombstones: {small} queries for 10 rows, {large} for 200")
    assert small == large
    assert large <= 4

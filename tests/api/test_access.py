"""Tokens: drafts of the client's region subtree, nothing else; bad tokens are refused, never downgraded."""

import datetime as dt

import pytest
from django.utils import timezone

from cms.models import ApiClient, ApiScope
from config_models.models import Material
from config_models.services.feed import feed_record
from tests.api.conftest import issue_client
from tests.factories import CatalogItemFactory, DepartmentFactory, ImplementationFactory, MaterialFactory

IMPLEMENTATIONS_QUERY = """
query ($regionCode: String!) {
  implementations(regionCode: $regionCode, includeDescendants: true) {
    edges { node { name address isDraft materials { name } editorial { live hasUnpublishedChanges } } }
  }
}
"""

CATALOG_ITEM_QUERY = """
query ($code: String!) { catalogItem(code: $code) { name isDraft } }
"""

TOMBSTONES_QUERY = """
query ($since: DateTime!) { tombstones(since: $since) { edges { node { code reason } } } }
"""


def save_draft(implementation, **changes):
    """An unpublished change made in the admin: a new revision; the row keeps the live values."""
    for field, value in changes.items():
        setattr(implementation, field, value)
    implementation.save_revision()


@pytest.fixture
def drafts(regions, guide, catalog_item, county_department):
    """In each county: a live implementation with an unpublished draft, and a never-published one."""
    save_draft(guide, address="草稿地址")
    guide.materials.add(Material(name="草稿新增材料", sort_order=3))
    guide.save_revision()
    new = ImplementationFactory(
        catalog_item=CatalogItemFactory(region=regions["province"], name="未发布事项"), region=regions["township"],
        department=county_department, live=False, address="新草稿",
    )
    new.save_revision()
    sibling_department = DepartmentFactory(region=regions["sibling"])
    sibling = ImplementationFactory(
        catalog_item=catalog_item, region=regions["sibling"], department=sibling_department, address="前锋区地址"
    )
    MaterialFactory(implementation=sibling, name="前锋区材料", sort_order=0)
    save_draft(sibling, address="前锋区草稿地址")
    return {"guide": guide, "new": new, "sibling": sibling}


PUBLISHED_GUIDE = (
    "建设工程施工许可证核发",
    "广安区政务服务中心一楼",
    False,
    ("建筑工程施工许可申请表", "建设工程规划许可证", "施工合同"),
)


def rows(gql, region_code, token=None):
    data = gql(IMPLEMENTATIONS_QUERY, {"regionCode": region_code}, token=token)
    return sorted(
        (edge["node"]["name"], edge["node"]["address"], edge["node"]["isDraft"],
         tuple(m["name"] for m in edge["node"]["materials"]))
        for edge in data["implementations"]["edges"]
    )


def test_public_sees_published_values_only(gql, drafts):
    assert rows(gql, "511602") == [
        PUBLISHED_GUIDE,
    ]
    assert rows(gql, "511603") == [("建设工程施工许可证核发", "前锋区地址", False, ("前锋区材料",))]


def test_county_token_sees_its_drafts_with_their_materials(gql, drafts, county_token):
    assert rows(gql, "511602", county_token) == [
        ("建设工程施工许可证核发", "草稿地址", True,
         ("建筑工程施工许可申请表", "建设工程规划许可证", "施工合同", "草稿新增材料")),
        ("未发布事项", "新草稿", True, ()),
    ]


def test_county_token_sees_only_published_values_of_another_county(gql, drafts, county_token):
    assert rows(gql, "511603", county_token) == [("建设工程施工许可证核发", "前锋区地址", False, ("前锋区材料",))]


def test_sibling_token_sees_its_drafts_and_not_the_first_countys(gql, drafts, sibling_token):
    assert rows(gql, "511603", sibling_token) == [("建设工程施工许可证核发", "前锋区草稿地址", True, ("前锋区材料",))]
    assert [r[1] for r in rows(gql, "511602", sibling_token)] == ["广安区政务服务中心一楼"]


def test_township_token_does_not_see_county_level_drafts(gql, regions, drafts):
    # given
    _, token = issue_client(regions["township"])

    # then: the county's own draft stays published-only; the township's draft is visible
    assert rows(gql, "511602", token) == [
        PUBLISHED_GUIDE,
        ("未发布事项", "新草稿", True, ()),
    ]


def test_token_without_drafts_scope_sees_what_the_public_sees(gql, regions, drafts):
    _, token = issue_client(regions["county"], scopes=[])
    assert rows(gql, "511602", token) == rows(gql, "511602")


def test_internal_scope_shows_publishing_state(gql, regions, drafts):
    # given
    _, token = issue_client(regions["county"], scopes=[ApiScope.DRAFTS, ApiScope.INTERNAL])

    # when
    data = gql(IMPLEMENTATIONS_QUERY, {"regionCode": "511602"}, token=token)

    # then
    states = sorted((e["node"]["name"], e["node"]["editorial"]["live"]) for e in data["implementations"]["edges"])
    assert states == [("建设工程施工许可证核发", True), ("未发布事项", False)]


def test_catalog_item_drafts_are_visible_only_in_the_maintaining_regions_subtree(gql, regions, catalog_item):
    # given
    catalog_item.name = "建设工程施工许可证核发（草稿）"
    catalog_item.save_revision()
    _, province_token = issue_client(regions["province"])
    _, county_token = issue_client(regions["county"])

    # then
    assert gql(CATALOG_ITEM_QUERY, {"code": catalog_item.code}, token=province_token)["catalogItem"] == {
        "name": "建设工程施工许可证核发（草稿）", "isDraft": True,
    }
    assert gql(CATALOG_ITEM_QUERY, {"code": catalog_item.code}, token=county_token)["catalogItem"] == {
        "name": "建设工程施工许可证核发", "isDraft": False,
    }
    assert gql(CATALOG_ITEM_QUERY, {"code": catalog_item.code})["catalogItem"]["name"] == "建设工程施工许可证核发"


def test_tombstone_of_a_never_published_row_is_seen_only_in_scope(gql, regions, drafts, county_token, sibling_token):
    # given
    since = (timezone.now() - dt.timedelta(minutes=1)).isoformat()
    # The D entry the delete service writes; a row never published gives a non-public entry.
    feed_record(drafts["new"], operation="D", reason="deleted")
    drafts["new"].delete()

    # then
    assert gql(TOMBSTONES_QUERY, {"since": since})["tombstones"]["edges"] == []
    assert gql(TOMBSTONES_QUERY, {"since": since}, token=sibling_token)["tombstones"]["edges"] == []
    seen = gql(TOMBSTONES_QUERY, {"since": since}, token=county_token)["tombstones"]["edges"]
    assert [e["node"]["reason"] for e in seen] == ["DELETED"]


@pytest.mark.parametrize(
    "authorization",
    ["Bearer tb_not-a-real-token", "Bearer ", "Basic dXNlcjpwYXNz", "Token abc"],
)
def test_bad_credentials_are_refused_not_downgraded_to_public(gql, guide, authorization):
    # when
    response = gql.client.post(
        "/graphql/", {"query": "{ regions { totalCount } }"}, content_type="application/json",
        headers={"Authorization": authorization},
    )

    # then
    assert response.status_code == 401
    payload = response.json()
    assert "data" not in payload
    assert payload["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_revoked_token_is_refused(gql, regions, guide):
    # given
    client, token = issue_client(regions["county"])
    client.revoked_at = timezone.now()
    client.save()

    # when
    response = gql.response(IMPLEMENTATIONS_QUERY, {"regionCode": "511602"}, token=token)

    # then
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "revoked" in response.json()["errors"][0]["message"]


def test_token_is_stored_hashed_and_last_use_is_recorded(gql, regions, guide):
    # given
    client, token = issue_client(regions["county"])

    # when
    gql(IMPLEMENTATIONS_QUERY, {"regionCode": "511602"}, token=token)

    # then
    client.refresh_from_db()
    assert token not in (client.token_hash, client.token_hint)
    assert token.startswith(client.token_hint)
    assert client.last_used_at is not None
    assert ApiClient.objects.filter(token_hash=token).count() == 0

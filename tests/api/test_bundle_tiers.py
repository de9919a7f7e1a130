"""`bundleTemplates(tier:)`: the national 高效办成一件事 batches apart from the city's own, in constant queries."""

import pytest

from config_models.models import BundleTemplate, BundleTier
from tests.api.test_bundle_query_counts import make_templates, world  # noqa: F401 (fixture)
from tests.api.test_contract import operation
from tests.api.test_query_counts import queries

TIER_QUERY = """
query ($tier: BundleTier) {
  bundleTemplates(tier: $tier, first: 500) {
    totalCount
    edges { node { code tier batchYear batch batchLabel policyDocument
                   items { step catalogItem { code } } scenarios { key } formFields { key } } }
  }
}
"""


def file_as_national(templates, *, year=2024, batch=1, document="国发〔2024〕3号"):
    BundleTemplate.objects.filter(pk__in=[t.pk for t in templates]).update(
        tier=BundleTier.NATIONAL, batch_year=year, batch=batch, policy_document=document)


def codes(data) -> list[str]:
    return sorted(edge["node"]["code"] for edge in data["bundleTemplates"]["edges"])


def test_tier_national_lists_only_the_national_templates(gql, world):  # noqa: F811
    # given: two national templates of the first batch, one provincial, two local 特色 ones
    national = make_templates(world, 2, "Gj")
    file_as_national(national)
    provincial = make_templates(world, 1, "Sj")
    BundleTemplate.objects.filter(pk=provincial[0].pk).update(tier=BundleTier.PROVINCIAL)
    make_templates(world, 2, "Ts")

    # when
    data = gql(TIER_QUERY, {"tier": "NATIONAL"})

    # then
    assert codes(data) == ["GJ0", "GJ1"]
    node = data["bundleTemplates"]["edges"][0]["node"]
    assert (node["tier"], node["batchYear"], node["batch"], node["batchLabel"], node["policyDocument"]) == (
        "NATIONAL", 2024, 1, "2024年第一批", "国发〔2024〕3号")
    assert codes(gql(TIER_QUERY, {"tier": "LOCAL"})) == ["TS0", "TS1"]
    assert codes(gql(TIER_QUERY, {"tier": "PROVINCIAL"})) == ["SJ0"]
    assert data["bundleTemplates"]["totalCount"] == 2
    assert gql(TIER_QUERY, {})["bundleTemplates"]["totalCount"] == 5
    local = next(e["node"] for e in gql(TIER_QUERY, {"tier": "LOCAL"})["bundleTemplates"]["edges"])
    assert (local["batchYear"], local["batch"], local["batchLabel"]) == (None, None, "")


def test_tier_filter_costs_the_same_queries_for_few_and_many(gql, world):  # noqa: F811
    # given: 5 national templates, then 100 more
    file_as_national(make_templates(world, 5, "Few"))
    make_templates(world, 20, "Local")
    small = queries(gql, TIER_QUERY, {"tier": "NATIONAL"})
    file_as_national(make_templates(world, 100, "Many"))

    # when
    large = queries(gql, TIER_QUERY, {"tier": "NATIONAL"})

    # then
    assert gql(TIER_QUERY, {"tier": "NATIONAL"})["bundleTemplates"]["totalCount"] == 105
    assert small == large
    assert large <= 10


def test_the_public_operation_filters_by_tier(gql, world):  # noqa: F811
    file_as_national(make_templates(world, 1, "Gj"))
    make_templates(world, 1, "Ts")
    data = gql(operation("public_bundle_notice.graphql"), {"tier": "NATIONAL"}, operation_name="BundleTemplates")
    assert [(e["node"]["code"], e["node"]["batchLabel"]) for e in data["bundleTemplates"]["edges"]] == [
        ("GJ0", "2024年第一批")]


@pytest.mark.parametrize("tier", ["national", "COUNTY"])
def test_an_unknown_tier_is_a_graphql_error(gql, world, tier):  # noqa: F811
    _response, errors = gql.errors(TIER_QUERY, {"tier": tier})
    assert "BundleTier" in errors[0]["message"]

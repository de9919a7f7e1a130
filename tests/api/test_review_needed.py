"""`reviewNeeded` on implementations and bundles: set by a catalog (template) change, null once settled."""

import pytest

from config_models.models import ReviewMark, ReviewStatus
from config_models.services.catalog import catalog_item_save
from config_models.services.review import review_mark_resolve

pytestmark = pytest.mark.django_db

QUERY = """
query ($regionCode: String!) {
  implementations(regionCode: $regionCode, first: 10) {
    edges { node { code reviewNeeded { since status source fields { field label before after } } } }
  }
}
"""


def review_needed(gql):
    (edge,) = gql(QUERY, {"regionCode": "511602"})["implementations"]["edges"]
    return edge["node"]["reviewNeeded"]


def test_a_renamed_catalog_item_shows_on_its_implementation_until_settled(gql, catalog_item, implementation):
    # given
    assert review_needed(gql) is None
    catalog_item.name = "建筑工程施工许可证核发"
    catalog_item_save(item=catalog_item)

    # when
    needed = review_needed(gql)

    # then
    assert needed["status"] == "PENDING" and needed["since"]
    assert needed["source"] == "建筑工程施工许可证核发（000101001000）"
    assert needed["fields"] == [{"field": "name", "label": "事项名称", "before": "建设工程施工许可证核发",
                                 "after": "建筑工程施工许可证核发"}]

    review_mark_resolve(mark=ReviewMark.objects.get(), action=ReviewStatus.NO_CHANGE)
    assert review_needed(gql) is None

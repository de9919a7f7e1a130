"""No N+1 for the 一件事 connections: 10 rows and 200 rows cost the same number of SQL queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config_models.models import Bundle, BundleFormField, BundleItem, BundleScenario, BundleTemplate, RegionPage
from tests.api.test_query_counts import queries
from tests.factories import CatalogItemFactory, DepartmentFactory, ImplementationFactory, MaterialFactory

BUNDLES_QUERY = """
query ($regionCode: String!) {
  bundles(regionCode: $regionCode, first: 200) {
    totalCount
    edges { node {
      id code name lifecycle stage committedLimit url publishable updatedAt
      region { code ancestors { code } }
      template { code leadRole items { step catalogItem { code } } scenarios { key } formFields { key } }
      leadDepartment { name region { code } }
      cooperatingDepartments { name }
      missingItems { code }
      steps { number days items { days scenarios catalogItem { code name legalBases { lawName } }
              implementation { implementationCode department { name } region { code } } } }
      implementations { implementationCode }
      materials { toSubmit { name itemCodes } deferrable { name } reused { name note } eCertificates { name } }
      formFields { key required itemCodes }
      efficiency { steps { before after } materials { before after } days { before after reduction } visits { after } }
      reviewNeeded { since fields { field before after } }
    } }
  }
}
"""

TEMPLATES_QUERY = """
query ($search: String!) {
  bundleTemplates(search: $search, first: 500) {
    totalCount
    edges { node { id code name lifecycle target region { code } cooperatingRoles notice { basis }
                   items { step produces scenarios catalogItem { code name legalBases { lawName } } }
                   scenarios { key label } formFields { key type itemCodes } } }
  }
}
"""


@pytest.fixture
def world(regions):
    """Two items, implemented with materials in both counties; the city page to hang templates on."""
    items = [CatalogItemFactory(region=regions["province"], name=f"联办事项{n}") for n in range(2)]
    leads = {}
    for key in ("county", "sibling"):
        lead = leads[key] = DepartmentFactory(region=regions[key])
        for n, item in enumerate(items):
            implementation = ImplementationFactory(catalog_item=item, region=regions[key], department=lead)
            MaterialFactory(implementation=implementation, name="身份证", sort_order=0)
            MaterialFactory(implementation=implementation, name=f"申请表{n}", sort_order=1)
    return {"items": items, "leads": leads, "city_page": RegionPage.objects.get(region=regions["city"])}


def make_templates(world, count, prefix):
    """`count` published templates of the two items (pages added without revisions: fast)."""
    templates = []
    for n in range(count):
        template = BundleTemplate(title=f"{prefix}{n}", code=f"{prefix.upper()}{n}", slug=f"{prefix}{n}".lower(),
                                  lifecycle="person", stage="出生", target="person", lead_role="卫生健康部门")
        template.items = [BundleItem(catalog_item=world["items"][0], step=1, produces="出生医学证明", sort_order=0),
                          BundleItem(catalog_item=world["items"][1], step=2, scenarios="twins", sort_order=1)]
        template.scenarios = [BundleScenario(key="twins", label="多胞胎")]
        template.form_fields = [BundleFormField(label="姓名", key="name", field_type="text")]
        world["city_page"].add_child(instance=template)
        templates.append(template)
    return templates


def adopt_all(templates, region, lead):
    parent = RegionPage.objects.get(region=region)
    for template in templates:
        bundle = Bundle(title=template.title, bundle_template=template, lead_department=lead, committed_limit=5,
                        slug=template.slug)
        parent.add_child(instance=bundle)
        bundle.cooperating_departments.add(lead)
        bundle.save()


def test_bundles(gql, regions, world):
    # given: 10 bundles in one county, 200 in the other
    templates = make_templates(world, 200, "Tpl")
    adopt_all(templates[:10], regions["county"], world["leads"]["county"])
    adopt_all(templates, regions["sibling"], world["leads"]["sibling"])

    # when
    small = queries(gql, BUNDLES_QUERY, {"regionCode": "511602"})
    large = queries(gql, BUNDLES_QUERY, {"regionCode": "511603"})

    # then
    data = gql(BUNDLES_QUERY, {"regionCode": "511603"})["bundles"]
    assert data["totalCount"] == 200
    assert data["edges"][0]["node"]["materials"]["reused"] == []
    assert [m["name"] for m in data["edges"][0]["node"]["materials"]["toSubmit"]] == ["身份证", "申请表0", "申请表1"]
    print(f"bundles: {small} queries for 10 rows, {large} for 200")
    assert small == large
    assert large <= 20


def test_bundle_templates(gql, regions, world):
    make_templates(world, 10, "Small")
    make_templates(world, 200, "Large")
    small = queries(gql, TEMPLATES_QUERY, {"search": "Small"})
    large = queries(gql, TEMPLATES_QUERY, {"search": "Large"})
    print(f"bundle templates: {small} queries for 10 rows, {large} for 200")
    assert small == large
    assert large <= 10


def test_one_bundle(gql, regions, world):
    templates = make_templates(world, 1, "One")
    adopt_all(templates, regions["county"], world["leads"]["county"])
    with CaptureQueriesContext(connection) as captured:
        gql("query { bundle(code: \"ONE0-511602\") { code materials { toSubmit { name } } } }")
    assert len(captured.captured_queries) <= 12

"""一件事 over GraphQL: the public notice operation, filters, changedSince following the implementations, tombstones."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone
from graphql_relay import to_global_id

from config_models.models import Bundle
from config_models.services.feed import feed_record
from config_models.services.site import region_site_ensure
from tests.bundle_helpers import adopt, catalog, implement, make_template
from tests.factories import DepartmentFactory

OPERATIONS = Path(__file__).resolve().parents[2] / "graphql" / "operations"
NOTICE = (OPERATIONS / "public_bundle_notice.graphql").read_text(encoding="utf-8")

TOMBSTONES = """
query ($since: DateTime!) {
  tombstones(since: $since, kinds: [BUNDLE]) { edges { node { kind nodeId code regionCode reason } } }
}
"""


@pytest.fixture
def world(regions, settings):
    settings.API_SYNC_MARGIN = dt.timedelta(0)
    region_site_ensure(region=regions["city"], hostname="localhost", is_default=True)
    items = catalog(regions)
    lead = DepartmentFactory(region=regions["county"], name="广安区市场监督管理局")
    implementations = implement(items, regions["county"], lead)
    template = make_template(regions, items)
    bundle = adopt(template, regions["county"], lead)
    return {"items": items, "lead": lead, "implementations": implementations, "template": template, "bundle": bundle}


def test_public_notice_shows_the_merged_materials_form_steps_and_efficiency(gql, world):
    # when
    response = gql.response(NOTICE, {"code": "kbcyd-511602"}, method="get", operation_name="BundleNotice")

    # then
    assert response["Cache-Control"].startswith("public")
    bundle = response.json()["data"]["bundle"]
    assert bundle["name"] == "广安区开办餐饮店" and bundle["lifecycle"] == "ENTERPRISE"
    assert bundle["url"].endswith("/511602/kbcyd/")
    materials = bundle["materials"]
    assert [m["name"] for m in materials["toSubmit"]] == [
        "企业设立登记申请书", "居民身份证（原件）", "住所使用证明", "卫生许可申请表", "食品经营许可申请书",
        "招牌设计效果图",
    ]
    assert materials["toSubmit"][1]["itemNames"] == ["企业设立登记", "公共场所卫生许可", "食品经营许可"]
    assert [m["name"] for m in materials["deferrable"]] == ["从业人员健康证明"]
    assert [(m["name"], m["note"]) for m in materials["reused"]] == [
        ("营业执照", "由第1步“企业设立登记”产生，无需提交")]
    assert [m["name"] for m in materials["eCertificates"]] == ["不动产权证书"]
    assert [f["key"] for f in bundle["formFields"]] == ["applicant_name", "area", "category", "sign_size"]
    assert [(s["number"], s["days"], len(s["items"])) for s in bundle["steps"]] == [(1, 5, 2), (2, 10, 2)]
    assert bundle["steps"][0]["items"][0]["implementation"]["department"]["name"] == "广安区市场监督管理局"
    assert bundle["efficiency"]["days"] == {"before": 20, "after": 15, "reduction": 5, "reductionPercent": 25}
    assert bundle["efficiency"]["committedDays"] == 10
    assert bundle["template"]["cooperatingRoles"] == ["卫生健康部门", "城市管理部门"]


def test_bundles_filter_by_region_and_lifecycle(gql, world):
    listed = gql(NOTICE, {"regionCode": "511600", "lifecycle": "ENTERPRISE"}, operation_name="CountyBundles")
    assert [e["node"]["code"] for e in listed["bundles"]["edges"]] == ["KBCYD-511602"]
    none = gql(NOTICE, {"regionCode": "511600", "lifecycle": "PERSON"}, operation_name="CountyBundles")
    assert none["bundles"]["edges"] == []
    templates = gql(NOTICE, {}, operation_name="BundleTemplates")["bundleTemplates"]["edges"]
    assert [t["node"]["code"] for t in templates] == ["KBCYD"]
    assert templates[0]["node"]["items"][0]["produces"] == ["营业执照"]


def test_editing_an_implementations_material_brings_the_bundle_back_in_changed_since(gql, world):
    # given: a first pull
    first = gql(NOTICE, {"regionCode": "511602"}, operation_name="CountyBundles")["bundles"]
    since = first["syncedAt"]
    again = gql(NOTICE, {"regionCode": "511602", "changedSince": since}, operation_name="CountyBundles")
    assert again["bundles"]["edges"] == []

    # when
    material = world["implementations"]["food"].materials.get(name="食品经营许可申请书")
    material.name = "食品经营许可申请书（2025版）"
    material.save()
    feed_record(material)  # as the material's service writes it: an entry of each bundle showing it

    # then
    changed = gql(NOTICE, {"regionCode": "511602", "changedSince": since}, operation_name="CountyBundles")
    assert [e["node"]["code"] for e in changed["bundles"]["edges"]] == ["KBCYD-511602"]
    notice = gql(NOTICE, {"code": "KBCYD-511602"}, operation_name="BundleNotice")["bundle"]
    assert "食品经营许可申请书（2025版）" in [m["name"] for m in notice["materials"]["toSubmit"]]


def test_drafts_are_not_public_and_withdrawn_bundles_leave_a_tombstone(gql, world, regions):
    # given: 前锋区 has a draft adoption
    since = timezone.now().isoformat()
    lead = DepartmentFactory(region=regions["sibling"])
    implement(world["items"], regions["sibling"], lead, keys=["licence"])
    adopt(world["template"], regions["sibling"], lead, publish=False)
    assert gql(NOTICE, {"code": "KBCYD-511603"}, operation_name="BundleNotice")["bundle"] is None

    # when: 广安区 withdraws its bundle
    bundle = Bundle.objects.get(pk=world["bundle"].pk)
    bundle.unpublish()

    # then
    assert gql(NOTICE, {"code": "KBCYD-511602"}, operation_name="BundleNotice")["bundle"] is None
    tombstones = gql(TOMBSTONES, {"since": since})["tombstones"]["edges"]
    assert [t["node"] for t in tombstones] == [{
        "kind": "BUNDLE", "nodeId": to_global_id("Bundle", bundle.pk), "code": "KBCYD-511602",
        "regionCode": "511602", "reason": "UNPUBLISHED",
    }]

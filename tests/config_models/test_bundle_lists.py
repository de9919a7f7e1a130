"""一件事 lists: a list type over bundles, its rule over bundle fields, batches with 文号 and their diff, frozen
snapshots, refusals, wrong-subject rule fields, the public page and the API."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from config_models.models import ListSubject, Publication, PublishedListPage
from config_models.services import published_list as service
from config_models.services.bundle import bundle_save
from config_models.services.site import region_site_ensure
from tests.api.conftest import GraphQL
from tests.bundle_helpers import adopt, catalog, implement, make_template
from tests.factories import DepartmentFactory, ListTypeFactory, make_published_list

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def bundle_type(db):
    return ListTypeFactory(code="yijianshi", name="高效办成一件事清单", subject=ListSubject.BUNDLE)


@pytest.fixture
def bundles(regions):
    items = catalog(regions)
    county_department = DepartmentFactory(region=regions["county"], name="广安区市场监督管理局")
    sibling_department = DepartmentFactory(region=regions["sibling"], name="前锋区市场监督管理局")
    implement(items, regions["county"], county_department)
    implement(items, regions["sibling"], sibling_department)
    national = make_template(regions, items, code="KBCYD", tier="national", batch_year=2024, batch=1,
                             policy_document="国发〔2024〕3号")
    local = make_template(regions, items, code="KBXCD", tier="local")
    return {
        "items": items,
        "national": adopt(national, regions["county"], county_department),
        "local": adopt(local, regions["county"], county_department, committed_limit=8),
        "sibling": adopt(national, regions["sibling"], sibling_department),
    }


def bundle_list(regions, bundle_type, rule, code="511602-yijianshi"):
    return make_published_list(regions["county"], code=code, title="广安区高效办成一件事清单", rule=rule,
                               list_type=bundle_type)


def publish(page, batch_date, number):
    return service.publication_publish(page=page, document_number=f"广区府办〔{batch_date.year}〕{number}号",
                                       published_on=batch_date, effective_on=batch_date)


def test_a_bundle_rule_selects_the_bundles_in_force_of_the_region_subtree(regions, bundle_type, bundles):
    national = bundle_list(regions, bundle_type, [("bundle_tier", "eq", "国家"), ("bundle_batch_year", "eq", "2024")])
    assert [b.code for b in service.list_entries(national)] == [bundles["national"].code]
    by_target = bundle_list(regions, bundle_type, [("bundle_target", "eq", "法人")], code="511602-yjs-faren")
    assert sorted(b.code for b in service.list_entries(by_target)) == sorted(
        [bundles["national"].code, bundles["local"].code])
    by_person = bundle_list(regions, bundle_type, [("bundle_target", "eq", "个人")], code="511602-yjs-geren")
    assert list(service.list_entries(by_person)) == []


def test_batches_with_document_numbers_their_snapshot_and_the_diff(regions, bundle_type, bundles):
    page = bundle_list(regions, bundle_type, [("bundle_tier", "eq", "国家")])
    first = publish(page, D(2026, 3, 1), 5)
    assert (first.batch, first.batch_label, first.document_number) == (1, "第1批", "广区府办〔2026〕5号")
    entry = first.entries[0]
    assert entry["bundle_code"] == bundles["national"].code
    assert entry["name"] == "广安区开办餐饮店" and entry["region_name"] == "广安区"
    assert entry["department_name"] == "广安区市场监督管理局"
    assert (entry["tier"], entry["tier_label"], entry["batch_year"], entry["template_batch"]) == (
        "national", "国家", 2024, 1)
    assert entry["policy_document"] == "国发〔2024〕3号" and entry["committed_limit"] == "10个工作日"
    assert entry["steps_before"] > entry["steps_after"] and entry["materials_before"] > entry["materials_after"]
    assert [e["name"] for e in first.diff["added"]] == ["广安区开办餐饮店"]

    # 成熟一批、公布一批: the local bundle joins in batch 2, and the national one gets a shorter limit
    page.rule = [("condition", {"field": "bundle_tier", "operator": "in", "value": "国家,地方特色"})]
    page.save_revision().publish()
    national = bundles["national"]
    national.committed_limit = 7
    bundle_save(bundle=national)
    second = publish(PublishedListPage.objects.get(pk=page.pk), D(2026, 9, 1), 18)
    assert second.batch == 2 and second.entry_count == 2
    assert [e["bundle_code"] for e in second.diff["added"]] == [bundles["local"].code]
    assert second.diff["removed"] == []
    [changed] = second.diff["changed"]
    assert changed["fields"]["committed_limit"] == ["10个工作日", "7个工作日"]


def test_a_published_batch_stays_frozen_when_a_bundle_changes(regions, bundle_type, bundles):
    page = bundle_list(regions, bundle_type, [("bundle_tier", "eq", "国家")])
    first = publish(page, D(2026, 3, 1), 5)
    national = bundles["national"]
    national.title = "广安区开办餐馆"
    national.committed_limit = 5
    bundle_save(bundle=national)
    stored = Publication.objects.get(pk=first.pk)
    assert stored.entries == first.entries
    assert stored.entries[0]["name"] == "广安区开办餐饮店" and stored.entries[0]["committed_limit"] == "10个工作日"
    assert service.list_entry_rows(page)[0]["name"] == "广安区开办餐馆"


@pytest.mark.parametrize("subject,field,value", [
    (ListSubject.BUNDLE, "visit_count", "1"),
    (ListSubject.IMPLEMENTATION, "bundle_tier", "国家"),
])
def test_a_rule_field_of_another_subject_is_refused_in_chinese_and_nothing_is_written(regions, subject, field,
                                                                                        value):
    list_type = ListTypeFactory(code=f"type-{subject}", name=f"清单{subject}", subject=subject)
    before = PublishedListPage.objects.count()
    with pytest.raises(ValidationError) as refused:
        make_published_list(regions["county"], code="511602-wrong", rule=[(field, "eq", value)], list_type=list_type)
    message = " ".join(refused.value.message_dict["rule"])
    assert "不能用于" in message and "清单" in message
    assert PublishedListPage.objects.count() == before


def test_a_bundle_that_cannot_be_published_refuses_the_batch_with_reasons(regions, bundle_type, bundles):
    page = bundle_list(regions, bundle_type, [("bundle_tier", "eq", "国家")])
    # the county stops implementing one of the template's items
    from config_models.models import Implementation

    Implementation.objects.filter(region=regions["county"], catalog_item=bundles["items"]["food"]).update(
        status="suspended")
    with pytest.raises(service.PublicationRefused) as refused:
        publish(page, D(2026, 3, 1), 5)
    assert any("食品经营许可" in message for message in refused.value.messages)
    assert not Publication.objects.filter(published_list=page).exists()


def test_the_public_page_and_the_batch_page_show_the_bundle_list(client, regions, bundle_type, bundles):
    region_site_ensure(region=regions["county"], hostname="testserver", is_default=True)
    page = bundle_list(regions, bundle_type, [("bundle_tier", "eq", "国家")])
    publish(page, D(2026, 3, 1), 5)
    html = client.get(page.get_url()).content.decode()
    assert "广安区开办餐饮店" in html and "广区府办〔2026〕5号" in html and "清单一件事" in html
    assert "国发〔2024〕3号" in html and bundles["national"].code in html
    batch = client.get(f"{page.get_url()}batch/1/").content.decode()
    assert "本批次一件事" in batch and "广安区开办餐饮店" in batch


BUNDLE_PUBLICATION = """
query ($listCode: String!) {
  publishedLists(regionCode: "511602", first: 10) { edges { node { code listType { code subject } } } }
  publication(listCode: $listCode) {
    batch documentNumber entryCount
    entries { key }
    bundleEntries { key bundleCode name tier batchYear templateBatch departmentName committedLimit
                    stepsBefore stepsAfter }
    diff { added { key } addedBundles { bundleCode } removedBundles { bundleCode } }
  }
}
"""


def test_the_api_serves_the_bundle_list_snapshot(regions, bundle_type, bundles):
    page = bundle_list(regions, bundle_type, [("bundle_tier", "eq", "国家")])
    publish(page, D(2026, 3, 1), 5)
    data = GraphQL()(BUNDLE_PUBLICATION, {"listCode": page.code})
    [node] = [edge["node"] for edge in data["publishedLists"]["edges"] if edge["node"]["code"] == page.code]
    assert node["listType"] == {"code": "yijianshi", "subject": "BUNDLE"}
    publication = data["publication"]
    assert (publication["batch"], publication["documentNumber"], publication["entryCount"]) == (
        1, "广区府办〔2026〕5号", 1)
    assert publication["entries"] == [] and publication["diff"]["added"] == []
    [entry] = publication["bundleEntries"]
    assert entry["bundleCode"] == bundles["national"].code and entry["tier"] == "NATIONAL"
    assert (entry["batchYear"], entry["templateBatch"], entry["committedLimit"]) == (2024, 1, "10个工作日")
    assert entry["departmentName"] == "广安区市场监督管理局" and entry["stepsBefore"] > entry["stepsAfter"]
    assert publication["diff"]["addedBundles"] == [{"bundleCode": bundles["national"].code}]


def test_the_preview_of_a_bundle_list_shows_its_bundles(rf, regions, bundle_type, bundles):
    page = bundle_list(regions, bundle_type, [("bundle_tier", "eq", "国家")])
    response = page.serve_preview(rf.get("/"), "")
    response.render()
    html = response.content.decode()
    assert "预览一件事" in html and bundles["national"].code in html


def test_implementation_overrides_are_refused_on_a_bundle_list(regions, bundle_type, bundles):
    from config_models.models import Implementation, OverrideAction

    implementation = Implementation.objects.filter(region=regions["county"]).first()
    with pytest.raises(ValidationError) as refused:
        make_published_list(regions["county"], code="511602-yjs-override", rule=[("bundle_tier", "eq", "国家")],
                            list_type=bundle_type, overrides=[(implementation, OverrideAction.INCLUDE)])
    assert "一件事清单不支持" in str(refused.value)

"""The 入驻负面清单 and the 赋权清单 as published lists: rules over hall exemptions and delegations, frozen
batches with the reason and the supervision duty, refusals, public pages and the API."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from config_models.models import HallExemption, ListSubject, Publication
from config_models.services import published_list as service
from config_models.services.hall import hall_exemption_save, window_item_save
from config_models.services.site import region_site_ensure
from tests.api.conftest import GraphQL
from tests.factories import CatalogItemFactory, DepartmentFactory, ImplementationFactory, ListTypeFactory
from tests.factories import make_published_list as make_list
from tests.hall_factories import make_delegation, make_hall

pytestmark = pytest.mark.django_db

D = dt.date
BATCH_DAY = D(2026, 3, 1)


def publish(page, day=BATCH_DAY, number=3):
    return service.publication_publish(page=page, document_number=f"广区政务办〔{day.year}〕{number}号",
                                       published_on=day, effective_on=day)


# 入驻负面清单 -------------------------------------------------------------------------------------------------


@pytest.fixture
def exemption_type(db):
    return ListTypeFactory(code="ruzhu-fumian", name="政务服务中心入驻负面清单", subject=ListSubject.HALL_EXEMPTION)


@pytest.fixture
def exemption(implementation):
    return hall_exemption_save(exemption=HallExemption(
        implementation=implementation, reason="须现场查验机具，在农机安全监理站办理。", place="广安区农机安全监理站",
        approved_document="广区政务办〔2024〕3号"))


def test_an_exemption_without_a_reason_or_of_an_item_a_window_accepts_is_refused(regions, implementation):
    with pytest.raises(ValidationError) as refused:
        hall_exemption_save(exemption=HallExemption(implementation=implementation, reason="  "))
    assert "须说明不进驻大厅的理由" in str(refused.value)
    from config_models.models import WindowItem

    hall = make_hall(regions["county"], windows=[("01", "综合受理窗口", "general")])
    window_item_save(item=WindowItem(window=hall.windows.get(), implementation=implementation))
    with pytest.raises(ValidationError) as refused:
        hall_exemption_save(exemption=HallExemption(implementation=implementation, reason="在派出所办理。"))
    assert "仍由大厅窗口（综合受理窗口）受理" in " ".join(refused.value.message_dict["implementation"])
    assert not HallExemption.objects.exists()


def test_the_exemption_list_freezes_the_items_with_reason_and_place(client, regions, exemption_type, exemption,
                                                                    implementation):
    page = make_list(regions["county"], code="511602-ruzhu-fumian", title="广安区政务服务中心入驻负面清单",
                     list_type=exemption_type, rule=[("exemption_level", "eq", "县级")])
    batch = publish(page)
    [entry] = batch.entries
    assert entry["implementation_code"] == implementation.implementation_code
    assert (entry["name"], entry["reason"], entry["place"]) == (
        "建设工程施工许可证核发", "须现场查验机具，在农机安全监理站办理。", "广安区农机安全监理站")
    # an edit after the batch does not reach it
    exemption.reason = "改在派出所办理。"
    hall_exemption_save(exemption=exemption)
    assert Publication.objects.get(pk=batch.pk).entries[0]["reason"] == "须现场查验机具，在农机安全监理站办理。"
    region_site_ensure(region=regions["county"], hostname="testserver", is_default=True)
    html = client.get(page.get_url()).content.decode()
    assert "不进驻大厅的理由" in html and "广安区农机安全监理站" in html and "清单事项（1项）" in html
    township = make_list(regions["county"], code="511602-rz-xz", list_type=exemption_type,
                         rule=[("exemption_level", "eq", "乡镇级")])
    with pytest.raises(service.PublicationRefused) as refused:
        publish(township)
    assert refused.value.messages == ["清单没有任何条目，不能发布。"]


# 赋权清单 ---------------------------------------------------------------------------------------------------


@pytest.fixture
def delegation_type(db):
    return ListTypeFactory(code="fuquan", name="赋权事项清单", subject=ListSubject.DELEGATION)


@pytest.fixture
def delegations(regions):
    bureau = DepartmentFactory(region=regions["city"], name="广安市自然资源和规划局")
    power = ImplementationFactory(catalog_item=CatalogItemFactory(region=regions["province"], name="临时用地审批"),
                                  region=regions["city"], department=bureau)
    office = DepartmentFactory(region=regions["township"], name="北辰街道便民服务中心")
    now = make_delegation(regions["township"], power, office, supervisor=bureau, document_number="广府发〔2024〕5号")
    ended = make_delegation(regions["township"], power, office, supervisor=bureau, slug="ended",
                            delegation_type="entrust", effective_on=D(2020, 1, 1), ends_on=D(2021, 1, 1))
    return {"now": now, "ended": ended, "power": power}


def test_the_delegation_list_shows_the_powers_in_force_with_their_supervision(client, regions, delegation_type,
                                                                              delegations):
    page = make_list(regions["county"], code="511602-fuquan", title="广安区赋权事项清单", list_type=delegation_type,
                     rule=[("delegation_type", "in", "下放,委托")])
    assert list(service.list_entries(page)) == [delegations["now"]]  # the ended one is not in force
    batch = publish(page)
    [entry] = batch.entries
    assert (entry["name"], entry["region_name"], entry["department_name"]) == ("临时用地审批", "北辰街道",
                                                                              "北辰街道便民服务中心")
    assert entry["source_department_name"] == "广安市自然资源和规划局"
    assert entry["supervision"] == ["广安市自然资源和规划局：每季度抽查办件"]
    assert (entry["document_number"], entry["effective_on"]) == ("广府发〔2024〕5号", "2024-01-01")
    region_site_ensure(region=regions["county"], hostname="testserver", is_default=True)
    html = client.get(page.get_url()).content.decode()
    assert "监管责任（监管单位：监管方式）" in html and "广安市自然资源和规划局：每季度抽查办件" in html
    assert '<label for="department">承接单位</label>' in html
    sibling = make_list(regions["sibling"], code="511603-fuquan", list_type=delegation_type,
                        rule=[("delegation_type", "eq", "下放")])
    assert not service.list_entries(sibling).exists()


def test_a_rule_field_of_an_exemption_list_is_refused_on_a_delegation_list(regions, delegation_type):
    with pytest.raises(ValidationError) as refused:
        make_list(regions["county"], code="511602-fq-wrong", list_type=delegation_type,
                  rule=[("exemption_level", "eq", "县级")])
    assert "不能用于赋权下放清单" in " ".join(refused.value.message_dict["rule"])


ENTRIES = """
query ($listCode: String!) {
  publication(listCode: $listCode) {
    entries { key } proofEntries { key }
    exemptionEntries { name implementationCode reason place approvedDocument level }
    delegationEntries { name regionName departmentName delegationType documentNumber effectiveOn endsOn supervision }
    diff { addedKeys removedKeys added { key } }
  }
}
"""


def test_the_api_serves_both_lists_snapshots(regions, exemption_type, exemption, delegation_type, delegations,
                                             implementation):
    exempt = make_list(regions["county"], code="511602-ruzhu-fumian", list_type=exemption_type,
                       rule=[("exemption_item_type", "in", "行政许可,行政确认")])
    delegated = make_list(regions["county"], code="511602-fuquan", list_type=delegation_type,
                          rule=[("delegation_level", "eq", "乡镇级")])
    publish(exempt)
    publish(delegated)
    api = GraphQL()
    first = api(ENTRIES, {"listCode": exempt.code})["publication"]
    assert first["entries"] == first["proofEntries"] == first["delegationEntries"] == []
    assert first["exemptionEntries"] == [{
        "name": "建设工程施工许可证核发", "implementationCode": implementation.implementation_code,
        "reason": "须现场查验机具，在农机安全监理站办理。", "place": "广安区农机安全监理站",
        "approvedDocument": "广区政务办〔2024〕3号", "level": "COUNTY",
    }]
    assert first["diff"]["addedKeys"] == [f"exemption:{implementation.implementation_code}@511602"]
    second = api(ENTRIES, {"listCode": delegated.code})["publication"]
    assert second["delegationEntries"] == [{
        "name": "临时用地审批", "regionName": "北辰街道", "departmentName": "北辰街道便民服务中心",
        "delegationType": "devolve", "documentNumber": "广府发〔2024〕5号", "effectiveOn": "2024-01-01",
        "endsOn": None, "supervision": ["广安市自然资源和规划局：每季度抽查办件"],
    }]
    assert second["diff"]["added"] == [] and second["diff"]["addedKeys"] == [f"delegation:{delegations['now'].pk}"]

"""中介服务事项清单 and 惠企政策清单 (with 免申即享) as published lists: rules over the rows a region keeps,
frozen batches, the public tables and the API."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from config_models.models import BusinessPolicy, ListSubject, Publication
from config_models.services import published_list as service
from config_models.services.business_policy import business_policy_save
from config_models.services.intermediary import intermediary_service_save
from config_models.services.site import region_site_ensure
from tests.api.conftest import GraphQL
from tests.config_models.test_business_policies import policy
from tests.config_models.test_intermediary_services import service as intermediary
from tests.factories import ListTypeFactory, make_published_list

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 1)


def publish(page):
    return service.publication_publish(page=page, document_number="广区府办〔2026〕8号", published_on=DAY,
                                       effective_on=DAY)


@pytest.fixture
def rows(regions, county_department, implementation):
    services = intermediary_service_save(
        intermediary_service=intermediary(regions["county"], county_department, charges_fee=True,
                                          fee_standard="按合同约定", fee_basis="市场调节价"),
        implementations=[implementation])
    loan = business_policy_save(business_policy=policy(regions["county"], county_department),
                                implementations=[implementation])
    wages = business_policy_save(business_policy=policy(regions["county"], county_department, name="稳岗返还",
                                                        exempt_from_application=True))
    return {"service": services, "loan": loan, "wages": wages}


def test_the_intermediary_list_freezes_each_service_with_its_basis_fee_and_providers(client, regions, rows,
                                                                                    implementation):
    list_type = ListTypeFactory(code="zhongjie-fuwu", name="中介服务事项清单", subject=ListSubject.INTERMEDIARY_SERVICE)
    page = make_published_list(regions["county"], code="511602-zhongjie", title="广安区行政审批中介服务事项清单",
                               list_type=list_type, rule=[("intermediary_charges_fee", "eq", "是")])
    batch = publish(page)
    [entry] = batch.entries
    assert (entry["name"], entry["fee_basis"], entry["implementation_codes"]) == (
        "建设项目环境影响评价文件编制", "市场调节价", [implementation.implementation_code])
    assert entry["provider_names"] == ["四川某环境咨询有限公司"]
    region_site_ensure(region=regions["county"], hostname="testserver", is_default=True)
    html = client.get(page.get_url()).content.decode()
    assert "清单中介服务事项（1项）" in html and "四川某环境咨询有限公司" in html and "收费依据" in html
    answer = GraphQL()("""query ($code: String!) { publication(listCode: $code) {
        intermediaryServiceEntries { name feeBasis providers { name creditCode } implementationNames } } }""",
                       {"code": page.code})
    [served] = answer["publication"]["intermediaryServiceEntries"]
    assert served["providers"][0]["name"] == "四川某环境咨询有限公司"
    assert served["implementationNames"] == [implementation.catalog_item.name]


def test_the_policy_lists_select_by_exemption_and_freeze_their_validity(regions, rows):
    list_type = ListTypeFactory(code="huiqi", name="惠企政策清单", subject=ListSubject.BUSINESS_POLICY)
    every = make_published_list(regions["county"], code="511602-huiqi", list_type=list_type,
                                rule=[("policy_level", "eq", "县级")])
    exempt = make_published_list(regions["county"], code="511602-mianshen", list_type=list_type,
                                 rule=[("policy_exempt_from_application", "eq", "是")])
    assert {row.name for row in service.list_entries(every)} == {"创业担保贷款贴息", "稳岗返还"}
    batch = publish(exempt)
    [entry] = batch.entries
    assert (entry["name"], entry["exempt_from_application"], entry["valid_from"]) == ("稳岗返还", True, "2024-01-01")
    # a repealed policy leaves the next batch; the published one keeps it
    wages = BusinessPolicy.objects.get(pk=rows["wages"].pk)
    wages.status, wages.valid_until = "repealed", dt.date(2025, 12, 31)
    business_policy_save(business_policy=wages)
    assert not service.list_entries(exempt).exists()
    assert Publication.objects.get(pk=batch.pk).entries == batch.entries
    answer = GraphQL()("""query ($code: String!) { publication(listCode: $code) {
        businessPolicyEntries { name exemptFromApplication validFrom validUntil } diff { addedKeys } } }""",
                       {"code": exempt.code})["publication"]
    assert answer["businessPolicyEntries"] == [{"name": "稳岗返还", "exemptFromApplication": True,
                                                "validFrom": "2024-01-01", "validUntil": "2026-12-31"}]
    assert answer["diff"]["addedKeys"] == [f"policy:511602:{rows['wages'].pk}"]


def test_a_policy_rule_field_is_refused_on_an_intermediary_list(regions):
    list_type = ListTypeFactory(code="zhongjie-fuwu", name="中介服务事项清单", subject=ListSubject.INTERMEDIARY_SERVICE)
    with pytest.raises(ValidationError) as refused:
        make_published_list(regions["county"], code="511602-zj-wrong", list_type=list_type,
                            rule=[("policy_exempt_from_application", "eq", "是")])
    assert "不能用于中介服务事项清单" in " ".join(refused.value.message_dict["rule"])

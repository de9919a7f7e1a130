"""证明事项 and 告知承诺: the proofs' rules, the materials that ask for them, pledged materials, the
证明事项保留清单 as a list over proofs (rule, batches, frozen snapshot, public pages, API), the proofs query,
the item guide and the bundle's merged material set, and the admin's region scope."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config_models.models import (
    ListSubject,
    Material,
    Membership,
    Necessity,
    Proof,
    ProofStatus,
    Publication,
    Role,
)
from config_models.services import published_list as service
from config_models.services.bundle import bundle_overview
from config_models.services.implementation import implementation_save
from config_models.services.membership import membership_save
from config_models.services.proof import proof_delete, proof_save
from config_models.services.site import region_site_ensure
from tests.api.conftest import GraphQL
from tests.bundle_helpers import adopt, catalog, implement, make_template
from tests.factories import (
    DepartmentFactory,
    ImplementationFactory,
    ListTypeFactory,
    MaterialFactory,
    UserFactory,
    make_published_list,
)

pytestmark = pytest.mark.django_db

HUKOU = "《中华人民共和国户口登记条例》第四条"


def make_proof(region, name="户籍证明", *, issuing_body="户籍所在地公安派出所", user=None, **fields):
    fields.setdefault("legal_basis", HUKOU)
    return proof_save(proof=Proof(region=region, name=name, issuing_body=issuing_body, **fields), user=user)


def ask_for(implementation, proof, name="户籍证明"):
    return MaterialFactory(implementation=implementation, name=name, proof=proof)


# Rules ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fields,field,words", [
    ({"legal_basis": ""}, "legal_basis", "须写明设定依据"),
    ({"status": ProofStatus.CANCELLED, "replacement": ""}, "replacement", "取消后的办理方式"),
    ({"name": "其他相关证明材料"}, "name", "兜底表述"),
])
def test_a_proof_breaking_a_rule_is_refused_in_chinese_and_nothing_is_written(regions, fields, field, words):
    with pytest.raises(ValidationError) as refused:
        make_proof(regions["city"], **fields)
    assert words in " ".join(refused.value.message_dict[field])
    assert not Proof.objects.exists()


def test_a_proof_issued_by_a_department_of_an_unrelated_region_is_refused(regions):
    other = DepartmentFactory(region=regions["sibling"], name="前锋区公安分局")
    with pytest.raises(ValidationError) as refused:
        make_proof(regions["county"], issuing_department=other)
    assert "开具部门" in " ".join(refused.value.message_dict["issuing_department"])


def test_saving_a_proof_records_who_did_it(regions):
    user = UserFactory(username="city_clerk")
    proof = make_proof(regions["city"], user=user)
    assert proof.history.get().history_user == user


def test_a_proof_materials_ask_for_is_neither_cancelled_nor_deleted(regions, implementation):
    proof = make_proof(regions["city"])
    ask_for(implementation, proof)
    proof.status, proof.replacement = ProofStatus.CANCELLED, "改为告知承诺"
    with pytest.raises(ValidationError) as refused:
        proof_save(proof=proof)
    assert "仍有1项申请材料索要该证明" in " ".join(refused.value.message_dict["status"])
    with pytest.raises(ValidationError):
        proof_delete(proof=Proof.objects.get(pk=proof.pk))
    assert Proof.objects.get(pk=proof.pk).status == ProofStatus.RETAINED


def test_a_material_may_ask_only_for_a_retained_proof_of_its_region_or_above(regions, implementation):
    sibling_proof = make_proof(regions["sibling"], "居住证明", issuing_body="居住地社区居民委员会")
    cancelled = make_proof(regions["city"], "无犯罪记录证明", issuing_body="公安机关",
                           status=ProofStatus.CANCELLED, replacement="部门间核查")
    before = list(implementation.materials.values_list("name", flat=True))
    for proof, words in ((sibling_proof, "不适用于广安区的事项"), (cancelled, "已取消")):
        with pytest.raises(ValidationError) as refused:
            implementation_save(implementation=implementation,
                                materials=[Material(name=proof.name, proof=proof)])
        assert words in " ".join(refused.value.message_dict["materials[1]"])
    assert list(implementation.materials.values_list("name", flat=True)) == before
    city_proof = make_proof(regions["city"])
    implementation_save(implementation=implementation, materials=[Material(name="户籍证明", proof=city_proof)])
    assert implementation.materials.get().proof == city_proof


# 告知承诺 ---------------------------------------------------------------------------------------------------


def test_a_pledged_material_needs_its_pledge_and_consequence(implementation):
    pledged = Material(name="无违法犯罪记录证明", necessity=Necessity.PLEDGE, pledge_text="本人承诺无违法犯罪记录。")
    with pytest.raises(ValidationError) as refused:
        implementation_save(implementation=implementation, materials=[pledged])
    assert "虚假承诺的后果" in " ".join(refused.value.message_dict["materials[1]"])
    stray = Material(name="营业执照", pledge_text="本人承诺……")
    with pytest.raises(ValidationError) as refused:
        implementation_save(implementation=implementation, materials=[stray])
    assert "告知承诺" in " ".join(refused.value.message_dict["materials[1]"])
    assert not implementation.materials.exists()


def test_the_item_guide_shows_pledged_materials_apart_and_the_proof_a_material_asks_for(client, regions,
                                                                                        implementation):
    region_site_ensure(region=regions["county"], hostname="testserver", is_default=True)
    proof = make_proof(regions["city"], pledge_allowed=True)
    implementation_save(implementation=implementation, materials=[
        Material(name="户籍证明", proof=proof),
        Material(name="无违法犯罪记录证明", necessity=Necessity.PLEDGE, pledge_text="本人承诺无违法犯罪记录。",
                 false_pledge_consequence="撤销许可，记入信用档案。"),
    ])
    html = client.get(reverse("public_item_guide", args=[implementation.pk])).content.decode()
    table, pledges = html.split('id="pledged"')
    assert "所需证明：户籍证明（户籍所在地公安派出所开具），可告知承诺" in table
    assert "无违法犯罪记录证明" not in table
    assert "本人承诺无违法犯罪记录。" in pledges and "撤销许可，记入信用档案。" in pledges


def test_a_bundle_lists_pledged_materials_apart_unless_another_item_requires_them(regions):
    items = catalog(regions)
    department = DepartmentFactory(region=regions["county"], name="广安区市场监督管理局")
    rows = implement(items, regions["county"], department)
    bundle = adopt(make_template(regions, items), regions["county"], department)
    pledge = {"necessity": Necessity.PLEDGE, "pledge_text": "本人承诺经营场所符合卫生要求。",
              "false_pledge_consequence": "撤销许可。"}
    MaterialFactory(implementation=rows["hygiene"], name="场所卫生承诺", sort_order=9, **pledge)
    # 住所使用证明: required by 设立登记, pledged by 食品经营许可: the bundle asks for it
    MaterialFactory(implementation=rows["food"], name="住所使用证明", sort_order=9, **pledge)
    materials = bundle_overview(bundle).materials
    assert [m.name for m in materials.pledged] == ["场所卫生承诺"]
    assert materials.pledged[0].pledge_text == "本人承诺经营场所符合卫生要求。"
    assert "住所使用证明" in [m.name for m in materials.to_submit]
    assert "场所卫生承诺" not in [m.name for m in materials.asked]


# 证明事项保留清单 ---------------------------------------------------------------------------------------------


@pytest.fixture
def proof_type(db):
    return ListTypeFactory(code="zhengming-baoliu", name="证明事项保留清单", subject=ListSubject.PROOF)


@pytest.fixture
def proofs(regions, implementation):
    kept = make_proof(regions["city"], pledge_allowed=True)
    ask_for(implementation, kept)
    county = make_proof(regions["county"], "出生医学证明", issuing_body="助产机构",
                        legal_basis="《中华人民共和国母婴保健法》第二十三条", data_sharing=True)
    cancelled = make_proof(regions["city"], "亲属关系证明", issuing_body="社区居民委员会",
                           status=ProofStatus.CANCELLED, replacement="改为申请人告知承诺")
    sibling = make_proof(regions["sibling"], "居住证明", issuing_body="社区居民委员会")
    return {"kept": kept, "county": county, "cancelled": cancelled, "sibling": sibling}


def proof_list(regions, proof_type, rule, region="city", code="511600-zhengming"):
    return make_published_list(regions[region], code=code, title="广安市证明事项保留清单", rule=rule,
                               list_type=proof_type)


def publish(page, day, number):
    return service.publication_publish(page=page, document_number=f"广安府办〔{day.year}〕{number}号",
                                       published_on=day, effective_on=day)


def test_a_proof_rule_selects_the_proofs_that_apply_in_the_region(regions, proof_type, proofs):
    # the city's list: its own and its counties' proofs; a county's: its own and the city's, not its sibling's
    retained = proof_list(regions, proof_type, [("proof_status", "eq", "保留")])
    assert set(service.list_entries(retained)) == {proofs["kept"], proofs["county"], proofs["sibling"]}
    county = proof_list(regions, proof_type, [("proof_status", "eq", "保留")], region="county", code="511602-zm")
    assert set(service.list_entries(county)) == {proofs["kept"], proofs["county"]}
    pledge = proof_list(regions, proof_type, [("proof_pledge_allowed", "eq", "是")], code="511600-zm-cn")
    assert list(service.list_entries(pledge)) == [proofs["kept"]]
    cancelled = proof_list(regions, proof_type, [("proof_status", "eq", "取消")], code="511600-zm-qx")
    assert list(service.list_entries(cancelled)) == [proofs["cancelled"]]


def test_an_implementation_rule_field_is_refused_on_a_proof_list(regions, proof_type):
    with pytest.raises(ValidationError) as refused:
        proof_list(regions, proof_type, [("visit_count", "eq", "0")])
    assert "不能用于证明事项清单" in " ".join(refused.value.message_dict["rule"])


def test_a_proof_batch_is_a_frozen_snapshot_with_its_diff(regions, proof_type, proofs, implementation):
    page = proof_list(regions, proof_type, [("proof_status", "eq", "保留")])
    first = publish(page, dt.date(2026, 3, 1), 7)
    entries = {entry["name"]: entry for entry in first.entries}
    assert set(entries) == {"户籍证明", "出生医学证明", "居住证明"}
    kept = entries["户籍证明"]
    assert (kept["issuing_body"], kept["legal_basis"], kept["pledge_allowed"]) == ("户籍所在地公安派出所", HUKOU, True)
    assert kept["item_names"] == [implementation.catalog_item.name] and kept["region_name"] == "广安市"
    assert entries["出生医学证明"]["item_names"] == [] and entries["出生医学证明"]["data_sharing"] is True

    # the sibling's proof is cancelled, the city's proof becomes sharable: batch 2 says so; batch 1 stays
    sibling = Proof.objects.get(pk=proofs["sibling"].pk)
    sibling.status, sibling.replacement = ProofStatus.CANCELLED, "部门间数据共享核验"
    proof_save(proof=sibling)
    city = Proof.objects.get(pk=proofs["kept"].pk)
    city.data_sharing = True
    proof_save(proof=city)
    second = publish(page, dt.date(2026, 9, 1), 19)
    assert [entry["name"] for entry in second.diff["removed"]] == ["居住证明"]
    [changed] = second.diff["changed"]
    assert changed["name"] == "户籍证明" and changed["fields"]["data_sharing"] == [False, True]
    assert Publication.objects.get(pk=first.pk).entries == first.entries


def test_the_public_pages_show_the_proof_list(client, regions, proof_type, proofs):
    region_site_ensure(region=regions["city"], hostname="testserver", is_default=True)
    page = proof_list(regions, proof_type, [("proof_status", "eq", "保留")])
    publish(page, dt.date(2026, 3, 1), 7)
    html = client.get(page.get_url()).content.decode()
    assert "清单证明事项（3项）" in html and "户籍所在地公安派出所" in html and HUKOU in html
    assert '<label for="department">开具单位</label>' in html
    filtered = client.get(page.get_url(), {"department": "助产机构"}).content.decode()
    assert "出生医学证明" in filtered and "户籍证明" not in filtered
    batch = client.get(f"{page.get_url()}batch/1/").content.decode()
    assert "本批次证明事项" in batch and "居住证明" in batch


PROOF_PUBLICATION = """
query ($listCode: String!) {
  publication(listCode: $listCode) {
    entryCount
    entries { key }
    bundleEntries { key }
    proofEntries(search: "户籍") { name issuingBody legalBasis status pledgeAllowed dataSharing itemNames regionCode }
    diff { added { key } addedKeys removedKeys }
  }
}
"""


def test_the_api_serves_the_proof_list_snapshot(regions, proof_type, proofs, implementation):
    page = proof_list(regions, proof_type, [("proof_status", "eq", "保留")])
    publish(page, dt.date(2026, 3, 1), 7)
    publication = GraphQL()(PROOF_PUBLICATION, {"listCode": page.code})["publication"]
    assert publication["entryCount"] == 3 and publication["entries"] == publication["bundleEntries"] == []
    assert publication["proofEntries"] == [{
        "name": "户籍证明", "issuingBody": "户籍所在地公安派出所", "legalBasis": HUKOU, "status": "RETAINED",
        "pledgeAllowed": True, "dataSharing": False, "itemNames": [implementation.catalog_item.name],
        "regionCode": "511600",
    }]
    assert publication["diff"]["added"] == [] and publication["diff"]["removedKeys"] == []
    assert sorted(publication["diff"]["addedKeys"]) == sorted(f"proof:{proofs[name].pk}"
                                                              for name in ("kept", "county", "sibling"))


PROOFS = """
query ($regionCode: String!, $status: ProofStatus, $search: String) {
  proofs(regionCode: $regionCode, status: $status, search: $search, first: 100) {
    edges { node { name status region { code } issuingDepartment { name }
                   askingImplementations { implementationCode name regionCode } } }
  }
}
"""


def test_the_proofs_query_answers_for_a_region_its_own_those_above_and_below(regions, proofs, implementation):
    api = GraphQL()

    def names(**variables):
        data = api(PROOFS, {"regionCode": "511602", **variables})["proofs"]["edges"]
        return sorted(edge["node"]["name"] for edge in data)

    assert names() == ["亲属关系证明", "出生医学证明", "户籍证明"]  # not the sibling county's
    assert names(status="CANCELLED") == ["亲属关系证明"]
    assert names(search="公安") == ["户籍证明"]
    [kept] = [edge["node"] for edge in api(PROOFS, {"regionCode": "511602", "search": "户籍"})["proofs"]["edges"]]
    assert kept["askingImplementations"] == [{"implementationCode": implementation.implementation_code,
                                              "name": implementation.catalog_item.name, "regionCode": "511602"}]
    response = api.response(PROOFS, {"regionCode": "999999"})
    assert "No region with code" in response.json()["errors"][0]["message"]


def test_the_proofs_query_costs_the_same_queries_for_3_and_30_proofs(regions, catalog_item, county_department):
    api = GraphQL()

    def add(count, start):
        for number in range(start, start + count):
            proof = make_proof(regions["city"], f"测试证明{number}", issuing_department=county_department)
            implementation = ImplementationFactory(catalog_item=catalog_item, region=regions["county"],
                                                   department=DepartmentFactory(region=regions["county"]))
            ask_for(implementation, proof, name=f"测试证明{number}")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            api(PROOFS, {"regionCode": "511602"})
        return len(captured)

    add(3, 0)
    few = queries()
    add(27, 3)
    assert queries() == few


# Admin -----------------------------------------------------------------------------------------------------


def test_a_county_admin_edits_its_own_proofs_reads_the_citys_and_never_sees_a_siblings(client, regions, proofs):
    user = UserFactory(username="guangan_admin")
    membership_save(membership=Membership(user=user, region=regions["county"], role=Role.COUNTY_ADMIN))
    client.force_login(user)
    listing = client.get(reverse("wagtailsnippets_config_models_proof:list")).content.decode()
    assert "出生医学证明" in listing and "户籍证明" in listing and "居住证明" not in listing

    def edit(proof):
        return reverse("wagtailsnippets_config_models_proof:edit", args=[proof.pk])

    assert client.get(edit(proofs["sibling"])).status_code == 404
    assert client.get(edit(proofs["kept"])).status_code == 403
    assert client.get(edit(proofs["county"])).status_code == 200

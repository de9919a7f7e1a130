"""GraphQL of published lists and the certificate catalog: served from the frozen snapshots, public,
cacheable, with changedSince, tombstones and a bounded number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config_models.models import CertificateType, Publication, PublicationStatus
from config_models.services import published_list as service
from config_models.services.certificate import certificate_type_save
from config_models.services.feed import feed_record
from config_models.services.implementation import implementation_save
from tests.factories import (
    MOHURD,
    CatalogItemFactory,
    CertificateTypeFactory,
    ImplementationFactory,
    ListTypeFactory,
    make_published_list,
)

pytestmark = pytest.mark.django_db

D = dt.date

PUBLICATION = """
query ($listCode: String!, $batch: Int, $search: String) {
  publication(listCode: $listCode, batch: $batch) {
    listCode batch documentNumber effectiveOn entryCount version
    entries(search: $search) { key name committedLimit visitCount itemType level }
    diff { added { name } removed { name } changed { name fields { field before after } } }
  }
}
"""
AS_OF = """
query ($listCode: String!, $date: Date!) { publicationAsOf(listCode: $listCode, date: $date) { batch entryCount } }
"""
LISTS = """
query ($regionCode: String!, $listType: String, $since: DateTime) {
  publishedLists(regionCode: $regionCode, listType: $listType, changedSince: $since, first: 100) {
    totalCount
    edges { node { id code title listType { code name } region { code name ancestors { code } }
                   batches { batch documentNumber entryCount } } }
  }
}
"""
CERTIFICATES = """
query ($search: String) {
  certificateTypes(search: $search, first: 500) {
    totalCount
    edges { node { id name typeCode definingBodyCode holderType holderCodeType
                   issuingDepartments { name region { code } }
                   issuingImplementations { implementationCode name }
                   acceptingImplementations { implementationCode regionCode } } }
  }
}
"""


@pytest.fixture
def county_list(regions, implementation):
    return make_published_list(regions["county"], code="511602-zdpyc", rule=[("visit_count", "lte", "1")])


def publish(page, day, **kwargs):
    return service.publication_publish(page=page, document_number=f"广区府办〔{day.year}〕{day.month}号",
                                       published_on=day, effective_on=day, **kwargs)


def test_publication_is_served_from_the_snapshot_without_token(gql, county_list, implementation):
    publish(county_list, D(2025, 3, 1))
    implementation.committed_limit = 2
    implementation_save(implementation=implementation)
    publish(county_list, D(2025, 9, 1))
    implementation.committed_limit = 1
    implementation_save(implementation=implementation)  # after the last batch: reaches no batch

    first = gql(PUBLICATION, {"listCode": "511602-zdpyc", "batch": 1})["publication"]
    assert first["entries"] == [{"key": first["entries"][0]["key"], "name": "建设工程施工许可证核发",
                                 "committedLimit": "5个工作日", "visitCount": 1, "itemType": "LICENSING",
                                 "level": "COUNTY"}]
    latest = gql(PUBLICATION, {"listCode": "511602-zdpyc"})["publication"]
    assert latest["batch"] == 2
    assert latest["entries"][0]["committedLimit"] == "2个工作日"
    assert latest["diff"]["changed"] == [{"name": "建设工程施工许可证核发", "fields": [
        {"field": "committed_limit", "before": "5个工作日", "after": "2个工作日"}]}]
    assert gql(PUBLICATION, {"listCode": "511602-zdpyc", "batch": 7})["publication"] is None


@pytest.mark.parametrize("day, batch", [(D(2025, 2, 28), None), (D(2025, 3, 1), 1), (D(2025, 6, 1), 1),
                                        (D(2025, 9, 1), 2), (D(2030, 1, 1), 2)])
def test_publication_as_of_before_between_and_after_batches(gql, county_list, day, batch):
    publish(county_list, D(2025, 3, 1))
    publish(county_list, D(2025, 9, 1))
    answer = gql(AS_OF, {"listCode": "511602-zdpyc", "date": day.isoformat()})["publicationAsOf"]
    assert (answer and answer["batch"]) == batch


def test_scheduled_batch_is_not_public_until_published(gql, county_list):
    publish(county_list, D(2025, 3, 1), scheduled_at=timezone.now() + dt.timedelta(hours=1))
    assert gql(PUBLICATION, {"listCode": "511602-zdpyc"})["publication"] is None


def test_unknown_list_code_is_not_found(gql):
    _response, errors = gql.errors(PUBLICATION, {"listCode": "nope"})
    assert errors[0]["extensions"]["code"] == "NOT_FOUND"


def test_entry_search_finds_substrings_and_pinyin_initials(gql, county_list):
    publish(county_list, D(2025, 3, 1))
    for search, found in [("施工许可", 1), ("jsgc", 1), ("000101001000", 1), ("营业执照", 0)]:
        entries = gql(PUBLICATION, {"listCode": "511602-zdpyc", "search": search})["publication"]["entries"]
        assert len(entries) == found, search


def test_get_answers_are_cacheable_and_revalidate_with_the_etag(gql, county_list):
    publish(county_list, D(2025, 3, 1))
    response = gql.response(PUBLICATION, {"listCode": "511602-zdpyc", "batch": 1}, method="get")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public")
    etag = response["ETag"]
    again = gql.client.get("/graphql/", {"query": PUBLICATION, "variables": '{"listCode": "511602-zdpyc", "batch": 1}'},
                           headers={"If-None-Match": etag})
    assert again.status_code == 304
    # a new batch changes the answer for the latest batch, so its ETag changes
    first_latest = gql.response(PUBLICATION, {"listCode": "511602-zdpyc"}, method="get")["ETag"]
    publish(county_list, D(2025, 9, 1))
    assert gql.response(PUBLICATION, {"listCode": "511602-zdpyc"}, method="get")["ETag"] != first_latest


def test_published_lists_filter_by_type_and_changed_since_and_tombstone_on_unpublish(gql, regions, county_list):
    other_type = ListTypeFactory(code="zhengming", name="证明事项保留清单")
    make_published_list(regions["county"], code="511602-zhengming", list_type=other_type)
    answer = gql(LISTS, {"regionCode": "511602"})["publishedLists"]
    assert answer["totalCount"] == 2
    only = gql(LISTS, {"regionCode": "511602", "listType": "zhengming"})["publishedLists"]
    assert [edge["node"]["code"] for edge in only["edges"]] == ["511602-zhengming"]
    since = timezone.now()
    publish(county_list, D(2025, 3, 1))
    changed = gql(LISTS, {"regionCode": "511602", "since": since.isoformat()})["publishedLists"]
    assert [edge["node"]["code"] for edge in changed["edges"]] == ["511602-zdpyc"]
    assert changed["edges"][0]["node"]["batches"] == [{"batch": 1, "documentNumber": "广区府办〔2025〕3号",
                                                       "entryCount": 1}]
    county_list.unpublish()
    assert gql(LISTS, {"regionCode": "511602"})["publishedLists"]["totalCount"] == 1
    tombstones = gql("query ($since: DateTime!) { tombstones(since: $since, kinds: [PUBLISHED_LIST]) "
                     "{ edges { node { code reason } } } }", {"since": since.isoformat()})["tombstones"]["edges"]
    assert [edge["node"] for edge in tombstones] == [{"code": "511602-zdpyc", "reason": "UNPUBLISHED"}]


def test_certificate_types_search_and_links(gql, regions, implementation):
    certificate_type_save(
        certificate_type=CertificateType(name="营业执照", type_code="11100000MB0341032Y002",
                                         defining_body="国家市场监督管理总局", holder_type="legal_person",
                                         region=regions["city"]),
        issuing_departments=[implementation.department], issuing_implementations=[implementation],
        accepting_implementations=[implementation],
    )
    CertificateTypeFactory(name="建筑工程施工许可证", type_code=f"{MOHURD}011", region=regions["city"])
    building = ["建筑工程施工许可证"]
    for search, names in [("yyzz", ["营业执照"]), ("施工许可", building), ("工程许可", building),
                          (f"{MOHURD}011", building), ("", ["营业执照", "建筑工程施工许可证"])]:
        answer = gql(CERTIFICATES, {"search": search})["certificateTypes"]
        assert sorted(edge["node"]["name"] for edge in answer["edges"]) == sorted(names), search
    node = gql(CERTIFICATES, {"search": "yyzz"})["certificateTypes"]["edges"][0]["node"]
    assert node["holderType"] == "LEGAL_PERSON" and node["holderCodeType"] == "001"
    assert node["definingBodyCode"] == "11100000MB0341032Y"
    assert node["issuingImplementations"] == [{"implementationCode": implementation.implementation_code,
                                               "name": "建设工程施工许可证核发"}]


# Query counts -------------------------------------------------------------------------------------------


def count_queries(gql, query, variables) -> int:
    gql(query, variables)
    with CaptureQueriesContext(connection) as captured:
        gql(query, variables)
    return len(captured.captured_queries)


def test_certificate_types_cost_the_same_queries_for_10_and_200(gql, regions, county_department):
    def make(n, offset):
        item = CatalogItemFactory(region=regions["province"])
        implementation = ImplementationFactory(catalog_item=item, region=regions["county"],
                                               department=county_department)
        for number in range(offset, offset + n):
            certificate = CertificateTypeFactory(region=regions["city"], type_code=f"{MOHURD}{number:03d}")
            certificate.issuing_departments.set([county_department])
            certificate.issuing_implementations.set([implementation])
            certificate.accepting_implementations.set([implementation])

    make(10, 100)
    small = count_queries(gql, CERTIFICATES, {"search": ""})
    make(190, 200)
    large = count_queries(gql, CERTIFICATES, {"search": ""})
    assert gql(CERTIFICATES, {"search": ""})["certificateTypes"]["totalCount"] == 200
    assert small == large, (small, large)


def test_published_lists_cost_the_same_queries_for_few_and_many(gql, regions, implementation):
    def make(n, offset):
        for number in range(offset, offset + n):
            page = make_published_list(regions["county"], code=f"511602-list-{number}",
                                       rule=[("visit_count", "lte", "1")])
            publish(page, D(2025, 3, 1))

    make(3, 0)
    small = count_queries(gql, LISTS, {"regionCode": "511602"})
    make(12, 3)
    large = count_queries(gql, LISTS, {"regionCode": "511602"})
    assert small == large, (small, large)


def test_publication_entries_cost_the_same_queries_for_10_and_200(gql, county_list):
    def frozen(n, batch):
        entries = [{**service.snapshot_entry(county_list_entry), "key": f"k{index}"} for index in range(n)]
        Publication.objects.create(published_list=county_list, batch=batch, document_number="文号",
                                   published_on=D(2025, 1, batch), effective_on=D(2025, 1, batch),
                                   status=PublicationStatus.PUBLISHED, entries=entries, entry_count=n)

    county_list_entry = service.list_entries(county_list).get()
    frozen(10, 1)
    small = count_queries(gql, PUBLICATION, {"listCode": "511602-zdpyc", "batch": 1})
    frozen(200, 2)
    large = count_queries(gql, PUBLICATION, {"listCode": "511602-zdpyc", "batch": 2})
    assert small == large, (small, large)


def test_certificate_types_changed_since_and_tombstones_through_the_api(gql, regions):
    old = CertificateTypeFactory(region=regions["city"], name="旧证照")
    since = timezone.now()
    feed_record(CertificateTypeFactory(region=regions["city"], name="新证照"), operation="I")  # as the service
    query = """query ($since: DateTime!) {
      certificateTypes(changedSince: $since) { edges { node { name } } }
      tombstones(since: $since, kinds: [CERTIFICATE_TYPE]) { edges { node { kind code nodeId } } }
    }"""
    old_code = old.type_code
    feed_record(old, operation="D", reason="deleted")  # as the delete service writes it
    old.delete()
    answer = gql(query, {"since": since.isoformat()})
    assert [edge["node"]["name"] for edge in answer["certificateTypes"]["edges"]] == ["新证照"]
    [tombstone] = [edge["node"] for edge in answer["tombstones"]["edges"]]
    assert (tombstone["kind"], tombstone["code"]) == ("CERTIFICATE_TYPE", old_code)

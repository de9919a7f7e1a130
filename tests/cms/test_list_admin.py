"""The admin of published lists: the batch view publishes through the service, shows refusals, is scoped."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from config_models.models import Membership, Publication, Role
from config_models.services.membership import membership_save
from tests.cms.test_page_scope import publish_data, refused
from tests.factories import UserFactory, make_published_list

pytestmark = pytest.mark.django_db

BATCH = {"document_number": "广区府办〔2025〕8号", "published_on": "2025-03-01", "effective_on": "2025-03-01",
         "change_note": "第一批"}


@pytest.fixture
def county_admin(regions):
    user = UserFactory(username="guangan_admin")
    membership_save(membership=Membership(user=user, region=regions["county"], role=Role.COUNTY_ADMIN))
    return user


@pytest.fixture
def county_list(regions, implementation):
    return make_published_list(regions["county"], code="511602-zdpyc", rule=[("visit_count", "lte", "1")])


def test_county_admin_publishes_a_batch_in_the_admin(client, county_admin, county_list):
    client.force_login(county_admin)
    url = reverse("tongban_list_publish", args=[county_list.pk])
    assert "当前条目数：<strong>1</strong>" in client.get(url).content.decode()
    assert client.post(url, BATCH).status_code == 302
    publication = Publication.objects.get()
    assert (publication.batch, publication.entry_count, publication.created_by) == (1, 1, county_admin)


def test_refused_batch_shows_the_reasons_in_the_admin(client, county_admin, county_list, implementation):
    type(implementation).objects.filter(pk=implementation.pk).update(committed_limit=99)
    client.force_login(county_admin)
    response = client.post(reverse("tongban_list_publish", args=[county_list.pk]), BATCH)
    assert response.status_code == 400
    assert "承诺办结时限不能超过法定办结时限" in response.content.decode()
    assert not Publication.objects.exists()


def test_admin_of_another_county_cannot_publish_the_list(client, regions, county_list):
    other = UserFactory(username="qianfeng_admin")
    membership_save(membership=Membership(user=other, region=regions["sibling"], role=Role.COUNTY_ADMIN))
    client.force_login(other)
    assert refused(client.post(reverse("tongban_list_publish", args=[county_list.pk]), BATCH))
    assert not Publication.objects.exists()


def test_rule_edited_in_the_page_form_is_validated_and_saved(client, county_admin, county_list, regions,
                                                             county_department):
    client.force_login(county_admin)
    url = reverse("wagtailadmin_pages:edit", args=[county_list.pk])

    def post(value):
        data = {key: value for key, value in publish_data(county_list, county_admin).items()
                if not key.startswith("rule-")}
        data.update(nested_form_data({"rule": streamfield([
            ("condition", {"field": "visit_count", "operator": "lte", "value": value})])}))
        return client.post(url, data)

    response = post("一次")
    assert response.status_code == 200  # the form comes back with the error
    [error] = response.context["form"].errors.as_data()["rule"]
    assert "不是非负整数" in str(error.as_json_data())
    response = post("0")
    assert response.status_code == 302, response.context["form"].errors
    county_list.refresh_from_db()
    assert county_list.rule.raw_data[0]["value"]["value"] == "0"


def test_list_and_certificate_admin_views_render(admin_client, county_list, regions):
    from config_models.models import CertificateType, ListType

    for url in (
        reverse("wagtailadmin_pages:edit", args=[county_list.pk]),
        reverse("wagtailadmin_pages:add", args=["config_models", "publishedlistpage", county_list.get_parent().pk]),
        reverse(CertificateType.snippet_viewset.get_url_name("list")),
        reverse(CertificateType.snippet_viewset.get_url_name("add")),
        reverse(ListType.snippet_viewset.get_url_name("list")),
        reverse("tongban_list_publish", args=[county_list.pk]),
    ):
        assert admin_client.get(url).status_code == 200, url
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[county_list.pk])).content.decode()
    assert "当前共 <strong>1</strong> 条" in edit


def test_admin_of_another_county_cannot_edit_the_list_page(client, regions, county_list):
    other = UserFactory(username="qianfeng_editor")
    membership_save(membership=Membership(user=other, region=regions["sibling"], role=Role.COUNTY_ADMIN))
    client.force_login(other)
    response = client.post(reverse("wagtailadmin_pages:edit", args=[county_list.pk]),
                           publish_data(county_list, other, title="越权修改"))
    assert refused(response)
    county_list.refresh_from_db()
    assert county_list.title != "越权修改"


def test_list_types_are_kept_by_the_city_admin_only(client, regions):
    from config_models.models import ListType

    add_url = reverse(ListType.snippet_viewset.get_url_name("add"))
    data = {"name": "惠企政策清单", "code": "huiqi-zhengce", "description": "", "sort_order": "9"}
    county = UserFactory(username="county")
    membership_save(membership=Membership(user=county, region=regions["county"], role=Role.COUNTY_ADMIN))
    client.force_login(county)
    assert client.post(add_url, data).status_code in (302, 403)
    assert not ListType.objects.filter(code="huiqi-zhengce").exists()
    city = UserFactory(username="city")
    membership_save(membership=Membership(user=city, region=regions["city"], role=Role.CITY_ADMIN))
    client.force_login(city)
    assert client.post(add_url, data).status_code == 302
    created = ListType.objects.get(code="huiqi-zhengce")
    assert created.history.get().history_user == city


def test_publication_records_history_with_the_publisher(client, county_admin, county_list):
    client.force_login(county_admin)
    client.post(reverse("tongban_list_publish", args=[county_list.pk]), BATCH)
    record = Publication.objects.get().history.get()
    assert (record.batch, record.history_user, record.document_number) == (1, county_admin, "广区府办〔2025〕8号")

"""一件事 pages in the admin: region scope (the page permissions of memberships), the region's departments only,
and publishing refused in Chinese while the region does not implement every item."""

import pytest
from django.urls import reverse

from config_models.models import Bundle, BundleQuota, BundleTemplate, Membership, RegionPage, Role
from config_models.services.membership import membership_save
from tests.bundle_helpers import adopt, catalog, implement, make_template
from tests.cms.admin_post_data import form_data
from tests.cms.test_page_scope import refused
from tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(regions):
    return catalog(regions)


@pytest.fixture
def template(regions, items):
    return make_template(regions, items)


@pytest.fixture
def county_admin(regions):
    user = UserFactory(username="guangan_admin")
    membership_save(membership=Membership(user=user, region=regions["county"], role=Role.COUNTY_ADMIN))
    return user


@pytest.fixture
def lead(regions):
    return DepartmentFactory(region=regions["county"], name="广安区市场监督管理局")


def add_url(region):
    page = RegionPage.objects.get(region=region)
    return reverse("wagtailadmin_pages:add", args=["config_models", "bundle", page.pk])


def add_data(region, user, **values):
    parent = RegionPage.objects.get(region=region)
    form_class = Bundle.get_edit_handler().get_form_class()
    data = form_data(form_class(instance=Bundle(), for_user=user, parent_page=parent))
    return {**data, "slug": "kbcyd", **{k: str(getattr(v, "pk", v)) for k, v in values.items()}}


def test_county_admin_adopts_and_publishes_a_bundle_in_its_county(client, regions, items, template, county_admin, lead):
    # given
    implement(items, regions["county"], lead)
    client.force_login(county_admin)

    # when
    response = client.post(add_url(regions["county"]), {
        **add_data(regions["county"], county_admin, title="广安区开办餐饮店", bundle_template=template,
                   lead_department=lead, committed_limit=10),
        "action-publish": "action-publish",
    })

    # then
    assert response.status_code == 302, response.content.decode()[:3000]
    bundle = Bundle.objects.get()
    assert bundle.live and bundle.region == regions["county"] and bundle.code == "KBCYD-511602"


def test_publishing_a_bundle_with_a_missing_implementation_is_refused_in_the_admin(
    client, regions, items, template, county_admin, lead
):
    # given: 广安区 does not implement the signboard approval
    implement(items, regions["county"], lead, keys=["licence", "hygiene", "food"])
    client.force_login(county_admin)
    data = add_data(regions["county"], county_admin, title="广安区开办餐饮店", bundle_template=template,
                    lead_department=lead, committed_limit=10)

    # when
    response = client.post(add_url(regions["county"]), {**data, "action-publish": "action-publish"})

    # then: the form says why, nothing is created
    assert response.status_code == 200
    assert "广安区尚未实施以下事项，一件事不能发布：户外招牌设置审批。" in response.content.decode()
    assert not Bundle.objects.exists()

    # when: saved as a draft instead
    response = client.post(add_url(regions["county"]), data)

    # then
    assert response.status_code == 302
    assert not Bundle.objects.get().live


def test_lead_department_choices_are_the_regions_and_those_above(regions, template, county_admin, lead):
    other = DepartmentFactory(region=regions["sibling"], name="前锋区市场监督管理局")
    city = DepartmentFactory(region=regions["city"], name="广安市市场监督管理局")
    form_class = Bundle.get_edit_handler().get_form_class()
    form = form_class(instance=Bundle(), for_user=county_admin,
                      parent_page=RegionPage.objects.get(region=regions["county"]))
    offered = set(form.fields["lead_department"].queryset)
    assert {lead, city} <= offered and other not in offered


def test_county_admin_cannot_edit_or_add_bundles_of_another_county(client, regions, items, template, county_admin):
    # given: 前锋区's bundle
    sibling_lead = DepartmentFactory(region=regions["sibling"])
    implement(items, regions["sibling"], sibling_lead)
    theirs = adopt(template, regions["sibling"], sibling_lead)
    client.force_login(county_admin)

    # then
    assert refused(client.get(reverse("wagtailadmin_pages:edit", args=[theirs.pk])))
    assert refused(client.post(reverse("wagtailadmin_pages:edit", args=[theirs.pk]), {"title": "越权修改"}))
    assert refused(client.get(add_url(regions["sibling"])))
    assert Bundle.objects.get(pk=theirs.pk).title != "越权修改"
    # nor the city's templates
    assert refused(client.get(reverse("wagtailadmin_pages:edit", args=[template.pk])))


def test_templates_cannot_be_added_under_a_county(client, regions, county_admin):
    client.force_login(county_admin)
    page = RegionPage.objects.get(region=regions["county"])
    response = client.get(reverse("wagtailadmin_pages:add", args=["config_models", "bundletemplate", page.pk]))
    assert response.status_code in (302, 403, 404)


def test_city_admin_publishes_a_template_edit_and_an_inconsistent_one_is_refused(client, regions, template, items):
    # given
    city_admin = UserFactory(username="city_admin")
    membership_save(membership=Membership(user=city_admin, region=regions["city"], role=Role.CITY_ADMIN))
    client.force_login(city_admin)
    form_class = BundleTemplate.get_edit_handler().get_form_class()
    form = form_class(instance=template, for_user=city_admin, parent_page=template.get_parent())
    data = form_data(form)
    for name in ("basis", "conditions", "process", "channels", "consultation"):
        data[name] = form[name].field.widget.format_value(form[name].value())  # Draftail submits its JSON
    url = reverse("wagtailadmin_pages:edit", args=[template.pk])

    # when: a renamed stage is published
    response = client.post(url, {**data, "stage": "开业", "action-publish": "action-publish"})

    # then
    assert response.status_code == 302
    assert BundleTemplate.objects.get(pk=template.pk).stage == "开业"

    # when: a step number leaves a gap
    bad = {**data, "action-publish": "action-publish"}
    step_field = next(name for name, value in data.items() if name.startswith("items-") and name.endswith("-step")
                      and value == "2")
    bad[step_field] = "4"
    response = client.post(url, bad)

    # then
    assert response.status_code == 200
    assert "步骤须从1开始连续编号" in response.content.decode()
    assert sorted(BundleTemplate.objects.get(pk=template.pk).items.values_list("step", flat=True)) == [1, 1, 2, 2]


def test_quotas_are_set_by_the_city_and_read_by_the_counties(client, regions, county_admin):
    quota = BundleQuota.objects.create(region=regions["city"], level="county", count=10, due_date="2025-06-30")
    client.force_login(county_admin)
    listing = client.get(reverse("wagtailsnippets_config_models_bundlequota:list"))
    assert listing.status_code == 200
    assert "广安区 0/10" in listing.content.decode()
    exported = client.get(reverse("wagtailsnippets_config_models_bundlequota:list"), {"export": "csv"})
    csv = exported.getvalue().decode("utf-8-sig")
    assert "完成情况" in csv and "广安区 0/10" in csv
    edit = client.get(reverse("wagtailsnippets_config_models_bundlequota:edit", args=[quota.pk]))
    assert edit.status_code == 403


def test_edit_pages_and_previews_render_for_the_county_admin(client, regions, items, template, county_admin, lead):
    implement(items, regions["county"], lead)
    bundle = adopt(template, regions["county"], lead)
    client.force_login(county_admin)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[bundle.pk])).status_code == 200
    assert client.get(add_url(regions["county"])).status_code == 200
    form_class = Bundle.get_edit_handler().get_form_class()
    data = form_data(form_class(instance=bundle, for_user=county_admin, parent_page=bundle.get_parent()))
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[bundle.pk])
    assert client.post(preview_url, {**data, "address": "预览地址"}).json()["is_valid"]
    preview = client.get(preview_url)
    assert preview.status_code == 200
    assert "预览地址" in preview.content.decode() and "居民身份证（原件）" in preview.content.decode()

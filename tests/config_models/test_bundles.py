"""一件事: the computed material set, form and efficiency table, publishing rules, freshness, quotas, history."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from simple_history.utils import get_history_model_for_model

from config_models.models import (
    Bundle,
    BundleMaterialLink,
    BundleQuota,
    BundleTemplate,
    Change,
    ChangeEntity,
    Implementation,
    RegionPage,
)
from config_models.selectors.bundle import progress
from config_models.services.bundle import (
    bundle_overview,
    bundle_save,
    bundle_template_save,
    material_key,
    working_days,
)
from config_models.services.department import department_save
from config_models.services.implementation import implementation_save
from tests.bundle_helpers import adopt, catalog, implement, make_template, names
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(regions):
    return catalog(regions)


@pytest.fixture
def department(regions):
    return DepartmentFactory(region=regions["county"], name="广安区市场监督管理局")


@pytest.fixture
def implementations(items, regions, department):
    return implement(items, regions["county"], department)


@pytest.fixture
def template(regions, items):
    return make_template(regions, items)


@pytest.fixture
def bundle(template, regions, department, implementations):
    return adopt(template, regions["county"], department)


def test_material_names_are_matched_without_qualifiers_spaces_or_width():
    assert material_key("居民身份证（原件）") == material_key(" 居民身份证 ") == material_key("居民身份证(复印件)")
    assert material_key("《营业执照》") == material_key("营业执照")
    assert material_key("身份证") != material_key("户口簿")


def test_two_items_asking_for_the_id_card_ask_once(bundle, items):
    # when
    materials = bundle_overview(bundle).materials

    # then: 居民身份证（原件） (设立登记), 居民身份证 (卫生许可) and 身份证 (linked as the same) are one material
    id_cards = [m for m in materials.to_submit if "身份证" in m.name]
    assert names(id_cards) == ["居民身份证（原件）"]
    assert id_cards[0].item_codes == [items["licence"].code, items["hygiene"].code, items["food"].code]


def test_without_the_explicit_link_only_the_normalised_names_merge(bundle, template):
    # given
    BundleMaterialLink.objects.filter(template=template).delete()

    # when
    materials = bundle_overview(Bundle.objects.get(pk=bundle.pk)).materials

    # then
    assert [m.name for m in materials.to_submit if "身份证" in m.name] == ["居民身份证（原件）", "身份证"]


def test_a_material_produced_by_step_one_is_not_asked_in_step_two(bundle):
    materials = bundle_overview(bundle).materials
    assert "营业执照" not in names(materials.asked)
    assert names(materials.reused) == ["营业执照"]
    assert materials.reused[0].note == "由第1步“企业设立登记”产生，无需提交"


def test_an_output_of_a_parallel_item_is_still_asked(template, items, bundle):
    # given: the food licence moves into step 1, beside the registration that produces the 营业执照
    template.items.filter(catalog_item=items["food"]).update(step=1)
    template.items.filter(catalog_item=items["signboard"]).update(step=1)

    # when
    materials = bundle_overview(Bundle.objects.get(pk=bundle.pk)).materials

    # then
    assert "营业执照" in names(materials.to_submit)
    assert materials.reused == []


def test_e_certificates_and_deferrable_materials_are_listed_apart(bundle):
    materials = bundle_overview(bundle).materials
    assert names(materials.e_certificates) == ["不动产权证书"]
    assert names(materials.deferrable) == ["从业人员健康证明"]
    assert names(materials.to_submit) == [
        "企业设立登记申请书", "居民身份证（原件）", "住所使用证明", "卫生许可申请表", "食品经营许可申请书",
        "招牌设计效果图",
    ]


def test_critical_path_days_with_parallel_steps(bundle):
    # given: step 1 runs 3 and 5 days in parallel, step 2 runs 10 and 2 days in parallel
    overview = bundle_overview(bundle)

    # then
    assert [step.days for step in overview.steps] == [5, 10]
    assert overview.critical_path_days == 15
    table = overview.efficiency
    assert (table.days.before, table.days.after, table.days.reduction) == (20, 15, 5)
    assert (table.steps.before, table.steps.after) == (4, 2)
    assert (table.materials.before, table.materials.after) == (11, 7)
    assert (table.visits.before, table.visits.after) == (4, 1)
    assert table.committed_days == 10


def test_natural_days_count_as_working_days(bundle, implementations):
    # given: the food licence promises 14 natural days (10 working days) — a longer step 2 only if rounded up wrong
    implementations["food"].committed_limit, implementations["food"].committed_limit_unit = 15, "natural_day"
    implementations["food"].save()

    # then
    assert working_days(15, "natural_day") == 11
    assert bundle_overview(bundle).critical_path_days == 5 + 11


def test_scenarios_decide_which_items_materials_and_fields_apply(bundle):
    everything = bundle_overview(bundle)
    without_sign = bundle_overview(bundle, scenarios=[])
    assert "户外招牌设置审批" in [r.catalog_item.name for s in everything.steps for r in s.items]
    assert "户外招牌设置审批" not in [r.catalog_item.name for s in without_sign.steps for r in s.items]
    assert "招牌设计效果图" not in names(without_sign.materials.to_submit)
    assert "sign_size" in [f.key for f in everything.form] and "sign_size" not in [f.key for f in without_sign.form]
    assert everything.steps[1].items[1].scenario_labels == ["需要设置户外招牌"]


def test_the_merged_form_asks_each_key_once(bundle, items):
    form = {f.key: f for f in bundle_overview(bundle).form}
    assert list(form) == ["applicant_name", "area", "category", "sign_size"]
    assert form["area"].label == "经营场所面积"
    assert form["area"].required is True  # one of its items requires it
    assert form["area"].item_codes == [items["hygiene"].code, items["food"].code]
    assert len(form["applicant_name"].item_codes) == 4
    assert form["category"].choices == ["热食类", "冷食类"]


def test_a_region_missing_an_implementation_cannot_publish_the_bundle(template, regions, items):
    # given: 前锋区 implements three of the four items
    sibling = regions["sibling"]
    lead = DepartmentFactory(region=sibling)
    implement(items, sibling, lead, keys=["licence", "hygiene", "food"])

    # when / then: a draft is fine, publishing is refused with the missing item named
    draft = adopt(template, sibling, lead, publish=False)
    assert not draft.live
    assert [item.name for item in bundle_overview(draft).missing] == ["户外招牌设置审批"]
    with pytest.raises(ValidationError) as refused:
        bundle_save(bundle=draft, publish=True)
    assert "前锋区尚未实施以下事项，一件事不能发布：户外招牌设置审批。" in str(refused.value)
    draft = Bundle.objects.get(pk=draft.pk)
    assert not draft.live
    # and publishing the revision directly (as the admin's scheduled publishing would) is refused too
    with pytest.raises(ValidationError):
        draft.get_latest_revision().publish()
    assert not Bundle.objects.get(pk=draft.pk).live


def test_the_committed_limit_may_not_exceed_the_critical_path(template, regions, department, implementations):
    with pytest.raises(ValidationError) as refused:
        adopt(template, regions["county"], department, committed_limit=16)
    assert "不能超过各步骤时限之和（并行步骤取最长）15个工作日" in str(refused.value)
    assert not Bundle.objects.exists()


def test_the_lead_department_must_belong_to_the_region(template, regions, implementations):
    other = DepartmentFactory(region=regions["sibling"])
    with pytest.raises(ValidationError) as refused:
        adopt(template, regions["county"], other)
    assert "牵头部门须属于本区划或其上级区划。" in str(refused.value)


def test_a_region_adopts_a_template_once(template, regions, department, bundle):
    with pytest.raises(ValidationError, match="已采用该一件事模板"):
        adopt(template, regions["county"], department)


def test_templates_are_made_under_the_city_only(regions, items):
    county_page = RegionPage.objects.get(region=regions["county"])
    assert not BundleTemplate.can_create_at(county_page)
    assert BundleTemplate.can_create_at(RegionPage.objects.get(region=regions["city"]))


def test_a_template_without_items_or_with_gaps_in_its_steps_is_refused(regions, items):
    template = BundleTemplate(title="空模板", code="EMPTY", lifecycle="person", stage="出生", target="person",
                              lead_role="卫生健康部门")
    with pytest.raises(ValidationError, match="须至少包含一个事项"):
        bundle_template_save(template=template, parent=RegionPage.objects.get(region=regions["city"]))
    from config_models.models import BundleItem

    template.items = [BundleItem(catalog_item=items["licence"], step=1), BundleItem(catalog_item=items["food"], step=3)]
    with pytest.raises(ValidationError, match="连续编号"):
        bundle_template_save(template=template, parent=RegionPage.objects.get(region=regions["city"]))
    assert not BundleTemplate.objects.exists()


def heard(bundle, mark: int) -> bool:
    """Whether the feed told mirrors about the bundle after `mark` (a bundle shows its implementations)."""
    return Change.objects.filter(entity=ChangeEntity.BUNDLE, object_id=bundle.pk, sequence__gt=mark).exists()


def last_sequence() -> int:
    return Change.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


def test_editing_an_implementations_material_changes_the_bundle_and_enters_the_feed(bundle, implementations):
    # when: the hygiene licence's form is renamed, through the implementation's service
    mark = last_sequence()
    implementation = Implementation.objects.get(pk=implementations["hygiene"].pk)
    materials = list(implementation.materials.all())
    for material in materials:
        if material.name == "卫生许可申请表":
            material.name = "公共场所卫生许可申请表"
    implementation_save(implementation=implementation, materials=materials)

    # then
    bundle = Bundle.objects.get(pk=bundle.pk)
    asked = names(bundle_overview(bundle).materials.to_submit)
    assert "公共场所卫生许可申请表" in asked and "卫生许可申请表" not in asked
    assert heard(bundle, mark)


def test_bundles_of_other_regions_do_not_hear_of_an_edit(bundle, template, regions, items):
    # given: 前锋区 adopts the template with its own implementations
    lead = DepartmentFactory(region=regions["sibling"])
    theirs = implement(items, regions["sibling"], lead)
    other = adopt(template, regions["sibling"], lead)
    mark = last_sequence()

    # when
    implementation_save(implementation=Implementation.objects.get(pk=theirs["food"].pk))

    # then
    assert heard(other, mark) and not heard(bundle, mark)


def test_an_ended_implementation_leaves_the_bundle_incomplete(bundle, implementations):
    implementations["signboard"].status, implementations["signboard"].ended_on = "ended", dt.date(2025, 1, 1)
    implementations["signboard"].save()
    assert [item.name for item in bundle_overview(Bundle.objects.get(pk=bundle.pk)).missing] == ["户外招牌设置审批"]


def test_quota_progress_per_county(bundle, regions):
    # given: every county of the city must offer 10 bundles within half a year
    today = timezone.localdate()
    quota = BundleQuota.objects.create(region=regions["city"], level="county", count=10,
                                       due_date=today + dt.timedelta(days=180))

    # when
    rows = {row.region.code: row for row in progress(quota, on=today).regions}

    # then
    assert {code: row.counted for code, row in rows.items()} == {"511602": 1, "511603": 0}
    assert rows["511602"].percent == 10 and not rows["511602"].met


def test_a_quota_level_must_lie_below_its_region(regions):
    quota = BundleQuota(region=regions["county"], level="city", count=10, due_date=dt.date(2025, 6, 30))
    with pytest.raises(ValidationError, match="考核层级须低于下达区划的层级"):
        quota.full_clean()


def test_a_saved_draft_leaves_history_at_the_live_values(bundle):
    history = get_history_model_for_model(Bundle)
    assert history.objects.filter(id=bundle.pk).exists()
    rows_before = history.objects.filter(id=bundle.pk).count()

    # when: an editor saves a draft with a new address
    draft = Bundle.objects.get(pk=bundle.pk)
    draft.address = "草稿地址"
    draft.save_revision()

    # then: no history row claims the draft's address
    assert history.objects.filter(id=bundle.pk).count() == rows_before
    assert not history.objects.filter(id=bundle.pk, address="草稿地址").exists()

    # when: it is published
    Bundle.objects.get(pk=bundle.pk).get_latest_revision().publish()

    # then
    assert history.objects.filter(id=bundle.pk).latest("history_date").address == "草稿地址"


def test_publishing_the_template_or_renaming_a_department_reaches_the_bundle(bundle, template, department):
    mark = last_sequence()
    template = BundleTemplate.objects.get(pk=template.pk)
    template.stage = "开业"
    template.save_revision().publish()
    assert heard(bundle, mark)
    mark = last_sequence()
    department.name = "广安区市场监管局"
    department_save(department=department)
    assert heard(bundle, mark)


def test_the_public_pages_of_template_and_bundle_render(client, bundle, template, regions):
    from config_models.services.site import region_site_ensure

    region_site_ensure(region=regions["city"], hostname="testserver", is_default=True)
    notice = client.get(bundle.get_url())
    assert notice.status_code == 200
    text = notice.content.decode()
    assert "广安区开办餐饮店一次告知单" in text and "居民身份证（原件）" in text and "《优化营商环境条例》" in text
    preview = client.get(template.get_url())
    assert preview.status_code == 200
    assert "第1步 设立登记与卫生许可" in preview.content.decode()

"""待复核: a change of a catalog item or a 一件事 template marks every row built on it, with the changed field
groups and both values; the region's administrators settle the marks through the review service."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from config_models.models import (
    Change,
    ChangeEntity,
    LegalBasis,
    Membership,
    ReviewMark,
    ReviewStatus,
    Role,
)
from config_models.services.catalog import catalog_item_save
from config_models.services.history import history_revert
from config_models.services.membership import membership_save
from config_models.services.review import review_mark_resolve
from tests.bundle_helpers import adopt, catalog, implement, make_template
from tests.factories import DepartmentFactory, ImplementationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_admin(regions):
    user = UserFactory(username="city_admin", email="city@example.cn")
    membership_save(membership=Membership(user=user, region=regions["city"], role=Role.CITY_ADMIN))
    return user


@pytest.fixture
def county_admin(regions):
    user = UserFactory(username="county_admin", email="county@example.cn")
    membership_save(membership=Membership(user=user, region=regions["county"], role=Role.COUNTY_ADMIN))
    return user


@pytest.fixture
def sibling_admin(regions):
    user = UserFactory(username="sibling_admin", email="sibling@example.cn")
    membership_save(membership=Membership(user=user, region=regions["sibling"], role=Role.COUNTY_ADMIN))
    return user


@pytest.fixture
def implementations(catalog_item, regions, implementation):
    """The item implemented in 广安区, in 北辰街道 below it, and in the sibling county 前锋区."""
    township = ImplementationFactory(catalog_item=catalog_item, region=regions["township"],
                                     department=DepartmentFactory(region=regions["township"]))
    sibling = ImplementationFactory(catalog_item=catalog_item, region=regions["sibling"],
                                    department=DepartmentFactory(region=regions["sibling"]))
    return {"county": implementation, "township": township, "sibling": sibling}


def rename(item, name, user=None):
    item.name = name
    return catalog_item_save(item=item, user=user)


def test_a_catalog_rename_marks_every_implementation_with_the_field_and_both_values(
    catalog_item, implementations, city_admin
):
    # when
    rename(catalog_item, "建筑工程施工许可证核发", user=city_admin)

    # then
    marks = ReviewMark.objects.filter(catalog_item=catalog_item)
    assert {mark.implementation_id for mark in marks} == {i.pk for i in implementations.values()}
    for mark in marks:
        assert mark.status == ReviewStatus.PENDING
        assert mark.fields == [{"field": "name", "label": "事项名称", "before": "建设工程施工许可证核发",
                                "after": "建筑工程施工许可证核发"}]
        assert mark.region_id == mark.implementation.region_id
        assert mark.history.get().history_user == city_admin


def test_a_save_that_changes_nothing_inherited_marks_nothing(catalog_item, implementations):
    catalog_item_save(item=catalog_item)
    assert not ReviewMark.objects.exists()


def test_a_legal_basis_change_is_a_change_of_the_legal_bases_group(catalog_item, implementations):
    catalog_item.legal_bases = [LegalBasis(law_name="《建筑法》", clause="第七条")]
    catalog_item_save(item=catalog_item)
    (field,) = ReviewMark.objects.filter(implementation=implementations["county"]).get().fields
    assert field["field"] == "legal_bases" and field["before"] == "" and field["after"] == "《建筑法》第七条"


def test_a_second_change_merges_into_the_open_mark_and_a_change_back_withdraws_it(catalog_item, implementations):
    rename(catalog_item, "名称一")
    rename(catalog_item, "名称二")
    mark = ReviewMark.objects.get(implementation=implementations["county"])
    assert mark.fields[0]["before"] == "建设工程施工许可证核发" and mark.fields[0]["after"] == "名称二"

    rename(catalog_item, "建设工程施工许可证核发")
    mark.refresh_from_db()
    assert mark.status == ReviewStatus.WITHDRAWN
    assert not ReviewMark.objects.open().exists()


def test_the_region_admins_are_told_by_email(catalog_item, implementations, county_admin, sibling_admin,
                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rename(catalog_item, "建筑工程施工许可证核发")

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["county@example.cn", "sibling@example.cn"]
    county_mail = next(message for message in mail.outbox if message.to == ["county@example.cn"])
    assert "待复核" in county_mail.subject
    assert "建设工程施工许可证核发 → 建筑工程施工许可证核发" in county_mail.body
    assert "/admin/reviews/" in county_mail.body


@pytest.mark.parametrize("action", [ReviewStatus.ADOPTED, ReviewStatus.NO_CHANGE])
def test_adopting_or_no_change_needed_clears_the_mark_and_is_a_feed_entry(
    catalog_item, implementations, county_admin, action
):
    rename(catalog_item, "建筑工程施工许可证核发")
    mark = ReviewMark.objects.get(implementation=implementations["county"])
    last = Change.objects.order_by("-sequence").first().sequence

    # when
    review_mark_resolve(mark=mark, action=action, user=county_admin, note="已核对")

    # then
    mark.refresh_from_db()
    assert mark.status == action and mark.resolved_by == county_admin and mark.resolved_at
    assert not ReviewMark.objects.open().filter(implementation=implementations["county"]).exists()
    entries = Change.objects.filter(sequence__gt=last, entity=ChangeEntity.IMPLEMENTATION)
    assert list(entries.values_list("object_id", "operation", "actor__username")) == [
        (implementations["county"].pk, "U", "county_admin")
    ]
    record = mark.history.first()
    assert record.history_user == county_admin and record.status == action


def test_the_rename_itself_is_a_feed_entry_of_every_implementation(catalog_item, implementations):
    last = Change.objects.order_by("-sequence").first().sequence
    rename(catalog_item, "建筑工程施工许可证核发")
    changed = set(Change.objects.filter(sequence__gt=last, entity=ChangeEntity.IMPLEMENTATION)
                  .values_list("object_id", flat=True))
    assert changed == {i.pk for i in implementations.values()}


def test_escalation_needs_a_reason_and_keeps_the_mark_open(catalog_item, implementations, county_admin):
    rename(catalog_item, "建筑工程施工许可证核发")
    mark = ReviewMark.objects.get(implementation=implementations["county"])

    with pytest.raises(ValidationError) as refused:
        review_mark_resolve(mark=mark, action=ReviewStatus.ESCALATED, user=county_admin, note="  ")
    assert "上报须填写原因" in str(refused.value)
    mark.refresh_from_db()
    assert mark.status == ReviewStatus.PENDING

    review_mark_resolve(mark=mark, action=ReviewStatus.ESCALATED, user=county_admin, note="本地名称有地方性法规依据")
    mark.refresh_from_db()
    assert mark.status == ReviewStatus.ESCALATED and mark.note == "本地名称有地方性法规依据"
    assert mark.is_open


def test_a_county_admin_cannot_settle_a_siblings_mark(catalog_item, implementations, county_admin):
    rename(catalog_item, "建筑工程施工许可证核发")
    mark = ReviewMark.objects.get(implementation=implementations["sibling"])

    with pytest.raises(PermissionDenied) as refused:
        review_mark_resolve(mark=mark, action=ReviewStatus.NO_CHANGE, user=county_admin)

    assert "不在您的管辖范围内" in str(refused.value)
    mark.refresh_from_db()
    assert mark.status == ReviewStatus.PENDING


def test_a_county_admin_settles_the_marks_of_its_townships(catalog_item, implementations, county_admin):
    rename(catalog_item, "建筑工程施工许可证核发")
    mark = ReviewMark.objects.get(implementation=implementations["township"])
    review_mark_resolve(mark=mark, action=ReviewStatus.ADOPTED, user=county_admin)
    mark.refresh_from_db()
    assert mark.status == ReviewStatus.ADOPTED


def test_a_settled_mark_cannot_be_settled_again(catalog_item, implementations, county_admin):
    rename(catalog_item, "建筑工程施工许可证核发")
    mark = ReviewMark.objects.get(implementation=implementations["county"])
    review_mark_resolve(mark=mark, action=ReviewStatus.ADOPTED, user=county_admin)
    with pytest.raises(ValidationError, match="已处理"):
        review_mark_resolve(mark=mark, action=ReviewStatus.NO_CHANGE, user=county_admin)


def test_adopting_is_refused_when_the_level_may_no_longer_implement_the_item(catalog_item, implementations,
                                                                             county_admin):
    catalog_item.allowed_levels = ["city", "township"]
    catalog_item_save(item=catalog_item)
    mark = ReviewMark.objects.get(implementation=implementations["county"])
    assert mark.fields[0]["before"] == "市级、县级、乡镇（街道）级、村（社区）级"
    with pytest.raises(ValidationError, match="不再包含县级"):
        review_mark_resolve(mark=mark, action=ReviewStatus.ADOPTED, user=county_admin)
    mark.refresh_from_db()
    assert mark.status == ReviewStatus.PENDING


def test_a_history_revert_of_the_item_marks_the_implementations_again(catalog_item, implementations, county_admin):
    # given: a rename, adopted
    original = catalog_item.history.latest("history_date")
    rename(catalog_item, "建筑工程施工许可证核发")
    for mark in ReviewMark.objects.all():
        review_mark_resolve(mark=mark, action=ReviewStatus.ADOPTED)

    # when: the item is reverted to its first version
    history_revert(record=original, user=county_admin)

    # then
    marks = ReviewMark.objects.open()
    assert marks.count() == 3
    assert {(f["before"], f["after"]) for mark in marks for f in mark.fields} == {
        ("建筑工程施工许可证核发", "建设工程施工许可证核发")
    }


def test_a_cancellation_marks_nothing_and_ends_the_implementations(catalog_item, implementations):
    import datetime

    from config_models.services.catalog import catalog_item_cancel

    catalog_item_cancel(item=catalog_item, cancel_date=datetime.date(2026, 6, 1))
    assert not ReviewMark.objects.exists()


# 一件事 templates --------------------------------------------------------------------------------------------


@pytest.fixture
def bundle_world(regions):
    items = catalog(regions)
    department = DepartmentFactory(region=regions["county"], name="广安区市场监督管理局")
    implement(items, regions["county"], department)
    template = make_template(regions, items)
    bundle = adopt(template, regions["county"], department)
    return {"items": items, "template": template, "bundle": bundle}


def _edit_template(template, **changes):
    from config_models.models import BundleTemplate
    from config_models.services.bundle import bundle_template_save

    template = BundleTemplate.objects.get(pk=template.pk)
    for name, value in changes.items():
        setattr(template, name, value)
    return bundle_template_save(template=template)


def test_a_template_edit_marks_its_bundles_with_the_changed_groups(bundle_world):
    # when: the template is renamed and its form loses a field
    template = bundle_world["template"]
    fields = list(template.form_fields.all())[:-1]
    _edit_template(template, title="开办餐馆", form_fields=fields)

    # then
    mark = ReviewMark.objects.get(bundle=bundle_world["bundle"])
    by_field = {f["field"]: f for f in mark.fields}
    assert set(by_field) == {"name", "form"}
    assert (by_field["name"]["before"], by_field["name"]["after"]) == ("开办餐饮店", "开办餐馆")
    assert "招牌尺寸" in by_field["form"]["before"] and "招牌尺寸" not in by_field["form"]["after"]


def test_adopting_a_template_rename_renames_the_bundle(bundle_world, county_admin):
    _edit_template(bundle_world["template"], title="开办餐馆")
    mark = ReviewMark.objects.get(bundle=bundle_world["bundle"])

    review_mark_resolve(mark=mark, action=ReviewStatus.ADOPTED, user=county_admin)

    bundle = bundle_world["bundle"]
    bundle.refresh_from_db()
    assert bundle.title == "广安区开办餐馆" and bundle.live and not bundle.has_unpublished_changes
    mark.refresh_from_db()
    assert mark.status == ReviewStatus.ADOPTED


def test_a_mark_cannot_be_reverted_around_the_review_service(catalog_item, implementations, county_admin):
    rename(catalog_item, "建筑工程施工许可证核发")
    mark = ReviewMark.objects.get(implementation=implementations["county"])
    first = mark.history.get()
    review_mark_resolve(mark=mark, action=ReviewStatus.NO_CHANGE, user=county_admin)
    with pytest.raises(ValidationError, match="只能通过采纳变更"):
        history_revert(record=first, user=county_admin)
    mark.refresh_from_db()
    assert mark.status == ReviewStatus.NO_CHANGE

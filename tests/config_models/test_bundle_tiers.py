"""一件事 tiers (国办发〔2025〕24号): national batches, provincial and local 特色 templates, their rules and audit."""

import pytest
from django.core.exceptions import ValidationError
from simple_history.utils import get_history_model_for_model

from config_models.models import BundleTemplate, BundleTier, Change, ChangeEntity
from config_models.models.bundle import chinese_ordinal, normalize_document_number
from config_models.selectors.bundle import published_templates
from config_models.services.bundle import bundle_template_save
from tests.bundle_helpers import adopt, catalog, implement, make_template
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

NATIONAL = {"tier": BundleTier.NATIONAL, "batch_year": 2024, "batch": 1, "policy_document": "国发〔2024〕3号"}


@pytest.fixture
def items(regions):
    return catalog(regions)


def last_sequence() -> int:
    return Change.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


def messages(error: ValidationError) -> dict[str, list[str]]:
    return {field: [str(m) for m in found] for field, found in error.message_dict.items()}


def test_a_template_is_local_by_default_and_outside_any_batch(regions, items):
    template = make_template(regions, items)
    assert (template.tier, template.batch_year, template.batch, template.batch_label) == ("local", None, None, "")


def test_a_national_template_names_its_batch_and_document(regions, items):
    template = make_template(regions, items, **{**NATIONAL, "policy_document": "国发 [2024] 3号"})

    stored = BundleTemplate.objects.get(pk=template.pk)
    assert stored.tier == BundleTier.NATIONAL
    assert stored.batch_label == "2024年第一批"
    assert stored.policy_document == "国发〔2024〕3号"  # brackets and spaces normalised


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"tier": "national"}, "batch_year", "国家层级的一件事须填写公布批次的年份"),
    ({"tier": "national", "batch_year": 2024}, "batch", "国家层级的一件事须填写批次"),
    ({"tier": "national", "batch_year": 2019, "batch": 1}, "batch_year", "批次年份不能早于2024年"),
    ({"tier": "local", "batch_year": 2024, "batch": 1}, "tier", "地方特色一件事不属于国家或省公布的批次"),
    ({"tier": "provincial", "batch_year": 2025}, "batch", "批次年份和批次须同时填写或同时留空"),
    ({**NATIONAL, "policy_document": "国务院3号文"}, "policy_document", "文号格式应为"),
])
def test_tier_rules_refuse_with_chinese_messages_and_write_nothing(regions, items, fields, field, message):
    # given
    history = get_history_model_for_model(BundleTemplate)
    before = (BundleTemplate.objects.count(), history.objects.count(), last_sequence())

    # when
    with pytest.raises(ValidationError) as refused:
        make_template(regions, items, **fields)

    # then
    assert any(message in text for text in messages(refused.value).get(field, [])), refused.value
    assert (BundleTemplate.objects.count(), history.objects.count(), last_sequence()) == before


def test_a_bad_tier_edit_of_a_published_template_leaves_it_as_it_was(regions, items):
    template = make_template(regions, items, **NATIONAL)
    revisions = template.revisions.count()

    edited = BundleTemplate.objects.get(pk=template.pk)
    edited.tier = BundleTier.LOCAL
    with pytest.raises(ValidationError, match="地方特色一件事不属于"):
        bundle_template_save(template=edited)

    stored = BundleTemplate.objects.get(pk=template.pk)
    assert (stored.tier, stored.batch, stored.revisions.count()) == ("national", 1, revisions)


def test_a_provincial_template_may_belong_to_a_batch_or_none(regions, items):
    in_batch = make_template(regions, items, tier="provincial", batch_year=2025, batch=2,
                             policy_document="川办发〔2025〕8号")
    outside = make_template(regions, items, code="SCTS", tier="provincial")
    assert in_batch.batch_label == "2025年第二批" and outside.batch_label == ""


def test_the_tier_is_in_the_history_and_its_change_reaches_the_feed(regions, items):
    # given: a local template adopted by 广安区
    template = make_template(regions, items)
    department = DepartmentFactory(region=regions["county"])
    implement(items, regions["county"], department)
    bundle = adopt(template, regions["county"], department)
    mark = last_sequence()

    # when: the city files it under the national first batch, through the service
    edited = BundleTemplate.objects.get(pk=template.pk)
    for name, value in NATIONAL.items():
        setattr(edited, name, value)
    bundle_template_save(template=edited)

    # then: history holds the old and new tier
    history = get_history_model_for_model(BundleTemplate).objects.filter(id=template.pk).order_by("history_date")
    assert history.first().tier == "local"
    latest = history.last()
    assert (latest.tier, latest.batch_year, latest.batch, latest.policy_document) == (
        "national", 2024, 1, "国发〔2024〕3号")
    # and the feed tells mirrors of the template and of the bundle adopting it
    changed = Change.objects.filter(sequence__gt=mark)
    assert changed.filter(entity=ChangeEntity.BUNDLE_TEMPLATE, object_id=template.pk, operation="U").exists()
    assert changed.filter(entity=ChangeEntity.BUNDLE, object_id=bundle.pk).exists()


def test_the_selector_lists_published_templates_of_one_tier(regions, items):
    national = make_template(regions, items, code="QYXXBG", **NATIONAL)
    local = make_template(regions, items, code="GATS")
    make_template(regions, items, code="WFB", publish=False, **NATIONAL)  # a draft is not read

    assert list(published_templates(tier=BundleTier.NATIONAL)) == [national]
    assert list(published_templates(tier=BundleTier.LOCAL)) == [local]
    assert set(published_templates()) == {national, local}


def test_document_numbers_and_batch_numbers_in_chinese():
    assert normalize_document_number("国办发（2025）24号") == "国办发〔2025〕24号"
    assert normalize_document_number("国发【2024】 3号") == "国发〔2024〕3号"
    assert [chinese_ordinal(n) for n in (1, 2, 10, 12, 20, 21)] == ["一", "二", "十", "十二", "二十", "二十一"]


def test_the_public_template_page_shows_tier_batch_and_document(client, regions, items):
    from config_models.services.site import region_site_ensure

    region_site_ensure(region=regions["city"], hostname="testserver", is_default=True)
    template = make_template(regions, items, **NATIONAL)
    page = client.get(template.get_url())
    assert page.status_code == 200
    assert "国家 · 2024年第一批（国发〔2024〕3号）" in page.content.decode()

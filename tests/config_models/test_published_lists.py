"""Published lists: rule entries, manual adjustments, frozen batches, diffs, asOf, schedules, refusals."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from config_models import list_rules
from config_models.blocks import RuleConditionBlock
from config_models.models import ImplementationStatus, OverrideAction, Publication, PublicationStatus
from config_models.models.published_list import PublicationFrozen
from config_models.services import published_list as service
from config_models.services.implementation import implementation_save
from tests.factories import CatalogItemFactory, DepartmentFactory, ImplementationFactory, make_published_list
from tests.hall_factories import accept, make_hall

pytestmark = pytest.mark.django_db

D = dt.date


def implementation_of(regions, department, name, **fields):
    item = CatalogItemFactory(region=regions["province"], name=name, item_type=fields.pop("item_type", "01"))
    return ImplementationFactory(catalog_item=item, region=fields.pop("region", regions["county"]),
                                 department=department, **fields)


@pytest.fixture
def world(regions, county_department):
    rows = {
        "one_visit": implementation_of(regions, county_department, "建设工程施工许可证核发", visit_count=1),
        "online": implementation_of(regions, county_department, "营业执照核发", visit_count=0, online_handling=True,
                                    online_depth=4, visit_reason=""),
        "two_visits": implementation_of(regions, county_department, "排污许可", visit_count=2),
        "service": implementation_of(regions, county_department, "就业登记", visit_count=1, item_type="20"),
        "township": implementation_of(regions, county_department, "农村宅基地审批", visit_count=1,
                                      region=regions["township"]),
    }
    return rows


def publish(page, batch_date, **kwargs):
    kwargs.setdefault("document_number", f"广区府办〔{batch_date.year}〕{batch_date.month}号")
    return service.publication_publish(page=page, published_on=batch_date, effective_on=batch_date, **kwargs)


def names(rows):
    return sorted(row["name"] if isinstance(row, dict) else row.name for row in rows)


def test_rule_selects_matching_implementations_of_the_region_subtree_only(regions, world):
    # given a list of items needing at most one visit, of type 许可, under the county
    page = make_published_list(regions["county"], code="511602-zdpyc", rule=[("visit_count", "lte", "1"),
                                                                              ("item_type", "eq", "许可")])
    # and the same kind of implementation in the sibling county
    implementation_of(regions, DepartmentFactory(region=regions["sibling"]), "餐饮许可", region=regions["sibling"])
    # then the entries are the county's and its township's 许可 items with ≤ 1 visit
    assert names(service.list_entries(page)) == ["农村宅基地审批", "建设工程施工许可证核发", "营业执照核发"]
    assert service.list_preview_count(page) == 3


def test_or_rule_with_group_and_manual_adjustments(regions, world):
    # given "Ⅳ级 OR (公共服务 AND 1 visit)", with 排污许可 included and 营业执照核发 excluded by hand
    page = make_published_list(
        regions["county"], code="511602-mixed", combinator="any", rule=[("online_depth", "eq", "Ⅳ")],
        overrides=[(world["two_visits"], OverrideAction.INCLUDE), (world["online"], OverrideAction.EXCLUDE)],
    )
    page.rule = [*page.rule.raw_data, {"type": "group", "value": {"conditions": [
        {"type": "item", "value": {"field": "item_type", "operator": "eq", "value": "公共服务"}},
        {"type": "item", "value": {"field": "visit_count", "operator": "eq", "value": "1"}},
    ]}}]
    assert names(service.list_entries(page)) == ["就业登记", "排污许可"]


@pytest.mark.parametrize("field, operator, value, part", [
    ("visit_count", "lte", "一次", "value"),
    ("item_type", "lte", "许可", "operator"),
    ("service_area", "eq", "全球", "value"),
    ("no_such_field", "eq", "1", "field"),
])
def test_invalid_condition_is_refused_naming_the_part(field, operator, value, part):
    errors = list_rules.condition_errors(field, operator, value)
    assert list(errors) == [part]
    with pytest.raises(ValidationError):
        RuleConditionBlock().clean({"field": field, "operator": operator, "value": value})


def test_registered_field_extends_rules_without_other_changes(regions, world):
    # a new condition is one registration (as "accepted at a 帮办代办 window" will be)
    field = list_rules.register_field(list_rules.boolean_field(
        "test_courier_and_fee", "快递且收费", lambda op, value: list_rules.lookup_q("courier")("eq", value)))
    try:
        implementation_save(implementation=_with(world["service"], courier=True))
        page = make_published_list(regions["county"], code="511602-courier", rule=[(field.key, "eq", "是")])
        assert names(service.list_entries(page)) == ["就业登记"]
    finally:
        del list_rules.FIELDS[field.key]


def test_rule_on_the_accepting_window_type_selects_items_of_assisted_windows(regions, world):
    # given: the county hall's 帮办代办 window accepts one item, the general window another
    hall = make_hall(regions["county"], windows=[("1", "综合受理", "general"), ("8", "帮办代办", "assisted")])
    windows = {window.number: window for window in hall.windows.all()}
    accept(windows["8"], world["two_visits"])
    accept(windows["1"], world["one_visit"])
    # when a list selects by the window type
    page = make_published_list(regions["county"], code="511602-bbdb", rule=[("window_type", "eq", "帮办代办")])
    others = make_published_list(regions["county"], code="511602-not-bbdb", rule=[("window_type", "ne", "帮办代办")])
    # then only the assisted window's item is in, and the negation holds every other one
    assert names(service.list_entries(page)) == ["排污许可"]
    assert "排污许可" not in names(service.list_entries(others))
    assert "建设工程施工许可证核发" in names(service.list_entries(others))
    with pytest.raises(ValidationError):
        RuleConditionBlock().clean({"field": "window_type", "operator": "eq", "value": "前台"})


def _with(implementation, **fields):
    for name, value in fields.items():
        setattr(implementation, name, value)
    return implementation


def test_snapshot_stays_unchanged_after_the_implementation_is_edited_or_withdrawn(regions, world):
    page = make_published_list(regions["county"], code="511602-zdpyc", rule=[("visit_count", "lte", "1")])
    first = publish(page, D(2025, 3, 1))
    frozen = Publication.objects.get(pk=first.pk).entries
    # when the implementation is edited, then ended
    implementation_save(implementation=_with(world["one_visit"], committed_limit=3, consult_phone="0826-7777777"))
    implementation_save(implementation=_with(world["one_visit"], status=ImplementationStatus.ENDED,
                                             ended_on=D(2025, 4, 1)))
    world["online"].unpublish()
    # then the batch still shows what was published
    stored = Publication.objects.get(pk=first.pk)
    assert stored.entries == frozen
    entry = next(e for e in stored.entries if e["name"] == "建设工程施工许可证核发")
    assert entry["committed_limit"] == "5个工作日"
    assert names(stored.entries) == ["农村宅基地审批", "就业登记", "建设工程施工许可证核发", "营业执照核发"]
    # and the batch itself cannot be changed or deleted
    stored.document_number = "改"
    with pytest.raises(PublicationFrozen):
        stored.save()
    with pytest.raises(PublicationFrozen):
        stored.delete()


def test_batch_diff_lists_added_removed_and_changed_entries(regions, world):
    page = make_published_list(regions["county"], code="511602-zdpyc", rule=[("visit_count", "lte", "1")])
    publish(page, D(2025, 3, 1))
    implementation_save(implementation=_with(world["two_visits"], visit_count=1))  # joins the list
    implementation_save(implementation=_with(world["service"], visit_count=2))  # leaves it
    implementation_save(implementation=_with(world["one_visit"], committed_limit=3))  # changes
    second = publish(page, D(2025, 9, 1), change_note="第二批调整")
    assert second.batch == 2
    assert names(second.diff["added"]) == ["排污许可"]
    assert names(second.diff["removed"]) == ["就业登记"]
    [changed] = second.diff["changed"]
    assert changed["name"] == "建设工程施工许可证核发"
    assert changed["fields"] == {"committed_limit": ["5个工作日", "3个工作日"]}


def test_publication_as_of_before_between_and_after_batches(regions, world):
    page = make_published_list(regions["county"], code="511602-zdpyc", rule=[("visit_count", "lte", "1")])
    first = publish(page, D(2025, 3, 1))
    second = publish(page, D(2025, 9, 1))
    assert service.publication_as_of(page, D(2025, 2, 28)) is None
    assert service.publication_as_of(page, D(2025, 3, 1)) == first
    assert service.publication_as_of(page, D(2025, 8, 31)) == first
    assert service.publication_as_of(page, D(2026, 1, 1)) == second


def test_scheduled_batch_is_published_when_due_with_the_entries_of_that_moment(regions, world):
    page = make_published_list(regions["county"], code="511602-zdpyc", rule=[("visit_count", "lte", "1")])
    now = timezone.now()
    scheduled = publish(page, D(2025, 3, 1), scheduled_at=now + dt.timedelta(hours=2), now=now)
    assert scheduled.status == PublicationStatus.SCHEDULED and scheduled.entries == []
    implementation_save(implementation=_with(world["two_visits"], visit_count=0, online_handling=True,
                                             online_depth=4, visit_reason=""))
    assert service.publications_publish_due(now=now + dt.timedelta(hours=1)) == []
    [done] = service.publications_publish_due(now=now + dt.timedelta(hours=2))
    done.refresh_from_db()
    assert done.status == PublicationStatus.PUBLISHED
    assert "排污许可" in names(done.entries)
    assert done.published_at == now + dt.timedelta(hours=2)


def test_publication_with_invalid_entries_is_refused_with_reasons_and_writes_nothing(regions, world):
    page = make_published_list(regions["county"], code="511602-zdpyc", rule=[("visit_count", "lte", "1")])
    # an entry that no longer passes the rules (written past the service, as old data may be)
    type(world["one_visit"]).objects.filter(pk=world["one_visit"].pk).update(committed_limit=99)
    type(world["service"]).objects.filter(pk=world["service"].pk).update(status=ImplementationStatus.SUSPENDED)
    with pytest.raises(service.PublicationRefused) as refused:
        publish(page, D(2025, 3, 1))
    reasons = refused.value.messages
    assert any("建设工程施工许可证核发" in reason and "承诺办结时限" in reason for reason in reasons)
    assert any("就业登记" in reason and "暂停" in reason for reason in reasons)
    assert not Publication.objects.exists()


def test_scheduled_batch_failing_validation_is_marked_refused(regions, world):
    page = make_published_list(regions["county"], code="511602-zdpyc", rule=[("visit_count", "lte", "1")])
    now = timezone.now()
    publish(page, D(2025, 3, 1), scheduled_at=now + dt.timedelta(minutes=5), now=now)
    type(world["one_visit"]).objects.filter(pk=world["one_visit"].pk).update(committed_limit=99)
    [done] = service.publications_publish_due(now=now + dt.timedelta(minutes=5))
    assert done.status == PublicationStatus.REFUSED
    assert any("建设工程施工许可证核发" in reason for reason in done.refusal_reasons)


@pytest.mark.parametrize("kwargs, field", [
    ({"document_number": " "}, "document_number"),
    ({"effective_on": D(2025, 2, 1)}, "effective_on"),
])
def test_bad_batch_metadata_is_refused(regions, world, kwargs, field):
    page = make_published_list(regions["county"], code="511602-zdpyc", rule=[("visit_count", "lte", "1")])
    arguments = {"document_number": "广区府办〔2025〕1号", "published_on": D(2025, 3, 1),
                 "effective_on": D(2025, 3, 1), **kwargs}
    with pytest.raises(ValidationError) as raised:
        service.publication_publish(page=page, **arguments)
    assert field in raised.value.message_dict
    assert not Publication.objects.exists()


def test_empty_list_is_refused(regions, world):
    page = make_published_list(regions["county"], code="511602-none", rule=[("visit_count", "gte", "9")])
    with pytest.raises(service.PublicationRefused) as refused:
        publish(page, D(2025, 3, 1))
    assert refused.value.messages == ["清单没有任何条目，不能发布。"]


def test_publish_due_command_publishes_scheduled_batches(regions, world):
    from io import StringIO

    from django.core.management import call_command

    page = make_published_list(regions["county"], code="511602-zdpyc", rule=[("visit_count", "lte", "1")])
    now = timezone.now()
    publish(page, D(2025, 3, 1), scheduled_at=now + dt.timedelta(seconds=1), now=now)
    Publication.objects.update(scheduled_at=now - dt.timedelta(seconds=1))  # its time has come
    output = StringIO()
    call_command("publish_due_publications", stdout=output)
    assert "已发布" in output.getvalue() and "（4项）" in output.getvalue()
    assert Publication.objects.get().status == PublicationStatus.PUBLISHED


def test_periodic_task_publishes_due_batches_and_reports_them(regions, world):
    from config_models.tasks import publish_due_publications

    page = make_published_list(regions["county"], code="511602-zdpyc", rule=[("visit_count", "lte", "1")])
    now = timezone.now()
    scheduled = publish(page, D(2025, 3, 1), scheduled_at=now + dt.timedelta(seconds=1), now=now)
    assert publish_due_publications.enqueue().return_value == {"published": [], "refused": []}  # not yet due

    Publication.objects.update(scheduled_at=now - dt.timedelta(seconds=1))
    result = publish_due_publications.enqueue()

    assert result.return_value == {"published": [scheduled.pk], "refused": []}
    assert Publication.objects.get().status == PublicationStatus.PUBLISHED


@pytest.mark.django_db(transaction=True)
def test_worker_enqueues_and_runs_the_periodic_publishing(regions, world, database_tasks):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    # given a batch whose scheduled time has come, and tasks that only the worker runs
    page = make_published_list(regions["county"], code="511602-zdpyc", rule=[("visit_count", "lte", "1")])
    now = timezone.now()
    publish(page, D(2025, 3, 1), scheduled_at=now + dt.timedelta(seconds=1), now=now)
    Publication.objects.update(scheduled_at=now - dt.timedelta(seconds=1))
    assert Publication.objects.get().status == PublicationStatus.SCHEDULED

    # when one round of the worker runs
    call_command("run_worker", "--once", verbosity=0)

    # then it enqueued both periodic tasks and ran them, with the tasks the publishing enqueued in turn
    # (Wagtail's search index and reference index updates of the list page)
    assert Publication.objects.get().status == PublicationStatus.PUBLISHED
    tasks = dict(DBTaskResult.objects.values_list("task_path", "status"))
    assert {path: status for path, status in tasks.items() if path.startswith("config_models.")} == {
        "config_models.tasks.publish_due_publications": "SUCCESSFUL",
        "config_models.tasks.publish_scheduled_pages": "SUCCESSFUL",
        "config_models.tasks.take_monthly_indicator_snapshots": "SUCCESSFUL",
    }
    assert set(tasks.values()) == {"SUCCESSFUL"}


def test_a_list_pages_history_keeps_the_live_values_until_its_draft_is_published(regions, world):
    # given a published list
    page = make_published_list(regions["county"], code="511602-history", rule=[("visit_count", "lte", "1")])
    rows = page.history.count()
    live_introduction = page.introduction

    # when a draft with a new introduction is saved, the history keeps the live values
    page.introduction = "修订中的说明"
    revision = page.save_revision()
    assert page.history.count() == rows
    assert page.history.latest().introduction == live_introduction

    # and when the draft is published, the history records it
    revision.publish()
    assert page.history.count() == rows + 1
    assert page.history.latest().introduction == "修订中的说明"

"""Published lists: their entries (rule + manual adjustments), batches, snapshots, diffs and schedules.

A batch freezes the public fields of every entry at the moment it is published (`Publication.entries`),
with the diff against the previous published batch; nothing edited later reaches it. A batch whose
entries fail validation is refused with the reasons and nothing is published.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from config_models import list_rules, search
from config_models.models import (
    Bundle,
    BusinessPolicy,
    CatalogStatus,
    Delegation,
    HallExemption,
    Implementation,
    ImplementationStatus,
    IntermediaryService,
    ListSubject,
    OverrideAction,
    Proof,
    Publication,
    PublicationStatus,
    PublishedListPage,
    Region,
)
from config_models.models.change import ChangeOperation
from config_models.models.region import in_subtree
from config_models.selectors import authorization as authorization_selectors
from config_models.selectors import bundle as bundle_selectors
from config_models.selectors import business_policy as business_policy_selectors
from config_models.selectors import implementation as implementation_selectors
from config_models.selectors import intermediary as intermediary_selectors
from config_models.selectors import proof as proof_selectors
from config_models.services.feed import feed_record
from config_models.services.implementation import implementation_validate
from config_models.services.pages import page_publish, page_unpublish, register_page


class PublicationRefused(ValidationError):
    """The batch was not published; `messages` says why, one line per problem."""


# Entries --------------------------------------------------------------------------------------------------


def _rule_blocks(page: PublishedListPage) -> list[dict]:
    return list(page.rule.raw_data) if page.rule else []


def _overrides(page: PublishedListPage) -> tuple[set[int], set[int]]:
    include, exclude = set(), set()
    for override in page.overrides.all():  # in memory during a preview, so the unsaved ones count too
        (include if override.action == OverrideAction.INCLUDE else exclude).add(override.implementation_id)
    return include, exclude


def _checked_rule(page: PublishedListPage) -> Q | None:
    """The rule's Q; a condition on a field of another subject is refused (in Chinese), never evaluated."""
    blocks = _rule_blocks(page)
    problems = list_rules.rule_subject_errors(page.subject, blocks)
    if problems:
        raise ValidationError({"rule": problems})
    return list_rules.rule_q(page.rule_combinator, blocks)


def list_entries(page: PublishedListPage) -> QuerySet:
    """The list's entries now: the candidates of its subject the rule matches, plus manual inclusions and
    without manual exclusions where the subject has them (implementations); no rule and no inclusion: none."""
    subject = SUBJECTS[page.subject]
    region = page.region_of_page
    if region is None:
        return subject.model.objects.none()
    include, exclude = _overrides(page) if subject.overrides else (set(), set())
    rule = _checked_rule(page)
    selected = Q(pk__in=include)
    if rule is not None:
        selected |= rule
    return (
        subject.candidates(region, timezone.localdate()).filter(selected).exclude(pk__in=exclude)
        .select_related(*subject.related).order_by(*subject.order)
    )


def list_entry_rows(page: PublishedListPage) -> list[dict]:
    """The entries as a batch would freeze them, unchecked (the live preview)."""
    return SUBJECTS[page.subject].snapshot(list(list_entries(page)))


def list_preview_count(page: PublishedListPage) -> int:
    return list_entries(page).count()


def _limit(value: int, unit: str) -> str:
    return f"{value}个{'工作日' if unit == 'working_day' else '自然日'}"


def snapshot_entry(implementation: Implementation) -> dict:
    """The public fields of one entry, as a batch freezes them."""
    item, region, department = implementation.catalog_item, implementation.region, implementation.department
    return {
        "key": f"{implementation.implementation_code}@{region.code}",
        "implementation_id": implementation.pk,
        "implementation_code": implementation.implementation_code,
        "name": item.name,
        "catalog_code": item.code,
        "item_type": item.item_type,
        "item_type_label": str(item.get_item_type_display()),
        "level": region.level,
        "level_label": str(region.get_level_display()),
        "region_code": region.code,
        "region_name": region.name,
        "department_name": department.name,
        "department_code": department.credit_code,
        "visit_count": implementation.visit_count,
        "online_depth": implementation.online_depth,
        "online_depth_label": str(implementation.get_online_depth_display()),
        "service_area": implementation.service_area,
        "service_area_label": str(implementation.get_service_area_display()),
        "handling_type_label": str(implementation.get_handling_type_display()),
        "statutory_limit": _limit(implementation.statutory_limit, implementation.statutory_limit_unit),
        "committed_limit": _limit(implementation.committed_limit, implementation.committed_limit_unit),
        "charges_fee": implementation.charges_fee,
        "online_url": implementation.online_url,
    }


def snapshot_bundle_entries(bundles: list[Bundle]) -> list[dict]:
    """The public fields of a 一件事 list's entries, as a batch freezes them, with the before/after figures."""
    from config_models.services.bundle import bundle_overviews

    overviews = bundle_overviews(bundles)
    return [snapshot_bundle_entry(bundle, overviews.get(bundle.pk)) for bundle in bundles]


def snapshot_bundle_entry(bundle: Bundle, overview=None) -> dict:
    template, region, department = bundle.bundle_template, bundle.region, bundle.lead_department
    entry = {
        "key": f"{bundle.code}",
        "bundle_id": bundle.pk,
        "bundle_code": bundle.code,
        "template_code": template.code,
        "name": bundle.title,
        "template_name": template.title,
        "level": region.level,
        "level_label": str(region.get_level_display()),
        "region_code": region.code,
        "region_name": region.name,
        "department_name": department.name,
        "department_code": department.credit_code,
        "tier": template.tier,
        "tier_label": str(template.get_tier_display()),
        "batch_year": template.batch_year,
        "template_batch": template.batch,
        "policy_document": template.policy_document,
        "lifecycle": template.lifecycle,
        "lifecycle_label": str(template.get_lifecycle_display()),
        "target": template.target,
        "target_label": str(template.get_target_display()),
        "committed_limit": f"{bundle.committed_limit}个工作日",
    }
    if overview is not None:
        efficiency = overview.efficiency
        for name in ("steps", "materials", "days", "visits"):
            measure = getattr(efficiency, name)
            entry[f"{name}_before"], entry[f"{name}_after"] = measure.before, measure.after
    return entry


def bundle_entry_problems(bundle: Bundle, overview=None) -> list[str]:
    """Why a bundle may not be published in a 一件事 list (empty when it may): an item of its template its
    region no longer implements, a cancelled catalog item or a suspended implementation among them."""
    from config_models.services.bundle import bundle_overview

    overview = overview or bundle_overview(bundle)
    name = f"“{bundle.title}”（{bundle.region.name}）"
    problems = []
    if overview.missing:
        problems.append(f"{name}：{bundle.region.name}尚未实施以下事项，不能公布："
                        f"{'、'.join(item.name for item in overview.missing)}。")
    cancelled = [implementation.catalog_item.name for implementation in overview.implementations
                 if implementation.catalog_item.status == CatalogStatus.CANCELLED]
    if cancelled:
        problems.append(f"{name}：以下基本目录事项已取消：{'、'.join(cancelled)}。")
    not_active = [f"{implementation.catalog_item.name}（{implementation.get_status_display()}）"
                  for implementation in overview.implementations
                  if implementation.status != ImplementationStatus.ACTIVE]
    if not_active:
        problems.append(f"{name}：以下事项未在用：{'、'.join(not_active)}。")
    return problems


# Fields that identify rather than describe an entry: not compared by the diff.
IDENTITY_FIELDS = {"key", "implementation_id", "bundle_id", "proof_id", "exemption_id", "delegation_id",
                   "intermediary_service_id", "business_policy_id"}


def entry_problems(implementation: Implementation) -> list[str]:
    """Why an entry may not be published (empty when it may)."""
    name = f"“{implementation.catalog_item.name}”（{implementation.region.name}）"
    problems = []
    if implementation.status != ImplementationStatus.ACTIVE:
        problems.append(f"{name}的实施状态为“{implementation.get_status_display()}”。")
    if implementation.catalog_item.status == CatalogStatus.CANCELLED:
        problems.append(f"{name}的基本目录事项已取消。")
    try:
        implementation_validate(implementation=implementation, materials=list(implementation.materials.all()))
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            label = field if field.startswith("materials") or field == "__all__" else str(
                Implementation._meta.get_field(field).verbose_name
            )
            problems.extend(f"{name}：{label}：{message}" for message in messages)
    return problems


def diff_entries(previous: list[dict], current: list[dict]) -> dict:
    """Entries added, removed and changed (with each changed field's old and new value) between batches."""
    before = {entry["key"]: entry for entry in previous}
    after = {entry["key"]: entry for entry in current}
    changed = []
    for key in after.keys() & before.keys():
        fields = {
            field: [before[key].get(field), value]
            for field, value in after[key].items()
            if field not in IDENTITY_FIELDS and before[key].get(field) != value
        }
        if fields:
            changed.append({"key": key, "name": after[key]["name"], "region_name": after[key]["region_name"],
                            "fields": fields})
    return {
        "added": [entry for key, entry in after.items() if key not in before],
        "removed": [entry for key, entry in before.items() if key not in after],
        "changed": sorted(changed, key=lambda change: change["key"]),
    }


# Subjects -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    """What a list of one subject (ListSubject) lists: where its candidates come from, how a batch checks and
    freezes them, and how the public site shows and searches the frozen entries. A new kind of list is one
    more entry of SUBJECTS and its rule fields in list_rules."""

    model: type
    noun: str  # 事项, 一件事 …: the public pages' word for an entry
    candidates: Callable[[Region, dt.date], QuerySet]  # what a list of the region may show on the date
    related: tuple[str, ...]
    order: tuple[str, ...]
    freeze: Callable[[list], tuple[list[dict], list[str]]]  # rows -> (snapshot entries, problems)
    snapshot: Callable[[list], list[dict]]  # rows -> entries, unchecked (the live preview)
    codes: Callable[[dict], tuple[str, ...]]  # the codes a search of the entries matches, besides the name
    table: str  # the public table of its entries (includes/…)
    prefetch: tuple[str, ...] = ()
    overrides: bool = False  # manual inclusions and exclusions (ListOverride names implementations)
    filters: tuple[str, ...] = ("department", "level")  # the public page's filters
    department_heading: str = "实施主体"  # what the entries' department_name is
    columns: tuple[tuple[str, str], ...] = ()  # (entry key, heading) of a table built from the entries alone


def _freeze_implementations(implementations: list[Implementation]) -> tuple[list[dict], list[str]]:
    problems = [problem for implementation in implementations for problem in entry_problems(implementation)]
    return [snapshot_entry(implementation) for implementation in implementations], problems


def _freeze_bundles(bundles: list[Bundle]) -> tuple[list[dict], list[str]]:
    from config_models.services.bundle import bundle_overviews

    overviews = bundle_overviews(bundles)
    problems = [problem for bundle in bundles for problem in bundle_entry_problems(bundle, overviews[bundle.pk])]
    return [snapshot_bundle_entry(bundle, overviews[bundle.pk]) for bundle in bundles], problems


def snapshot_proof_entries(proofs: list[Proof]) -> list[dict]:
    """The public fields of a proof list's entries, with the items in force whose materials ask for each."""
    asking = proof_selectors.asking_implementations(proofs)
    return [snapshot_proof_entry(proof, sorted({row.catalog_item.name for row in asking.get(proof.pk, [])}))
            for proof in proofs]


def snapshot_proof_entry(proof: Proof, item_names: list[str]) -> dict:
    region = proof.region
    return {
        "key": f"proof:{proof.pk}",
        "proof_id": proof.pk,
        "name": proof.name,
        "issuing_body": proof.issuing_body,
        "legal_basis": proof.legal_basis,
        "status": proof.status,
        "status_label": str(proof.get_status_display()),
        "pledge_allowed": proof.pledge_allowed,
        "data_sharing": proof.data_sharing,
        "replacement": proof.replacement,
        "item_names": item_names,
        "level": region.level,
        "level_label": str(region.get_level_display()),
        "region_code": region.code,
        "region_name": region.name,
        # the page's 开具单位 filter reads the department fields every subject's entries have
        "department_name": proof.issuing_body,
        "department_code": proof.issuing_body,
    }


def _freeze_proofs(proofs: list[Proof]) -> tuple[list[dict], list[str]]:
    entries = snapshot_proof_entries(proofs)
    return entries, _model_problems(proofs, lambda proof: f"证明“{proof.name}”")


def _implementation_fields(implementation: Implementation) -> dict:
    """The fields naming the item an entry of another subject is about (a hall exemption, a delegation)."""
    item = implementation.catalog_item
    return {"name": item.name, "implementation_code": implementation.implementation_code, "catalog_code": item.code,
            "item_type": item.item_type, "item_type_label": str(item.get_item_type_display())}


def _region_fields(region: Region) -> dict:
    return {"level": region.level, "level_label": str(region.get_level_display()), "region_code": region.code,
            "region_name": region.name}


def snapshot_exemption_entry(exemption: HallExemption) -> dict:
    implementation = exemption.implementation
    return {
        "key": f"exemption:{implementation.implementation_code}@{implementation.region.code}",
        "exemption_id": exemption.pk,
        **_implementation_fields(implementation),
        **_region_fields(implementation.region),
        "department_name": implementation.department.name,
        "department_code": implementation.department.credit_code,
        "reason": exemption.reason,
        "approved_document": exemption.approved_document,
        "place": exemption.place,
    }


def _freeze_exemptions(exemptions: list[HallExemption]) -> tuple[list[dict], list[str]]:
    entries = [snapshot_exemption_entry(exemption) for exemption in exemptions]
    return entries, _model_problems(exemptions, lambda exemption: f"“{exemption.implementation.name}”")


def snapshot_delegation_entry(delegation: Delegation) -> dict:
    implementation, receiver = delegation.implementation, delegation.receiving_department
    return {
        "key": f"delegation:{delegation.pk}",
        "delegation_id": delegation.pk,
        **_implementation_fields(implementation),
        **_region_fields(delegation.region),
        "department_name": receiver.name,
        "department_code": receiver.credit_code,
        "source_region_name": implementation.region.name,
        "source_department_name": implementation.department.name,
        "delegation_type": delegation.delegation_type,
        "delegation_type_label": str(delegation.get_delegation_type_display()),
        "document_number": delegation.document_number,
        "effective_on": delegation.effective_on.isoformat(),
        "ends_on": delegation.ends_on.isoformat() if delegation.ends_on else None,
        "supervision": [f"{duty.supervisor.name}：{duty.method}" for duty in delegation.supervision_duties.all()],
    }


def _freeze_delegations(delegations: list[Delegation]) -> tuple[list[dict], list[str]]:
    # 放权必有监管: a published delegation has exactly one duty (its model's rule); a list checks it again.
    problems = [f"“{delegation.implementation.name}”（{delegation.region.name}）没有配套唯一的监管责任。"
                for delegation in delegations if len(delegation.supervision_duties.all()) != 1]
    return [snapshot_delegation_entry(delegation) for delegation in delegations], problems


def _model_problems(rows: list, label) -> list[str]:
    """Every rule of each row's model, checked again as a batch freezes it, one message per problem."""
    problems = []
    for row in rows:
        try:
            row.full_clean()
        except ValidationError as error:
            problems.extend(f"{label(row)}：{message}" for message in error.messages)
    return problems


def _freeze_rows(rows: list, snapshot_entry) -> tuple[list[dict], list[str]]:
    """Entries of rows kept by their own service (中介服务事项, 惠企政策)."""
    return [snapshot_entry(row) for row in rows], _model_problems(rows, lambda row: f"“{row.name}”")


def _delegations_in_force(region: Region, on: dt.date) -> QuerySet[Delegation]:
    return (authorization_selectors.published_delegations().filter(in_subtree(region, "region"), effective_on__lte=on)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=on)))


SUBJECTS: dict[str, Subject] = {
    ListSubject.IMPLEMENTATION: Subject(
        model=Implementation,
        noun="事项",
        candidates=lambda region, on: implementation_selectors.in_force(region),
        related=("catalog_item", "region", "department"),
        order=("catalog_item__code", "region__code", "pk"),
        prefetch=("materials",),
        freeze=_freeze_implementations,
        snapshot=lambda implementations: [snapshot_entry(implementation) for implementation in implementations],
        codes=lambda entry: (entry["implementation_code"], entry["catalog_code"]),
        table="includes/entry_table.html",
        overrides=True,
        filters=("department", "item_type", "level"),
    ),
    ListSubject.BUNDLE: Subject(
        model=Bundle,
        noun="一件事",
        candidates=lambda region, on: bundle_selectors.in_force(on=on).filter(in_subtree(region, "region")),
        related=("bundle_template", "region", "lead_department"),
        order=("bundle_template__code", "region__code", "pk"),
        freeze=_freeze_bundles,
        snapshot=snapshot_bundle_entries,
        codes=lambda entry: (entry["bundle_code"], entry["template_code"]),
        table="includes/bundle_entry_table.html",
        filters=("department", "tier", "level"),
        department_heading="牵头部门",
    ),
    ListSubject.PROOF: Subject(
        model=Proof,
        noun="证明事项",
        candidates=lambda region, on: proof_selectors.of_region(region),
        related=("region", "issuing_department"),
        order=("region__code", "sort_order", "pk"),
        freeze=_freeze_proofs,
        snapshot=snapshot_proof_entries,
        codes=lambda entry: (entry["issuing_body"],),
        table="includes/subject_entry_table.html",
        department_heading="开具单位",
        columns=(("name", "证明名称"), ("issuing_body", "开具单位"), ("legal_basis", "设定依据"),
                 ("status_label", "清理结果"), ("pledge_allowed", "可告知承诺"), ("data_sharing", "可数据共享核验"),
                 ("replacement", "取消后的办理方式"), ("item_names", "索要本证明的事项")),
    ),
    ListSubject.HALL_EXEMPTION: Subject(
        model=HallExemption,
        noun="事项",
        candidates=lambda region, on: HallExemption.objects.filter(
            implementation__in=implementation_selectors.in_force(region)),
        related=("implementation__catalog_item", "implementation__region", "implementation__department"),
        order=("implementation__catalog_item__code", "implementation__region__code", "pk"),
        freeze=_freeze_exemptions,
        snapshot=lambda exemptions: [snapshot_exemption_entry(exemption) for exemption in exemptions],
        codes=lambda entry: (entry["implementation_code"], entry["catalog_code"]),
        table="includes/subject_entry_table.html",
        columns=(("name", "事项名称"), ("department_name", "实施主体"), ("region_name", "实施区划"),
                 ("reason", "不进驻大厅的理由"), ("place", "办理地点"), ("approved_document", "批准文号"),
                 ("implementation_code", "实施编码")),
    ),
    ListSubject.INTERMEDIARY_SERVICE: Subject(
        model=IntermediaryService,
        noun="中介服务事项",
        candidates=lambda region, on: intermediary_selectors.in_force(region, on),
        related=("region", "department"),
        order=("region__code", "sort_order", "pk"),
        freeze=lambda rows: _freeze_rows(rows, intermediary_selectors.snapshot_entry),
        snapshot=lambda rows: [intermediary_selectors.snapshot_entry(row) for row in rows],
        codes=lambda entry: (*entry["implementation_codes"], entry["department_name"]),
        table="includes/subject_entry_table.html",
        department_heading="审批部门",
        columns=(("name", "中介服务事项名称"), ("department_name", "审批部门"), ("legal_basis", "设定依据"),
                 ("time_limit", "时限"), ("charges_fee", "是否收费"), ("fee_standard", "收费标准"),
                 ("fee_basis", "收费依据"), ("provider_names", "中介服务机构"),
                 ("implementation_names", "要求该中介服务的事项")),
    ),
    ListSubject.BUSINESS_POLICY: Subject(
        model=BusinessPolicy,
        noun="惠企政策",
        candidates=lambda region, on: business_policy_selectors.in_force(region, on),
        related=("region", "department"),
        order=("region__code", "-valid_from", "pk"),
        freeze=lambda rows: _freeze_rows(rows, business_policy_selectors.snapshot_entry),
        snapshot=lambda rows: [business_policy_selectors.snapshot_entry(row) for row in rows],
        codes=lambda entry: (entry["document_number"], entry["department_name"]),
        table="includes/subject_entry_table.html",
        department_heading="发布部门",
        columns=(("name", "政策名称"), ("document_number", "文号"), ("department_name", "发布部门"),
                 ("beneficiaries", "享受对象"), ("exempt_from_application", "免申即享"), ("valid_from", "有效期起"),
                 ("valid_until", "有效期至"), ("implementation_names", "兑现政策的事项")),
    ),
    ListSubject.DELEGATION: Subject(
        model=Delegation,
        noun="赋权事项",
        candidates=_delegations_in_force,
        related=("implementation__catalog_item", "implementation__region", "implementation__department", "region",
                 "receiving_department"),
        order=("region__code", "implementation__catalog_item__code", "pk"),
        prefetch=("supervision_duties__supervisor",),
        freeze=_freeze_delegations,
        snapshot=lambda delegations: [snapshot_delegation_entry(delegation) for delegation in delegations],
        codes=lambda entry: (entry["implementation_code"], entry["catalog_code"], entry["document_number"]),
        table="includes/subject_entry_table.html",
        department_heading="承接单位",
        columns=(("name", "事项名称"), ("source_department_name", "原实施主体"), ("region_name", "承接区划"),
                 ("department_name", "承接单位"), ("delegation_type_label", "方式"), ("document_number", "文件文号"),
                 ("effective_on", "生效日期"), ("supervision", "监管责任（监管单位：监管方式）")),
    ),
}


# Publishing -----------------------------------------------------------------------------------------------


def _check_metadata(page, *, document_number, published_on, effective_on, scheduled_at, now) -> dict:
    errors = {}
    if not (document_number or "").strip():
        errors["document_number"] = [_("请填写文号。")]
    if published_on and effective_on and effective_on < published_on:
        errors["effective_on"] = [_("施行日期不能早于公布日期。")]
    if scheduled_at is not None and scheduled_at <= now:
        errors["scheduled_at"] = [_("定时发布时间须晚于当前时间。")]
    if page.publications.filter(status=PublicationStatus.SCHEDULED).exists():
        errors["scheduled_at"] = [_("本清单已有一个待定时发布的批次，请等待其发布后再发布新批次。")]
    if not page.live:
        errors["__all__"] = [_("清单页面尚未发布，请先发布清单页面。")]
    return errors


def _snapshot(page: PublishedListPage) -> list[dict]:
    """The entries, validated: raises PublicationRefused with every problem found."""
    subject = SUBJECTS[page.subject]
    rows = list(list_entries(page).prefetch_related(*subject.prefetch))
    if not rows:
        raise PublicationRefused([_("清单没有任何条目，不能发布。")])
    entries, problems = subject.freeze(rows)
    if problems:
        raise PublicationRefused(problems)
    return entries


def _version(publication: Publication) -> str:
    payload = [publication.published_list.code, publication.batch, publication.document_number,
               str(publication.published_on), str(publication.effective_on), publication.change_note,
               publication.entries]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _freeze(publication: Publication, entries: list[dict], now) -> None:
    previous = (
        Publication.objects.filter(published_list=publication.published_list, status=PublicationStatus.PUBLISHED,
                                   batch__lt=publication.batch)
        .order_by("-batch").first()
    )
    publication.entries = entries
    publication.entry_count = len(entries)
    publication.diff = diff_entries(previous.entries if previous else [], entries)
    publication.status = PublicationStatus.PUBLISHED
    publication.published_at = now
    publication.version = _version(publication)


@transaction.atomic
def publication_publish(
    *,
    page: PublishedListPage,
    document_number: str,
    published_on: dt.date,
    effective_on: dt.date,
    change_note: str = "",
    scheduled_at: dt.datetime | None = None,
    user=None,
    now: dt.datetime | None = None,
) -> Publication:
    """Publish the list's next batch now, or schedule it (`scheduled_at`): the snapshot is taken then.

    Raises ValidationError (bad metadata) or PublicationRefused (entries failing validation); nothing is
    written in either case.
    """
    now = now or timezone.now()
    page = PublishedListPage.objects.select_for_update().get(pk=page.pk)
    errors = _check_metadata(page, document_number=document_number, published_on=published_on,
                             effective_on=effective_on, scheduled_at=scheduled_at, now=now)
    if errors:
        raise ValidationError(errors)
    last = page.publications.order_by("-batch").values_list("batch", flat=True).first() or 0
    publication = Publication(
        published_list=page, batch=last + 1, document_number=document_number.strip(), published_on=published_on,
        effective_on=effective_on, change_note=change_note, created_by=user, scheduled_at=scheduled_at,
        status=PublicationStatus.SCHEDULED,
    )
    if scheduled_at is None:
        _freeze(publication, _snapshot(page), now)
    publication._history_user = user
    publication.full_clean()
    publication.save()
    PublishedListPage.objects.filter(pk=page.pk).update(updated_at=now)
    if scheduled_at is None:
        feed_record(page, operation=ChangeOperation.UPDATE, actor=user)  # the list shows a new batch
    return publication


def publications_publish_due(*, now: dt.datetime | None = None) -> list[Publication]:
    """Publish every scheduled batch whose time has come; one that fails validation is marked refused."""
    now = now or timezone.now()
    done = []
    due = Publication.objects.filter(status=PublicationStatus.SCHEDULED, scheduled_at__lte=now).order_by("scheduled_at")
    for publication in due.select_related("published_list"):
        with transaction.atomic():
            try:
                _freeze(publication, _snapshot(publication.published_list), now)
            except PublicationRefused as refused:
                publication.status = PublicationStatus.REFUSED
                publication.refusal_reasons = refused.messages
            publication.save()
            PublishedListPage.objects.filter(pk=publication.published_list_id).update(updated_at=now)
            if publication.status == PublicationStatus.PUBLISHED:
                feed_record(publication.published_list, operation=ChangeOperation.UPDATE,
                            actor=publication.created_by)
        done.append(publication)
    return done


def publication_as_of(page: PublishedListPage, date: dt.date, *, defer: tuple[str, ...] = ()) -> Publication | None:
    """The batch in force on `date`: the last published one whose effective date is not after it. `defer`
    leaves out fields the caller does not read (a batch's diff is as large a JSON document as its entries)."""
    return (
        page.publications.filter(status=PublicationStatus.PUBLISHED, effective_on__lte=date)
        .order_by("-effective_on", "-batch").defer(*defer).first()
    )


def current_publication(page: PublishedListPage, *, defer: tuple[str, ...] = ()) -> Publication | None:
    return publication_as_of(page, timezone.localdate(), defer=defer)


# What the list page reads of its batches: their lines, and the current batch's entries.
PAGE_DEFERRED = ("diff", "refusal_reasons")


# Public pages -------------------------------------------------------------------------------------------


def filter_entries(entries: list[dict], *, subject: str = ListSubject.IMPLEMENTATION, query: str = "",
                   department: str = "", item_type: str = "", level: str = "", tier: str = "") -> list[dict]:
    if not (query or department or item_type or level or tier):
        return entries  # nothing chosen: a county list is a thousand or more entries to walk for nothing
    codes = SUBJECTS[subject].codes
    return [
        entry for entry in entries
        if (not department or entry["department_code"] == department)
        and (not item_type or entry.get("item_type") == item_type)
        and (not level or entry["level"] == level)
        and (not tier or entry.get("tier") == tier)
        and search.text_matches(query, name=entry["name"], codes=codes(entry))
    ]


def _choices(entries, value_key, label_key):
    return sorted({(entry[value_key], entry[label_key]) for entry in entries})


FILTER_CHOICES = {"department": ("department_code", "department_name"), "item_type": ("item_type", "item_type_label"),
                  "level": ("level", "level_label"), "tier": ("tier", "tier_label")}


def list_page_context(page: PublishedListPage, request) -> dict:
    subject = SUBJECTS[page.subject]
    publication = current_publication(page, defer=PAGE_DEFERRED)
    entries = publication.entries if publication else []
    params = request.GET if request is not None else {}
    chosen = {name: (params.get(name) or "").strip() for name in ("q", *FILTER_CHOICES)}
    shown = filter_entries(entries, subject=page.subject, query=chosen["q"],
                           **{name: chosen[name] for name in subject.filters})
    return {
        "subject": subject,
        "publication": publication,
        "entries": shown,
        "total_entries": len(entries),
        "filters": chosen,
        **{f"{name}_choices": _choices(entries, *FILTER_CHOICES[name]) if name in subject.filters else []
           for name in FILTER_CHOICES},
        # The history's lines only: each batch's frozen entries are a large JSON document to decode.
        "batches": list(page.published_batches().defer("entries", *PAGE_DEFERRED)),
    }


# Chinese names of the public fields, for the diff shown on the site.
FIELD_LABELS = {
    "implementation_code": "实施编码", "name": "事项名称", "catalog_code": "基本编码", "item_type": "事项类型代码",
    "item_type_label": "事项类型", "level": "层级代码", "level_label": "层级", "region_code": "区划代码",
    "region_name": "实施区划", "department_name": "实施主体", "department_code": "实施主体代码",
    "visit_count": "到办事现场次数", "online_depth": "网上办理深度代码", "online_depth_label": "网上办理深度",
    "service_area": "通办范围代码", "service_area_label": "通办范围", "handling_type_label": "办件类型",
    "statutory_limit": "法定办结时限", "committed_limit": "承诺办结时限", "charges_fee": "是否收费",
    "online_url": "网上办理地址",
    # 一件事 lists
    "bundle_code": "一件事编码", "template_code": "模板编码", "template_name": "模板名称", "tier_label": "清单层级",
    "batch_year": "批次年份", "template_batch": "批次", "policy_document": "政策文件", "lifecycle_label": "生命周期",
    "target_label": "服务对象", "steps_before": "改革前环节数", "steps_after": "改革后环节数",
    "materials_before": "改革前材料数", "materials_after": "改革后材料数", "days_before": "改革前时限（天）",
    "days_after": "改革后时限（天）", "visits_before": "改革前跑动次数", "visits_after": "改革后跑动次数",
    # 证明事项 lists
    "issuing_body": "开具单位", "legal_basis": "设定依据", "status_label": "清理结果", "pledge_allowed": "可告知承诺",
    "data_sharing": "可数据共享核验", "replacement": "取消后的办理方式", "item_names": "索要本证明的事项",
    # 入驻负面清单 and 赋权清单
    "reason": "不进驻大厅的理由", "approved_document": "批准文号", "place": "办理地点",
    "source_region_name": "原实施区划", "source_department_name": "原实施主体", "delegation_type_label": "方式",
    "document_number": "文件文号", "effective_on": "生效日期", "ends_on": "终止日期", "supervision": "监管责任",
    # 中介服务事项 and 惠企政策
    "time_limit": "时限", "fee_standard": "收费标准", "fee_basis": "收费依据", "providers": "中介服务机构",
    "provider_names": "中介服务机构", "implementation_codes": "相关事项实施编码", "implementation_names": "相关事项",
    "beneficiaries": "享受对象", "exempt_from_application": "免申即享", "valid_from": "有效期起",
    "valid_until": "有效期至", "summary": "政策摘要", "policy_url": "政策原文",
}
# Codes whose label is shown instead.
CODE_FIELDS = {"item_type", "level", "online_depth", "service_area", "tier", "lifecycle", "target", "status",
               "delegation_type"}


def publication_context(publication: Publication) -> dict:
    diff = publication.diff or {}
    changed = [
        {**change, "fields": [(FIELD_LABELS.get(field, field), old, new)
                              for field, (old, new) in sorted(change["fields"].items()) if field not in CODE_FIELDS]}
        for change in diff.get("changed", [])
    ]
    return {"publication": publication, "entries": publication.entries,
            "subject": SUBJECTS[publication.published_list.subject],
            "diff": {"added": diff.get("added", []), "removed": diff.get("removed", []), "changed": changed}}


# The list page itself ---------------------------------------------------------------------------------


def published_list_publish(*, instance: PublishedListPage, revision, user=None, **options) -> PublishedListPage:
    """Publish the list page (its rule and adjustments); its batches are published apart (publication_publish)."""
    return page_publish(instance=instance, revision=revision, user=user, **options)


def published_list_unpublish(*, instance: PublishedListPage, user=None, **options) -> PublishedListPage:
    return page_unpublish(instance=instance, user=user, **options)


def _published_list_save(*, instance, user=None, publish: bool = True, **options):
    revision = instance.save_revision(user=user)
    if publish:
        revision.publish(user=user)
    return PublishedListPage.objects.get(pk=instance.pk)


register_page(PublishedListPage, save=_published_list_save, publish=published_list_publish,
              unpublish=published_list_unpublish)

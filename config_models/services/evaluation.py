"""好差评: recording evaluations (import and API call the same functions), handling each 差评 step by step
(核实 → 整改 → 回访), and the holiday calendar its 5-working-day deadline is counted on.

Every rule is checked before anything is written, and reported in Chinese. A batch (`evaluations_import`) is
all or nothing: one bad row and no row is written, the errors naming each row. An evaluation whose 评价编号
is already recorded is skipped, so importing the same export twice records nothing new.

A 差评 (rating ≤ 2) opens its `BadReviewCase` in the same transaction. The steps are explicit service calls
rather than a Wagtail workflow, like the catalog proposals: who may act is the region scope of
config_models.scope (an administrator of the evaluation's region or a region above it), and every step is a
history entry of the case naming the actor and the step.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from config_models import positions, scope
from config_models.history import acting
from config_models.models import (
    RECTIFICATION_WORKING_DAYS,
    BadReviewCase,
    BadReviewStep,
    Bundle,
    Evaluation,
    EvaluationChannel,
    Holiday,
    Implementation,
    Rating,
    Region,
    Window,
)
from config_models.services import save_validated
from config_models.services.registry import register
from config_models.text import normalize_code, normalize_text
from config_models.workdays import MAX_SPAN_PER_WORKING_DAY, add_working_days, calendar_between, working_day_deadline

MAX_BATCH = 500
CHANNEL_BY_LABEL = {str(label): value for value, label in EvaluationChannel.choices}
RATING_BY_LABEL = {str(label): value for value, label in Rating.choices}


def _errors_add(errors: dict, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _subject_region(evaluation: Evaluation) -> tuple[Region | None, str | None]:
    """The region of the evaluation's subjects (the most local one), or why they do not fit together."""
    regions = []
    if evaluation.implementation_id:
        regions.append(("事项", evaluation.implementation.region))
    if evaluation.window_id:
        regions.append(("窗口", evaluation.window.hall.region))
    if evaluation.bundle_id:
        regions.append(("一件事", evaluation.bundle.region))
    if not regions:
        return None, None
    deepest = max((region for _, region in regions), key=lambda region: len(region.path))
    for label, region in regions:
        if not deepest.is_within(region):
            return None, f"{label}属于“{region.name}”，与评价的其他对象（“{deepest.name}”）不在同一区划。"
    return deepest, None


def _department_of(evaluation: Evaluation):
    if evaluation.implementation_id:
        return evaluation.implementation.department
    if evaluation.window_id and evaluation.window.department_id:
        return evaluation.window.department
    if evaluation.bundle_id:
        return evaluation.bundle.lead_department
    return None


def evaluation_validate(evaluation: Evaluation, *, within: Region | None = None, check_unique: bool = True) -> None:
    """Every rule of one evaluation, reported together in Chinese; derives its region and department. Writes
    nothing. `within`: the evaluation must lie in this region's subtree (an API token's, an importer's)."""
    evaluation.external_id = normalize_code(evaluation.external_id or "")
    evaluation.staff_name = normalize_text(evaluation.staff_name or "")
    evaluation.text = (evaluation.text or "").strip()
    errors: dict[str, list[str]] = {}
    if not evaluation.external_id:
        _errors_add(errors, "external_id", "请填写评价编号。")
    elif len(evaluation.external_id) > 64:
        _errors_add(errors, "external_id", "评价编号不能超过64个字符。")
    elif check_unique and Evaluation.objects.filter(external_id=evaluation.external_id).exclude(
            pk=evaluation.pk).exists():
        _errors_add(errors, "external_id", f"评价编号“{evaluation.external_id}”已录入。")
    if evaluation.channel not in EvaluationChannel.values:
        _errors_add(errors, "channel", "评价渠道应为窗口评价器、网上办事大厅、移动端、12345热线、二维码或短信。")
    if evaluation.rating not in Rating.values:
        _errors_add(errors, "rating", "评价等级应为1至5的整数（1非常不满意，2不满意，3基本满意，4满意，5非常满意）。")
    if not isinstance(evaluation.evaluated_on, dt.date):
        _errors_add(errors, "evaluated_on", "请填写评价日期。")
    elif evaluation.evaluated_on > timezone.localdate():
        _errors_add(errors, "evaluated_on", "评价日期不能晚于今天。")
    if len(evaluation.staff_name) > 50:
        _errors_add(errors, "staff_name", "工作人员姓名不能超过50个字符。")
    region, mismatch = _subject_region(evaluation)
    if mismatch:
        _errors_add(errors, "window" if evaluation.window_id else "bundle", mismatch)
    elif region is None:
        _errors_add(errors, "__all__", "请至少填写被评价的事项、窗口或一件事之一。")
    else:
        if evaluation.region_id and evaluation.region_id != region.pk:
            _errors_add(errors, "region", f"区划应为评价对象所在的“{region.name}”。")
        elif within is not None and not region.is_within(within):
            _errors_add(errors, "region", f"评价对象属于“{region.name}”，不在{within.name}及其下级区划范围内。")
        evaluation.region = region
        evaluation.department = _department_of(evaluation)
    if errors:
        raise ValidationError(errors)


def _open_case(evaluation: Evaluation, user=None) -> BadReviewCase:
    deadline = working_day_deadline(evaluation.evaluated_on, RECTIFICATION_WORKING_DAYS)
    case = BadReviewCase(evaluation=evaluation, region=evaluation.region, deadline=deadline)
    case._history_user = user if getattr(user, "pk", None) else None
    case._change_reason = "差评自动立案"
    case.save()
    return case


@transaction.atomic
def evaluation_create(*, evaluation: Evaluation, within: Region | None = None, user=None,
                      reason: str = "") -> Evaluation:
    """Record one evaluation; a 差评 opens its handling case, due 5 working days after the evaluation.
    `reason` names the path in the history (an import batch, an API client)."""
    evaluation_validate(evaluation, within=within)
    actor = user if getattr(user, "pk", None) else None
    evaluation._history_user = actor
    evaluation._change_reason = reason or "录入好差评"
    evaluation.save()
    if evaluation.is_bad:
        _open_case(evaluation, actor)
    return evaluation


@transaction.atomic
def evaluations_bulk_create(*, evaluations: list[Evaluation], user=None,
                            reason: str = "录入好差评") -> list[Evaluation]:
    """Record many evaluations in a few statements (demo data, a large backfill), with the same rules.

    Every evaluation is validated as by `evaluation_create` (the 评价编号 against the table and the batch in
    one query), all before anything is written; then the evaluations, the 差评 cases (their deadlines on one
    read of the holiday calendar) and the history rows of both are inserted in bulk. Pass the subjects with
    their regions (and a window's hall) loaded, or each is read once per row.
    """
    external_ids = [normalize_code(evaluation.external_id or "") for evaluation in evaluations]
    taken = set(Evaluation.objects.filter(external_id__in=external_ids).values_list("external_id", flat=True))
    repeated = {code for code, count in Counter(external_ids).items() if count > 1}
    errors = {}
    for number, evaluation in enumerate(evaluations, start=1):
        try:
            evaluation_validate(evaluation, check_unique=False)
            if evaluation.external_id in taken | repeated:
                raise ValidationError({"external_id": [f"评价编号“{evaluation.external_id}”已录入或重复。"]})
        except ValidationError as error:
            errors[str(number)] = row_messages(error)
    if errors:
        raise ValidationError(errors)
    actor = user if getattr(user, "pk", None) else None
    created = bulk_create_with_history(evaluations, Evaluation, batch_size=500, default_user=actor,
                                       default_change_reason=reason)
    bad = [evaluation for evaluation in created if evaluation.is_bad]
    if bad:
        first = min(evaluation.evaluated_on for evaluation in bad)
        last = max(evaluation.evaluated_on for evaluation in bad)
        span = RECTIFICATION_WORKING_DAYS * MAX_SPAN_PER_WORKING_DAY + 14
        calendar = calendar_between(first, last + dt.timedelta(days=span))
        cases = [BadReviewCase(evaluation=evaluation, region=evaluation.region,
                               deadline=add_working_days(evaluation.evaluated_on, RECTIFICATION_WORKING_DAYS, calendar))
                 for evaluation in bad]
        bulk_create_with_history(cases, BadReviewCase, batch_size=500, default_user=actor,
                                 default_change_reason="差评自动立案")
    # Bulk history sends no signal: say it here, so cached public figures are not served stale.
    transaction.on_commit(positions.advance_other)
    return created


# Rows from outside (spreadsheet, API): codes resolved to rows ------------------------------------------------


@dataclass
class EvaluationRow:
    """One evaluation as the national system exports it: subjects named by their codes."""

    external_id: str = ""
    channel: str = ""  # a value (pad, web …) or its Chinese label (窗口评价器 …)
    rating: int | str | None = None  # 1–5, or the grade's label (非常满意 …)
    evaluated_on: dt.date | None = None
    implementation_code: str = ""  # 实施编码
    catalog_code: str = ""  # 基本编码, with region_code
    region_code: str = ""  # 区划代码: with catalog_code, or with window_number
    window_number: str = ""  # 窗口号 in a hall of region_code
    bundle_code: str = ""  # 一件事编码
    staff_name: str = ""
    text: str = ""


def _resolve_implementation(row: EvaluationRow, errors: dict) -> Implementation | None:
    rows = Implementation.objects.select_related("region", "department")
    if row.implementation_code:
        found = list(rows.with_code(row.implementation_code)[:2])
        if not found:
            _errors_add(errors, "implementation", f"实施编码“{row.implementation_code}”不存在。")
        return found[0] if len(found) == 1 else None
    if row.catalog_code:
        if not row.region_code:
            _errors_add(errors, "implementation", "按基本编码填写事项时须同时填写区划代码。")
            return None
        found = list(rows.filter(catalog_item__code=normalize_code(row.catalog_code),
                                 region__code=normalize_code(row.region_code))[:2])
        if not found:
            _errors_add(errors, "implementation",
                        f"区划“{row.region_code}”没有基本编码为“{row.catalog_code}”的实施清单。")
        elif len(found) > 1:
            _errors_add(errors, "implementation", f"区划“{row.region_code}”有多个部门实施基本编码为“{row.catalog_code}”"
                        "的事项，请填写实施编码。")
        return found[0] if len(found) == 1 else None
    return None


def _resolve_window(row: EvaluationRow, errors: dict) -> Window | None:
    if not row.window_number:
        return None
    if not row.region_code:
        _errors_add(errors, "window", "填写窗口号时须同时填写区划代码。")
        return None
    found = list(Window.objects.select_related("hall__region", "department").filter(
        hall__region__code=normalize_code(row.region_code), number=normalize_text(row.window_number))[:2])
    if not found:
        _errors_add(errors, "window", f"区划“{row.region_code}”没有窗口号为“{row.window_number}”的窗口。")
    elif len(found) > 1:
        _errors_add(errors, "window", f"区划“{row.region_code}”有多个大厅设有“{row.window_number}”号窗口。")
    return found[0] if len(found) == 1 else None


def _resolve_bundle(row: EvaluationRow, errors: dict) -> Bundle | None:
    if not row.bundle_code:
        return None
    bundle = Bundle.objects.select_related("region", "lead_department").filter(
        code=normalize_code(row.bundle_code)).first()
    if bundle is None:
        _errors_add(errors, "bundle", f"一件事编码“{row.bundle_code}”不存在。")
    return bundle


def _channel(value) -> str:
    value = normalize_text(str(value or ""))
    return CHANNEL_BY_LABEL.get(value, value)


def _rating(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = normalize_text(str(value or ""))
    if text in RATING_BY_LABEL:
        return RATING_BY_LABEL[text]
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def evaluation_from_row(row: EvaluationRow, *, within: Region | None = None) -> Evaluation:
    """An unsaved, validated evaluation for a row; ValidationError (Chinese) for every problem of the row."""
    errors: dict[str, list[str]] = {}
    evaluation = Evaluation(
        external_id=row.external_id or "", channel=_channel(row.channel), rating=_rating(row.rating),
        evaluated_on=row.evaluated_on, staff_name=row.staff_name or "", text=row.text or "",
        implementation=_resolve_implementation(row, errors), window=_resolve_window(row, errors),
        bundle=_resolve_bundle(row, errors),
    )
    subjects_named = row.implementation_code or row.catalog_code or row.window_number or row.bundle_code
    try:
        evaluation_validate(evaluation, within=within)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            if name == "__all__" and subjects_named:
                continue  # the subjects named were not found: said above
            for message in messages:
                _errors_add(errors, name, message)
    if errors:
        raise ValidationError(errors)
    return evaluation


@dataclass
class ImportResult:
    created: list[Evaluation] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # 评价编号 already recorded

    @property
    def bad_reviews(self) -> int:
        return sum(1 for evaluation in self.created if evaluation.is_bad)


def row_messages(error: ValidationError) -> list[str]:
    """A row's errors as plain Chinese sentences."""
    if hasattr(error, "error_dict"):
        return [message for messages in error.message_dict.values() for message in messages]
    return list(error.messages)


@transaction.atomic
def evaluations_import(*, rows: list[EvaluationRow], within: Region | None = None, user=None,
                       reason: str = "") -> ImportResult:
    """Record a batch of evaluations, all or nothing.

    Rows whose 评价编号 is already recorded (or repeated in the batch) are skipped. If any other row is
    refused, nothing is written and ValidationError maps each refused row's number (1-based) to its messages.
    """
    if len(rows) > MAX_BATCH:
        raise ValidationError({"__all__": [f"每批最多{MAX_BATCH}条评价，请分批提交。"]})
    known = set(Evaluation.objects.filter(
        external_id__in=[normalize_code(row.external_id or "") for row in rows]).values_list("external_id", flat=True))
    result, errors, ready = ImportResult(), {}, []
    for number, row in enumerate(rows, start=1):
        external_id = normalize_code(row.external_id or "")
        if external_id and external_id in known:
            result.skipped.append(external_id)
            continue
        try:
            ready.append(evaluation_from_row(row, within=within))
        except ValidationError as error:
            errors[str(number)] = row_messages(error)
        known.add(external_id)
    if errors:
        raise ValidationError(errors)
    for evaluation in ready:
        result.created.append(evaluation_create(evaluation=evaluation, within=within, user=user, reason=reason))
    return result


# 差评 handling ---------------------------------------------------------------------------------------------


def handler_refusal(*, case: BadReviewCase, user) -> str | None:
    """Why `user` may not handle this 差评 (Chinese); None when they may: an administrator whose region
    scope covers the evaluation's region."""
    if user is None or not getattr(user, "pk", None):
        return "请登录后办理差评。"
    if scope.user_may_act_on(user, "change", case):
        return None
    return f"“{case.region.name}”的差评不在您的管辖范围内，您不能办理。"


def _step_case(case: BadReviewCase, user, expected: str) -> BadReviewCase:
    case = BadReviewCase.objects.select_for_update().select_related("region", "evaluation").get(pk=case.pk)
    refusal = handler_refusal(case=case, user=user)
    if refusal:
        raise PermissionDenied(refusal)
    if case.step != expected:
        raise ValidationError(f"该差评{case.get_step_display()}，不能办理“{BadReviewStep(expected).label[1:]}”。")
    return case


def _save_step(case: BadReviewCase, user, reason: str) -> BadReviewCase:
    case._history_user = user
    case._change_reason = reason
    with acting(user, reason):
        case.save()
    return case


@transaction.atomic
def bad_review_verify(*, case: BadReviewCase, user, founded: bool, note: str) -> BadReviewCase:
    """核实: `founded` (属实) goes on to 整改; 不属实 needs no rectification and goes straight to 回访 (to
    explain the finding to the evaluator)."""
    case = _step_case(case, user, BadReviewStep.VERIFY)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"verify_note": "请填写核实情况。"})
    case.verified_true, case.verify_note = bool(founded), note
    case.verified_at, case.verified_by = timezone.now(), user
    case.step = BadReviewStep.RECTIFY if founded else BadReviewStep.CALL_BACK
    return _save_step(case, user, f"核实：{'属实' if founded else '不属实'}")


@transaction.atomic
def bad_review_rectify(*, case: BadReviewCase, user, measures: str, done_on: dt.date) -> BadReviewCase:
    """整改: the measures taken and the day they were done (after the deadline it still counts, as overdue)."""
    case = _step_case(case, user, BadReviewStep.RECTIFY)
    measures = (measures or "").strip()
    errors: dict[str, list[str]] = {}
    if not measures:
        _errors_add(errors, "measures", "请填写整改措施。")
    if not isinstance(done_on, dt.date):
        _errors_add(errors, "rectified_on", "请填写整改完成日期。")
    elif done_on < case.evaluation.evaluated_on:
        _errors_add(errors, "rectified_on", "整改完成日期不能早于评价日期。")
    elif done_on > timezone.localdate():
        _errors_add(errors, "rectified_on", "整改完成日期不能晚于今天。")
    if errors:
        raise ValidationError(errors)
    case.measures, case.rectified_on, case.rectified_by = measures, done_on, user
    case.step = BadReviewStep.CALL_BACK
    late = "（逾期）" if done_on > case.deadline else ""
    return _save_step(case, user, f"整改完成{late}")


@transaction.atomic
def bad_review_call_back(*, case: BadReviewCase, user, satisfied: bool, note: str) -> BadReviewCase:
    """回访: the evaluator's answer (满意 or 不满意) and a note; the case is closed."""
    case = _step_case(case, user, BadReviewStep.CALL_BACK)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"call_back_note": "请填写回访情况。"})
    case.satisfied, case.call_back_note = bool(satisfied), note
    case.called_back_at, case.called_back_by = timezone.now(), user
    case.step = BadReviewStep.CLOSED
    return _save_step(case, user, f"回访：{'满意' if satisfied else '不满意'}，办结")


# The holiday calendar ---------------------------------------------------------------------------------------


@transaction.atomic
def holiday_save(*, holiday: Holiday, user=None, reason: str = "") -> Holiday:
    """Add or change a day of the calendar (its rules: Holiday.clean). Deadlines already set keep their dates."""
    return save_validated(holiday, user=user if getattr(user, "pk", None) else None, reason=reason)


@transaction.atomic
def holiday_delete(*, instance: Holiday, user=None) -> None:
    with acting(user):
        instance.delete()


def _refuse_direct_save(*, instance, user=None, reason=""):
    """Generic writers (history revert) may not rewrite an evaluation or a case: only the services above."""
    raise ValidationError("好差评及差评整改只能通过导入、接口和办理环节写入，不能直接修改或恢复历史版本。")


register(Evaluation, save=_refuse_direct_save)
register(BadReviewCase, save=_refuse_direct_save)
register(Holiday, save=lambda *, instance, user=None, reason="": holiday_save(holiday=instance, user=user,
                                                                              reason=reason),
         delete=holiday_delete)

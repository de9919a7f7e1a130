"""好差评 (GB/T 39734-2020, GB/T 39735-2020; 国办发〔2019〕51号): evaluations of items, windows and 一件事,
the handling of each 差评 (核实 → 整改 → 回访) and the working-day calendar its deadline is counted on.

Evaluations come from the national 好差评 system (spreadsheet import, token-scoped API) through
config_models.services.evaluation; nobody edits one in place. A 差评 (rating ≤ 2) opens a `BadReviewCase`,
handled step by step by the same service module.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from config_models.history import history
from config_models.text import normalize_text


class EvaluationChannel(models.TextChoices):
    PAD = "pad", _("窗口评价器")
    WEB = "web", _("网上办事大厅")
    APP = "app", _("移动端")
    HOTLINE = "hotline", _("12345热线")
    QR = "qr", _("二维码")
    SMS = "sms", _("短信")


class Rating(models.IntegerChoices):
    """The five grades of GB/T 39734; 差评 is 2 or less, 好评 (for 好评率) 4 or more."""

    VERY_DISSATISFIED = 1, _("非常不满意")
    DISSATISFIED = 2, _("不满意")
    NEUTRAL = 3, _("基本满意")
    SATISFIED = 4, _("满意")
    VERY_SATISFIED = 5, _("非常满意")


BAD_RATING_MAX = 2
GOOD_RATING_MIN = 4


class Evaluation(models.Model):
    """One evaluation from the national 好差评 system, of an implementation, a window and/or a 一件事."""

    external_id = models.CharField(_("评价编号"), max_length=64, unique=True,
                                   help_text=_("全国一体化政务服务平台好差评系统的评价编号；重复导入不会重复记录。"))
    channel = models.CharField(_("评价渠道"), max_length=10, choices=EvaluationChannel.choices)
    rating = models.PositiveSmallIntegerField(_("评价等级"), choices=Rating.choices, db_index=True)
    implementation = models.ForeignKey(
        "config_models.Implementation", verbose_name=_("评价事项"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="evaluations",
    )
    window = models.ForeignKey(
        "config_models.Window", verbose_name=_("评价窗口"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="evaluations",
    )
    bundle = models.ForeignKey(
        "config_models.Bundle", verbose_name=_("评价的一件事"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="evaluations",
    )
    # Derived by the service from the subjects: the implementation's department, else the window's, else the
    # bundle's lead department; the region is the subjects' (the most local one).
    department = models.ForeignKey(
        "config_models.Department", verbose_name=_("被评价部门"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="evaluations", editable=False,
    )
    region = models.ForeignKey(
        "config_models.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="evaluations",
    )
    staff_name = models.CharField(_("工作人员"), max_length=50, blank=True)
    evaluated_on = models.DateField(_("评价日期"), db_index=True)
    text = models.TextField(_("评价内容"), blank=True)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    history = history()

    class Meta:
        verbose_name = _("好差评")
        verbose_name_plural = _("好差评")
        ordering = ["-evaluated_on", "-pk"]

    def __str__(self):
        return f"{self.external_id}（{self.get_rating_display()}）"

    @property
    def is_bad(self) -> bool:
        return self.rating is not None and self.rating <= BAD_RATING_MAX


class HolidayKind(models.TextChoices):
    OFF = "off", _("法定节假日")
    WORKDAY = "workday", _("调休上班")


class Holiday(models.Model):
    """One day of the working-day calendar that differs from the plain week: a public holiday on a weekday,
    or a weekend day worked (调休). Deadlines in working days are counted on it (config_models.workdays)."""

    date = models.DateField(_("日期"), unique=True, error_messages={"unique": _("该日期已在节假日安排中。")})
    name = models.CharField(_("名称"), max_length=50, help_text=_("如：国庆节、国庆节调休。"))
    kind = models.CharField(_("类型"), max_length=10, choices=HolidayKind.choices, default=HolidayKind.OFF)

    history = history()

    class Meta:
        verbose_name = _("节假日")
        verbose_name_plural = _("节假日")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}（{self.get_kind_display()}）"

    def clean(self):
        self.name = normalize_text(self.name or "")
        if self.kind == HolidayKind.WORKDAY and self.date and self.date.weekday() < 5:
            raise ValidationError({"kind": _("调休上班日应为周六或周日。")})


class BadReviewStep(models.TextChoices):
    """The steps of a 差评's handling, in order."""

    VERIFY = "verify", _("待核实")
    RECTIFY = "rectify", _("待整改")
    CALL_BACK = "call_back", _("待回访")
    CLOSED = "closed", _("已办结")


RECTIFICATION_WORKING_DAYS = 5


class BadReviewCaseQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(step=BadReviewStep.CLOSED)

    def overdue(self, on):
        """Not rectified by the deadline (a 差评 verified 不属实 needs no rectification)."""
        return self.filter(rectified_on__isnull=True, deadline__lt=on).exclude(verified_true=False)


class BadReviewCase(models.Model):
    """The handling of one 差评: 核实 (属实 or not) → 整改 (within 5 working days) → 回访 → closed.

    A 差评 verified 不属实 skips 整改 and is called back to explain. Each step is written by
    config_models.services.evaluation and recorded in the history with the acting user.
    """

    evaluation = models.OneToOneField(Evaluation, verbose_name=_("差评"), on_delete=models.PROTECT,
                                      related_name="bad_review_case")
    region = models.ForeignKey("config_models.Region", verbose_name=_("区划"), on_delete=models.PROTECT,
                               related_name="bad_review_cases")
    step = models.CharField(_("当前环节"), max_length=10, choices=BadReviewStep.choices,
                            default=BadReviewStep.VERIFY, db_index=True)
    deadline = models.DateField(_("整改期限"), help_text=_("评价日期后第5个工作日。"))

    verified_true = models.BooleanField(_("核实结果"), null=True, choices=[(True, _("属实")), (False, _("不属实"))])
    verify_note = models.TextField(_("核实情况"), blank=True)
    verified_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("核实人"), on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")

    measures = models.TextField(_("整改措施"), blank=True)
    rectified_on = models.DateField(_("整改完成日期"), null=True, blank=True)
    rectified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("整改登记人"),
                                     on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    satisfied = models.BooleanField(_("回访结果"), null=True, choices=[(True, _("满意")), (False, _("不满意"))])
    call_back_note = models.TextField(_("回访情况"), blank=True)
    called_back_at = models.DateTimeField(_("回访时间"), null=True, blank=True)
    called_back_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("回访人"),
                                       on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    history = history()
    objects = BadReviewCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("差评整改")
        verbose_name_plural = _("差评整改")
        ordering = ["deadline", "pk"]

    def __str__(self):
        return f"差评{self.evaluation.external_id}（{self.get_step_display()}）"

    def is_overdue(self, on) -> bool:
        return self.rectified_on is None and self.verified_true is not False and self.deadline < on

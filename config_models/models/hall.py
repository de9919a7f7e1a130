"""Halls (政务服务中心 / 为民服务中心 / 便民服务中心) and their windows (DESIGN.md §1, §3).

A hall is a Wagtail page under its region's page; its windows, opening sessions and closures are edited
inline on it. What a window accepts is a row of its own (WindowItem), since the link carries data where it
differs from the implementation (hours, booking, notes).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable, Page

from config_models.history import PAGE_BOOKKEEPING_FIELDS, history
from config_models.models.fields import MultipleChoiceField
from config_models.models.normalized import NormalizedModelMixin
from config_models.models.publishing import ServicePublishingMixin
from config_models.models.region import RegionLevel
from config_models.text import normalize_code, normalize_text


class HallKind(models.TextChoices):
    GOVERNMENT = "government", _("政务服务中心")
    CITIZEN = "citizen", _("为民服务中心")
    CONVENIENCE = "convenience", _("便民服务中心")


# The naming rule by level (DESIGN.md §5); settings.TONGBAN_HALL_KIND_BY_LEVEL replaces it.
DEFAULT_HALL_KIND_BY_LEVEL = {
    RegionLevel.PROVINCE: HallKind.GOVERNMENT,
    RegionLevel.CITY: HallKind.GOVERNMENT,
    RegionLevel.COUNTY: HallKind.GOVERNMENT,
    RegionLevel.TOWNSHIP: HallKind.CITIZEN,
    RegionLevel.VILLAGE: HallKind.CONVENIENCE,
}


def hall_kind_for_level(level: str) -> str:
    rule = getattr(settings, "TONGBAN_HALL_KIND_BY_LEVEL", DEFAULT_HALL_KIND_BY_LEVEL)
    return str(rule[level])


class HallZone(models.TextChoices):
    BUNDLE = "bundle", _("一件事专区")
    SELF_SERVICE = "self_service", _("自助区")
    ASSISTED = "assisted", _("帮办代办区")


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("周一")
    TUESDAY = 2, _("周二")
    WEDNESDAY = 3, _("周三")
    THURSDAY = 4, _("周四")
    FRIDAY = 5, _("周五")
    SATURDAY = 6, _("周六")
    SUNDAY = 7, _("周日")


class SessionKind(models.TextChoices):
    REGULAR = "regular", _("常规")
    EXTENDED = "extended", _("延时")
    STAGGERED = "staggered", _("错时")
    WEEKEND = "weekend", _("周末")


# The public page of a region document without a template of its own (rosters, delegations).
REGION_DOCUMENT_TEMPLATE = "config_models/region_document.html"


class RegionDocumentPage(ServicePublishingMixin, Page):
    """A configuration document placed under a region's page; it takes that region (DESIGN.md §3)."""

    region = models.ForeignKey(
        "config_models.Region", verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+",
        editable=False,
    )

    parent_page_types = ["config_models.RegionPage"]
    subpage_types: list[str] = []

    class Meta:
        abstract = True

    def place_under(self, parent: Page | None) -> None:
        region_page = getattr(parent.specific, "region", None) if parent is not None else None
        if region_page is not None and not self.region_id:
            self.region = region_page

    def full_clean(self, *args, **kwargs):
        if not self.region_id and self.path and self.depth:
            self.place_under(self.get_parent())
        super().full_clean(*args, **kwargs)


class Hall(RegionDocumentPage):
    """政务服务中心 / 为民服务中心 / 便民服务中心 of one region, with its windows inline."""

    kind = models.CharField(_("大厅类型"), max_length=12, choices=HallKind.choices)
    address = models.CharField(_("地址"), max_length=300)
    phone = models.CharField(_("咨询电话"), max_length=40, blank=True)
    opening_hours = models.CharField(_("办公时间说明"), max_length=300, blank=True)
    zones = MultipleChoiceField(_("功能区"), choices_enum=HallZone, blank=True)

    history = history(excluded_fields=PAGE_BOOKKEEPING_FIELDS)
    template = "config_models/hall.html"

    class Meta:
        verbose_name = _("政务服务大厅")
        verbose_name_plural = _("政务服务大厅")

    def clean(self):
        super().clean()
        self.address = normalize_text(self.address)
        self.title = normalize_text(self.title)
        if not self.region_id:
            return
        expected = hall_kind_for_level(self.region.level)
        errors = {}
        if self.kind and self.kind != expected:
            errors["kind"] = _("%(level)s的大厅应为“%(kind)s”。") % {
                "level": RegionLevel(self.region.level).label, "kind": HallKind(expected).label}
        if self.title and not self.title.endswith(str(HallKind(self.kind or expected).label)):
            errors["title"] = _("大厅名称应以“%(kind)s”结尾，如“%(example)s”。") % {
                "kind": HallKind(self.kind or expected).label,
                "example": f"{self.region.name}{HallKind(self.kind or expected).label}"}
        if errors:
            raise ValidationError(errors)


class HallSession(Orderable):
    """A session of the hall's opening hours: regular, 延时 (extended), 错时 (staggered) or 周末 (weekend)."""

    hall = ParentalKey(Hall, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("时段类型"), max_length=10, choices=SessionKind.choices, default=SessionKind.REGULAR)
    weekdays = MultipleChoiceField(_("星期"), choices_enum=Weekday, blank=False)
    opens_at = models.TimeField(_("开始时间"))
    closes_at = models.TimeField(_("结束时间"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    history = history()

    class Meta(Orderable.Meta):
        verbose_name = _("办公时段")
        verbose_name_plural = _("办公时段")

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("结束时间须晚于开始时间。")})
        if self.kind == SessionKind.WEEKEND and any(day < Weekday.SATURDAY for day in self.weekdays or []):
            raise ValidationError({"weekdays": _("周末时段只能选择周六、周日。")})


class HallClosure(Orderable):
    """An exception to the opening hours: a holiday closure, or a working day with other hours."""

    hall = ParentalKey(Hall, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField(_("日期"))
    closed = models.BooleanField(_("全天不办公"), default=True)
    hours = models.CharField(_("当日办公时间"), max_length=100, blank=True)
    reason = models.CharField(_("原因"), max_length=100, help_text=_("如：国庆节、春节调休。"))

    history = history()

    class Meta(Orderable.Meta):
        verbose_name = _("节假日及例外")
        verbose_name_plural = _("节假日及例外")

    def clean(self):
        if not self.closed and not self.hours:
            raise ValidationError({"hours": _("当日不闭厅时须填写当日办公时间。")})


class WindowType(models.TextChoices):
    GENERAL = "general", _("综合受理")
    ALL_IN_ONE = "all_in_one", _("全科无差别")
    SECTOR = "sector", _("板块无差别")
    BUNDLE = "bundle", _("一件事专区")
    ASSISTED = "assisted", _("帮办代办")
    COMPLAINT = "complaint", _("办不成事反映")
    ISSUE = "issue", _("统一出件")
    SPECIALIST = "specialist", _("专业窗口")


class WindowSector(models.TextChoices):
    INVESTMENT = "investment", _("投资项目")
    REAL_ESTATE = "real_estate", _("不动产登记")
    BUSINESS = "business", _("商事登记")
    SOCIAL = "social", _("社会事务")


class Window(NormalizedModelMixin, Orderable, ClusterableModel):
    """A window (窗口) of a hall: its number, type (and sector for 板块无差别) and what it accepts."""

    hall = ParentalKey(Hall, on_delete=models.CASCADE, related_name="windows")
    number = models.CharField(_("窗口号"), max_length=20)
    name = models.CharField(_("窗口名称"), max_length=100)
    window_type = models.CharField(_("窗口类型"), max_length=12, choices=WindowType.choices)
    sector = models.CharField(_("板块"), max_length=12, choices=WindowSector.choices, blank=True,
                              help_text=_("仅“板块无差别”窗口填写。"))
    department = models.ForeignKey(
        "config_models.Department", verbose_name=_("所属部门"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="windows", help_text=_("专业窗口须填写。"),
    )
    notes = models.CharField(_("备注"), max_length=300, blank=True)
    accepted_bundles = ParentalManyToManyField(
        "config_models.Bundle", verbose_name=_("受理的一件事"), blank=True, related_name="windows",
        help_text=_("本窗口受理的“一件事”（须为本区划或上级区划采用的一件事）。"),
    )
    # Also bumped when what the window accepts changes (cms.api.signals), for the API's changedSince.
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)

    history = history(excluded_fields=["updated_at"])

    class Meta(Orderable.Meta):
        verbose_name = _("窗口")
        verbose_name_plural = _("窗口")
        constraints = [
            models.UniqueConstraint(fields=["hall", "number"], name="one_window_number_per_hall",
                                    violation_error_message=_("本大厅已有此窗口号。"))
        ]

    def __str__(self):
        hall = self.hall.title if self.hall_id else ""
        return f"{hall}{self.number}号窗口（{self.name}）"

    @property
    def region(self):
        return self.hall.region if self.hall_id else None

    def normalize(self):
        self.number = normalize_code(self.number)
        self.name = normalize_text(self.name)
        self.notes = normalize_text(self.notes)

    def clean(self):
        self.normalize()
        if self.window_type == WindowType.SECTOR and not self.sector:
            raise ValidationError({"sector": _("板块无差别窗口须选择板块。")})
        if self.window_type != WindowType.SECTOR and self.sector:
            raise ValidationError({"sector": _("只有板块无差别窗口才选择板块。")})
        if self.window_type == WindowType.SPECIALIST and not self.department_id:
            raise ValidationError({"department": _("专业窗口须填写所属部门。")})
        self._clean_accepted_bundles()

    def _clean_accepted_bundles(self):
        hall_region = self.hall.region if self.hall_id and self.hall.region_id else None
        if hall_region is None:
            return
        # A bundle is one region's adoption: halls of that region and below it may accept it, like items.
        foreign = [bundle.title for bundle in self.accepted_bundles.all() if not hall_region.is_within(bundle.region)]
        if foreign:
            raise ValidationError({"accepted_bundles": _("“%(hall)s”不能受理其他区划的一件事：%(names)s。") % {
                "hall": self.hall.title, "names": "、".join(foreign)}})


class WindowItem(models.Model):
    """An implementation a window accepts, with the window's own hours, booking and notes where they differ."""

    window = models.ForeignKey(Window, verbose_name=_("窗口"), on_delete=models.CASCADE, related_name="items")
    implementation = models.ForeignKey(
        "config_models.Implementation", verbose_name=_("实施清单"), on_delete=models.CASCADE,
        related_name="window_items",
    )
    hours = models.CharField(_("本窗口办理时间"), max_length=200, blank=True, help_text=_("与大厅办公时间不同时填写。"))
    booking = models.BooleanField(_("须预约"), null=True, blank=True, help_text=_("留空表示同实施清单。"))
    notes = models.CharField(_("备注"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)

    history = history()

    class Meta:
        verbose_name = _("窗口受理事项")
        verbose_name_plural = _("窗口受理事项")
        ordering = ["window_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["window", "implementation"], name="one_window_item",
                                    violation_error_message=_("该窗口已受理此事项。"))
        ]

    def __str__(self):
        return f"{self.window} · {self.implementation.name}"

    @property
    def region(self):
        """Where the row is placed for the region scope: the hall's region."""
        return self.window.hall.region if self.window_id else None

    def clean(self):
        self.hours = normalize_text(self.hours)
        self.notes = normalize_text(self.notes)
        if not (self.window_id and self.implementation_id):
            return
        hall_region, item_region = self.window.hall.region, self.implementation.region
        if not (hall_region.is_within(item_region) or item_region.is_within(hall_region)):
            raise ValidationError({"implementation": _("“%(hall)s”不能受理其他区划（%(region)s）的事项。") % {
                "hall": self.window.hall.title, "region": item_region.name}})
        if not self.implementation.window_handling:
            raise ValidationError({"implementation": _("该实施清单不支持窗口办理，不能设为窗口受理事项。")})


class HallExemption(models.Model):
    """An implementation handled outside the hall (负面清单 exception to 应进必进), with its reason."""

    implementation = models.OneToOneField(
        "config_models.Implementation", verbose_name=_("实施清单"), on_delete=models.CASCADE,
        related_name="hall_exemption",
    )
    reason = models.TextField(_("不进驻大厅的理由"))
    approved_document = models.CharField(_("批准文号"), max_length=100, blank=True)
    place = models.CharField(_("办理地点"), max_length=300, blank=True)

    history = history()

    class Meta:
        verbose_name = _("大厅进驻例外（负面清单）")
        verbose_name_plural = _("大厅进驻例外（负面清单）")
        ordering = ["pk"]

    def __str__(self):
        return self.implementation.name if self.implementation_id else ""

    @property
    def region(self):
        return self.implementation.region if self.implementation_id else None

    def clean(self):
        self.reason = normalize_text(self.reason)
        if not self.reason:
            raise ValidationError({"reason": _("须说明不进驻大厅的理由。")})

"""Performance indicators (效能指标) as data: what is measured (a computation of config_models.indicators),
the targets the policies set per region level, and the monthly snapshots that keep the trend."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from config_models.history import history
from config_models.indicators import computation_choices
from config_models.models.region import RegionLevel


class IndicatorUnit(models.TextChoices):
    PERCENT = "percent", _("%")
    TIMES = "times", _("次")
    COUNT = "count", _("件")


class Direction(models.TextChoices):
    AT_LEAST = "gte", _("不低于")
    AT_MOST = "lte", _("不高于")


class TargetSubject(models.TextChoices):
    REGION = "region", _("每个区划")
    DEPARTMENT = "department", _("每个部门")


class Indicator(models.Model):
    code = models.SlugField(_("指标代码"), max_length=40, unique=True)
    name = models.CharField(_("指标名称"), max_length=100)
    computation = models.CharField(_("计算方法"), max_length=40, choices=computation_choices)
    unit = models.CharField(_("单位"), max_length=10, choices=IndicatorUnit.choices, default=IndicatorUnit.PERCENT)
    direction = models.CharField(_("达标方向"), max_length=3, choices=Direction.choices, default=Direction.AT_LEAST)
    description = models.TextField(_("说明"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    history = history()

    class Meta:
        verbose_name = _("效能指标")
        verbose_name_plural = _("效能指标")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name

    def met(self, value, target) -> bool | None:
        """Whether `value` meets `target` in this indicator's direction; None when either is unknown."""
        if value is None or target is None:
            return None
        return value >= target if self.direction == Direction.AT_LEAST else value <= target


class IndicatorTarget(models.Model):
    """A target set by a region for every region of `level` in its subtree (itself included when the level is
    its own), or for every department of those regions, due by a date, with the document that sets it (文号)."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="targets")
    region = models.ForeignKey(
        "config_models.Region", verbose_name=_("下达区划"), on_delete=models.PROTECT, related_name="indicator_targets"
    )
    level = models.CharField(_("考核层级"), max_length=10, choices=RegionLevel.choices)
    subject = models.CharField(_("考核对象"), max_length=10, choices=TargetSubject.choices,
                               default=TargetSubject.REGION,
                               help_text=_("每个部门：该层级区划的每个实施部门都须达到的目标（如每个部门至少5件一件事）。"))
    value = models.DecimalField(_("目标值"), max_digits=8, decimal_places=2)
    due_date = models.DateField(_("完成日期"), null=True, blank=True,
                                help_text=_("留空表示长期目标；有多个目标时，按日期取已到期的最新一个。"))
    document_number = models.CharField(_("文件文号"), max_length=100, blank=True)

    history = history()

    class Meta:
        verbose_name = _("指标目标")
        verbose_name_plural = _("指标目标")
        ordering = ["indicator", "level", "due_date"]

    def __str__(self):
        due = f"{self.due_date:%Y-%m-%d}前" if self.due_date else ""
        direction = Direction(self.indicator.direction).label
        each = "各部门" if self.subject == TargetSubject.DEPARTMENT else ""
        return f"{self.indicator}：{RegionLevel(self.level).label}{each}{due}{direction}{self.value}"

    def clean(self):
        from config_models.models.region import level_rank

        if self.region_id and self.level and level_rank(self.level) < level_rank(self.region.level):
            raise ValidationError({"level": _("考核层级不能高于下达区划（%(region)s）的层级。")
                                   % {"region": self.region.name}})
        if self.value is not None and self.value < 0:
            raise ValidationError({"value": _("目标值不能为负数。")})
        same = IndicatorTarget.objects.filter(indicator_id=self.indicator_id, region_id=self.region_id,
                                              level=self.level, subject=self.subject,
                                              due_date=self.due_date).exclude(pk=self.pk)
        if self.indicator_id and self.region_id and same.exists():
            raise ValidationError(_("该区划已为此指标下达了同一层级、同一考核对象、同一完成日期的目标。"))


class IndicatorSnapshot(models.Model):
    """One indicator of one region on one date, as computed then: trends survive later edits."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="snapshots")
    region = models.ForeignKey("config_models.Region", on_delete=models.CASCADE, related_name="indicator_snapshots")
    on = models.DateField(_("日期"))
    include_descendants = models.BooleanField(_("含下级"), default=True)
    numerator = models.DecimalField(max_digits=14, decimal_places=4, null=True)
    denominator = models.DecimalField(max_digits=14, decimal_places=4, null=True)
    value = models.DecimalField(max_digits=10, decimal_places=2, null=True)
    target = models.DecimalField(max_digits=8, decimal_places=2, null=True)
    taken_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("指标快照")
        verbose_name_plural = _("指标快照")
        ordering = ["indicator", "region", "on"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "region", "on", "include_descendants"],
                                    name="indicator_snapshot_unique"),
        ]

    def __str__(self):
        return f"{self.indicator} {self.region} {self.on:%Y-%m-%d}：{self.value}"

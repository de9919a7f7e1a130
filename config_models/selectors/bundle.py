"""What may be read of 一件事: published templates, published bundles of published templates, the bundles in
force on a date, and the progress of the quotas (一件事目标) counted from them."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from config_models.models import Bundle, BundleQuota, BundleTemplate, Region, in_subtree


def published_templates(*, tier: str | None = None) -> QuerySet[BundleTemplate]:
    """Published templates; with `tier`, only those of that tier (国家 / 省 / 地方特色)."""
    rows = BundleTemplate.objects.live()
    return rows.filter(tier=tier) if tier is not None else rows


def published_bundles() -> QuerySet[Bundle]:
    return Bundle.objects.live().filter(bundle_template__live=True)


def _published_by(on: dt.date, prefix: str = "") -> Q:
    """First published by the end of `on` (local time); a page added without a revision counts as always."""
    end_of_day = timezone.make_aware(dt.datetime.combine(on + dt.timedelta(days=1), dt.time.min))
    return Q(**{f"{prefix}first_published_at__isnull": True}) | Q(**{f"{prefix}first_published_at__lt": end_of_day})


def in_force(*, on: dt.date) -> QuerySet[Bundle]:
    """The bundles offered on `on`: published (and still published), first published by the end of that day,
    of a template published by then. The one rule for the quotas and the 一件事上线数 indicator."""
    return published_bundles().filter(_published_by(on), _published_by(on, "bundle_template__"))


# Quotas -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionProgress:
    """One region of a quota's level: its bundles counted against the quota's number."""

    region: Region
    counted: int
    required: int
    due: bool = False  # the quota's due date has come: the count is final

    @property
    def met(self) -> bool:
        return self.counted >= self.required

    @property
    def state(self) -> str:
        if self.due:
            return _("已完成") if self.met else _("未完成")
        return _("已提前完成") if self.met else _("进行中")

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.counted / self.required)) if self.required else 100


@dataclass(frozen=True)
class QuotaProgress:
    """A quota on a date. Bundles are counted as in force on the due date, or on `on` while it has not come:
    a bundle published after the due date is late and does not count."""

    quota: BundleQuota
    on: dt.date
    regions: list[RegionProgress]

    @property
    def counted_on(self) -> dt.date:
        return min(self.on, self.quota.due_date)

    @property
    def due(self) -> bool:
        """Whether the due date has come (the figures are final)."""
        return self.on >= self.quota.due_date

    @property
    def counted(self) -> int:
        return sum(row.counted for row in self.regions)

    @property
    def required(self) -> int:
        return sum(row.required for row in self.regions)

    @property
    def met(self) -> bool:
        return all(row.met for row in self.regions)


def quota_regions(quota: BundleQuota) -> QuerySet[Region]:
    """The regions a quota is set for: those of its level below its region; with a department, only those
    the department can lead bundles in (its own region's, or all of them for a department above the level)."""
    regions = Region.objects.subtree_of(quota.region).filter(level=quota.level)
    if quota.department_id:
        home = quota.department.region
        ancestors = [home.path[:n] for n in range(1, len(home.path) + 1)]
        regions = regions.filter(in_subtree(home) | Q(path__in=ancestors))
    return regions.order_by("code")


def progress(quota: BundleQuota, *, on: dt.date | None = None) -> QuotaProgress:
    """Each region of the quota with the bundles of its subtree in force on the due date (or on `on` before it),
    led by the quota's department when it names one. Two queries."""
    on = on or timezone.localdate()
    regions = list(quota_regions(quota))
    rows = in_force(on=min(on, quota.due_date)).filter(in_subtree(quota.region, "region"))
    if quota.department_id:
        rows = rows.filter(lead_department_id=quota.department_id)
    paths = list(rows.values_list("region__path", flat=True))
    due = on >= quota.due_date
    return QuotaProgress(quota, on, [
        RegionProgress(region, sum(1 for path in paths if path.startswith(region.path)), quota.count, due)
        for region in regions
    ])


def quotas_judging(region: Region, *, on: dt.date) -> list[QuotaProgress]:
    """The quotas set for `region` or the regions below it (by it or a region above), each with the progress
    of those regions only: what the region's 效能指标 dashboard shows. Two queries per quota."""
    quotas = BundleQuota.objects.filter(region__code__in=[region.code, *region.ancestor_codes()]).select_related(
        "region", "department").order_by("due_date", "level", "pk")
    judged = []
    for quota in quotas:
        result = progress(quota, on=on)
        rows = [row for row in result.regions if row.region.path.startswith(region.path)]
        if rows:
            judged.append(QuotaProgress(quota, on, rows))
    return judged


def progress_summary(quota: BundleQuota) -> str:
    """Each region's bundles in force against the target, e.g. 广安区 8/10、前锋区 10/10（已到期，未完成）."""
    result = progress(quota)
    rows = "、".join(f"{row.region.name} {row.counted}/{row.required}" for row in result.regions)
    if not result.regions:
        return _("无考核区划")
    if result.due:
        state = _("已到期，已完成") if result.met else _("已到期，未完成")
    else:
        state = _("已提前完成") if result.met else _("进行中")
    return f"{rows}（{state}）"

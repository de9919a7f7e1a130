"""Writers of the performance indicators: definitions and targets (audited like every configuration), and
the monthly snapshots that keep each region's figures as they were."""

import datetime as dt

from django.db import transaction

from config_models.history import acting
from config_models.models import Indicator, IndicatorSnapshot, IndicatorTarget, Region, RegionLevel
from config_models.selectors import indicator as figures
from config_models.services import save_validated
from config_models.services.registry import register

# Snapshots are kept for the regions whose figures are compared: the city, its counties and townships.
SNAPSHOT_LEVELS = (RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.TOWNSHIP)


@transaction.atomic
def indicator_save(*, indicator: Indicator, user=None, reason: str = "") -> Indicator:
    return save_validated(indicator, user=user, reason=reason)


@transaction.atomic
def indicator_delete(*, instance: Indicator, user=None) -> None:
    with acting(user):
        instance.delete()


@transaction.atomic
def indicator_target_save(*, target: IndicatorTarget, user=None, reason: str = "") -> IndicatorTarget:
    return save_validated(target, user=user, reason=reason)


@transaction.atomic
def indicator_target_delete(*, instance: IndicatorTarget, user=None) -> None:
    with acting(user):
        instance.delete()


@transaction.atomic
def snapshots_take(*, on: dt.date, regions=None) -> int:
    """Store every indicator of every region (with its subtree) as computed on `on`; a date already taken is
    replaced. Returns the number of snapshots written."""
    regions = list(Region.objects.filter(level__in=SNAPSHOT_LEVELS) if regions is None else regions)
    indicator_list = figures.indicators()
    values = figures.region_figures(regions, on=on, include_descendants=True, indicator_list=indicator_list)
    IndicatorSnapshot.objects.filter(on=on, include_descendants=True, region__in=regions).delete()
    rows = [
        IndicatorSnapshot(indicator=figure.indicator, region_id=region_id, on=on, include_descendants=True,
                          numerator=figure.numerator, denominator=figure.denominator, value=figure.value,
                          target=figure.target.value if figure.target else None)
        for region_id, region_figures in values.items() for figure in region_figures
    ]
    IndicatorSnapshot.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def monthly_snapshots_take(*, today: dt.date) -> int:
    """The month's snapshots, as of its first day, unless they are taken already: 0 then."""
    first = today.replace(day=1)
    if IndicatorSnapshot.objects.filter(on=first).exists():
        return 0
    return snapshots_take(on=first)


register(
    Indicator,
    save=lambda *, instance, user=None, reason="": indicator_save(indicator=instance, user=user, reason=reason),
    delete=indicator_delete,
)
register(
    IndicatorTarget,
    save=lambda *, instance, user=None, reason="": indicator_target_save(target=instance, user=user, reason=reason),
    delete=indicator_target_delete,
)

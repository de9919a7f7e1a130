"""`indicators(regionCode, date, includeDescendants)`: a region's performance indicators against their targets.

Public: the figures are computed from published rows only (config_models.selectors.indicator).
"""

import datetime as dt

import graphene
from django.utils import timezone

from cms.api.errors import ApiError, Code
from cms.api.regions.filters import region_by_code
from config_models.selectors import indicator as figures


class IndicatorFigureType(graphene.ObjectType):
    """One indicator of one region on a date: the figure, how it is made, and the target it is judged by."""

    code = graphene.String(required=True, description="The indicator's code.")
    name = graphene.String(required=True, description="指标名称.")
    unit = graphene.String(required=True, description="percent, times or count.")
    direction = graphene.String(required=True, description="gte: the value must be at least the target; lte: at most.")
    value = graphene.Float(description="The figure (a share in per cent, an average or a count); null when "
                           "there is nothing to measure.")
    numerator = graphene.Float(description="What is counted (or summed).")
    denominator = graphene.Float(description="What it is counted among; null for a count.")
    target = graphene.Float(description="The target that applies on the date; null when none is set.")
    met = graphene.Boolean(description="Whether the value meets the target; null without a target or a value.")
    due_date = graphene.Date(description="When the target is due; null for a standing target.")
    document_number = graphene.String(description="The document setting the target (文号).")

    class Meta:
        name = "IndicatorFigure"

    @staticmethod
    def from_figure(figure: figures.Figure) -> "IndicatorFigureType":
        def number(value):
            return None if value is None else float(value)

        target = figure.target
        return IndicatorFigureType(
            code=figure.indicator.code, name=figure.indicator.name, unit=figure.indicator.unit,
            direction=figure.indicator.direction, value=number(figure.value), numerator=number(figure.numerator),
            denominator=number(figure.denominator), target=number(target.value) if target else None,
            met=figure.met, due_date=target.due_date if target else None,
            document_number=target.document_number if target else None,
        )


class IndicatorQueries(graphene.ObjectType):
    indicators = graphene.List(
        graphene.NonNull(IndicatorFigureType),
        required=True,
        description="Every performance indicator of a region on a date, against the target that applies then.",
        region_code=graphene.String(required=True, description="区划代码 of the region."),
        date=graphene.Date(description="The day measured; today when omitted. Not in the future."),
        include_descendants=graphene.Boolean(
            default_value=True, description="Count the whole subtree (default), or the region's own rows."
        ),
    )

    @staticmethod
    def resolve_indicators(root, info, region_code, date=None, include_descendants=True):
        today = timezone.localdate()
        on = date or today
        if on > today:
            raise ApiError(f"日期不能晚于今天。`date` {on.isoformat()} is in the future.", Code.BAD_USER_INPUT,
                           argument="date")
        if on < dt.date(2000, 1, 1):
            raise ApiError("日期过早。`date` must be 2000-01-01 or later.", Code.BAD_USER_INPUT, argument="date")
        region = region_by_code(info.context.api_viewer, region_code)
        result = figures.region_figures([region], on=on, include_descendants=include_descendants)
        return [IndicatorFigureType.from_figure(figure) for figure in result[region.pk]]

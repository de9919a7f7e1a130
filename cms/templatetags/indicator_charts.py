"""The indicator charts' data, shaped for the page's script (`json_script`) and for the tables beside them.

Used by the admin dashboard and the public 政务服务效能 page alike (cms/templates/cms/indicators/_trend.html)."""

from decimal import Decimal

from django import template

from config_models.selectors.indicator import Figure, Trend

register = template.Library()


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _indicator(indicator) -> dict:
    return {"code": indicator.code, "name": indicator.name, "unit": indicator.get_unit_display(),
            "direction": indicator.get_direction_display()}


@register.filter
def trend_chart_data(trend: Trend) -> dict:
    """{"months": ["2026-01", ...], "series": [{code, name, unit, direction, values, targets}]}."""
    return {
        "months": [f"{month:%Y-%m}" for month in trend.months],
        "series": [{**_indicator(s.indicator), "values": [_number(v) for v in s.values],
                    "targets": [_number(t) for t in s.targets]} for s in trend.series],
    }


@register.simple_tag
def indicator_comparison(children: list[tuple[object, list[Figure]]]) -> list[dict]:
    """The subregions' figures per indicator: [{"indicator": …, "rows": [(region, figure), ...]}]."""
    if not children:
        return []
    columns = zip(*(row for _region, row in children), strict=True)
    return [{"indicator": figures[0].indicator, "rows": [(region, f) for (region, _row), f in
                                                          zip(children, figures, strict=True)]}
            for figures in columns]


@register.filter
def comparison_chart_data(comparison: list[dict]) -> dict:
    """{"regions": [names], "series": [{code, name, unit, direction, values, targets, met}]}."""
    regions = [region.name for region, _figure in comparison[0]["rows"]] if comparison else []
    return {
        "regions": regions,
        "series": [{**_indicator(column["indicator"]),
                    "values": [_number(f.value) for _r, f in column["rows"]],
                    "targets": [_number(f.target.value if f.target else None) for _r, f in column["rows"]],
                    "met": [f.met for _r, f in column["rows"]]} for column in comparison],
    }

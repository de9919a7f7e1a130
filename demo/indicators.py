"""The demo's performance indicators and their targets (data/indicators.yaml), written through the services."""

from collections import Counter

from config_models.models import Indicator, IndicatorTarget, Region
from config_models.services.indicator import indicator_save, indicator_target_save
from demo.datafiles import read


def apply_indicators(created: Counter) -> None:
    """Create what is missing of the indicators and their targets."""
    codes = read("regions")
    issuers = {level: Region.objects.get(code=codes[level][0]) for level in ("province", "city")}
    for order, spec in enumerate(read("indicators")["indicators"]):
        indicator = Indicator.objects.filter(code=spec["code"]).first()
        if indicator is None:
            indicator = indicator_save(indicator=Indicator(
                code=spec["code"], name=spec["name"], computation=spec["computation"], sort_order=order,
                unit=spec.get("unit", "percent"), direction=spec.get("direction", "gte"),
            ))
            created["indicators"] += 1
        for target in spec["targets"]:
            key = {"indicator": indicator, "region": issuers[target["issuer"]], "level": target["level"],
                   "subject": target.get("subject", "region"), "due_date": target.get("due")}
            if not IndicatorTarget.objects.filter(**key).exists():
                indicator_target_save(target=IndicatorTarget(**key, value=target["value"],
                                                             document_number=target["document"]))
                created["indicator_targets"] += 1

"""好差评 test rows: two counties, each with an implementation and a hall with two windows, a bundle in the
first county, the 2026 holiday calendar, and one handler per county."""

import datetime as dt
import itertools

from config_models.models import Evaluation, Holiday, Membership, Role
from config_models.services.evaluation import evaluation_create
from config_models.services.membership import membership_save
from demo.holidays import HOLIDAYS_2026
from tests.factories import CatalogItemFactory, DepartmentFactory, ImplementationFactory, UserFactory, credit_code
from tests.hall_factories import make_hall

_numbers = itertools.count(1)

# Fixed codes, so the sample spreadsheets (tests/importers/files/evaluations*.xlsx) can name them.
MARKET = credit_code(901, "511602")
SIBLING_MARKET = credit_code(902, "511603")
LICENCE, FOOD = "000201001000", "000201002000"


def load_holidays() -> None:
    Holiday.objects.bulk_create(Holiday(date=day, name=name, kind=kind) for day, name, kind in HOLIDAYS_2026)


def member(region, username, role=Role.COUNTY_ADMIN):
    user = UserFactory(username=username)
    membership_save(membership=Membership(user=user, region=region, role=role))
    return user


def evaluation_world(regions) -> dict:
    county, sibling = regions["county"], regions["sibling"]
    licence = CatalogItemFactory(region=regions["province"], name="企业设立登记", code=LICENCE)
    food = CatalogItemFactory(region=regions["province"], name="食品经营许可", code=FOOD)
    market = DepartmentFactory(region=county, name="广安区市场监督管理局", credit_code=MARKET)
    sibling_market = DepartmentFactory(region=sibling, name="前锋区市场监督管理局", credit_code=SIBLING_MARKET)
    hall = make_hall(county, windows=[("1", "综合受理窗口", "general"), ("2", "企业开办专区", "all_in_one")])
    sibling_hall = make_hall(sibling, windows=[("1", "综合受理窗口", "general")])
    window_1, window_2 = hall.windows.order_by("number")
    return {
        "licence": ImplementationFactory(catalog_item=licence, region=county, department=market),
        "food": ImplementationFactory(catalog_item=food, region=county, department=market),
        "sibling_licence": ImplementationFactory(catalog_item=licence, region=sibling, department=sibling_market),
        "market": market,
        "sibling_market": sibling_market,
        "window_1": window_1,
        "window_2": window_2,
        "sibling_window": sibling_hall.windows.get(),
    }


def evaluate(rating, *, on=dt.date(2026, 9, 18), channel="pad", user=None, within=None, **subjects) -> Evaluation:
    evaluation = Evaluation(external_id=f"HCP2026{next(_numbers):08d}", channel=channel, rating=rating,
                            evaluated_on=on, staff_name=subjects.pop("staff_name", ""),
                            text=subjects.pop("text", ""), **subjects)
    return evaluation_create(evaluation=evaluation, within=within, user=user)

"""Demo 好差评 (called by load_demo): the 2026 holiday calendar, about a thousand evaluations per county
over the 120 days before today, and their 差评 handled in part.

Each evaluation rates a window's implementation at the window (窗口评价器, 二维码), an implementation
online (网上办事大厅, 移动端, 短信) or on the 12345 hotline, or a 一件事 at a window that accepts it. The
ratings are mostly good; the 差评 (about one in twenty) open their cases through the bulk service. Those
older than three weeks are mostly closed (核实 → 整改 → 回访, through the step services by the county's
administrator), some found 不属实, some left unrectified: overdue; recent ones are still open. The seed
makes every run the same for a given day; a county that already has its demo evaluations is left alone.
"""

import datetime as dt
import random
from collections import Counter

from django.contrib.auth import get_user_model
from django.utils import timezone

from config_models.models import (
    BadReviewCase,
    Bundle,
    Evaluation,
    Holiday,
    Membership,
    Region,
    Role,
    WindowItem,
    in_subtree,
)
from config_models.services.evaluation import (
    bad_review_call_back,
    bad_review_rectify,
    bad_review_verify,
    evaluations_bulk_create,
    holiday_save,
)
from demo.holidays import HOLIDAYS_2026
from demo.holidays import SOURCE as HOLIDAY_SOURCE

SEED = 39734  # GB/T 39734
PER_COUNTY = 1000
DAYS = 120
RATINGS = [5, 4, 3, 2, 1]
RATING_WEIGHTS = [62, 24, 9, 3, 2]
AT_WINDOW = ["pad", "pad", "pad", "qr"]
REMOTE = ["web", "app", "sms", "hotline"]
SURNAMES = "王李张刘陈杨黄赵周吴"
GOOD_WORDS = ["办事效率高，一次办好", "工作人员耐心细致", "材料一次告知，很方便", "全程网办，不用跑腿",
              "帮办代办很贴心"]
BAD_WORDS = ["等候时间太长", "材料要求前后不一致", "工作人员态度生硬", "系统经常卡顿，无法提交", "跑了两次才办成"]
SETTLED_AFTER_DAYS = 21


def apply_holidays(created: Counter) -> None:
    known = set(Holiday.objects.values_list("date", flat=True))
    for day, name, kind in HOLIDAYS_2026:
        if day not in known:
            holiday_save(holiday=Holiday(date=day, name=name, kind=kind), reason=HOLIDAY_SOURCE)
            created["holidays"] += 1


def _handler(county: Region):
    membership = (Membership.objects.filter(region=county, role=Role.COUNTY_ADMIN).select_related("user")
                  .order_by("pk").first())
    if membership is not None:
        return membership.user
    return get_user_model().objects.filter(is_superuser=True).order_by("pk").first()


def _county_evaluations(county: Region, rng: random.Random, today: dt.date) -> list[Evaluation]:
    window_items = list(WindowItem.objects.filter(in_subtree(county, "window__hall__region"))
                        .select_related("window__hall__region", "window__department",
                                        "implementation__region", "implementation__department")
                        .order_by("pk"))
    bundles = [(bundle, window) for bundle in Bundle.objects.filter(in_subtree(county, "region"), live=True)
               .select_related("region", "lead_department").order_by("pk")
               for window in bundle.windows.select_related("hall__region").order_by("pk")]
    if not window_items:
        return []
    evaluations = []
    for number in range(PER_COUNTY):
        rating = rng.choices(RATINGS, RATING_WEIGHTS)[0]
        on = today - dt.timedelta(days=rng.randrange(1, DAYS))
        subjects: dict = {}
        kind = rng.random()
        if bundles and kind < 0.08:
            bundle, window = rng.choice(bundles)
            subjects = {"bundle": bundle, "window": window}
            channel = rng.choice(AT_WINDOW)
        else:
            item = rng.choice(window_items)
            if kind < 0.7:
                subjects = {"implementation": item.implementation, "window": item.window}
                channel = rng.choice(AT_WINDOW)
            else:
                subjects = {"implementation": item.implementation}
                channel = rng.choice(REMOTE)
        words = BAD_WORDS if rating <= 2 else GOOD_WORDS
        evaluations.append(Evaluation(
            external_id=f"DEMO{county.code}{number:05d}", channel=channel, rating=rating, evaluated_on=on,
            staff_name=f"{rng.choice(SURNAMES)}{'文华明丽强静'[number % 6]}" if "window" in subjects else "",
            text=rng.choice(words) if rng.random() < 0.6 else "", **subjects,
        ))
    return evaluations


def _settle(county: Region, rng: random.Random, today: dt.date, created: Counter) -> None:
    """Handle the older 差评 through the step services: most closed, some found untrue, some left overdue."""
    user = _handler(county)
    if user is None:
        return
    cutoff = today - dt.timedelta(days=SETTLED_AFTER_DAYS)
    cases = (BadReviewCase.objects.filter(in_subtree(county, "region"), evaluation__evaluated_on__lt=cutoff)
             .select_related("evaluation").order_by("evaluation__external_id"))
    for case in cases:
        fate = rng.random()
        if fate < 0.15:
            continue  # never handled: overdue
        if fate < 0.25:
            bad_review_verify(case=case, user=user, founded=False, note="经核查，评价对象有误，非本窗口办件。")
            bad_review_call_back(case=case, user=user, satisfied=True, note="电话回访，已向群众说明情况。")
            created["bad_reviews_closed"] += 1
            continue
        bad_review_verify(case=case, user=user, founded=True, note="调阅窗口录像和办件记录，反映问题属实。")
        if fate < 0.35:
            continue  # verified, not rectified: overdue
        done = min(case.evaluation.evaluated_on + dt.timedelta(days=rng.randint(1, 8)), today)
        bad_review_rectify(case=case, user=user, measures="约谈窗口负责人，开展业务和服务礼仪培训，优化叫号分流。",
                           done_on=done)
        bad_review_call_back(case=case, user=user, satisfied=rng.random() < 0.85, note="电话回访评价人。")
        created["bad_reviews_closed"] += 1


def apply_evaluations(regions: dict[str, Region], county_codes: list[str], created: Counter) -> None:
    """Create the holiday calendar and, for each county without them, its demo evaluations."""
    apply_holidays(created)
    today = timezone.localdate()
    for code in county_codes:
        county = regions[code]
        if Evaluation.objects.filter(external_id__startswith=f"DEMO{county.code}").exists():
            continue
        rng = random.Random(f"{SEED}-{county.code}")
        rows = evaluations_bulk_create(evaluations=_county_evaluations(county, rng, today), reason="演示数据")
        created["evaluations"] += len(rows)
        created["bad_review_cases"] += sum(1 for row in rows if row.is_bad)
        _settle(county, rng, today, created)

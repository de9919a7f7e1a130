"""Telling a region's administrators that rows of theirs were marked 待复核: one email each, by Wagtail's admin
mail (Django's email backend), as a task enqueued when the marking transaction commits."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django_tasks import task
from wagtail.admin.mail import send_mail

from config_models.models import Membership, ReviewMark, Role

ADMIN_ROLES = (Role.CITY_ADMIN, Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN)


def review_marks_notify(*, mark_ids: list[int]) -> int:
    """Tell the administrators of each marked row's region, one email each (Wagtail's admin mail: Django's
    email backend). Returns the number of emails sent."""
    marks = list(
        ReviewMark.objects.open().filter(pk__in=mark_ids)
        .select_related("implementation__catalog_item", "implementation__department", "bundle", "region",
                        "catalog_item", "bundle_template")
    )
    by_region: dict[int, list[ReviewMark]] = {}
    for mark in marks:
        by_region.setdefault(mark.region_id, []).append(mark)
    admins = Membership.objects.filter(region_id__in=list(by_region), role__in=ADMIN_ROLES, user__is_active=True)
    by_user: dict[int, tuple] = {}
    for membership in admins.select_related("user"):
        if membership.user.email:
            _user, regions = by_user.setdefault(membership.user_id, (membership.user, []))
            regions.append(membership.region_id)
    try:
        link = f"{getattr(settings, 'WAGTAILADMIN_BASE_URL', '')}{reverse('tongban_review_worklist')}"
    except NoReverseMatch:
        link = ""
    sent = 0
    for user, region_ids in by_user.values():
        rows = [mark for region_id in region_ids for mark in by_region[region_id]]
        lines = [f"· {mark.target}：{mark.fields_summary}" for mark in rows[:50]]
        if len(rows) > 50:
            lines.append(f"……另有{len(rows) - 50}项")
        body = "\n".join([
            f"{user.get_full_name() or user.get_username()}，您好：",
            "",
            f"上级调整了基本目录事项或一件事模板，本区划有{len(rows)}项实施清单或一件事待复核：",
            *lines,
            "",
            "请逐项采纳变更、确认无需调整，或填写原因上报。",
            *([f"待复核工作台：{link}"] if link else []),
        ])
        send_mail(f"【待复核】{len(rows)}项实施清单或一件事因上级变更待复核", body, [user.email])
        sent += 1
    return sent


@task()
def notify_review_marks(mark_ids: list[int]) -> int:
    """Email the administrators of the regions whose rows were just marked 待复核; returns the emails sent."""
    return review_marks_notify(mark_ids=mark_ids)

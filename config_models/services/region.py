from django.db import transaction
from wagtail.models import Page

from config_models.history import acting
from config_models.models import ChangeOperation, LeaveReason, Region, RegionPage, in_subtree
from config_models.services import save_validated
from config_models.services.feed import feed_record
from config_models.services.registry import register


@transaction.atomic
def region_save(*, region: Region, user=None, reason: str = "") -> Region:
    """Create or update a region, keeping its page and its descendants' paths in step.

    A rename or move changes what every row of the subtree shows: the feed entry reaches them all.
    """
    creating = region.pk is None
    old_path = Region.objects.filter(pk=region.pk).values_list("path", flat=True).first() if region.pk else None
    save_validated(region, user=user, reason=reason)
    if old_path and old_path != region.path:
        for descendant in Region.objects.filter(in_subtree(old_path)).exclude(pk=region.pk).order_by("path"):
            descendant.save()  # recomputes its path from its (already moved) parent
    region_page_sync(region)
    feed_record(region, operation=ChangeOperation.INSERT if creating else ChangeOperation.UPDATE, actor=user,
                parents=not creating)
    return region


@transaction.atomic
def region_delete(*, region: Region, user=None) -> None:
    feed_record(region, operation=ChangeOperation.DELETE, reason=LeaveReason.DELETED, actor=user, parents=False)
    with acting(user):
        RegionPage.objects.filter(region=region).delete()
        region.delete()


def region_page_sync(region: Region) -> RegionPage:
    """The region's page exists, carries its name, and sits under its parent's page."""
    parent_page = region.parent.page if region.parent_id else Page.get_first_root_node()
    page = RegionPage.objects.filter(region=region).first()
    if page is None:
        page = RegionPage(title=region.name, slug=region.code, region=region)
        parent_page.add_child(instance=page)
        page.save_revision().publish()
        return page
    if page.title != region.name:
        page.title = region.name
        page.draft_title = region.name
        page.save(update_fields=["title", "draft_title"])
    if page.get_parent().pk != parent_page.pk:
        page.move(parent_page, pos="last-child")
    return page


register(
    Region,
    save=lambda *, instance, user=None, reason="": region_save(region=instance, user=user, reason=reason),
    delete=lambda *, instance, user=None: region_delete(region=instance, user=user),
)

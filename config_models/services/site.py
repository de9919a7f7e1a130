from django.db import transaction
from wagtail.models import Site

from config_models.models import Region
from config_models.services.region import region_page_sync


@transaction.atomic
def region_site_ensure(*, region: Region, hostname: str, port: int = 80, is_default: bool = False) -> Site:
    """The Wagtail Site serving `hostname:port` exists and is rooted at the region's page.

    A region's site is the front end of that region (DESIGN.md §3). With `is_default`, it becomes the one
    default site (the previous default loses the flag). Saves nothing when the site is already as asked.
    """
    page = region_page_sync(region)
    hostname = hostname.lower()
    site = Site.objects.filter(hostname=hostname, port=port).first() or Site(hostname=hostname, port=port)
    wanted = {"root_page_id": page.pk, "site_name": region.name}
    if is_default:
        wanted["is_default_site"] = True
    if site.pk and all(getattr(site, field) == value for field, value in wanted.items()):
        return site
    if is_default:
        Site.objects.filter(is_default_site=True).exclude(pk=site.pk).update(is_default_site=False)
    for field, value in wanted.items():
        setattr(site, field, value)
    site.full_clean()
    site.save()
    return site

"""Region pages in bulk, for the load generator: thousands of regions in a few statements.

`region_page_sync` adds one page at a time (a tree insert, a revision and a publish each: about a quarter
of a second). Here the treebeard paths are computed in memory, the Page rows go in with bulk_create and
the RegionPage rows with one executemany (Django cannot bulk_create a multi-table model). The pages are
live, without revisions, like pages created in code and published once.
"""

import uuid
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from wagtail.models import Locale, Page

from config_models.models import Region, RegionPage


def bulk_region_pages(regions: list[Region], *, batch_size: int = 500) -> list[Page]:
    """Pages for `regions` (saved, without pages), under their parents' pages. Parents come first."""
    if not regions:
        return []
    content_type = ContentType.objects.get_for_model(RegionPage)
    locale = Locale.get_default()
    now = timezone.now()
    children = defaultdict(list)
    for region in regions:
        children[region.parent_id].append(region)
    wanted = {region.pk for region in regions}
    # Parents that already have pages (the city, say): their next free position and new child count.
    existing_parents = {
        page.region_id: page
        for page in RegionPage.objects.filter(region_id__in=[pk for pk in children if pk not in wanted])
    }
    pages_by_region: dict[int, Page] = {}
    created: list[Page] = []
    links: list[tuple[int, int]] = []
    queue = [pk for pk in children if pk in existing_parents]
    for parent_region_id in queue:
        parent = existing_parents[parent_region_id]
        last = parent.get_last_child()
        position = last._get_lastpos_in_path() if last else 0
        for region in sorted(children[parent_region_id], key=lambda r: r.code):
            position += 1
            pages_by_region[region.pk] = _page(region, parent, position, content_type, locale, now)
        Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(children[parent_region_id]))
    # Breadth-first below them: a page's path depends on its parent's.
    level = [region for pk in queue for region in children[pk]]
    while level:
        next_level = []
        for region in level:
            page = pages_by_region[region.pk]
            page.numchild = len(children.get(region.pk, []))
            for position, child in enumerate(sorted(children.get(region.pk, []), key=lambda r: r.code), start=1):
                pages_by_region[child.pk] = _page(child, page, position, content_type, locale, now)
                next_level.append(child)
        batch = [pages_by_region[region.pk] for region in level]
        Page.objects.bulk_create(batch, batch_size=batch_size)
        created.extend(batch)
        links.extend((pages_by_region[region.pk].pk, region.pk) for region in level)
        level = next_level
    table = connection.ops.quote_name(RegionPage._meta.db_table)
    page_column = connection.ops.quote_name(RegionPage._meta.get_field("page_ptr").column)
    region_column = connection.ops.quote_name(RegionPage._meta.get_field("region").column)
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({page_column}, {region_column}) VALUES (%s, %s)", links)
    return created


def _page(region: Region, parent: Page, position: int, content_type, locale, now) -> Page:
    return Page(
        title=region.name,
        draft_title=region.name,
        slug=region.code,
        content_type=content_type,
        path=Page._get_path(parent.path, parent.depth + 1, position),
        depth=parent.depth + 1,
        numchild=0,
        url_path=f"{parent.url_path}{region.code}/",
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        locale=locale,
        translation_key=uuid.uuid4(),
    )

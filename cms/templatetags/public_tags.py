from django import template
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from config_models.models import RegionPage
from config_models.selectors.bundle import published_bundles
from config_models.selectors.hall import public_window_items, published_halls
from config_models.selectors.published_list import published_lists

register = template.Library()


@register.simple_tag
def region_lists(page):
    """The live published lists directly under a region page."""
    return published_lists().child_of(page).order_by("list_type__sort_order", "title")


@register.simple_tag
def child_regions(page):
    return RegionPage.objects.child_of(page).live().order_by("region__code")


@register.simple_tag
def region_bundles(page):
    """The published 一件事 a region page offers."""
    return published_bundles().child_of(page).order_by("title")


@register.simple_tag
def region_halls(page):
    return published_halls().child_of(page).order_by("title")


@register.simple_tag
def hall_windows(hall):
    """A hall's windows with what the public may do at each: published items in force and published bundles."""
    items = public_window_items().select_related("implementation__catalog_item").order_by(
        "implementation__catalog_item__name")
    return hall.windows.order_by("sort_order", "pk").prefetch_related(
        Prefetch("items", queryset=items),
        Prefetch("accepted_bundles", queryset=published_bundles().order_by("title")),
    )


ENTRY_ROW = ("<tr><td>{number}</td><td>{name}{region}</td><td>{item_type}</td><td>{department}</td><td>{level}</td>"
             "<td>{visits}</td><td>{limit}</td><td><code>{code}</code></td></tr>")


@register.simple_tag
def entry_rows(entries, link_guides=False):
    """The rows of a list's entry table (includes/entry_table.html), built in one pass: a county list is a
    thousand or more entries, and the template language spent about 0.1 ms on each row's dozen lookups."""
    guide_url = reverse("public_item_guide", args=[0])[:-2] if link_guides else ""  # "/guide/"

    def text(value) -> str:
        return "" if value is None else escape(value)

    rows = []
    for number, entry in enumerate(entries, start=1):
        name = text(entry.get("name"))
        if link_guides:
            name = f'<a href="{guide_url}{int(entry["implementation_id"])}/">{name}</a>'
        region = entry.get("region_name")
        rows.append(ENTRY_ROW.format(
            number=number, name=name, region=f'<br><span class="meta">{escape(region)}</span>' if region else "",
            item_type=text(entry.get("item_type_label")), department=text(entry.get("department_name")),
            level=text(entry.get("level_label")), visits=text(entry.get("visit_count")),
            limit=text(entry.get("committed_limit")), code=text(entry.get("implementation_code")),
        ))
    return mark_safe("".join(rows))  # every value above is escaped

import html

from django import template
from django.db.models import Prefetch
from django.urls import reverse
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


# The texts of an entry's row, in the order of the table's columns (the name cell also shows the region).
ROW_TEXTS = ("name", "region_name", "item_type_label", "department_name", "level_label", "visit_count",
             "committed_limit", "implementation_code")
CELL_SEPARATOR = "\x1f"  # the unit separator: not text a list entry holds, and left alone by escaping


@register.simple_tag
def entry_rows(entries, link_guides=False):
    """The rows of a list's entry table (includes/entry_table.html), built in one pass: a county list is a
    thousand or more entries, and the template language spent about 0.1 ms on each row's dozen lookups.
    The texts are escaped as one string: an escape call per cell was most of the remaining time."""
    guide_url = reverse("public_item_guide", args=[0])[:-2] if link_guides else ""  # "/guide/"
    texts = ["" if (value := entry.get(key)) is None else str(value) for entry in entries for key in ROW_TEXTS]
    cells = html.escape(CELL_SEPARATOR.join(texts)).split(CELL_SEPARATOR)
    if len(cells) != len(texts):  # a text held the separator after all
        cells = [html.escape(text) for text in texts]
    width = len(ROW_TEXTS)
    rows = []
    for number, entry in enumerate(entries, start=1):
        name, region, item_type, department, level, visits, limit, code = cells[(number - 1) * width:number * width]
        if link_guides:
            name = f'<a href="{guide_url}{int(entry["implementation_id"])}/">{name}</a>'
        if region:
            region = f'<br><span class="meta">{region}</span>'
        rows.append(f"<tr><td>{number}</td><td>{name}{region}</td><td>{item_type}</td><td>{department}</td>"
                    f"<td>{level}</td><td>{visits}</td><td>{limit}</td><td><code>{code}</code></td></tr>")
    return mark_safe("".join(rows))  # every text above is escaped


def _cell_text(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(part) for part in value) or "—"
    return str(value)


@register.simple_tag
def subject_rows(entries, columns):
    """The rows of a table built from the entries' own texts (includes/subject_entry_table.html): the lists
    whose subject has no table of its own (证明事项 …), one cell per (key, heading) of `columns`."""
    rows = []
    for number, entry in enumerate(entries, start=1):
        cells = "".join(f"<td>{html.escape(_cell_text(entry.get(key)))}</td>" for key, _heading in columns)
        rows.append(f"<tr><td>{number}</td>{cells}</tr>")
    return mark_safe("".join(rows))  # every text above is escaped

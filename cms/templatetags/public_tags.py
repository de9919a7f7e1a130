from django import template
from django.db.models import Prefetch

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

from django import template

from config_models.models import Bundle, Hall, PublishedListPage, RegionPage

register = template.Library()


@register.simple_tag
def region_lists(page):
    """The live published lists directly under a region page."""
    return PublishedListPage.objects.child_of(page).live().select_related("list_type").order_by("list_type__sort_order",
                                                                                                "title")


@register.simple_tag
def child_regions(page):
    return RegionPage.objects.child_of(page).live().order_by("region__code")


@register.simple_tag
def region_bundles(page):
    """The live 一件事 a region page offers."""
    return Bundle.objects.child_of(page).live().order_by("title")


@register.simple_tag
def region_halls(page):
    return Hall.objects.child_of(page).live().order_by("title")

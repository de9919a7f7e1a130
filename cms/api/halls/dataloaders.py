"""Children of halls and windows, one query per table whatever the number of rows (DESIGN.md §4)."""

from collections import defaultdict

from cms.api.core.loaders import Loader
from cms.api.core.selection import selected_names
from cms.api.departments.dataloaders import DepartmentByIdLoader
from cms.api.regions.dataloaders import prime_regions
from config_models.models import (
    HallClosure,
    HallSession,
    Window,
    WindowItem,
)
from config_models.selectors.hall import public_window_items


class _ChildrenLoader(Loader):
    """Rows of `model` grouped by `parent_field`, in `order`."""

    model = None
    parent_field = ""
    order: tuple[str, ...] = ()

    def rows(self, keys):
        return self.model.objects.filter(**{f"{self.parent_field}__in": keys})

    def batch_load(self, keys):
        found = defaultdict(list)
        for row in self.rows(keys).order_by(self.parent_field, *self.order):
            found[getattr(row, self.parent_field)].append(row)
        return [found[key] for key in keys]


class WindowsByHallIdLoader(_ChildrenLoader):
    context_key = "windows_by_hall_id"
    model, parent_field, order = Window, "hall_id", ("sort_order", "pk")


class SessionsByHallIdLoader(_ChildrenLoader):
    context_key = "sessions_by_hall_id"
    model, parent_field, order = HallSession, "hall_id", ("sort_order", "pk")


class ClosuresByHallIdLoader(_ChildrenLoader):
    context_key = "closures_by_hall_id"
    model, parent_field, order = HallClosure, "hall_id", ("date", "pk")


class ItemsByWindowIdLoader(_ChildrenLoader):
    """What a window accepts: only implementations the public sees (published, in force, catalog published)."""

    context_key = "items_by_window_id"
    model, parent_field, order = WindowItem, "window_id", ("pk",)

    def rows(self, keys):
        return public_window_items().filter(window_id__in=keys).select_related(
            "implementation__catalog_item", "implementation__department", "implementation__region")


class BundlesByWindowIdLoader(Loader):
    """The published 一件事 a window accepts, by title."""

    context_key = "bundles_by_window_id"

    def batch_load(self, keys):
        found = defaultdict(list)
        links = Window.accepted_bundles.through.objects.filter(window_id__in=keys, bundle__live=True)
        for link in links.select_related("bundle").order_by("bundle__title", "bundle_id"):
            found[link.window_id].append(link.bundle)
        return [found[key] for key in keys]


def prepare_windows(windows, info, names=None):
    names = selected_names(info) if names is None else names
    if "acceptedItems" in names:
        ItemsByWindowIdLoader.for_request(info).prime(window.pk for window in windows)
    if "acceptedBundles" in names:
        BundlesByWindowIdLoader.for_request(info).prime(window.pk for window in windows)
    if "department" in names:
        DepartmentByIdLoader.for_request(info).prime(window.department_id for window in windows)
    return windows


def prepare_halls(halls, info):
    names = selected_names(info)
    if "region" in names:
        prime_regions(info.context, [hall.region_id for hall in halls], with_ancestors=bool(
            names & {"ancestors", "parent"}))
    if "sessions" in names:
        SessionsByHallIdLoader.for_request(info).prime(hall.pk for hall in halls)
    if "closures" in names:
        ClosuresByHallIdLoader.for_request(info).prime(hall.pk for hall in halls)
    if "windows" in names:
        loader = WindowsByHallIdLoader.for_request(info)
        loader.prime(hall.pk for hall in halls)
        if loader.enabled:
            prepare_windows([w for hall in halls for w in loader.cache.get(hall.pk, [])], info, names)
    return halls

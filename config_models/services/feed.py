"""The change feed: the services append one entry per changed row, in the transaction of the write.

`feed_record` takes the rows a service just wrote (before deleting them, for a `D`), appends an entry for
each, and one `U` entry for every parent a mirror stores them under: a material is part of its
implementation, which is part of the bundles built on it; a region's rename changes what every row of its
subtree shows. It reads the rows with one `values()` query per entity (and chunk of keys) and inserts the
entries in bulk, so bulk paths (imports, load data) cost a few statements however many rows they write.

Mirrors read entries by `sequence`. PostgreSQL hands out sequence values when rows are inserted, not when
transactions commit, so a transaction that appends entries first takes a transaction-level advisory lock:
writers of the feed commit one after another and a reader never later finds an entry below one it has seen.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from simple_history.signals import post_create_historical_record
from wagtail.signals import page_published, page_unpublished

from config_models import codes, positions
from config_models.models import (
    AuthorizationEntry,
    Bundle,
    BundleTemplate,
    CatalogItem,
    CertificateType,
    Delegation,
    Department,
    Hall,
    Implementation,
    LegalBasis,
    Material,
    PublishedListPage,
    Region,
    Window,
    WindowItem,
    in_subtree,
)
from config_models.models.change import Change, ChangeEntity, ChangeOperation

CHUNK = 500
# Any constant shared by every writer; pg_advisory_xact_lock takes a bigint.
FEED_LOCK_KEY = 0x7B0C4A17


@dataclass(frozen=True)
class FeedSpec:
    """How the rows of one model appear in the feed: the values to read and the entry of each row."""

    entity: str
    fields: tuple[str, ...]
    entry: Callable[[dict], tuple[str, str, bool]]  # values -> (code, region path, public)


def _region_entry(values):
    return values["code"], values["path"], True


def _implementation_entry(values):
    code = codes.implementation_code(
        values["department__credit_code"], values["region__level"], values["catalog_item__code"]
    )
    return code, values["region__path"], values["live"] and values["catalog_item__live"]


def _code_in_region(code_field: str, public: Callable[[dict], bool] = lambda values: True):
    return lambda values: (values[code_field] or "", values["region__path"] or "", public(values))


def _live(values) -> bool:
    return values["live"]


SPECS: dict[type[models.Model], FeedSpec] = {
    Region: FeedSpec(ChangeEntity.REGION, ("code", "path"), _region_entry),
    Department: FeedSpec(ChangeEntity.DEPARTMENT, ("credit_code", "region__path"), _code_in_region("credit_code")),
    CatalogItem: FeedSpec(ChangeEntity.CATALOG_ITEM, ("code", "region__path", "live"), _code_in_region("code", _live)),
    Implementation: FeedSpec(
        ChangeEntity.IMPLEMENTATION,
        ("department__credit_code", "region__level", "region__path", "catalog_item__code", "live",
         "catalog_item__live"),
        _implementation_entry,
    ),
    CertificateType: FeedSpec(
        ChangeEntity.CERTIFICATE_TYPE, ("type_code", "region__path"), _code_in_region("type_code")
    ),
    Hall: FeedSpec(ChangeEntity.HALL, ("title", "region__path", "live"), _code_in_region("title", _live)),
    Window: FeedSpec(
        ChangeEntity.WINDOW, ("hall_id", "number", "hall__region__path", "hall__live"),
        lambda values: (f"{values['hall_id']}:{values['number']}", values["hall__region__path"], values["hall__live"]),
    ),
    # Authorizations name staff: never public, only clients of the region follow them.
    AuthorizationEntry: FeedSpec(
        ChangeEntity.AUTHORIZATION, ("roster__document_number", "roster__region__path"),
        lambda values: (values["roster__document_number"], values["roster__region__path"], False),
    ),
    Delegation: FeedSpec(
        ChangeEntity.DELEGATION, ("document_number", "region__path", "live"), _code_in_region("document_number", _live)
    ),
    BundleTemplate: FeedSpec(
        ChangeEntity.BUNDLE_TEMPLATE, ("code", "region__path", "live"), _code_in_region("code", _live)
    ),
    Bundle: FeedSpec(ChangeEntity.BUNDLE, ("code", "region__path", "live"), _code_in_region("code", _live)),
    PublishedListPage: FeedSpec(
        ChangeEntity.PUBLISHED_LIST, ("code", "region__path", "live"), _code_in_region("code", _live)
    ),
}


def _bundles_using_implementations(implementations: QuerySet) -> QuerySet:
    """Bundles whose region implements one of their template's items through one of these implementations."""
    used = implementations.filter(
        region_id=OuterRef("region_id"), catalog_item__bundle_items__template_id=OuterRef("bundle_template_id")
    )
    return Bundle.objects.filter(Exists(used))


def _subtree(queryset: QuerySet, field: str, regions: QuerySet) -> QuerySet:
    """Rows placed in the subtrees of these regions (they show the region and its parent chain)."""
    condition = Q(pk__in=[])
    for path in regions.values_list("path", flat=True):
        condition |= in_subtree(path, field)
    return queryset.filter(condition)


def _subtree_regions(regions: QuerySet) -> QuerySet:
    condition = Q(pk__in=[])
    for path in regions.values_list("path", flat=True):
        condition |= in_subtree(path)
    return Region.objects.filter(condition).exclude(pk__in=regions)


# The parents a mirror stores a row under: (model, rows of it that show the changed rows). One level deep:
# each entry lists every parent that must hear of the change, not only the nearest.
PARENTS: dict[type[models.Model], Callable[[QuerySet], list[tuple[type[models.Model], QuerySet]]]] = {
    Material: lambda rows: [
        (Implementation, Implementation.objects.filter(materials__in=rows)),
        (Bundle, _bundles_using_implementations(Implementation.objects.filter(materials__in=rows))),
    ],
    LegalBasis: lambda rows: [
        (CatalogItem, CatalogItem.objects.filter(legal_bases__in=rows)),
        (Implementation, Implementation.objects.filter(catalog_item__legal_bases__in=rows)),
    ],
    CatalogItem: lambda rows: [
        (Implementation, Implementation.objects.filter(catalog_item__in=rows)),
        (Bundle, Bundle.objects.filter(bundle_template__items__catalog_item__in=rows)),
    ],
    Implementation: lambda rows: [(Bundle, _bundles_using_implementations(rows))],
    Department: lambda rows: [
        (Implementation, Implementation.objects.filter(department__in=rows)),
        (Bundle, Bundle.objects.filter(Q(lead_department__in=rows) | Q(cooperating_departments__in=rows))),
        (Bundle, _bundles_using_implementations(Implementation.objects.filter(department__in=rows))),
    ],
    Region: lambda rows: [
        (Region, _subtree_regions(rows)),
        (Department, _subtree(Department.objects.all(), "region", rows)),
        (Implementation, _subtree(Implementation.objects.all(), "region", rows)),
        (Bundle, _subtree(Bundle.objects.all(), "region", rows)),
        (Hall, _subtree(Hall.objects.all(), "region", rows)),
    ],
    WindowItem: lambda rows: [
        (Window, Window.objects.filter(items__in=rows)),
        (Hall, Hall.objects.filter(windows__items__in=rows)),
    ],
    Window: lambda rows: [(Hall, Hall.objects.filter(windows__in=rows))],
    BundleTemplate: lambda rows: [(Bundle, Bundle.objects.filter(bundle_template__in=rows))],
}


def _as_queryset(rows) -> QuerySet:
    if isinstance(rows, QuerySet):
        return rows
    if isinstance(rows, models.Model):
        rows = [rows]
    rows = list(rows)
    if not rows:
        return Region.objects.none()
    model = type(rows[0])
    return model._default_manager.filter(pk__in=[row.pk for row in rows])


def _chunks(queryset: QuerySet) -> Iterable[QuerySet]:
    """The rows by chunks of keys, so neither a query's parameters nor its memory grow with the rows."""
    keys = list(queryset.order_by().values_list("pk", flat=True).distinct())
    for start in range(0, len(keys), CHUNK):
        yield queryset.model._default_manager.filter(pk__in=keys[start:start + CHUNK])


def _lock_feed() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FEED_LOCK_KEY])


def _entries(queryset: QuerySet, *, operation: str, reason: str, draft: bool, actor, batch: str) -> list[Change]:
    spec = SPECS[queryset.model]
    entries = []
    for chunk in _chunks(queryset):
        for values in chunk.values("pk", *spec.fields):
            code, region_path, public = spec.entry(values)
            entries.append(Change(
                entity=spec.entity, object_id=values["pk"], code=code[:64], region_path=region_path,
                operation=operation, reason=reason, public=public and not draft, actor=actor, batch=batch,
            ))
    return entries


def feed_record(
    rows,
    *,
    operation: str = ChangeOperation.UPDATE,
    reason: str = "",
    draft: bool = False,
    actor=None,
    batch: str = "",
    parents: bool = True,
) -> int:
    """Append the feed entries of rows a service has just written (for a `D`, is about to remove).

    `rows` is an instance, a list of instances of one model, or a queryset. Every parent a mirror stores
    them under gets a `U` entry. `draft=True` marks a change only clients that read drafts may see (a saved
    draft, or a row that is not public). Returns the number of entries appended.
    """
    queryset = _as_queryset(rows)
    model = queryset.model
    if actor is not None and not getattr(actor, "pk", None):
        actor = None  # an anonymous user acts as nobody
    batches = []
    if model in SPECS:
        batches.append(_entries(queryset, operation=operation, reason=reason, draft=draft, actor=actor, batch=batch))
    if parents and model in PARENTS:
        for _parent_model, parent_rows in PARENTS[model](queryset):
            batches.append(_entries(parent_rows, operation=ChangeOperation.UPDATE, reason="", draft=draft,
                                    actor=actor, batch=batch))
    entries = [entry for batch_entries in batches for entry in batch_entries]
    if not entries:
        return 0
    with transaction.atomic():
        _lock_feed()
        Change.objects.bulk_create(entries, batch_size=CHUNK)
        # drafts too: a public answer may count what is not public (a roster behind an indicator)
        paths = {entry.region_path for entry in entries}
        transaction.on_commit(lambda: positions.advance(paths))
    return len(entries)


def feed_record_copied(sql: str, params: list, *, paths: set[str]) -> int:
    """Append the entries one INSERT … SELECT writes: a bulk copy inside the database (load data), whose rows
    never come to Python, copies their entries the same way. `paths` are the region paths they are at."""
    with transaction.atomic():
        _lock_feed()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            count = cursor.rowcount
        transaction.on_commit(lambda: positions.advance(paths))
    return count


# Public changes outside the feed -------------------------------------------------------------------------


def _outside_the_feed(model) -> bool:
    return model not in SPECS and model not in PARENTS


def _on_audited_row(sender, instance, history_instance, **kwargs):
    if _outside_the_feed(type(instance)):
        transaction.on_commit(positions.advance_other)


def _on_page(sender, instance, **kwargs):
    if _outside_the_feed(type(instance)):
        transaction.on_commit(positions.advance_other)


def connect_outside_changes() -> None:
    """Advance the cached answers' `other` version on the public changes the feed does not carry: an audited
    row of a model outside it (an indicator target, a list type, a site's theme settings), and a page of a
    type outside it (a site's home, a plain page). The feed's own models advance by their entries."""
    post_create_historical_record.connect(_on_audited_row, dispatch_uid="tongban_outside_feed_history")
    page_published.connect(_on_page, dispatch_uid="tongban_outside_feed_page_published")
    page_unpublished.connect(_on_page, dispatch_uid="tongban_outside_feed_page_unpublished")

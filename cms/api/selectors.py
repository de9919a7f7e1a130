"""Read-only querysets of what a viewer may see (STYLE.md 2: reads through selectors).

What is published is the domain's answer (config_models.selectors, one module per entity); this module adds
what the viewer adds: an API client with the drafts scope also sees unpublished rows placed in its region's
subtree, and only clients of a region see its authorizations. Nothing here writes.
"""

import datetime as dt

from django.db.models import Q, QuerySet

from cms.api.auth import Viewer
from config_models.models import (
    AuthorizationEntry,
    Bundle,
    BundleTemplate,
    BusinessPolicy,
    CatalogItem,
    CertificateType,
    Delegation,
    Department,
    Hall,
    Implementation,
    IntermediaryService,
    Proof,
    Publication,
    PublishedListPage,
    Region,
    Window,
    in_subtree,
)
from config_models.selectors import (
    authorization,
    bundle,
    business_policy,
    certificate,
    hall,
    intermediary,
    proof,
    published_list,
)
from config_models.selectors import change as feed


def _draft_scope(viewer: Viewer, field: str = "region") -> Q:
    return in_subtree(viewer.region_path, field)


def regions(viewer: Viewer) -> QuerySet[Region]:
    return Region.objects.all()


def departments(viewer: Viewer) -> QuerySet[Department]:
    return Department.objects.all()


def catalog_items(viewer: Viewer) -> QuerySet[CatalogItem]:
    visible = Q(live=True)
    if viewer.sees_drafts:
        visible |= _draft_scope(viewer)
    queryset = CatalogItem.objects.filter(visible)
    if not viewer.is_public:
        queryset = queryset.select_related("latest_revision")
    return queryset


def implementations(viewer: Viewer, *, include_ended: bool = True) -> QuerySet[Implementation]:
    """Published implementations of published catalog items, plus a client's drafts in scope."""
    queryset = Implementation.objects.public(or_also=_draft_scope(viewer) if viewer.sees_drafts else None)
    if not include_ended:
        queryset = queryset.in_force()
    if not viewer.is_public:
        queryset = queryset.select_related("latest_revision")
    return queryset


def region_subtree(region: Region, *, include_descendants: bool, field: str = "region") -> Q:
    if include_descendants:
        return in_subtree(region, field)
    return Q(**{field: region})


# changedSince: a row counts as changed when the change feed has an entry of it after the time. The
# services write a parent entry for every change a row shows (a material, a rename of its region or
# catalog item: config_models.services.feed.PARENTS), so one indexed feed scan answers every collection.
def changed_since(queryset: QuerySet, entity: str, since: dt.datetime, viewer: Viewer) -> QuerySet:
    return feed.changed_since(
        queryset, entity=entity, since=since, drafts_path=viewer.region_path if viewer.sees_drafts else None
    )


# Halls, windows, authorizations, delegations ---------------------------------------------------------------


def halls(viewer: Viewer) -> QuerySet[Hall]:
    return hall.published_halls()


def windows(viewer: Viewer) -> QuerySet[Window]:
    return hall.public_windows()


def authorizations(viewer: Viewer) -> QuerySet[AuthorizationEntry]:
    """Entries of published (or expired) rosters in the client's region subtree; nothing for the public."""
    if viewer.is_public:
        return AuthorizationEntry.objects.none()
    return authorization.published_entries().filter(in_subtree(viewer.region_path, "roster__region"))


def delegations(viewer: Viewer) -> QuerySet[Delegation]:
    return authorization.published_delegations()


# 一件事, published lists, the certificate catalog: only what was published ----------------------------------


def bundle_templates(viewer: Viewer, *, tier: str | None = None) -> QuerySet[BundleTemplate]:
    return bundle.published_templates(tier=tier)


def bundles(viewer: Viewer) -> QuerySet[Bundle]:
    return bundle.published_bundles()


def published_lists(viewer: Viewer) -> QuerySet[PublishedListPage]:
    return published_list.published_lists()


def publications(viewer: Viewer) -> QuerySet[Publication]:
    return published_list.published_batches()


def certificate_types(viewer: Viewer) -> QuerySet[CertificateType]:
    return certificate.certificate_types()


def proofs(viewer: Viewer) -> QuerySet[Proof]:
    return proof.proofs()


# 中介服务事项, 惠企政策: the public rows (in use, not repealed) with their department and the implementations
# in force that they name --------------------------------------------------------------------------------


def intermediary_services(viewer: Viewer) -> QuerySet[IntermediaryService]:
    return intermediary.public().select_related("department").prefetch_related(intermediary.linked_implementations())


def business_policies(viewer: Viewer, *, on: dt.date | None = None) -> QuerySet[BusinessPolicy]:
    """`on`: the day whose implementations in force are shown (today when omitted)."""
    return business_policy.public().select_related("department").prefetch_related(
        intermediary.linked_implementations(on)
    )

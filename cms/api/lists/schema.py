import graphene
from django.db.models import Prefetch

from cms.api import selectors
from cms.api.core.connection import aware, page_args, paginate
from cms.api.errors import ApiError, Code
from cms.api.lists.types import (
    CertificateTypeConnection,
    HolderType,
    ProofConnection,
    ProofStatus,
    PublicationType,
    PublishedListConnection,
)
from cms.api.regions.dataloaders import prime_regions
from cms.api.regions.filters import region_by_code
from config_models.models import ChangeEntity, in_subtree
from config_models.selectors import certificate
from config_models.selectors import proof as proof_selectors
from config_models.services.published_list import publication_as_of


def prepare_lists(rows, info):
    prime_regions(info.context, [row.region_id for row in rows], with_ancestors=True)
    return rows


def prepare_proofs(rows, info):
    """The page's proofs with the implementations asking for them (one query) and their regions primed."""
    asking = proof_selectors.asking_implementations(rows)
    for row in rows:
        row._api_asking = asking.get(row.pk, [])
    prime_regions(info.context, [row.region_id for row in rows], with_ancestors=True)
    return rows


def _list_by_code(viewer, list_code):
    page = selectors.published_lists(viewer).filter(code=list_code.strip().lower()).first()
    if page is None:
        raise ApiError(f"No published list with code {list_code!r} (`listCode`).", Code.NOT_FOUND,
                       argument="listCode")
    return page


def _with_code(publication, page):
    if publication is not None:
        publication._api_list_code = page.code
    return publication


class ListQueries(graphene.ObjectType):
    published_lists = graphene.Field(
        PublishedListConnection,
        required=True,
        description="Published lists (清单), in a stable order. Public: no token needed.",
        **page_args(
            region_code=graphene.String(description="Only lists of this region."),
            include_descendants=graphene.Boolean(
                default_value=False, description="With `regionCode`: also the lists of the regions below it."
            ),
            list_type=graphene.String(description="Only lists of this kind (`ListType.code`)."),
            changed_since=graphene.DateTime(description="Only lists edited or given a batch after this time."),
        ),
    )
    publication = graphene.Field(
        PublicationType,
        list_code=graphene.String(required=True, description="The list's code."),
        batch=graphene.Int(description="N of 第N批; the latest published batch when omitted."),
        description="One published batch, from its frozen snapshot; null if the list has no such batch.",
    )
    publication_as_of = graphene.Field(
        PublicationType,
        list_code=graphene.String(required=True, description="The list's code."),
        date=graphene.Date(required=True, description="The day asked about."),
        description="The batch in force on `date` (the last one whose 施行日期 is not after it); null before the "
        "first batch.",
    )
    certificate_types = graphene.Field(
        CertificateTypeConnection,
        required=True,
        description="电子证照目录: certificate types, in a stable order. Public: no token needed.",
        **page_args(
            search=graphene.String(
                description="Part of the name (施工许可), its pinyin initials (yyzz), or of the type code."
            ),
            holder_type=HolderType(description="Only types held by this kind of holder."),
            changed_since=graphene.DateTime(description="Only types changed after this time."),
        ),
    )

    proofs = graphene.Field(
        ProofConnection,
        required=True,
        description="证明事项: the proofs a region's materials may ask for (cleared by it, above it or below it), "
        "kept and cancelled, in a stable order. Public: no token needed.",
        **page_args(
            region_code=graphene.String(required=True, description="The region asked about."),
            status=ProofStatus(description="Only proofs with this 清理结果."),
            search=graphene.String(description="Part of the name or of the issuing body."),
        ),
    )

    @staticmethod
    def resolve_proofs(root, info, region_code, first=None, after=None, status=None, search=None):
        viewer = info.context.api_viewer
        region = region_by_code(viewer, region_code)
        queryset = selectors.proofs(viewer) & proof_selectors.of_region(region)
        if status is not None:
            queryset = queryset.filter(status=status)
        if search:
            queryset = proof_selectors.search(queryset, search)
        return paginate(ProofConnection, queryset.select_related("issuing_department"), info=info, kind="Proof",
                        first=first, after=after, prepare=prepare_proofs)

    @staticmethod
    def resolve_published_lists(root, info, first=None, after=None, region_code=None, include_descendants=False,
                                list_type=None, changed_since=None):
        viewer = info.context.api_viewer
        queryset = selectors.published_lists(viewer).prefetch_related(
            Prefetch("publications", queryset=selectors.publications(viewer).order_by("-batch"),
                     to_attr="_api_batches")
        )
        if region_code is not None:
            region = region_by_code(viewer, region_code)
            queryset = (queryset.filter(in_subtree(region, "region")) if include_descendants
                        else queryset.filter(region=region))
        if list_type is not None:
            queryset = queryset.filter(list_type__code=list_type)
        if changed_since is not None:
            queryset = selectors.changed_since(
                queryset, ChangeEntity.PUBLISHED_LIST, aware(changed_since, "changedSince"), viewer
            )
        return paginate(PublishedListConnection, queryset, info=info, kind="PublishedList", first=first,
                        after=after, prepare=prepare_lists)

    @staticmethod
    def resolve_publication(root, info, list_code, batch=None):
        viewer = info.context.api_viewer
        page = _list_by_code(viewer, list_code)
        publications = selectors.publications(viewer).filter(published_list=page)
        publication = (publications.filter(batch=batch) if batch is not None else publications.order_by("-batch"))
        return _with_code(publication.first(), page)

    @staticmethod
    def resolve_publication_as_of(root, info, list_code, date):
        page = _list_by_code(info.context.api_viewer, list_code)
        return _with_code(publication_as_of(page, date), page)

    @staticmethod
    def resolve_certificate_types(root, info, first=None, after=None, search=None, holder_type=None,
                                  changed_since=None):
        viewer = info.context.api_viewer
        queryset = selectors.certificate_types(viewer)
        if search:
            queryset = certificate.search(queryset, search)
        if holder_type is not None:
            queryset = queryset.filter(holder_type=holder_type)
        if changed_since is not None:
            queryset = selectors.changed_since(
                queryset, ChangeEntity.CERTIFICATE_TYPE, aware(changed_since, "changedSince"), viewer
            )
        return paginate(CertificateTypeConnection, queryset, info=info, kind="CertificateType", first=first,
                        after=after)

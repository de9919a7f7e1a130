"""What may be read of 证明事项: those that apply in a region (cleared by it, above it or below it), which its
lists publish and its materials may ask for."""

from django.db.models import F, Q, QuerySet

from config_models.models import Implementation, Proof, Region, in_subtree
from config_models.search import normalize_query
from config_models.selectors import implementation


def of_region(region: Region, *, status: str | None = None) -> QuerySet[Proof]:
    """Proofs cleared by the region, by the regions below it and by the regions above it."""
    rows = Proof.objects.filter(in_subtree(region, "region") | Q(region__code__in=region.ancestor_codes()))
    return rows.filter(status=status) if status else rows


def proofs() -> QuerySet[Proof]:
    """Every proof: a clearance's results are public, kept and cancelled alike."""
    return Proof.objects.all()


def asking_implementations(proofs) -> dict[int, list[Implementation]]:
    """{proof id: the implementations in force whose materials ask for it}, in one query for any number of proofs."""
    rows = (
        implementation.in_force().filter(materials__proof__in=proofs)
        .annotate(asking_proof_id=F("materials__proof_id")).distinct()
        .select_related("catalog_item", "region", "department").order_by("catalog_item__code", "region__code", "pk")
    )
    asking: dict[int, list[Implementation]] = {}
    for row in rows:
        asking.setdefault(row.asking_proof_id, []).append(row)
    return asking


def search(queryset: QuerySet[Proof], text: str) -> QuerySet[Proof]:
    """Proofs whose name or issuing body contains the text (a region's proofs are a few hundred at most)."""
    query = normalize_query(text)
    if not query:
        return queryset
    return queryset.filter(Q(name__contains=query) | Q(issuing_body__contains=query))

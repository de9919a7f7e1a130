from collections import defaultdict, namedtuple

from wagtail.documents import get_document_model

from cms.api.catalog.dataloaders import CatalogItemByIdLoader, LegalBasesByCatalogItemIdLoader, ordered_children
from cms.api.core.drafts import present
from cms.api.core.loaders import Loader
from cms.api.core.selection import selected_names
from cms.api.departments.dataloaders import DepartmentByIdLoader
from cms.api.regions.dataloaders import prime_regions
from cms.api.reviews.dataloaders import ReviewMarksByImplementationIdLoader
from config_models.models import Material

MATERIAL_COLUMNS = (
    "implementation_id", "sort_order", "name", "form", "necessity", "source", "source_note", "original_copies",
    "photocopy_copies", "paper_spec", "blank_form_id", "sample_id", "fill_instructions", "common_mistakes",
    "legal_basis", "e_certificate_exempt", "pledge_text", "false_pledge_consequence",
)


class MaterialRow(namedtuple("MaterialColumns", MATERIAL_COLUMNS)):
    """A published material as MaterialType reads it: the columns, without a model instance.

    A county pull reads tens of thousands of materials, and building Material instances cost four times the
    query. Drafts' materials are Material instances (from the revision); both have the same attributes.
    """


class MaterialsByImplementationIdLoader(Loader):
    """The published materials of implementations, in order (a draft's come from its revision)."""

    context_key = "materials_by_implementation_id"

    def batch_load(self, keys):
        found = defaultdict(list)
        rows = Material.objects.filter(implementation_id__in=keys).order_by("implementation_id", "sort_order")
        for material in map(MaterialRow._make, rows.values_list(*MATERIAL_COLUMNS)):
            found[material.implementation_id].append(material)
        return [found[key] for key in keys]


class DocumentByIdLoader(Loader):
    context_key = "document_by_id"

    def batch_load(self, keys):
        documents = {document.pk: document for document in get_document_model().objects.filter(pk__in=keys)}
        return [documents.get(key) for key in keys]


def materials_of(implementation, request) -> list:
    if getattr(implementation, "_api_draft", False):
        materials = ordered_children(implementation.materials.all())
    else:
        materials = MaterialsByImplementationIdLoader.for_request(request).load(implementation.pk)
    for material in materials:
        material._api_implementation = implementation
    return materials


def prepare_implementations(rows, info):
    """Swap in drafts the viewer may see, then prime one query per table the selection reaches.

    Whatever the number of rows: catalog items, departments, regions, the regions of their parent
    chains, materials, legal bases and documents cost one query each, and only when selected.
    """
    request = info.context
    implementations = present(rows, request)
    names = selected_names(info)
    catalog_items = CatalogItemByIdLoader.for_request(request)
    catalog_items.prime(implementation.catalog_item_id for implementation in implementations)
    departments = DepartmentByIdLoader.for_request(request)
    if names & {"department", "implementationCode", "code"}:
        departments.prime(implementation.department_id for implementation in implementations)
    region_ids = [implementation.region_id for implementation in implementations]
    if "department" in names:
        region_ids += [d.region_id for d in departments.cache.values() if d is not None]
    if "catalogItem" in names and "region" in names:
        region_ids += [item.region_id for item in catalog_items.cache.values() if item is not None]
    prime_regions(request, region_ids, with_ancestors=bool(names & {"ancestors", "parent"}))
    if "legalBases" in names:
        LegalBasesByCatalogItemIdLoader.for_request(request).prime(
            item.pk
            for item in catalog_items.cache.values()
            if item is not None and not getattr(item, "_api_draft", False)
        )
    if "reviewNeeded" in names:
        ReviewMarksByImplementationIdLoader.for_request(request).prime(i.pk for i in implementations)
    if "materials" in names:
        loader = MaterialsByImplementationIdLoader.for_request(request)
        loader.prime(i.pk for i in implementations if not getattr(i, "_api_draft", False))
        if names & {"blankForm", "sample"} and loader.enabled:
            document_ids = set()
            for implementation in implementations:
                for material in materials_of(implementation, request):
                    document_ids.update((material.blank_form_id, material.sample_id))
            DocumentByIdLoader.for_request(request).prime(sorted(filter(None, document_ids)))
    return implementations

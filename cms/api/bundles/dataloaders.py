"""Loaders of the 一件事 API: a page of bundles costs a fixed number of queries (tests/api/test_query_counts.py)."""

from cms.api.catalog.dataloaders import CatalogItemByIdLoader, LegalBasesByCatalogItemIdLoader
from cms.api.core.loaders import Loader
from cms.api.core.selection import selected_names
from cms.api.departments.dataloaders import DepartmentByIdLoader
from cms.api.implementations.dataloaders import DocumentByIdLoader, MaterialsByImplementationIdLoader
from cms.api.regions.dataloaders import prime_regions
from cms.api.reviews.dataloaders import ReviewMarksByBundleIdLoader, ReviewMarksByImplementationIdLoader
from config_models.models import Bundle, BundleTemplate, Department
from config_models.services.bundle import bundle_overview, bundle_overviews, templates_parts


class BundleTemplateByIdLoader(Loader):
    """Templates of bundles (a published bundle shows its template's published values)."""

    context_key = "bundle_template_by_id"

    def batch_load(self, keys):
        templates = {t.pk: t for t in BundleTemplate.objects.filter(pk__in=keys)}
        return [templates.get(key) for key in keys]


class TemplatePartsByTemplateIdLoader(Loader):
    """Items, scenarios, material links and form fields of published templates."""

    context_key = "bundle_template_parts_by_template_id"

    def batch_load(self, keys):
        parts = templates_parts(keys)
        return [parts[key] for key in keys]


class BundleOverviewByIdLoader(Loader):
    """The computed overview (steps, implementations, materials, form, efficiency) of bundles."""

    context_key = "bundle_overview_by_id"

    def batch_load(self, keys):
        overviews = bundle_overviews(list(Bundle.objects.filter(pk__in=keys)))
        return [overviews.get(key) for key in keys]

    def of(self, bundle):
        overview = self.load(bundle.pk) if bundle.pk in self.cache else None
        return overview or bundle_overview(bundle)


class CooperatingDepartmentIdsByBundleIdLoader(Loader):
    context_key = "cooperating_department_ids_by_bundle_id"

    def batch_load(self, keys):
        found = {key: [] for key in keys}
        through = Bundle.cooperating_departments.through
        for bundle_id, department_id in through.objects.filter(bundle_id__in=keys).order_by("pk").values_list(
            "bundle_id", "department_id"
        ):
            found[bundle_id].append(department_id)
        return [found[key] for key in keys]


def prepare_bundles(rows, info):
    """One query per table the selection reaches, whatever the number of bundles."""
    request = info.context
    names = selected_names(info)
    overviews = BundleOverviewByIdLoader.for_request(request)
    if names & {"steps", "implementations", "missingItems", "materials", "formFields", "efficiency", "publishable"}:
        computed = bundle_overviews(rows) if overviews.enabled else {}
        for pk, overview in computed.items():
            overviews.put(pk, overview)
        parts = TemplatePartsByTemplateIdLoader.for_request(request)
        catalog_items = CatalogItemByIdLoader.for_request(request)
        departments = DepartmentByIdLoader.for_request(request)
        materials = MaterialsByImplementationIdLoader.for_request(request)
        templates = BundleTemplateByIdLoader.for_request(request)
        for overview in computed.values():
            templates.put(overview.template.pk, overview.template)
            parts.put(overview.template.pk, overview.parts)
            for item in overview.parts.items:
                catalog_items.put(item.catalog_item_id, item.catalog_item)
            for implementation in overview.implementations:
                departments.put(implementation.department_id, implementation.department)
            materials.prime(i.pk for i in overview.implementations)
        if "legalBases" in names:
            LegalBasesByCatalogItemIdLoader.for_request(request).prime(list(catalog_items.cache))
        if "reviewNeeded" in names and "implementations" in names:
            ReviewMarksByImplementationIdLoader.for_request(request).prime(
                i.pk for overview in computed.values() for i in overview.implementations)
        if names & {"blankForm", "sample"} and materials.enabled:
            ids = {m.blank_form_id for v in materials.cache.values() for m in v} | {
                m.sample_id for v in materials.cache.values() for m in v}
            DocumentByIdLoader.for_request(request).prime(sorted(filter(None, ids)))
    BundleTemplateByIdLoader.for_request(request).prime(row.bundle_template_id for row in rows)
    if "reviewNeeded" in names:
        ReviewMarksByBundleIdLoader.for_request(request).prime(row.pk for row in rows)
    if "template" in names:
        TemplatePartsByTemplateIdLoader.for_request(request).prime(row.bundle_template_id for row in rows)
    departments = DepartmentByIdLoader.for_request(request)
    department_ids = [row.lead_department_id for row in rows]
    if "cooperatingDepartments" in names:
        cooperating = CooperatingDepartmentIdsByBundleIdLoader.for_request(request)
        cooperating.prime(row.pk for row in rows)
        department_ids += [pk for ids in cooperating.cache.values() for pk in ids]
    if names & {"leadDepartment", "cooperatingDepartments", "implementations", "department"}:
        departments.prime(department_ids)
    region_ids = [row.region_id for row in rows]
    if "template" in names:
        region_ids += [t.region_id for t in BundleTemplateByIdLoader.for_request(request).cache.values() if t]
    region_ids += [d.region_id for d in departments.cache.values() if isinstance(d, Department)]
    region_ids += [i.region_id for o in overviews.cache.values() if o for i in o.implementations]
    prime_regions(request, region_ids, with_ancestors=bool(names & {"ancestors", "parent"}))
    return rows


def prepare_templates(rows, info):
    names = selected_names(info)
    if names & {"steps", "scenarios", "formFields", "materialLinks"}:
        parts = TemplatePartsByTemplateIdLoader.for_request(info)
        parts.prime(row.pk for row in rows)
        loader = CatalogItemByIdLoader.for_request(info)
        for part in parts.cache.values():
            for item in part.items:
                loader.put(item.catalog_item_id, item.catalog_item)
        if "legalBases" in names:
            LegalBasesByCatalogItemIdLoader.for_request(info).prime(list(loader.cache))
        if "region" in names:
            prime_regions(info.context, [i.region_id for i in loader.cache.values() if i], with_ancestors=True)
    return rows

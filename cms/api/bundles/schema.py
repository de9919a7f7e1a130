import graphene

from cms.api import selectors
from cms.api.bundles.dataloaders import prepare_bundles, prepare_templates
from cms.api.bundles.filters import filter_bundles, filter_templates
from cms.api.bundles.types import (
    BundleConnection,
    BundleTarget,
    BundleTemplateConnection,
    BundleTemplateType,
    BundleTier,
    BundleType,
    Lifecycle,
)
from cms.api.core.connection import aware, page_args, paginate
from config_models.text import normalize_code


class BundleQueries(graphene.ObjectType):
    bundle_templates = graphene.Field(
        BundleTemplateConnection,
        required=True,
        description="一件事 templates the city designed (published ones), in a stable order.",
        **page_args(
            lifecycle=Lifecycle(description="Only templates of this lifecycle."),
            target=BundleTarget(description="Only templates serving these applicants."),
            tier=BundleTier(description="Only templates of this tier (e.g. NATIONAL: the State Council's batches)."),
            search=graphene.String(description="A part of the name."),
            changed_since=graphene.DateTime(description="Only templates published after this time."),
        ),
    )
    bundle_template = graphene.Field(
        BundleTemplateType, code=graphene.String(required=True), description="One template by its code."
    )
    bundles = graphene.Field(
        BundleConnection,
        required=True,
        description="一件事 offered by regions (published), in a stable order. Withdrawn ones leave the collection "
        "and appear in `tombstones` (kind BUNDLE).",
        **page_args(
            region_code=graphene.String(description="Only bundles of this region."),
            include_descendants=graphene.Boolean(
                default_value=False, description="With `regionCode`: also the regions below it."
            ),
            lifecycle=Lifecycle(description="Only bundles of this lifecycle."),
            template_code=graphene.String(description="Only adoptions of this template."),
            search=graphene.String(description="A part of the name."),
            changed_since=graphene.DateTime(
                description="Only bundles changed after this time: their own fields, their template, or anything "
                "they show (an implementation, one of its materials, a catalog item, a department, the region)."
            ),
        ),
    )
    bundle = graphene.Field(
        BundleType, code=graphene.String(required=True, description="一件事编码, e.g. KBCYD-511602."),
        description="One bundle by its code; null if unknown or not published.",
    )

    @staticmethod
    def resolve_bundle_templates(root, info, first=None, after=None, changed_since=None, tier=None, **filters):
        viewer = info.context.api_viewer
        queryset = filter_templates(selectors.bundle_templates(viewer, tier=tier), viewer,
                                    changed_since=aware(changed_since, "changedSince"), **filters)
        return paginate(BundleTemplateConnection, queryset, info=info, kind="BundleTemplate", first=first,
                        after=after, prepare=prepare_templates)

    @staticmethod
    def resolve_bundle_template(root, info, code):
        row = selectors.bundle_templates(info.context.api_viewer).filter(code=normalize_code(code)).first()
        return prepare_templates([row], info)[0] if row else None

    @staticmethod
    def resolve_bundles(root, info, first=None, after=None, changed_since=None, **filters):
        viewer = info.context.api_viewer
        queryset = filter_bundles(selectors.bundles(viewer), viewer, changed_since=aware(changed_since, "changedSince"),
                                  **filters)
        return paginate(BundleConnection, queryset, info=info, kind="Bundle", first=first, after=after,
                        prepare=prepare_bundles)

    @staticmethod
    def resolve_bundle(root, info, code):
        row = selectors.bundles(info.context.api_viewer).filter(code=normalize_code(code)).first()
        return prepare_bundles([row], info)[0] if row else None

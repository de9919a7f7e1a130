import graphene

from cms.api.core.enums import choices_enum
from cms.api.reviews.dataloaders import ReviewMarksByBundleIdLoader, ReviewMarksByImplementationIdLoader
from config_models.models import ReviewStatus as ReviewStatusChoices

ReviewStatus = choices_enum(ReviewStatusChoices, "ReviewStatus", "复核状态 of a 待复核 mark.")


class ReviewFieldChangeType(graphene.ObjectType):
    """One changed field group of the source, with the values as the admin shows them."""

    field = graphene.String(required=True, description="The field group: name, code, item_type, legal_bases, items, "
                            "form … (the catalog item's or the template's).")
    label = graphene.String(required=True, description="Its Chinese label, e.g. 事项名称.")
    before = graphene.String(required=True, description="The value before the change (empty when there was none).")
    after = graphene.String(required=True, description="The value now.")

    class Meta:
        name = "ReviewFieldChange"


class ReviewNeededType(graphene.ObjectType):
    """待复核: the catalog item (of an implementation) or the template (of a bundle) changed in what this row
    inherits, and the region's administrators have not settled it yet. Front ends may warn."""

    since = graphene.DateTime(required=True, description="When the first unsettled change was made.")
    status = graphene.Field(ReviewStatus, required=True, description="PENDING, or ESCALATED to the level above.")
    source = graphene.String(required=True, description="The changed catalog item or template, by name and code.")
    fields = graphene.List(graphene.NonNull(ReviewFieldChangeType), required=True,
                           description="The changed field groups, before → after.")

    class Meta:
        name = "ReviewNeeded"


def _review_needed(marks):
    if not marks:
        return None
    escalated = any(mark.status == ReviewStatusChoices.ESCALATED for mark in marks)
    return ReviewNeededType(
        since=min(mark.since for mark in marks),
        status=ReviewStatusChoices.ESCALATED if escalated else ReviewStatusChoices.PENDING,
        source="；".join(str(mark.source) for mark in marks),
        fields=[ReviewFieldChangeType(field=f["field"], label=f["label"], before=f["before"], after=f["after"])
                for mark in marks for f in mark.fields],
    )


def implementation_review_needed(root, info):
    return _review_needed(ReviewMarksByImplementationIdLoader.for_request(info).load(root.pk))


def bundle_review_needed(root, info):
    return _review_needed(ReviewMarksByBundleIdLoader.for_request(info).load(root.pk))

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from config_models.history import acting
from config_models.models import ChangeOperation, Implementation, ImplementationStatus, LeaveReason, Material
from config_models.services import save_validated
from config_models.services.feed import feed_record
from config_models.services.registry import register
from config_models.services.revisions import publish_revision, unpublish_instance

REFERENCES = ["catalog_item", "region", "department"]


def implementation_validate(
    *,
    implementation: Implementation,
    materials: list[Material] | None = None,
    validate_constraints: bool = True,
    references_loaded: bool = False,
) -> None:
    """Every rule of an implementation and its materials, reported together; writes nothing.

    The one place these rules are checked: `implementation_save` calls it, and so do the importers, which
    check the uniqueness constraint for a whole file in one query (`validate_constraints=False`) and pass
    catalog item, region and department instances they have just read from the database
    (`references_loaded=True` skips the one existence query per reference; every rule still runs).
    """
    errors = {}
    try:
        implementation.full_clean(
            exclude=REFERENCES if references_loaded else None, validate_constraints=validate_constraints
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    for index, material in enumerate(materials or []):
        problems = []
        try:
            material.full_clean(exclude=["implementation"])
        except ValidationError as error:
            problems = error.messages
        if implementation.region_id and not problems:  # the references exist (full_clean checked them)
            for reference in (material.proof, material.certificate_type):
                refusal = reference.refusal_for(implementation.region) if reference is not None else None
                problems += [refusal] if refusal else []
        if problems:
            errors[f"materials[{index + 1}]"] = problems
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def implementation_save(
    *,
    implementation: Implementation,
    materials: list[Material] | None = None,
    user=None,
    reason: str = "",
    publish: bool = True,
) -> Implementation:
    """Save an implementation and, when given, replace its materials; all rules or nothing.

    `publish=False` keeps a new row as a draft (live=False), e.g. an implementation imported to be completed.
    """
    if publish:
        implementation.live = True
    implementation_validate(implementation=implementation, materials=materials)
    status_before = _status_in_database(implementation)
    save_validated(implementation, user=user, reason=reason)
    if materials is not None:
        for stale in implementation.materials.all():
            stale._history_user = user
            if reason:
                stale._change_reason = reason
            stale.delete()
        for order, material in enumerate(materials):
            material.implementation = implementation
            material.sort_order = order
            save_validated(material, user=user, reason=reason)
    _record(implementation, status_before=status_before, draft=not implementation.live, user=user)
    return implementation


def _status_in_database(implementation: Implementation) -> str | None:
    """The stored status (None for a new row): a change to ENDED makes the row leave mirrors."""
    if implementation.pk is None:
        return None
    return Implementation.objects.filter(pk=implementation.pk).values_list("status", flat=True).first()


def _record(implementation: Implementation, *, status_before: str | None, draft: bool, user) -> None:
    if status_before is None:
        operation, reason = ChangeOperation.INSERT, ""
    elif implementation.status == ImplementationStatus.ENDED and status_before != ImplementationStatus.ENDED:
        operation, reason = ChangeOperation.DELETE, LeaveReason.ENDED
    else:
        operation, reason = ChangeOperation.UPDATE, ""
    feed_record(implementation, operation=operation, reason=reason, draft=draft, actor=user)


@transaction.atomic
def implementation_publish(*, instance: Implementation, revision, user=None, **options) -> Implementation:
    """Publish a revision (admin, bulk action, schedule, revision revert) with the feed entry of a save."""
    was_live = Implementation.objects.filter(pk=instance.pk, live=True).exists()  # off line until now: new to mirrors
    status_before = _status_in_database(instance) if was_live else None
    implementation = publish_revision(instance=instance, revision=revision, user=user, **options)
    _record(implementation, status_before=status_before, draft=not implementation.live, user=user)
    return implementation


@transaction.atomic
def implementation_unpublish(*, instance: Implementation, user=None, **options) -> Implementation:
    feed_record(instance, operation=ChangeOperation.DELETE, reason=LeaveReason.UNPUBLISHED, actor=user,
                parents=False)
    return unpublish_instance(instance=instance, user=user, **options)


@transaction.atomic
def implementation_delete(*, instance: Implementation, user=None) -> None:
    feed_record(instance, operation=ChangeOperation.DELETE, reason=LeaveReason.DELETED, actor=user)
    with acting(user):
        instance.delete()


@transaction.atomic
def implementation_bulk_create(
    *, rows: list[tuple[Implementation, list[Material]]], user=None, reason: str = "", publish: bool = True
) -> list[Implementation]:
    """Create many new implementations with their materials: the same rules as `implementation_save`.

    Each row is validated by `implementation_validate`; the uniqueness constraint is checked for all rows
    in one query, and the rows, their history and their feed entries are written with bulk inserts. Only
    for new rows.
    """
    errors = {}
    for index, (implementation, materials) in enumerate(rows):
        if publish:
            implementation.live = True
        try:
            implementation_validate(implementation=implementation, materials=materials, validate_constraints=False,
                                    references_loaded=all(getattr(implementation, f"{name}_id") for name in REFERENCES))
        except ValidationError as error:
            errors[index] = error
    keys = [(i.catalog_item_id, i.region_id, i.department_id) for i, _materials in rows]
    taken = set(
        Implementation.objects.filter(catalog_item_id__in={k[0] for k in keys}, region_id__in={k[1] for k in keys})
        .values_list("catalog_item_id", "region_id", "department_id")
    )
    seen = set()
    for index, key in enumerate(keys):
        if key in taken or key in seen:
            errors.setdefault(index, ValidationError({"__all__": ["该实施主体在本区划已有此事项的实施清单。"]}))
        seen.add(key)
    if errors:
        raise ValidationError({f"rows[{index}]": error.messages for index, error in sorted(errors.items())})
    implementations = [implementation for implementation, _materials in rows]
    bulk_create_with_history(
        implementations, Implementation, batch_size=500, default_user=user, default_change_reason=reason
    )
    all_materials = []
    for implementation, materials in rows:
        for order, material in enumerate(materials):
            material.implementation_id = implementation.pk
            material.sort_order = order
            all_materials.append(material)
    bulk_create_with_history(all_materials, Material, batch_size=500, default_user=user, default_change_reason=reason)
    feed_record(implementations, operation=ChangeOperation.INSERT, draft=not publish, actor=user)
    return implementations


register(
    Implementation,
    save=lambda *, instance, user=None, reason="": implementation_save(
        implementation=instance, user=user, reason=reason, publish=instance.live
    ),
    publish=implementation_publish,
    unpublish=implementation_unpublish,
    delete=implementation_delete,
)

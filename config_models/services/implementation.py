from django.core.exceptions import ValidationError
from django.db import transaction

from config_models.models import Implementation, Material
from config_models.services import save_validated


@transaction.atomic
def implementation_save(
    *, implementation: Implementation, materials: list[Material] | None = None, user=None
) -> Implementation:
    """Save an implementation (live) and, when given, replace its materials; all rules or nothing."""
    implementation.live = True
    errors = {}
    try:
        implementation.full_clean()  # reported together with the materials' errors
    except ValidationError as error:
        errors.update(error.message_dict)
    for index, material in enumerate(materials or []):
        try:
            material.full_clean(exclude=["implementation"])
        except ValidationError as error:
            errors[f"materials[{index + 1}]"] = error.messages
    if errors:
        raise ValidationError(errors)
    save_validated(implementation, user=user)
    if materials is not None:
        for stale in implementation.materials.all():
            stale._history_user = user
            stale.delete()
        for order, material in enumerate(materials):
            material.implementation = implementation
            material.sort_order = order
            save_validated(material, user=user)
    return implementation

"""Writes go through these functions: the admin, the importers and the API call the same ones, so the
same validation and the same audit history apply whatever the entry point (STYLE.md 2)."""

from django.db import models, transaction


def save_validated(instance: models.Model, *, user=None, reason: str = "") -> models.Model:
    """Validate every rule of the model (its `clean`, fields, constraints), then save with the acting user."""
    instance.full_clean()
    instance._history_user = user
    if reason:
        instance._change_reason = reason
    with transaction.atomic():
        instance.save()
    return instance

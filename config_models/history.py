"""Audit history (django-simple-history) that stays true to the table under Wagtail drafts.

Wagtail saves a draft as a revision and then saves the live row with only its bookkeeping fields
(`update_fields=["latest_revision", "has_unpublished_changes"]`, or the locking fields). The in-memory
instance holds the draft values at that moment, so a plain HistoricalRecords would record values the
table never held (DESIGN.md §7). Those saves change no configuration and are skipped here.
"""

import contextlib
import contextvars

from django.db import models
from modelcluster.fields import ParentalKey
from simple_history.models import HistoricalRecords
from simple_history.utils import get_change_reason_from_object

# Who acts, and why, for saves a service does not make itself: Wagtail's publish action saves a fresh copy
# of the row from the revision, which carries no `_history_user`.
_acting = contextvars.ContextVar("acting", default=(None, ""))


@contextlib.contextmanager
def acting(user=None, reason: str = ""):
    """History rows written inside the block name this user and reason (unless the row sets its own)."""
    if user is not None and not getattr(user, "pk", None):
        user = None  # an anonymous user acts as nobody
    token = _acting.set((user, reason))
    try:
        yield
    finally:
        _acting.reset(token)

WAGTAIL_BOOKKEEPING_FIELDS = frozenset(
    {
        "latest_revision",
        "live_revision",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
        "first_published_at",
        "last_published_at",
        # Page.save_revision's bookkeeping save (draft title and comments are part of the draft).
        "draft_title",
        "latest_revision_created_at",
        "wagtail_admin_comments",
    }
)


# Columns of a page that are Wagtail's tree and revision bookkeeping, not configuration: kept out of the
# history of page models. Publishing state and the go-live and expiry dates stay in: for a roster they are
# its validity.
PAGE_BOOKKEEPING_FIELDS = [
    "path", "depth", "numchild", "url_path", "draft_title", "content_type", "translation_key", "locale",
    "alias_of", "latest_revision", "live_revision", "has_unpublished_changes", "first_published_at",
    "last_published_at", "latest_revision_created_at", "locked", "locked_at", "locked_by", "owner",
    "show_in_menus", "seo_title", "search_description",
]


class ConfigHistory(HistoricalRecords):
    def copy_fields(self, model):
        # A ParentalKey on the history table would make the history rows children of the live cluster.
        fields = super().copy_fields(model)
        for field in fields.values():
            if isinstance(field, ParentalKey):
                field.__class__ = models.ForeignKey
        return fields

    def get_history_user(self, instance):
        user = super().get_history_user(instance)
        return user if user is not None else _acting.get()[0]

    def get_change_reason_for_object(self, instance, history_type, using):
        return get_change_reason_from_object(instance) or _acting.get()[1] or None

    def post_save(self, instance, created, using=None, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields and set(update_fields) <= WAGTAIL_BOOKKEEPING_FIELDS:
            return
        super().post_save(instance, created, using=using, **kwargs)


def history(**kwargs) -> ConfigHistory:
    """History for a configuration model. Wagtail's bookkeeping columns are not audited."""
    kwargs.setdefault("excluded_fields", [])
    return ConfigHistory(
        user_related_name="+",
        cascade_delete_history=False,
        **kwargs,
    )

"""Audit history (django-simple-history) that stays true to the table under Wagtail drafts.

Wagtail saves a draft as a revision and then saves the live row with only its bookkeeping fields
(`update_fields=["latest_revision", "has_unpublished_changes"]`, or the locking fields). The in-memory
instance holds the draft values at that moment, so a plain HistoricalRecords would record values the
table never held (DESIGN.md §7). Those saves change no configuration and are skipped here.
"""

from django.db import models
from modelcluster.fields import ParentalKey
from simple_history.models import HistoricalRecords

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

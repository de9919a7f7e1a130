"""The checks a configuration page must pass to be published, for paths that skip the page forms.

Bundle, BundleTemplate and Delegation refuse a live save that breaks their rules (the guarantee); the page
forms report the same problems first. Wagtail's bulk publish has no form, so it asks here before it
publishes anything, and shows these reasons instead of failing on the model's refusal.
"""

from django.core.exceptions import ValidationError
from wagtail.models import Page

from config_models.models import Bundle, BundleTemplate, Delegation
from config_models.services.authorization import delegation_validate
from config_models.services.bundle import bundle_publish_refusal, bundle_template_problems


def page_publish_problems(page: Page) -> list[str]:
    """Why publishing the page's latest draft would be refused (Chinese); empty when it may be published."""
    draft = page.specific.get_latest_revision_as_object()
    if isinstance(draft, Delegation):
        try:
            delegation_validate(delegation=draft, publishing=True)
        except ValidationError as error:
            return error.messages
    elif isinstance(draft, Bundle):
        refusal = bundle_publish_refusal(draft)
        return [str(refusal)] if refusal else []
    elif isinstance(draft, BundleTemplate):
        return [str(message) for messages in bundle_template_problems(draft).values() for message in messages]
    return []

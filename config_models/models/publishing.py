"""Wagtail's publish and unpublish, routed to the entity's services whatever calls them.

The admin's publish buttons, bulk actions, scheduled publishing (`publish_scheduled`) and "revert to this
revision" all end in `revision.publish()` → `instance.publish()`, or in `instance.unpublish()`. Models with
this mixin hand those calls to the services registered for them, which run the rules and write the audit
and feed entries; the services do Wagtail's own work inside `publishing_directly()`.
"""

import contextlib
import contextvars

from config_models.services.registry import services_for

_direct = contextvars.ContextVar("publishing_directly", default=False)


@contextlib.contextmanager
def publishing_directly():
    """Inside the block, publish() and unpublish() are Wagtail's own (the services are already running)."""
    token = _direct.set(True)
    try:
        yield
    finally:
        _direct.reset(token)


class ServicePublishingMixin:
    def publish(self, revision, user=None, **options):
        services = services_for(type(self))
        if _direct.get() or services is None or services.publish is None:
            return super().publish(revision, user=user, **options)
        return services.publish(instance=self, revision=revision, user=user, **options)

    def unpublish(self, set_expired=False, commit=True, user=None, log_action=True):
        services = services_for(type(self))
        if _direct.get() or services is None or services.unpublish is None or not commit:
            return super().unpublish(set_expired=set_expired, commit=commit, user=user, log_action=log_action)
        return services.unpublish(instance=self, user=user, set_expired=set_expired, log_action=log_action)

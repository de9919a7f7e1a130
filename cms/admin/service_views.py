"""Snippet views that save and delete through the model's registered services (config_models.services
.registry), so an admin edit runs the same rules and writes the same audit and feed entries as any other path."""

from wagtail.log_actions import log
from wagtail.models import DraftStateMixin

from config_models.services.registry import services_for
from config_models.services.revisions import draft_record


class ServiceSaveMixin:
    def save_instance(self):
        creating = self.view_name in ("create", "copy") or self.form.instance.pk is None
        instance = self.form.save(commit=False)
        instance = services_for(type(instance)).save(instance=instance, user=self.request.user)
        self.form.save_m2m()
        log(instance=instance, action="wagtail.create" if creating else "wagtail.edit", user=self.request.user)
        return instance


class ServiceDraftMixin:
    """A draft model's add and edit views: Wagtail saves the draft revision, and the feed hears of it; the
    "publish" action goes on to `publish()`, which reaches the service and writes the public entry."""

    def save_instance(self):
        instance = super().save_instance()
        if self.action != "publish":
            draft_record(instance=instance, user=self.request.user, created=self.view_name == "create")
        return instance


class ServiceDeleteMixin:
    def delete_action(self):
        log(instance=self.object, action="wagtail.delete", user=self.request.user, deleted=True)
        services_for(type(self.object)).delete(instance=self.object, user=self.request.user)


class ServiceUnpublishMixin:
    """Wagtail's unpublish view runs its own action; `unpublish()` of the row reaches the service instead."""

    def unpublish(self):
        hook_response = self.run_hook("before_unpublish", self.request, self.object)
        if hook_response is not None:
            return hook_response
        for row in self.objects_to_unpublish:
            row.unpublish(user=self.request.user)
        return self.run_hook("after_unpublish", self.request, self.object)


def with_services(viewset_class):
    """Give a snippet viewset's add, edit, copy and delete views the model's services.

    A draft model's add and edit views save revisions (the feed records the draft) and publish them through
    `publish()`, which already reaches the service (config_models.models.publishing); its unpublish view is
    routed here.
    """

    def view(name, mixin):
        def getter(self):
            base = getattr(super(viewset_class, self), name)
            return type(base.__name__, (mixin, base), {})

        return property(getter)

    if issubclass(viewset_class.model, DraftStateMixin):
        viewset_class.add_view_class = view("add_view_class", ServiceDraftMixin)
        viewset_class.edit_view_class = view("edit_view_class", ServiceDraftMixin)
        viewset_class.unpublish_view_class = view("unpublish_view_class", ServiceUnpublishMixin)
    else:
        viewset_class.add_view_class = view("add_view_class", ServiceSaveMixin)
        viewset_class.edit_view_class = view("edit_view_class", ServiceSaveMixin)
        viewset_class.copy_view_class = view("copy_view_class", ServiceSaveMixin)
    viewset_class.delete_view_class = view("delete_view_class", ServiceDeleteMixin)
    return viewset_class

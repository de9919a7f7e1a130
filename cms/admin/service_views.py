"""Snippet views that save and delete through the model's registered services (config_models.services
.registry), so an admin edit runs the same rules and writes the same audit and feed entries as any other path."""

from wagtail.log_actions import log

from config_models.services.registry import services_for


class ServiceSaveMixin:
    def save_instance(self):
        creating = self.view_name in ("create", "copy") or self.form.instance.pk is None
        instance = self.form.save(commit=False)
        instance = services_for(type(instance)).save(instance=instance, user=self.request.user)
        self.form.save_m2m()
        log(instance=instance, action="wagtail.create" if creating else "wagtail.edit", user=self.request.user)
        return instance


class ServiceDeleteMixin:
    def delete_action(self):
        log(instance=self.object, action="wagtail.delete", user=self.request.user, deleted=True)
        services_for(type(self.object)).delete(instance=self.object, user=self.request.user)


def with_services(viewset_class):
    """Give a snippet viewset's add, edit, copy and delete views the model's services."""

    def view(name, mixin):
        def getter(self):
            base = getattr(super(viewset_class, self), name)
            return type(base.__name__, (mixin, base), {})

        return property(getter)

    viewset_class.add_view_class = view("add_view_class", ServiceSaveMixin)
    viewset_class.edit_view_class = view("edit_view_class", ServiceSaveMixin)
    viewset_class.copy_view_class = view("copy_view_class", ServiceSaveMixin)
    viewset_class.delete_view_class = view("delete_view_class", ServiceDeleteMixin)
    return viewset_class

"""POST data for the Wagtail admin's snippet forms, built from the real edit form of a saved row.

`edit_post_data(row, name="新名称")` returns what a browser would submit from the row's edit page
without touching anything but the changed fields: every field of the form, the inline formsets with
their management fields (`materials-TOTAL_FORMS` …), and the row's current values (for draft models,
the values of its latest revision, which is what the edit page shows).
"""

import datetime

from django import forms
from wagtail.models import DraftStateMixin


def _value(bound_field):
    """The submitted form of one bound field's current value, or None to leave it out (unticked box)."""
    field, value = bound_field.field, bound_field.value()
    if isinstance(field, forms.BooleanField):
        return "on" if value else None
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return [str(getattr(item, "pk", item)) for item in value]
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(getattr(value, "pk", value))


def form_data(form) -> dict:
    """Everything one Wagtail admin form (with its inline formsets) would submit, unchanged."""
    data = {}
    for bound_field in form:
        value = _value(bound_field)
        if value is not None:
            data[bound_field.html_name] = value
    for formset in getattr(form, "formsets", {}).values():
        for bound_field in formset.management_form:
            data[bound_field.html_name] = _value(bound_field)
        for child in formset.forms:
            for bound_field in child:
                value = _value(bound_field)
                if value is not None:
                    data[bound_field.html_name] = value
    return data


def edit_form(row):
    """The admin edit form of a saved row, unbound, as the snippet viewset builds it."""
    viewset = type(row).snippet_viewset
    form_class = viewset.get_edit_handler().get_form_class()
    instance = row.get_latest_revision_as_object() if isinstance(row, DraftStateMixin) else row
    return form_class(instance=instance, for_user=None)


def edit_post_data(row, *, publish: bool = False, **changes) -> dict:
    """POST data that saves `row` from its edit page with `changes` applied (model objects → pk)."""
    data = form_data(edit_form(row))
    for name, value in changes.items():
        data[name] = str(getattr(value, "pk", value)) if not isinstance(value, list) else value
    if publish:
        data["action-publish"] = "action-publish"
    return data

"""Build the POST data of a Wagtail snippet form, so tests can submit the admin forms without rendering them.

`form_data(instance)` returns the data the form would send back unchanged for `instance`, including the
management fields of every inline formset. An unsaved instance gives the add form's data (with any values
set on it, valid or not), a saved one the edit form's. Tests override single fields by their POST name, and
add inline rows with `child_rows`:

    data = form_data(implementation, committed_limit="30", child_rows={"materials": [{"name": "身份证"}]})
    response = admin_post(client, implementation, data, publish=True)  # add or edit, then publish
    assert form_errors(response)["committed_limit"] == [...]

The values come from the instance given. For a draftable row with a pending draft the edit page shows the
draft instead: pass `row.get_latest_revision_as_object()` to start from it.
"""

import datetime
import enum
from collections.abc import Iterable

from django import forms
from django.urls import reverse

PUBLISH = "action-publish"


def snippet_form_class(model):
    return model.snippet_viewset.get_edit_handler().get_form_class()


def snippet_url(model, view: str, *args) -> str:
    return reverse(f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}:{view}", args=args)


def _post_value(bound_field):
    """The value a browser would submit for a field, or None when the field is left out (unticked box)."""
    value = bound_field.value()
    if isinstance(bound_field.field, forms.BooleanField):
        return "on" if value else None
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return [_scalar(v) for v in value]
    return _scalar(value)


def _scalar(value) -> str:
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


def _form_fields(form) -> dict:
    data = {}
    for bound_field in form:
        value = _post_value(bound_field)
        if value is not None:
            data[bound_field.html_name] = value
    return data


def form_data(instance, *, user=None, child_rows: dict[str, Iterable[dict]] | None = None, **overrides) -> dict:
    """The full POST data of the snippet form for `instance`, with `overrides` applied (None removes a key).

    `child_rows` maps a formset name ("materials", "legal_bases") to new inline rows: each row starts from
    the empty form's defaults and takes the given values.
    """
    form = snippet_form_class(type(instance))(instance=instance, for_user=user)
    data = _form_fields(form)
    for name, formset in form.formsets.items():
        rows = list(formset.forms)
        for row in rows:
            data.update(_form_fields(row))
        new_rows = list((child_rows or {}).get(name, []))
        for offset, values in enumerate(new_rows):
            index = len(rows) + offset
            empty = _form_fields(formset.empty_form)
            row = {key.replace("__prefix__", str(index)): value for key, value in empty.items()}
            row[f"{formset.prefix}-{index}-ORDER"] = str(index + 1)
            for field, value in values.items():
                row[f"{formset.prefix}-{index}-{field}"] = value
            data.update({k: v for k, v in row.items() if v is not None})
        data.update(
            {
                f"{formset.prefix}-TOTAL_FORMS": str(len(rows) + len(new_rows)),
                f"{formset.prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
                f"{formset.prefix}-MIN_NUM_FORMS": str(formset.min_num),
                f"{formset.prefix}-MAX_NUM_FORMS": str(formset.max_num),
            }
        )
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def admin_post(client, instance, data: dict, *, publish: bool = False):
    """Submit the add form (unsaved `instance`) or the edit form (saved one) of the snippet admin."""
    model = type(instance)
    url = snippet_url(model, "edit", instance.pk) if instance.pk else snippet_url(model, "add")
    if publish:
        data = {**data, PUBLISH: "action-publish"}  # Wagtail tests the value, so it must not be empty
    return client.post(url, data)


def form_errors(response) -> dict[str, list[str]]:
    """Errors of the re-rendered form and its inline forms, keyed like the POST data ("materials-0-name")."""
    form = response.context["form"]
    errors = {name: list(messages) for name, messages in form.errors.items()}
    for formset in form.formsets.values():
        for row in formset.forms:
            for name, messages in row.errors.items():
                errors[f"{row.prefix}-{name}"] = list(messages)
        if formset.non_form_errors():
            errors[f"{formset.prefix}-__all__"] = list(formset.non_form_errors())
    return errors

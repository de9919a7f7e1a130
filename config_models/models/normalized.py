"""Normalise values before any field is validated.

Django's `full_clean` checks the fields (max_length, choices) before it calls `clean`, so a code pasted
from Excel with a trailing space ("000101001000 ") failed on its length before `clean` could trim it.
Models put their normalisation in `normalize()`; it runs before the field checks on every path (service,
admin form), and each model's `clean` calls it again for callers that run `clean` alone.
"""


class NormalizedModelMixin:
    def normalize(self) -> None:
        """Normalise the model's text and code fields in place (config_models.text)."""

    def clean_fields(self, exclude=None):
        self.normalize()
        super().clean_fields(exclude=exclude)

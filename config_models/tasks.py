"""Scheduled publishing as tasks: `manage.py run_worker` enqueues both every minute.

Cron users can run the two commands instead (`publish_due_publications`, Wagtail's `publish_scheduled`).
"""

import io

from django.core.management import call_command
from django_tasks import task

from config_models.models import PublicationStatus
from config_models.services.published_list import publications_publish_due


@task()
def publish_due_publications() -> dict[str, list[int]]:
    """Publish the list batches whose scheduled time has come; returns the ids published and refused."""
    done = publications_publish_due()
    return {
        "published": [p.pk for p in done if p.status == PublicationStatus.PUBLISHED],
        "refused": [p.pk for p in done if p.status != PublicationStatus.PUBLISHED],
    }


@task()
def publish_scheduled_pages() -> str:
    """Wagtail's go-live and expiry dates of pages and snippets (authorization rosters come into force by them)."""
    output = io.StringIO()
    call_command("publish_scheduled", stdout=output)
    return output.getvalue()

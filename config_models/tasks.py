"""Scheduled work as tasks: `manage.py run_worker` enqueues these every minute (publishing batches and pages,
and the monthly indicator snapshots, which do nothing until a month has none).

Cron users can run the two commands instead (`publish_due_publications`, Wagtail's `publish_scheduled`).
"""

import io

from django.core.management import call_command
from django.utils import timezone
from django_tasks import task

from config_models.models import PublicationStatus
from config_models.services.indicator import monthly_snapshots_take
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


@task()
def take_monthly_indicator_snapshots() -> int:
    """On the first run of each month, store every region's indicators as of the month's first day (the trend
    charts read these); later runs that month do nothing. Returns the snapshots written."""
    return monthly_snapshots_take(today=timezone.localdate())


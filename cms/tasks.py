"""Scheduled work of the API layer, enqueued by `manage.py run_worker` beside config_models.tasks."""

from django_tasks import task

from cms.api.snapshot import refresh_snapshots


@task()
def refresh_mirror_snapshots() -> dict[str, int]:
    """Rebuild the county snapshots that changed (at most once per MIRROR_SNAPSHOT_INTERVAL); returns the
    feed position of each one built."""
    return {snapshot.region.code: snapshot.sequence for snapshot in refresh_snapshots()}

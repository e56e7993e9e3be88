"""Background work of the dashboards: the database worker (`manage.py db_worker`) runs it."""

from django.tasks import task


@task
def refresh_dashboard_snapshots() -> int:
    """Recompute the dashboards' stale snapshots (`reports.snapshots`); safe to run twice."""
    from reports.snapshots import snapshots_refresh

    return snapshots_refresh()

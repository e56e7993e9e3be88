"""The background task: the database worker (`manage.py db_worker`) runs it; it takes the report's id."""

from django.tasks import task


@task
def generate_report(run_id: int) -> None:
    from reports.quarterly.services import report_run_generate

    report_run_generate(run_id)

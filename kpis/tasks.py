"""Work too long for a web request, run as django-tasks tasks (settings.TASKS): in a worker
(`manage.py db_worker`) when TASKS_BACKEND=database, or at once, in the request, when no
worker is configured (the demo). Each task's arguments are plain text, kept in the database
until a worker takes it; what it does is in kpis.services.uploads."""

from django_tasks import task

from kpis.services import uploads


@task()
def check_upload(token: str):
    """The dry run of an uploaded workbook: its preview, or every problem."""
    uploads.check(token)


@task()
def confirm_upload(token: str):
    """The confirmed import of an uploaded workbook, all or nothing."""
    uploads.confirm(token)

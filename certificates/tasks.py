"""Background tasks of the certificates app (run by `manage.py db_worker`).

Each takes ids, not objects (the arguments are stored as JSON), and only
calls a service, so the work can be read, and tested, without a worker.
"""

from django_tasks import task

from . import services


@task()
def certificate_export_build(*, export_id: int) -> int | None:
    """Build a manager's ZIP of certificate PDFs; returns how many it holds."""
    export = services.certificate_export_build(export_id=export_id)
    return export.certificates if export is not None else None


@task()
def certificate_pdfs_render(*, certificate_ids: list[int] | None = None) -> int:
    """Render again out-of-date certificate PDFs (a name correction, a new base URL)."""
    return services.certificate_pdfs_refresh(certificate_ids=certificate_ids)

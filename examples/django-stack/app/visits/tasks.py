import socket

from celery import shared_task

from .models import Visit


@shared_task
def tally(visit_id):
    """Run by the worker: reads the visit back from MariaDB and counts every visit so far."""
    visit = Visit.objects.get(pk=visit_id)
    return {"visit": visit.id, "visits": Visit.objects.count(), "worker": socket.gethostname()}

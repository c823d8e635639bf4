"""The page: writes a row to MariaDB, caches it in Redis, hands a task to the Celery worker and
shows its result. /health checks all three and answers 200 only when each answered."""
import html
import socket

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse

from stack.celery import app as celery_app

from .models import Visit
from .tasks import tally


def _redis():
    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=5, socket_connect_timeout=5)


def index(request):
    visit = Visit.objects.create(agent=request.META.get("HTTP_USER_AGENT", "")[:200], served_by=socket.gethostname())
    cache = _redis()
    cache.set("last_visit", visit.id)
    hits = cache.incr("hits")
    result = tally.delay(visit.id).get(timeout=settings.TASK_RESULT_TIMEOUT)
    rows = [
        ("MariaDB", f"visit {visit.id} written at {visit.at:%H:%M:%S}"),
        ("Redis", f"last visit {int(cache.get('last_visit'))} cached, {hits} hits"),
        ("Celery", f"worker {result['worker']} counted {result['visits']} visits (visit {result['visit']})"),
    ]
    body = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows)
    return HttpResponse(
        "<!doctype html><title>Juxta example stack</title>"
        f"<h1>Served by {html.escape(socket.gethostname())}</h1><table>{body}</table>\n"
    )


def health(request):
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            checks["db"] = cursor.fetchone()[0] == 1
    except Exception as e:  # a health check reports what failed, it does not fail itself
        checks["db"] = f"{type(e).__name__}: {e}"
    try:
        checks["cache"] = bool(_redis().ping())
    except Exception as e:
        checks["cache"] = f"{type(e).__name__}: {e}"
    try:
        # limit=1: the first worker's answer ends the wait (else it lasts the whole timeout).
        checks["worker"] = bool(celery_app.control.ping(timeout=settings.HEALTH_WORKER_TIMEOUT, limit=1))
    except Exception as e:
        checks["worker"] = f"{type(e).__name__}: {e}"
    ok = all(v is True for v in checks.values())
    return JsonResponse(checks, status=200 if ok else 503)

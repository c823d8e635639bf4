"""The Celery app of the stack: Redis (the cache service) as broker and result store."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stack.settings")

app = Celery("stack")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

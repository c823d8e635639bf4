"""Settings of the example stack. Everything a deployment changes comes from the environment
(the compose file's `environment`), with the compose file's service names as defaults."""
import os

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "juxta-example-stack-not-a-secret")
DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = ["visits"]
MIDDLEWARE = []
ROOT_URLCONF = "stack.urls"
WSGI_APPLICATION = "stack.wsgi.application"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.mysql",
        "HOST": os.environ.get("DB_HOST", "db"),
        "PORT": os.environ.get("DB_PORT", "3306"),
        "NAME": os.environ.get("MARIADB_DATABASE", "stack"),
        "USER": os.environ.get("MARIADB_USER", "stack"),
        "PASSWORD": os.environ.get("MARIADB_PASSWORD", ""),
        "OPTIONS": {"connect_timeout": 5, "charset": "utf8mb4"},
    }
}

REDIS_URL = os.environ.get("REDIS_URL", "redis://cache:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "redis://cache:6379/1")
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# How long the page waits for the worker's result, and /health for a worker's ping answer. A slow
# host (an emulated one, four VMs) needs more; gunicorn's own --timeout (GUNICORN_CMD_ARGS) must
# then be longer than either.
TASK_RESULT_TIMEOUT = float(os.environ.get("TASK_RESULT_TIMEOUT", "15"))
HEALTH_WORKER_TIMEOUT = float(os.environ.get("HEALTH_WORKER_TIMEOUT", "2"))

LOGGING = {
    "version": 1,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

"""The WSGI entry gunicorn serves (`gunicorn stack.wsgi`)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stack.settings")
application = get_wsgi_application()

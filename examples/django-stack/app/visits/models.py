from django.db import models


class Visit(models.Model):
    """One request to the page: the row the web service writes to MariaDB."""

    at = models.DateTimeField(auto_now_add=True)
    agent = models.CharField(max_length=200, blank=True)
    served_by = models.CharField(max_length=64)

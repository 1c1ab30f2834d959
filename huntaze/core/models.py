"""Base model shared by the domain apps."""

from django.db import models


class TimeStampedModel(models.Model):
    """Local bookkeeping times (when Huntaze created/changed the row), not OnlyFans times."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

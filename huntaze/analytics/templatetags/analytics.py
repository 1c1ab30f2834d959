"""Template filters of the analytics page."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from huntaze.web.templatetags.money import cents

register = template.Library()


@register.filter
def kpi(value: float | None, unit: str) -> str:
    """A KPI figure or target in its unit (``presets.schemas.KPI_UNITS``); a dash when unknown."""
    if value is None:
        return "—"
    if unit == "cents":
        return cents(value)
    if unit == "percent":
        return f"{number_format(value)}%"
    if unit == "minutes":
        return _("%(value)s min") % {"value": number_format(value)}
    return number_format(value)


@register.filter
def duration(seconds: float | None) -> str:
    """A response time for people: ``42 s``, ``18 min``, ``3 h 05 min``, ``2 d 4 h``."""
    if seconds is None:
        return ""
    total = round(seconds)
    if total < 60:
        return _("%(seconds)s s") % {"seconds": total}
    minutes = total // 60
    if minutes < 60:
        return _("%(minutes)s min") % {"minutes": minutes}
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return _("%(hours)s h %(minutes)02d min") % {"hours": hours, "minutes": minutes}
    days, hours = divmod(hours, 24)
    return _("%(days)s d %(hours)s h") % {"days": days, "hours": hours}

"""Dashboard input of the activity feed: the type filter and the page cursor."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from huntaze.events.choices import EventType
from huntaze.web.lists import SortableListForm


class EventFilterForm(SortableListForm):
    """The feed's GET parameters; an empty form is every event, newest first (one fixed order)."""

    SORTS = {"recorded": (_("Recorded"), "desc")}
    DEFAULT_SORT = "recorded"

    type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Any")), *EventType.choices])

"""Forms of the shifts page: they parse input; the services check roles and rules."""

from __future__ import annotations

from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from huntaze.shifts.choices import ClockKind
from huntaze.shifts.services import EXTEND_MAX_HOURS


class ShiftForm(forms.Form):
    membership = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    account = forms.IntegerField(label=_("Account"), min_value=1)
    weekday = forms.TypedChoiceField(label=_("Day"), choices=sorted(WEEKDAYS.items()), coerce=int)
    start_time = forms.TimeField(label=_("Starts"))
    end_time = forms.TimeField(label=_("Ends"), help_text=_("Before the start: the shift ends the next day."))


class ExtendForm(forms.Form):
    membership = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    account = forms.IntegerField(label=_("Account"), min_value=1)
    hours = forms.IntegerField(label=_("Hours from now"), min_value=1, max_value=EXTEND_MAX_HOURS)


class ClockForm(forms.Form):
    account = forms.IntegerField(min_value=1)
    kind = forms.ChoiceField(choices=ClockKind.choices)

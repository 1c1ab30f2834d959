"""Dashboard input of the performance page: the period, and an owner's reassignment of a sale."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from huntaze.analytics.choices import Period
from huntaze.attribution.period import ReportPeriod
from huntaze.core.exceptions import ValidationError


class PerformancePeriodForm(forms.Form):
    """``?days=7|30|90`` (default 30), or ``?start=…&end=…`` (dates, both included)."""

    days = forms.TypedChoiceField(
        label=_("Period"), choices=Period.choices, coerce=int, required=False, empty_value=Period.MONTH
    )
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict:
        data = super().clean()
        if not self.errors:
            try:
                data["period"] = ReportPeriod(days=data["days"], start=data.get("start"), end=data.get("end"))
            except ValidationError as exc:
                raise forms.ValidationError(exc.message) from exc
        return data

    def period(self) -> ReportPeriod:
        return self.cleaned_data["period"]


class ReassignForm(forms.Form):
    """Who gets the sale (empty: nobody) and why; the service checks both."""

    chatter = forms.IntegerField(required=False, min_value=1)
    reason = forms.CharField(required=False, strip=False)

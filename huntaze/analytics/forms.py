"""Dashboard input of the analytics page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from huntaze.analytics.choices import Period


class PeriodForm(forms.Form):
    """``?days=7|30|90``; absent means 30."""

    days = forms.TypedChoiceField(
        label=_("Period"), choices=Period.choices, coerce=int, required=False, empty_value=Period.MONTH
    )

"""Dashboard input of the webhooks page: it parses and labels; the services decide and check roles."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from huntaze.accounts.forms import TeamForm
from huntaze.events.choices import EventType
from huntaze.webhooks.choices import DeliveryStatus
from huntaze.webhooks.models import NAME_MAX_LENGTH, URL_MAX_LENGTH


class WebhookForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX_LENGTH)
    url = forms.CharField(
        label=_("URL"),
        max_length=URL_MAX_LENGTH,
        widget=forms.URLInput(attrs={"spellcheck": "false", "placeholder": "https://"}),
        help_text=_("Huntaze POSTs each event here as JSON, signed with this webhook's secret."),
    )
    event_types = forms.MultipleChoiceField(
        label=_("Events"), choices=EventType.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class WebhookCreateForm(WebhookForm, TeamForm):
    """A new webhook names its team: a stale tab cannot add it to another one."""


class DeliveryFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *DeliveryStatus.choices]
    )
    cursor = forms.CharField(required=False, max_length=200)

"""Dashboard input of the campaign, scheduled-message and sequence pages."""

from __future__ import annotations

from collections.abc import Sequence as Seq
from datetime import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huntaze.accounts.models import OnlyFansAccount
from huntaze.analytics.window import account_tz
from huntaze.campaigns.choices import SequenceKind
from huntaze.campaigns.exclusions import HOURS_MAX, ITEMS_MAX
from huntaze.campaigns.models import NAME_MAX_LENGTH
from huntaze.campaigns.services import DELAY_HOURS_MAX, STEPS_MAX
from huntaze.core.exceptions import ValidationError
from huntaze.core.money import dollars_to_cents
from huntaze.inbox.sending import PRICE_MAX_CENTS, TEXT_MAX
from huntaze.segments.rules import TAGS_PER_RULE_MAX

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> posts


def parsed(form: forms.Form) -> dict[str, Any]:
    """The form's cleaned data, or a ``ValidationError`` (422) naming each bad field."""
    if not form.is_valid():
        problems = "; ".join(
            f"{form.fields[name].label or name}: {' '.join(errors)}"
            if name in form.fields
            else " ".join(errors)
            for name, errors in form.errors.items()
        )
        raise ValidationError(problems, extra={"errors": form.errors.get_json_data()})
    return form.cleaned_data


def price_cents(price: Decimal | None) -> int:
    return dollars_to_cents(price or 0)


def local_time(value: datetime | None, account: OnlyFansAccount) -> datetime | None:
    """A wall-clock time typed on the page, read in the account's time zone."""
    if value is None:
        return None
    return timezone.make_aware(value.replace(tzinfo=None), account_tz(account))


def _price_field() -> forms.DecimalField:
    return forms.DecimalField(
        label=_("Price ($)"),
        required=False,
        min_value=0,
        max_value=Decimal(PRICE_MAX_CENTS) / 100,
        max_digits=9,
        decimal_places=2,
    )


class CampaignForm(forms.Form):
    """A draft campaign. ``segments``, ``media`` and ``items`` are the account's choices."""

    name = forms.CharField(label=_("Name"), max_length=NAME_MAX_LENGTH)
    segment = forms.TypedChoiceField(label=_("Segment"), coerce=int)
    text = forms.CharField(label=_("Message"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4}))
    price = _price_field()
    media_ids = forms.TypedMultipleChoiceField(label=_("Vault media"), required=False, coerce=int)
    exclude_bought = forms.MultipleChoiceField(label=_("Leave out fans who bought"), required=False)
    exclude_messaged_hours = forms.IntegerField(
        label=_("Leave out fans messaged in the last … hours"),
        required=False,
        min_value=1,
        max_value=HOURS_MAX,
    )
    exclude_tags = forms.CharField(
        label=_("Leave out fans tagged (comma-separated)"), required=False, max_length=2000
    )

    def __init__(
        self,
        *args: Any,
        segments: Seq[tuple[int, str]] = (),
        media: Seq[tuple[int, str]] = (),
        items: Seq[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["segment"].choices = list(segments)
        self.fields["media_ids"].choices = list(media)
        self.fields["exclude_bought"].choices = list(items)

    def clean_exclude_bought(self) -> list[str]:
        items = self.cleaned_data["exclude_bought"]
        if len(items) > ITEMS_MAX:
            raise forms.ValidationError(_("At most %(max)d items.") % {"max": ITEMS_MAX})
        return items

    def clean_exclude_tags(self) -> list[str]:
        names = sorted({n.strip().lower() for n in self.cleaned_data["exclude_tags"].split(",") if n.strip()})
        if len(names) > TAGS_PER_RULE_MAX:
            raise forms.ValidationError(_("At most %(max)d tags.") % {"max": TAGS_PER_RULE_MAX})
        return names

    def exclusions(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "bought_items": data["exclude_bought"],
            "messaged_within_hours": data["exclude_messaged_hours"],
            "tags": data["exclude_tags"],
        }


class ApproveForm(forms.Form):
    # Only the value the approve button submits counts as an approval.
    approved = forms.ChoiceField(choices=[("true", "true")], required=False)
    recipient_count_seen = forms.IntegerField(min_value=0)
    override_reason = forms.CharField(label=_("Reason to send anyway"), required=False, max_length=500)


class ScheduleEditForm(forms.Form):
    text = forms.CharField(label=_("Message"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4}))
    price = _price_field()
    send_at = forms.DateTimeField(
        label=_("Send at"),
        input_formats=[LOCAL_FORMAT],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_FORMAT),
    )
    idempotency_key = forms.CharField(max_length=80, widget=forms.HiddenInput)
    override_reason = forms.CharField(label=_("Reason to send anyway"), required=False, max_length=500)
    approved = forms.ChoiceField(choices=[("true", "true")], required=False)


class SequenceForm(forms.Form):
    """One sequence: its kind, on or off, and (win-back, no-reply) the steps' delays and texts.
    A welcome series without texts takes the niche preset's seven days."""

    kind = forms.ChoiceField(choices=SequenceKind.choices)
    active = forms.BooleanField(label=_("Active"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for index in range(STEPS_MAX):
            self.fields[f"delay_{index}"] = forms.IntegerField(
                label=_("Hours after"), required=False, min_value=0, max_value=DELAY_HOURS_MAX
            )
            self.fields[f"text_{index}"] = forms.CharField(
                label=_("Message"),
                required=False,
                max_length=TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def steps(self) -> list[dict[str, Any]] | None:
        """The filled-in steps in order, or ``None`` when none was (the preset's welcome series)."""
        steps = []
        for index in range(STEPS_MAX):
            text, delay = self.cleaned_data.get(f"text_{index}", ""), self.cleaned_data.get(f"delay_{index}")
            if text.strip() or delay is not None:
                steps.append({"delay_hours": delay, "text": text})
        return steps or None


class IdsField(forms.Field):
    """Several row ids (checkboxes of one name)."""

    widget = forms.SelectMultiple

    def to_python(self, value: list[str] | None) -> list[int]:
        try:
            return [int(item) for item in value or ()]
        except (TypeError, ValueError):
            raise forms.ValidationError(_("Pick drafts from the list.")) from None


class DraftsForm(forms.Form):
    draft_ids = IdsField(required=False)
    approved = forms.ChoiceField(choices=[("true", "true")], required=False)
    text = forms.CharField(required=False, max_length=TEXT_MAX, strip=False)
    override_reason = forms.CharField(label=_("Reason to send anyway"), required=False, max_length=500)

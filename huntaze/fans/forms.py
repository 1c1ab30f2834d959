"""Dashboard input of the fans pages: the list's filters and the bulk tagging form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from huntaze.core.money import dollars_to_cents
from huntaze.core.pagination import PK_MAX
from huntaze.fans.choices import SubscriptionStatus
from huntaze.fans.selectors import FanFilters
from huntaze.fans.services import TAG_MAX_LENGTH
from huntaze.web.lists import SortableListForm

SEARCH_MAX_LENGTH = 100
SPEND_MAX_DOLLARS = 10_000_000


class FanFilterForm(SortableListForm):
    """The fans list's GET parameters; an empty form is the default view (top spenders first)."""

    SORTS = {
        "name": (_("Fan"), "asc"),
        "spend": (_("Spend"), "desc"),
        "subscribed": (_("Subscribed"), "desc"),
        "last_seen": (_("Last seen"), "desc"),
    }
    DEFAULT_SORT = "spend"

    q = forms.CharField(
        label=_("Search name or username"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(
        label=_("Subscription"), required=False, choices=[("", _("Any")), *SubscriptionStatus.choices]
    )
    tag = forms.CharField(
        label=_("Tag"),
        required=False,
        max_length=TAG_MAX_LENGTH,
        widget=forms.TextInput(attrs={"list": "fan-tags"}),
    )
    spend_min = forms.DecimalField(
        label=_("Spent at least ($)"),
        required=False,
        min_value=0,
        max_value=SPEND_MAX_DOLLARS,
        decimal_places=2,
    )

    segment = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)

    def filters(self) -> FanFilters:
        """The filters of ``fan_page``/``fan_csv_rows``, from the valid form."""
        data = self.cleaned_data
        spend_min = data.get("spend_min")
        return FanFilters(
            status=data.get("status") or None,
            tag=data.get("tag") or None,
            search=data.get("q") or None,
            spend_min_cents=None if spend_min is None else dollars_to_cents(spend_min),
            segment_id=data.get("segment"),
        )


class FanIdsField(forms.Field):
    """Repeated ``fan`` values from the table's checkboxes, as ids."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": _("A selected fan is not valid: reload the page.")}

    def to_python(self, value: Any) -> list[int]:
        try:
            ids = [int(item) for item in value or ()]
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if any(not 0 < pk <= PK_MAX for pk in ids):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return ids


class FanBulkTagForm(forms.Form):
    """Add or remove one tag on the checked fans; ``next`` is the list's query string to go back to."""

    fan = FanIdsField(required=False)
    tag = forms.CharField(label=_("Tag"), max_length=TAG_MAX_LENGTH)
    action = forms.ChoiceField(choices=[("add", _("Add tag")), ("remove", _("Remove tag"))])
    next = forms.CharField(required=False, max_length=1000)

    def list_query(self) -> str:
        """The list's query string, only with the list's own keys (never a free URL)."""
        raw = QueryDict(self.cleaned_data.get("next", ""))
        return FanFilterForm(raw).query()

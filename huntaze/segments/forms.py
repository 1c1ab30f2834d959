"""Dashboard input of the segments page: the built-in rule kinds as one form, all rules ANDed.

OR groups exist in the API only (``rules.AnyGroup``); the page keeps to what a form says plainly.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from huntaze.core.exceptions import HuntazeError
from huntaze.core.money import cents_to_dollars, dollars_to_cents
from huntaze.fans.services import TAG_MAX_LENGTH
from huntaze.segments.choices import SpendTier, TagMatch
from huntaze.segments.models import NAME_MAX_LENGTH
from huntaze.segments.rules import DAYS_MAX, SPEND_MAX_CENTS, TAGS_PER_RULE_MAX, Definition
from huntaze.segments.selectors import PpvItem, definition_parse
from huntaze.web.templatetags.money import cents

ANY = [("", _("Any"))]


def _days(label: str) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=1, max_value=DAYS_MAX)


class SegmentRulesForm(forms.Form):
    """The rules part, also what the live preview reads. ``items`` and ``tiers`` are the
    account's choosable PPV items and spend tier minimums (cents)."""

    new_days = _days(_("New: subscribed in the last … days"))
    expiring_days = _days(_("Expiring: subscription ends within … days"))
    expired = forms.BooleanField(label=_("Subscription expired"), required=False)
    renew = forms.ChoiceField(
        label=_("Auto-renew"),
        required=False,
        choices=[*ANY, ("on", _("Auto-renew on")), ("off", _("Auto-renew off"))],
    )
    spend_tier = forms.ChoiceField(label=_("Spend tier"), required=False)
    no_spender = forms.BooleanField(label=_("Never spent anything"), required=False)
    whales_percent = forms.DecimalField(
        label=_("Whales: top % of spenders"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=100,
        decimal_places=2,
    )
    whales_min = forms.DecimalField(
        label=_("Whales: spent at least ($)"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=cents_to_dollars(SPEND_MAX_CENTS),
        decimal_places=2,
    )
    bought = forms.ChoiceField(label=_("Bought this PPV"), required=False)
    never_bought = forms.ChoiceField(label=_("Never bought this PPV"), required=False)
    silent_days = _days(_("Silent: no message from the fan in the last … days"))
    tag_match = forms.ChoiceField(label=_("Tags rule"), choices=TagMatch.choices, initial=TagMatch.ANY)
    tags = forms.CharField(
        label=_("Tags (comma-separated)"),
        required=False,
        max_length=TAGS_PER_RULE_MAX * (TAG_MAX_LENGTH + 2),
    )

    def __init__(
        self, *args: Any, items: Sequence[PpvItem] = (), tiers: dict[str, int] | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        item_choices = [(item.key, _item_label(item)) for item in items]
        self.fields["bought"].choices = [*ANY, *item_choices]
        self.fields["never_bought"].choices = [*ANY, *item_choices]
        self.fields["spend_tier"].choices = [*ANY, *_tier_choices(tiers or {})]

    def clean_tags(self) -> list[str]:
        names = sorted(
            {name.strip().lower() for name in self.cleaned_data["tags"].split(",") if name.strip()}
        )
        if len(names) > TAGS_PER_RULE_MAX:
            raise forms.ValidationError(_("At most %(max)d tags.") % {"max": TAGS_PER_RULE_MAX})
        if any(len(name) > TAG_MAX_LENGTH for name in names):
            raise forms.ValidationError(_("A tag has at most %(max)d characters.") % {"max": TAG_MAX_LENGTH})
        return names

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("whales_percent") is not None and data.get("whales_min") is not None:
            self.add_error("whales_min", _("Choose a top percentage or a minimum, not both."))
        if self.errors:
            return data
        rules = self._rules(data)
        if not rules:
            raise forms.ValidationError(_("Choose at least one rule."), code="no_rule")
        try:
            data["definition"] = definition_parse({"rules": rules})
        except HuntazeError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from None
        return data

    def definition(self) -> Definition:
        return self.cleaned_data["definition"]

    @staticmethod
    def _rules(data: dict[str, Any]) -> list[dict[str, Any]]:
        rules: list[dict[str, Any]] = []
        for kind, field in (("new", "new_days"), ("expiring", "expiring_days"), ("silent", "silent_days")):
            if data.get(field) is not None:
                rules.append({"kind": kind, "days": data[field]})
        if data.get("expired"):
            rules.append({"kind": "expired"})
        if data.get("renew"):
            rules.append({"kind": "renew", "on": data["renew"] == "on"})
        if data.get("spend_tier"):
            rules.append({"kind": "spend_tier", "tier": data["spend_tier"]})
        if data.get("no_spender"):
            rules.append({"kind": "no_spender"})
        if data.get("whales_percent") is not None:
            rules.append({"kind": "whales", "top_percent": float(data["whales_percent"])})
        if data.get("whales_min") is not None:
            rules.append({"kind": "whales", "min_cents": dollars_to_cents(data["whales_min"])})
        for kind in ("bought", "never_bought"):
            if data.get(kind):
                rules.append({"kind": kind, "item": data[kind]})
        if data.get("tags"):
            rules.append({"kind": "tags", "match": data["tag_match"], "tags": data["tags"]})
        return rules


class SegmentForm(SegmentRulesForm):
    """A new segment: a name and its rules."""

    name = forms.CharField(label=_("Name"), max_length=NAME_MAX_LENGTH)

    field_order = ["name"]


def _item_label(item: PpvItem) -> str:
    kind = _("Mass PPV") if item.key.startswith("queue:") else _("PPV")
    text = item.text[:60] + ("…" if len(item.text) > 60 else "")
    day = date_format(timezone.localtime(item.sent_at), "SHORT_DATE_FORMAT")
    return " · ".join(part for part in (str(kind), cents(item.price_cents), day, text) if part)


def _tier_choices(tiers: dict[str, int]) -> list[tuple[str, str]]:
    order = list(SpendTier.values)
    choices = []
    for index, tier in enumerate(order):
        if tier not in tiers:
            continue
        low = cents(tiers[tier])
        label = SpendTier(tier).label
        if index + 1 < len(order) and order[index + 1] in tiers:
            high = cents(tiers[order[index + 1]] - 1)
            choices.append(
                (tier, _("%(tier)s: %(low)s to %(high)s") % {"tier": label, "low": low, "high": high})
            )
        else:
            choices.append((tier, _("%(tier)s: %(low)s and more") % {"tier": label, "low": low}))
    return choices
